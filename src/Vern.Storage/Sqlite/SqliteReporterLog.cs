using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Vern.Storage.Sqlite;

/// <summary>The reporters (Avgiver) Vern has learned per municipality, in table <c>register_reporters</c>: from the Avgiver
/// of imported register files and from what an export was given (--org-number, --municipality-name). Rows are only added;
/// the latest per municipality counts.</summary>
public sealed class SqliteReporterLog : IReporterLog, IDisposable
{
    private readonly SqliteConnection _connection;

    public SqliteReporterLog(string databasePath)
    {
        var cs = SqliteConnections.For(databasePath, SqliteOpenMode.ReadWrite);
        _connection = new SqliteConnection(cs);
        _connection.Open();
        SqliteConnections.Configure(_connection, "PRAGMA busy_timeout=10000; PRAGMA synchronous=FULL;");
        SqliteMigrations.Run(_connection); // the one runner makes this port's tables (step 4)
    }

    public Task<ReporterRecord?> LatestAsync(string municipalityNumber, CancellationToken cancellationToken = default) =>
        Task.FromResult(Latest(municipalityNumber));

    private ReporterRecord? Latest(string municipalityNumber)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = """
            SELECT org_number, name, district_number, district_name FROM register_reporters
            WHERE municipality = $m ORDER BY id DESC LIMIT 1
            """;
        cmd.Parameters.AddWithValue("$m", municipalityNumber);
        using var r = cmd.ExecuteReader();
        return r.Read()
            ? new ReporterRecord(r.GetString(0), municipalityNumber, r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3))
            : null;
    }

    public Task RecordAsync(ReporterRecord reporter, string source, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (Latest(reporter.MunicipalityNumber) == reporter)
            return Task.CompletedTask;
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = """
            INSERT INTO register_reporters(municipality, org_number, name, district_number, district_name, source, recorded_at)
            VALUES ($m, $o, $n, $dn, $dm, $s, $a)
            """;
        cmd.Parameters.AddWithValue("$m", reporter.MunicipalityNumber);
        cmd.Parameters.AddWithValue("$o", reporter.OrganisationNumber);
        cmd.Parameters.AddWithValue("$n", reporter.MunicipalityName);
        cmd.Parameters.AddWithValue("$dn", (object?)reporter.DistrictNumber ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$dm", (object?)reporter.DistrictName ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$s", source);
        cmd.Parameters.AddWithValue("$a", at.ToString("O", CultureInfo.InvariantCulture));
        cmd.Run();
        return Task.CompletedTask;
    }

    public void Dispose() => _connection.Dispose();
}
