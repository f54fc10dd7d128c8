using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Vern.Tests;

namespace Vern.Web.Tests;

/// <summary>The web app on both engines (issue 17: "every suite that touches storage" on both): the same walk through a case on
/// a SQLite file and on a PostgreSQL schema of the CI cluster (VERN_TEST_POSTGRES; skipped without it, failed with
/// VERN_REQUIRE_POSTGRES=1): log in through the form, open the case page, record a step through the API, and read the case's
/// access log, which holds that caseworker's reads and the step's version.</summary>
[Collection(PostgresTestSchema.Collection)]
public sealed class EngineWebTests
{
    private static string Today => Norway.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task LoginOpenACaseRecordAStep_AndReadTheAccessLog(string engine)
    {
        using var pg = new PostgresTestSchema();
        using var app = engine == "postgres" ? await VernWebFactory.StartAsync(pg.ConnectionString) : await VernWebFactory.StartAsync();
        var caseworker = await app.LoginAsync(TestData.Caseworker);

        // The case page, as the caseworker the case is assigned to.
        var page = WebUtility.HtmlDecode(await caseworker.GetStringAsync($"/saker/{app.Data.Own}"));
        Assert.Contains("Nora", page, StringComparison.Ordinal);
        Assert.Contains(app.Data.OwnJournal, page, StringComparison.Ordinal);

        // A step through the API: stored at the next version.
        var before = (await caseworker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{app.Data.Own}")).GetProperty("version").GetInt64();
        var recorded = await caseworker.PostAsync($"/api/v1/cases/{app.Data.Own}/commands", new StringContent(
            $$"""{ "command": "receive-report", "receivedOn": "{{Today}}", "reporters": [{ "code": "9" }], "contents": [] }""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        Assert.Equal(before + 1, (await caseworker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{app.Data.Own}")).GetProperty("version").GetInt64());

        // The access log, read by the leader: the caseworker's reads of the page and the API are there, every row allowed.
        var leader = await app.LoginAsync(TestData.Leader);
        var log = (await leader.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{app.Data.Own}/access")).EnumerateArray().ToList();
        var sara = log.Where(e => e.GetProperty("actor").GetString() == TestData.Caseworker).ToList();
        Assert.True(sara.Count >= 3, $"expected the caseworker's page read, two API reads and the step in the log, got {sara.Count}");
        Assert.All(sara, e => Assert.Equal("allowed", e.GetProperty("outcome").GetString()));
        // The leader's own read of the log is logged too (issue 15), seen on the next read.
        var again = (await leader.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{app.Data.Own}/access")).EnumerateArray();
        Assert.Contains(again, e => e.GetProperty("actor").GetString() == TestData.Leader);

        if (engine == "postgres")
        {
            // The rows are in PostgreSQL: the case's events and its access log in this schema.
            await using var c = new NpgsqlConnection(pg.ConnectionString);
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT (SELECT count(*) FROM events WHERE case_id = @c), (SELECT count(*) FROM access_log WHERE case_id = @c)", c);
            cmd.Parameters.AddWithValue("c", app.Data.Own.Value);
            await using var r = await cmd.ExecuteReaderAsync();
            Assert.True(await r.ReadAsync());
            Assert.Equal(before + 1, r.GetInt64(0));
            Assert.True(r.GetInt64(1) >= sara.Count);
        }
    }

    /// <summary>On PostgreSQL the change feed's committed cursor is the oldest open writing transaction of the cluster
    /// (<c>pg_snapshot_xmin</c>), so one such transaction anywhere — another request's access-log commit, a bulk import, another
    /// service's slow write — holds it back, and with it the host's lookup of the cases. The case read's kept overview is checked against
    /// the case's own row, so a step just recorded is on the next read, and a caseworker the case was taken from is refused at
    /// once, however long the cursor waits (CI failed on this: the read after a recorded step showed the version before it).</summary>
    [SkippableFact]
    public async Task CaseRead_WhileAnOpenTransactionHoldsTheFeedBack_ShowsTheStepJustRecorded_AndRefusesTheFormerCaseworker()
    {
        using var pg = new PostgresTestSchema();
        using var app = await VernWebFactory.StartAsync(pg.ConnectionString);
        var caseworker = await app.LoginAsync(TestData.Caseworker);
        var path = $"/api/v1/cases/{app.Data.Own}";
        var before = (await caseworker.GetFromJsonAsync<JsonElement>(path)).GetProperty("version").GetInt64();
        Assert.Equal(before, (await caseworker.GetFromJsonAsync<JsonElement>(path)).GetProperty("version").GetInt64()); // kept now

        // Another session opens a transaction that has written (it has a transaction id) and stays open.
        await using var holder = new NpgsqlConnection(pg.ConnectionString);
        await holder.OpenAsync();
        await using var held = await holder.BeginTransactionAsync();
        await using (var xid = new NpgsqlCommand("SELECT pg_current_xact_id()", holder, held))
            await xid.ExecuteScalarAsync();

        var recorded = await caseworker.PostAsync($"{path}/commands", new StringContent(
            $$"""{ "command": "receive-report", "receivedOn": "{{Today}}", "reporters": [{ "code": "9" }], "contents": [] }""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        Assert.Equal(before + 1, (await caseworker.GetFromJsonAsync<JsonElement>(path)).GetProperty("version").GetInt64());

        // Reassigned beside the server (as `vern case assign` would): the former caseworker is refused at the next read.
        using (var cli = Vern.Application.VernApp.Open(pg.ConnectionString, TestReference.CodeLists.Value, TimeProvider.System))
        {
            var leader = await cli.ActorAsync(TestData.Leader);
            await cli.AssignAsync(leader, app.Data.Own, TestData.Leader, cli.Today);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await caseworker.GetAsync(path)).StatusCode);
        await held.RollbackAsync();
    }
}
