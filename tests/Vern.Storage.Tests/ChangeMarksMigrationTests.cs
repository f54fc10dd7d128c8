using Microsoft.Data.Sqlite;
using Npgsql;
using Vern.Domain.Access;
using Vern.Storage.Postgres;
using Vern.Storage.Sqlite;
using Vern.Tests;

namespace Vern.Storage.Tests;

/// <summary>Migration 32 (issue 17, under load) on users and staff a Vern at schema 31 wrote, on both engines: the users' change mark
/// starts at the size of their history and the staff registry's at 0, a second run of the step changes neither, and after it every
/// change of a user (through the user store) and every import of staff moves its own mark and not the other.</summary>
[Collection(PostgresTestSchema.Collection)]
public sealed class ChangeMarksMigrationTests
{
    /// <summary>A user and her history as a Vern at schema 31 stored them (added, then her role changed), and one employee.</summary>
    private static readonly string[] Rows =
    [
        "INSERT INTO users(id, name, role, municipality, created_at, created_by) VALUES ('kari', 'Kari', 'caseworker', '4601', '2026-01-01T08:00:00.0000000+00:00', 'admin')",
        "INSERT INTO user_changes(user_id, change, new_value, at, by) VALUES ('kari', 'added', 'saksbehandler', '2026-01-01T08:00:00.0000000+00:00', 'admin')",
        "INSERT INTO user_changes(user_id, change, old_value, new_value, at, by) VALUES ('kari', 'role', 'saksbehandler', 'leder', '2026-02-01T08:00:00.0000000+00:00', 'admin')",
        "INSERT INTO staff VALUES ('kari', '4601', 'Kari', 'leder', 'RelevantBachelor', 4, 0, 1.0)",
    ];

    private static async Task AssertMarksMoveWithTheirOwnStore(IUserStore users, IStaffRegistry staff)
    {
        var before = (Users: await users.ChangeMarkAsync(), Staff: await staff.ChangeMarkAsync());
        Assert.Equal((2L, 0L), before);
        await staff.UpsertAsync([new StaffMember("ola", "4601", "Ola", "saksbehandler", Education.None)], "admin", DateTimeOffset.UnixEpoch);
        var imported = (Users: await users.ChangeMarkAsync(), Staff: await staff.ChangeMarkAsync());
        Assert.True(imported.Users == before.Users && imported.Staff != before.Staff, $"{before} → {imported}");
        await users.SetDisabledAsync("kari", true, "admin", DateTimeOffset.UnixEpoch);
        var disabled = (Users: await users.ChangeMarkAsync(), Staff: await staff.ChangeMarkAsync());
        Assert.True(disabled.Users != imported.Users && disabled.Staff == imported.Staff, $"{imported} → {disabled}");
    }

    [Fact]
    public async Task Sqlite_UsersAndStaffWrittenAtSchema31_HaveTheirMarksAfterMigration32()
    {
        using var file = new TempDatabase();
        using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file.Path, Pooling = false }.ToString()))
        {
            c.Open();
            SqliteMigrations.Run(c, upTo: 31);
            foreach (var sql in Rows)
                Exec(c, sql);
            SqliteMigrations.Run(c, upTo: SqliteMigrations.Latest); // 32 and every later step
            Exec(c, SqliteStaffRegistry.ChangeMarksSchema); // a second run of the step changes nothing
            Assert.Equal("staff=0 users=2", Marks(c));
        }
        using var users = SqliteUserStore.Open(file.Path, create: false);
        using var staff = SqliteStaffRegistry.Open(file.Path);
        await AssertMarksMoveWithTheirOwnStore(users, staff);
    }

    [SkippableFact]
    public async Task Postgres_UsersAndStaffWrittenAtSchema31_HaveTheirMarksAfterMigration32()
    {
        using var pg = new PostgresTestSchema();
        await pg.AtVersionAsync(31, Rows);
        using var db = await PostgresDatabase.OpenAsync(pg.ConnectionString, create: false);
        using (var c = pg.Connect())
        {
            using (var again = new NpgsqlCommand(PostgresStaffRegistry.ChangeMarksSchema, c))
                again.ExecuteNonQuery(); // a second run of the step changes nothing
            using var marks = new NpgsqlCommand("SELECT string_agg(name || '=' || value, ' ' ORDER BY name) FROM change_marks", c);
            Assert.Equal("staff=0 users=2", marks.ExecuteScalar());
        }
        await AssertMarksMoveWithTheirOwnStore(db.Users, db.Staff);
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static string Marks(SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT group_concat(name || '=' || value, ' ') FROM (SELECT name, value FROM change_marks ORDER BY name)";
        return (string)cmd.ExecuteScalar()!;
    }
}
