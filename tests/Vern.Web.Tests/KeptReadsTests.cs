using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vern.Application;
using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Storage;

namespace Vern.Web.Tests;

/// <summary>Reads kept per change (issues 16 and 17, speed): the worklist page's body is rendered once per change of the store and
/// selection (<c>IndexModel.BodyAsync</c>), and the API case read's overview is computed once per change of the case
/// (<c>CaseLookup.KeptOverview</c>). A change written beside the server shows on the next read, another caseworker's or service's
/// kept read is never served, and every read is still checked and logged, with the security headers.</summary>
public sealed class KeptReadsTests : IAsyncLifetime
{
    private VernWebFactory _app = null!;

    public async Task InitializeAsync() => _app = await VernWebFactory.StartAsync();

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task WorklistPage_CaseChangedBesideTheServer_ShowsOnTheNextRead_AndEveryReadIsLogged()
    {
        var sara = await _app.LoginAsync(TestData.Caseworker);
        var first = await Page(sara, "/");
        Assert.Equal(MainOf(first), MainOf(await Page(sara, "/"))); // nothing changed: the same body (the layout's token is new)
        Assert.DoesNotContain("2026-0901", first, StringComparison.Ordinal);

        // A new case assigned to sara, written by another app on the same file (as the CLI would): its duties are on her next page.
        using (var cli = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System))
        {
            var leader = await cli.ActorAsync(TestData.Leader);
            var id = new CaseId(Guid.NewGuid());
            await cli.OpenCaseAsync(leader, new OpenCase(TestData.Municipality, "2026-0901", cli.Today.AddDays(-3),
                new ChildInput(null, cli.Today.AddYears(-7), Vern.Domain.People.Sex.Female, GivenName: "Ine", FamilyName: "Berg")), id);
            await cli.AssignAsync(leader, id, TestData.Caseworker, cli.Today.AddDays(-3));
            await cli.RecordAsync(leader, id, new ReceiveReport(cli.Today.AddDays(-2), [new CodedValue("1")], [new CodedValue("1.1.02")]));
        }
        var after = await Page(sara, "/");
        Assert.Contains("2026-0901", after, StringComparison.Ordinal);
        Assert.Contains(_app.Data.OwnJournal, after, StringComparison.Ordinal);

        // Three reads, each its own worklist row and register gaps row in the access log, with the cases they covered.
        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        var rows = await app.ReadAllAccessForTestsAsync(TestData.Caseworker);
        Assert.Equal([1, 1, 2], rows.Where(r => r.Operation == VernApp.OperationName(Operation.Worklist)).Select(r => r.CaseCount));
        Assert.Equal([1, 1, 2], rows.Where(r => r.Operation == VernApp.OperationName(Operation.RegisterCheck)).Select(r => r.CaseCount));
    }

    [Fact]
    public async Task WorklistPage_KeptBody_IsNeverServedToAnotherCaseworkerOrService()
    {
        // Caseworkers who see the whole service (the widest scope a caseworker can get) share the service's worklists object: the
        // kept body is still per caseworker, since its headings carry the reader's names.
        using (var cli = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System))
        {
            var admin = await cli.ActorAsync(TestData.Administrator);
            await cli.AddUserAsync(admin, "siri", "Siri Sosionom", Role.Caseworker, TestData.Municipality);
            await cli.SetSystemPasswordHashAsync("siri", Vern.Web.Security.Passwords.Hash(TestData.Password), "test");
            await cli.SetCaseworkersSeeServiceAsync(admin, TestData.Municipality, true);
        }
        var sara = await Page(await _app.LoginAsync(TestData.Caseworker), "/");
        Assert.Contains("<h2 id=\"liste-sara\">Sara Saksbehandler: ", sara, StringComparison.Ordinal);

        var siri = await Page(await _app.LoginAsync("siri"), "/");
        Assert.Contains(_app.Data.OwnJournal, siri, StringComparison.Ordinal); // she sees the service's duties …
        Assert.Contains("<h2 id=\"liste-sara\">sara: ", siri, StringComparison.Ordinal); // … headed with the names she was given,
        Assert.DoesNotContain("Sara Saksbehandler", siri, StringComparison.Ordinal); // not sara's kept page
        Assert.Contains("Siri Sosionom", siri, StringComparison.Ordinal);

        // The leader's page (the owner filter) is not the caseworker's, and 0301's leader has nothing of 7777's.
        var leader = await Page(await _app.LoginAsync(TestData.Leader), "/");
        Assert.Contains("id=\"saksbehandler\"", leader, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"saksbehandler\"", sara, StringComparison.Ordinal);
        var olav = await Page(await _app.LoginAsync(TestData.OtherLeader), "/");
        Assert.DoesNotContain(_app.Data.OwnJournal, olav, StringComparison.Ordinal);
        Assert.DoesNotContain("Sara Saksbehandler", olav, StringComparison.Ordinal);
    }

    /// <summary>The staff names are kept per host until a user changes (<c>StaffNames</c>): a staff member added beside the server
    /// (as <c>vern user add</c> would) is named on the next page, and another service's leader never gets this service's names.</summary>
    [Fact]
    public async Task LeaderPage_StaffMemberAddedBesideTheServer_IsNamedOnTheNextRead_AndNeverInAnotherService()
    {
        var leif = await _app.LoginAsync(TestData.Leader);
        var first = await Page(leif, "/");
        Assert.Contains("Sara Saksbehandler", first, StringComparison.Ordinal);
        Assert.DoesNotContain("Siv Sosionom", first, StringComparison.Ordinal);

        using (var cli = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System))
        {
            await cli.AddUserAsync(await cli.ActorAsync(TestData.Administrator), "siv", "Siv Sosionom", Role.Caseworker, TestData.Municipality);
            await cli.AssignAsync(await cli.ActorAsync(TestData.Leader), _app.Data.Own, "siv", cli.Today);
        }
        var after = await Page(leif, "/");
        Assert.Contains("<h2 id=\"liste-siv\">Siv Sosionom: ", after, StringComparison.Ordinal);

        var olav = await Page(await _app.LoginAsync(TestData.OtherLeader), "/");
        Assert.DoesNotContain("Siv Sosionom", olav, StringComparison.Ordinal);
        Assert.DoesNotContain("Sara Saksbehandler", olav, StringComparison.Ordinal);
    }

    private static string MainOf(string html) => html[html.IndexOf("<main", StringComparison.Ordinal)..html.IndexOf("</main>", StringComparison.Ordinal)];

    [Fact]
    public async Task CaseRead_KeptOverview_ShowsAChangeOnTheNextRead_RefusesOtherServices_AndLogsEveryRead()
    {
        var leader = await _app.LoginAsync(TestData.Leader);
        var path = $"/api/v1/cases/{_app.Data.Own}";
        var first = await leader.GetFromJsonAsync<JsonElement>(path);
        var again = await leader.GetFromJsonAsync<JsonElement>(path);
        Assert.Equal(first.GetProperty("version").GetInt64(), again.GetProperty("version").GetInt64());
        var events = first.GetProperty("timeline").GetArrayLength();

        // Another municipality's leader and a caseworker it is not assigned to are refused, though the overview is kept (403, logged).
        var olav = await _app.LoginAsync(TestData.OtherLeader);
        Assert.Equal(HttpStatusCode.Forbidden, (await olav.GetAsync(path)).StatusCode);

        // A report of concern recorded beside the server (as the CLI would) is in the next read.
        using (var cli = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System))
        {
            var by = await cli.ActorAsync(TestData.Leader);
            await cli.RecordAsync(by, _app.Data.Own, new ReceiveReport(cli.Today.AddDays(-1), [new CodedValue("1")], [new CodedValue("1.1.02")]));
        }
        var after = await leader.GetFromJsonAsync<JsonElement>(path);
        Assert.Equal(first.GetProperty("version").GetInt64() + 1, after.GetProperty("version").GetInt64());
        Assert.Equal(events + 1, after.GetProperty("timeline").GetArrayLength());
        // The case reassigned to a colleague: sara, who had it, is refused at once.
        var sara = await _app.LoginAsync(TestData.Caseworker);
        Assert.Equal(HttpStatusCode.OK, (await sara.GetAsync(path)).StatusCode);
        using (var cli = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System))
        {
            var by = await cli.ActorAsync(TestData.Leader);
            await cli.AssignAsync(by, _app.Data.Own, TestData.Leader, cli.Today);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await sara.GetAsync(path)).StatusCode);

        // Every read is its own row: the leader's three, olav's refusal, sara's read and her refusal.
        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        var show = VernApp.OperationName(Operation.ViewCase);
        Assert.Equal(3, (await app.ReadAllAccessForTestsAsync(TestData.Leader)).Count(e => e.Operation == show && e.Outcome != AccessEntry.Denied));
        Assert.Equal(1, (await app.ReadAllAccessForTestsAsync(TestData.OtherLeader)).Count(e => e.Operation == show && e.Outcome == AccessEntry.Denied));
        var saras = (await app.ReadAllAccessForTestsAsync(TestData.Caseworker)).Where(e => e.Operation == show).ToList();
        Assert.Equal([false, true], saras.Select(e => e.Outcome == AccessEntry.Denied));
    }

    [Fact]
    public async Task CaseRead_KeptJson_IsTheSameBytesWhileTheCaseIsUnchanged_AndANewEventStartsAfresh()
    {
        // Issue 17, under load: the API case read's JSON is serialised once per kept overview (CaseReadJson); a new event is a new
        // overview, so the next read carries it, and every read is still a checked, logged answer with no-store.
        var leader = await _app.LoginAsync(TestData.Leader);
        var path = $"/api/v1/cases/{_app.Data.Own}";
        var first = await Body(leader, path);
        var again = await Body(leader, path);
        Assert.Equal(first, again);
        var version = JsonDocument.Parse(first).RootElement.GetProperty("version").GetInt64();
        var events = JsonDocument.Parse(first).RootElement.GetProperty("timeline").GetArrayLength();

        using (var cli = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System))
        {
            var by = await cli.ActorAsync(TestData.Leader);
            await cli.RecordAsync(by, _app.Data.Own, new ReceiveReport(cli.Today.AddDays(-1), [new CodedValue("1")], [new CodedValue("1.1.02")]));
        }
        var after = await Body(leader, path);
        Assert.NotEqual(first, after);
        var read = JsonDocument.Parse(after).RootElement;
        Assert.Equal(version + 1, read.GetProperty("version").GetInt64());
        Assert.Equal(events + 1, read.GetProperty("timeline").GetArrayLength());
        Assert.Equal(after, await Body(leader, path));

        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        var show = VernApp.OperationName(Operation.ViewCase);
        Assert.Equal(4, (await app.ReadAllAccessForTestsAsync(TestData.Leader)).Count(e => e.Operation == show && e.Outcome != AccessEntry.Denied));

        // The OpenAPI document still names the case's schema for the read, as when the view was returned as an object.
        var doc = await _app.Client().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var ok = doc.GetProperty("paths").GetProperty("/api/v1/cases/{id}").GetProperty("get").GetProperty("responses").GetProperty("200");
        Assert.Equal("#/components/schemas/CaseView", ok.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
    }

    /// <summary>The API's answer as bytes, after checking its type and that it is not to be stored.</summary>
    private static async Task<byte[]> Body(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The page as served, decoded, after checking what every answer with personal data must carry (issue 16, security).</summary>
    private static async Task<string> Page(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("name=\"__vern_af\"", html, StringComparison.Ordinal); // the logout form's token, per request
        return WebUtility.HtmlDecode(html);
    }
}
