using System.IO.Compression;
using Vern.Domain.Cases;
using Vern.Domain.Validation;
using Vern.Register.Mapping;
using Vern.Register.Model;
using Vern.Storage;

namespace Vern.Register.Import;

/// <summary>What happened to one file of an import.</summary>
/// <param name="File">The file name (for a zip: "archive.zip!entry.xml").</param>
/// <param name="CaseId">Sak/@Id, when the file could be read.</param>
/// <param name="Imported">True when the case was stored; false when anything in it was refused (then nothing was stored).</param>
/// <param name="Events">Number of events stored.</param>
public sealed record ImportOutcome(string File, string? CaseId, string? JournalNumber, bool Imported, int Events, IReadOnlyList<ValidationIssue> Issues);

/// <summary>Loads register files (Barnevern_v4.xsd) into Vern: a municipality moving from another system keeps its
/// history. Each file is one case; each case is imported in one transaction through <see cref="CaseService.ExecuteAll"/>,
/// so every fact passes the domain's rules, and a case the domain refuses stores nothing. The import continues with
/// the next file and reports per file.</summary>
public sealed class RegisterImporter(CaseService cases, RegisterReadOptions readOptions, string user)
{
    /// <summary>Imports a file, every *.xml in a folder (sorted by name), or every *.xml entry of a zip.</summary>
    public IEnumerable<ImportOutcome> ImportPath(string path)
    {
        if (Directory.Exists(path))
        {
            foreach (var file in Directory.EnumerateFiles(path, "*.xml").Order(StringComparer.Ordinal))
                yield return ImportFile(file);
        }
        else if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            using var zip = ZipFile.OpenRead(path);
            foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)).OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                using var stream = entry.Open();
                yield return Import($"{Path.GetFileName(path)}!{entry.FullName}", RegisterReader.Read(stream, readOptions));
            }
        }
        else if (File.Exists(path))
        {
            yield return ImportFile(path);
        }
        else
        {
            throw new FileNotFoundException($"Fant ingen fil, mappe eller zip på {path}.", path);
        }
    }

    public ImportOutcome ImportFile(string file) => Import(Path.GetFileName(file), RegisterReader.ReadFile(file, readOptions));

    /// <summary>Imports one read document.</summary>
    public ImportOutcome Import(string name, RegisterReadResult read)
    {
        if (read.IsFatal || read.Document is null)
        {
            var first = read.Issues.FirstOrDefault(i => i.Severity == Severity.Fatal)?.Message ?? "ukjent feil";
            return new ImportOutcome(name, read.Document?.Case.Id, read.Document?.Case.Journalnummer, false, 0,
                [MappingCodes.Issue(MappingCodes.FileRejected, "", ("melding", first)), .. read.Issues]);
        }
        return Import(name, read.Document);
    }

    /// <summary>Imports one case: map to commands, decide them all, store them in one transaction.</summary>
    public ImportOutcome Import(string name, RegisterDocument document)
    {
        var sak = document.Case;
        if (sak.ErSlettet == true)
            return new ImportOutcome(name, sak.Id, sak.Journalnummer, false, 0,
                [MappingCodes.Issue(MappingCodes.Normalised, $"Sak[Id={sak.Id}]", ("element", "Sak"), ("hva", "saken er merket ErSlettet og ble ikke importert"))]);

        var plan = RegisterToCommands.Map(sak, document.File.Avgiver.Kommunenummer);
        if (!plan.CanImport)
            return new ImportOutcome(name, sak.Id, sak.Journalnummer, false, 0, plan.Issues);

        try
        {
            var state = cases.ExecuteAll(plan.CaseId, plan.Steps.Select(s => s.Command), user);
            return new ImportOutcome(name, sak.Id, sak.Journalnummer, true, (int)state.Version, plan.Issues);
        }
        catch (DomainRuleException)
        {
            return new ImportOutcome(name, sak.Id, sak.Journalnummer, false, 0, [.. plan.Issues, .. Locate(plan)]);
        }
        catch (ConcurrencyException e)
        {
            return new ImportOutcome(name, sak.Id, sak.Journalnummer, false, 0,
                [.. plan.Issues, MappingCodes.Issue(MappingCodes.Refused, $"Sak[Id={sak.Id}]", ("element", "Sak"), ("melding", e.Message), ("kilde", "Vern: lagring"))]);
        }
    }

    /// <summary>Finds the step the domain refused by deciding the steps one by one (without storing), and names
    /// the register element, the field and the rule for each issue.</summary>
    private List<ValidationIssue> Locate(ImportPlan plan)
    {
        CaseState? state = cases.Store.LoadState(plan.CaseId);
        foreach (var step in plan.Steps)
        {
            try
            {
                state = cases.Decide(state, plan.CaseId, step.Command).State;
            }
            catch (DomainRuleException e)
            {
                return e.Issues.Select(i => i with { Path = $"{step.Path}: {i.Path}" }).ToList();
            }
        }
        return [MappingCodes.Issue(MappingCodes.Refused, $"Sak[Id={plan.CaseId}]", ("element", "Sak"), ("melding", "avvist"), ("kilde", "Vern"))];
    }
}
