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
    public async Task APersonalToken_ActsAsItsUser_ButCannotDeliverReports()
    {
        var token = await _f.App.CreateAccessTokenAsync(await _f.As("admin-a"), AccessTokenKind.Personal, "", "leder", null);
        var client = Client(token.Secret);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal("leder", me.GetProperty("userId").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync(Path, Json(IntakeFixture.Report("m-1")))).StatusCode);
    }
}
