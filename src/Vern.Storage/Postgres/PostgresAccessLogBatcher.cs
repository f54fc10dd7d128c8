using Npgsql;
using NpgsqlTypes;

namespace Vern.Storage.Postgres;

/// <summary>Group commit for the access log on PostgreSQL (issue 17, under load): every read is logged before it is answered
/// (issue 15), and each row used to be its own autocommitted INSERT — a round trip, a transaction id and a commit record per
/// request, from up to 20 requests at once. Here the rows that arrive while a commit is running are written together by the
/// next one: one statement (the rows and their new case-id sets, through <c>unnest</c>), one transaction, one WAL flush. Each
/// caller's task completes only when the statement holding its row has committed (<c>synchronous_commit=on</c>: flushed), so a
/// read is still answered only after its log row is durable.</summary>
/// <remarks>A failed commit fails every row of it (their requests fail; nothing was answered), with one exception: when the
/// server refuses the statement for a row's content (SQLSTATE class 22, data exception, e.g. a NUL character in a purpose; or
/// 23, a broken constraint) nothing of it was committed, and the rows are written again one statement each, so that only the
/// row the server refuses fails and one request's bad input does not fail the others' reads. Any other failure (the connection
/// lost, the server shutting down) fails every caller of the batch, since whether it committed may not be known.</remarks>
internal sealed class PostgresAccessLogBatcher
{
    private readonly NpgsqlDataSource _source;
    private readonly GroupCommit<(AccessEntry Entry, EncodedCaseIds? CaseIds)> _commits;

    public PostgresAccessLogBatcher(NpgsqlDataSource source)
    {
        _source = source;
        _commits = new(CommitAsync);
    }

    /// <summary>Queues the row; the task completes when the statement holding it has committed (or fails with its error).</summary>
    public Task WriteAsync(AccessEntry entry, EncodedCaseIds? caseIds) => _commits.WriteAsync((entry, caseIds));

    private async Task CommitAsync(IReadOnlyList<GroupCommit<(AccessEntry Entry, EncodedCaseIds? CaseIds)>.Pending> batch)
    {
        try
        {
            await InsertAsync([.. batch.Select(p => p.Item)]);
        }
        catch (PostgresException e) when (batch.Count > 1 && RefusedForContent(e))
        {
            foreach (var p in batch)
            {
                try
                {
                    await InsertAsync([p.Item]);
                    p.Done.TrySetResult();
                }
                catch (Exception one)
                {
                    p.Done.TrySetException(one);
                }
            }
        }
    }

    /// <summary>SQLSTATE class 22 (data exception) or 23 (integrity constraint violation): the statement failed on what a row holds,
    /// and nothing of it was committed.</summary>
    private static bool RefusedForContent(PostgresException e) => e.SqlState.StartsWith("22", StringComparison.Ordinal) || e.SqlState.StartsWith("23", StringComparison.Ordinal);

    /// <summary>One autocommitted statement: the batch's distinct case-id sets (a set stored before is skipped by
    /// <c>ON CONFLICT</c>), then its rows in the order they were queued. The text is the same for every batch, so it is prepared
    /// once per connection (<see cref="PostgresConnection.DefaultMaxAutoPrepare"/>).</summary>
    private async Task InsertAsync(IReadOnlyList<(AccessEntry Entry, EncodedCaseIds? CaseIds)> batch)
    {
        var n = batch.Count;
        var at = new string[n];
        var actor = new string[n];
        var role = new string[n];
        var operation = new string[n];
        var purpose = new string[n];
        var caseId = new Guid?[n];
        var scope = new string?[n];
        var count = new int[n];
        var outcome = new string[n];
        var digest = new byte[]?[n];
        var sets = new Dictionary<string, EncodedCaseIds>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var e = batch[i].Entry;
            at[i] = PgText.Time(e.At);
            actor[i] = e.ActorId;
            role[i] = e.Role;
            operation[i] = e.Operation;
            purpose[i] = e.Purpose;
            caseId[i] = e.CaseId?.Value;
            scope[i] = e.Scope;
            count[i] = e.CaseCount;
            outcome[i] = e.Outcome;
            if (batch[i].CaseIds is { } ids)
            {
                digest[i] = ids.Digest;
                sets.TryAdd(Convert.ToHexString(ids.Digest), ids);
            }
        }
        await using var cmd = _source.CreateCommand("""
            WITH stored AS (
                INSERT INTO access_id_sets(digest, case_ids) SELECT * FROM unnest($11::bytea[], $12::bytea[]) ON CONFLICT (digest) DO NOTHING)
            INSERT INTO access_log(at, actor_id, role, operation, purpose, case_id, scope, case_count, outcome, case_ids_digest)
            SELECT at, actor_id, role, operation, purpose, case_id, scope, case_count, outcome, case_ids_digest
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::integer[], $9::text[], $10::bytea[])
                WITH ORDINALITY AS r(at, actor_id, role, operation, purpose, case_id, scope, case_count, outcome, case_ids_digest, queued)
            ORDER BY queued
            """);
        var p = cmd.Parameters;
        p.Add(new NpgsqlParameter<string[]> { TypedValue = at });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = actor });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = role });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = operation });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = purpose });
        p.Add(new NpgsqlParameter<Guid?[]> { TypedValue = caseId, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = scope, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter<int[]> { TypedValue = count });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = outcome });
        p.Add(new NpgsqlParameter<byte[]?[]> { TypedValue = digest, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        p.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. sets.Values.Select(s => s.Digest)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        p.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. sets.Values.Select(s => s.Bytes)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        await cmd.ExecuteNonQueryAsync();
    }
}
