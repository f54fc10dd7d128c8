using System.Diagnostics;
using Vern.Deadlines.Facts;
using Vern.Storage;

namespace Vern.Deadlines.Index;

/// <summary>Fristindeks: the compact <see cref="CaseFacts"/> of every case, kept through the storage port
/// <see cref="IDeadlineIndexStore"/> so that all duties of a national data set can be computed in memory.</summary>
/// <remarks>
/// <para>Each case is one row (the single-case path writes there); the rows are also kept as one pack per municipality
/// (<see cref="PackAsync"/>). A full load reads the packs, skips the cases that have a newer row, and adds those rows.
/// <see cref="RefreshAsync"/> repacks when many rows have changed.</para>
/// <para><see cref="RefreshAsync"/> re-projects only the cases changed since the feed cursor it last committed
/// (<see cref="IChangeFeed"/>; it never writes the event store). The cursor is the feed's committed cursor, not the
/// highest position seen, so a change whose position was taken earlier but committed later is still picked up; and the
/// store keeps, per case, the row with the highest version, so a state read twice never goes backwards.</para>
/// </remarks>
public sealed class DeadlineIndex(IDeadlineIndexStore store)
{
    /// <summary>Repack when more than this share of the rows has changed since the last pack.</summary>
    public const double RepackShare = 0.05;

    /// <summary>What a refresh did.</summary>
    public sealed record RefreshResult(int Updated, int Total, bool Repacked, TimeSpan Elapsed);

    /// <summary>Brings the index up to date. An empty index, a new codec format or <paramref name="rebuild"/> re-projects
    /// every case; otherwise only the cases the feed reports changed after the last mark. Rows and mark commit together.
    /// Afterwards the packs are rebuilt when there are none or more than <see cref="RepackShare"/> of rows changed.</summary>
    public async Task<RefreshResult> RefreshAsync(ICaseSnapshots snapshots, IChangeFeed feed, bool rebuild = false, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var updated = await CatchUpAsync(snapshots, feed, rebuild, cancellationToken);
        var status = await store.StatusAsync(cancellationToken);
        var repack = await RepackIfDueAsync(status, cancellationToken);
        return new RefreshResult(updated, status.Rows, repack, watch.Elapsed);
    }

    /// <summary>The readers' refresh (before a worklist, deadlines or capacity): as <see cref="RefreshAsync"/>, but when no
    /// case changed it writes nothing and counts nothing, so a read that finds the index current costs the feed's cursor,
    /// the mark and an empty range of the feed. Returns the number of cases re-projected.</summary>
    public async Task<int> CatchUpAsync(ICaseSnapshots snapshots, IChangeFeed feed, CancellationToken cancellationToken = default)
    {
        var updated = await CatchUpAsync(snapshots, feed, rebuild: false, cancellationToken);
        if (updated > 0)
            await RepackIfDueAsync(await store.StatusAsync(cancellationToken), cancellationToken);
        return updated;
    }

    private async Task<int> CatchUpAsync(ICaseSnapshots snapshots, IChangeFeed feed, bool rebuild, CancellationToken cancellationToken)
    {
        var updated = 0;
        var mark = await store.ReadMarkAsync(cancellationToken);
        var upTo = await feed.CommittedAsync(cancellationToken);
        var full = rebuild || mark is null || mark.Format != CaseFactsCodec.FormatVersion || mark.Cursor > upTo; // a cursor ahead of the store: another database was copied in
        // The cursor can move with no case changed (on PostgreSQL every transaction moves it, the readers' own access-log rows
        // included): then nothing is begun, read or written, and the next refresh asks about the same range again.
        if (full || upTo > mark!.Cursor && await feed.AnyChangedAsync(mark.Cursor, upTo, cancellationToken))
        {
            using var writer = await store.BeginAsync(replaceAll: full, cancellationToken);
            // States are read after upTo was taken, so a case changed meanwhile is written in its newer state and read
            // again by the next refresh: never stale, at worst projected twice.
            var states = full ? snapshots.ReadStatesAsync(MunicipalityScope.National, cancellationToken) : feed.ReadChangedAsync(mark!.Cursor, upTo, cancellationToken);
            await foreach (var state in states)
            {
                await writer.WriteAsync(Row(CaseFactsProjection.From(state)), cancellationToken);
                updated++;
            }
            await writer.CommitAsync(new DeadlineIndexMark(upTo, CaseFactsCodec.FormatVersion), cancellationToken);
        }
        return updated;
    }

    private async Task<bool> RepackIfDueAsync(DeadlineIndexStatus status, CancellationToken cancellationToken)
    {
        var repack = status.Unpacked > 0 && (status.Packs == 0 || status.Unpacked > status.Rows * RepackShare);
        if (repack) await store.PackAsync(cancellationToken);
        return repack;
    }

    /// <summary>Rewrites the per-municipality packs from the rows.</summary>
    public Task PackAsync(CancellationToken cancellationToken = default) => store.PackAsync(cancellationToken);

    /// <summary>Writes one case's facts (after a change); the single-case path.</summary>
    public Task PutAsync(CaseFacts facts, CancellationToken cancellationToken = default) => store.PutAsync(Row(facts), cancellationToken);

    public async Task<int> CountAsync(CancellationToken cancellationToken = default) => (await store.StatusAsync(cancellationToken)).Rows;

    /// <summary>Reads the facts of every indexed case of the scope, and — with <paramref name="openOn"/> — only the cases
    /// open on that date (opened on or before it, not closed by it): the only cases that can have open duties then. Without
    /// <paramref name="openOn"/> the packs are read and decoded on all cores, with the rows changed since the last pack
    /// taking precedence; with it, the matching rows are selected.</summary>
    public async Task<List<CaseFacts>> LoadAsync(MunicipalityScope scope, DateOnly? openOn = null, CancellationToken cancellationToken = default)
    {
        // Rows not yet in a pack (all rows when openOn filters: the packs carry no dates to filter on).
        var intern = new Dictionary<string, string>();
        var rows = (await store.LoadRowsAsync(scope, openOn, unpackedOnly: openOn is null, cancellationToken))
            .Select(blob => CaseFactsCodec.Decode(blob, intern)).ToList();
        if (openOn is not null)
            return rows;
        var newer = new HashSet<Guid>(rows.Select(f => f.Id.Value));
        var packs = await store.LoadPacksAsync(scope, cancellationToken);
        var decoded = new List<CaseFacts>[packs.Count];
        Parallel.For(0, packs.Count, () => new Dictionary<string, string>(), (i, _, names) =>
        {
            var data = packs[i];
            var list = new List<CaseFacts>();
            for (int pos = 0; pos < data.Length;)
            {
                var length = BitConverter.ToInt32(data, pos);
                var blob = data.AsSpan(pos + 4, length);
                pos += 4 + length;
                if (newer.Count > 0 && newer.Contains(CaseFactsCodec.PeekId(blob))) continue;
                list.Add(CaseFactsCodec.Decode(blob, names));
            }
            decoded[i] = list;
            return names;
        }, _ => { });
        var all = new List<CaseFacts>(decoded.Sum(d => d.Count) + rows.Count);
        foreach (var d in decoded) all.AddRange(d);
        all.AddRange(rows);
        return all;
    }

    private static DeadlineIndexRow Row(CaseFacts facts) =>
        new(facts.Id, facts.MunicipalityNumber, facts.Version, CaseFactsCodec.FormatVersion, facts.OpenedOn, facts.ClosedOn, CaseFactsCodec.Encode(facts));
}
