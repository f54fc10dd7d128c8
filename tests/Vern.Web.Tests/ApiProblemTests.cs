using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Vern.Application;
using Vern.Storage.Intake;
using Vern.Tests;

namespace Vern.Web.Tests;

/// <summary>Issue 16: "Errors are ProblemDetails that name the field and the rule". Every failure under /api answers
/// <c>application/problem+json</c> with a status and a bokmål title, never the HTML error page, whichever part of the pipeline
/// refused it (the login challenge, the authorization, routing, an endpoint, the last-resort exception handler). Pages keep
/// their HTML error page.</summary>
public sealed class ApiProblemTests : IAsyncLifetime
{
    private VernWebFactory _app = null!;

    public async Task InitializeAsync() => _app = await VernWebFactory.StartAsync();

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private static string Today => Norway.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The body is a ProblemDetails (RFC 9457) with the response's status, a title, and no HTML.</summary>
    private static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<html", text, StringComparison.OrdinalIgnoreCase);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    [Theory]
    [InlineData("GET", "/api/v1/me")]
    [InlineData("GET", "/api/v1/worklist")]
    [InlineData("POST", "/api/v1/search")]
    [InlineData("GET", "/api/v1/referrals")]
    public async Task Anonymous_401_IsProblemJson_EvenForABrowserThatAsksForHtml(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) };
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        var problem = await AssertProblem(await _app.Client().SendAsync(request), HttpStatusCode.Unauthorized);
        Assert.Equal("Ikke innlogget", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task UnknownOrRevokedToken_401_IsProblemJson()
    {
        var client = _app.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "vern_not-a-token");
        await AssertProblem(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SystemTokenOutsideIntake_403_IsProblemJson()
    {
        var secret = await SystemToken();
        var client = _app.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        await AssertProblem(await client.GetAsync("/api/v1/worklist"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Refused_403_IsProblemJson()
    {
        var client = await _app.LoginAsync(TestData.Caseworker);
        var problem = await AssertProblem(await client.GetAsync("/api/v1/users"), HttpStatusCode.Forbidden);
        Assert.Contains("logget", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/v1/finnes-ikke", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v2/me", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v1/cases/ikke-en-guid", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/v1/me", HttpStatusCode.MethodNotAllowed)]
    public async Task RoutingFailures_AreProblemJson(string method, string path, HttpStatusCode status)
    {
        var client = await _app.LoginAsync(TestData.Caseworker);
        await AssertProblem(await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)), status);
    }

    [Fact]
    public async Task MalformedBody_400_IsProblemJson()
    {
        var client = await _app.LoginAsync(TestData.Leader);
        await AssertProblem(await client.PostAsync("/api/v1/cases", new StringContent("{ ikke json", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task BrokenRule_422_IsProblemJson_NamingTheFieldAndRule()
    {
        var client = await _app.LoginAsync(TestData.Caseworker);
        var tomorrow = Norway.Now.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var response = await client.PostAsync($"/api/v1/cases/{_app.Data.Own}/commands",
            new StringContent($$"""{ "command": "receive-report", "receivedOn": "{{tomorrow}}", "reporters": [{ "code": "1" }], "contents": [] }""", Encoding.UTF8, "application/json"));
        var problem = await AssertProblem(response, HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("receivedOn", out _));
    }

    /// <summary>409: a sender's message id used again for other content (issue 18's idempotency); nothing of the second is stored.</summary>
    [Fact]
    public async Task MessageIdReused_409_IsProblemJson()
    {
        var client = _app.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SystemToken());
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/v1/intake/reports", Report("m-1", "Første beskrivelse av bekymringen."))).StatusCode);
        await AssertProblem(await client.PostAsync("/api/v1/intake/reports", Report("m-1", "En annen beskrivelse med samme meldings-id.")), HttpStatusCode.Conflict);
    }

    /// <summary>412: a write with If-Match on a version that is no longer the case's (issue 16: two editors never overwrite).</summary>
    [Fact]
    public async Task StaleIfMatch_412_IsProblemJson()
    {
        var client = await _app.LoginAsync(TestData.Caseworker);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cases/{_app.Data.Own}/commands")
        {
            Content = new StringContent($$"""{ "command": "receive-report", "receivedOn": "{{Today}}", "reporters": [{ "code": "1" }], "contents": [] }""", Encoding.UTF8, "application/json"),
        };
        request.Headers.IfMatch.ParseAdd("\"1\"");
        var problem = await AssertProblem(await client.SendAsync(request), HttpStatusCode.PreconditionFailed);
        Assert.Equal(1, problem.GetProperty("expectedVersion").GetInt64());
    }

    /// <summary>500: the database vanishes under a running server. The API answers a ProblemDetails without the exception's text
    /// (it may hold personal data); a page answers the HTML error page.</summary>
    [Fact]
    public async Task UnexpectedFailure_500_IsProblemJsonForTheApi_AndTheErrorPageForAPerson()
    {
        var client = await _app.LoginAsync(TestData.Caseworker);
        var moved = _app.Database + ".borte";
        File.Move(_app.Database, moved);
        try
        {
            var problem = await AssertProblem(await client.GetAsync("/api/v1/me"), HttpStatusCode.InternalServerError);
            Assert.DoesNotContain(_app.Database, problem.ToString(), StringComparison.Ordinal);
            var page = await client.GetAsync("/");
            Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Noe gikk galt", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            File.Move(moved, _app.Database);
        }
    }

    [Fact]
    public async Task Pages_KeepTheHtmlErrorPage()
    {
        var client = await _app.LoginAsync(TestData.Caseworker);
        var missing = await client.GetAsync("/finnes-ikke");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("text/html", missing.Content.Headers.ContentType?.MediaType);
        var refused = await client.GetAsync("/leder");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await _app.Client().GetAsync("/api")).StatusCode);
    }

    private async Task<string> SystemToken()
    {
        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        var token = await app.CreateAccessTokenAsync(await app.ActorAsync(TestData.Administrator), AccessTokenKind.System, "meldeportal", null, TestData.Municipality);
        return token.Secret;
    }

    private static StringContent Report(string messageId, string description) => new(JsonSerializer.Serialize(new
    {
        messageId,
        senderKind = "national-form",
        municipalityNumber = TestData.Municipality,
        child = new { givenName = "Nora", familyName = "Nilsen", birthDate = "2017-03-02", sex = "female" },
        description,
        reporter = new { name = "Kari Lærer", role = "lærer", anonymous = false },
        receivedAt = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"),
    }), Encoding.UTF8, "application/json");
}
