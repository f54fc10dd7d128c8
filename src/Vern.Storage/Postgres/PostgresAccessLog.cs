using Npgsql;
using NpgsqlTypes;
using Vern.Domain.Cases;

namespace Vern.Storage.Postgres;

/// <summary>The access log (innsynslogg) on PostgreSQL: table <c>access_log</c> (step 2), append-only by a trigger that
/// refuses UPDATE, DELETE and TRUNCATE. A bulk read is one row that names by its digest the set of every case it included,
/// each distinct set stored once in <c>access_id_sets</c> (migration 28) by the same statement as the row; rows stored before
/// hold their set themselves (<c>case_ids</c>), as on SQLite. Rows are written by the log's group commit
/// (<see cref="PostgresAccessLogBatcher"/>): one per database per process, since <see cref="VernDatabase"/> shares one
/// <see cref="PostgresDatabase"/> per connection.</summary>
public sealed class PostgresAccessLog(NpgsqlDataSource source) : IAccessLog
{
    private readonly PostgresAccessLogBatcher _writer = new(source);

    /// <summary>Logs the read; the task completes when the row is committed. The token is not used: a row once asked for is
    /// written even if the request that asked is cancelled.</summary>
    public Task RecordAsync(AccessEntry entry, CancellationToken cancellationToken = default) => Insert(entry, null);

    /// <inheritdoc cref="RecordAsync"/>
    public Task RecordBulkAsync(AccessEntry entry, IReadOnlyCollection<CaseId> cases, CancellationToken cancellationToken = default) =>
        Insert(entry with { CaseId = null, CaseCount = cases.Count }, CaseIdSet.EncodeWithDigest(cases));

    public async Task<IReadOnlyList<AccessEntry>> ForCaseAsync(CaseId caseId, string? municipalityNumber = null, CancellationToken cancellationToken = default)
    {
        var scope = municipalityNumber is null ? "" : "AND (scope = $2 OR scope = '*')";
        // The distinct sets the scope's bulk rows name, each looked through once.
        var including = new HashSet<string>(StringComparer.Ordinal);
        await using (var sets = source.CreateCommand($"""
            SELECT digest, case_ids FROM access_id_sets
            WHERE digest IN (SELECT case_ids_digest FROM access_log WHERE case_ids_digest IS NOT NULL {scope.Replace("$2", "$1", StringComparison.Ordinal)})
            """))
        {
            if (municipalityNumber is not null)
                sets.Parameters.AddWithValue(municipalityNumber);
            await using var sr = await sets.ExecuteReaderAsync(cancellationToken);
            while (await sr.ReadAsync(cancellationToken))
                if (CaseIdSet.Contains(sr.GetFieldValue<byte[]>(1), caseId))
                    including.Add(Convert.ToHexString(sr.GetFieldValue<byte[]>(0)));
        }
        await using var cmd = source.CreateCommand($"""
            SELECT {Columns}, NULL::bytea, NULL::bytea FROM access_log WHERE case_id = $1
            UNION ALL
            SELECT {Columns}, case_ids, case_ids_digest FROM access_log WHERE (case_ids IS NOT NULL OR case_ids_digest IS NOT NULL) {scope}
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
            if (!r.IsDBNull(11) && !including.Contains(Convert.ToHexString(r.GetFieldValue<byte[]>(11))))
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

    /// <summary>Queues the row for the log's group commit (<see cref="PostgresAccessLogBatcher"/>); the task completes when it is
    /// committed. A bulk row's id set goes in by the same statement and is skipped when stored.</summary>
    private Task Insert(AccessEntry e, EncodedCaseIds? caseIds)
    {
        if (e.CaseId is null && e.Scope is null)
            throw new ArgumentException("An access-log row names a case or a scope.");
        return _writer.WriteAsync(e, caseIds);
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
