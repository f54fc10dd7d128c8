using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Storage;

namespace Vern.Application.Tests;

/// <summary>No lost edit (issue 17, "a conflicting edit is refused with a clear message"): a step recorded at an expected
/// version (a form read earlier, the API's <c>expectedVersion</c>) is appended with that version as the event log's expected
/// version. Before, the layer checked the version, then loaded the case again and appended on whatever it found, so an edit
/// that landed between the check and the append was silently built upon by a decision made without it. The same tests run on
/// SQLite and on PostgreSQL.</summary>
public abstract class LostEditTests : IDisposable
{
    private readonly List<IDisposable> _open = [];

    private FixedClock Clock { get; } = new(new DateTimeOffset(2024, 6, 1, 10, 0, 0, TimeSpan.Zero));

    /// <summary>The <c>--db</c> of a fresh database on the engine under test.</summary>
    protected abstract string Db { get; }

    /// <summary>One more client of the database (its own connection, as another request or process would have).</summary>
    private VernApp Client(bool create = false)
    {
        var app = VernApp.Open(Db, TestReference.CodeLists.Value, Clock, create);
        _open.Add(app);
        return app;
    }

    private async Task<(Actor Leader, CaseId Case)> SeedAsync()
    {
        var app = Client(create: true);
        var root = Actor.From(await app.AddUserAsync(null, "root", "Root", Role.Administrator, null));
        await app.AddUserAsync(root, "leder-a", "Leder A", Role.Leader, "4601");
        var leader = await app.ActorAsync("leder-a");
        var opened = await app.OpenCaseAsync(leader, AppFixture.Open("4601", "2024/1"));
        return (leader, opened.State.Id);
    }

    /// <summary>Two writers read the case at the same version and record at once, round after round: in every round exactly
    /// one is stored, the other gets the conflict message (the web app's 409, the CLI's exit message), and the stored step
    /// is the winner's.</summary>
    [SkippableFact]
    public async Task TwoWritersAtTheSameExpectedVersion_ExactlyOneWins_TheOtherIsRefused()
    {
        var (leader, id) = await SeedAsync();
        var (a, b) = (Client(), Client());
        for (var round = 0; round < 12; round++)
        {
            var version = (await a.CaseVersionAsync(id))!.Value;
            using var start = new Barrier(2);
            var results = await Task.WhenAll(new[] { (App: a, Who: $"sb-a-{round}"), (App: b, Who: $"sb-b-{round}") }.Select(w => Task.Run(async () =>
            {
                start.SignalAndWait();
                try
                {
                    var change = await w.App.RecordAsync(leader, id, new AssignCaseworker(w.Who, new DateOnly(2024, 5, 2)), version);
                    return (w.Who, Change: change, Refused: (ConcurrencyException?)null);
                }
                catch (ConcurrencyException e)
                {
                    return (w.Who, Change: (CaseChange?)null, Refused: e);
                }
            })));
            var won = Assert.Single(results, r => r.Change is not null);
            var lost = Assert.Single(results, r => r.Refused is not null);
            Assert.Contains("er endret av noen andre", lost.Refused!.Message);
            Assert.Contains("Ingenting ble lagret", lost.Refused.Message);
            var state = (await a.ShowCaseAsync(leader, id)).State;
            Assert.Equal(version + 1, state.Version);
            Assert.Equal(won.Who, state.CaseworkerId);
        }
    }

    /// <summary>The interleaving made certain: writer B's edit lands right after writer A's version check has read the case.
    /// A's step was decided without B's edit, so it is refused; B's edit stays the last word.</summary>
    [SkippableFact]
    public async Task AnEditBetweenTheCheckAndTheAppend_IsNotBuiltUpon_TheLaterWriterIsRefused()
    {
        var (leader, id) = await SeedAsync();
        var b = Client();
        var d = VernDatabase.Open(Db, clock: Clock);
        _open.Add(d);
        var gate = new EditAfterFirstRead(d.Events, () => b.RecordAsync(leader, id, new AssignCaseworker("sb-b", new DateOnly(2024, 5, 2)), 1));
        using var a = new VernApp(gate, d.Users, d.Settings, d.AccessLog, TestReference.CodeLists.Value, Clock);

        var refused = await Assert.ThrowsAsync<ConcurrencyException>(() => a.RecordAsync(leader, id, new AssignCaseworker("sb-a", new DateOnly(2024, 5, 2)), 1));
        Assert.Equal((1L, 2L), (refused.Expected, refused.Actual));
        var state = (await b.ShowCaseAsync(leader, id)).State;
        Assert.Equal((2L, "sb-b"), (state.Version, state.CaseworkerId));
        Assert.True((await StoreVerifier.VerifyAsync(d.Events)).Ok);
    }

    public void Dispose()
    {
        for (var i = _open.Count - 1; i >= 0; i--)
            _open[i].Dispose();
        DisposeEngine();
        GC.SuppressFinalize(this);
    }

    protected abstract void DisposeEngine();

    /// <summary>The real store, with one other writer's whole edit run right after the first case read returns: the moment
    /// between a writer's check and its append.</summary>
    private sealed class EditAfterFirstRead(IEventStore inner, Func<Task> edit) : IEventStore
    {
        private int _reads;

        public async Task<CaseState?> LoadStateAsync(CaseId caseId, CancellationToken cancellationToken = default)
        {
            var state = await inner.LoadStateAsync(caseId, cancellationToken);
            if (Interlocked.Increment(ref _reads) == 1)
                await edit();
            return state;
        }

        public Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(CaseId caseId, CancellationToken cancellationToken = default) => inner.ReadStreamAsync(caseId, cancellationToken);
        public Task AppendAsync(IReadOnlyList<CaseAppend> appends, CancellationToken cancellationToken = default) => inner.AppendAsync(appends, cancellationToken);
        public Task<IReadOnlyList<CaseHeader>> ListCasesAsync(MunicipalityScope scope, CancellationToken cancellationToken = default) => inner.ListCasesAsync(scope, cancellationToken);
        public IAsyncEnumerable<CaseState> ReadStatesAsync(MunicipalityScope scope, CancellationToken cancellationToken = default) => inner.ReadStatesAsync(scope, cancellationToken);
        public Task<long> CountEventsAsync(CancellationToken cancellationToken = default) => inner.CountEventsAsync(cancellationToken);
        public Task<FeedCursor> CommittedAsync(CancellationToken cancellationToken = default) => inner.CommittedAsync(cancellationToken);
        public IAsyncEnumerable<CaseState> ReadChangedAsync(FeedCursor after, FeedCursor upTo, CancellationToken cancellationToken = default) => inner.ReadChangedAsync(after, upTo, cancellationToken);
        public Task<bool> AnyChangedAsync(FeedCursor after, FeedCursor upTo, CancellationToken cancellationToken = default) => inner.AnyChangedAsync(after, upTo, cancellationToken);
        public IAsyncEnumerable<StoredEvent> ReadAllStoredAsync(CancellationToken cancellationToken = default) => inner.ReadAllStoredAsync(cancellationToken);
        public IAsyncEnumerable<(CaseId CaseId, string StateJson)> ReadAllSnapshotsAsync(CancellationToken cancellationToken = default) => inner.ReadAllSnapshotsAsync(cancellationToken);
        public void Dispose() { }
    }
}

public sealed class SqliteLostEditTests : LostEditTests
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vern-lost-edit", Guid.NewGuid().ToString("N"));

    public SqliteLostEditTests() => Directory.CreateDirectory(_dir);

    protected override string Db => Path.Combine(_dir, "vern.db");

    protected override void DisposeEngine()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

[Collection(PostgresTestSchema.Collection)]
public sealed class PostgresLostEditTests : LostEditTests
{
    private readonly PostgresTestSchema _pg = new();

    protected override string Db => _pg.ConnectionString;

    protected override void DisposeEngine() => _pg.Dispose();
}
