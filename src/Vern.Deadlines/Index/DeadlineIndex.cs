using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Vern.Deadlines.Facts;
using Vern.Domain.Cases;

namespace Vern.Deadlines.Index;

/// <summary>Fristindeks: the compact <see cref="CaseFacts"/> of every case, kept in this feature's own table
/// <c>deadline_facts</c> in the case database so that all open duties of a national data set can be computed in
/// memory. <see cref="Refresh"/> brings it up to date by re-projecting only the cases whose version changed since
/// (it reads the event store's <c>cases</c> snapshot table, never writes it).</summary>
public sealed class DeadlineIndex : IDisposable
{
    private readonly SqliteConnection _connection;

    private DeadlineIndex(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens the index in the case database at <paramref name="path"/> (created by the event store).</summary>
    public static DeadlineIndex Open(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Databasen {path} finnes ikke. Lag den med «vern init --db {path}» eller «vern demo --db {path}».", path);
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        c.Open();
        Exec(c, """
            PRAGMA busy_timeout=10000;
            CREATE TABLE IF NOT EXISTS deadline_facts (
                case_id TEXT PRIMARY KEY,
                municipality TEXT NOT NULL,
                version INTEGER NOT NULL,
                format INTEGER NOT NULL,
                facts BLOB NOT NULL);
            """);
        return new DeadlineIndex(c);
    }

    /// <summary>What a refresh did.</summary>
    public sealed record RefreshResult(int Updated, int Total, TimeSpan Elapsed);

    /// <summary>Re-projects every case whose snapshot version differs from the indexed one (all, with <paramref name="rebuild"/>).</summary>
    public RefreshResult Refresh(bool rebuild = false)
    {
        var watch = Stopwatch.StartNew();
        if (rebuild) Exec(_connection, "DELETE FROM deadline_facts");
        using var tx = _connection.BeginTransaction();
        using var read = _connection.CreateCommand();
        read.Transaction = tx;
        read.CommandText = """
            SELECT c.state FROM cases c LEFT JOIN deadline_facts f ON f.case_id = c.case_id
            WHERE f.version IS NULL OR f.version <> c.version OR f.format <> $format
            """;
        read.Parameters.AddWithValue("$format", (int)CaseFactsCodec.FormatVersion);
        using var write = WriteCommand(tx);
        var updated = 0;
        using (var r = read.ExecuteReader())
        {
            while (r.Read())
            {
                var state = JsonSerializer.Deserialize<CaseState>(r.GetString(0), CaseJson.Options)!;
                Write(write, CaseFactsProjection.From(state));
                updated++;
            }
        }
        tx.Commit();
        return new RefreshResult(updated, Count(), watch.Elapsed);
    }

    /// <summary>Writes one case's facts (after a change); the single-case path.</summary>
    public void Put(CaseFacts facts)
    {
        using var write = WriteCommand(null);
        Write(write, facts);
    }

    /// <summary>Reads the facts of every indexed case, optionally of one municipality.</summary>
    public List<CaseFacts> Load(string? municipalityNumber = null)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT facts FROM deadline_facts" + (municipalityNumber is null ? "" : " WHERE municipality = $m");
        if (municipalityNumber is not null) cmd.Parameters.AddWithValue("$m", municipalityNumber);
        var intern = new Dictionary<string, string>();
        var list = new List<CaseFacts>();
        using var r = cmd.ExecuteReader();
        byte[] buffer = new byte[4096];
        while (r.Read())
        {
            var length = (int)r.GetBytes(0, 0, null, 0, 0);
            if (length > buffer.Length) buffer = new byte[length * 2];
            r.GetBytes(0, 0, buffer, 0, length);
            list.Add(CaseFactsCodec.Decode(buffer.AsSpan(0, length), intern));
        }
        return list;
    }

    public int Count()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM deadline_facts";
        return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private SqliteCommand WriteCommand(SqliteTransaction? tx)
    {
        var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO deadline_facts(case_id, municipality, version, format, facts) VALUES ($id, $m, $v, $f, $b)
            ON CONFLICT(case_id) DO UPDATE SET municipality = $m, version = $v, format = $f, facts = $b
            """;
        cmd.Parameters.Add("$id", SqliteType.Text);
        cmd.Parameters.Add("$m", SqliteType.Text);
        cmd.Parameters.Add("$v", SqliteType.Integer);
        cmd.Parameters.Add("$f", SqliteType.Integer);
        cmd.Parameters.Add("$b", SqliteType.Blob);
        return cmd;
    }

    private static void Write(SqliteCommand cmd, CaseFacts facts)
    {
        cmd.Parameters["$id"].Value = facts.Id.ToString();
        cmd.Parameters["$m"].Value = facts.MunicipalityNumber;
        cmd.Parameters["$v"].Value = facts.Version;
        cmd.Parameters["$f"].Value = (int)CaseFactsCodec.FormatVersion;
        cmd.Parameters["$b"].Value = CaseFactsCodec.Encode(facts);
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
