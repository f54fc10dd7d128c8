using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Storage;

namespace Vern.Application.Tests;

/// <summary>The application layer over a real SQLite database: who acts, what they see, and the access log (issue 15).</summary>
public sealed class VernAppTests : IAsyncLifetime
{
    private AppFixture _f = null!;

    public async Task InitializeAsync() => _f = await new AppFixture().SeedAsync();

    public Task DisposeAsync()
    {
        _f.Dispose();
        return Task.CompletedTask;
    }

    private async Task<IReadOnlyList<AccessEntry>> ReadLog(string actor)
    {
        using var log = Vern.Storage.Sqlite.SqliteAccessLog.Open(_f.DbPath, create: false);
        return await log.ReadAllAsync(actor);
    }

    [Fact]
    public async Task Commands_ReturnTheNewEventsAndVersion_RecordedByTheActor()
    {
        var leader = await _f.As(Role.Leader);
        var change = await _f.App.OpenCaseAsync(leader, AppFixture.Open("4601", "2024/50"));
        Assert.Equal(1, change.State.Version);
        var opened = Assert.Single(change.Appended);
        Assert.Equal("leder-a", opened.RecordedBy);
        var assigned = await _f.App.AssignAsync(leader, change.State.Id, "sb-a", new DateOnly(2024, 5, 3));
        Assert.Equal(2, Assert.Single(assigned.Appended).Version);
    }

    [Fact]
    public async Task ShowCase_IsLoggedWithWhoWhatAndPurpose()
    {
        var caseworker = await _f.As(Role.Caseworker);
        var page = await _f.App.ShowCaseAsync(caseworker, _f.Own, "oppfølging");
        Assert.Equal("2024/1", page.State.JournalNumber);
        Assert.Equal(3, page.Timeline.Count);
        var row = Assert.Single(await ReadLog("sb-a"));
        Assert.Equal(("caseworker", "case show", "oppfølging", (CaseId?)_f.Own, AccessEntry.Allowed, _f.Clock.Now),
            (row.Role, row.Operation, row.Purpose, row.CaseId, row.Outcome, row.At));
    }

    [Fact]
    public async Task ACaseworker_SeesOnlyTheirAssignedCases_UntilTheServiceSettingWidensIt()
    {
        var caseworker = await _f.As(Role.Caseworker);
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => _f.App.ShowCaseAsync(caseworker, _f.SameService));
        Assert.Contains("ikke er tildelt sb-a", denied.Message);
        Assert.Equal([_f.Own], (await _f.App.ListCasesAsync(caseworker)).Select(h => h.Id));

        await _f.App.SetCaseworkersSeeServiceAsync(await _f.As(Role.Administrator), "4601", true);
        Assert.Equal("2024/2", (await _f.App.ShowCaseAsync(caseworker, _f.SameService)).State.JournalNumber);
        Assert.Equal(2, (await _f.App.ListCasesAsync(caseworker)).Count);
    }

    [Fact]
    public async Task AnotherMunicipalitysChild_IsRefused_AndTheRefusalIsLogged()
    {
        var leader = await _f.As(Role.Leader);
        var e = await Assert.ThrowsAsync<AccessDeniedException>(() => _f.App.ShowCaseAsync(leader, _f.Other));
        Assert.Contains("ingen ser barn i en annen kommune", e.Message);
        var row = Assert.Single(await ReadLog("leder-a"));
        Assert.Equal((AccessEntry.Denied, (CaseId?)_f.Other, "case show"), (row.Outcome, row.CaseId, row.Operation));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _f.App.ListCasesAsync(leader, "4602"));
    }

    [Fact]
    public async Task BulkReads_AreFoundByTheCaseAccessReport_OfEveryCaseTheyIncluded()
    {
        var leader = await _f.As(Role.Leader);
        await _f.App.ListCasesAsync(leader, purpose: "oversikt");
        await _f.App.DeadlinesAsync(leader, null, new DateOnly(2024, 6, 1), "fristkontroll");
        await _f.App.ShowCaseAsync(leader, _f.Own);
        var access = await _f.App.CaseAccessAsync(leader, _f.Own);
        Assert.Equal(["case list", "deadlines", "case show"], access.Select(a => a.Operation));
        Assert.Equal(2, access[0].CaseCount);
        // The case of the other municipality was in none of them.
        var otherAccess = await _f.App.CaseAccessAsync(await _f.App.ActorAsync("leder-x"), _f.Other);
        Assert.DoesNotContain(otherAccess, a => a.ActorId == "leder-a");
    }

    [Fact]
    public async Task ADisabledUser_CannotAct_AndAnUnknownUserIsNoActor()
    {
        await _f.App.DisableUserAsync(await _f.As(Role.Administrator), "sb-a");
        var e = await Assert.ThrowsAsync<AccessDeniedException>(() => _f.App.ActorAsync("sb-a"));
        Assert.Contains("deaktivert", e.Message);
        await Assert.ThrowsAsync<UnknownUserException>(() => _f.App.ActorAsync("ola"));
    }

    [Fact]
    public async Task TheFirstUser_MustBeAnAdministrator_AndLaterUsersNeedAnAdministrator()
    {
        using var fresh = new AppFixture();
        await Assert.ThrowsAsync<AccessDeniedException>(() => fresh.App.AddUserAsync(null, "kari", "Kari", Role.Leader, "4601"));
        await fresh.App.AddUserAsync(null, "admin", "Admin", Role.Administrator, "4601");
        await Assert.ThrowsAsync<AccessDeniedException>(() => fresh.App.AddUserAsync(null, "ola", "Ola", Role.Administrator, "4601"));
        await fresh.App.AddUserAsync(await fresh.App.ActorAsync("admin"), "kari", "Kari", Role.Leader, "4601");
        var kari = await fresh.App.ActorAsync("kari");
        var admin = await fresh.App.ActorAsync("admin");
        await Assert.ThrowsAsync<AccessDeniedException>(() => fresh.App.AddUserAsync(kari, "per", "Per", Role.Leader, "4601"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => fresh.App.AddUserAsync(admin, "per", "Per", Role.Leader, "4602"));
    }

    [Fact]
    public async Task AnAuditor_MustStateAPurpose()
    {
        var auditor = await _f.As(Role.Auditor);
        var e = await Assert.ThrowsAsync<AccessDeniedException>(() => _f.App.ShowCaseAsync(auditor, _f.Own));
        Assert.Contains("formålet", e.Message);
        Assert.Equal("2024/1", (await _f.App.ShowCaseAsync(auditor, _f.Own, "tilsyn etter § 17-3")).State.JournalNumber);
    }
}

/// <summary>Analysts get aggregates only, with small counts suppressed (issue 15; counts 1–4 shown as «:», SSB's symbol for
/// a value not shown for confidentiality).</summary>
public sealed class AnalystSuppressionTests
{
    [Fact]
    public async Task AnAnalyst_GetsNoCountFromOneToFour_WhileTheLeaderSeesThem()
    {
        using var f = await new AppFixture().SeedAsync();
        var query = new Vern.Statistics.StatisticsQuery("4601", 2024, 2024);
        var leaderRows = (await f.App.StatisticsAsync(await f.As(Role.Leader), query)).Rows;
        Assert.Contains(leaderRows, r => r.Unit != "%" && r.Value is >= 1 and <= 4); // two cases: small counts exist
        var analystRows = (await f.App.StatisticsAsync(await f.As(Role.Analyst), query)).Rows;
        Assert.DoesNotContain(analystRows, r => r.Unit != "%" && r.Value is >= 1 and <= 4);
        Assert.Contains(analystRows, r => r.Symbol == Suppression.Symbol && r.Value is null);
    }
}
