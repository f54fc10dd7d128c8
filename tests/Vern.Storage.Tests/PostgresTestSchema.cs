using Npgsql;

namespace Vern.Tests;

/// <summary>A fresh schema on the PostgreSQL server named by VERN_TEST_POSTGRES (an Npgsql connection string; .ci/run
/// starts a throwaway cluster and sets it), dropped after the test. Without the variable, a test that asks for
/// <see cref="ConnectionString"/> is reported as skipped, never as passed; with VERN_REQUIRE_POSTGRES=1 (set by .ci/run) a
/// missing server fails it.</summary>
public sealed class PostgresTestSchema : IDisposable
{
    /// <summary>The xunit collection of the PostgreSQL test classes: they run one after another, because the change feed's
    /// committed cursor is the server's oldest running writer (cluster-wide), and another class's long transaction would
    /// hold it back while a test waits for it to move.</summary>
    public const string Collection = "postgres";

    private readonly string? _connectionString;

    public PostgresTestSchema()
    {
        if (Server is not { } server)
        {
            if (Environment.GetEnvironmentVariable("VERN_REQUIRE_POSTGRES") == "1")
                throw new InvalidOperationException("VERN_REQUIRE_POSTGRES=1 but VERN_TEST_POSTGRES is not set: the PostgreSQL cluster did not start.");
            return;
        }
        Schema = "t_" + Guid.NewGuid().ToString("N");
        using (var admin = new NpgsqlConnection(server))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE SCHEMA {Schema}", admin);
            create.ExecuteNonQuery();
        }
        _connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = Schema }.ConnectionString;
    }

    /// <summary>The server's connection string, or null when none is configured.</summary>
    public static string? Server => Environment.GetEnvironmentVariable("VERN_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    public string? Schema { get; }

    /// <summary>The connection string whose search path is this schema (skips the test when no server is configured).</summary>
    public string ConnectionString
    {
        get
        {
            Skip.If(_connectionString is null, "VERN_TEST_POSTGRES is not set (an Npgsql connection string); .ci/run sets it");
            return _connectionString!;
        }
    }

    /// <summary>Brings this schema up to migration <paramref name="version"/> only and stores <paramref name="rows"/> (SQL statements) in
    /// it, as a Vern at that version left them: where a migration's fixture test starts.</summary>
    public async Task AtVersionAsync(int version, IEnumerable<string> rows)
    {
        await using var source = NpgsqlDataSource.Create(ConnectionString);
        await Vern.Storage.Postgres.PostgresMigrations.RunAsync(source, upTo: version);
        foreach (var sql in rows)
        {
            await using var cmd = source.CreateCommand(sql);
            await cmd.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Commits short transactions until the change feed's committed cursor (the oldest running transaction on the server,
    /// cluster-wide) has passed every transaction begun before this call: the cursor moves with no case changed, and another test
    /// process on the same cluster may hold it back for a moment.</summary>
    public Task MoveCursorPastNowAsync(Vern.Storage.IChangeFeed feed) => MoveCursorPastNowAsync(ConnectionString, feed);

    /// <summary><see cref="MoveCursorPastNowAsync(Vern.Storage.IChangeFeed)"/> on the server of <paramref name="connectionString"/>.</summary>
    public static async Task MoveCursorPastNowAsync(string connectionString, Vern.Storage.IChangeFeed feed)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        async Task<long> NewTransaction()
        {
            await using var cmd = new NpgsqlCommand("SELECT txid_current()", c);
            return (long)(await cmd.ExecuteScalarAsync())!;
        }
        var now = await NewTransaction();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while ((await feed.CommittedAsync()).Transaction <= now)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The committed cursor stayed at or below transaction {now} for 120 s: a transaction on the server is held open.");
            await NewTransaction();
            await Task.Delay(50);
        }
    }

    /// <summary>Begins a transaction on <paramref name="c"/> that writes version 2 of case <paramref name="caseId"/> (its row and one
    /// event) and leaves it open, so a test can commit another writer's change first and this one last (the change feed must not skip
    /// it). Returns the transaction and the event's position.</summary>
    public static async Task<(NpgsqlTransaction Transaction, long Position)> BeginLateChangeAsync(NpgsqlConnection c, Guid caseId)
    {
        var tx = await c.BeginTransactionAsync();
        await using (var update = new NpgsqlCommand("UPDATE cases SET version = 2 WHERE case_id = $1", c, tx))
        {
            update.Parameters.AddWithValue(caseId);
            await update.ExecuteNonQueryAsync();
        }
        await using var insert = new NpgsqlCommand("""
            INSERT INTO events(case_id, version, type, recorded_by, recorded_at, data, hash)
                VALUES ($1, 2, 'caseworker-assigned', 'writer-1', '2026-11-23T09:00:00.0000000+00:00', '{}', 'x')
                RETURNING position
            """, c, tx);
        insert.Parameters.AddWithValue(caseId);
        return (tx, (long)(await insert.ExecuteScalarAsync())!);
    }

    public NpgsqlConnection Connect()
    {
        var c = new NpgsqlConnection(ConnectionString);
        c.Open();
        return c;
    }

    public void Dispose()
    {
        if (Schema is null) return;
        NpgsqlConnection.ClearAllPools();
        using var admin = new NpgsqlConnection(Server);
        admin.Open();
        using var drop = new NpgsqlCommand($"DROP SCHEMA {Schema} CASCADE", admin) { CommandTimeout = 0 };
        drop.ExecuteNonQuery();
    }
}

/// <summary>A fresh DATABASE on the test server (for pg_dump/pg_restore and the CLI, which take a whole database), dropped
/// after the test. Skips or fails like <see cref="PostgresTestSchema"/> when no server is configured.</summary>
public sealed class PostgresTestDatabase : IDisposable
{
    private readonly string? _connectionString;

    public PostgresTestDatabase()
    {
        if (PostgresTestSchema.Server is not { } server)
        {
            if (Environment.GetEnvironmentVariable("VERN_REQUIRE_POSTGRES") == "1")
                throw new InvalidOperationException("VERN_REQUIRE_POSTGRES=1 but VERN_TEST_POSTGRES is not set: the PostgreSQL cluster did not start.");
            return;
        }
        Name = "t_" + Guid.NewGuid().ToString("N");
        using (var admin = new NpgsqlConnection(server))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {Name}", admin) { CommandTimeout = 0 }; // no time limit: a loaded CI machine
            create.ExecuteNonQuery();
        }
        _connectionString = new NpgsqlConnectionStringBuilder(server) { Database = Name }.ConnectionString;
    }

    public string? Name { get; }

    /// <summary>The database's Npgsql connection string (skips the test when no server is configured).</summary>
    public string ConnectionString
    {
        get
        {
            Skip.If(_connectionString is null, "VERN_TEST_POSTGRES is not set (an Npgsql connection string); .ci/run sets it");
            return _connectionString!;
        }
    }

    public long Scalar(string sql)
    {
        using var c = new NpgsqlConnection(ConnectionString);
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        if (Name is null) return;
        NpgsqlConnection.ClearAllPools();
        using var admin = new NpgsqlConnection(PostgresTestSchema.Server);
        admin.Open();
        // No command time limit: on a loaded machine the drop (files of a whole database, with fsync) outlasted Npgsql's 30 s in CI.
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin) { CommandTimeout = 0 };
        drop.ExecuteNonQuery();
    }
}
