using System.Globalization;
using Microsoft.Data.Sqlite;
using Vern.Domain.Cases;

namespace Vern.Storage.Sqlite;

/// <summary>The access log in the Vern database (table <c>access_log</c>, migration 2; append-only by triggers). A bulk
/// read is one row whose <c>case_ids</c> blob holds the sorted ids of every case it included (<see cref="CaseIdSet"/>).</summary>
public sealed class SqliteAccessLog : IAccessLog, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteAccessLogBatcher? _batcher;

    private SqliteAccessLog(SqliteConnection connection, SqliteAccessLogBatcher? batcher)
    {
        _connection = connection;
        _batcher = batcher;
    }

    /// <summary>Opens the log. On a file a host serves (<see cref="SqliteConnections.Serve"/>), rows are written through the
    /// process's <see cref="SqliteAccessLogBatcher"/> (group commit); elsewhere each row is its own transaction, as before.</summary>
    public static SqliteAccessLog Open(string path, bool create = true)
    {
        var connection = SqliteMigrations.Open(path, create);
        return new(connection, SqliteConnections.IsServed(path) ? SqliteAccessLogBatcher.For(path) : null);
    }

    public Task RecordAsync(AccessEntry entry, CancellationToken cancellationToken = default) => Write(entry, null);

    public Task RecordBulkAsync(AccessEntry entry, IReadOnlyCollection<CaseId> cases, CancellationToken cancellationToken = default) =>
        Write(entry with { CaseId = null, CaseCount = cases.Count }, CaseIdSet.Encode(cases));

    private Task Write(AccessEntry entry, byte[]? caseIds)
    {
        Check(entry);
        if (_batcher is not null)
            return _batcher.WriteAsync(entry, caseIds);
        Insert(_connection, null, entry, caseIds);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AccessEntry>> ForCaseAsync(CaseId caseId, string? municipalityNumber = null, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"""
            SELECT {Columns}, NULL FROM access_log WHERE case_id = $c
            UNION ALL
            SELECT {Columns}, case_ids FROM access_log WHERE case_ids IS NOT NULL {(municipalityNumber is null ? "" : "AND (scope = $m OR scope = '*')")}
            ORDER BY position
            """;
        cmd.Parameters.AddWithValue("$c", caseId.ToString());
        if (municipalityNumber is not null)
            cmd.Parameters.AddWithValue("$m", municipalityNumber);
        using var r = cmd.ExecuteReader();
        var list = new List<AccessEntry>();
        while (r.Read())
        {
            if (!r.IsDBNull(10) && !CaseIdSet.Contains((byte[])r.GetValue(10), caseId))
                continue;
            list.Add(Read(r));
        }
        return Task.FromResult<IReadOnlyList<AccessEntry>>(list);
    }

    public Task<IReadOnlyList<AccessEntry>> ReadAllAsync(string? actorId = null, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"SELECT {Columns} FROM access_log" + (actorId is null ? "" : " WHERE actor_id = $a") + " ORDER BY position";
        if (actorId is not null)
            cmd.Parameters.AddWithValue("$a", actorId);
        using var r = cmd.ExecuteReader();
        var list = new List<AccessEntry>();
        while (r.Read())
            list.Add(Read(r));
        return Task.FromResult<IReadOnlyList<AccessEntry>>(list);
    }

    public void Dispose() => _connection.Dispose();

    private const string Columns = "position, at, actor_id, role, operation, purpose, case_id, scope, case_count, outcome";

    private static AccessEntry Read(SqliteDataReader r) => new(r.GetInt64(0), DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture),
        r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.IsDBNull(6) ? null : CaseId.Parse(r.GetString(6)),
        r.IsDBNull(7) ? null : r.GetString(7), (int)r.GetInt64(8), r.GetString(9));

    private static void Check(AccessEntry e)
    {
        if (e.CaseId is null && e.Scope is null)
            throw new ArgumentException("An access-log row names a case or a scope.");
    }

    internal static void Insert(SqliteConnection connection, SqliteTransaction? transaction, AccessEntry e, byte[]? caseIds)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = """
            INSERT INTO access_log(at, actor_id, role, operation, purpose, case_id, scope, case_count, outcome, case_ids)
            VALUES ($at, $a, $r, $o, $p, $c, $s, $n, $out, $ids)
            """;
        cmd.Parameters.AddWithValue("$at", e.At.ToString("O", CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("$a", e.ActorId);
        cmd.Parameters.AddWithValue("$r", e.Role);
        cmd.Parameters.AddWithValue("$o", e.Operation);
        cmd.Parameters.AddWithValue("$p", e.Purpose);
        cmd.Parameters.AddWithValue("$c", e.CaseId is { } id ? id.ToString() : DBNull.Value);
        cmd.Parameters.AddWithValue("$s", (object?)e.Scope ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$n", e.CaseCount);
        cmd.Parameters.AddWithValue("$out", e.Outcome);
        cmd.Parameters.Add("$ids", SqliteType.Blob).Value = (object?)caseIds ?? DBNull.Value;
        cmd.Run();
    }
}
