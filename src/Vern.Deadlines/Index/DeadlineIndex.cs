using Vern.Storage;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Vern.Deadlines.Facts;
using Vern.Domain.Cases;

namespace Vern.Deadlines.Index;

/// <summary>Fristindeks: the compact <see cref="CaseFacts"/> of every case, kept in this feature's own tables in the
/// case database so that all duties of a national data set can be computed in memory.</summary>
/// <remarks>
/// <para><c>deadline_facts</c> holds one row per case (the single-case path writes here). Reading 500,000 small rows
/// through the SQLite driver costs more than decoding them, so <see cref="Pack"/> also stores the rows as one
/// length-prefixed blob per municipality in <c>deadline_packs</c>. A row written after the last pack is marked
/// <c>packed = 0</c>; a full load reads the packs, skips the cases that have a newer row, and adds those rows.
/// <see cref="Refresh"/> repacks when many rows have changed.</para>
/// <para><see cref="Refresh"/> re-projects only the cases with events after the last event position it has seen
/// (through <see cref="IEventStore.LastPosition"/> and <see cref="IEventStore.ReadStatesChangedAfter"/>; it never writes the event store).</para>
/// </remarks>
public sealed class DeadlineIndex : IDisposable
{
    /// <summary>Repack when more than this share of the rows has changed since the last pack.</summary>
    public const double RepackShare = 0.05;

    private readonly SqliteConnection _connection;

    private DeadlineIndex(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens the index in the case database at <paramref name="path"/> (created by the event store).</summary>
    public static DeadlineIndex Open(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Databasen {path} finnes ikke. Lag den med «vern init --db {path}» eller «vern demo --db {path}».", path);
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        c.Open();
        // synchronous=NORMAL on this connection only: the index is derived data. In WAL mode a crash can lose the last
        // index commits but never corrupts them, and rows and watermark commit together, so the next Refresh repairs it.
        Exec(c, "PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL;");
        if (Int(c, "SELECT count(*) FROM sqlite_master WHERE name IN ('events', 'cases')") < 2)
        {
            c.Dispose();
            throw new FileNotFoundException($"{path} er ikke en Vern-database (tabellene events og cases mangler). Lag den med «vern init --db {path}».", path);
        }
        // The index is derived data: an older layout is dropped and rebuilt by the next Refresh.
        if (Int(c, "SELECT count(*) FROM sqlite_master WHERE name = 'deadline_facts'") > 0
            && Int(c, "SELECT count(*) FROM pragma_table_info('deadline_facts') WHERE name = 'packed'") == 0)
            Exec(c, "DROP TABLE deadline_facts; DROP TABLE IF EXISTS deadline_meta; DROP TABLE IF EXISTS deadline_packs;");
        Exec(c, """
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
            """);
        return new DeadlineIndex(c);
    }

    /// <summary>What a refresh did.</summary>
    public sealed record RefreshResult(int Updated, int Total, bool Repacked, TimeSpan Elapsed);

    /// <summary>Brings the index up to date. The event store's positions only grow, so the index remembers the last position it has seen (its watermark) and re-projects only the
    /// cases with events after it — a range scan, not a scan of every snapshot. An empty index, a new codec format or
    /// <paramref name="rebuild"/> re-projects every case. Rows and watermark commit in one transaction.
    /// Afterwards the packs are rebuilt when there are none or more than <see cref="RepackShare"/> of rows changed.</summary>
    public RefreshResult Refresh(IEventStore store, bool rebuild = false)
    {
        var watch = Stopwatch.StartNew();
        var updated = 0;
        using (var tx = _connection.BeginTransaction())
        {
            var format = Meta(tx, "format");
            var last = rebuild || format != CaseFactsCodec.FormatVersion ? 0 : Meta(tx, "position") ?? 0;
            var max = store.LastPosition();
            if (last > max) last = 0; // a different database was copied in: start over
            using var write = WriteCommand(tx);
            if (last == 0)
                Exec(_connection, "DELETE FROM deadline_facts; DELETE FROM deadline_packs;", tx);
            if (last == 0 || max > last)
            {
                // States are read after max was taken, so a case changed meanwhile is written in its newer state
                // and read again by the next refresh: never stale, at worst projected twice.
                foreach (var state in last == 0 ? store.ReadStates() : store.ReadStatesChangedAfter(last))
                {
                    Write(write, CaseFactsProjection.From(state));
                    updated++;
                }
            }
            SetMeta(tx, "position", max);
            SetMeta(tx, "format", CaseFactsCodec.FormatVersion);
            tx.Commit();
        }
        var total = Count();
        var unpacked = Int(_connection, "SELECT count(*) FROM deadline_facts WHERE packed = 0");
        var repack = unpacked > 0 && (Int(_connection, "SELECT count(*) FROM deadline_packs") == 0 || unpacked > total * RepackShare);
        if (repack) Pack();
        return new RefreshResult(updated, total, repack, watch.Elapsed);
    }

    /// <summary>Rewrites the per-municipality packs from the rows and marks every row packed, in one transaction.</summary>
    public void Pack()
    {
        using var tx = _connection.BeginTransaction();
        Exec(_connection, "DELETE FROM deadline_packs", tx);
        using var read = _connection.CreateCommand();
        read.Transaction = tx;
        read.CommandText = "SELECT municipality, facts FROM deadline_facts ORDER BY municipality";
        using var insert = _connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO deadline_packs(municipality, cases, data) VALUES ($m, $n, $d)";
        var pm = insert.Parameters.Add("$m", SqliteType.Text);
        var pn = insert.Parameters.Add("$n", SqliteType.Integer);
        var pd = insert.Parameters.Add("$d", SqliteType.Blob);
        string? current = null;
        var count = 0;
        using var pack = new MemoryStream();
        using var w = new BinaryWriter(pack);
        void Flush()
        {
            if (current is null) return;
            (pm.Value, pn.Value, pd.Value) = (current, count, pack.ToArray());
            insert.ExecuteNonQuery();
            pack.SetLength(0);
            count = 0;
        }
        using (var r = read.ExecuteReader())
        {
            while (r.Read())
            {
                var m = r.GetString(0);
                if (m != current) { Flush(); current = m; }
                var blob = (byte[])r.GetValue(1);
                w.Write(blob.Length);
                w.Write(blob);
                w.Flush();
                count++;
            }
        }
        Flush();
        Exec(_connection, "UPDATE deadline_facts SET packed = 1 WHERE packed = 0", tx);
        tx.Commit();
    }

    /// <summary>Writes one case's facts (after a change); the single-case path.</summary>
    public void Put(CaseFacts facts)
    {
        using var write = WriteCommand(null);
        Write(write, facts);
    }

    /// <summary>Reads the facts of every indexed case, optionally of one municipality, and — with
    /// <paramref name="openOn"/> — only the cases open on that date (opened on or before it, not closed by it): the only
    /// cases that can have open duties then. Without <paramref name="openOn"/> the packs are read and decoded on all
    /// cores, with the rows changed since the last pack taking precedence; with it, the matching rows are selected.</summary>
    public List<CaseFacts> Load(string? municipalityNumber = null, DateOnly? openOn = null)
    {
        // Rows not yet in a pack (all rows when openOn filters: the packs carry no dates to filter on).
        var rows = LoadRows(municipalityNumber, openOn, unpackedOnly: openOn is null);
        if (openOn is not null)
            return rows;
        var newer = new HashSet<Guid>(rows.Select(f => f.Id.Value));
        var packs = new List<byte[]>();
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = "SELECT data FROM deadline_packs" + (municipalityNumber is null ? "" : " WHERE municipality = $m");
            if (municipalityNumber is not null) cmd.Parameters.AddWithValue("$m", municipalityNumber);
            using var r = cmd.ExecuteReader();
            while (r.Read()) packs.Add((byte[])r.GetValue(0));
        }
        var decoded = new List<CaseFacts>[packs.Count];
        Parallel.For(0, packs.Count, () => new Dictionary<string, string>(), (i, _, intern) =>
        {
            var data = packs[i];
            var list = new List<CaseFacts>();
            for (int pos = 0; pos < data.Length;)
            {
                var length = BitConverter.ToInt32(data, pos);
                var blob = data.AsSpan(pos + 4, length);
                pos += 4 + length;
                if (newer.Count > 0 && newer.Contains(CaseFactsCodec.PeekId(blob))) continue;
                list.Add(CaseFactsCodec.Decode(blob, intern));
            }
            decoded[i] = list;
            return intern;
        }, _ => { });
        var all = new List<CaseFacts>(decoded.Sum(d => d.Count) + rows.Count);
        foreach (var d in decoded) all.AddRange(d);
        all.AddRange(rows);
        return all;
    }

    private List<CaseFacts> LoadRows(string? municipalityNumber, DateOnly? openOn, bool unpackedOnly)
    {
        using var cmd = _connection.CreateCommand();
        var where = new List<string>();
        if (unpackedOnly) where.Add("packed = 0");
        if (municipalityNumber is not null)
        {
            where.Add("municipality = $m");
            cmd.Parameters.AddWithValue("$m", municipalityNumber);
        }
        if (openOn is { } day)
        {
            where.Add("opened_on <= $d AND (closed_on IS NULL OR closed_on > $d)");
            cmd.Parameters.AddWithValue("$d", day.DayNumber);
        }
        cmd.CommandText = "SELECT facts FROM deadline_facts" + (where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where));
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

    public int Count() => Int(_connection, "SELECT count(*) FROM deadline_facts");

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
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static int Int(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private SqliteCommand WriteCommand(SqliteTransaction? tx)
    {
        var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO deadline_facts(case_id, municipality, version, format, opened_on, closed_on, packed, facts) VALUES ($id, $m, $v, $f, $o, $c, 0, $b)
            ON CONFLICT(case_id) DO UPDATE SET municipality = $m, version = $v, format = $f, opened_on = $o, closed_on = $c, packed = 0, facts = $b
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
