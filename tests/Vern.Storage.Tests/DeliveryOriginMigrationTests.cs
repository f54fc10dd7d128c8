using Microsoft.Data.Sqlite;
using Npgsql;
using Vern.Domain.Cases;
using Vern.Storage.Postgres;
using Vern.Storage.Sqlite;
using Vern.Tests;

namespace Vern.Storage.Tests;

/// <summary>Migration 35 (issue 16: who exported and how) on a delivery log and history a Vern at schema 34 wrote, on both engines:
/// the exports from before keep no origin (the register page shows them as unknown), a second run of the step changes nothing, the
/// log itself (append-only) gets no column, and the next export's row says who and how.</summary>
[Collection(PostgresTestSchema.Collection)]
public sealed class DeliveryOriginMigrationTests
{
    private static readonly CaseId A = Ids.NewCaseId(), B = Ids.NewCaseId();
    private static readonly DateTimeOffset Before = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(1));

    /// <summary>An export of two cases, as a Vern at schema 34 recorded it: two log rows and its row of the history.</summary>
    private static readonly string[] Rows =
    [
        Row(1, A), Row(2, B),
        "INSERT INTO register_delivery_runs(municipality, delivered_at, cases, last_id) VALUES ('4601', '2026-03-01T08:00:00.0000000+01:00', 2, 2)",
    ];

    private static string Row(long id, CaseId c) =>
        $"""
        INSERT INTO register_deliveries(id, case_id, municipality, version, delivered_at, file_id, content_hash)
        VALUES ({id}, '{c}', '4601', 1, '2026-03-01T08:00:00.0000000+01:00', '{Guid.NewGuid()}', '{new string('a', 64)}')
        """;

    private static readonly string[] LogColumns = ["case_id", "content_hash", "delivered_at", "file_id", "id", "municipality", "version"];

    private static async Task AssertOldRowsUnknown_NewRowsSayWhoAndHow(IDeliveryLog log)
    {
        Assert.Equal([new DeliveryRun(Before, 2, null)], await log.HistoryAsync("4601"));

        var at = Before.AddMonths(1);
        using (var batch = log.Begin(await log.LatestAsync("4601"), new DeliveryOrigin("leder-4601", DeliveryWay.CliZip)))
        {
            batch.Add(new Delivery(A, "4601", 2, at, Guid.NewGuid(), new string('b', 64)));
            await batch.CommitAsync();
        }
        Assert.Equal([new DeliveryRun(at, 1, new DeliveryOrigin("leder-4601", DeliveryWay.CliZip)), new DeliveryRun(Before, 2, null)],
            await log.HistoryAsync("4601"));
    }

    [Fact]
    public async Task Sqlite_AHistoryWrittenAtSchema34_KeepsNoOriginAfterMigration35_AndNewExportsHaveOne()
    {
        using var file = new TempDatabase();
        using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file.Path, Pooling = false }.ToString()))
        {
            c.Open();
            SqliteMigrations.Run(c, upTo: 34);
            foreach (var sql in Rows)
                TempDatabase.Exec(c, sql);
            SqliteMigrations.Run(c, upTo: SqliteMigrations.Latest);
            using (var tx = c.BeginTransaction())
            {
                SqliteDeliveryLog.AddOrigin(c, tx); // a second run of the step changes nothing
                tx.Commit();
            }
            Assert.Equal(LogColumns, Column(c, "SELECT name FROM pragma_table_info('register_deliveries') ORDER BY name"));
            Assert.Equal(["2|"], Column(c, "SELECT cases || '|' || coalesce(exported_by, '') || coalesce(exported_how, '') FROM register_delivery_runs"));
        }
        using var log = new SqliteDeliveryLog(file.Path);
        await AssertOldRowsUnknown_NewRowsSayWhoAndHow(log);
    }

    [SkippableFact]
    public async Task Postgres_AHistoryWrittenAtSchema34_KeepsNoOriginAfterMigration35_AndNewExportsHaveOne()
    {
        using var pg = new PostgresTestSchema();
        await pg.AtVersionAsync(34, Rows.Append("SELECT setval(pg_get_serial_sequence('register_deliveries', 'id'), 2)"));
        using var db = await PostgresDatabase.OpenAsync(pg.ConnectionString, create: false);
        using (var c = pg.Connect())
        {
            using (var again = new NpgsqlCommand(PostgresDeliveryLog.OriginSchema, c))
                again.ExecuteNonQuery(); // a second run of the step changes nothing
            using var columns = new NpgsqlCommand(
                "SELECT string_agg(column_name, ',' ORDER BY column_name) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'register_deliveries'", c);
            Assert.Equal(string.Join(',', LogColumns), columns.ExecuteScalar());
            using var origins = new NpgsqlCommand("SELECT count(*) FROM register_delivery_runs WHERE exported_by IS NULL AND exported_how IS NULL", c);
            Assert.Equal(1L, origins.ExecuteScalar());
        }
        await AssertOldRowsUnknown_NewRowsSayWhoAndHow(db.Deliveries);
    }

    private static List<string> Column(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var values = new List<string>();
        while (r.Read())
            values.Add(r.GetString(0));
        return values;
    }
}
