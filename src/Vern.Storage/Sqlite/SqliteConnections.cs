using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Vern.Storage.Sqlite;

/// <summary>How the SQLite adapters connect to a database file. By default every store opens its own unpooled connection
/// and runs the migration check (right for the CLI: one command, one process, files that tests delete afterwards). A long-lived
/// host that serves many short requests on one file (<c>vern serve</c>) calls <see cref="Serve"/> once at start-up: the file is
/// migrated then, and from then on its connections skip the migration check and are reused, so a request pays for neither a new
/// SQLite handle per store nor the schema queries: those <see cref="Open"/> hands out are kept open by Vern with their compiled
/// reads (<see cref="SqliteKeptConnection"/>), the others come from the driver's pool. Every opener still sets its own PRAGMAs (busy_timeout,
/// synchronous, foreign_keys) explicitly, so a pooled connection never carries another store's settings; a locked file waits
/// busy_timeout as before, and a file opened read-only stays so (the pool is per connection string, mode included).</summary>
public static class SqliteConnections
{
    /// <summary>The files served, with how many hosts in this process serve each (tests may run two on one file).</summary>
    private static readonly ConcurrentDictionary<string, int> Served = new(StringComparer.Ordinal);

    /// <summary>Migrates the database at <paramref name="path"/> now (refusing a newer schema, as every open does) and marks it
    /// served: later opens in this process are pooled and skip the migration check. Returns the schema version it is at now.</summary>
    public static int Serve(string path, TimeProvider? clock = null)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Databasen {path} finnes ikke. Lag den med «vern init --db {path}» eller «vern demo --db {path}».", path);
        int found;
        using (var c = SqliteMigrations.Open(path, create: false, clock))
            found = SqliteMigrations.CurrentVersion(c);
        Served.AddOrUpdate(Key(path), 1, (_, n) => n + 1);
        return found;
    }

    /// <summary>Ends <see cref="Serve"/> for <paramref name="path"/> (the host stops): its pooled connections are closed.</summary>
    public static void Unserve(string path)
    {
        var key = Key(path);
        while (Served.TryGetValue(key, out var n))
        {
            if (n > 1 ? Served.TryUpdate(key, n - 1, n) : Served.TryRemove(new KeyValuePair<string, int>(key, n)))
            {
                if (n == 1)
                {
                    foreach (var k in ServedStrings.Keys.Where(k => Key(k.Path) == key))
                        ServedStrings.TryRemove(k, out _);
                    foreach (var k in KeptPools.Keys.Where(k => k.Path == key))
                        if (KeptPools.TryRemove(k, out var pool))
                            pool.CloseAll();
                    SqliteConnection.ClearAllPools();
                }
                return;
            }
        }
    }

    /// <summary>True when a host serves <paramref name="path"/> (its schema was checked at start-up; connections are pooled).</summary>
    public static bool IsServed(string path) => !Served.IsEmpty && Served.ContainsKey(Key(path));

    /// <summary>How long a statement waits for another writer's lock, in seconds: the same as every opener's
    /// <c>PRAGMA busy_timeout=10000</c>. The driver retries a busy statement on its own until its command timeout (30 s by
    /// default) ran out, which tripled the wait on a locked file (issue 13 §2); with this, a locked file ends the command
    /// after about 10 s with SQLITE_BUSY (exit 6).</summary>
    public const int BusySeconds = 10;

    /// <summary>The connection string every SQLite adapter uses for <paramref name="path"/>: pooled only while served.</summary>
    public static string For(string path, SqliteOpenMode? mode = null)
    {
        var served = IsServed(path);
        if (served && ServedStrings.TryGetValue((path, mode), out var kept))
            return kept;
        var b = new SqliteConnectionStringBuilder { DataSource = path, Pooling = served, DefaultTimeout = BusySeconds };
        if (mode is { } m)
            b.Mode = m;
        var s = b.ToString();
        if (served)
            ServedStrings[(path, mode)] = s;
        return s;
    }

    /// <summary>An open connection to <paramref name="path"/> in <paramref name="mode"/>: on a served file a kept one
    /// (<see cref="SqliteKeptConnection"/>: open across requests, with its compiled statements), else a new one as before. The
    /// caller disposes it either way.</summary>
    public static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        if (IsServed(path))
        {
            var pool = KeptPools.GetOrAdd((Key(path), mode), k => new SqliteKeptPool(
                new SqliteConnectionStringBuilder { DataSource = path, Mode = k.Mode, Pooling = false, DefaultTimeout = BusySeconds }.ToString()));
            return pool.Rent();
        }
        var connection = new SqliteConnection(For(path, mode));
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The kept connections of each served file and open mode (<see cref="Open"/>).</summary>
    private static readonly ConcurrentDictionary<(string Path, SqliteOpenMode Mode), SqliteKeptPool> KeptPools = new();

    /// <summary>True when <paramref name="connection"/> is to a served file (a kept connection always is).</summary>
    internal static bool IsServed(SqliteConnection connection) =>
        connection is SqliteKeptConnection || (!Served.IsEmpty && IsServed(connection.DataSource));

    /// <summary>Sets an opener's connection settings (<paramref name="pragmas"/>, e.g. <c>PRAGMA busy_timeout=10000; PRAGMA
    /// synchronous=FULL;</c>) on <paramref name="connection"/>. A pooled connection whose SQLite handle was last given the very
    /// same settings keeps them and runs nothing (issue 16, speed: a request's stores each ran their PRAGMAs on a connection
    /// that already had them); one last given other settings (another store's, e.g. the deadline index's synchronous=NORMAL)
    /// gets these. Every opener of a served file sets its PRAGMAs through here, so the record is what the handle has.</summary>
    public static void Configure(SqliteConnection connection, string pragmas)
    {
        var handle = connection.Handle;
        var pooled = handle is not null && IsServed(connection);
        if (pooled && Configured.TryGetValue(handle!, out var last) && string.Equals(last, pragmas, StringComparison.Ordinal))
            return;
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = pragmas;
            cmd.ExecuteNonQuery();
        }
        if (pooled)
            Configured.AddOrUpdate(handle!, pragmas);
    }

    /// <summary>The settings each pooled SQLite handle was last given (<see cref="Configure"/>); a handle that is closed goes with it.</summary>
    private static readonly ConditionalWeakTable<sqlite3, string> Configured = new();

    /// <summary>The connection strings of served files, built once (a request opens several stores).</summary>
    private static readonly ConcurrentDictionary<(string Path, SqliteOpenMode? Mode), string> ServedStrings = new();

    private static string Key(string path) => Path.GetFullPath(path);
}
