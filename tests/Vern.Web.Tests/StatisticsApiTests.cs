using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vern.Web.Tests;

/// <summary>Issue 19 on the web: the indicators through /api/v1/statistics/indicators and the page /statistikk, through the real
/// pipeline on a real SQLite file. A leader sees the own municipality's exact figures; an analyst gets aggregates with small
/// counts suppressed («:»); a caseworker is refused (AccessPolicy: Statistics is the leader's, the analyst's and the auditor's).</summary>
public sealed class StatisticsApiTests : IAsyncLifetime
{
    private VernWebFactory _app = null!;

    public async Task InitializeAsync() => _app = await VernWebFactory.StartAsync();

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    // The seeded report was received ten days ago (TestData).
    private static int ThisYear => Norway.Now.AddDays(-10).Year;

    [Fact]
    public async Task Leader_GetsTheOwnMunicipalitysExactFigures()
    {
        var client = await _app.LoginAsync(TestData.Leader);
        var json = await client.GetFromJsonAsync<JsonElement>($"/api/v1/statistics/indicators?year={ThisYear}&years=1");
        Assert.Equal(TestData.Municipality, json.GetProperty("municipality").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("suppression").ValueKind);
        var rows = json.GetProperty("rows").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(TestData.Municipality, r.GetProperty("region").GetString()));
        // The seeded cases were reported this year: the count of reports received is exact (no «:»).
        var reports = rows.Single(r => r.GetProperty("indicatorId").GetString() == "reports-received-year" && r.GetProperty("year").GetInt32() == ThisYear);
        Assert.True(reports.GetProperty("value").GetDecimal() >= 1);
        Assert.Equal(JsonValueKind.Null, reports.GetProperty("symbol").ValueKind);
    }

    [Fact]
    public async Task Analyst_GetsTheNationWithSmallCountsSuppressed()
    {
        var client = await _app.LoginAsync(TestData.Analyst);
        var json = await client.GetFromJsonAsync<JsonElement>($"/api/v1/statistics/indicators?year={ThisYear}&years=1");
        Assert.Equal(JsonValueKind.Null, json.GetProperty("municipality").ValueKind);
        Assert.Equal(4, json.GetProperty("suppression").GetProperty("maxSuppressed").GetInt32());
        var rows = json.GetProperty("rows").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        // The test data have a handful of cases: every count from 1 to 4 is shown as «:», never as its value.
        Assert.DoesNotContain(rows, r => r.GetProperty("value").ValueKind == JsonValueKind.Number
            && r.GetProperty("unit").GetString() is "barn" or "tiltak" or "meldinger" or "undersøkelser" or "flyttinger"
            && r.GetProperty("value").GetDecimal() is >= 1 and <= 4);
        Assert.Contains(rows, r => r.GetProperty("symbol").ValueKind == JsonValueKind.String && r.GetProperty("symbol").GetString() == ":");
    }

    /// <summary>Issue 19: the web host catches the statistics projection up in the background after a change
    /// (<see cref="StatisticsCatchUp"/>), so the read's own catch-up finds nothing left; the read's figure includes the change.</summary>
    [Fact]
    public async Task AChange_IsCaughtUpInTheBackground_AndTheReadCountsIt()
    {
        var client = await _app.LoginAsync(TestData.Leader);
        async Task<decimal> Received() =>
            (await client.GetFromJsonAsync<JsonElement>($"/api/v1/statistics/indicators?year={ThisYear}&years=1")).GetProperty("rows").EnumerateArray()
                .Single(r => r.GetProperty("indicatorId").GetString() == "reports-received-year" && r.GetProperty("year").GetInt32() == ThisYear
                             && r.GetProperty("ageGroup").GetString() == "alle")
                .GetProperty("value").GetDecimal();
        var before = await Received();
        var catchUp = _app.Services.GetRequiredService<StatisticsCatchUp>();
        var updated = catchUp.Updated;
        using (var scope = _app.Services.CreateScope())
        {
            var app = scope.ServiceProvider.GetRequiredService<Vern.Application.VernApp>();
            var leader = await app.ActorAsync(TestData.Leader);
            await app.RecordAsync(leader, _app.Data.Own, new Vern.Domain.Cases.ReceiveReport(DateOnly.FromDateTime(Norway.Now.AddDays(-10)),
                [new Vern.Domain.Cases.CodedValue("1")], [new Vern.Domain.Cases.CodedValue("1.1.02")]));
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (catchUp.Updated == updated && DateTime.UtcNow < deadline)
                await Task.Delay(100);
            Assert.True(catchUp.Updated > updated, "the background did not catch the change up within 30 s");
            Assert.Equal(0, (await app.CatchUpStatisticsAsync())!.Updated); // nothing left for a read
        }
        Assert.Equal(before + 1, await Received()); // Melding: mottatt dato (SSB tabell 10673)
    }

    [Fact]
    public async Task Caseworker_IsRefusedWithProblemDetails()
    {
        var client = await _app.LoginAsync(TestData.Caseworker);
        var response = await client.GetAsync("/api/v1/statistics/indicators");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task StatisticsPage_Leader_ShowsTheTableAndTheApiLink()
    {
        var client = await _app.LoginAsync(TestData.Leader);
        var html = await client.GetStringAsync("/statistikk");
        Assert.Contains("<caption>Indikatorer, alle aldersgrupper</caption>", html, StringComparison.Ordinal);
        Assert.Contains("/api/v1/statistics/indicators", html, StringComparison.Ordinal);
        Assert.Contains($"Kommune {TestData.Municipality}", html, StringComparison.Ordinal);
    }
}
