using Vern.Domain.Cases;
using Vern.Storage;
using Vern.Storage.Sqlite;

namespace Vern.Application.Tests;

/// <summary>In the web host an app lives for one request, and its kept structures (the lookup's view, the open duties, the per-change
/// values) share one reading of the change feed's committed cursor (issue 16, speed: the worklist page read it once for its duties
/// and once more for its register gaps). Real SQLite file; the store is the real event store, counted by a pass-through.</summary>
public sealed class RequestFeedTests : IAsyncLifetime
{
    private readonly AppFixture _f = new();
    private readonly CaseLookup _lookup = new();
    private readonly List<IDisposable> _opened = [];
    private static readonly DateOnly Today = new(2024, 6, 1);

    public async Task InitializeAsync() => await _f.SeedAsync();

    public Task DisposeAsync()
    {
        foreach (var d in _opened)
            d.Dispose();
        _f.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>One request's app, as the web host makes it: on the test's database, with the host's lookup, its store counted.</summary>
    private (VernApp App, CountingStore Store) Request()
    {
        var db = SqliteDatabase.Open(_f.DbPath, clock: _f.Clock);
        var users = SqliteUserStore.Open(_f.DbPath);
        var log = SqliteAccessLog.Open(_f.DbPath);
        var store = new CountingStore(db.Events);
        var app = new VernApp(store, users, users, log, Vern.Tests.TestReference.CodeLists.Value, _f.Clock,
            new FeatureStores(() => db.DeadlineIndex, () => db.Staff, () => db.Deliveries, () => db.Reporters, () => db.Statistics));
        app.UseCaseLookup(_lookup);
        _opened.AddRange([app, db, users, log]);
        return (app, store);
    }

    /// <summary>The worklist page's reads (<see cref="VernApp.WorklistPageAsync"/>): the cases of the worklists and of the register gaps.</summary>
    private static async Task<(IReadOnlyList<CaseId> Worklist, IReadOnlyList<CaseId> Gaps)> WorklistPage(VernApp app, Actor actor)
    {
        var page = await app.WorklistPageAsync(actor, Today, "arbeidsliste");
        return ([.. page.Lists.SelectMany(l => l.Items).Select(o => o.Case.Id).Distinct()], [.. page.Gaps.Select(g => g.CaseId)]);
    }

    [Fact]
    public async Task TheWorklistPage_ReadsTheCursorOnce_ForItsDutiesAndItsRegisterGaps()
    {
        var leader = await _f.App.ActorAsync("leder-a");
        await WorklistPage(Request().App, leader); // the first request builds the lookup and the duties
        var (app, store) = Request();
        var before = store.CursorReads;
        var (worklist, _) = await WorklistPage(app, leader);
        Assert.Equal(1, store.CursorReads - before);
        Assert.Contains(_f.Own, worklist);
    }

    [Fact]
    public async Task AChangeByAnotherRequest_ShowsOnTheNextRequest()
    {
        var leader = await _f.App.ActorAsync("leder-a");
        var (first, _) = await WorklistPage(Request().App, leader);
        Assert.DoesNotContain(first, id => id != _f.Own && id != _f.SameService);

        // Another request opens a case with a report of concern (barnevernsloven § 2-1: the review is due a week after it was received).
        var writer = Request().App;
        var opened = (await writer.OpenCaseAsync(leader, AppFixture.Open("4601", "2024/7"))).State.Id;
        await writer.RecordAsync(leader, opened, new ReceiveReport(new DateOnly(2024, 5, 30), [new CodedValue("11")], [new CodedValue("8")]));

        var (next, _) = await WorklistPage(Request().App, leader);
        Assert.Contains(opened, next);
    }

    [Fact]
    public async Task ARequestsOwnWrite_ShowsOnItsNextRead()
    {
        var leader = await _f.App.ActorAsync("leder-a");
        var (app, _) = Request();
        await WorklistPage(app, leader);
        var opened = (await app.OpenCaseAsync(leader, AppFixture.Open("4601", "2024/8"))).State.Id;
        await app.RecordAsync(leader, opened, new ReceiveReport(new DateOnly(2024, 5, 30), [new CodedValue("11")], [new CodedValue("8")]));
        var (worklist, _) = await WorklistPage(app, leader); // the cursor is read again after the write
        Assert.Contains(opened, worklist);
    }

    /// <summary>The page's two reads wait for their rows together, but each is still its own row, with its operation and case ids,
    /// stored before the page has its answer.</summary>
    [Fact]
    public async Task EveryReadOfTheRequest_IsStillLogged_WithItsCases()
    {
        var caseworker = await _f.App.ActorAsync("sb-a");
        await WorklistPage(Request().App, caseworker);
        await WorklistPage(Request().App, caseworker);
        var leader = await _f.App.ActorAsync("leder-a");
        var rows = (await _f.App.CaseAccessAsync(leader, _f.Own, "test")).Where(r => r.ActorId == "sb-a").ToList();
        Assert.Equal(2, rows.Count(r => r.Operation == VernApp.OperationName(Operation.Worklist)));
        Assert.Equal(2, rows.Count(r => r.Operation == VernApp.OperationName(Operation.RegisterCheck)));
        // A colleague's case is in neither (the caseworker sees only their own cases).
        Assert.DoesNotContain(await _f.App.CaseAccessAsync(leader, _f.SameService, "test"), r => r.ActorId == "sb-a");
    }

    [Fact]
    public async Task TheHostsCursor_DoesNotGoBack_ForAnOvertakenRead_ButFollowsARestoredDatabase()
    {
        var cursor = new CommittedCursor();
        var ahead = new InMemoryEventStore();
        var behind = new InMemoryEventStore();
        foreach (var (store, cases) in new[] { (ahead, 2), (behind, 1) })
            for (var i = 0; i < cases; i++)
                await new CaseService(store, Vern.Tests.TestReference.CodeLists.Value, _f.Clock)
                    .ExecuteAsync(new CaseId(Guid.NewGuid()), AppFixture.Open("4601", $"2024/{i}"), "test");
        var high = await cursor.ReadAsync(ahead);
        Assert.True(high > await behind.CommittedAsync());

        // A reading below the highest is read again; a store still behind it went back (a restored database), and the host follows.
        var restored = await cursor.ReadAsync(behind);
        Assert.Equal(await behind.CommittedAsync(), restored);
        Assert.Equal(restored, cursor.Highest);
        Assert.Equal(high, await cursor.ReadAsync(ahead));
        Assert.Equal(high, cursor.Highest);
    }
}
