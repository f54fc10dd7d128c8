using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Storage;

namespace Vern.Application.Tests;

/// <summary>The web host's <see cref="CaseLookup"/> carries each case's bydel (Barnevern_v4.xsd Avgiver/@Bydelsnummer) and narrows
/// search, the worklist, the deadline list and the register gaps at the lookup (issue 16, speed: no listing of the service per
/// request), to the same answer as the application layer gives without it (issue 15: a bydel is its own service; AccessPolicy with
/// <see cref="MunicipalityScope.Of(string, string?)"/>). Real SQLite file; the lookup follows the store's change feed.</summary>
public sealed class CaseLookupScopeTests : IAsyncLifetime
{
    private readonly AppFixture _f = new(bydel: true);
    private VernApp _web = null!;

    public async Task InitializeAsync()
    {
        await _f.SeedAsync(otherBydel: true);
        // Kravspesifikasjon Undersøkelse Kontroll 21: an investigation concluded with code 1 and no decision is a register gap, on
        // bydel 01's own case and on bydel 02's case.
        var leader = await _f.App.ActorAsync("leder-4601");
        foreach (var id in new[] { _f.Own, _f.OtherBydel })
        {
            var report = (await _f.App.ShowCaseAsync(leader, id, "test")).State.Reports[0].Id;
            var investigation = new EntryId(Guid.NewGuid());
            await _f.App.RecordAsync(leader, id, new OpenInvestigation(report, new DateOnly(2024, 5, 3), investigation));
            await _f.App.RecordAsync(leader, id, new ConcludeInvestigation(investigation, new DateOnly(2024, 5, 20), new CodedValue("1"), [new CodedValue("8")]));
        }
        _web = Request();
    }

    private readonly CaseLookup _lookup = new();
    private readonly List<VernApp> _requests = [];

    /// <summary>An app for one request, as the web host makes it (one per request, sharing the host's lookup): its kept structures
    /// read the change feed's cursor once, so a change made after its first read shows on the next request.</summary>
    private VernApp Request()
    {
        var app = VernApp.OpenSqlite(_f.DbPath, Vern.Tests.TestReference.CodeLists.Value, _f.Clock);
        app.UseCaseLookup(_lookup);
        _requests.Add(app);
        return app;
    }

    public Task DisposeAsync()
    {
        foreach (var app in _requests)
            app.Dispose();
        _f.Dispose();
        return Task.CompletedTask;
    }

    private static readonly DateOnly Today = new(2024, 6, 1);

    /// <summary>The cases one actor reaches by search («Nordmann», every child's family name), the worklist, the deadline list and the
    /// register gaps, through <paramref name="app"/>.</summary>
    private static async Task<(string Search, string Worklist, string Deadlines, string Gaps)> Reach(VernApp app, Actor actor)
    {
        var search = (await app.SearchCasesAsync(actor, "Nordmann", "test")).Select(s => s.Id);
        var worklist = (await app.WorklistsAsync(actor, null, Today, purpose: "test")).SelectMany(l => l.Items).Select(o => o.Case.Id);
        var deadlines = (await app.DeadlinesAsync(actor, null, Today, "test")).Open.Select(o => o.Case.Id);
        var gaps = (await app.RegisterGapsAsync(actor, "4601", "test")).Select(g => g.CaseId);
        static string Set(IEnumerable<CaseId> ids) => Sorted([.. ids.Distinct()]);
        return (Set(search), Set(worklist), Set(deadlines), Set(gaps));
    }

    private static string Sorted(params CaseId[] ids) => string.Join(" ", ids.Select(i => i.ToString()).Order(StringComparer.Ordinal));

    [Fact]
    public async Task ABydelsLeader_ReachesOnlyTheBydelsCases_ThroughTheLookup_AsWithoutIt()
    {
        var leader = await _f.App.ActorAsync("leder-a"); // leader of 4601's bydel 01
        var viaLookup = await Reach(_web, leader);
        Assert.Equal(Sorted(_f.Own, _f.SameService), viaLookup.Search);
        Assert.Equal(Sorted(_f.Own, _f.SameService), viaLookup.Worklist);
        Assert.Equal(Sorted(_f.Own, _f.SameService), viaLookup.Deadlines);
        Assert.Equal(Sorted(_f.Own), viaLookup.Gaps); // bydel 02's gap is not theirs
        Assert.Equal(viaLookup, await Reach(_f.App, leader));
    }

    [Fact]
    public async Task ABydelsCaseworker_ReachesOnlyTheirOwnCasesOfTheirBydel()
    {
        var other = await _f.App.ActorAsync("sb-c"); // caseworker of bydel 02, assigned the bydel-02 case
        var viaLookup = await Reach(_web, other);
        var o = Sorted(_f.OtherBydel);
        Assert.Equal((o, o, o, o), viaLookup);
        Assert.Equal(viaLookup, await Reach(_f.App, other));
        var own = await _f.App.ActorAsync("sb-b"); // bydel 01, assigned «same service»: no gap there
        var s = Sorted(_f.SameService);
        Assert.Equal((s, s, s, ""), await Reach(_web, own));
    }

    [Fact]
    public async Task AWholeMunicipalityLeader_ReachesEveryBydel_AndNoOtherMunicipality()
    {
        var leader = await _f.App.ActorAsync("leder-4601");
        var viaLookup = await Reach(_web, leader);
        Assert.Equal(Sorted(_f.Own, _f.SameService, _f.OtherBydel), viaLookup.Search);
        Assert.Equal(Sorted(_f.Own, _f.SameService, _f.OtherBydel), viaLookup.Worklist);
        Assert.Equal(Sorted(_f.Own, _f.OtherBydel), viaLookup.Gaps);
        Assert.DoesNotContain(_f.Other.ToString(), viaLookup.Search, StringComparison.Ordinal); // 4602's Kari Nordmann
        Assert.Equal(viaLookup, await Reach(_f.App, leader));
    }

    [Fact]
    public async Task TheBydelsBulkReads_AreLogged_WithoutTheOtherBydelsCase()
    {
        await Reach(_web, await _f.App.ActorAsync("leder-a"));
        var auditor = await _f.App.ActorAsync("leder-4601");
        var theirs = (await _f.App.CaseAccessAsync(auditor, _f.OtherBydel, "test")).Where(e => e.ActorId == "leder-a").ToList();
        Assert.Empty(theirs);
        var own = (await _f.App.CaseAccessAsync(auditor, _f.Own, "test")).Where(e => e.ActorId == "leder-a").Select(e => e.Operation).ToList();
        Assert.Equal(["case list", "worklist", "deadlines", "register check"], own);
    }

    /// <summary>Search, the worklist, the deadline list and the register gaps on a fresh server do not wait for the lookup's first
    /// build (the worklist page asks for them all): before it they read the actor's scope directly and give the same cases as after
    /// it, for the whole municipality and for a bydel's service (issue 15), whose narrowing otherwise comes from the lookup.</summary>
    [Theory]
    [InlineData("leder-4601")] // the whole municipality: every bydel
    [InlineData("leder-a")]    // bydel 01's leader
    [InlineData("sb-c")]       // bydel 02's caseworker: their own cases of their bydel
    public async Task Reads_BeforeTheLookupIsBuilt_ReadDirectly_AndAnswerAsAfter(string actorId)
    {
        var lookup = new CaseLookup();
        using var fresh = VernApp.OpenSqlite(_f.DbPath, Vern.Tests.TestReference.CodeLists.Value, _f.Clock);
        fresh.UseCaseLookup(lookup);
        var actor = await _f.App.ActorAsync(actorId);
        var before = await Reach(fresh, actor);
        Assert.False(lookup.IsBuilt);
        Assert.Equal(await Reach(_f.App, actor), before); // as without the lookup
        await fresh.BuildCaseLookupAsync();
        Assert.True(lookup.IsBuilt);
        Assert.Equal(before, await Reach(fresh, actor));
    }

    [Fact]
    public async Task ABydelsWorklist_BeforeTheLookupIsBuilt_HoldsOnlyTheBydelsCases()
    {
        var lookup = new CaseLookup();
        using var fresh = VernApp.OpenSqlite(_f.DbPath, Vern.Tests.TestReference.CodeLists.Value, _f.Clock);
        fresh.UseCaseLookup(lookup);
        var before = await Reach(fresh, await _f.App.ActorAsync("leder-a"));
        Assert.False(lookup.IsBuilt);
        Assert.Equal((Sorted(_f.Own, _f.SameService), Sorted(_f.Own, _f.SameService), Sorted(_f.Own, _f.SameService), Sorted(_f.Own)), before);
    }

    /// <summary>The first case read on a fresh server does not wait for the lookup's first build (every case of the database: seconds
    /// on the national set; the web host builds it in the background at start-up): it reads the case directly, answers as after the
    /// build, refuses another bydel's leader (issue 15: a bydel is its own service) and logs every read, allowed or refused.</summary>
    [Fact]
    public async Task ACaseRead_BeforeTheLookupIsBuilt_AnswersTheCase_KeepsTheScope_AndIsLogged()
    {
        var lookup = new CaseLookup();
        using var fresh = VernApp.OpenSqlite(_f.DbPath, Vern.Tests.TestReference.CodeLists.Value, _f.Clock);
        fresh.UseCaseLookup(lookup);
        var (leader, otherBydel, otherMunicipality) = (await _f.App.ActorAsync("leder-a"), await _f.App.ActorAsync("sb-c"), await _f.App.ActorAsync("leder-x"));

        var first = await fresh.CaseOverviewAsync(leader, _f.Own, Vern.Tests.TestReference.Files, "test: første lesing");
        Assert.False(lookup.IsBuilt); // answered without building it
        Assert.Equal((_f.Own, "2024/1", "sb-a"), (first.State.Id, first.State.JournalNumber, first.State.CaseworkerId));
        await Assert.ThrowsAsync<AccessDeniedException>(() => fresh.CaseOverviewAsync(otherBydel, _f.Own, Vern.Tests.TestReference.Files, "test: annen bydel"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => fresh.CaseOverviewAsync(otherMunicipality, _f.Own, Vern.Tests.TestReference.Files, "test: annen kommune"));

        await fresh.BuildCaseLookupAsync();
        Assert.True(lookup.IsBuilt);
        var built = await fresh.CaseOverviewAsync(leader, _f.Own, Vern.Tests.TestReference.Files, "test: etter bygging");
        Assert.Equal(JsonOf(first), JsonOf(built));
        await Assert.ThrowsAsync<AccessDeniedException>(() => fresh.CaseOverviewAsync(otherBydel, _f.Own, Vern.Tests.TestReference.Files, "test: annen bydel"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => fresh.CaseOverviewAsync(otherMunicipality, _f.Own, Vern.Tests.TestReference.Files, "test: annen kommune"));

        var reads = (await _f.App.ReadAllAccessForTestsAsync()).Where(e => e.CaseId == _f.Own && e.Purpose.StartsWith("test: ", StringComparison.Ordinal))
            .Select(e => (e.ActorId, e.Operation, e.Purpose, e.Outcome)).ToList();
        Assert.Equal([
            ("leder-a", "case show", "test: første lesing", AccessEntry.Allowed),
            ("sb-c", "case show", "test: annen bydel", AccessEntry.Denied),
            ("leder-x", "case show", "test: annen kommune", AccessEntry.Denied),
            ("leder-a", "case show", "test: etter bygging", AccessEntry.Allowed),
            ("sb-c", "case show", "test: annen bydel", AccessEntry.Denied),
            ("leder-x", "case show", "test: annen kommune", AccessEntry.Denied),
        ], reads);
    }

    /// <summary>The kept case overview on SQLite (issue 17, under load): with the lookup built, a second read of an unchanged case is
    /// the kept overview itself (its version checked against the case's row), and a step recorded by another app on the same file
    /// (as the CLI would) is in the very next read.</summary>
    [Fact]
    public async Task KeptOverview_IsReusedWhileTheCaseIsUnchanged_AndTheNextReadAfterAStepHasIt()
    {
        var lookup = new CaseLookup();
        var leader = await _f.App.ActorAsync("leder-a");
        async Task<CaseOverview> Request() // the web host opens one app per request, all sharing the host's lookup
        {
            using var web = VernApp.OpenSqlite(_f.DbPath, Vern.Tests.TestReference.CodeLists.Value, _f.Clock);
            web.UseCaseLookup(lookup);
            if (!lookup.IsBuilt)
                await web.BuildCaseLookupAsync();
            return await web.CaseOverviewAsync(leader, _f.Own, Vern.Tests.TestReference.Files, "test");
        }
        var first = await Request();
        Assert.Same(first, await Request());

        await _f.App.RecordAsync(leader, _f.Own, new ReceiveReport(new DateOnly(2024, 5, 30), [new CodedValue("11")], [new CodedValue("8")]));
        var after = await Request();
        Assert.Equal(first.State.Version + 1, after.State.Version);
        Assert.Equal(first.State.Reports.Count + 1, after.State.Reports.Count);
    }

    private static string JsonOf(CaseOverview o) =>
        System.Text.Json.JsonSerializer.Serialize(new { o.State, o.OpenDuties, o.RegisterFindings }, CaseJson.Options);

    [Fact]
    public async Task Search_ShowsTheSameSummary_FromTheLookupAsFromTheCaseState()
    {
        // What a hit shows (the search page and POST /api/v1/search): journal number, the child's name and birth date, the
        // caseworker, open or closed. The lookup's entry gives it without reading the state; it must be the state's.
        var leader = await _f.App.ActorAsync("leder-4601");
        await _f.App.RecordAsync(leader, _f.SameService, new CloseCase(new DateOnly(2024, 5, 30)));
        var viaLookup = await _web.SearchCasesAsync(leader, "kari", "test");
        var viaState = await _f.App.SearchCasesAsync(leader, "kari", "test");
        Assert.Equal(viaState, viaLookup);
        var closed = Assert.Single(viaLookup, s => s.Id == _f.SameService);
        Assert.Equal(new CaseSummary(_f.SameService, "4601", "01", "2024/2", "Kari", "Nordmann", new DateOnly(2015, 3, 14), "sb-b", true), closed);
        Assert.Equal(["2024/1", "2024/2", "2024/3"], viaLookup.Select(s => s.JournalNumber));
    }

    /// <summary>The lookup keeps each caseworker's own cases apart (so a caseworker's register gaps are not found by walking the whole
    /// service); a case given to another caseworker moves with the change that assigns it: the next read shows the gap under the new
    /// caseworker and no longer under the old one, never a stale answer (Undersøkelse Kontroll 21's gap on the case, as above).</summary>
    [Fact]
    public async Task ACaseGivenToAnotherCaseworker_MovesItsRegisterGap_OnTheNextRead()
    {
        var (before, after) = (await _f.App.ActorAsync("sb-a"), await _f.App.ActorAsync("sb-b"));
        Assert.Equal(Sorted(_f.Own), (await Reach(Request(), before)).Gaps);
        Assert.Equal("", (await Reach(Request(), after)).Gaps);
        await _f.App.AssignAsync(await _f.App.ActorAsync("leder-a"), _f.Own, "sb-b", new DateOnly(2024, 5, 25));
        Assert.Equal("", (await Reach(Request(), before)).Gaps);
        Assert.Equal(Sorted(_f.Own), (await Reach(Request(), after)).Gaps);
        Assert.Equal(await Reach(_f.App, after), await Reach(Request(), after));
    }
}
