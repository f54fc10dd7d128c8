namespace Vern.Synthetic.Tests;

/// <summary>A real SQLite database file in a fresh temporary folder, deleted after the test.</summary>
internal sealed class TempDb : IDisposable
{
    private readonly string _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vern-synthetic-tests", Guid.NewGuid().ToString("N"));

    public TempDb()
    {
        System.IO.Directory.CreateDirectory(_directory);
        Path = System.IO.Path.Combine(_directory, "vern.db");
    }

    public string Path { get; }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on this platform: leave it for the OS temp cleaner.
        }
    }
}
