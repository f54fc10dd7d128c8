using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Vern.Tests;

namespace Vern.Web.Tests;

/// <summary>A write the database refuses by a rule kept in the schema (a trigger) reaches the API as 409 with a ProblemDetails
/// that names the rule, on both engines (issue 17: «one refusal on both engines»; the CLI's exit 3 is EngineCliTests'), and
/// nothing is stored. Vern's own rules are refused by the application layer before the store is reached (a report disposed of
/// twice, a person on a second case: the triggers are the backstop for a race), so the test puts a rule of its own in the
/// schema, a trigger that refuses every new event, as an operator's rule would be: on SQLite it is a RAISE(ABORT) that the
/// store's statement helper turns into <c>StoreRefusedException</c>, on PostgreSQL a RAISE EXCEPTION that reaches the host
/// as the driver's exception; both are mapped by <c>StoreRefusal</c>.</summary>
[Collection(PostgresTestSchema.Collection)]
public sealed class StoreRefusalApiTests
{
    private const string Rule = "this case is on hold: no new events (a rule of this test)";

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ARefusedStoreWrite_IsA409Problem_NamingTheRule_AndNothingIsStored(string engine)
    {
        using var pg = new PostgresTestSchema();
        using var app = engine == "postgres" ? await VernWebFactory.StartAsync(pg.ConnectionString) : await VernWebFactory.StartAsync();
        var caseworker = await app.LoginAsync(TestData.Caseworker);
        var before = (await caseworker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{app.Data.Own}")).GetProperty("version").GetInt64();

        if (engine == "postgres")
        {
            await using var c = new NpgsqlConnection(pg.ConnectionString);
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"""
                CREATE FUNCTION test_hold() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{Rule}'; END $$;
                CREATE TRIGGER test_hold BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION test_hold();
                """, c);
            await cmd.ExecuteNonQueryAsync();
        }
        else
        {
            await using var c = new SqliteConnection($"Data Source={app.Database};Pooling=False");
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = $"CREATE TRIGGER test_hold BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, '{Rule}'); END;";
            await cmd.ExecuteNonQueryAsync();
        }

        var today = Norway.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var refused = await caseworker.PostAsync($"/api/v1/cases/{app.Data.Own}/commands", new StringContent(
            $$"""{ "command": "receive-report", "receivedOn": "{{today}}", "reporters": [{ "code": "9" }], "contents": [] }""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Equal("Avvist av databasen", problem.GetProperty("title").GetString());
        Assert.Equal(Rule, problem.GetProperty("rule").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains(Rule, detail, StringComparison.Ordinal);
        Assert.Contains("Ingenting ble lagret", detail, StringComparison.Ordinal);
        // Nothing stored: the case is at the version it had, and the next read still works.
        Assert.Equal(before, (await caseworker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{app.Data.Own}")).GetProperty("version").GetInt64());
    }
}
