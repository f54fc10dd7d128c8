using Npgsql;

namespace Vern.Storage.Postgres;

/// <summary>The reporters (Avgiver) per municipality on PostgreSQL: table <c>register_reporters</c> (step 4), rows only
/// added (trigger); the latest per municipality counts. Recording locks the municipality for the transaction, so two
/// writers of the same reporter add it once.</summary>
public sealed class PostgresReporterLog(NpgsqlDataSource dataSource) : IReporterLog
{
    public async Task<ReporterRecord?> LatestAsync(string municipalityNumber, CancellationToken cancellationToken = default)
    {
        await using var c = await dataSource.OpenConnectionAsync(cancellationToken);
        return await Latest(c, null, municipalityNumber, cancellationToken);
    }

    private static async Task<ReporterRecord?> Latest(NpgsqlConnection c, NpgsqlTransaction? tx, string municipalityNumber, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT org_number, name, district_number, district_name FROM register_reporters
            WHERE municipality = $1 ORDER BY id DESC LIMIT 1
            """, c, tx);
        cmd.Parameters.AddWithValue(municipalityNumber);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct)
            ? new ReporterRecord(r.GetString(0), municipalityNumber, r.GetString(1), PgText.Text(r, 2), PgText.Text(r, 3))
            : null;
    }

    public async Task RecordAsync(ReporterRecord reporter, string source, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var c = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await using (var lockIt = new NpgsqlCommand("SELECT pg_advisory_xact_lock(7466112, hashtext($1))", c, tx))
        {
            lockIt.Parameters.AddWithValue(reporter.MunicipalityNumber);
            await lockIt.ExecuteNonQueryAsync(cancellationToken);
        }
        if (await Latest(c, tx, reporter.MunicipalityNumber, cancellationToken) == reporter)
            return;
        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO register_reporters(municipality, org_number, name, district_number, district_name, source, recorded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """, c, tx))
        {
            cmd.Parameters.AddWithValue(reporter.MunicipalityNumber);
            cmd.Parameters.AddWithValue(reporter.OrganisationNumber);
            cmd.Parameters.AddWithValue(reporter.MunicipalityName);
            cmd.Parameters.Add(PgText.Text(reporter.DistrictNumber));
            cmd.Parameters.Add(PgText.Text(reporter.DistrictName));
            cmd.Parameters.AddWithValue(source);
            cmd.Parameters.AddWithValue(PgText.Time(at));
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
    }
}
