using Npgsql;
using Vern.Storage.Security;

namespace Vern.Storage.Postgres.Features;

/// <summary>The web key ring on PostgreSQL (migration 29, <c>web_keys</c>), as <see cref="SqliteKeyRingStore"/>: every host of
/// an installation on this database shares it.</summary>
public sealed class PostgresKeyRingStore(NpgsqlDataSource source) : IKeyRingStore
{
    public IReadOnlyList<string> ReadAll()
    {
        using var c = source.OpenConnection();
        using var cmd = new NpgsqlCommand("SELECT xml FROM web_keys ORDER BY position", c);
        var all = new List<string>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            all.Add(r.GetString(0));
        return all;
    }

    public void Add(string name, string xml, DateTimeOffset at)
    {
        using var c = source.OpenConnection();
        using var cmd = new NpgsqlCommand("INSERT INTO web_keys(name, xml, stored_at) VALUES ($1, $2, $3)", c);
        cmd.Parameters.Add(new NpgsqlParameter { Value = name });
        cmd.Parameters.Add(new NpgsqlParameter { Value = xml });
        cmd.Parameters.Add(new NpgsqlParameter { Value = StoredTime.Text(at) });
        cmd.ExecuteNonQuery();
    }
}
