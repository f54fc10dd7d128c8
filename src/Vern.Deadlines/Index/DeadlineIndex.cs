using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Vern.Deadlines.Facts;
using Vern.Domain.Cases;

namespace Vern.Deadlines.Index;

/// <summary>Fristindeks: the compact <see cref="CaseFacts"/> of every case, kept in this feature's own table
/// <c>deadline_facts</c> in the case database so that all open duties of a national data set can be computed in
/// memory. <see cref="Refresh"/> brings it up to date by re-projecting only the cases with new events since the last
/// refresh (it reads the event store's <c>events</c> positions and <c>cases</c> snapshots, never writes them).</summary>
public sealed class DeadlineIndex : IDisposable
{
    private readonly SqliteConnection _connection;

    private DeadlineIndex(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens the index in the case database at <paramref name="path"/> (created by the event store).</summary>
    public static DeadlineIndex Open(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Databasen {path} finnes ikke. Lag den med «vern init --db {path}» eller «vern demo --db {path}».", path);
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        c.Open();
        Exec(c, "PRAGMA busy_timeout=10000;");
        using (var info = c.CreateCommand())
        {
            // The index is derived data: an older layout is dropped and rebuilt by the next Refresh.
            info.CommandText = "SELECT count(*) FROM pragma_table_info('deadline_facts') WHERE name = 'opened_on'";
            var hasTable = Convert.ToInt32(new SqliteCommand("SELECT count(*) FROM sqlite_master WHERE name = 'deadline_facts'", c).ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
            if (hasTable && Convert.ToInt32(info.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
                Exec(c, "DROP TABLE deadline_facts; DROP TABLE IF EXISTS deadline_meta;");
        }
        Exec(c, """
            CREATE TABLE IF NOT EXISTS deadline_facts (
                case_id TEXT PRIMARY KEY,
                municipality TEXT NOT NULL,
                version INTEGER NOT NULL,
                format INTEGER NOT NULL,
                opened_on INTEGER NOT NULL,
                closed_on INTEGER,
                facts BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS deadline_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
            """);
        return new DeadlineIndex(c);
    }

    /// <summary>What a refresh did.</summary>
    public sealed record RefreshResult(int Updated, int Total, TimeSpan Elapsed);

    /// <summary>Brings the index up to date. The event store's <c>events</c> table is append-only with an increasing
    /// <c>position</c>, so the index remembers the last position it has seen (its watermark) and re-projects only the
    /// cases with events after it — a range scan, not a scan of every snapshot. An empty index, a new codec format or
    /// <paramref name="rebuild"/> re-projects every case. Reads run in one transaction: one consistent snapshot.</summary>
    public RefreshResult Refresh(bool rebuild = false)
    {
        var watch = Stopwatch.StartNew();
        using var tx = _connection.BeginTransaction();
        var format = Meta(tx, "format");
        var last = rebuild || format != CaseFactsCodec.FormatVersion ? 0 : Meta(tx, "position") ?? 0;
        var max = Scalar(tx, "SELECT coalesce(max(position), 0) FROM events");
        if (last > max) last = 0; // a different database was copied in: start over
        using var write = WriteCommand(tx);
        var updated = 0;
        if (last == 0)
        {
            Exec(_connection, "DELETE FROM deadline_facts", tx);
            using var all = _connection.CreateCommand();
            all.Transaction = tx;
            all.CommandText = "SELECT state FROM cases";
            using var r = all.ExecuteReader();
            while (r.Read())
            {
                Write(write, CaseFactsProjection.From(JsonSerializer.Deserialize<CaseState>(r.GetString(0), CaseJson.Options)!));
                updated++;
            }
        }
        else if (max > last)
        {
            using var changed = _connection.CreateCommand();
            changed.Transaction = tx;
            changed.CommandText = "SELECT c.state FROM cases c WHERE c.case_id IN (SELECT DISTINCT case_id FROM events WHERE position > $last AND position <= $max)";
            changed.Parameters.AddWithValue("$last", last);
            changed.Parameters.AddWithValue("$max", max);
            using var r = changed.ExecuteReader();
            var states = new List<string>();
            while (r.Read()) states.Add(r.GetString(0));
            r.Close();
            foreach (var json in states)
            {
                Write(write, CaseFactsProjection.From(JsonSerializer.Deserialize<CaseState>(json, CaseJson.Options)!));
                updated++;
            }
        }
        SetMeta(tx, "position", max);
        SetMeta(tx, "format", CaseFactsCodec.FormatVersion);
        tx.Commit();
        return new RefreshResult(updated, Count(), watch.Elapsed);
    }

    private long? Meta(SqliteTransaction tx, string key)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT value FROM deadline_meta WHERE key = $k";
        cmd.Parameters.AddWithValue("$k", key);
        return cmd.ExecuteScalar() is long v ? v : null;
    }

    private void SetMeta(SqliteTransaction tx, string key, long value)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO deadline_meta(key, value) VALUES ($k, $v) ON CONFLICT(key) DO UPDATE SET value = $v";
        cmd.Parameters.AddWithValue("$k", key);
        cmd.Parameters.AddWithValue("$v", value);
        cmd.ExecuteNonQuery();
    }

    private long Scalar(SqliteTransaction tx, string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Writes one case's facts (after a change); the single-case path.</summary>
    public void Put(CaseFacts facts)
    {
        using var write = WriteCommand(null);
        Write(write, facts);
    }

    /// <summary>Reads the facts of every indexed case, optionally of one municipality, and — with
    /// <paramref name="openOn"/> — only the cases open on that date (opened on or before it, not closed by it): the only
    /// cases that can have open duties then. The table is split into rowid ranges read and decoded in parallel, each on
    /// its own connection (SQLite in WAL mode allows concurrent readers).</summary>
    public List<CaseFacts> Load(string? municipalityNumber = null, DateOnly? openOn = null)
    {
        long min, max;
        using (var range = _connection.CreateCommand())
        {
            range.CommandText = "SELECT coalesce(min(rowid), 0), coalesce(max(rowid), -1) FROM deadline_facts";
            using var r = range.ExecuteReader();
            r.Read();
            (min, max) = (r.GetInt64(0), r.GetInt64(1));
        }
        if (max < min) return [];
        var parts = max - min < 20_000 ? 1 : Environment.ProcessorCount;
        var step = (max - min + parts) / parts;
        var results = new List<CaseFacts>[parts];
        Parallel.For(0, parts, p =>
        {
            var from = min + p * step;
            var to = Math.Min(max, from + step - 1);
            results[p] = p == 0 && parts == 1
                ? LoadRange(_connection, from, to, municipalityNumber, openOn)
                : LoadRangeOnOwnConnection(from, to, municipalityNumber, openOn);
        });
        var all = new List<CaseFacts>(results.Sum(r => r.Count));
        foreach (var r in results) all.AddRange(r);
        return all;
    }

    private List<CaseFacts> LoadRangeOnOwnConnection(long from, long to, string? municipalityNumber, DateOnly? openOn)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _connection.DataSource, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        c.Open();
        return LoadRange(c, from, to, municipalityNumber, openOn);
    }

    private static List<CaseFacts> LoadRange(SqliteConnection c, long from, long to, string? municipalityNumber, DateOnly? openOn)
    {
        using var cmd = c.CreateCommand();
        var sql = "SELECT facts FROM deadline_facts WHERE rowid BETWEEN $from AND $to";
        cmd.Parameters.AddWithValue("$from", from);
        cmd.Parameters.AddWithValue("$to", to);
        if (municipalityNumber is not null)
        {
            sql += " AND municipality = $m";
            cmd.Parameters.AddWithValue("$m", municipalityNumber);
        }
        if (openOn is { } day)
        {
            sql += " AND opened_on <= $d AND (closed_on IS NULL OR closed_on > $d)";
            cmd.Parameters.AddWithValue("$d", day.DayNumber);
        }
        cmd.CommandText = sql;
        var intern = new Dictionary<string, string>();
        var list = new List<CaseFacts>();
        var buffer = new byte[4096];
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var length = (int)r.GetBytes(0, 0, null, 0, 0);
            if (length > buffer.Length) buffer = new byte[length * 2];
            r.GetBytes(0, 0, buffer, 0, length);
            list.Add(CaseFactsCodec.Decode(buffer.AsSpan(0, length), intern));
        }
        return list;
    }

    public int Count()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM deadline_facts";
        return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private SqliteCommand WriteCommand(SqliteTransaction? tx)
    {
        var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO deadline_facts(case_id, municipality, version, format, opened_on, closed_on, facts) VALUES ($id, $m, $v, $f, $o, $c, $b)
            ON CONFLICT(case_id) DO UPDATE SET municipality = $m, version = $v, format = $f, opened_on = $o, closed_on = $c, facts = $b
            """;
        cmd.Parameters.Add("$id", SqliteType.Text);
        cmd.Parameters.Add("$m", SqliteType.Text);
        cmd.Parameters.Add("$v", SqliteType.Integer);
        cmd.Parameters.Add("$f", SqliteType.Integer);
        cmd.Parameters.Add("$o", SqliteType.Integer);
        cmd.Parameters.Add("$c", SqliteType.Integer);
        cmd.Parameters.Add("$b", SqliteType.Blob);
        return cmd;
    }

    private static void Write(SqliteCommand cmd, CaseFacts facts)
    {
        cmd.Parameters["$id"].Value = facts.Id.ToString();
        cmd.Parameters["$m"].Value = facts.MunicipalityNumber;
        cmd.Parameters["$v"].Value = facts.Version;
        cmd.Parameters["$f"].Value = (int)CaseFactsCodec.FormatVersion;
        cmd.Parameters["$o"].Value = facts.OpenedOn.DayNumber;
        cmd.Parameters["$c"].Value = facts.ClosedOn is { } closed ? closed.DayNumber : DBNull.Value;
        cmd.Parameters["$b"].Value = CaseFactsCodec.Encode(facts);
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    private static void Exec(SqliteConnection c, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
