using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Vern.Storage.Sqlite;

/// <summary>The statistics projection's tables in the case database (step 22): <c>statistics_facts</c> (one row per case;
/// its bydel since step 26) and <c>statistics_meta</c> (the refresh mark).</summary>
/// <remarks>The connection runs with synchronous=NORMAL: the projection is derived data. In WAL mode a crash can lose the
/// last commits but never corrupts them, and rows and mark commit together, so the next refresh repairs it.</remarks>
public sealed class SqliteStatisticsProjectionStore : IStatisticsProjectionStore, IDisposable
{
    /// <summary>Step 22's SQL.</summary>
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS statistics_facts (
            case_id TEXT PRIMARY KEY,
            municipality TEXT NOT NULL,
            version INTEGER NOT NULL,
            format INTEGER NOT NULL,
            facts BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS statistics_facts_municipality ON statistics_facts(municipality);
        CREATE TABLE IF NOT EXISTS statistics_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
        """;

    /// <summary>Step 22's SQL on PostgreSQL.</summary>
    public const string PostgresSchema = """
        CREATE TABLE IF NOT EXISTS statistics_facts (
            case_id uuid PRIMARY KEY,
            municipality text NOT NULL,
            version bigint NOT NULL,
            format integer NOT NULL,
            facts bytea NOT NULL);
        CREATE INDEX IF NOT EXISTS statistics_facts_municipality ON statistics_facts(municipality);
        CREATE TABLE IF NOT EXISTS statistics_meta (key text PRIMARY KEY, value bigint NOT NULL);
        """;

    /// <summary>Step 26's SQL: each row's bydel, indexed with its municipality. The rows and the mark are emptied, so the next
    /// refresh rebuilds the projection with every case's bydel (derived data; nothing is lost).</summary>
    public const string BydelSchema = """
        DROP INDEX IF EXISTS statistics_facts_municipality;
        CREATE INDEX IF NOT EXISTS statistics_facts_municipality_bydel ON statistics_facts(municipality, bydel);
        DELETE FROM statistics_facts;
        DELETE FROM statistics_meta;
        """;

    /// <summary>Step 26 on SQLite: the column where it is missing (SQLite has no ADD COLUMN IF NOT EXISTS; a database taken back
    /// to an earlier version and moved forward again keeps it), then <see cref="BydelSchema"/>.</summary>
    public static void AddBydel(SqliteConnection c, SqliteTransaction tx)
    {
        c.AddColumnIfMissing(tx, "statistics_facts", "bydel", "TEXT");
        c.Exec(tx, BydelSchema);
    }

    /// <summary>Step 26's SQL on PostgreSQL.</summary>
    public const string PostgresBydelSchema = """
        ALTER TABLE statistics_facts ADD COLUMN IF NOT EXISTS bydel text;
        DROP INDEX IF EXISTS statistics_facts_municipality;
        CREATE INDEX IF NOT EXISTS statistics_facts_municipality_bydel ON statistics_facts(municipality, bydel);
        DELETE FROM statistics_facts;
        DELETE FROM statistics_meta;
        """;

    private readonly SqliteConnection _connection;

    private SqliteStatisticsProjectionStore(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens the projection in the case database at <paramref name="path"/> (made by the event store, at this
    /// build's schema).</summary>
    public static SqliteStatisticsProjectionStore Open(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Databasen {path} finnes ikke. Lag den med «vern init --db {path}» eller «vern demo --db {path}».", path);
        var c = new SqliteConnection(SqliteConnections.For(path));
        c.Open();
        SqliteConnections.Configure(c, "PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL;");
        return new SqliteStatisticsProjectionStore(c);
    }

    public Task<StatisticsProjectionMark?> ReadMarkAsync(CancellationToken cancellationToken = default)
    {
        lock (_connection)
            return Task.FromResult(ReadMark());
    }

    private StatisticsProjectionMark? ReadMark()
    {
        var format = Meta("format");
        var position = Meta("position");
        StatisticsProjectionMark? mark = format is null || position is null ? null
            : new StatisticsProjectionMark(new FeedCursor(Meta("transaction") ?? 0, position.Value), (int)format.Value);
        return mark;
    }

    public Task<IStatisticsProjectionWriter> BeginAsync(bool replaceAll, CancellationToken cancellationToken = default) =>
        Task.FromResult<IStatisticsProjectionWriter>(new Writer(this, replaceAll));

    /// <summary>Keeps the rows until <see cref="CommitAsync"/>, which writes them and the mark in one short transaction: a
    /// refresh that reads every case for seconds does not hold the database's write lock (and the case writers) meanwhile.</summary>
    private sealed class Writer(SqliteStatisticsProjectionStore store, bool replaceAll) : IStatisticsProjectionWriter
    {
        private readonly List<StatisticsProjectionRow> _rows = [];

        public Task WriteAsync(StatisticsProjectionRow row, CancellationToken cancellationToken = default)
        {
            _rows.Add(row);
            return Task.CompletedTask;
        }

        public Task CommitAsync(StatisticsProjectionMark mark, CancellationToken cancellationToken = default)
        {
            lock (store._connection)
                store.Commit(_rows, replaceAll, mark);
            return Task.CompletedTask;
        }

        public void Dispose() => _rows.Clear();
    }

    private void Commit(List<StatisticsProjectionRow> rows, bool replaceAll, StatisticsProjectionMark mark)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        if (replaceAll)
            Exec(_connection, "DELETE FROM statistics_facts; DELETE FROM statistics_meta;", tx);
        using var write = _connection.CreateCommand();
        write.Transaction = tx;
        // An older state (a lower version in the same format) never replaces a newer row.
        write.CommandText = """
            INSERT INTO statistics_facts(case_id, municipality, version, format, facts, bydel) VALUES ($id, $m, $v, $f, $b, $d)
            ON CONFLICT(case_id) DO UPDATE SET municipality = $m, version = $v, format = $f, facts = $b, bydel = $d
            WHERE excluded.version >= statistics_facts.version OR excluded.format <> statistics_facts.format
            """;
        var id = write.Parameters.Add("$id", SqliteType.Text);
        var m = write.Parameters.Add("$m", SqliteType.Text);
        var v = write.Parameters.Add("$v", SqliteType.Integer);
        var f = write.Parameters.Add("$f", SqliteType.Integer);
        var b = write.Parameters.Add("$b", SqliteType.Blob);
        var d = write.Parameters.Add("$d", SqliteType.Text);
        foreach (var row in rows)
        {
            (id.Value, m.Value, v.Value, f.Value, b.Value, d.Value) = (row.CaseId.ToString(), row.MunicipalityNumber, row.Version, row.Format, row.Facts, (object?)row.Bydel ?? DBNull.Value);
            write.Run();
        }
        SetMeta(tx, "transaction", mark.Cursor.Transaction);
        SetMeta(tx, "position", mark.Cursor.Position);
        SetMeta(tx, "format", mark.Format);
        tx.Commit();
    }

    public Task<IReadOnlyList<byte[]>> LoadAsync(MunicipalityScope scope, CancellationToken cancellationToken = default)
    {
        lock (_connection)
            return Task.FromResult(Load(scope));
    }

    private IReadOnlyList<byte[]> Load(MunicipalityScope scope)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT facts FROM statistics_facts" + (scope.IsNational ? "" : " WHERE municipality = $m") + (scope.Bydel is null ? "" : " AND bydel = $d");
        if (!scope.IsNational) cmd.Parameters.AddWithValue("$m", scope.Number);
        if (scope.Bydel is not null) cmd.Parameters.AddWithValue("$d", scope.Bydel);
        var list = new List<byte[]>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            list.Add((byte[])r.GetValue(0));
        return list;
    }

    private long? Meta(string key)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT value FROM statistics_meta WHERE key = $k";
        cmd.Parameters.AddWithValue("$k", key);
        return cmd.ExecuteScalar() is long v ? v : null;
    }

    private void SetMeta(SqliteTransaction tx, string key, long value)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO statistics_meta(key, value) VALUES ($k, $v) ON CONFLICT(key) DO UPDATE SET value = $v";
        cmd.Parameters.AddWithValue("$k", key);
        cmd.Parameters.AddWithValue("$v", value);
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
