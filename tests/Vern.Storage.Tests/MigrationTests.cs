using Microsoft.Data.Sqlite;
using Vern.Domain.Cases;
using Vern.Storage.Sqlite;
using Vern.Tests;

namespace Vern.Storage.Tests;

/// <summary>The one migration runner (issue 15): from an empty database and from a database made by main before it
/// (Fixtures/vern-main-1f8ecc9.db, schema version 1), forward only, version recorded.</summary>
public sealed class MigrationTests : IDisposable
{
    private readonly TempDatabase _db = new();

    private static readonly CaseId Kari = CaseId.Parse("11111111-1111-4111-8111-111111111111");

    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "Fixtures", "vern-main-1f8ecc9.db");

    private long Scalar(string sql)
    {
        using var c = new SqliteConnection($"Data Source={_db.Path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void AnEmptyDatabase_GetsEveryMigration_AndRecordsTheVersion()
    {
        using (var c = SqliteMigrations.Open(_db.Path))
            Assert.Equal(SqliteMigrations.Latest, SqliteMigrations.CurrentVersion(c));
        Assert.Equal(SqliteMigrations.All.Count, Scalar("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(1, Scalar("SELECT count(*) FROM sqlite_master WHERE name = 'users'"));
        Assert.Equal(1, Scalar("SELECT count(*) FROM sqlite_master WHERE name = 'events_append_only_update'"));
        Assert.Equal(1, Scalar("SELECT count(*) FROM sqlite_master WHERE name = 'access_log_append_only_delete'"));
    }

    [Fact]
    public async Task ADatabaseMadeByMainBeforeTheRunner_IsMigrated_KeepingEveryEventAndRead()
    {
        File.Copy(Fixture, _db.Path);
        Assert.Equal(1, Scalar("SELECT value FROM meta WHERE key = 'schema_version'"));
        Assert.Equal((1, SqliteMigrations.Latest), SqliteMigrations.Upgrade(_db.Path));
        using (var store = SqliteEventStore.Open(_db.Path, create: false))
        {
            Assert.Equal(3, store.CountEvents());
            Assert.Equal("sb-1", store.LoadState(Kari)!.CaseworkerId);
            Assert.Equal(2, store.ListCases().Count);
            // Migration 3 computed the hash chain of the events main wrote: verify finds nothing.
            var verified = await StoreVerifier.VerifyAsync(store);
            Assert.True(verified.Ok, string.Join("\n", verified.Findings));
            Assert.Equal((2L, 3L), (verified.Cases, verified.Events));
        }
        Assert.Equal(SqliteMigrations.Latest, Scalar("SELECT value FROM meta WHERE key = 'schema_version'"));
        Assert.Equal(SqliteMigrations.All.Where(m => m.Version > 1).Select(m => (long)m.Version), ReadVersions());
        using var log = SqliteAccessLog.Open(_db.Path, create: false);
        var read = Assert.Single(await log.ForCaseAsync(Kari));
        Assert.Equal(("fixture-maker", "case show", AccessEntry.Allowed), (read.ActorId, read.Operation, read.Outcome));
        // The migrated log is still append-only.
        Assert.Throws<SqliteException>(() => Scalar("DELETE FROM access_log"));
        Assert.Throws<SqliteException>(() => Scalar("UPDATE events SET recorded_by = 'x'"));
    }

    /// <summary>Issue 13 §2: only the upgrade (<c>vern init</c>) migrates. Every other opener of every port refuses an older Vern
    /// database with the versions and the command to run, and leaves its file byte for byte as it was (no WAL switch, no table).</summary>
    [Fact]
    public void AnOlderDatabase_IsRefusedByEveryOpener_AndLeftByteForByte_UntilUpgraded()
    {
        File.Copy(Fixture, _db.Path);
        var before = File.ReadAllBytes(_db.Path);
        foreach (var open in new Action[]
        {
            () => SqliteEventStore.Open(_db.Path, create: false).Dispose(),
            () => SqliteMigrations.Open(_db.Path, create: false).Dispose(),
            () => SqliteMigrations.Open(_db.Path, create: true).Dispose(),
            () => SqliteUserStore.Open(_db.Path, create: false).Dispose(),
            () => SqliteAccessLog.Open(_db.Path, create: false).Dispose(),
            () => SqliteDatabase.Open(_db.Path).Dispose(),
        })
        {
            var e = Assert.Throws<SchemaOutdatedException>(open);
            Assert.Equal((1, SqliteMigrations.Latest), (e.Found, e.Latest));
            Assert.Contains($"skjemaversjon 1, men denne Vern-versjonen bruker {SqliteMigrations.Latest}", e.Message, StringComparison.Ordinal);
            Assert.Contains("vern init --db", e.Message, StringComparison.Ordinal);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Assert.Equal(before, File.ReadAllBytes(_db.Path));
            Assert.False(File.Exists(_db.Path + "-wal") && new FileInfo(_db.Path + "-wal").Length > 0);
        }
        Assert.Equal((1, SqliteMigrations.Latest), SqliteMigrations.Upgrade(_db.Path));
        Assert.Equal((SqliteMigrations.Latest, SqliteMigrations.Latest), SqliteMigrations.Upgrade(_db.Path)); // nothing twice
        using var store = SqliteEventStore.Open(_db.Path, create: false);
        Assert.Equal(3, store.CountEvents());
    }

    [Fact]
    public void OpeningTwice_AppliesNothingTwice()
    {
        SqliteMigrations.Open(_db.Path).Dispose();
        SqliteMigrations.Open(_db.Path).Dispose();
        Assert.Equal(SqliteMigrations.All.Count, Scalar("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public void ADatabaseFromANewerVern_IsRefused_AndLeftAsItWas()
    {
        SqliteMigrations.Open(_db.Path).Dispose();
        Scalar($"UPDATE meta SET value = '{SqliteMigrations.Latest + 1}' WHERE key = 'schema_version'");
        var e = Assert.Throws<InvalidOperationException>(() => SqliteEventStore.Open(_db.Path, create: false));
        Assert.Contains("Oppgrader Vern", e.Message);
        Assert.Equal(SqliteMigrations.Latest + 1, Scalar("SELECT value FROM meta WHERE key = 'schema_version'"));
    }

    private List<long> ReadVersions()
    {
        using var c = new SqliteConnection($"Data Source={_db.Path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT version FROM schema_migrations ORDER BY version";
        using var r = cmd.ExecuteReader();
        var list = new List<long>();
        while (r.Read()) list.Add(r.GetInt64(0));
        return list;
    }

    public void Dispose() => _db.Dispose();
}
