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

    [GeneratedRegex(@"\b(DateTimeOffset\.(UtcNow|Now)|DateTime\.(UtcNow|Now|Today))\b")]
    private static partial Regex ClockRead();
}
