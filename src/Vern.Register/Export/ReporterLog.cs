using System.Globalization;
using Microsoft.Data.Sqlite;
using Vern.Register.Model;

namespace Vern.Register.Export;

/// <summary>The Avgiver Vern has learned per municipality (table <c>register_reporters</c> in Vern's SQLite file): from the
/// Avgiver of imported register files and from what an export was given (--org-number, --municipality-name). Rows are only
/// added; the latest per municipality counts (<see cref="Reporter.Resolve"/>).</summary>
public sealed class SqliteReporterLog : IDisposable
{
    private readonly SqliteConnection _connection;

    public SqliteReporterLog(string databasePath)
    {
        var cs = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
        _connection = new SqliteConnection(cs);
        _connection.Open();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = """
            PRAGMA busy_timeout=10000;
            CREATE TABLE IF NOT EXISTS register_reporters (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                municipality TEXT NOT NULL,
                org_number TEXT NOT NULL,
                name TEXT NOT NULL,
                district_number TEXT,
                district_name TEXT,
                source TEXT NOT NULL,
                recorded_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS register_reporters_municipality ON register_reporters(municipality, id);
            """;
        cmd.ExecuteNonQuery();
    }

    /// <summary>The latest Avgiver recorded for the municipality, or null.</summary>
    public Avgiver? Latest(string municipalityNumber)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = """
            SELECT org_number, name, district_number, district_name FROM register_reporters
            WHERE municipality = $m ORDER BY id DESC LIMIT 1
            """;
        cmd.Parameters.AddWithValue("$m", municipalityNumber);
        using var r = cmd.ExecuteReader();
        return r.Read()
            ? new Avgiver(r.GetString(0), municipalityNumber, r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3))
            : null;
    }

    /// <summary>Records an Avgiver unless it is already the latest for its municipality. <paramref name="source"/> says where it
    /// came from (e.g. "import: file.xml", "export --org-number").</summary>
    public void Record(Avgiver avgiver, string source, DateTimeOffset at)
    {
        if (Latest(avgiver.Kommunenummer) == avgiver)
            return;
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = """
            INSERT INTO register_reporters(municipality, org_number, name, district_number, district_name, source, recorded_at)
            VALUES ($m, $o, $n, $dn, $dm, $s, $a)
            """;
        cmd.Parameters.AddWithValue("$m", avgiver.Kommunenummer);
        cmd.Parameters.AddWithValue("$o", avgiver.Organisasjonsnummer);
        cmd.Parameters.AddWithValue("$n", avgiver.Kommunenavn);
        cmd.Parameters.AddWithValue("$dn", (object?)avgiver.Bydelsnummer ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$dm", (object?)avgiver.Bydelsnavn ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$s", source);
        cmd.Parameters.AddWithValue("$a", at.ToString("O", CultureInfo.InvariantCulture));
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
