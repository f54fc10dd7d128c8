using System.Diagnostics;
using Vern.Statistics.Definitions;
using Vern.Storage;

namespace Vern.Statistics.Projection;

/// <summary>The statistics projection (issue 19, speed): every case's <see cref="StatisticsFacts"/>, kept through the
/// storage port <see cref="IStatisticsProjectionStore"/> and brought up to date from the change feed, so that a warm run
/// of all indicators reads these compact rows instead of every case's full snapshot.</summary>
/// <remarks>
/// <para><see cref="RefreshAsync"/> re-projects only the cases changed since the feed cursor it last committed
/// (<see cref="IChangeFeed"/>; it never writes the event store), as the deadline index does. The cursor is the feed's
/// committed cursor, not the highest position seen, so a change whose position was taken earlier but committed later is
/// still picked up; and the store keeps, per case, the row with the highest version, so a state read twice never goes
/// backwards.</para>
/// <para>An empty projection, a new <see cref="StatisticsFactsCodec.FormatVersion"/> or a cursor ahead of the store
/// (another database copied in) re-projects every case: the one-off build.</para>
/// <para>A host that refreshes from several places (the web host: its background catch-up and each statistics read) passes
/// one <paramref name="gate"/> per database, so that one refresh runs at a time and the next finds nothing left to do.</para>
/// </remarks>
public sealed class StatisticsProjection(IStatisticsProjectionStore store, ICaseSnapshots snapshots, IChangeFeed feed, SemaphoreSlim? gate = null)
{
    /// <summary>What a refresh did: the cases re-projected, whether it was a full build, and how long it took.</summary>
    public sealed record RefreshResult(int Updated, bool Full, TimeSpan Elapsed);

    /// <summary>Brings the projection up to date (see the remarks); rows and mark commit together.</summary>
    public async Task<RefreshResult> RefreshAsync(bool rebuild = false, CancellationToken cancellationToken = default)
    {
        if (gate is null)
            return await RefreshUngatedAsync(rebuild, cancellationToken);
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await RefreshUngatedAsync(rebuild, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<RefreshResult> RefreshUngatedAsync(bool rebuild, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var mark = await store.ReadMarkAsync(cancellationToken);
        var upTo = await feed.CommittedAsync(cancellationToken);
        var full = rebuild || mark is null || mark.Format != StatisticsFactsCodec.FormatVersion || mark.Cursor > upTo;
        // The cursor can move with no case changed (on PostgreSQL every transaction moves it, the readers' own access-log rows
        // included): then the mark stays and nothing is begun or written, so the background catch-up does not write every few seconds.
        if (!full && (upTo <= mark!.Cursor || !await feed.AnyChangedAsync(mark.Cursor, upTo, cancellationToken)))
            return new RefreshResult(0, false, watch.Elapsed);
        var updated = 0;
        using var writer = await store.BeginAsync(replaceAll: full, cancellationToken);
        // States are read after upTo was taken, so a case changed meanwhile is written in its newer state and read again
        // by the next refresh: never stale, at worst projected twice.
        var states = full ? snapshots.ReadStatesAsync(MunicipalityScope.National, cancellationToken) : feed.ReadChangedAsync(mark!.Cursor, upTo, cancellationToken);
        await foreach (var state in states)
        {
            var facts = StatisticsFacts.From(state);
            await writer.WriteAsync(new StatisticsProjectionRow(facts.Id, facts.MunicipalityNumber, facts.Version, StatisticsFactsCodec.FormatVersion,
                StatisticsFactsCodec.Encode(facts), facts.Bydel), cancellationToken);
            updated++;
        }
        await writer.CommitAsync(new StatisticsProjectionMark(upTo, StatisticsFactsCodec.FormatVersion), cancellationToken);
        return new RefreshResult(updated, full, watch.Elapsed);
    }

    /// <summary>The facts of every case of the scope (the nation, one municipality or one bydel), as last refreshed, decoded
    /// on all cores.</summary>
    public async Task<StatisticsFacts[]> LoadAsync(MunicipalityScope scope, CancellationToken cancellationToken = default)
    {
        var rows = await store.LoadAsync(scope, cancellationToken);
        var facts = new StatisticsFacts[rows.Count];
        // One contiguous chunk per core (not every n-th row: neighbouring slots written by two cores share cache lines).
        var parts = Environment.ProcessorCount;
        Parallel.For(0, parts, part =>
        {
            var intern = new Dictionary<string, string>();
            for (var i = (int)((long)rows.Count * part / parts); i < (int)((long)rows.Count * (part + 1) / parts); i++)
                facts[i] = StatisticsFactsCodec.Decode(rows[i], intern);
        });
        return facts;
    }
}
