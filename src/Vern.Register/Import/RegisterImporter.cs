using System.IO.Compression;
using System.Runtime.CompilerServices;
using Vern.Domain.Cases;
using Vern.Domain.Validation;
using Vern.Register.Mapping;
using Vern.Storage;
using Vern.Register.Xml;

namespace Vern.Register.Import;

/// <summary>What happened to one file of an import.</summary>
/// <param name="File">The file name (for a zip: "archive.zip!entry.xml").</param>
/// <param name="CaseId">Sak/@Id, when the file could be read.</param>
/// <param name="Imported">True when the case was stored; false when anything in it was refused (then nothing was stored).</param>
/// <param name="Events">Number of events stored.</param>
public sealed record ImportOutcome(string File, string? CaseId, string? JournalNumber, bool Imported, int Events, IReadOnlyList<ValidationIssue> Issues);

/// <summary>Loads register files (Barnevern_v4.xsd) into Vern: a municipality moving from another system keeps its
/// history. Each file is one case. Its commands are decided one by one against the case's state with
/// <see cref="CaseService.Decide"/> — the same rules as <see cref="CaseService.ExecuteAllAsync"/> — so every fact passes the
/// domain's rules, and a case the domain refuses stores nothing; the import goes on with the next file and reports per
/// file. Accepted cases are appended in batches (<see cref="BatchSize"/> cases per transaction, all or nothing per batch),
/// which makes a large migration many times faster than one transaction per case.</summary>
/// <param name="role">The importer's role (issue 15: every event carries the actor's role), e.g. <c>leader</c>.</param>
public sealed class RegisterImporter(CaseService cases, RegisterReadOptions readOptions, string user, TimeProvider clock, string? role = null)
{
    private readonly List<(CaseAppend Append, ImportOutcome Outcome)> _batch = [];
    private readonly HashSet<CaseId> _inBatch = [];
    private readonly HashSet<Model.Avgiver> _reporters = [];

    /// <summary>The Avgiver of every file read so far (distinct): the municipality's real organisation number and name, which
    /// the caller keeps (<see cref="IReporterLog"/>) so that an export never has to make them up.</summary>
    public IReadOnlyCollection<Model.Avgiver> Reporters => _reporters;

    /// <summary>Cases per database transaction.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>Imports a file, every *.xml in a folder (sorted by name), or every *.xml entry of a zip. A refused case's
    /// outcome comes at once; an accepted case's once its batch is stored.</summary>
    public async IAsyncEnumerable<ImportOutcome> ImportPathAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var file in Read(path))
            foreach (var outcome in await AddAsync(file, cancellationToken))
                yield return outcome;
        foreach (var outcome in await FlushAsync(cancellationToken))
            yield return outcome;
    }

    /// <summary>Imports one file and stores it at once.</summary>
    public async Task<ImportOutcome> ImportFileAsync(string file, CancellationToken cancellationToken = default) =>
        (await AddAsync((Path.GetFileName(file), RegisterReader.ReadFile(file, readOptions)), cancellationToken))
            .Concat(await FlushAsync(cancellationToken)).Single();

    private IEnumerable<(string Name, RegisterReadResult Read)> Read(string path)
    {
        if (Directory.Exists(path))
        {
            // Every *.xml under the folder, as validate reads it; named relative to the folder.
            foreach (var file in Directory.EnumerateFiles(path, "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                yield return (Path.GetRelativePath(path, file), RegisterReader.ReadFile(file, readOptions));
        }
        else if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) && File.Exists(path))
        {
            using var zip = ZipFile.OpenRead(path);
            var limit = (readOptions.Limits ?? XmlLimits.Default).MaxFileBytes;
            foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)).OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                // The same size limit as validate, applied before inflating: a zip bomb stops at the limit.
                var bytes = RegisterValidation.ReadBounded(entry, limit, out var unreadable);
                var name = $"{Path.GetFileName(path)}!{entry.FullName}";
                yield return bytes is null
                    ? (name, new RegisterReadResult(null, [unreadable ?? RegisterValidation.TooLarge(entry.Length, limit)]))
                    : (name, RegisterReader.Read(new MemoryStream(bytes, writable: false), readOptions));
            }
        }
        else if (File.Exists(path))
        {
            yield return (Path.GetFileName(path), RegisterReader.ReadFile(path, readOptions));
        }
        else
        {
            throw new FileNotFoundException($"Fant ingen fil, mappe eller zip på {path}.", path);
        }
    }

    /// <summary>Decides one file's case; a refusal is returned at once, an accepted case joins the batch (and a full
    /// batch is stored, returning its outcomes).</summary>
    private async Task<List<ImportOutcome>> AddAsync((string Name, RegisterReadResult Read) file, CancellationToken cancellationToken)
    {
        var (name, read) = file;
        if (read.IsFatal || read.Document is null)
        {
            var first = read.Issues.FirstOrDefault(i => i.Severity == Severity.Fatal)?.Message ?? "ukjent feil";
            return [new ImportOutcome(name, read.Document?.Case.Id, read.Document?.Case.Journalnummer, false, 0,
                [MappingCodes.Issue(MappingCodes.FileRejected, "", ("melding", first)), .. read.Issues])];
        }

        var sak = read.Document.Case;
        _reporters.Add(read.Document.File.Avgiver);
        if (sak.ErSlettet == true)
            return [new ImportOutcome(name, sak.Id, sak.Journalnummer, false, 0,
                [MappingCodes.Issue(MappingCodes.Normalised, $"Sak[Id={sak.Id}]", ("element", "Sak"), ("hva", "saken er merket ErSlettet og ble ikke importert"))])];

        var avgiver = read.Document.File.Avgiver;
        var plan = RegisterToCommands.Map(sak, avgiver.Kommunenummer, avgiver.Bydelsnummer, avgiver.Bydelsnavn);
        if (!plan.CanImport)
            return [new ImportOutcome(name, sak.Id, sak.Journalnummer, false, 0, plan.Issues)];

        // The same case twice in one import (e.g. two deliveries): store the first before deciding the second.
        var flushed = _inBatch.Contains(plan.CaseId) ? await FlushAsync(cancellationToken) : [];
        var state = await cases.Snapshots.LoadStateAsync(plan.CaseId, cancellationToken);
        var expected = state?.Version ?? 0;
        var pending = new List<PendingEvent>();
        foreach (var step in plan.Steps)
        {
            try
            {
                var (events, next) = cases.Decide(state, plan.CaseId, step.Command, DecisionMode.RegisterImport);
                pending.AddRange(events.Select(e => new PendingEvent(e, user, clock.GetUtcNow(), role)));
                state = next;
            }
            catch (DomainRuleException e)
            {
                // Name the case, the register element and the rule; nothing of this case is stored.
                return [.. flushed, new ImportOutcome(name, sak.Id, sak.Journalnummer, false, 0,
                    [.. plan.Issues, .. e.Issues.Select(i => i with { Path = $"{step.Path}: {i.Path}" })])];
            }
        }

        _batch.Add((new CaseAppend(plan.CaseId, expected, pending, state!), new ImportOutcome(name, sak.Id, sak.Journalnummer, true, pending.Count, plan.Issues)));
        _inBatch.Add(plan.CaseId);
        return _batch.Count >= BatchSize ? [.. flushed, .. await FlushAsync(cancellationToken)] : flushed;
    }

    /// <summary>Stores the batch in one transaction. If another writer got there first (a case id already taken), the
    /// batch is stored case by case so that only the conflicting cases are refused.</summary>
    private async Task<List<ImportOutcome>> FlushAsync(CancellationToken cancellationToken)
    {
        var batch = _batch.ToList();
        _batch.Clear();
        _inBatch.Clear();
        if (batch.Count == 0)
            return [];
        try
        {
            await cases.Log.AppendAsync(batch.Select(b => b.Append).ToList(), cancellationToken);
            return batch.Select(b => b.Outcome).ToList();
        }
        catch (ConcurrencyException)
        {
            var outcomes = new List<ImportOutcome>(batch.Count);
            foreach (var (append, outcome) in batch)
            {
                try
                {
                    await cases.Log.AppendAsync([append], cancellationToken);
                    outcomes.Add(outcome);
                }
                catch (ConcurrencyException e)
                {
                    outcomes.Add(outcome with
                    {
                        Imported = false,
                        Events = 0,
                        Issues = [.. outcome.Issues, MappingCodes.Issue(MappingCodes.Refused, $"Sak[Id={append.CaseId}]",
                            ("element", "Sak"), ("melding", e.Message), ("kilde", "Vern: lagring med forventet versjon"))],
                    });
                }
            }
            return outcomes;
        }
    }
}
