namespace Vern.Statistics.Tests;

/// <summary>The hand-written SSB-shaped sample files in docs/examples/ssb (found by walking up from the test folder).</summary>
internal static class Samples
{
    public static readonly string Directory = Locate();

    public static string File(string name) => Path.Combine(Directory, name);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "examples", "ssb");
            if (System.IO.Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException("docs/examples/ssb not found above the test directory.");
    }
}
