using Microsoft.Data.Sqlite;

namespace Vern.Storage.Sqlite;

/// <summary>File-level facts about a Vern database, for hosts that must clean up after a failed command.</summary>
public static class SqliteFiles
{
    /// <summary>Removes a database file (with its WAL and shared-memory files) that holds nothing a user made: no event, no
    /// access-log row, no user, no setting. Anything else (not a Vern database, locked, in use) is left alone.</summary>
    public static void RemoveIfUnused(string path)
    {
        if (!File.Exists(path))
            return;
        try
        {
            using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
            {
                c.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('events', 'access_log', 'users', 'settings')";
                var tables = new List<string>();
                using (var r = cmd.ExecuteReader())
                    while (r.Read())
                        tables.Add(r.GetString(0));
                if (!tables.Contains("events"))
                    return;
                cmd.CommandText = "SELECT " + string.Join(" + ", tables.Select(t => $"(SELECT count(*) FROM {t})"));
                if ((long)cmd.ExecuteScalar()! != 0)
                    return;
            }
            foreach (var f in new[] { path, path + "-wal", path + "-shm" })
                File.Delete(f);
        }
        catch (SqliteException)
        {
            // Not a Vern database after all (or locked by another writer): leave it.
        }
    }
}
