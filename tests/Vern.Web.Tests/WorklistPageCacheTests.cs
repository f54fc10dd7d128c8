using System.Net;
using Vern.Application;
using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Storage;

namespace Vern.Web.Tests;

/// <summary>The worklist page's body is rendered once per change of the store and selection (<c>IndexModel.BodyAsync</c>; issue 16,
/// speed): a change written beside the server shows on the next read, another caseworker's or service's body is never served, and
/// every read is still checked and logged (the worklist's and the register gaps' bulk rows) with the page's security headers.</summary>
public sealed class WorklistPageCacheTests : IAsyncLifetime
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

    private static string MainOf(string html) => html[html.IndexOf("<main", StringComparison.Ordinal)..html.IndexOf("</main>", StringComparison.Ordinal)];

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
