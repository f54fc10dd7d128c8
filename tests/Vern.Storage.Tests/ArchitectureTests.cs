using System.Text.RegularExpressions;

namespace Vern.Storage.Tests;

/// <summary>Issue 15's layering rules, read from the source tree: the feature projects reach storage only through the
/// ports (no database driver in their project files), and storage and features read no clock of their own.</summary>
public sealed partial class ArchitectureTests
{
    private static readonly string[] Features =
    [
        "Vern.Deadlines",
        "Vern.Register",
        "Vern.Statistics",
        "Vern.Synthetic",
        "Vern.Simulation",
        "Vern.Intake",
        "Vern.Matching",
        "Vern.Documentation",
        "Vern.Rendering",
        "Vern.State",
        "Vern.Finance",
    ];

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Vern.slnx")))
                return dir.FullName;
        throw new DirectoryNotFoundException("Vern.slnx not found above the test's folder.");
    }

    [Fact]
    public void FeatureProjects_ReferenceNoDatabaseDriver()
    {
        foreach (var feature in Features)
        {
            var csproj = File.ReadAllText(Path.Combine(Root(), "src", feature, feature + ".csproj"));
            Assert.DoesNotContain("Microsoft.Data.Sqlite", csproj, StringComparison.Ordinal);
            Assert.DoesNotContain("Npgsql", csproj, StringComparison.Ordinal);
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Root(), "src", feature), "*.cs", SearchOption.AllDirectories))
                Assert.False(File.ReadAllText(file).Contains("using Microsoft.Data.Sqlite;", StringComparison.Ordinal), $"{file} uses the SQLite driver");
        }
    }

    [Fact]
    public void StorageAndFeatures_ReadNoClockOfTheirOwn()
    {
        foreach (var project in Features.Append("Vern.Storage"))
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Root(), "src", project), "*.cs", SearchOption.AllDirectories))
            {
                var match = ClockRead().Match(File.ReadAllText(file));
                Assert.False(match.Success, $"{Path.GetRelativePath(Root(), file)} reads the clock ({match.Value}); take a TimeProvider");
            }
    }

    /// <summary>Issue 17, under load: Vern's pooled PostgreSQL connections are not reset when they go back to the pool
    /// (<c>PostgresConnection.DefaultNoResetOnClose</c>), which is right only while no statement of Vern's leaves state in the session
    /// for the next user of the connection: a session-level advisory lock, a session setting, a temporary table, a LISTEN or a cursor
    /// held past its transaction. Every source file that may send SQL is read for them.</summary>
    [Fact]
    public void NoStatementLeavesStateInAPostgresSession_SoAPooledConnectionNeedsNoReset()
    {
        foreach (var project in Features.Append("Vern.Storage").Append("Vern.Application").Append("Vern.Cli").Append("Vern.Web"))
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Root(), "src", project), "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                    continue;
                var match = SessionState().Match(File.ReadAllText(file));
                Assert.False(match.Success, $"{Path.GetRelativePath(Root(), file)} leaves state in a pooled session ({match.Value}); make it transaction-scoped");
            }
    }

    /// <summary>SQL keywords as Vern writes them (upper case); a SET only where a statement starts (after a quote or a semicolon), so an
    /// UPDATE's SET clause is not taken for one.</summary>
    [GeneratedRegex(@"pg_advisory_(lock|lock_shared|try_lock|try_lock_shared)\(|(""|;)\s*SET\s|set_config\(|\bCREATE\s+TEMP|\bLISTEN\s+[a-z_]|\bWITH\s+HOLD\b|\bPREPARE\s+[a-z_]+\s*(\(|AS\b)")]
    private static partial Regex SessionState();

    [GeneratedRegex(@"\b(DateTimeOffset\.(UtcNow|Now)|DateTime\.(UtcNow|Now|Today))\b")]
    private static partial Regex ClockRead();
}
