using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Vern.Domain.Cases;
using Vern.Storage.Sqlite;

namespace Vern.Cli.Tests;

/// <summary>Nothing committed is lost when the process dies: a writer killed with SIGKILL in the middle of its work
/// leaves a database in which every case it reported as committed is present and intact. This is survival of a
/// process kill, not of a power loss (the OS page cache survives a kill); the settings a power loss depends on
/// are asserted by DurabilityTests in Vern.Storage.Tests.</summary>
public sealed class CrashTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vern-crash", Guid.NewGuid().ToString("N"));

    public CrashTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void KilledWriter_EveryAcknowledgedCommitSurvives()
    {
        var db = Path.Combine(_dir, "crash.db");
        var acknowledged = new List<string>();
        VernProcess.Prepare(db);
        using (var p = Process.Start(VernProcess.StartInfo(db, "bench", "append", "--count", "100000"))!)
        {
            while (acknowledged.Count < 300 && p.StandardOutput.ReadLine() is { } line)
                acknowledged.Add(line.Trim());
            p.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no checkpoint
            p.WaitForExit();
        }
        Assert.Equal(300, acknowledged.Count);

        using (var check = new SqliteConnection($"Data Source={db}"))
        {
            check.Open();
            using var cmd = check.CreateCommand();
            cmd.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", cmd.ExecuteScalar());
        }
        using var store = SqliteEventStore.Open(db, create: false);
        foreach (var id in acknowledged)
        {
            var state = store.LoadState(CaseId.Parse(id));
            Assert.NotNull(state);
            Assert.Single(store.ReadStream(state!.Id));
        }
        Assert.True(store.ListCases().Count >= acknowledged.Count);
    }
}
