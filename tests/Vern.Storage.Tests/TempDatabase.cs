namespace Vern.Tests;

/// <summary>A real SQLite database file in a fresh temporary folder, deleted after the test.</summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vern-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, "vern.db");
    }

    public string Directory { get; }

    public string Path { get; }

    /// <summary>A connection of its own to the file, unpooled, as another program beside Vern would open it.</summary>
    public Microsoft.Data.Sqlite.SqliteConnection Connect()
    {
        var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path};Pooling=False");
        c.Open();
        return c;
    }

    /// <summary>Runs <paramref name="sql"/> on <paramref name="c"/>.</summary>
    public static void Exec(Microsoft.Data.Sqlite.SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on this platform: leave it for the OS temp cleaner.
        }
    }
}
