using System.Globalization;
using Npgsql;
using Vern.Storage.Sqlite;

namespace Vern.Storage.Postgres;

/// <summary>The one migration runner on PostgreSQL (issue 17). The steps are the same list as SQLite's
/// (<see cref="SqliteMigrations.All"/>: version, description), each with its PostgreSQL SQL: the step's own
/// <see cref="Migration.Postgres"/>, or for the steps that shipped before it, <see cref="Sql"/>. The version is recorded in
/// <c>vern_meta.schema_version</c> and each applied step in <c>schema_migrations</c>, in the step's transaction. Several
/// processes opening one database at once migrate one after another (a transaction-scoped advisory lock). A database
/// newer than this build is refused.</summary>
/// <remarks>Every step since 6 carries its PostgreSQL SQL in <see cref="Migration.Postgres"/> (for 6–11:
/// <see cref="Features.PostgresFeatureSchemas"/>). A later step without it stops a PostgreSQL database at the step before it
/// (<see cref="Latest"/>), and its feature is then not offered on PostgreSQL.</remarks>
public static class PostgresMigrations
{
    /// <summary>The PostgreSQL SQL of the steps that shipped before <see cref="Migration.Postgres"/> existed. Times stay
    /// text in the round-trip format, as on SQLite, so a moved database verifies byte for byte (event hashes).</summary>
    public static readonly IReadOnlyDictionary<int, string> Sql = new Dictionary<int, string>
    {
        [1] = """
            CREATE TABLE cases (
                case_id uuid PRIMARY KEY,
                municipality text NOT NULL,
                journal_number text NOT NULL,
                version bigint NOT NULL,
                updated_at text NOT NULL,
                state text NOT NULL);
            CREATE INDEX cases_municipality ON cases(municipality, journal_number COLLATE "C");
            CREATE TABLE events (
                position bigserial PRIMARY KEY,
                tx bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
                case_id uuid NOT NULL REFERENCES cases(case_id),
                version bigint NOT NULL,
                type text NOT NULL,
                recorded_by text NOT NULL,
                recorded_at text NOT NULL,
                data text NOT NULL,
                hash text NOT NULL,
                UNIQUE (case_id, version));
            CREATE INDEX events_feed ON events(tx, position);
            CREATE FUNCTION vern_events_append_only() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'events are append-only: corrections are new events'; END $$;
            CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
                FOR EACH ROW EXECUTE FUNCTION vern_events_append_only();
            """,
        [2] = """
            CREATE FUNCTION vern_refuse() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$;
            CREATE TABLE users (
                id text PRIMARY KEY,
                name text NOT NULL,
                role text NOT NULL,
                municipality text,
                bydel text,
                region text,
                disabled boolean NOT NULL DEFAULT false,
                password_hash text,
                created_at text NOT NULL,
                created_by text NOT NULL);
            CREATE TRIGGER users_never_deleted BEFORE DELETE ON users
                FOR EACH ROW EXECUTE FUNCTION vern_refuse('users are never deleted: disable them');
            CREATE TABLE user_changes (
                position bigserial PRIMARY KEY,
                user_id text NOT NULL REFERENCES users(id),
                change text NOT NULL,
                old_value text,
                new_value text,
                at text NOT NULL,
                by text NOT NULL);
            CREATE INDEX user_changes_user ON user_changes(user_id, position);
            CREATE TRIGGER user_changes_append_only BEFORE UPDATE OR DELETE ON user_changes
                FOR EACH ROW EXECUTE FUNCTION vern_refuse('user history is append-only');
            CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL, changed_at text NOT NULL, changed_by text NOT NULL);
            CREATE TABLE setting_changes (
                position bigserial PRIMARY KEY,
                key text NOT NULL,
                value text NOT NULL,
                at text NOT NULL,
                by text NOT NULL);
            CREATE TRIGGER setting_changes_append_only BEFORE UPDATE OR DELETE ON setting_changes
                FOR EACH ROW EXECUTE FUNCTION vern_refuse('setting history is append-only');
            CREATE TABLE access_log (
                position bigserial PRIMARY KEY,
                at text NOT NULL,
                actor_id text NOT NULL,
                role text NOT NULL,
                operation text NOT NULL,
                purpose text NOT NULL,
                case_id uuid,
                scope text,
                case_count integer NOT NULL,
                outcome text NOT NULL CHECK (outcome IN ('allowed', 'denied')),
                case_ids bytea,
                CHECK (case_id IS NOT NULL OR scope IS NOT NULL));
            CREATE INDEX access_log_case ON access_log(case_id) WHERE case_id IS NOT NULL;
            CREATE INDEX access_log_bulk ON access_log(scope) WHERE case_ids IS NOT NULL;
            CREATE INDEX access_log_actor ON access_log(actor_id);
            CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
                FOR EACH ROW EXECUTE FUNCTION vern_refuse('the access log is append-only');
            CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
                FOR EACH STATEMENT EXECUTE FUNCTION vern_refuse('the access log is append-only');
            CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
                FOR EACH STATEMENT EXECUTE FUNCTION vern_refuse('events are append-only: nothing is deleted');
            """,
        // Step 3 computed the hash chain of events stored before it; on PostgreSQL every event has had its hash from step 1.
        [3] = "",
        [4] = """
            CREATE TABLE deadline_facts (
                case_id uuid PRIMARY KEY,
                municipality text NOT NULL,
                version bigint NOT NULL,
                format integer NOT NULL,
                opened_on integer NOT NULL,
                closed_on integer,
                packed boolean NOT NULL,
                facts bytea NOT NULL);
            CREATE INDEX deadline_facts_unpacked ON deadline_facts(packed) WHERE NOT packed;
            CREATE INDEX deadline_facts_municipality ON deadline_facts(municipality);
            CREATE TABLE deadline_packs (
                municipality text PRIMARY KEY,
                cases integer NOT NULL,
                data bytea NOT NULL);
            CREATE TABLE deadline_meta (key text PRIMARY KEY, value bigint NOT NULL);
            CREATE TABLE staff (
                staff_id text PRIMARY KEY,
                municipality text NOT NULL,
                name text NOT NULL,
                position text NOT NULL,
                education text NOT NULL,
                years_in_child_welfare integer NOT NULL,
                further_education_credits integer NOT NULL,
                fte double precision NOT NULL);
            CREATE TABLE register_deliveries (
                id bigserial PRIMARY KEY,
                case_id uuid NOT NULL,
                municipality text NOT NULL,
                version bigint NOT NULL,
                delivered_at text NOT NULL,
                file_id uuid NOT NULL,
                content_hash text NOT NULL);
            CREATE INDEX register_deliveries_case ON register_deliveries(municipality, case_id, id);
            CREATE TRIGGER register_deliveries_append_only BEFORE UPDATE OR DELETE ON register_deliveries
                FOR EACH ROW EXECUTE FUNCTION vern_refuse('the delivery log is append-only');
            CREATE TABLE register_reporters (
                id bigserial PRIMARY KEY,
                municipality text NOT NULL,
                org_number text NOT NULL,
                name text NOT NULL,
                district_number text,
                district_name text,
                source text NOT NULL,
                recorded_at text NOT NULL);
            CREATE INDEX register_reporters_municipality ON register_reporters(municipality, id);
            CREATE TRIGGER register_reporters_append_only BEFORE UPDATE OR DELETE ON register_reporters
                FOR EACH ROW EXECUTE FUNCTION vern_refuse('the reporter log is append-only');
            """,
        [5] = Documentation.PostgresDocumentationStore.Schema,
    };

    /// <summary>The PostgreSQL SQL of one step, or null when the step has none yet.</summary>
    public static string? SqlOf(Migration m) => m.Postgres ?? Sql.GetValueOrDefault(m.Version);

    /// <summary>The steps a PostgreSQL database gets: every step in order up to the first without PostgreSQL SQL.</summary>
    public static IReadOnlyList<Migration> Steps { get; } = [.. SqliteMigrations.All.TakeWhile(m => SqlOf(m) is not null)];

    /// <summary>The schema version this build brings a PostgreSQL database to.</summary>
    public static int Latest => Steps[^1].Version;

    /// <summary>The recorded schema version (0 for an empty database).</summary>
    public static async Task<int> CurrentVersionAsync(NpgsqlConnection c, NpgsqlTransaction? tx = null, CancellationToken ct = default)
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass('vern_meta') IS NOT NULL", c, tx);
        if (!(bool)(await exists.ExecuteScalarAsync(ct))!)
            return 0;
        await using var read = new NpgsqlCommand("SELECT value FROM vern_meta WHERE key = 'schema_version'", c, tx);
        return await read.ExecuteScalarAsync(ct) is string v ? int.Parse(v, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>Brings the database up to <see cref="Latest"/> (or, for tests of a later step, only up to
    /// <paramref name="upTo"/>) and returns the version it found.</summary>
    public static async Task<int> RunAsync(NpgsqlDataSource source, TimeProvider? clock = null, int? upTo = null, CancellationToken ct = default)
    {
        clock ??= TimeProvider.System;
        var target = upTo ?? Latest;
        await using var c = await source.OpenConnectionAsync(ct);
        var found = await CurrentVersionAsync(c, null, ct);
        if (found > SqliteMigrations.Latest)
            throw new InvalidOperationException($"Databasen har skjemaversjon {found}, men denne Vern-versjonen kjenner bare {SqliteMigrations.Latest}. Oppgrader Vern.");
        if (found >= target)
            return found;
        foreach (var m in Steps.Where(m => m.Version <= target))
        {
            await using var tx = await c.BeginTransactionAsync(ct);
            // One migrator at a time, even from several processes; the version is read again under the lock.
            await Exec(c, tx, "SELECT pg_advisory_xact_lock(7466110)", ct);
            await Exec(c, tx, """
                CREATE TABLE IF NOT EXISTS vern_meta (key text PRIMARY KEY, value text NOT NULL);
                CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at text NOT NULL);
                """, ct);
            if (await CurrentVersionAsync(c, tx, ct) >= m.Version)
            {
                await tx.CommitAsync(ct);
                continue;
            }
            var sql = SqlOf(m)!;
            if (sql.Length > 0)
                await Exec(c, tx, sql, ct);
            await using (var cmd = new NpgsqlCommand("""
                INSERT INTO vern_meta(key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = $1;
                """, c, tx))
            {
                cmd.Parameters.AddWithValue(m.Version.ToString(CultureInfo.InvariantCulture));
                await cmd.ExecuteNonQueryAsync(ct);
            }
            await using (var cmd = new NpgsqlCommand(
                "INSERT INTO schema_migrations(version, description, applied_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", c, tx))
            {
                cmd.Parameters.AddWithValue(m.Version);
                cmd.Parameters.AddWithValue(m.Description);
                cmd.Parameters.AddWithValue(clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
                await cmd.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        return found;
    }

    internal static async Task Exec(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, c, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
