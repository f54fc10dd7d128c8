using System.Globalization;
using Microsoft.Data.Sqlite;
using Vern.Domain.Cases;

namespace Vern.Storage.Sqlite;

/// <summary>One forward-only schema step: its number, what it does, its SQL, and — for a step SQL cannot express (e.g.
/// computing hashes) — code run after the SQL in the same transaction. <paramref name="Postgres"/> is the same step's
/// PostgreSQL SQL ("" when the step has nothing to do there); a step without it (null, and none in
/// <see cref="Postgres.PostgresMigrations.Sql"/>) stops a PostgreSQL database at the step before it.</summary>
public sealed record Migration(int Version, string Description, string Sql, Action<SqliteConnection, SqliteTransaction>? Code = null, string? Postgres = null);

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
        new(3, "tamper evidence: events.hash, each event's SHA-256 chained to the one before it in its stream (computed for every stored event)",
            "ALTER TABLE events ADD COLUMN hash TEXT;", AddEventHashChain),
        new(4, "the feature areas' tables under the runner: deadline index, staff registry, register delivery and reporter logs", "", CreateFeatureTables),
        new(5, "case documentation: journal note versions, participation records, assessments, decision document versions (all append-only) and the notes' full-text index (FTS5)", Documentation.SqliteDocumentationStore.Schema),
        new(6, "intake (issue 18): received reports (unique per sender and message id), their dispositions (both append-only) and access tokens (hashed, revoked once)", Intake.SqliteIntakeStore.Schema, Postgres: Postgres.Features.PostgresFeatureSchemas.Intake),
        new(7, "duplicate children (issue 18 part 2): the duplicate index (one row per case, its lookup keys, the refresh mark), the decisions on candidates and the identity aliases (both append-only)", Matching.SqliteMatchingStore.Schema, Postgres: Postgres.Features.PostgresFeatureSchemas.Matching),
        new(8, "the state side (issue 21): referral events (append-only) with each referral's current state, Fiks messages received (by id) and sent (outbox and export log, append-only), facility versions (centres, institutions)", State.SqliteStateStore.Schema, Postgres: Postgres.Features.PostgresFeatureSchemas.State),
        new(10, "web login lockout: failed logins in a row and the lock per user name, kept across restarts", Security.SqliteLoginLockoutStore.Schema, Postgres: Postgres.Features.PostgresFeatureSchemas.LoginLockout),
        new(11, "persons on cases (the child's address, parents, others with parental responsibility, reporters; append-only versions) for parties' access copies", Parties.SqlitePartyStore.Schema, Postgres: Postgres.Features.PostgresFeatureSchemas.Parties),
        new(13, "attachments to journal notes and decision documents (issue 22): contents stored once by SHA-256, a row per attachment; both append-only, never erased",
            Documentation.SqliteDocumentationStore.AttachmentSchema, Postgres: Postgres.Documentation.PostgresDocumentationStore.AttachmentSchema),
        new(14, "co-payment invoices and credit notes per municipality and month (issue 21), append-only", Vern.Storage.Finance.SqliteInvoiceStore.Schema, Postgres: Vern.Storage.Finance.SqliteInvoiceStore.PostgresSchema),
        new(16, "the recorder's role in every event's metadata (issue 15): events.recorded_role; null for the events stored before (shown as «ukjent»), whose hashes keep form 1",
            "ALTER TABLE events ADD COLUMN recorded_role TEXT;", Postgres: "ALTER TABLE events ADD COLUMN IF NOT EXISTS recorded_role text;"),
        // PostgreSQL has no INSERT OR REPLACE; its ON CONFLICT DO UPDATE fires the UPDATE triggers, which already refuse.
        new(17, "issue 13: the REPLACE path closed: a conflicting insert into events, access_log, cases (snapshots) or register_deliveries is refused (INSERT OR REPLACE deletes the old row without firing its DELETE trigger); the delivery log becomes append-only", NoReplace, Postgres: ""),
        new(18, "issue 15: the case's bydel (Barnevern_v4.xsd Avgiver/@Bydelsnummer) on its snapshot row, so listings of a bydel's service read only its cases; null for the cases of a municipality without bydeler (every case stored before)",
            "ALTER TABLE cases ADD COLUMN bydel TEXT; CREATE INDEX cases_bydel ON cases(municipality, bydel, journal_number);",
            Postgres: "ALTER TABLE cases ADD COLUMN IF NOT EXISTS bydel text; CREATE INDEX IF NOT EXISTS cases_bydel ON cases(municipality, bydel, journal_number);"),
        new(20, "issue 22: an index on each case snapshot's caseworker, so a caseworker's search is narrowed to their own cases without reading every case of the municipality",
            "CREATE INDEX IF NOT EXISTS cases_caseworker ON cases(municipality, json_extract(state, '$.caseworkerId'));",
            Postgres: "CREATE INDEX IF NOT EXISTS cases_caseworker ON cases(municipality, ((state::jsonb) ->> 'caseworkerId'));"),
        new(21, "issue 15: the intake per bydel: the bydel whose inbox a received report came to (null: the municipality's reception; every report stored before) and the routings of a report to a bydel (append-only: who, when, from, to)",
            "", Intake.SqliteIntakeStore.AddBydel, Postgres: Postgres.Features.PostgresIntakeStore.BydelSchema),
        new(22, "issue 19: the statistics projection: one compact row per case with the facts the indicators read (the encoded facts, the municipality, the case version) and the change-feed mark it was brought up to; derived data, rebuilt when empty",
            SqliteStatisticsProjectionStore.Schema, Postgres: SqliteStatisticsProjectionStore.PostgresSchema),
        new(23, "issue 21: the span of each referral's stays on its state row (first start, last end; 9999-12-31 while a stay lasts; null without stays), filled from the stored states and indexed, so a month's invoices read only the referrals with a stay in the month",
            "", State.StaySpan.AddToSqlite, Postgres: State.StaySpan.PostgresSchema),
        new(24, "issue 16: an index on the municipal case id in each referral's details, so the case page reads its case's referrals without reading every referral of the municipality",
            $"CREATE INDEX IF NOT EXISTS state_referrals_case ON state_referrals({State.SqliteStateStore.CaseIdExpression});",
            Postgres: $"CREATE INDEX IF NOT EXISTS state_referrals_case ON state_referrals(({Postgres.Features.PostgresStateStore.CaseIdExpression}));"),
        new(25, "issue 22: full-text search over the participation records, assessments and decision documents (current version), not only the notes: one index row per document, scoped as the notes' rows, kept in the same transaction as each append; every row stored before is indexed here. And the decisions to withhold the child's views (or a passage) from one party's access copy (append-only)",
            Documentation.SqliteDocumentationStore.DocumentSearchSchema + Documentation.SqliteDocumentationStore.WithholdingSchema,
            Postgres: Postgres.Documentation.PostgresDocumentationStore.DocumentSearchSchema + Postgres.Documentation.PostgresDocumentationStore.WithholdingSchema),
        new(26, "issue 19: the bydel on each row of the statistics projection, indexed with the municipality, so a bydel's statistics read the projection, not the snapshots; the projection is emptied and rebuilt by its next refresh (derived data)",
            "", SqliteStatisticsProjectionStore.AddBydel, Postgres: SqliteStatisticsProjectionStore.PostgresBydelSchema),
        new(27, "issue 19: a covering index for listing the cases of a scope (id, journal number, version, time, bydel in listing order), so a listing reads the index, not each case row: on SQLite the bydel column (migration 18) sits after the row's snapshot and its overflow pages, and an analyst's national statistics listed every case for the access log by walking them",
            "CREATE INDEX IF NOT EXISTS cases_listing ON cases(municipality, journal_number, case_id, version, updated_at, bydel);",
            Postgres: "CREATE INDEX IF NOT EXISTS cases_listing ON cases(municipality, journal_number COLLATE \"C\") INCLUDE (case_id, version, updated_at, bydel);"),
        new(28, "issue 16: each distinct case-id set of the access log's bulk rows stored once (append-only), the row naming it by its SHA-256 digest: a leader's page logged the service's 20,000 ids (320 KB) again on every request, and a web bench grew the database from 183 MB to 4 GB. Rows stored before keep their own set",
            "", SqliteAccessLog.AddIdSets, Postgres: SqliteAccessLog.PostgresIdSetsSchema),
        new(29, "issue 16: the web server's key ring (ASP.NET Core Data Protection keys for the login and antiforgery cookies) in the database, append-only, so a restart, a new container or a second host on the same database keeps everyone logged in; before, the keys lay in the server user's home folder",
            Security.SqliteKeyRingStore.Schema, Postgres: Postgres.Features.PostgresFeatureSchemas.KeyRing),
        new(30, "issue 14: the delivery log's reads no longer grow with its history: an index on (municipality, id) for the commit's conflict check, and the latest delivery per case kept in its own table (register_latest_deliveries, filled here from the log and kept by every commit) for the export's look-up, which read every delivery the municipality ever had; the index on (municipality, case_id, id), which only that look-up read, is dropped. The log itself stays as it was, append-only",
            SqliteDeliveryLog.LatestSchema, Postgres: Postgres.PostgresDeliveryLog.LatestSchema),
        new(31, "issue 16: the register page's delivery history no longer groups the municipality's whole delivery log on each view: one row per export (when, how many cases, its last log row) kept in register_delivery_runs, filled here from the log and kept by every commit; on PostgreSQL the history was not read at all before (the page showed none). The log itself stays as it was, append-only",
            SqliteDeliveryLog.RunsSchema, Postgres: Postgres.PostgresDeliveryLog.RunsSchema),
        new(32, "issue 17: a change mark of the users and one of the staff registry (change_marks), moved by a trigger in the transaction of every change by any process, so that the web host keeps the staff names and the staff registry while the marks stay the same (the leader's dashboard reads both marks by one statement on PostgreSQL); on PostgreSQL the users' mark was a count of the whole user history, and the leader's dashboard read the staff registry and that count on every view",
            SqliteStaffRegistry.ChangeMarksSchema, Postgres: Postgres.PostgresStaffRegistry.ChangeMarksSchema),
        new(33, "issue 16: an employee's last day in the service (staff.left_on, sluttdato): the registry had no way to say that someone left, so a leader's capacity figures counted them and their cases showed no need of a new caseworker; null for every row stored before (still employed)",
            "", SqliteStaffRegistry.AddLeftOn, Postgres: Postgres.PostgresStaffRegistry.LeftOnSchema),
        new(34, "issue 16: the staff registry's history (staff_changes, append-only): every employee stored, as stored, with who and when, in the storing transaction; the registry replaced a row in place, so an earlier position, årsverk or last day was lost, and nobody could tell who had changed it. Rows stored before have no history from before this step",
            StaffRows.HistorySqlite, Postgres: StaffRows.HistoryPostgres),
        new(35, "issue 16: the register page's delivery history says who exported and how (web-download, cli-zip, cli-folder): two columns on register_delivery_runs, written by the export's commit in the transaction that records its deliveries; a leader answering the Statsforvalter, or an operator chasing a missing delivery, had only the access log's read, which nothing tied to the delivery. Null on every row from before (shown as unknown). The log itself stays as it was, append-only",
            "", SqliteDeliveryLog.AddOrigin, Postgres: Postgres.PostgresDeliveryLog.OriginSchema),
    ];

    /// <summary>Step 17 (issue 13 §2): SQLite's REPLACE conflict resolution deletes the row in the way without firing
    /// DELETE triggers (unless a connection turns recursive_triggers on), so an append-only table needs a guard on the
    /// insert itself. A BEFORE INSERT trigger runs before the conflict is resolved: it refuses any insert whose key is taken,
    /// whatever conflict clause the statement carries. The store writes a snapshot with UPDATE, then INSERT for a new case.</summary>
    private const string NoReplace = """
        CREATE TRIGGER events_no_replace BEFORE INSERT ON events
            WHEN EXISTS (SELECT 1 FROM events WHERE position = NEW.position OR (case_id = NEW.case_id AND version = NEW.version))
            BEGIN SELECT RAISE(ABORT, 'events are append-only: an insert over a stored event is refused'); END;
        CREATE TRIGGER access_log_no_replace BEFORE INSERT ON access_log
            WHEN EXISTS (SELECT 1 FROM access_log WHERE position = NEW.position)
            BEGIN SELECT RAISE(ABORT, 'the access log is append-only: an insert over a stored row is refused'); END;
        CREATE TRIGGER cases_no_replace BEFORE INSERT ON cases
            WHEN EXISTS (SELECT 1 FROM cases WHERE case_id = NEW.case_id)
            BEGIN SELECT RAISE(ABORT, 'a case snapshot is written by the event store only: an insert over a stored case is refused'); END;
        CREATE TRIGGER register_deliveries_no_replace BEFORE INSERT ON register_deliveries
            WHEN EXISTS (SELECT 1 FROM register_deliveries WHERE id = NEW.id)
            BEGIN SELECT RAISE(ABORT, 'the delivery log is append-only: an insert over a stored delivery is refused'); END;
        CREATE TRIGGER register_deliveries_append_only_update BEFORE UPDATE ON register_deliveries
            BEGIN SELECT RAISE(ABORT, 'the delivery log is append-only'); END;
        CREATE TRIGGER register_deliveries_append_only_delete BEFORE DELETE ON register_deliveries
            BEGIN SELECT RAISE(ABORT, 'the delivery log is append-only'); END;
        """;

    /// <summary>Refuses a database that is not Vern's before anything is written to it (no WAL switch, no tables, no
    /// triggers): a file with no schema version whose tables are not those of a Vern made before the migration runner
    /// (issue 13 §2, «--db pointed at another program's SQLite file»). An empty file, or a new one, is Vern's to make.</summary>
    public static void RefuseForeign(SqliteConnection connection)
    {
        if (CurrentVersion(connection) > 0)
            return;
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
        var tables = new List<string>();
        using (var r = cmd.ExecuteReader())
            while (r.Read())
                tables.Add(r.GetString(0));
        if (tables.Count == 0)
            return;
        cmd.CommandText = "SELECT count(*) FROM pragma_table_info('events') WHERE name IN ('case_id', 'version', 'recorded_by', 'recorded_at', 'data')";
        if (tables.Contains("cases") && (long)cmd.ExecuteScalar()! == 5)
            return; // Vern before the migration runner (schema 1 without meta): migrated forward
        throw new SqliteException(
            $"{connection.DataSource} er ikke en Vern-database (den har tabellene {string.Join(", ", tables.Take(5))}{(tables.Count > 5 ? ", …" : "")}, men ingen Vern-skjemaversjon); Vern endrer den ikke. Oppgi en Vern-database med --db, eller lag en med «vern init».", 1);
    }

    /// <summary>Refuses a Vern database made by an older Vern (a schema version below <see cref="Latest"/>, or the tables of a Vern
    /// from before the runner) before anything is written to it (issue 13 §2: create and migrate only on <c>vern init</c>): every
    /// opener but the explicit upgrade leaves it byte for byte as it was. An empty file is new, not old. Call after
    /// <see cref="RefuseForeign"/>.</summary>
    /// <exception cref="SchemaOutdatedException">The database is Vern's, at an older schema.</exception>
    public static void RefuseOlder(SqliteConnection connection)
    {
        var found = CurrentVersion(connection);
        if (found >= Latest || (found == 0 && !HasTables(connection)))
            return;
        throw new SchemaOutdatedException(connection.DataSource, found, Latest);
    }

    private static bool HasTables(SqliteConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
        return (long)cmd.ExecuteScalar()! > 0;
    }

    /// <summary>Brings the Vern database at <paramref name="path"/> forward to <see cref="Latest"/> (<c>vern init</c> on an existing
    /// database; the one explicit way to migrate): returns the version it found and the version it is at now. A foreign file or a
    /// newer schema is refused as by every opener.</summary>
    public static (int From, int To) Upgrade(string path, TimeProvider? clock = null)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Databasen {path} finnes ikke. Lag den med «vern init --db {path}».", path);
        int from;
        using (var probe = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            probe.Open();
            from = CurrentVersion(probe);
        }
        using var c = Open(path, create: false, clock, upgrade: true);
        return (from, CurrentVersion(c));
    }

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

    /// <summary>Brings the database up to <see cref="Latest"/> (or, for tests of a later migration, only up to
    /// <paramref name="upTo"/>) and returns the version it found. Refuses a database made by a newer Vern.</summary>
    /// <remarks>An older Vern database is moved forward only with <paramref name="upgrade"/> (or, in tests of a step, with
    /// <paramref name="upTo"/>); otherwise it is refused (<see cref="RefuseOlder"/>).</remarks>
    public static int Run(SqliteConnection connection, TimeProvider? clock = null, int? upTo = null, bool upgrade = false)
    {
        // A database a host serves was migrated at its start-up (SqliteConnections.Serve): no schema queries per request.
        if (upTo is null && SqliteConnections.IsServed(connection))
            return Latest;
        clock ??= TimeProvider.System;
        var target = upTo ?? Latest;
        var found = CurrentVersion(connection);
        if (found > Latest)
            throw new InvalidOperationException($"Databasen har skjemaversjon {found}, men denne Vern-versjonen kjenner bare {Latest}. Oppgrader Vern.");
        if (found >= target)
            return found;
        if (found == 0)
            RefuseForeign(connection);
        if (!upgrade && upTo is null)
            RefuseOlder(connection);
        // One writer migrates; another process opening the same file at the same time waits, then sees the new version.
        using var tx = connection.BeginTransaction(deferred: false);
        var current = CurrentVersion(connection);
        Exec(connection, tx, """
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);
            """);
        foreach (var m in All.Where(m => m.Version > current && m.Version <= target))
        {
            if (m.Sql.Length > 0)
                Exec(connection, tx, m.Sql);
            m.Code?.Invoke(connection, tx);
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

    /// <summary>The connection settings of every store that holds records: WAL, synchronous=FULL (issue 17: nothing acknowledged
    /// is lost), foreign keys, and a 10 s wait for another writer's lock.</summary>
    public const string DurableSettings = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;";

    /// <summary>Opens a connection to a Vern database with the store's settings (WAL, synchronous=FULL): a new (empty) file gets
    /// every migration; an older Vern database is refused unless <paramref name="upgrade"/> (<see cref="Upgrade"/>).</summary>
    public static SqliteConnection Open(string path, bool create = true, TimeProvider? clock = null, bool upgrade = false)
    {
        var served = SqliteConnections.IsServed(path);
        if (!create && !served && !File.Exists(path)) // a served file was there at the host's start-up
            throw new FileNotFoundException($"Databasen {path} finnes ikke. Lag den med «vern init --db {path}» eller «vern demo --db {path}».", path);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!served && !string.IsNullOrEmpty(dir))
            Directory.CreateDirectory(dir);
        var connection = SqliteConnections.Open(path, SqliteOpenMode.ReadWriteCreate);
        try
        {
            // A file a host serves was checked once at its start-up (SqliteConnections.Serve): no schema queries per request.
            if (!served)
            {
                RefuseForeign(connection); // before the WAL switch: another program's file is left byte for byte
                if (!upgrade)
                    RefuseOlder(connection); // so is an older Vern database, unless the command is the upgrade
            }
            SqliteConnections.Configure(connection, DurableSettings);
            Run(connection, clock, upgrade: upgrade);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Step 3 (tamper evidence): computes every stream's chain
    /// (<see cref="EventHash"/>) for the events stored before it existed. The append-only trigger is lifted for this one
    /// step inside the migration's transaction and put back before it commits.</summary>
    private static void AddEventHashChain(SqliteConnection c, SqliteTransaction tx)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT count(*) FROM pragma_table_info('events') WHERE name = 'hash'";
        if ((long)cmd.ExecuteScalar()! == 0)
        {
            cmd.CommandText = "ALTER TABLE events ADD COLUMN hash TEXT";
            cmd.ExecuteNonQuery();
        }
        cmd.CommandText = "SELECT count(*) FROM events WHERE hash IS NULL";
        if ((long)cmd.ExecuteScalar()! == 0)
            return;
        cmd.CommandText = "DROP TRIGGER IF EXISTS events_append_only_update";
        cmd.ExecuteNonQuery();
        var hashes = new List<(long Position, string Hash)>();
        cmd.CommandText = "SELECT position, case_id, version, type, data, recorded_by, recorded_at FROM events ORDER BY case_id, version";
        using (var r = cmd.ExecuteReader())
        {
            string? previousCase = null, previous = null;
            while (r.Read())
            {
                var caseId = r.GetString(1);
                if (caseId != previousCase) (previousCase, previous) = (caseId, null);
                previous = EventHash.Compute(CaseId.Parse(caseId), r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), previous);
                hashes.Add((r.GetInt64(0), previous));
            }
        }
        cmd.CommandText = "UPDATE events SET hash = $h WHERE position = $p";
        var ph = cmd.Parameters.Add("$h", SqliteType.Text);
        var pp = cmd.Parameters.Add("$p", SqliteType.Integer);
        foreach (var (position, hash) in hashes)
        {
            (ph.Value, pp.Value) = (hash, position);
            cmd.ExecuteNonQuery();
        }
        cmd.Parameters.Clear();
        cmd.CommandText = "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only: corrections are new events'); END;";
        cmd.ExecuteNonQuery();
    }

    /// <summary>Step 4: the tables the feature areas made themselves before the runner (a database made by an earlier Vern
    /// may have them: hence IF NOT EXISTS). The deadline index is derived data: a layout older than its <c>packed</c> column
    /// is dropped, and the next refresh rebuilds it.</summary>
    private static void CreateFeatureTables(SqliteConnection c, SqliteTransaction tx)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'deadline_facts'";
        var hasIndex = (long)cmd.ExecuteScalar()! > 0;
        cmd.CommandText = "SELECT count(*) FROM pragma_table_info('deadline_facts') WHERE name = 'packed'";
        if (hasIndex && (long)cmd.ExecuteScalar()! == 0)
            Exec(c, tx, "DROP TABLE deadline_facts; DROP TABLE IF EXISTS deadline_meta; DROP TABLE IF EXISTS deadline_packs;");
        Exec(c, tx, """
            CREATE TABLE IF NOT EXISTS deadline_facts (
                case_id TEXT PRIMARY KEY,
                municipality TEXT NOT NULL,
                version INTEGER NOT NULL,
                format INTEGER NOT NULL,
                opened_on INTEGER NOT NULL,
                closed_on INTEGER,
                packed INTEGER NOT NULL,
                facts BLOB NOT NULL);
            CREATE INDEX IF NOT EXISTS deadline_facts_unpacked ON deadline_facts(packed) WHERE packed = 0;
            CREATE TABLE IF NOT EXISTS deadline_packs (
                municipality TEXT PRIMARY KEY,
                cases INTEGER NOT NULL,
                data BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS deadline_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS staff (
                staff_id TEXT PRIMARY KEY,
                municipality TEXT NOT NULL,
                name TEXT NOT NULL,
                position TEXT NOT NULL,
                education TEXT NOT NULL,
                years_in_child_welfare INTEGER NOT NULL,
                further_education_credits INTEGER NOT NULL,
                fte REAL NOT NULL);
            CREATE TABLE IF NOT EXISTS register_deliveries (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                case_id TEXT NOT NULL,
                municipality TEXT NOT NULL,
                version INTEGER NOT NULL,
                delivered_at TEXT NOT NULL,
                file_id TEXT NOT NULL,
                content_hash TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS register_deliveries_case ON register_deliveries(municipality, case_id, id);
            CREATE TABLE IF NOT EXISTS register_reporters (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                municipality TEXT NOT NULL,
                org_number TEXT NOT NULL,
                name TEXT NOT NULL,
                district_number TEXT,
                district_name TEXT,
                source TEXT NOT NULL,
                recorded_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS register_reporters_municipality ON register_reporters(municipality, id);
            """);
    }

    private static void Exec(SqliteConnection c, SqliteTransaction tx, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}

/// <summary>A Vern database made by an older Vern, opened by a command other than the upgrade (issue 13 §2: migrate only on
/// <c>vern init</c>): nothing was written to it. The CLI exits 6 with this one line.</summary>
public sealed class SchemaOutdatedException(string path, int found, int latest)
    : Exception($"Databasen {path} har skjemaversjon {found}, men denne Vern-versjonen bruker {latest}. Oppgrader den med «vern init --db {path}»; ingenting ble endret.")
{
    public int Found { get; } = found;
    public int Latest { get; } = latest;
}
