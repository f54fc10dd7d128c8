using Microsoft.Data.Sqlite;
using Npgsql;
using Vern.Domain.Cases;
using Vern.Storage.Postgres;
using Vern.Storage.Sqlite;
using Vern.Tests;

namespace Vern.Storage.Tests;

/// <summary>Migrations 30 (issue 14) and 31 (issue 16) on a delivery log a Vern at schema 29 wrote, on both engines: every case's
/// latest delivery is the one it was before (the log's last row per municipality and case), the log keeps every row, the reads
/// use the new indexes and tables, the delivery history is the log grouped per export, and the next export's commit is checked
/// and recorded as before.</summary>
[Collection(PostgresTestSchema.Collection)]
public sealed class DeliveryLogMigrationTests
{
    private static readonly CaseId A = Ids.NewCaseId(), B = Ids.NewCaseId();
    private static readonly Guid AFirst = Guid.NewGuid(), ASecond = Guid.NewGuid(), BFirst = Guid.NewGuid(), BIn0301 = Guid.NewGuid();

    /// <summary>Rows as a Vern at schema 29 stored them: case A delivered twice in 4601, case B once in 4601 and, later, once in
    /// 0301: the log's last row per municipality and case is what counts.</summary>
    private static readonly string[] Rows =
    [
        Row(1, B, "4601", 1, BFirst, 'b'),
        Row(2, A, "4601", 1, AFirst, 'a'),
        Row(3, A, "4601", 2, ASecond, 'c'),
        Row(4, B, "0301", 3, BIn0301, 'd'),
    ];

    private static string Row(long id, CaseId c, string municipality, long version, Guid file, char hash) =>
        $"""
        INSERT INTO register_deliveries(id, case_id, municipality, version, delivered_at, file_id, content_hash)
        VALUES ({id}, '{c}', '{municipality}', {version}, '2026-0{id}-01T08:00:00.0000000+01:00', '{file}', '{new string(hash, 64)}')
        """;

    private static async Task AssertLatestAsBefore(IDeliveryLog log)
    {
        var bergen = await log.LatestAsync("4601");
        Assert.Equal(new HashSet<CaseId> { A, B }, bergen.Keys.ToHashSet());
        Assert.Equal(ASecond, bergen[A].FileId);
        Assert.True(bergen[A].SameContent(new string('c', 64)));
        Assert.Equal(BFirst, bergen[B].FileId);
        Assert.Equal(BIn0301, Assert.Single(await log.LatestAsync("0301")).Value.FileId);

        // The exports after the migration: of two at once the second to commit is refused, the first becomes the latest.
        var read = await log.LatestAsync("4601");
        using var first = log.Begin(read);
        using var second = log.Begin(read);
        first.Add(new Delivery(A, "4601", 3, DateTimeOffset.UnixEpoch, Guid.NewGuid(), new string('e', 64)));
        second.Add(new Delivery(B, "4601", 2, DateTimeOffset.UnixEpoch, Guid.NewGuid(), new string('e', 64)));
        await first.CommitAsync();
        await Assert.ThrowsAsync<DeliveryConflictException>(() => second.CommitAsync());
        bergen = await log.LatestAsync("4601");
        Assert.True(bergen[A].SameContent(new string('e', 64)));
        Assert.Equal(BFirst, bergen[B].FileId);

        // Migration 31 summed the log per export (each row above is its own export, dated by its id), and the commit added its own.
        Assert.Equal([DateTimeOffset.UnixEpoch, At(3), At(2), At(1)], (await log.HistoryAsync("4601")).Select(r => r.DeliveredAt));
        Assert.All(await log.HistoryAsync("4601"), r => Assert.Equal(1, r.Cases));
        Assert.Equal(At(4), Assert.Single(await log.HistoryAsync("0301")).DeliveredAt);
    }

    private static DateTimeOffset At(int id) => DateTimeOffset.Parse($"2026-0{id}-01T08:00:00.0000000+01:00", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Sqlite_ALogWrittenAtSchema29_ReadsTheSameAfterMigration30()
    {
        using var file = new TempDatabase();
        using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file.Path, Pooling = false }.ToString()))
        {
            c.Open();
            SqliteMigrations.Run(c, upTo: 29);
            foreach (var sql in Rows)
                Exec(c, sql);
            SqliteMigrations.Run(c, upTo: SqliteMigrations.Latest); // 30 and every later step
            Exec(c, SqliteDeliveryLog.LatestSchema); // a second run of the step changes nothing
            Assert.Equal(4, Scalar(c, "SELECT count(*) FROM register_deliveries"));
            Assert.Equal(3, Scalar(c, "SELECT count(*) FROM register_latest_deliveries"));
            Assert.Equal(0, Scalar(c, "SELECT count(*) FROM sqlite_master WHERE name = 'register_deliveries_case'"));
            Assert.Contains(Plan(c, SqliteDeliveryLog.PositionSql), l => l.Contains("COVERING INDEX register_deliveries_municipality", StringComparison.Ordinal));
            Assert.Contains(Plan(c, SqliteDeliveryLog.LatestSql), l => l.Contains("SEARCH register_latest_deliveries USING PRIMARY KEY (municipality=?)", StringComparison.Ordinal));
            Exec(c, SqliteDeliveryLog.RunsSchema); // migration 31, again: the same rows
            Assert.Equal(4, Scalar(c, "SELECT count(*) FROM register_delivery_runs"));
            Assert.Contains(Plan(c, SqliteDeliveryLog.HistorySql), l => l.Contains("USING INDEX register_delivery_runs_newest (municipality=?)", StringComparison.Ordinal));
            Assert.DoesNotContain(Plan(c, SqliteDeliveryLog.HistorySql), l => l.Contains("TEMP B-TREE", StringComparison.Ordinal));
        }
        using var log = new SqliteDeliveryLog(file.Path);
        await AssertLatestAsBefore(log);
    }

    [SkippableFact]
    public async Task Postgres_ALogWrittenAtSchema29_ReadsTheSameAfterMigration30()
    {
        using var pg = new PostgresTestSchema();
        await pg.AtVersionAsync(29, Rows.Append("SELECT setval(pg_get_serial_sequence('register_deliveries', 'id'), 4)"));
        using var db = await PostgresDatabase.OpenAsync(pg.ConnectionString, create: false);
        using (var c = pg.Connect())
        {
            using (var again = new NpgsqlCommand(PostgresDeliveryLog.LatestSchema + PostgresDeliveryLog.RunsSchema, c))
                again.ExecuteNonQuery(); // a second run of the steps changes nothing
            using var count = new NpgsqlCommand("SELECT (SELECT count(*) FROM register_deliveries) * 10 + (SELECT count(*) FROM register_latest_deliveries)", c);
            Assert.Equal(43L, count.ExecuteScalar());
            using var index = new NpgsqlCommand("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'register_deliveries_case'", c);
            Assert.Equal(0L, index.ExecuteScalar());
        }
        await AssertLatestAsBefore(db.Deliveries);
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    private static List<string> Plan(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "EXPLAIN QUERY PLAN " + sql;
        cmd.Parameters.AddWithValue("$m", "4601");
        if (sql.Contains("$n", StringComparison.Ordinal))
            cmd.Parameters.AddWithValue("$n", 50);
        var plan = new List<string>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            plan.Add(r.GetString(3));
        return plan;
    }
}
