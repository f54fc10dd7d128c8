using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vern.Domain.Cases;

namespace Vern.Storage;

/// <summary>One difference <see cref="StoreVerifier"/> found: the case, the event version when one event is to blame
/// (null for the case as a whole), what kind of difference, and a message in bokmål.</summary>
public sealed record VerifyFinding(CaseId CaseId, long? Version, VerifyFindingKind Kind, string Message);

public enum VerifyFindingKind
{
    /// <summary>An event's stored hash is not the hash of its content and the previous hash: it was changed after it was written.</summary>
    HashMismatch,
    /// <summary>An event has no hash (written outside Vern, or the hash was removed).</summary>
    HashMissing,
    /// <summary>The stream's versions are not 1, 2, 3, … (an event removed or inserted).</summary>
    VersionGap,
    /// <summary>An event's payload is not a readable event of its type.</summary>
    Unreadable,
    /// <summary>Replaying the stream does not give the stored snapshot.</summary>
    SnapshotMismatch,
    /// <summary>A snapshot with no events, or events with no snapshot.</summary>
    Orphan,
}

/// <summary>What <see cref="StoreVerifier.VerifyAsync"/> saw: cases and events checked, the differences, and a digest
/// of every chain's head — write it down somewhere else (a ticket, a signed mail): a later digest that differs for the
/// same history shows that someone rewrote whole chains and snapshots, which the chains alone cannot show.</summary>
public sealed record VerifyReport(long Cases, long Events, IReadOnlyList<VerifyFinding> Findings, string Digest)
{
    public bool Ok => Findings.Count == 0;
}

/// <summary>Tamper check (vern verify): recomputes every stream's hash chain (<see cref="EventHash"/>) and replays every
/// stream against its stored snapshot. Reads through <see cref="IEventAudit"/>, so it works on any engine's store.</summary>
/// <remarks>The append-only triggers stop mistakes, not an attacker with the database file: they can be dropped. What
/// such an attacker cannot do is change an event without this check naming it, unless they rewrite the rest of its
/// chain and the snapshot too — which <see cref="VerifyReport.Digest"/>, kept outside the database, reveals.</remarks>
public static class StoreVerifier
{
    /// <summary>Stops collecting findings after this many (the counts still cover everything).</summary>
    public const int MaxFindings = 10_000;

    public static async Task<VerifyReport> VerifyAsync(IEventAudit store, CancellationToken cancellationToken = default)
    {
        var findings = new List<VerifyFinding>();
        void Add(VerifyFinding f)
        {
            if (findings.Count < MaxFindings) findings.Add(f);
        }
        long cases = 0, events = 0;
        using var heads = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        await using var snapshots = store.ReadAllSnapshotsAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        var hasSnapshot = await snapshots.MoveNextAsync();

        CaseId? current = null;
        var stream = new List<StoredEvent>();

        async Task Finish()
        {
            if (current is not { } id) return;
            cases++;
            // Snapshots are ordered like the events (by case id text); those before this case have no events.
            while (hasSnapshot && string.CompareOrdinal(snapshots.Current.CaseId.ToString(), id.ToString()) < 0)
            {
                Add(new VerifyFinding(snapshots.Current.CaseId, null, VerifyFindingKind.Orphan, "Saken har et øyeblikksbilde, men ingen hendelser."));
                hasSnapshot = await snapshots.MoveNextAsync();
            }
            string? snapshot = null;
            if (hasSnapshot && snapshots.Current.CaseId == id)
            {
                snapshot = snapshots.Current.StateJson;
                hasSnapshot = await snapshots.MoveNextAsync();
            }
            CheckStream(id, stream, snapshot, Add);
            heads.AppendData(Encoding.UTF8.GetBytes($"{id}:{stream[^1].Version}:{stream[^1].Hash}\n"));
            stream.Clear();
        }

        await foreach (var e in store.ReadAllStoredAsync(cancellationToken))
        {
            if (current != e.CaseId)
            {
                await Finish();
                current = e.CaseId;
            }
            stream.Add(e);
            events++;
        }
        await Finish();
        while (hasSnapshot)
        {
            Add(new VerifyFinding(snapshots.Current.CaseId, null, VerifyFindingKind.Orphan, "Saken har et øyeblikksbilde, men ingen hendelser."));
            hasSnapshot = await snapshots.MoveNextAsync();
        }
        return new VerifyReport(cases, events, findings, Convert.ToHexStringLower(heads.GetHashAndReset()));
    }

    private static void CheckStream(CaseId id, List<StoredEvent> stream, string? snapshot, Action<VerifyFinding> add)
    {
        string? previous = null;
        var replayable = true;
        var facts = new List<CaseEvent>(stream.Count);
        for (var i = 0; i < stream.Count; i++)
        {
            var e = stream[i];
            if (e.Version != i + 1)
            {
                add(new VerifyFinding(id, e.Version, VerifyFindingKind.VersionGap, $"Versjon {e.Version} står på plass {i + 1}: en hendelse er fjernet eller satt inn."));
                replayable = false;
            }
            if (e.Hash is null)
                add(new VerifyFinding(id, e.Version, VerifyFindingKind.HashMissing, $"Hendelse versjon {e.Version} mangler hash."));
            else if (EventHash.Compute(e, previous) != e.Hash)
                add(new VerifyFinding(id, e.Version, VerifyFindingKind.HashMismatch,
                    $"Hendelse versjon {e.Version} ({e.Type}) er endret etter at den ble skrevet: hashen stemmer ikke med innholdet og kjeden."));
            previous = e.Hash;
            try
            {
                facts.Add(JsonSerializer.Deserialize<CaseEvent>(e.PayloadJson, CaseJson.Options)
                    ?? throw new JsonException("tom hendelse"));
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException)
            {
                add(new VerifyFinding(id, e.Version, VerifyFindingKind.Unreadable, $"Hendelse versjon {e.Version} kan ikke leses: {ex.Message}"));
                replayable = false;
            }
        }
        if (snapshot is null)
        {
            add(new VerifyFinding(id, null, VerifyFindingKind.Orphan, "Saken har hendelser, men intet øyeblikksbilde."));
            return;
        }
        if (!replayable)
            return;
        string replayed;
        try
        {
            replayed = JsonSerializer.Serialize(CaseProjection.Replay(id, facts), CaseJson.Options);
        }
        catch (InvalidOperationException ex)
        {
            add(new VerifyFinding(id, null, VerifyFindingKind.SnapshotMismatch, $"Hendelsene kan ikke spilles av: {ex.Message}"));
            return;
        }
        string stored;
        try
        {
            stored = JsonSerializer.Serialize(CaseJson.ReadState(snapshot), CaseJson.Options);
        }
        catch (JsonException ex)
        {
            add(new VerifyFinding(id, null, VerifyFindingKind.SnapshotMismatch, $"Øyeblikksbildet kan ikke leses: {ex.Message}"));
            return;
        }
        if (stored != replayed)
            add(new VerifyFinding(id, null, VerifyFindingKind.SnapshotMismatch,
                "Øyeblikksbildet er ikke det hendelsene gir når de spilles av på nytt."));
    }
}
