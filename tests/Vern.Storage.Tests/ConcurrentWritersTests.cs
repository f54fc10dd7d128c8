using Vern.Domain.Cases;
using Vern.Storage.Postgres;
using Vern.Storage.Sqlite;
using Vern.Tests;
using static Vern.Tests.ServiceFixture;

namespace Vern.Storage.Tests;

/// <summary>Many writers at once on both engines (issue 17): on one case, no acknowledged edit is lost and every other is
/// refused with the conflict message; and a derived index that follows the change feed — the way the deadline index does
/// (remember the committed cursor, never the highest position seen) — ends up equal to a full recompute even though commits
/// finish out of order.</summary>
public abstract class ConcurrentWritersTests
{
    protected abstract IEventStore Store { get; }

    /// <summary>A store for one more concurrent client: on SQLite its own connection to the same file (as another process
    /// would have; one SQLite connection serves one thread), on PostgreSQL the shared pooled store.</summary>
    protected abstract IEventStore Client();

    [SkippableFact]
    public async Task ManyWritersOnOneCase_NoLostUpdate_TheConflictIsRefusedWithAClearMessage()
    {
        var id = Ids.NewCaseId();
        await Store.AppendAsync([EventStoreContractTests.OpenAppendFor(id)]);
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<(long Version, string Caseworker)>();
        var refusals = new System.Collections.Concurrent.ConcurrentBag<ConcurrencyException>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var store = Client();
            for (var i = 0; i < 15; i++)
            {
                var state = (await store.LoadStateAsync(id))!;
                var caseworker = $"sb-{w}-{i}";
                try
                {
                    await store.AppendAsync([EventStoreContractTests.NextFor(state, new CaseworkerAssigned(caseworker, D(2024, 1, 11)))]);
                    acknowledged.Add((state.Version + 1, caseworker));
                }
                catch (ConcurrencyException e)
                {
                    refusals.Add(e);
                }
            }
        })));
        var stream = await Store.ReadStreamAsync(id);
        Assert.Equal(1 + acknowledged.Count, stream.Count);
        foreach (var (version, caseworker) in acknowledged)
            Assert.Equal(caseworker, ((CaseworkerAssigned)stream[(int)version - 1].Event).CaseworkerId);
        Assert.Equal(120, acknowledged.Count + refusals.Count);
        Assert.All(refusals, e => Assert.Contains("er endret av noen andre", e.Message));
        Assert.True((await StoreVerifier.VerifyAsync(Store)).Ok);
    }

    [SkippableFact]
    public async Task AFeedFollower_NeverSkipsACase_WhenCommitsFinishOutOfOrder()
    {
        var index = new Dictionary<CaseId, long>();
        var cursor = FeedCursor.Start;
        var feed = Client();
        async Task Follow()
        {
            var upTo = await feed.CommittedAsync();
            await foreach (var s in feed.ReadChangedAsync(cursor, upTo))
                if (!index.TryGetValue(s.Id, out var v) || s.Version >= v)
                    index[s.Id] = s.Version;
            cursor = upTo;
        }
        using var stop = new CancellationTokenSource();
        var follower = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
                await Follow();
        });
        var ids = Enumerable.Range(0, 6).Select(_ => Ids.NewCaseId()).ToArray();
        await Task.WhenAll(ids.Select((id, w) => Task.Run(async () =>
        {
            var store = Client();
            var open = EventStoreContractTests.OpenAppendFor(id, $"2024/{w}");
            await store.AppendAsync([open]);
            var state = open.NewState;
            for (var i = 0; i < 15; i++)
            {
                var next = EventStoreContractTests.NextFor(state, new CaseworkerAssigned($"sb-{w}-{i}", D(2024, 1, 11)));
                await store.AppendAsync([next]);
                state = next.NewState;
                // a new case between edits, from the same writer: many small commits interleaving across writers
                await store.AppendAsync([EventStoreContractTests.OpenAppendFor(Ids.NewCaseId(), $"2024/{w}-{i}")]);
            }
        })));
        await stop.CancelAsync();
        await follower;
        var recomputed = (await Store.ListCasesAsync(MunicipalityScope.National)).ToDictionary(h => h.Id, h => h.Version);
        // On PostgreSQL the committed cursor stops at the cluster's oldest running transaction, so a transaction open in a
        // test running beside this one holds the follower back until it ends: follow until caught up (bounded). What is
        // asserted stays the same: once caught up, no case was skipped and no version is stale.
        await Follow();
        for (var waited = 0; index.Count < recomputed.Count && waited < 300; waited++)
        {
            await Task.Delay(100);
            await Follow();
        }
        Assert.Equal(recomputed.Count, index.Count);
        Assert.All(recomputed, kv => Assert.Equal(kv.Value, index[kv.Key]));
    }
}

public sealed class SqliteConcurrentWritersTests : ConcurrentWritersTests, IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly SqliteEventStore _store;

    public SqliteConcurrentWritersTests() => _store = SqliteEventStore.Open(_db.Path);

    private readonly List<SqliteEventStore> _clients = [];

    protected override IEventStore Store => _store;

    protected override IEventStore Client()
    {
        var client = SqliteEventStore.Open(_db.Path);
        lock (_clients) _clients.Add(client);
        return client;
    }

    public void Dispose()
    {
        foreach (var c in _clients) c.Dispose();
        _store.Dispose();
        _db.Dispose();
    }
}

[Collection(PostgresTestSchema.Collection)]
public sealed class PostgresConcurrentWritersTests : ConcurrentWritersTests, IDisposable
{
    private readonly PostgresTestSchema _pg = new();
    private PostgresDatabase? _db;

    protected override IEventStore Store => (_db ??= PostgresDatabase.OpenAsync(_pg.ConnectionString).GetAwaiter().GetResult()).Events;

    protected override IEventStore Client() => Store;

    public void Dispose()
    {
        _db?.Dispose();
        _pg.Dispose();
    }
}
