using System.Text.Json;
using Vern.Domain.Cases;
using Vern.Domain.Validation;

namespace Vern.Storage;

/// <summary>A case's full history as JSON (format "vern-case/1"): every event with version, who and when.
/// Import replays the history through the domain's rules (<see cref="CaseReplay"/> turns each event back into the
/// command that records it, and <see cref="CaseService.Decide"/> decides it under today's rules): a history that
/// breaks a rule stores nothing. The importer and the import's instant are the new events' recorder; the original
/// recorder and instant of each event are kept in <see cref="CaseEvent.ImportedFrom"/>.</summary>
public static class CaseTransfer
{
    public const string Format = "vern-case/1";

    /// <summary>Largest document accepted, checked before it is read (a case of thousands of events is well below).</summary>
    public const long MaxDocumentBytes = 50_000_000;

    /// <summary>The document written by <see cref="ExportAsync"/>.</summary>
    public sealed record CaseDocument(string Format, CaseId CaseId, IReadOnlyList<RecordedEvent> Events);

    public static async Task<string> ExportAsync(IEventLog log, CaseId caseId, CancellationToken cancellationToken = default)
    {
        var events = await log.ReadStreamAsync(caseId, cancellationToken);
        if (events.Count == 0)
            throw new ArgumentException($"Saken {caseId} finnes ikke.");
        return JsonSerializer.Serialize(new CaseDocument(Format, caseId, events), CaseJson.Indented);
    }

    /// <summary>Imports a document as a new case, recorded by <paramref name="user"/> now. Throws
    /// <see cref="FormatException"/> for a malformed document and <see cref="DomainRuleException"/> (with each
    /// field path prefixed by <c>events[i].</c>) for a rule broken; either way nothing is stored.</summary>
    /// <param name="role">The importer's role, recorded on every event (issue 15); the original recorder is kept as provenance.</param>
    public static async Task<CaseState> ImportAsync(CaseService cases, string json, string user, string? role = null, CancellationToken cancellationToken = default)
    {
        var doc = Read(json);
        if (await cases.Snapshots.LoadStateAsync(doc.CaseId, cancellationToken) is not null)
            throw new ArgumentException($"Saken {doc.CaseId} finnes allerede i databasen.");

        CaseState? state = null;
        var at = cases.Clock.GetUtcNow();
        var pending = new List<PendingEvent>(doc.Events.Count);
        for (int i = 0; i < doc.Events.Count; i++)
        {
            var original = doc.Events[i];
            var fact = original.Event with { ImportedFrom = null };
            IReadOnlyList<CaseEvent> decided;
            try
            {
                (decided, state) = cases.Decide(state, doc.CaseId, CaseReplay.CommandFor(fact));
            }
            catch (DomainRuleException e)
            {
                throw new DomainRuleException([.. e.Issues.Select(issue => issue with { Path = $"events[{i}].{issue.Path}", Message = $"events[{i}]: {issue.Message}" })]);
            }
            if (decided.Count != 1 || !SameFact(decided[0], fact))
                throw new FormatException($"events[{i}]: reglene gir ikke samme hendelse som filen ({CaseJson.Discriminator(fact)}); historikken er ikke laget av Vern.");
            var provenance = original.Event.ImportedFrom ?? new Provenance(original.RecordedBy, original.RecordedAt);
            pending.Add(new PendingEvent(decided[0] with { ImportedFrom = provenance }, user, at, role));
        }
        await cases.Log.AppendAsync([new CaseAppend(doc.CaseId, 0, pending, state!)], cancellationToken);
        return state!;
    }

    private static CaseDocument Read(string json)
    {
        CaseDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize<CaseDocument>(json, CaseJson.Strict);
        }
        catch (NotSupportedException e)
        {
            // An event without its "type" (or with an unknown one) cannot be read as any event.
            throw new FormatException($"En hendelse mangler «type» eller har en ukjent type: {e.Message}", e);
        }
        if (doc is null)
            throw new FormatException("Filen er tom.");
        if (doc.Format != Format)
            throw new FormatException($"format: forventet «{Format}», fant «{doc.Format}».");
        if (doc.Events is null || doc.Events.Count == 0)
            throw new FormatException("events: saken har ingen hendelser.");
        for (int i = 0; i < doc.Events.Count; i++)
        {
            var e = doc.Events[i];
            if (e.CaseId != doc.CaseId)
                throw new FormatException($"events[{i}].caseId: {e.CaseId} tilhører ikke saken {doc.CaseId}.");
            if (e.Version != i + 1)
                throw new FormatException($"events[{i}].version: forventet {i + 1}, fant {e.Version}; historikken må være komplett og i rekkefølge.");
            if (string.IsNullOrWhiteSpace(e.RecordedBy))
                throw new FormatException($"events[{i}].recordedBy må fylles ut.");
        }
        return doc;
    }

    /// <summary>The same fact, compared as stored (JSON), with lists that older histories left out read as empty.</summary>
    private static bool SameFact(CaseEvent decided, CaseEvent original)
    {
        if (original is MeasureStarted { ComparedWith: null } m)
            original = m with { ComparedWith = [] };
        return JsonSerializer.Serialize(decided, CaseJson.Options) == JsonSerializer.Serialize(original, CaseJson.Options);
    }
}
