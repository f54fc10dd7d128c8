using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Vern.Application;
using Vern.Domain.Access;
using Vern.Storage;
using Vern.Tests;

namespace Vern.Web.Tests;

/// <summary>One seeded database for the whole matrix (the calls only add to it).</summary>
public sealed class MatrixSite : IAsyncLifetime
{
    public VernWebFactory App { get; private set; } = null!;

    private readonly Dictionary<string, HttpClient> _clients = [];
    private readonly SemaphoreSlim _lock = new(1, 1);

    public async Task InitializeAsync() => App = await VernWebFactory.StartAsync();

    public async Task<HttpClient> As(string user)
    {
        await _lock.WaitAsync();
        try
        {
            if (!_clients.TryGetValue(user, out var client))
                _clients[user] = client = await App.LoginAsync(user);
            return client;
        }
        finally
        {
            _lock.Release();
        }
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>Every /api/v1 endpoint × every role, expected status generated from <see cref="AccessPolicy.Table"/> (the same matrix
/// as the application layer, never copied by hand): an allowed call succeeds, a refused one is 403 ProblemDetails and its denial is in
/// the access log under the operation's name. A test also checks that the matrix covers every endpoint the app maps.</summary>
public sealed class ApiMatrixTests(MatrixSite site) : IClassFixture<MatrixSite>
{
    /// <summary>What each endpoint does in the application layer's terms: the operations it needs (all of them), whether it acts
    /// on one case (a case-scoped check: aggregates-only scopes are refused) and its success status.</summary>
    private sealed record Endpoint(string Method, string Route, Operation[] Operations, bool OnCase, HttpStatusCode Success);

    private static readonly Endpoint[] Endpoints =
    [
        new("GET", "/api/v1/me", [], false, HttpStatusCode.OK),
        new("GET", "/api/v1/worklist", [Operation.Worklist], false, HttpStatusCode.OK),
        new("GET", "/api/v1/cases/{id}", [Operation.ViewCase], true, HttpStatusCode.OK),
        new("POST", "/api/v1/cases", [Operation.OpenCase], true, HttpStatusCode.Created),
        new("POST", "/api/v1/cases/{id}/commands", [Operation.RecordStep], true, HttpStatusCode.OK),
        new("POST", "/api/v1/search", [Operation.ListCases], false, HttpStatusCode.OK),
        new("POST", "/api/v1/search/documentation", [Operation.SearchDocumentation], false, HttpStatusCode.OK),
        new("GET", "/api/v1/cases/{id}/access", [Operation.CaseAccessReport], true, HttpStatusCode.OK),
        new("GET", "/api/v1/dashboard", [Operation.Compliance, Operation.Capacity], false, HttpStatusCode.OK),
        new("GET", "/api/v1/users", [Operation.ManageUsers], false, HttpStatusCode.OK),
        new("GET", "/api/v1/staff", [Operation.Staff], false, HttpStatusCode.OK),
        new("PUT", "/api/v1/staff/{staffId}", [Operation.Staff], false, HttpStatusCode.OK),
        new("GET", "/api/v1/register/findings", [Operation.RegisterCheck], false, HttpStatusCode.OK),
        new("GET", "/api/v1/register/deliveries", [Operation.RegisterExport], false, HttpStatusCode.OK),
    ];

    public static TheoryData<string, string, Role> Matrix()
    {
        var data = new TheoryData<string, string, Role>();
        foreach (var e in Endpoints)
            foreach (var role in Enum.GetValues<Role>())
                data.Add(e.Method, e.Route, role);
        return data;
    }

    /// <summary>Allowed when every operation the endpoint needs has a scope for the role; on a case, aggregates are not enough.
    /// The seeded case is assigned to the caseworker, so "assigned cases" reaches it; every user but Bufetat's is in its municipality.</summary>
    private static bool Allowed(Endpoint e, Role role) =>
        e.Operations.All(op => AccessPolicy.ScopeOf(role, op) switch
        {
            Scope.None => false,
            Scope.AggregatesOnly => !e.OnCase,
            _ => role != Role.BufetatIntake,
        });

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Endpoint_ByRole_FollowsThePolicyTable(string method, string route, Role role)
    {
        var e = Endpoints.Single(x => x.Method == method && x.Route == route);
        var user = TestData.ByRole[role];
        var client = await site.As(user);
        var before = DateTimeOffset.UtcNow;
        var response = await client.SendAsync(Request(e));
        var allowed = Allowed(e, role);
        Assert.True((allowed ? e.Success : HttpStatusCode.Forbidden) == response.StatusCode,
            $"{method} {route} as {role}: expected {(allowed ? e.Success : HttpStatusCode.Forbidden)}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (allowed)
            return;
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var app = VernApp.OpenSqlite(site.App.Database, TestReference.CodeLists.Value, TimeProvider.System);
        var denials = (await app.ReadAllAccessForTestsAsync(user)).Where(a => a.Outcome == AccessEntry.Denied && a.At >= before.AddSeconds(-1)).ToList();
        Assert.Contains(denials, a => e.Operations.Any(op => a.Operation == VernApp.OperationName(op)));
    }

    /// <summary>Every endpoint of the case work API (VernApi) is in the matrix: a new one fails here until it is added.</summary>
    [Fact]
    public void Matrix_CoversEveryApiEndpoint()
    {
        var mapped = site.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(r => r.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true
                // The case work API (VernApi, tag "Vern"); the state side's and the intake's APIs are their own tests' to cover.
                && r.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.ITagsMetadata>()?.Tags.Contains("Vern") == true)
            .SelectMany(r => (r.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {Normalise(r.RoutePattern.RawText!)}"))
            .ToHashSet();
        var covered = Endpoints.Select(e => $"{e.Method} {e.Route}").ToHashSet();
        Assert.Equal(mapped.Order(StringComparer.Ordinal), covered.Order(StringComparer.Ordinal));
    }

    /// <summary>Pages and API answers with personal data are never cached (Cache-Control: no-store), logged in or not.</summary>
    [Theory]
    [InlineData("/")]
    [InlineData("/leder")]
    [InlineData("/register")]
    [InlineData("/saker/{id}")]
    [InlineData("/api/v1/cases/{id}")]
    [InlineData("/api/v1/worklist")]
    public async Task PersonalData_IsNoStore(string path)
    {
        var client = await site.As(TestData.Leader);
        var response = await client.GetAsync(path.Replace("{id}", site.App.Data.Own.ToString(), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, path);
    }

    /// <summary>Every form POST needs the antiforgery token: a step form and the register export without it are refused (400)
    /// and nothing is stored.</summary>
    [Theory]
    [InlineData("/saker/{id}/registrer/avslutt-sak")]
    [InlineData("/register")]
    public async Task FormPost_WithoutAntiforgeryToken_IsRefused(string path)
    {
        var client = await site.As(TestData.Leader);
        var response = await client.PostAsync(path.Replace("{id}", site.App.Data.Own.ToString(), StringComparison.Ordinal),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["closedOn"] = Norway.Now.ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture), ["__version"] = "3" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var app = VernApp.OpenSqlite(site.App.Database, TestReference.CodeLists.Value, TimeProvider.System);
        Assert.False((await app.ShowCaseAsync(await app.ActorAsync(TestData.Leader), site.App.Data.Own)).State.IsClosed);
    }

    private static string Normalise(string route) => route.Replace("{id:guid}", "{id}", StringComparison.Ordinal);

    private HttpRequestMessage Request(Endpoint e)
    {
        var today = Norway.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(new HttpMethod(e.Method), e.Route.Replace("{id}", site.App.Data.Own.ToString(), StringComparison.Ordinal)
            .Replace("{staffId}", "matrise-ansatt", StringComparison.Ordinal));
        request.Content = e.Route switch
        {
            "/api/v1/cases" => JsonContent.Create(new { journalNumber = "M-" + Guid.NewGuid().ToString("N")[..8], openedOn = today, sex = 2, birthDate = "2015-05-05", givenName = "Test" }),
            "/api/v1/cases/{id}/commands" => new StringContent($$"""{ "command": "receive-report", "receivedOn": "{{today}}", "reporters": [{ "code": "9" }], "contents": [] }""",
                System.Text.Encoding.UTF8, "application/json"),
            "/api/v1/search" => JsonContent.Create(new { text = "Nora" }),
            "/api/v1/staff/{staffId}" => JsonContent.Create(new { name = "Matrise Ansatt", position = "saksbehandler", education = "RelevantBachelor" }),
            "/api/v1/search/documentation" => JsonContent.Create(new { text = "barnehage", purpose = "matrisetest" }),
            _ => null,
        };
        return request;
    }
}
