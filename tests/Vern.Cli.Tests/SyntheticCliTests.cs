using Microsoft.Data.Sqlite;

namespace Vern.Cli.Tests;

/// <summary><c>vern demo</c> and <c>vern generate</c> through the real program and real database files.</summary>
public sealed class SyntheticCliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vern-cli", Guid.NewGuid().ToString("N"));

    public SyntheticCliTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Demo_EmptyDatabase_FillsItAndRefusesASecondRun()
    {
        var db = Path.Combine(_dir, "demo.db");
        var (exit, stdout, stderr) = VernProcess.Run(db, "demo", "--to", "2026-06-30", "--seed", "7");
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("7777 Vernvik", stdout, StringComparison.Ordinal);
        Assert.Contains("2023-07-01 – 2026-06-30", stdout, StringComparison.Ordinal);

        var (again, out2, _) = VernProcess.Run(db, "demo", "--to", "2026-06-30");
        Assert.Equal(5, again);
        Assert.Contains("inneholder allerede", string.Join(' ', out2.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_PeriodBefore2022_ExitCode2NamingTheFirstPossibleDate()
    {
        var (exit, stdout, stderr) = VernProcess.Run(Path.Combine(_dir, "n.db"), "generate", "--years", "5", "--to", "2025-12-31");
        Assert.Equal(2, exit);
        Assert.Contains("2022-01-01", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ThreeMunicipalities_Succeeds()
    {
        var (exit, stdout, stderr) = VernProcess.Run(Path.Combine(_dir, "n.db"), "generate", "--municipalities", "3", "--years", "1", "--to", "2025-06-30");
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("3 kommuner", stdout, StringComparison.Ordinal);
    }
}
