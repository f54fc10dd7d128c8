using Microsoft.Data.Sqlite;
using SQLitePCL;
using Vern.Domain.Access;
using Vern.Storage.Sqlite;
using Vern.Tests;

namespace Vern.Storage.Tests;

/// <summary>The connections of a file a host serves are kept open across requests with their compiled reads
/// (<see cref="SqliteKeptConnection"/>, issue 16): a kept connection must never hold an old snapshot, nor a transaction, nor
/// outlive the host; a schema change beside the server must not break a kept statement; unserved files open as before.</summary>
public sealed class KeptConnectionTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private readonly TempDatabase _db = new();

    public KeptConnectionTests()
    {
        using (var users = SqliteUserStore.Open(_db.Path))
            users.AddAsync(new User("kari", "Kari Nordmann", Role.Caseworker, "4601", null, null, false, null, At, "admin")).GetAwaiter().GetResult();
        SqliteConnections.Serve(_db.Path);
    }

    public void Dispose()
    {
        SqliteConnections.Unserve(_db.Path);
        _db.Dispose();
    }

    /// <summary>Three requests' user reads (the login cookie's check), one after the other, each through a store of its own: one
    /// connection, and the read compiled by the first only. SQLite asks a connection's authorizer about every table and column a
    /// statement uses while it compiles the statement, never when it runs a compiled one, so the count of its calls is the count
    /// of compilations.</summary>
    [Fact]
    public async Task UserRead_ThroughThreeStores_UsesOneConnection_AndCompilesTheStatementOnce()
    {
        sqlite3 handle;
        using (var c = SqliteConnections.Open(_db.Path, SqliteOpenMode.ReadWriteCreate))
        {
            Assert.IsType<SqliteKeptConnection>(c);
            handle = c.Handle!;
        }
        var asked = new List<string>();
        raw.sqlite3_set_authorizer(handle, (_, action, table, column, _, _) =>
        {
            asked.Add($"{action} {table}.{column}");
            return raw.SQLITE_OK;
        }, null);
        var compiledPerRequest = new List<int>();
        foreach (var id in new[] { "kari", "ola", "kari" })
        {
            asked.Clear();
            using (var users = SqliteUserStore.Open(_db.Path, create: false))
                Assert.Equal(id == "kari", await users.FindAsync(id) is not null);
            compiledPerRequest.Add(asked.Count(a => a.StartsWith($"{raw.SQLITE_READ} users.", StringComparison.Ordinal)));
        }
        Assert.True(compiledPerRequest[0] > 0); // the first compiled it (each column of users it reads)
        Assert.Equal([0, 0], compiledPerRequest.Skip(1)); // the next two ran the compiled statement
        raw.sqlite3_set_authorizer(handle, (strdelegate_authorizer?)null, null);
        using var next = SqliteConnections.Open(_db.Path, SqliteOpenMode.ReadWriteCreate);
        Assert.Same(handle, next.Handle);
    }

    /// <summary>A store that keeps its connection across another connection's commit (the access log's group commit, or
    /// <c>vern user</c> beside the server) reads the new row on its next read, and its kept statements hold no read transaction:
    /// a full checkpoint of the WAL completes while it is open.</summary>
    [Fact]
    public async Task KeptStatements_HoldNoSnapshot_TheNextReadSeesAnotherConnectionsCommit_AndTheWalCheckpoints()
    {
        using var users = SqliteUserStore.Open(_db.Path, create: false);
        Assert.Null(await users.GetSettingAsync("web.caseworkers-see-service"));
        Assert.NotNull(await users.FindAsync("kari"));
        using (var beside = _db.Connect())
        {
            TempDatabase.Exec(beside, "INSERT INTO settings(key, value, changed_at, changed_by) VALUES ('web.caseworkers-see-service', 'true', '2026-12-06T09:00:00Z', 'admin')");
            TempDatabase.Exec(beside, "UPDATE users SET disabled = 1 WHERE id = 'kari'");
            Assert.Equal(0L, Row(beside, "PRAGMA wal_checkpoint(TRUNCATE)")[0]); // busy 0: no reader holds an old snapshot
        }
        Assert.Equal("true", await users.GetSettingAsync("web.caseworkers-see-service"));
        Assert.True((await users.FindAsync("kari"))!.Disabled); // a disabled user is refused at once, as before
    }

    /// <summary>A connection handed back with a transaction still open, or a reader still stepping, is closed (its transaction
    /// rolled back), not kept: the next store gets another connection, and the write was not stored.</summary>
    [Fact]
    public void AConnectionHandedBackBusy_IsClosed_NotKept()
    {
        sqlite3 first;
        using (var c = SqliteConnections.Open(_db.Path, SqliteOpenMode.ReadWriteCreate))
        {
            first = c.Handle!;
            var tx = c.BeginTransaction();
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO settings(key, value, changed_at, changed_by) VALUES ('x', 'y', 'now', 'test')";
            cmd.ExecuteNonQuery();
        }
        using (var c = SqliteConnections.Open(_db.Path, SqliteOpenMode.ReadWriteCreate))
        {
            Assert.NotSame(first, c.Handle);
            Assert.Equal(0L, Row(c, "SELECT count(*) FROM settings WHERE key = 'x'")[0]);
            first = c.Handle!;
            var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT id FROM users UNION ALL SELECT id FROM users";
            var reader = cmd.ExecuteReader();
            Assert.True(reader.Read()); // stepped, not reset: a read transaction is open
        }
        using (var c = SqliteConnections.Open(_db.Path, SqliteOpenMode.ReadWriteCreate))
            Assert.NotSame(first, c.Handle);
    }

    /// <summary>A migration beside the server (<c>vern init</c> adding a column) changes the schema a kept statement was
    /// compiled against: the next read still answers (SQLite compiles it again).</summary>
    [Fact]
    public async Task ASchemaChangeBesideTheServer_DoesNotBreakAKeptStatement()
    {
        using var users = SqliteUserStore.Open(_db.Path, create: false);
        Assert.NotNull(await users.FindAsync("kari"));
        using (var beside = _db.Connect())
            TempDatabase.Exec(beside, "ALTER TABLE users ADD COLUMN note TEXT; CREATE INDEX users_note ON users(note)");
        Assert.Equal("Kari Nordmann", (await users.FindAsync("kari"))!.Name);
    }

    /// <summary>When the host stops (<see cref="SqliteConnections.Unserve"/>) its kept connections are closed, one handed back
    /// after is closed too, and the file opens as before (a plain connection).</summary>
    [Fact]
    public void Unserve_ClosesTheKeptConnections_AndTheFileOpensAsBefore()
    {
        var idle = SqliteConnections.Open(_db.Path, SqliteOpenMode.ReadWriteCreate);
        var inUse = SqliteConnections.Open(_db.Path, SqliteOpenMode.ReadWriteCreate);
        idle.Dispose();
        Assert.Equal(System.Data.ConnectionState.Open, idle.State); // kept
        SqliteConnections.Unserve(_db.Path);
        try
        {
            Assert.Equal(System.Data.ConnectionState.Closed, idle.State);
            inUse.Dispose();
            Assert.Equal(System.Data.ConnectionState.Closed, inUse.State);
            using var plain = SqliteConnections.Open(_db.Path, SqliteOpenMode.ReadWriteCreate);
            Assert.IsNotType<SqliteKeptConnection>(plain);
        }
        finally
        {
            SqliteConnections.Serve(_db.Path); // for Dispose
        }
    }

    private static List<long> Row(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        return [.. Enumerable.Range(0, r.FieldCount).Select(r.GetInt64)];
    }
}
