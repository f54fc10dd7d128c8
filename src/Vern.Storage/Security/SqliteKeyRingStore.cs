using Vern.Storage.Sqlite;

namespace Vern.Storage.Security;

/// <summary>The web key ring in the Vern SQLite file (migration 29: <c>web_keys</c>). A connection per call: the ring is read at
/// start and about once a day, and written when a key is made (every 90 days by default).</summary>
public sealed class SqliteKeyRingStore(string path) : IKeyRingStore
{
    /// <summary>The schema of migration 29 (in <see cref="SqliteMigrations.All"/>; never edit once shipped).</summary>
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS web_keys (
            position INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            xml TEXT NOT NULL,
            stored_at TEXT NOT NULL);
        CREATE TRIGGER IF NOT EXISTS web_keys_append_only_update BEFORE UPDATE ON web_keys
            BEGIN SELECT RAISE(ABORT, 'the web key ring is append-only: a key is revoked by a new element'); END;
        CREATE TRIGGER IF NOT EXISTS web_keys_append_only_delete BEFORE DELETE ON web_keys
            BEGIN SELECT RAISE(ABORT, 'the web key ring is append-only'); END;
        """;

    public IReadOnlyList<string> ReadAll()
    {
        using var connection = SqliteMigrations.Open(path, create: false);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT xml FROM web_keys ORDER BY position";
        var all = new List<string>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            all.Add(r.GetString(0));
        return all;
    }

    public void Add(string name, string xml, DateTimeOffset at)
    {
        using var connection = SqliteMigrations.Open(path, create: false);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "INSERT INTO web_keys(name, xml, stored_at) VALUES ($n, $x, $at)";
        cmd.Parameters.AddWithValue("$n", name);
        cmd.Parameters.AddWithValue("$x", xml);
        cmd.Parameters.AddWithValue("$at", StoredTime.Text(at));
        cmd.ExecuteNonQuery();
    }
}
