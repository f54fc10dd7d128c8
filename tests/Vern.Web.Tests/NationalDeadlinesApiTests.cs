using System.Net;
using System.Text.Json;
using Vern.Application;
using Vern.Domain.Access;
using Vern.Storage;

namespace Vern.Web.Tests;

/// <summary>GET /api/v1/deadlines/national (issue 16, speed: "the national deadline list through the API"): no role may read a
/// national list of children's duties (AccessPolicy gives none a national scope for deadlines; barnevernsloven § 13-1), so the
/// endpoint is an aggregate under the statistics row — analyst and auditor (with a purpose) only — with counts of 1–4 suppressed
/// and never a case, name or journal number in it. A refusal is 403 and logged.</summary>
public sealed class NationalDeadlinesApiTests : IAsyncLifetime
{
    private VernWebFactory _app = null!;

    public async Task InitializeAsync() => _app = await VernWebFactory.StartAsync();

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(Role.Analyst, "", HttpStatusCode.OK)]
    [InlineData(Role.Auditor, "?purpose=tilsyn%20med%20fristene", HttpStatusCode.OK)] // without ?purpose the API names its own, as every endpoint
    [InlineData(Role.Leader, "", HttpStatusCode.Forbidden)]  // a leader sees the own service's duties on the worklist
    [InlineData(Role.Caseworker, "", HttpStatusCode.Forbidden)]
    [InlineData(Role.Administrator, "", HttpStatusCode.Forbidden)]
    [InlineData(Role.BufetatIntake, "", HttpStatusCode.Forbidden)]
    public async Task NationalOverview_ByRole_AggregatesOnly_RefusalsLogged(Role role, string query, HttpStatusCode expected)
    {
        var user = TestData.ByRole[role];
        var client = await _app.LoginAsync(user);
        var response = await client.GetAsync("/api/v1/deadlines/national" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{role}: {(int)response.StatusCode} {body}");
        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        var rows = (await app.ReadAllAccessForTestsAsync(user)).Where(a => a.Operation == VernApp.OperationName(Operation.Statistics)).ToList();
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(AccessEntry.Denied, Assert.Single(rows).Outcome);
            return;
        }
        // One bulk read of the nation's open cases counted (scope "*"), allowed.
        var row = Assert.Single(rows);
        Assert.Equal((AccessEntry.Allowed, "*"), (row.Outcome, row.Scope));
        var json = JsonDocument.Parse(body).RootElement;
        // The seeded 7777 case has one open duty (its report of concern to review): a count of 1 is suppressed (null), and so is
        // the nation's total that would give it away.
        var m7777 = json.GetProperty("municipalities").EnumerateArray().Single(m => m.GetProperty("municipality").GetString() == TestData.Municipality);
        Assert.Equal(JsonValueKind.Null, m7777.GetProperty("openInAll").ValueKind);
        Assert.All(m7777.GetProperty("open").EnumerateArray(), c => Assert.True(c.ValueKind == JsonValueKind.Null || c.GetInt32() is 0 or >= 5));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("total").GetProperty("openInAll").ValueKind);
        Assert.DoesNotContain(_app.Data.OwnJournal, body, StringComparison.Ordinal);
        Assert.DoesNotContain("Nora", body, StringComparison.Ordinal);
        Assert.DoesNotContain(_app.Data.Own.ToString(), body, StringComparison.Ordinal);
    }
}
