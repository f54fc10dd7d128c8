using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Vern.Storage.Sqlite;

/// <summary>The deadline index's tables in the case database: <c>deadline_facts</c> (one row per case),
/// <c>deadline_packs</c> (one blob per municipality, see <see cref="IDeadlineIndexStore"/>) and <c>deadline_meta</c>
/// (the refresh mark). Reading 500,000 small rows through the SQLite driver costs more than decoding them, hence the packs.</summary>
/// <remarks>The connection runs with synchronous=NORMAL: the index is derived data. In WAL mode a crash can lose the last
/// index commits but never corrupts them, and rows and mark commit together, so the next refresh repairs it.</remarks>
public sealed class SqliteDeadlineIndexStore : IDeadlineIndexStore, IDisposable
{
    private readonly SqliteConnection _connection;

    private SqliteDeadlineIndexStore(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens the index in the case database at <paramref name="path"/> (created by the event store).</summary>
    public static SqliteDeadlineIndexStore Open(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Databasen {path} finnes ikke. Lag den med «vern init --db {path}» eller «vern demo --db {path}».", path);
        var c = new SqliteConnection(SqliteConnections.For(path));
        c.Open();
        SqliteConnections.Configure(c, "PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL;");
        // A file a host serves was checked once at its start-up (SqliteConnections.Serve): no schema queries per request.
        if (!SqliteConnections.IsServed(path) && Int(c, "SELECT count(*) FROM sqlite_master WHERE name IN ('events', 'cases')") < 2)
        {
            c.Dispose();
            throw new FileNotFoundException($"{path} er ikke en Vern-database (tabellene events og cases mangler). Lag den med «vern init --db {path}».", path);
        }
        SqliteMigrations.Run(c); // the one runner makes this port's tables (step 4)
        return new SqliteDeadlineIndexStore(c);
    }

    public Task<DeadlineIndexMark?> ReadMarkAsync(CancellationToken cancellationToken = default)
    {
        var format = Meta(null, "format");
        var position = Meta(null, "position");
        DeadlineIndexMark? mark = format is null || position is null ? null
            : new DeadlineIndexMark(new FeedCursor(Meta(null, "transaction") ?? 0, position.Value), (int)format.Value);
        return Task.FromResult(mark);
    }

    public Task<IDeadlineIndexWriter> BeginAsync(bool replaceAll, CancellationToken cancellationToken = default)
    {
        var tx = _connection.BeginTransaction();
        if (replaceAll)
            Exec(_connection, "DELETE FROM deadline_facts; DELETE FROM deadline_packs; DELETE FROM deadline_meta;", tx);
        return Task.FromResult<IDeadlineIndexWriter>(new Writer(this, tx));
    }

    private sealed class Writer(SqliteDeadlineIndexStore store, SqliteTransaction tx) : IDeadlineIndexWriter
    {
        private readonly SqliteCommand _write = store.WriteCommand(tx);

        public Task WriteAsync(DeadlineIndexRow row, CancellationToken cancellationToken = default)
        {
            Write(_write, row);
            return Task.CompletedTask;
        }

        public Task CommitAsync(DeadlineIndexMark mark, CancellationToken cancellationToken = default)
        {
            store.SetMeta(tx, "transaction", mark.Cursor.Transaction);
            store.SetMeta(tx, "position", mark.Cursor.Position);
            store.SetMeta(tx, "format", mark.Format);
            tx.Commit();
            return Task.CompletedTask;
        }

        public void Dispose()
        {
            _write.Dispose();
            tx.Dispose();
        }
    }

    public Task PutAsync(DeadlineIndexRow row, CancellationToken cancellationToken = default)
    {
        using var write = WriteCommand(null);
        Write(write, row);
        return Task.CompletedTask;
    }

    public Task<DeadlineIndexStatus> StatusAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new DeadlineIndexStatus(Int(_connection, "SELECT count(*) FROM deadline_facts"),
            Int(_connection, "SELECT count(*) FROM deadline_facts WHERE packed = 0"),
            Int(_connection, "SELECT count(*) FROM deadline_packs")));

    public Task PackAsync(CancellationToken cancellationToken = default)
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
            insert.Run();
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
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<byte[]>> LoadRowsAsync(MunicipalityScope scope, DateOnly? openOn, bool unpackedOnly, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        var where = new List<string>();
        if (unpackedOnly) where.Add("packed = 0");
        if (!scope.IsNational)
        {
            where.Add("municipality = $m");
            cmd.Parameters.AddWithValue("$m", scope.Number);
        }
        if (openOn is { } day)
        {
            where.Add("opened_on <= $d AND (closed_on IS NULL OR closed_on > $d)");
            cmd.Parameters.AddWithValue("$d", day.DayNumber);
        }
        cmd.CommandText = "SELECT facts FROM deadline_facts" + (where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where));
        var list = new List<byte[]>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            list.Add((byte[])r.GetValue(0));
        return Task.FromResult<IReadOnlyList<byte[]>>(list);
    }

    public Task<IReadOnlyList<byte[]>> LoadPacksAsync(MunicipalityScope scope, CancellationToken cancellationToken = default)
    {
        var packs = new List<byte[]>();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT data FROM deadline_packs" + (scope.IsNational ? "" : " WHERE municipality = $m");
        if (!scope.IsNational) cmd.Parameters.AddWithValue("$m", scope.Number);
        using var r = cmd.ExecuteReader();
        while (r.Read()) packs.Add((byte[])r.GetValue(0));
        return Task.FromResult<IReadOnlyList<byte[]>>(packs);
    }

    private long? Meta(SqliteTransaction? tx, string key)
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
        cmd.Run();
    }

    private static int Int(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Upsert with the per-case version comparison: an older state (a lower version in the same format) never
    /// replaces a newer row.</summary>
    private SqliteCommand WriteCommand(SqliteTransaction? tx)
    {
        var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO deadline_facts(case_id, municipality, version, format, opened_on, closed_on, packed, facts) VALUES ($id, $m, $v, $f, $o, $c, 0, $b)
            ON CONFLICT(case_id) DO UPDATE SET municipality = $m, version = $v, format = $f, opened_on = $o, closed_on = $c, packed = 0, facts = $b
            WHERE excluded.version >= deadline_facts.version OR excluded.format <> deadline_facts.format
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

    private static void Write(SqliteCommand cmd, DeadlineIndexRow row)
    {
        cmd.Parameters["$id"].Value = row.CaseId.ToString();
        cmd.Parameters["$m"].Value = row.MunicipalityNumber;
        cmd.Parameters["$v"].Value = row.Version;
        cmd.Parameters["$f"].Value = row.Format;
        cmd.Parameters["$o"].Value = row.OpenedOn.DayNumber;
        cmd.Parameters["$c"].Value = row.ClosedOn is { } closed ? closed.DayNumber : DBNull.Value;
        cmd.Parameters["$b"].Value = row.Facts;
        cmd.Run();
    }

    public void Dispose() => _connection.Dispose();

    private static void Exec(SqliteConnection c, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.Run();
    }
}
