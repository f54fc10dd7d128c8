using Microsoft.Data.Sqlite;
using Npgsql;
using Vern.Storage.Postgres;
using Vern.Storage.Sqlite;
using Vern.Tests;

namespace Vern.Storage.Tests;

/// <summary>Migration 33 (issue 16: an employee's last day, sluttdato) on a staff registry a Vern at schema 32 wrote, on both engines:
/// every employee stored before is still employed (no last day), a second run of the step changes nothing, and a last day is then
/// stored and read back.</summary>
[Collection(PostgresTestSchema.Collection)]
public sealed class StaffLeftOnMigrationTests
{
    private static readonly string[] Rows = ["INSERT INTO staff VALUES ('kari', '4601', 'Kari', 'leder', 'RelevantBachelor', 4, 0, 1.0)"];

    private static readonly StaffMember Kari = new("kari", "4601", "Kari", "leder", Education.RelevantBachelor, 4, 0, 1.0);

    private static async Task AssertStillEmployed_ThenLeaves(IStaffRegistry staff)
    {
        Assert.Equal([Kari], await staff.ListAsync(MunicipalityScope.Of("4601")));
        await staff.UpsertAsync([Kari with { LeftOn = new DateOnly(2026, 6, 30) }], "admin", DateTimeOffset.UnixEpoch);
        Assert.Equal(new DateOnly(2026, 6, 30), Assert.Single(await staff.ListAsync(MunicipalityScope.Of("4601"))).LeftOn);
    }

    [Fact]
    public async Task Sqlite_StaffWrittenAtSchema32_IsStillEmployedAfterMigration33()
    {
        using var file = new TempDatabase();
        using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file.Path, Pooling = false }.ToString()))
        {
            c.Open();
            SqliteMigrations.Run(c, upTo: 32);
            foreach (var sql in Rows)
            {
                using var cmd = c.CreateCommand();
                cmd.CommandText = sql;
                cmd.ExecuteNonQuery();
            }
            SqliteMigrations.Run(c, upTo: SqliteMigrations.Latest);
            using var tx = c.BeginTransaction();
            SqliteStaffRegistry.AddLeftOn(c, tx); // a second run of the step changes nothing
            tx.Commit();
        }
        using var staff = SqliteStaffRegistry.Open(file.Path);
        await AssertStillEmployed_ThenLeaves(staff);
    }

    [SkippableFact]
    public async Task Postgres_StaffWrittenAtSchema32_IsStillEmployedAfterMigration33()
    {
        using var pg = new PostgresTestSchema();
        await pg.AtVersionAsync(32, Rows);
        using var db = await PostgresDatabase.OpenAsync(pg.ConnectionString, create: false);
        using (var c = pg.Connect())
        using (var again = new NpgsqlCommand(PostgresStaffRegistry.LeftOnSchema, c))
            again.ExecuteNonQuery(); // a second run of the step changes nothing
        await AssertStillEmployed_ThenLeaves(db.Staff);
    }
}
