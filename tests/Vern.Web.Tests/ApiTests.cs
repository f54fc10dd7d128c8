using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vern.Application;
using Vern.Storage;
using Vern.Tests;

namespace Vern.Web.Tests;

/// <summary>The JSON API through the real pipeline (TestServer) on a real SQLite file: 401 anonymous, 403 refused and logged,
/// 403 for another municipality's case and for one that does not exist, alike (style habit 29), 422 ProblemDetails naming the field, rule and source, If-Match.</summary>
public sealed class ApiTests : IAsyncLifetime
{
    private VernWebFactory _app = null!;

    public async Task InitializeAsync() => _app = await VernWebFactory.StartAsync();

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private static string Today => Norway.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("GET", "/api/v1/me")]
    [InlineData("GET", "/api/v1/worklist")]
    [InlineData("GET", "/api/v1/dashboard")]
    [InlineData("GET", "/api/v1/users")]
    [InlineData("POST", "/api/v1/search")]
    [InlineData("POST", "/api/v1/cases")]
    public async Task Anonymous_Gets401(string method, string path)
    {
        var response = await _app.Client().SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Anonymous_CaseEndpoints_Get401()
    {
        var client = _app.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/v1/cases/{_app.Data.Own}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync($"/api/v1/cases/{_app.Data.Own}/commands", JsonContent.Create(new { }))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/v1/cases/{_app.Data.Own}/access")).StatusCode);
    }

    [Fact]
    public async Task Me_NamesTheActor()
    {
        var client = await _app.LoginAsync(TestData.Caseworker);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal("caseworker", me.GetProperty("role").GetString());
        Assert.Equal(TestData.Municipality, me.GetProperty("municipalityNumber").GetString());
    }

    [Fact]
    public async Task Worklist_Caseworker_SeesTheOverdueReviewWithItsSection()
    {
        var client = await _app.LoginAsync(TestData.Caseworker);
        var lists = (await client.GetFromJsonAsync<JsonElement>("/api/v1/worklist")).GetProperty("lists");
        var item = lists.EnumerateArray().SelectMany(l => l.GetProperty("items").EnumerateArray()).Single(i => i.GetProperty("rule").GetString() == "melding-gjennomgang");
        Assert.Equal("over fristen", item.GetProperty("status").GetString());
        Assert.Contains("§ 2-1", item.GetProperty("source").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worklist_IsPaged_WithTheTotal_AndEveryDutyOnExactlyOnePage()
    {
        // Issue 16: a leader's worklist of a 20,000-case service was 3 MB in one answer. Pages of «pageSize» duties, in order.
        var client = await _app.LoginAsync(TestData.Leader);
        var whole = await client.GetFromJsonAsync<JsonElement>("/api/v1/worklist");
        var total = whole.GetProperty("total").GetInt32();
        Assert.True(total >= 2, $"the test data has {total} open duties");
        Assert.Equal(1, whole.GetProperty("pages").GetInt32());
        Assert.Equal(JsonValueKind.Null, whole.GetProperty("next").ValueKind);
        static IEnumerable<string> Items(JsonElement page) => page.GetProperty("lists").EnumerateArray()
            .SelectMany(l => l.GetProperty("items").EnumerateArray().Select(i => $"{l.GetProperty("caseworker").GetString()} {i.GetProperty("caseId").GetString()} {i.GetProperty("rule").GetString()} {i.GetProperty("dueDate").GetString()}"));
        var paged = new List<string>();
        string? next = "/api/v1/worklist?pageSize=1";
        while (next is not null)
        {
            var page = await client.GetFromJsonAsync<JsonElement>(next);
            Assert.Equal(total, page.GetProperty("total").GetInt32());
            Assert.Equal(total, page.GetProperty("pages").GetInt32());
            paged.Add(Assert.Single(Items(page)));
            // Each list keeps its own count in all, not the page's.
            Assert.All(page.GetProperty("lists").EnumerateArray(), l => Assert.True(l.GetProperty("open").GetInt32() >= 1));
            next = page.GetProperty("next").GetString();
        }
        Assert.Equal(Items(whole), paged);

        foreach (var (query, field) in new[] { ("page=0", "page"), ("pageSize=0", "pageSize"), ("pageSize=5001", "pageSize"), ("page=abc", "page") })
        {
            var bad = await client.GetAsync("/api/v1/worklist?" + query);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{query}: {problem}");
        }
    }

    [Fact]
    public async Task OpenCase_AnUnreadableSex_Is400_NamingTheField_AndNothingIsStored()
    {
        // Barnevern_v4.xsd Personalia/@Kjonn: 1, 2 or 0. A value that is no Kjønn is refused at the field before anything is decided.
        var client = await _app.LoginAsync(TestData.Leader);
        var before = (await client.PostAsJsonAsync("/api/v1/search", new { text = "Uleselig" })).Content;
        Assert.Equal("[]", await before.ReadAsStringAsync());
        foreach (var sex in new object[] { "x", "jente", true })
        {
            var response = await client.PostAsJsonAsync("/api/v1/cases", new { journalNumber = "2026-0999", openedOn = Today, sex, birthDate = "2015-05-05", givenName = "Ule", familyName = "Uleselig" });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            var message = Assert.Single(problem.GetProperty("errors").GetProperty("sex").EnumerateArray()).GetString()!;
            Assert.Contains("Kjonn", message, StringComparison.Ordinal);
            Assert.Equal("sex", Assert.Single(problem.GetProperty("issues").EnumerateArray()).GetProperty("field").GetString());
        }
        Assert.Equal("[]", await (await client.PostAsJsonAsync("/api/v1/search", new { text = "Uleselig" })).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Case_OwnCase_ReturnsChildDutiesAndTimeline_AndTheReadIsLogged()
    {
        var client = await _app.LoginAsync(TestData.Caseworker);
        var view = await client.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{_app.Data.Own}");
        Assert.Equal("Nora", view.GetProperty("child").GetProperty("givenName").GetString());
        Assert.True(view.GetProperty("timeline").GetArrayLength() >= 3);
        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        var log = await app.CaseAccessAsync(await app.ActorAsync(TestData.Leader), _app.Data.Own);
        Assert.Contains(log, e => e.ActorId == TestData.Caseworker && e.Purpose == "api sak" && e.Outcome == AccessEntry.Allowed);
    }

    [Fact]
    public async Task Case_OtherMunicipality_Is403_AndTheDenialIsLogged()
    {
        var client = await _app.LoginAsync(TestData.Caseworker);
        var response = await client.GetAsync($"/api/v1/cases/{_app.Data.Other}");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Ola", body, StringComparison.Ordinal);
        Assert.DoesNotContain(TestData.OtherMunicipality, body, StringComparison.Ordinal);
        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        var log = await app.CaseAccessAsync(await app.ActorAsync(TestData.OtherLeader), _app.Data.Other);
        Assert.Contains(log, e => e.ActorId == TestData.Caseworker && e.Outcome == AccessEntry.Denied);
    }

    /// <summary>Style habit 29: a case that does not exist and another municipality's case get the same answer, so nobody learns
    /// whether a case id exists elsewhere; both attempts are logged as refused.</summary>
    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "/access")]
    [InlineData("POST", "/commands")]
    public async Task Case_Nonexistent_AnswersExactlyAsAnotherMunicipalitysCase(string method, string suffix)
    {
        var client = await _app.LoginAsync(TestData.Leader);
        var missing = Guid.NewGuid();
        async Task<(HttpStatusCode Status, string? Title, string? Detail)> Ask(Guid id)
        {
            var request = new HttpRequestMessage(new HttpMethod(method), $"/api/v1/cases/{id}{suffix}");
            if (method == "POST")
                request.Content = Json($$"""{ "command": "close-case", "closedOn": "{{Today}}" }""");
            var response = await client.SendAsync(request);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (response.StatusCode, problem.GetProperty("title").GetString(), problem.GetProperty("detail").GetString());
        }
        var other = await Ask(_app.Data.Other.Value);
        var none = await Ask(missing);
        Assert.Equal(HttpStatusCode.Forbidden, other.Status);
        Assert.Equal(other, none);
        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        var all = await app.ReadAllAccessForTestsAsync(TestData.Leader);
        Assert.Contains(all, e => e.Outcome == AccessEntry.Denied && e.CaseId == _app.Data.Other);
        Assert.Contains(all, e => e.Outcome == AccessEntry.Denied && e.CaseId?.Value == missing);
    }

    [Fact]
    public async Task Dashboard_Caseworker_Is403_AndLogged()
    {
        var client = await _app.LoginAsync(TestData.Caseworker);
        var response = await client.GetAsync("/api/v1/dashboard");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("internkontrollen", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        var all = await app.ReadAllAccessForTestsAsync(TestData.Caseworker);
        Assert.Contains(all, e => e.Outcome == AccessEntry.Denied && e.Operation == "compliance");
    }

    [Theory]
    [InlineData(TestData.Leader, HttpStatusCode.OK)]
    [InlineData(TestData.Auditor, HttpStatusCode.OK)]
    [InlineData(TestData.Caseworker, HttpStatusCode.Forbidden)]
    [InlineData(TestData.Administrator, HttpStatusCode.Forbidden)]
    public async Task Dashboard_ByRole_FollowsThePolicy(string user, HttpStatusCode expected)
    {
        var client = await _app.LoginAsync(user);
        Assert.Equal(expected, (await client.GetAsync("/api/v1/dashboard")).StatusCode);
    }

    [Theory]
    [InlineData(TestData.Administrator, HttpStatusCode.OK)]
    [InlineData(TestData.Leader, HttpStatusCode.Forbidden)]
    [InlineData(TestData.Caseworker, HttpStatusCode.Forbidden)]
    public async Task Users_OnlyTheAdministrator(string user, HttpStatusCode expected)
    {
        var client = await _app.LoginAsync(user);
        Assert.Equal(expected, (await client.GetAsync("/api/v1/users")).StatusCode);
    }

    [Theory]
    [InlineData(TestData.Caseworker, HttpStatusCode.OK)]
    [InlineData(TestData.Leader, HttpStatusCode.OK)]
    [InlineData(TestData.Administrator, HttpStatusCode.Forbidden)]
    public async Task RecordStep_ByRole_FollowsThePolicy(string user, HttpStatusCode expected)
    {
        var client = await _app.LoginAsync(user);
        var response = await client.PostAsync($"/api/v1/cases/{_app.Data.Own}/commands", Json($$"""{ "command": "receive-report", "receivedOn": "{{Today}}", "reporters": [{ "code": "9" }], "contents": [] }"""));
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task RecordStep_BrokenRule_Is422NamingFieldRuleAndSource_AndStoresNothing()
    {
        var client = await _app.LoginAsync(TestData.Caseworker);
        var future = Norway.Now.AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var response = await client.PostAsync($"/api/v1/cases/{_app.Data.Own}/commands", Json($$"""{ "command": "receive-report", "receivedOn": "{{future}}", "reporters": [{ "code": "99" }], "contents": [] }"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("receivedOn", out _));
        var issues = problem.GetProperty("issues").EnumerateArray().ToList();
        Assert.Contains(issues, i => i.GetProperty("code").GetString() == "vern.date.future" && i.GetProperty("field").GetString() == "receivedOn"
            && i.GetProperty("source").GetString()!.Length > 0);
        Assert.Contains(issues, i => i.GetProperty("code").GetString() == "vern.code.unknown");
        var view = await client.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{_app.Data.Own}");
        Assert.Equal(3, view.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task RecordStep_StaleIfMatch_Is412_AndStoresNothing()
    {
        var client = await _app.LoginAsync(TestData.Caseworker);
        var body = $$"""{ "command": "receive-report", "receivedOn": "{{Today}}", "reporters": [{ "code": "9" }], "contents": [] }""";
        var first = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cases/{_app.Data.Own}/commands") { Content = Json(body) };
        first.Headers.IfMatch.ParseAdd("\"3\"");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(first)).StatusCode);
        var second = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cases/{_app.Data.Own}/commands") { Content = Json(body) };
        second.Headers.IfMatch.ParseAdd("\"3\"");
        var response = await client.SendAsync(second);
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(4, problem.GetProperty("currentVersion").GetInt64());
    }

    [Fact]
    public async Task Search_ByFodselsnummer_IsAPost_AndFindsOnlyOwnService()
    {
        var client = await _app.LoginAsync(TestData.Leader);
        var found = await (await client.PostAsJsonAsync("/api/v1/search", new { text = "Nora" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(_app.Data.OwnJournal, Assert.Single(found.EnumerateArray()).GetProperty("journalNumber").GetString());
        var other = await (await client.PostAsJsonAsync("/api/v1/search", new { text = "Ola" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(other.EnumerateArray());
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheEndpoints()
    {
        var doc = await _app.Client().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        foreach (var p in new[] { "/api/v1/me", "/api/v1/worklist", "/api/v1/cases/{id}", "/api/v1/cases", "/api/v1/cases/{id}/commands", "/api/v1/search", "/api/v1/cases/{id}/access", "/api/v1/dashboard", "/api/v1/users", "/api/v1/referrals", "/api/v1/referrals/{referral}", "/api/v1/state/waiting-list", "/api/v1/state/breaches", "/api/v1/state/stays" })
            Assert.True(paths.TryGetProperty(p, out _), p);
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
