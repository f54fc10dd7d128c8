using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Vern.Storage.Intake;

namespace Vern.Intake.Tests;

/// <summary>The receiving endpoint and the bearer tokens through the real pipeline (TestServer) on a real SQLite file.</summary>
public sealed class IntakeApiTests : IAsyncLifetime
{
    private sealed class Factory(string db) : WebApplicationFactory<Vern.Web.Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Vern:Database", db);
            builder.UseEnvironment("Production");
        }
    }

    private IntakeFixture _f = null!;
    private Factory _web = null!;

    public async Task InitializeAsync()
    {
        _f = await new IntakeFixture(DateTimeOffset.UtcNow).SeedAsync();
        _web = new Factory(_f.DbPath);
    }

    public Task DisposeAsync()
    {
        _web.Dispose();
        _f.Dispose();
        return Task.CompletedTask;
    }

    private HttpClient Client(string? secret)
    {
        var c = _web.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        if (secret is not null)
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return c;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private const string Path = "/api/v1/intake/reports";

    [Fact]
    [Trait("Issue", "18")]
    public async Task Post_WithASystemToken_201Receipt_AResend_200TheSameReceipt_StoredOnce()
    {
        var client = Client(_f.SenderSecret);
        var first = await client.PostAsync(Path, Json(IntakeFixture.Report("m-1")));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var receipt = await first.Content.ReadFromJsonAsync<JsonElement>();
        var again = await client.PostAsync(Path, Json(IntakeFixture.Report("m-1")));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(receipt.GetProperty("receiptId").GetGuid(), second.GetProperty("receiptId").GetGuid());
        Assert.True(second.GetProperty("repeated").GetBoolean());
        Assert.Equal(1, _f.Count("SELECT count(*) FROM intake_reports"));
    }

    [Theory]
    [Trait("Issue", "18")]
    [InlineData("{\"messageId\": \"m-1\",", 400, "$")]
    [InlineData("unknown-municipality", 422, "municipalityNumber")]
    [InlineData("missing-child", 422, "child")]
    [InlineData("missing-description", 422, "description")]
    public async Task Post_BadInput_ProblemDetailsNamingTheField_NothingStored(string body, int status, string field)
    {
        body = body switch
        {
            "unknown-municipality" => IntakeFixture.Report("m-1", municipality: "9999"),
            "missing-child" => IntakeFixture.Report("m-1", child: false),
            "missing-description" => IntakeFixture.Report("m-1", description: false),
            _ => body,
        };
        var response = await Client(_f.SenderSecret).PostAsync(Path, Json(body));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (status == 422)
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        else
            Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(0, _f.Count("SELECT count(*) FROM intake_reports"));
    }

    [Fact]
    public async Task Post_MessageIdReusedForOtherContent_409_TheFirstStays()
    {
        var client = Client(_f.SenderSecret);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Path, Json(IntakeFixture.Report("m-1")))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync(Path, Json(IntakeFixture.Report("m-1", kind: "police")))).StatusCode);
        Assert.Equal(1, _f.Count("SELECT count(*) FROM intake_reports"));
    }

    [Fact]
    [Trait("Issue", "16")]
    public async Task Post_NoToken_Or_AnUnknownOrRevokedToken_401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(null).PostAsync(Path, Json(IntakeFixture.Report("m-1")))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client("vern_nope").PostAsync(Path, Json(IntakeFixture.Report("m-1")))).StatusCode);
        var admin = await _f.As("admin-a");
        var token = (await _f.App.ListAccessTokensAsync(admin)).Single(t => t.Kind == AccessTokenKind.System);
        await _f.App.RevokeAccessTokenAsync(admin, token.Id);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(_f.SenderSecret).PostAsync(Path, Json(IntakeFixture.Report("m-1")))).StatusCode);
        Assert.Equal(0, _f.Count("SELECT count(*) FROM intake_reports"));
    }

    [Fact]
    [Trait("Issue", "16")]
    public async Task ASystemToken_OnAnyOtherEndpoint_403_LoggedWithRoleSystem()
    {
        var response = await Client(_f.SenderSecret).GetAsync("/api/v1/worklist");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(1, _f.Count("SELECT count(*) FROM access_log WHERE actor_id = 'system:meldeportal' AND role = 'system' AND outcome = 'denied'"));
    }

    [Fact]
    [Trait("Issue", "16")]
    public async Task APersonalToken_DoesNotOpenPages_TheyKeepTheLoginCookie()
    {
        var token = await _f.App.CreateAccessTokenAsync(await _f.As("admin-a"), AccessTokenKind.Personal, "", "leder", null);
        var response = await Client(token.Secret).GetAsync("/leder");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/logg-inn", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Issue", "16")]
    public async Task APersonalToken_ActsAsItsUser_ButCannotDeliverReports()
    {
        var token = await _f.App.CreateAccessTokenAsync(await _f.As("admin-a"), AccessTokenKind.Personal, "", "leder", null);
        var client = Client(token.Secret);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal("leder", me.GetProperty("userId").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync(Path, Json(IntakeFixture.Report("m-1")))).StatusCode);
    }
}

/// <summary>The leader's dashboard shows the intake's alarms and reconciliation (issue 18, "on the dashboard"), rendered by
/// the real pipeline for a leader logged in through the login form.</summary>
public sealed partial class IntakeDashboardTests
{
    private const string Password = "riktig-hest-batteri";

    private sealed class Factory(string db) : WebApplicationFactory<Vern.Web.Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Vern:Database", db);
            builder.UseEnvironment("Production");
        }
    }

    [Fact]
    [Trait("Issue", "18")]
    public async Task Dashboard_ASilentSenderAndAWaitingReport_ShowBothAlarms_AndTheReconciliation()
    {
        var now = DateTimeOffset.UtcNow;
        using var f = await new IntakeFixture(now.AddDays(-30)).SeedAsync();
        var leader = await f.As("leder");
        // Ten reports a day apart, 30 to 21 days ago (λ = 1 a day), all rejected as tests; then three weeks of silence.
        for (var d = 0; d < 10; d++)
        {
            f.Clock.Now = now.AddDays(-30 + d);
            var r = await f.App.ReceiveReportAsync(f.Sender, IntakeFixture.Report($"m-{d}"));
            await f.App.RejectReportAsync(leader, r.ReceiptId, "Test");
        }
        // A file report 2 days ago, left in the inbox.
        f.Clock.Now = now.AddDays(-2);
        var waiting = await f.App.ImportReportAsync(leader, IntakeFixture.Report("f-1"), "fil");
        await f.App.SetSystemPasswordHashAsync("leder", Vern.Web.Security.Passwords.Hash(Password), "test");

        using var web = new Factory(f.DbPath);
        var client = await LoginAsync(web, "leder");
        var page = await client.GetStringAsync("/leder");

        Assert.Contains("Mottak av meldinger", page, StringComparison.Ordinal);
        Assert.Contains("Stille avsender", page, StringComparison.Ordinal);
        Assert.Contains("Venter i innboksen", page, StringComparison.Ordinal);
        Assert.Contains(waiting.ReceiptId.ToString(), page, StringComparison.Ordinal);
        Assert.Contains("I innboksen", page, StringComparison.Ordinal); // the difference list
        Assert.DoesNotContain("Nora", page, StringComparison.Ordinal); // alarms and reconciliation name no child
    }

    [Fact]
    [Trait("Issue", "18")]
    public async Task InboxPage_ShowsTheWaitingReport_AndRejectingItWithAReasonEmptiesTheInbox_TheReportIsKept()
    {
        using var f = await new IntakeFixture(DateTimeOffset.UtcNow).SeedAsync();
        var receipt = await f.App.ReceiveReportAsync(f.Sender, IntakeFixture.Report("m-1"));
        await f.App.SetSystemPasswordHashAsync("sb", Vern.Web.Security.Passwords.Hash(Password), "test");
        using var web = new Factory(f.DbPath);
        var client = await LoginAsync(web, "sb");
        var page = await client.GetStringAsync("/innboks");
        Assert.Contains(receipt.ReceiptId.ToString(), page, StringComparison.Ordinal);
        Assert.Contains("Nora Hansen", page, StringComparison.Ordinal);

        var empty = await client.PostAsync("/innboks?handler=reject", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__vern_af"] = WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value), ["receipt"] = receipt.ReceiptId.ToString(), ["reason"] = "",
        }));
        Assert.Contains("oppgi hvorfor", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var rejected = await client.PostAsync("/innboks?handler=reject", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__vern_af"] = WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value), ["receipt"] = receipt.ReceiptId.ToString(), ["reason"] = "Testmelding",
        }));
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        Assert.Contains("Ingen meldinger venter", await client.GetStringAsync("/innboks"), StringComparison.Ordinal);
        Assert.Equal(1, f.Count("SELECT count(*) FROM intake_dispositions WHERE reason = 'Testmelding'"));
        Assert.Equal(1, f.Count("SELECT count(*) FROM intake_reports"));
    }

    private static async Task<HttpClient> LoginAsync(Factory web, string user)
    {
        var client = web.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        var form = await client.GetStringAsync("/logg-inn");
        var login = await client.PostAsync("/logg-inn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__vern_af"] = WebUtility.HtmlDecode(Token().Match(form).Groups[1].Value),
            ["brukernavn"] = user,
            ["passord"] = Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return client;
    }

    [System.Text.RegularExpressions.GeneratedRegex("name=\"__vern_af\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex Token();
}
