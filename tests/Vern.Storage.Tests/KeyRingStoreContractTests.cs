using Vern.Storage.Postgres;
using Vern.Storage.Security;
using Vern.Storage.Sqlite;
using Vern.Tests;

namespace Vern.Storage.Tests;

/// <summary>The web key ring (migration 29): the Data Protection keys of the web server kept in the database, the same contract on
/// SQLite and on PostgreSQL. What one store adds, a store opened later on the same database reads (a restart, a second host), in
/// the order added; nothing stored is changed or removed, even with SQL.</summary>
public abstract class KeyRingStoreContractTests
{
    /// <summary>A new store on the same database each time, as a restarted or second host would open.</summary>
    protected abstract IKeyRingStore Open();

    protected abstract void Run(string sql);

    private static readonly DateTimeOffset At = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    private static string Key(int n) => $"""<key id="00000000-0000-0000-0000-00000000000{n}" version="1"><creationDate>2026-12-05T10:00:00Z</creationDate></key>""";

    [SkippableFact]
    public void Keys_AddedByOneHost_AreReadByAnother_InTheOrderAdded()
    {
        Assert.Empty(Open().ReadAll());
        Open().Add("key-1", Key(1), At);
        Open().Add("key-2", Key(2), At.AddDays(90));
        Assert.Equal([Key(1), Key(2)], Open().ReadAll());
    }

    [SkippableFact]
    public void Keys_AreAppendOnly_EvenWithSql()
    {
        Open().Add("key-1", Key(1), At);
        foreach (var sql in new[] { "UPDATE web_keys SET xml = '<x/>'", "DELETE FROM web_keys" })
        {
            var e = Assert.ThrowsAny<Exception>(() => Run(sql));
            Assert.Contains("append-only", e.Message, StringComparison.Ordinal);
        }
        Assert.Equal([Key(1)], Open().ReadAll());
    }
}

public sealed class SqliteKeyRingStoreContractTests : KeyRingStoreContractTests, IDisposable
{
    private readonly TempDatabase _db = new();

    public SqliteKeyRingStoreContractTests()
    {
        using (SqliteMigrations.Open(_db.Path, create: true)) { }
    }

    protected override IKeyRingStore Open() => new SqliteKeyRingStore(_db.Path);

    protected override void Run(string sql)
    {
        using var c = SqliteMigrations.Open(_db.Path);
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => _db.Dispose();
}

[Collection(PostgresTestSchema.Collection)]
public sealed class PostgresKeyRingStoreContractTests : KeyRingStoreContractTests, IDisposable
{
    private readonly PostgresTestSchema _pg = new();
    private readonly List<PostgresDatabase> _open = [];

    protected override IKeyRingStore Open()
    {
        var db = PostgresDatabase.OpenAsync(_pg.ConnectionString).GetAwaiter().GetResult();
        _open.Add(db);
        return db.KeyRing;
    }

    protected override void Run(string sql)
    {
        using var c = _pg.Connect();
        using var cmd = new Npgsql.NpgsqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var db in _open) db.Dispose();
        _pg.Dispose();
    }
}
