using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Vern.Storage.Sqlite;

namespace Vern.Storage.Postgres;

/// <summary>What a move copied: rows per table, and the tables left to be rebuilt on the target.</summary>
public sealed record MoveReport(IReadOnlyList<(string Table, long Rows)> Tables, IReadOnlyList<string> Rebuilt);

/// <summary><c>vern migrate --from sqlite:PATH --to postgres://…</c> (issue 17): moves every row of a Vern SQLite database
/// into an empty PostgreSQL database in ONE transaction (all or nothing), table by table with binary COPY, keeping every
/// stored value as it was (ids, positions, instants as text), so the hash chains verify on the target. Derived data is
/// not copied but rebuilt: the notes' search index here, the deadline index at its next refresh.</summary>
public static class SqliteToPostgres
{
    /// <summary>The tables moved, each in the order that keeps its triggers and positions as they were.</summary>
    private static readonly (string Table, string Order)[] Tables =
    [
        ("cases", "case_id"), ("events", "position"), ("access_log", "position"), ("access_id_sets", "digest"),
        ("users", "id"), ("user_changes", "position"), ("settings", "key"), ("setting_changes", "position"),
        ("staff", "staff_id"), ("staff_changes", "position"), ("register_deliveries", "id"), ("register_latest_deliveries", "municipality, case_id"), ("register_delivery_runs", "municipality, delivered_at"), ("register_reporters", "id"),
        ("journal_notes", "note_rowid"), ("journal_note_versions", "note_id, version"),
        ("participation_records", "rowid"), ("assessments", "rowid"), ("participation_withholdings", "rowid"), ("decision_document_versions", "document_id, version"),
        ("intake_reports", "rowid"), ("intake_dispositions", "rowid"), ("access_tokens", "rowid"), ("intake_routes", "rowid"),
        ("child_match_decisions", "position"), ("child_aliases", "position"),
        ("state_referrals", "rowid"), ("state_referral_events", "position"), ("state_messages_in", "rowid"), ("state_outbox", "position"),
        ("state_outbox_exports", "position"), ("state_facilities", "rowid"),
        ("login_lockouts", "user_key"), ("case_persons", "rowid"),
        ("attachment_contents", "sha256"), ("attachments", "position"), ("finance_invoices", "position"), ("web_keys", "position"),
    ];

    /// <summary>Derived tables: rebuilt on the target, never copied. The duplicate index (child_index*) is derived from the
    /// events and refreshed from the change feed; its decisions and aliases (child_match_decisions, child_aliases) are records
    /// and are moved. The statistics projection (statistics_facts, statistics_meta) is rebuilt from the events at the first
    /// statistics read on the target. The change marks (change_marks) are the target's own, moved by its triggers as the rows land.</summary>
    private static readonly string[] Derived = ["deadline_facts", "deadline_packs", "deadline_meta", "journal_note_search", "document_search", "document_search_items", "child_index", "child_index_keys", "child_index_mark",
        "statistics_facts", "statistics_meta", "change_marks"];

    public static async Task<MoveReport> MoveAsync(string sqlitePath, string postgres, TimeProvider? clock = null, CancellationToken ct = default)
    {
        if (!File.Exists(sqlitePath))
            throw new FileNotFoundException($"--from {sqlitePath} finnes ikke.", sqlitePath);
        // Brings the source to this build's schema first (as any command opening it would).
        using (SqliteMigrations.Open(sqlitePath, create: false, clock)) { }
        using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        source.Open();
        RefuseWhatCannotMove(source);

        await using var target = NpgsqlDataSource.Create(PostgresConnection.ForBulk(postgres));
        await using (var c = await target.OpenConnectionAsync(ct))
        {
            await using var check = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM events)", c);
            if (await PostgresMigrations.CurrentVersionAsync(c, null, ct) > 0 && await check.ExecuteScalarAsync(ct) is true)
                throw new ArgumentException($"--to {PostgresConnection.Redact(postgres)} har allerede hendelser; flytt bare til en tom database.");
        }
        await PostgresMigrations.RunAsync(target, clock, ct: ct);

        var report = new List<(string, long)>();
        await using var pg = await target.OpenConnectionAsync(ct);
        await using var tx = await pg.BeginTransactionAsync(ct);
        await using (var lockIt = new NpgsqlCommand("LOCK TABLE events, cases, access_log IN EXCLUSIVE MODE", pg, tx))
            await lockIt.ExecuteNonQueryAsync(ct);
        foreach (var (table, order) in Tables)
            report.Add((table, await CopyTable(source, pg, tx, table, order, ct)));
        // Sequences continue after the moved positions.
        await using (var seq = new NpgsqlCommand("""
            SELECT format('SELECT setval(%L, greatest((SELECT coalesce(max(%I), 0) FROM %I), 1), (SELECT count(*) > 0 FROM %I))',
                          pg_get_serial_sequence(c.table_name, c.column_name), c.column_name, c.table_name, c.table_name)
            FROM information_schema.columns c
            WHERE c.table_schema = current_schema() AND pg_get_serial_sequence(c.table_name, c.column_name) IS NOT NULL
            """, pg, tx))
        {
            var statements = new List<string>();
            await using (var r = await seq.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                    statements.Add(r.GetString(0));
            foreach (var s in statements)
                await PostgresMigrations.Exec(pg, tx, s, ct);
        }
        await tx.CommitAsync(ct);
        var docs = new Documentation.PostgresDocumentationStore(target);
        await docs.RebuildSearchAsync(ct);
        return new MoveReport(report, Derived);
    }

    /// <summary>A source with rows in tables of steps PostgreSQL does not have yet would lose them: refused, nothing moved.</summary>
    private static void RefuseWhatCannotMove(SqliteConnection source)
    {
        var known = Tables.Select(t => t.Table).Concat(Derived).Concat(["meta", "schema_migrations", "sqlite_sequence"]).ToHashSet(StringComparer.Ordinal);
        using var cmd = source.CreateCommand();
        cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'journal_note_search_%' AND name NOT LIKE 'document_search_%'";
        var others = new List<string>();
        using (var r = cmd.ExecuteReader())
            while (r.Read())
                if (!known.Contains(r.GetString(0)))
                    others.Add(r.GetString(0));
        foreach (var table in others)
        {
            cmd.CommandText = $"SELECT count(*) FROM \"{table}\"";
            if ((long)cmd.ExecuteScalar()! > 0)
                throw new ArgumentException(
                    $"Tabellen {table} har rader, men PostgreSQL-skjemaet har ikke den tabellen ennå (skjemaversjon {PostgresMigrations.Latest}); ingenting ble flyttet.");
        }
    }

    private static async Task<long> CopyTable(SqliteConnection source, NpgsqlConnection pg, NpgsqlTransaction tx, string table, string order, CancellationToken ct)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var cols = new NpgsqlCommand("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1", pg, tx))
        {
            cols.Parameters.AddWithValue(table);
            await using var r = await cols.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                types[r.GetString(0)] = r.GetString(1);
        }
        var sourceColumns = new List<string>();
        using (var cmd = source.CreateCommand())
        {
            cmd.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
            using var r = cmd.ExecuteReader();
            while (r.Read())
                sourceColumns.Add(r.GetString(0));
        }
        if (sourceColumns.Count == 0)
            return 0; // not in this source
        var columns = sourceColumns.Where(types.ContainsKey).ToList();
        long rows = 0;
        using var read = source.CreateCommand();
        read.CommandText = $"SELECT {string.Join(", ", columns.Select(c => "\"" + c + "\""))} FROM \"{table}\" ORDER BY {order}";
        using var reader = read.ExecuteReader();
        await using var copy = await pg.BeginBinaryImportAsync($"COPY {table}({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)", ct);
        while (reader.Read())
        {
            await copy.StartRowAsync(ct);
            for (var i = 0; i < columns.Count; i++)
            {
                if (reader.IsDBNull(i))
                {
                    await copy.WriteNullAsync(ct);
                    continue;
                }
                switch (types[columns[i]])
                {
                    case "uuid": await copy.WriteAsync(Guid.Parse(reader.GetString(i)), NpgsqlDbType.Uuid, ct); break;
                    case "boolean": await copy.WriteAsync(reader.GetInt64(i) != 0, NpgsqlDbType.Boolean, ct); break;
                    case "bigint": await copy.WriteAsync(reader.GetInt64(i), NpgsqlDbType.Bigint, ct); break;
                    case "integer": await copy.WriteAsync(checked((int)reader.GetInt64(i)), NpgsqlDbType.Integer, ct); break;
                    case "double precision": await copy.WriteAsync(reader.GetDouble(i), NpgsqlDbType.Double, ct); break;
                    case "bytea": await copy.WriteAsync((byte[])reader.GetValue(i), NpgsqlDbType.Bytea, ct); break;
                    case "numeric": await copy.WriteAsync(decimal.Parse(reader.GetString(i), CultureInfo.InvariantCulture), NpgsqlDbType.Numeric, ct); break;
                    case "jsonb": await copy.WriteAsync(reader.GetString(i), NpgsqlDbType.Jsonb, ct); break;
                    case "timestamp with time zone":
                        await copy.WriteAsync(DateTimeOffset.Parse(reader.GetString(i), CultureInfo.InvariantCulture).UtcDateTime, NpgsqlDbType.TimestampTz, ct); break;
                    default: await copy.WriteAsync(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!, NpgsqlDbType.Text, ct); break;
                }
            }
            rows++;
        }
        await copy.CompleteAsync(ct);
        return rows;
    }
}
