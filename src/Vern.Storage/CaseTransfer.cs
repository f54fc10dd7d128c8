using System.Text.Json;
using Vern.Domain.Cases;

namespace Vern.Storage;

/// <summary>A case's full history as JSON (format "vern-case/1"): every event with version, who and when.
/// Import stores it as a new case with the same history; events are facts and are not re-decided under
/// today's rules, but the history must replay cleanly and the case must not exist already.</summary>
public static class CaseTransfer
{
    public const string Format = "vern-case/1";

    /// <summary>The document written by <see cref="Export"/>.</summary>
    public sealed record CaseDocument(string Format, CaseId CaseId, IReadOnlyList<RecordedEvent> Events);

    public static string Export(IEventStore store, CaseId caseId)
    {
        var events = store.ReadStream(caseId);
        if (events.Count == 0)
            throw new ArgumentException($"Saken {caseId} finnes ikke.");
        return JsonSerializer.Serialize(new CaseDocument(Format, caseId, events), CaseJson.Indented);
    }

    public static CaseState Import(IEventStore store, string json)
    {
        var doc = JsonSerializer.Deserialize<CaseDocument>(json, CaseJson.Options)
            ?? throw new FormatException("Filen er tom.");
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
        CaseState state;
        try
        {
            state = CaseProjection.Replay(doc.CaseId, doc.Events.Select(e => e.Event))!;
        }
        catch (InvalidOperationException ex)
        {
            throw new FormatException($"Historikken kan ikke spilles av: {ex.Message}", ex);
        }
        if (store.LoadState(doc.CaseId) is not null)
            throw new ArgumentException($"Saken {doc.CaseId} finnes allerede i databasen.");
        store.Append([new CaseAppend(doc.CaseId, 0, doc.Events.Select(e => new PendingEvent(e.Event, e.RecordedBy, e.RecordedAt)).ToList(), state)]);
        return state;
    }
}
