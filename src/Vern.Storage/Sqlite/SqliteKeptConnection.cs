using System.Collections.Concurrent;
using System.Data;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Vern.Storage.Sqlite;

/// <summary>A connection to a file a host serves that outlives the store that opened it, so that its compiled statements do too
/// (issue 16, speed). Microsoft.Data.Sqlite disposes a connection's commands, and with them their compiled statements, when the
/// connection closes, also when it goes back to the driver's pool: every request compiled its reads again (≈ 11 % of the worklist
/// page's CPU). A store opens this through <see cref="SqliteConnections.Open"/> and disposes it as any connection; disposing hands
/// it back to its <see cref="SqliteKeptPool"/>, open, with the statements it keeps (<see cref="SqliteCommands.Statement"/>)
/// compiled, for the next store that opens the same file. It is handed back only when nothing of it is still running: no
/// transaction open on it, neither a write transaction nor a statement stepped and not reset (SQLite's own account), so a kept
/// connection never holds a read transaction, and so never an old WAL snapshot, between two uses; otherwise it is closed, as before. A schema change by another
/// connection (a migration by <c>vern init</c> beside the server) does not leave a statement stale: SQLite compiles a prepared
/// statement again when the schema it was compiled against has changed.</summary>
public sealed class SqliteKeptConnection : SqliteConnection
{
    /// <summary>At most this many statements are kept per connection (the stores' hot reads are a handful).</summary>
    private const int MostStatements = 32;

    private readonly SqliteKeptPool _pool;
    private readonly Dictionary<string, Kept> _statements = new(StringComparer.Ordinal);
    private bool _closing;

    internal SqliteKeptConnection(string connectionString, SqliteKeptPool pool)
        : base(connectionString) => _pool = pool;

    private sealed class Kept(SqliteCommand command)
    {
        public SqliteCommand Command { get; } = command;
        public bool InUse { get; set; }
    }

    /// <summary>The command for <paramref name="sql"/>, compiled on this connection the first time and kept; null when that
    /// command is in use already (a reader still open on it) or the connection keeps as many as it may.</summary>
    internal SqliteCommand? Statement(string sql)
    {
        if (!_statements.TryGetValue(sql, out var kept))
        {
            if (_statements.Count >= MostStatements)
                return null;
            var cmd = CreateCommand();
            cmd.CommandText = sql;
            _statements[sql] = kept = new Kept(cmd);
        }
        else if (kept.InUse)
        {
            return null;
        }
        kept.InUse = true;
        kept.Command.Transaction = Transaction;
        return kept.Command;
    }

    /// <summary>The caller is done with <paramref name="command"/> (from <see cref="Statement"/>): its parameters are cleared and
    /// it stays compiled for the next caller.</summary>
    internal void Release(SqliteCommand command)
    {
        command.Parameters.Clear();
        command.Transaction = null;
        if (_statements.TryGetValue(command.CommandText, out var kept) && ReferenceEquals(kept.Command, command))
            kept.InUse = false;
    }

    /// <summary>True when nothing of this connection is running: no kept command handed out, and no transaction of any kind
    /// open on its handle (<c>sqlite3_txn_state</c>: neither a write transaction nor the read transaction of a statement stepped and
    /// not reset), so it holds no lock and no WAL snapshot.</summary>
    internal bool IsIdle()
    {
        if (_closing || State != ConnectionState.Open || Handle is not { } db || Transaction is not null)
            return false;
        foreach (var kept in _statements.Values)
            if (kept.InUse)
                return false;
        return TransactionState(db.DangerousGetHandle(), IntPtr.Zero) == 0; // SQLITE_TXN_NONE, over every schema of the handle
    }

    /// <summary>SQLite's <c>sqlite3_txn_state</c> (since 3.34): 0 when no transaction is open on the handle. SQLitePCLRaw 2.1 does
    /// not wrap it; it is in the same e_sqlite3 library the driver loads.</summary>
    [DllImport("e_sqlite3", EntryPoint = "sqlite3_txn_state", CallingConvention = CallingConvention.Cdecl)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int TransactionState(IntPtr db, IntPtr schema);

    /// <summary>Closes the connection for good, its kept statements with it.</summary>
    public override void Close()
    {
        _closing = true;
        _statements.Clear();
        base.Close();
    }

    /// <summary>Hands the connection back to its pool, open, when it is idle (<see cref="IsIdle"/>) and the file is still served;
    /// else closes it.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && _pool.TakeBack(this))
            return;
        base.Dispose(disposing);
    }
}

/// <summary>The idle <see cref="SqliteKeptConnection"/>s of one served file (and open mode): the last one handed back is the first
/// handed out. At most <see cref="MostIdle"/> are kept idle; one more handed back is closed.</summary>
internal sealed class SqliteKeptPool(string connectionString)
{
    /// <summary>As many as a host's requests at once use on SQLite (64 at a time, ≈ 2 stores each, docs/reliability.md).</summary>
    public const int MostIdle = 128;

    private readonly ConcurrentStack<SqliteKeptConnection> _idle = new();
    private int _count;
    private volatile bool _closed;

    /// <summary>An idle connection, else a new one opened.</summary>
    public SqliteKeptConnection Rent()
    {
        if (_idle.TryPop(out var kept))
        {
            Interlocked.Decrement(ref _count);
            return kept;
        }
        var opened = new SqliteKeptConnection(connectionString, this);
        try
        {
            opened.Open();
        }
        catch
        {
            opened.Close();
            opened.Dispose();
            throw;
        }
        return opened;
    }

    /// <summary>Keeps <paramref name="connection"/> idle when it is (<see cref="SqliteKeptConnection.IsIdle"/>), the pool is not
    /// closed and not full; false when it must be closed instead.</summary>
    public bool TakeBack(SqliteKeptConnection connection)
    {
        if (_closed || !connection.IsIdle())
            return false;
        if (Interlocked.Increment(ref _count) > MostIdle)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }
        _idle.Push(connection);
        if (_closed) // closed while this one was handed back: it is closed with the rest
            CloseAll();
        return true;
    }

    /// <summary>The host stops serving the file: every idle connection is closed, and one handed back later is closed too.</summary>
    public void CloseAll()
    {
        _closed = true;
        while (_idle.TryPop(out var kept))
        {
            Interlocked.Decrement(ref _count);
            kept.Close();
            kept.Dispose();
        }
    }
}
