using Npgsql;
using NpgsqlTypes;
using Vern.Domain.Cases;

namespace Vern.Storage.Postgres;

/// <summary>The access log (innsynslogg) on PostgreSQL: table <c>access_log</c> (step 2), append-only by a trigger that
/// refuses UPDATE, DELETE and TRUNCATE. A bulk read is one row whose <c>case_ids</c> holds the sorted ids of every case it
/// included (<see cref="CaseIdSet"/>), as on SQLite.</summary>
public sealed class PostgresAccessLog(NpgsqlDataSource source) : IAccessLog
{
    public Task RecordAsync(AccessEntry entry, CancellationToken cancellationToken = default) => Insert(entry, null, cancellationToken);

    public Task RecordBulkAsync(AccessEntry entry, IReadOnlyCollection<CaseId> cases, CancellationToken cancellationToken = default) =>
        Insert(entry with { CaseId = null, CaseCount = cases.Count }, CaseIdSet.Encode(cases), cancellationToken);

    public async Task<IReadOnlyList<AccessEntry>> ForCaseAsync(CaseId caseId, string? municipalityNumber = null, CancellationToken cancellationToken = default)
    {
        await using var cmd = source.CreateCommand($"""
            SELECT {Columns}, NULL::bytea FROM access_log WHERE case_id = $1
            UNION ALL
            SELECT {Columns}, case_ids FROM access_log WHERE case_ids IS NOT NULL {(municipalityNumber is null ? "" : "AND (scope = $2 OR scope = '*')")}
            ORDER BY position
            """);
        cmd.Parameters.AddWithValue(caseId.Value);
        if (municipalityNumber is not null)
            cmd.Parameters.AddWithValue(municipalityNumber);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<AccessEntry>();
        while (await r.ReadAsync(cancellationToken))
        {
            if (!r.IsDBNull(10) && !CaseIdSet.Contains(r.GetFieldValue<byte[]>(10), caseId))
                continue;
            list.Add(Read(r));
        }
        return list;
    }

    public async Task<IReadOnlyList<AccessEntry>> ReadAllAsync(string? actorId = null, CancellationToken cancellationToken = default)
    {
        await using var cmd = source.CreateCommand($"SELECT {Columns} FROM access_log" + (actorId is null ? "" : " WHERE actor_id = $1") + " ORDER BY position");
        if (actorId is not null)
            cmd.Parameters.AddWithValue(actorId);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<AccessEntry>();
        while (await r.ReadAsync(cancellationToken))
            list.Add(Read(r));
        return list;
    }

    private const string Columns = "position, at, actor_id, role, operation, purpose, case_id, scope, case_count, outcome";

    private static AccessEntry Read(NpgsqlDataReader r) => new(r.GetInt64(0), PgText.ParseTime(r.GetString(1)),
        r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.IsDBNull(6) ? null : new CaseId(r.GetGuid(6)),
        r.IsDBNull(7) ? null : r.GetString(7), r.GetInt32(8), r.GetString(9));

    private async Task Insert(AccessEntry e, byte[]? caseIds, CancellationToken ct)
    {
        if (e.CaseId is null && e.Scope is null)
            throw new ArgumentException("An access-log row names a case or a scope.");
        await using var cmd = source.CreateCommand("""
            INSERT INTO access_log(at, actor_id, role, operation, purpose, case_id, scope, case_count, outcome, case_ids)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """);
        cmd.Parameters.AddWithValue(PgText.Time(e.At));
        cmd.Parameters.AddWithValue(e.ActorId);
        cmd.Parameters.AddWithValue(e.Role);
        cmd.Parameters.AddWithValue(e.Operation);
        cmd.Parameters.AddWithValue(e.Purpose);
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = e.CaseId is { } id ? id.Value : DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)e.Scope ?? DBNull.Value });
        cmd.Parameters.AddWithValue(e.CaseCount);
        cmd.Parameters.AddWithValue(e.Outcome);
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = (object?)caseIds ?? DBNull.Value });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>Shared conversions of the PostgreSQL adapters: instants as round-trip text (as on SQLite, so a moved database
/// reads and hashes the same), nullable parameters with their type.</summary>
internal static class PgText
{
    public static string Time(DateTimeOffset at) => at.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string s) => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    public static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    public static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static async Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource source, CancellationToken ct) => await source.OpenConnectionAsync(ct);
}
