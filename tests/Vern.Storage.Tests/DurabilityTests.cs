using Microsoft.Data.Sqlite;
using Vern.Storage.Sqlite;
using Vern.Tests;
using static Vern.Tests.ServiceFixture;

namespace Vern.Storage.Tests;

/// <summary>The settings a commit's survival of a power loss rests on, read from a real SQLite file opened by the
/// store. CrashTests (Vern.Cli.Tests) only kills the process, which leaves the OS page cache intact; a power loss
/// does not, so an acknowledged commit must already be on disk: WAL with synchronous=FULL (SQLite syncs the WAL
/// at every commit). See docs/architecture.md, "Storage".</summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Open_StoresConnection_IsWalWithSynchronousFull()
    {
        using var store = SqliteEventStore.Open(_db.Path);
        var (journal, synchronous) = store.Durability();
        Assert.Equal("wal", journal);
        Assert.Equal(2, synchronous); // PRAGMA synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA
    }

    [Fact]
    public void Open_FileWithACase_SecondStoreHasTheSameSettings_AndTheFileIsInWalMode()
    {
        using var f = new ServiceFixture();
        f.Service.Open(OpenCommand(), "tester");
        using var again = SqliteEventStore.Open(f.DbPath, create: false);
        Assert.Equal(("wal", 2), again.Durability());

        // journal_mode=WAL is a property of the file: another program's connection sees it too.
        using var other = new SqliteConnection($"Data Source={f.DbPath};Pooling=False");
        other.Open();
        using var cmd = other.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", cmd.ExecuteScalar());
    }
}
