using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Vern.Storage.Sqlite;

/// <summary>One forward-only schema step: its number, what it does, and its SQL.</summary>
public sealed record Migration(int Version, string Description, string Sql);

/// <summary>The one migration runner for every table in a Vern database. The schema version is recorded in
/// <c>meta.schema_version</c> and each applied step in <c>schema_migrations</c>; steps only go forward, each in its own
/// transaction together with the version it leaves behind. A database newer than this build is refused.
/// Add a step by appending to <see cref="All"/>; never edit one that has shipped.</summary>
public static class SqliteMigrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "events, case snapshots, access log (the schema of Vern before the migration runner)", """
            CREATE TABLE IF NOT EXISTS cases (
                case_id TEXT PRIMARY KEY,
                municipality TEXT NOT NULL,
                journal_number TEXT NOT NULL,
                version INTEGER NOT NULL,
                updated_at TEXT NOT NULL,
                state TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS cases_municipality ON cases(municipality, journal_number);
            CREATE TABLE IF NOT EXISTS events (
                position INTEGER PRIMARY KEY AUTOINCREMENT,
                case_id TEXT NOT NULL REFERENCES cases(case_id),
                version INTEGER NOT NULL,
                type TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                data TEXT NOT NULL,
                UNIQUE (case_id, version));
            CREATE TRIGGER IF NOT EXISTS events_append_only_update BEFORE UPDATE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only: corrections are new events'); END;
            CREATE TRIGGER IF NOT EXISTS events_append_only_delete BEFORE DELETE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only: nothing is deleted'); END;
            CREATE TABLE IF NOT EXISTS access_log (
                position INTEGER PRIMARY KEY AUTOINCREMENT,
                case_id TEXT NOT NULL,
                user TEXT NOT NULL,
                purpose TEXT NOT NULL,
                at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS access_log_case ON access_log(case_id);
            CREATE TRIGGER IF NOT EXISTS access_log_append_only_update BEFORE UPDATE ON access_log
                BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
            CREATE TRIGGER IF NOT EXISTS access_log_append_only_delete BEFORE DELETE ON access_log
                BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
            """),
        new(2, "users with kept history, settings, and the widened access log (actor, role, operation, purpose, case or scope, bulk case-id sets)", """
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                role TEXT NOT NULL,
                municipality TEXT,
                bydel TEXT,
                region TEXT,
                disabled INTEGER NOT NULL DEFAULT 0,
                password_hash TEXT,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL);
            CREATE TRIGGER users_never_deleted BEFORE DELETE ON users
                BEGIN SELECT RAISE(ABORT, 'users are never deleted: disable them'); END;
            CREATE TABLE user_changes (
                position INTEGER PRIMARY KEY AUTOINCREMENT,
                user_id TEXT NOT NULL REFERENCES users(id),
                change TEXT NOT NULL,
                old_value TEXT,
                new_value TEXT,
                at TEXT NOT NULL,
                by TEXT NOT NULL);
            CREATE INDEX user_changes_user ON user_changes(user_id, position);
            CREATE TRIGGER user_changes_append_only_update BEFORE UPDATE ON user_changes
                BEGIN SELECT RAISE(ABORT, 'user history is append-only'); END;
            CREATE TRIGGER user_changes_append_only_delete BEFORE DELETE ON user_changes
                BEGIN SELECT RAISE(ABORT, 'user history is append-only'); END;
            CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, changed_at TEXT NOT NULL, changed_by TEXT NOT NULL);
            CREATE TABLE setting_changes (
                position INTEGER PRIMARY KEY AUTOINCREMENT,
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                at TEXT NOT NULL,
                by TEXT NOT NULL);
            CREATE TRIGGER setting_changes_append_only_update BEFORE UPDATE ON setting_changes
                BEGIN SELECT RAISE(ABORT, 'setting history is append-only'); END;
            CREATE TRIGGER setting_changes_append_only_delete BEFORE DELETE ON setting_changes
                BEGIN SELECT RAISE(ABORT, 'setting history is append-only'); END;

            -- The access log gets its wider shape; rows of schema 1 are copied as they were: their user is the actor,
            -- their purpose ("case show", "case export") was the operation, their role was not recorded.
            DROP TRIGGER access_log_append_only_update;
            DROP TRIGGER access_log_append_only_delete;
            ALTER TABLE access_log RENAME TO access_log_v1;
            CREATE TABLE access_log (
                position INTEGER PRIMARY KEY AUTOINCREMENT,
                at TEXT NOT NULL,
                actor_id TEXT NOT NULL,
                role TEXT NOT NULL,
                operation TEXT NOT NULL,
                purpose TEXT NOT NULL,
                case_id TEXT,
                scope TEXT,
                case_count INTEGER NOT NULL,
                outcome TEXT NOT NULL CHECK (outcome IN ('allowed', 'denied')),
                case_ids BLOB,
                CHECK (case_id IS NOT NULL OR scope IS NOT NULL));
            INSERT INTO access_log(position, at, actor_id, role, operation, purpose, case_id, scope, case_count, outcome, case_ids)
                SELECT position, at, user, '(ukjent før skjema 2)', purpose, purpose, case_id, NULL, 1, 'allowed', NULL FROM access_log_v1 ORDER BY position;
            DROP INDEX IF EXISTS access_log_case;
            DROP TABLE access_log_v1;
            CREATE INDEX access_log_case ON access_log(case_id) WHERE case_id IS NOT NULL;
            CREATE INDEX access_log_bulk ON access_log(scope) WHERE case_ids IS NOT NULL;
            CREATE INDEX access_log_actor ON access_log(actor_id);
            CREATE TRIGGER access_log_append_only_update BEFORE UPDATE ON access_log
                BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
            CREATE TRIGGER access_log_append_only_delete BEFORE DELETE ON access_log
                BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
            """),
    ];

    /// <summary>The schema version this build brings a database to.</summary>
    public static int Latest => All[^1].Version;

    /// <summary>The recorded schema version (0 for an empty database).</summary>
    public static int CurrentVersion(SqliteConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'";
        if ((long)cmd.ExecuteScalar()! == 0)
            return 0;
        cmd.CommandText = "SELECT value FROM meta WHERE key = 'schema_version'";
        return cmd.ExecuteScalar() is string v ? int.Parse(v, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>Brings the database up to <see cref="Latest"/> and returns the version it found. Refuses a database made by
    /// a newer Vern.</summary>
    public static int Run(SqliteConnection connection, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var found = CurrentVersion(connection);
        if (found > Latest)
            throw new InvalidOperationException($"Databasen har skjemaversjon {found}, men denne Vern-versjonen kjenner bare {Latest}. Oppgrader Vern.");
        if (found == Latest)
            return found;
        // One writer migrates; another process opening the same file at the same time waits, then sees the new version.
        using var tx = connection.BeginTransaction(deferred: false);
        var current = CurrentVersion(connection);
        Exec(connection, tx, """
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);
            """);
        foreach (var m in All.Where(m => m.Version > current))
        {
            Exec(connection, tx, m.Sql);
            using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO meta(key, value) VALUES ('schema_version', $v) ON CONFLICT(key) DO UPDATE SET value = $v;
                INSERT OR IGNORE INTO schema_migrations(version, description, applied_at) VALUES ($n, $d, $a);
                """;
            cmd.Parameters.AddWithValue("$v", m.Version.ToString(CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("$n", m.Version);
            cmd.Parameters.AddWithValue("$d", m.Description);
            cmd.Parameters.AddWithValue("$a", clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
        return found;
    }

    /// <summary>Opens a connection to a Vern database with the store's settings (WAL, synchronous=FULL) and migrates it.</summary>
    public static SqliteConnection Open(string path, bool create = true, TimeProvider? clock = null)
    {
        if (!create && !File.Exists(path))
            throw new FileNotFoundException($"Databasen {path} finnes ikke. Lag den med «vern init --db {path}» eller «vern demo --db {path}».", path);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
            Directory.CreateDirectory(dir);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        try
        {
            connection.Open();
            using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;";
                cmd.ExecuteNonQuery();
            }
            Run(connection, clock);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Exec(SqliteConnection c, SqliteTransaction tx, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
