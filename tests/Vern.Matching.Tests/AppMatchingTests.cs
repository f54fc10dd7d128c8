using Microsoft.Data.Sqlite;
using Vern.Application;
using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Domain.Identity;
using Vern.Domain.People;
using Vern.Storage;
using Vern.Storage.Sqlite;
using Vern.Tests;

namespace Vern.Matching.Tests;

internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Issue 18 part 2 through the application layer on a real SQLite file: candidates when a case is opened, within
/// one municipality only, scoped to what the viewer may see, decisions with who/when/why, a dismissed pair never back.</summary>
public sealed class AppMatchingTests : IDisposable
{
    private const string FnrBoy = "12031550147";
    private const string DnrBoy = "52031550130";
    private readonly TempDir _dir = new();
    private readonly FixedClock _clock = new(new DateTimeOffset(2024, 6, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly VernApp _app;

    public AppMatchingTests() => _app = VernApp.OpenSqlite(_dir.Db, TestReference.CodeLists.Value, _clock, create: true);

    private async Task<(Actor LeaderA, Actor SbA, Actor SbB, Actor LeaderX)> Users()
    {
        var root = Actor.From(await _app.AddUserAsync(null, "root", "Root", Role.Administrator, null));
        await _app.AddUserAsync(root, "leder-a", "Leder A", Role.Leader, "4601");
        await _app.AddUserAsync(root, "sb-a", "Saksbehandler A", Role.Caseworker, "4601");
        await _app.AddUserAsync(root, "sb-b", "Saksbehandler B", Role.Caseworker, "4601");
        await _app.AddUserAsync(root, "leder-x", "Leder X", Role.Leader, "4602");
        await _app.AddUserAsync(root, "analytiker", "Analytiker", Role.Analyst, "4601");
        return (await _app.ActorAsync("leder-a"), await _app.ActorAsync("sb-a"), await _app.ActorAsync("sb-b"), await _app.ActorAsync("leder-x"));
    }

    private static OpenCase Open(string m, string journal, ChildInput child) => new(m, journal, new DateOnly(2024, 5, 1), child);

    private static ChildInput Child(string? id, string given, string family, DateOnly? birth = null, AddressProtection protection = AddressProtection.None) =>
        new(id, birth ?? (id is null ? new DateOnly(2015, 3, 12) : null), Sex.Male, null, given, family, protection);

    private async Task<CaseId> OpenAssigned(Actor leader, string m, string journal, ChildInput child, string caseworker)
    {
        var id = (await _app.OpenCaseAsync(leader, Open(m, journal, child))).State.Id;
        await _app.AssignAsync(leader, id, caseworker, new DateOnly(2024, 5, 2));
        return id;
    }

    [Fact]
    public async Task OpeningACase_ForAChildTheServiceHas_ShowsTheCandidate_WithScoreAndReasons()
    {
        var (leader, _, _, _) = await Users();
        var first = await OpenAssigned(leader, "4601", "2024/1", Child(FnrBoy, "Kristian", "Hansen"), "sb-a");
        var opened = await _app.OpenCaseWithCandidatesAsync(leader, Open("4601", "2024/2", Child(null, "Christian", "Hanssen", new DateOnly(2015, 12, 3))));
        var c = Assert.Single(opened.Candidates);
        Assert.Equal(first, c.CaseId);
        Assert.True(c.Visible);
        Assert.Equal(("2024/1", "Kristian", "Hansen", FnrBoy), (c.JournalNumber, c.GivenName, c.FamilyName, c.Identifier));
        Assert.InRange(c.Score, 0.5, 1);
        Assert.Contains("Fødselsdatoen med dag og måned byttet om (03.12.2015 og 12.03.2015)", c.Reasons);
        Assert.Contains("Fornavn i ulik stavemåte («Christian» og «Kristian»)", c.Reasons);
    }

    /// <summary>Matching never crosses municipalities (barnevernsloven § 13-1: a case is known only to its service).</summary>
    [Fact]
    public async Task TheSameChild_InAnotherMunicipality_IsNeverACandidate()
    {
        var (leader, _, _, leaderX) = await Users();
        var other = await OpenAssigned(leaderX, "4602", "2024/9", Child(FnrBoy, "Kristian", "Hansen"), "leder-x");
        var opened = await _app.OpenCaseWithCandidatesAsync(leader, Open("4601", "2024/1", Child(FnrBoy, "Kristian", "Hansen")));
        Assert.Empty(opened.Candidates);
        // The report finds the case just opened in 4601, never the one in 4602.
        Assert.Equal([opened.State.Id], (await _app.FindChildCandidatesAsync(leader, "4601", new ChildIdentity(FnrBoy, null, "Kristian", "Hansen", null, Sex.Male))).Select(c => c.CaseId));
        Assert.Equal([other], (await _app.FindChildCandidatesAsync(leaderX, "4602", new ChildIdentity(FnrBoy, null, null, null, null, null))).Select(c => c.CaseId));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.FindChildCandidatesAsync(leader, "4602", new ChildIdentity(FnrBoy, null, null, null, null, null)));
    }

    [Fact]
    public async Task ADNummerMovedToAFodselsnummer_IsFoundByTheOldNumber_AndByAnAlias()
    {
        var (leader, _, _, _) = await Users();
        var id = await OpenAssigned(leader, "4601", "2024/1", Child(DnrBoy, "Ahmad", "Ali"), "sb-a");
        await _app.RecordAsync(leader, id, new RecordPersonalDetails(new DateOnly(2024, 5, 20), Child(FnrBoy, "Ahmad", "Ali")));
        // A report giving only the old D-nummer, with another spelling, finds the case through its earlier personalia.
        var found = Assert.Single(await _app.FindChildCandidatesAsync(leader, "4601", new ChildIdentity(DnrBoy, null, "Ahmed", "Aly", null, Sex.Male)));
        Assert.True(found.MatchedEarlierIdentity);
        Assert.Contains($"Samme D-nummer ({DnrBoy})", found.Reasons);
        Assert.Equal(FnrBoy, found.Identifier);

        // A DUF-nummer recorded as an alias finds the case from a report that gives nothing else.
        var duf = DufNumber.Create(2015, 4242);
        await _app.AddChildAliasAsync(leader, id, duf, "DUF-nummer fra UDI-vedtak");
        var byDuf = Assert.Single(await _app.FindChildCandidatesAsync(leader, "4601", new ChildIdentity(null, duf, null, null, null, null)));
        Assert.Contains($"Samme DUF-nummer ({duf})", byDuf.Reasons);
        await Assert.ThrowsAsync<ArgumentException>(() => _app.AddChildAliasAsync(leader, id, "12345678901", "feil"));
    }

    [Fact]
    public async Task ADismissedPair_NeverComesBack_AndTheDecisionKeepsWhoWhenWhy()
    {
        var (leader, _, _, _) = await Users();
        var a = await OpenAssigned(leader, "4601", "2024/1", Child(null, "Ola", "Hansen"), "sb-a");
        var b = await OpenAssigned(leader, "4601", "2024/2", Child(null, "Ola", "Hanssen"), "sb-a");
        Assert.Equal([b], (await _app.CaseCandidatesAsync(leader, a)).Select(c => c.CaseId));
        await Assert.ThrowsAsync<ArgumentException>(() => _app.DismissCandidateAsync(leader, a, b, "  "));
        var d = await _app.DismissCandidateAsync(leader, a, b, "Ulike barn: fetter med samme navn, kontrollert i folkeregisteret.");
        Assert.Equal(("leder-a", _clock.Now, MatchVerdict.Dismissed), (d.DecidedBy, d.DecidedAt, d.Verdict));
        Assert.Empty(await _app.CaseCandidatesAsync(leader, a));
        Assert.Empty(await _app.CaseCandidatesAsync(leader, b));
        // Even after the child's details change, the dismissed pair stays dismissed.
        await _app.RecordAsync(leader, b, new RecordPersonalDetails(new DateOnly(2024, 5, 21), Child(null, "Ola", "Hansen")));
        Assert.Empty(await _app.CaseCandidatesAsync(leader, a));
        var history = await _app.MatchDecisionsAsync(leader, b);
        Assert.Equal("Ulike barn: fetter med samme navn, kontrollert i folkeregisteret.", Assert.Single(history).Reason);
    }

    [Fact]
    public async Task ALinkedPair_IsShownAsLinked()
    {
        var (leader, _, _, _) = await Users();
        var a = await OpenAssigned(leader, "4601", "2024/1", Child(null, "Ola", "Hansen"), "sb-a");
        var b = await OpenAssigned(leader, "4601", "2024/2", Child(null, "Ola", "Hansen"), "sb-a");
        await _app.LinkChildrenAsync(leader, a, b, "Samme barn: samme foreldre og adresse.");
        Assert.Equal(MatchVerdict.Linked, Assert.Single(await _app.CaseCandidatesAsync(leader, b)).Decision);
    }

    /// <summary>A caseworker sees in full only candidates in cases assigned to them; another caseworker's case shows only
    /// its id, score and reasons without values.</summary>
    [Fact]
    public async Task ACaseworker_SeesOthersCandidates_OnlyWithoutValues()
    {
        var (leader, sbA, sbB, _) = await Users();
        await OpenAssigned(leader, "4601", "2024/1", Child(FnrBoy, "Kristian", "Hansen"), "sb-b");
        var mine = await OpenAssigned(leader, "4601", "2024/2", Child(null, "Christian", "Hansen"), "sb-a");
        var c = Assert.Single(await _app.CaseCandidatesAsync(sbA, mine));
        Assert.False(c.Visible);
        Assert.Null(c.JournalNumber);
        Assert.Null(c.GivenName);
        Assert.Null(c.Identifier);
        Assert.Null(c.BirthDate);
        Assert.All(c.Reasons, r => Assert.DoesNotContain("Kristian", r, StringComparison.Ordinal));
        Assert.All(c.Reasons, r => Assert.DoesNotContain("2015", r, StringComparison.Ordinal));
        Assert.Contains("Fornavn i ulik stavemåte", c.Reasons);
        // Deciding on a case they may not see is refused (and logged); their leader decides.
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.DismissCandidateAsync(sbA, mine, c.CaseId, "Ikke samme barn."));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.CaseCandidatesAsync(sbB, mine));
        var analyst = await _app.ActorAsync("analytiker");
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.FindChildCandidatesAsync(analyst, "4601", new ChildIdentity(FnrBoy, null, null, null, null, null)));
    }

    /// <summary>A child with strengt fortrolig adresse is flagged; Vern holds no address, so none is shown.</summary>
    [Fact]
    public async Task AChildWithAProtectedAddress_IsFlagged()
    {
        var (leader, _, _, _) = await Users();
        await OpenAssigned(leader, "4601", "2024/1", Child(FnrBoy, "Kristian", "Hansen", protection: AddressProtection.StrictlyConfidential), "sb-a");
        var c = Assert.Single((await _app.OpenCaseWithCandidatesAsync(leader, Open("4601", "2024/2", Child(null, "Kristian", "Hansen")))).Candidates);
        Assert.True(c.AddressProtected);
        Assert.Equal(AddressProtection.StrictlyConfidential, c.Protection);
    }

    /// <summary>Every candidate lookup is in the access log as one bulk read of the candidates' cases.</summary>
    [Fact]
    public async Task ACandidateLookup_IsLogged()
    {
        var (leader, _, _, _) = await Users();
        var a = await OpenAssigned(leader, "4601", "2024/1", Child(FnrBoy, "Kristian", "Hansen"), "sb-a");
        await _app.FindChildCandidatesAsync(leader, "4601", new ChildIdentity(FnrBoy, null, null, null, null, null), "melding i innboksen");
        using var log = SqliteAccessLog.Open(_dir.Db, create: false);
        var rows = await log.ForCaseAsync(a);
        Assert.Contains(rows, r => r.Operation == "child candidates" && r.Purpose == "melding i innboksen" && r.IsBulk);
    }

    public void Dispose()
    {
        _app.Dispose();
        _dir.Dispose();
    }
}
