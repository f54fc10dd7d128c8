using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vern.Application;
using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Domain.People;
using Vern.Storage;

namespace Vern.Web.Tests;

/// <summary>Search and the worklist's register gaps through the web host's <see cref="CaseLookup"/> (issue 16, speed: neither reads
/// every case state of the service per request). The lookup follows the store's change feed, so a case written after the first
/// request — here by another process's app on the same file, as the CLI would — is found by the next one; the scope and the access
/// log are the application layer's, as before.</summary>
public sealed class CaseLookupTests : IAsyncLifetime
{
    private VernWebFactory _app = null!;

    public async Task InitializeAsync() => _app = await VernWebFactory.StartAsync();

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Search_FindsACaseWrittenAfterTheFirstSearch_ByNameJournalAndFodselsnummer_WithinTheScope()
    {
        var leader = await _app.LoginAsync(TestData.Leader);
        Assert.Equal(0, (await Search(leader, "Nyberg")).GetArrayLength());

        // Written beside the server (as `vern case open` would): the lookup must catch up from the feed, not from its own writes.
        const string fnr = "01011550157"; // a made-up fødselsnummer (1 January 2015, a boy) with valid control digits (mod 11)
        using (var cli = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System))
        {
            var by = await cli.ActorAsync(TestData.Leader);
            await cli.OpenCaseAsync(by, new OpenCase(TestData.Municipality, "2026-0777", cli.Today.AddDays(-1),
                new ChildInput(fnr, null, Sex.Male, GivenName: "Nils", FamilyName: "Nyberg")), new CaseId(Guid.NewGuid()));
        }

        Assert.Equal("2026-0777", Assert.Single((await Search(leader, "nyberg")).EnumerateArray()).GetProperty("journalNumber").GetString());
        Assert.Equal("2026-0777", Assert.Single((await Search(leader, "0777")).EnumerateArray()).GetProperty("journalNumber").GetString());
        Assert.Equal("2026-0777", Assert.Single((await Search(leader, fnr)).EnumerateArray()).GetProperty("journalNumber").GetString());
        Assert.Equal(0, (await Search(leader, fnr[..10])).GetArrayLength()); // a fødselsnummer matches whole, never in part

        // The caseworker sees only the cases assigned to them (AccessPolicy: ListCases, AssignedCases); Nils is not sara's.
        var sara = await _app.LoginAsync(TestData.Caseworker);
        Assert.Equal(0, (await Search(sara, "Nyberg")).GetArrayLength());
        Assert.Single((await Search(sara, "Nora")).EnumerateArray());
        // Another municipality's leader never finds 7777's case.
        var olav = await _app.LoginAsync(TestData.OtherLeader);
        Assert.Equal(0, (await Search(olav, fnr)).GetArrayLength());

        // Each search is still one bulk row in the access log, naming the cases it returned.
        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        var rows = (await app.ReadAllAccessForTestsAsync(TestData.Leader)).Where(e => e.Operation == VernApp.OperationName(Operation.ListCases)).ToList();
        Assert.Equal(5, rows.Count);
        Assert.Equal([0, 1, 1, 1, 0], rows.Select(r => r.CaseCount));
    }

    [Fact]
    [Trait("Rule", "Undersøkelse Kontroll 21")]
    public async Task Worklist_ShowsARegisterGapWrittenAfterTheFirstView_AndLogsTheBulkRead()
    {
        var leader = await _app.LoginAsync(TestData.Leader);
        var before = WebUtility.HtmlDecode(await leader.GetStringAsync("/"));
        Assert.DoesNotContain("Før innsending til SSB", before, StringComparison.Ordinal);

        // Kravspesifikasjon Undersøkelse Kontroll 21 (ERROR): an investigation concluded with code 1 needs the decision that follows.
        using (var cli = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System))
        {
            var by = await cli.ActorAsync(TestData.Leader);
            var report = (await cli.ShowCaseAsync(by, _app.Data.Own)).State.Reports[0].Id;
            var investigation = new EntryId(Guid.NewGuid());
            await cli.RecordAsync(by, _app.Data.Own, new OpenInvestigation(report, cli.Today.AddDays(-9), investigation));
            await cli.RecordAsync(by, _app.Data.Own, new ConcludeInvestigation(investigation, cli.Today.AddDays(-2), new CodedValue("1"), [new CodedValue("1.1.02")]));
        }

        var after = WebUtility.HtmlDecode(await leader.GetStringAsync("/"));
        Assert.Contains("Før innsending til SSB: 1 oppgave", after, StringComparison.Ordinal);
        Assert.Contains("Undersøkelse Kontroll 21 (feil)", after, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/saker/{_app.Data.Own}\">{_app.Data.OwnJournal}</a>", after, StringComparison.Ordinal);
        // The caseworker it is assigned to sees it too; the other municipality's leader has nothing of it.
        var sara = WebUtility.HtmlDecode(await (await _app.LoginAsync(TestData.Caseworker)).GetStringAsync("/"));
        Assert.Contains("Undersøkelse Kontroll 21 (feil)", sara, StringComparison.Ordinal);

        // The worklist's register gaps are one bulk read of the service's cases per view (the register check's policy row).
        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        var rows = (await app.ReadAllAccessForTestsAsync(TestData.Leader)).Where(e => e.Operation == VernApp.OperationName(Operation.RegisterCheck)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(1, r.CaseCount)); // 7777 has one case; 0301's is not in it
    }

    /// <summary>The first case read through the API on a fresh server (issue 16/17: it used to wait while the lookup read every case
    /// of the database; now the host builds the lookup in the background and a case read does not wait for it) answers the case as
    /// a read without the lookup does, refuses another municipality's leader, and logs both.</summary>
    [Fact]
    public async Task FirstCaseRead_OnAFreshServer_AnswersTheCase_RefusesOtherServices_AndIsLogged()
    {
        using var fresh = _app.Restarted();
        var path = $"/api/v1/cases/{_app.Data.Own}";
        var first = await (await fresh.LoginAsync(TestData.Leader)).GetFromJsonAsync<JsonElement>(path);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await fresh.LoginAsync(TestData.OtherLeader)).GetAsync(path)).StatusCode);

        using var cli = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        var state = (await cli.ShowCaseAsync(await cli.ActorAsync(TestData.Leader), _app.Data.Own)).State;
        Assert.Equal((state.JournalNumber, state.Version), (first.GetProperty("journalNumber").GetString(), first.GetProperty("version").GetInt64()));
        var show = VernApp.OperationName(Operation.ViewCase);
        var leaders = (await cli.ReadAllAccessForTestsAsync(TestData.Leader)).Where(e => e.Operation == show && e.Purpose == "api sak").ToList();
        Assert.Equal((_app.Data.Own, AccessEntry.Allowed), (Assert.Single(leaders).CaseId, leaders[0].Outcome));
        var refused = Assert.Single(await cli.ReadAllAccessForTestsAsync(TestData.OtherLeader), e => e.Operation == show);
        Assert.Equal((_app.Data.Own, AccessEntry.Denied), (refused.CaseId, refused.Outcome));
    }

    /// <summary>The dashboard's service part is kept per change of the store (issue 17, under load): a case opened beside the server
    /// after the first read is counted by the next one, and every read is still its own bulk row in the access log.</summary>
    [Fact]
    public async Task Dashboard_CountsACaseOpenedAfterTheFirstRead_AndLogsEachRead()
    {
        var leader = await _app.LoginAsync(TestData.Leader);
        var before = await OpenCases(leader);
        Assert.Equal(before, await OpenCases(leader)); // nothing changed: the kept part, the same answer

        using (var cli = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System))
        {
            var by = await cli.ActorAsync(TestData.Leader);
            await cli.OpenCaseAsync(by, new OpenCase(TestData.Municipality, "2026-0778", cli.Today.AddDays(-1),
                new ChildInput(null, new DateOnly(2016, 3, 3), Sex.Female, GivenName: "Ida", FamilyName: "Dal")), new CaseId(Guid.NewGuid()));
        }

        Assert.Equal(before + 1, await OpenCases(leader));
        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        var rows = (await app.ReadAllAccessForTestsAsync(TestData.Leader))
            .Where(e => e.Operation == VernApp.OperationName(Operation.Compliance) && e.Outcome != AccessEntry.Denied).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(rows[0].CaseCount + 1, rows[2].CaseCount);
    }

    private static async Task<int> OpenCases(HttpClient client)
    {
        var dashboard = await client.GetFromJsonAsync<JsonElement>("/api/v1/dashboard");
        return dashboard.GetProperty("caseload").EnumerateArray().Sum(r => r.GetProperty("openCases").GetInt32());
    }

    private static async Task<JsonElement> Search(HttpClient client, string text)
    {
        var response = await client.PostAsJsonAsync("/api/v1/search", new { text });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
