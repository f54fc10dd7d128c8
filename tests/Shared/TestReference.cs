using Vern.Domain.CodeLists;

namespace Vern.Tests;

/// <summary>SSB's reference files, read from ../shared (never copied into the repo).</summary>
internal static class TestReference
{
    public static readonly string Directory = Locate();

    public static readonly Lazy<CodeListSet> CodeLists = new(() =>
        KodelisterParser.Parse(File.ReadAllText(Path.Combine(Directory, "ssb-barnevern-register", "Kodelister.md"))));

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("VERN_REFERENCE") is { Length: > 0 } env)
            return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reference");
            if (System.IO.Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException("shared/reference not found above the test directory; set VERN_REFERENCE.");
    }
}
