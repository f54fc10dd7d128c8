using Vern.Domain.CodeLists;

namespace Vern.Synthetic.Tests;

/// <summary>SSB's reference files, read from ../shared (never copied into the repo).</summary>
internal static class Reference
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

/// <summary>A SQLite file in its own temporary folder, deleted afterwards.</summary>
internal sealed class TempDb : IDisposable
{
    private readonly string _dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vern-synthetic-tests", Guid.NewGuid().ToString("N"));

    public TempDb() => System.IO.Directory.CreateDirectory(_dir);

    public string Path(string name = "vern.db") => System.IO.Path.Combine(_dir, name);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
