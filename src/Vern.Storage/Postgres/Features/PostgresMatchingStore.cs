using System.Globalization;
using System.Text.Json;
using Npgsql;
using Vern.Domain.Cases;
using Vern.Domain.Identity;
using Vern.Domain.People;
using Vern.Storage.Matching;

namespace Vern.Storage.Postgres.Features;

/// <summary>The duplicate index, the decisions on candidates and the identity aliases on PostgreSQL (migration 7), as
/// <see cref="SqliteMatchingStore"/>: the lookup is an index seek on (municipality, key) in the keys and the aliases, the keys
/// passed as one text array. Index writers are serialised (an advisory lock), so "a late writer never wins" holds across
/// processes as it does under SQLite's single writer.</summary>
public sealed class PostgresMatchingStore(NpgsqlDataSource source) : IMatchingStore
{
    private const long WriterLock = 7466112;

    private static readonly JsonSerializerOptions Json = CaseJson.Options;

    private const string RowColumns = "case_id, municipality, version, format, journal_number, caseworker, protection, identities";

    public async Task<MatchIndexMark?> ReadMarkAsync(CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var cmd = c.Command(null, "SELECT cursor, format FROM child_index_mark WHERE id = 1");
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken) ? new MatchIndexMark(FeedCursor.Parse(r.GetString(0)), r.GetInt32(1)) : null;
    }

    public async Task ClearIndexAsync(CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await c.LockAsync(tx, WriterLock, cancellationToken);
        await c.ExecAsync(tx, "DELETE FROM child_index_mark; DELETE FROM child_index_keys; DELETE FROM child_index;", cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    public async Task WriteIndexAsync(IReadOnlyList<ChildIndexRow> rows, MatchIndexMark? mark, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await c.LockAsync(tx, WriterLock, cancellationToken);
        foreach (var row in rows)
        {
            var id = row.CaseId.ToString();
            await using (var current = c.Command(tx, "SELECT version, format FROM child_index WHERE case_id = $c", ("$c", id)))
            await using (var r = await current.ExecuteReaderAsync(cancellationToken))
            {
                if (await r.ReadAsync(cancellationToken) && r.GetInt32(1) == row.Format && r.GetInt64(0) > row.Version)
                    continue;
            }
            await c.ExecAsync(tx, "DELETE FROM child_index_keys WHERE case_id = $c", cancellationToken, ("$c", id));
            await c.ExecAsync(tx, $"""
                INSERT INTO child_index({RowColumns}) VALUES ($c, $m, $v, $f, $j, $w, $p, $i)
                ON CONFLICT (case_id) DO UPDATE SET municipality = $m, version = $v, format = $f, journal_number = $j, caseworker = $w, protection = $p, identities = $i
                """, cancellationToken,
                ("$c", id), ("$m", row.MunicipalityNumber), ("$v", row.Version), ("$f", row.Format), ("$j", row.JournalNumber), ("$w", row.CaseworkerId),
                ("$p", (int)row.Protection), ("$i", JsonSerializer.Serialize(row.Identities, Json)));
            if (row.Keys.Count > 0)
                await c.ExecAsync(tx, "INSERT INTO child_index_keys(municipality, key, case_id) SELECT $m, k, $c FROM unnest($k) AS k ON CONFLICT DO NOTHING", cancellationToken,
                    ("$m", row.MunicipalityNumber), ("$k", row.Keys.ToArray()), ("$c", id));
        }
        if (mark is not null)
            await c.ExecAsync(tx, "INSERT INTO child_index_mark(id, cursor, format) VALUES (1, $c, $f) ON CONFLICT (id) DO UPDATE SET cursor = $c, format = $f", cancellationToken,
                ("$c", mark.Cursor.ToString()), ("$f", mark.Format));
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>The lookup: the keys go in as one text array; each is an index seek on (municipality, key) in the keys and the
    /// aliases; the matching case rows are read by primary key.</summary>
    public const string LookupSql = $"""
        SELECT {RowColumns} FROM child_index
        WHERE case_id IN (
            SELECT case_id FROM child_index_keys WHERE municipality = $m AND key = ANY($k)
            UNION
            SELECT case_id FROM child_aliases WHERE municipality = $m AND key = ANY($k))
          AND municipality = $m
        ORDER BY case_id
        """;

    public Task<IReadOnlyList<ChildIndexRow>> LookupAsync(string municipalityNumber, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        ReadRowsAsync(LookupSql, cancellationToken, ("$m", municipalityNumber), ("$k", keys.ToArray()));

    public async Task<ChildIndexRow?> ReadRowAsync(CaseId caseId, CancellationToken cancellationToken = default) =>
        await ReadRowsAsync($"SELECT {RowColumns} FROM child_index WHERE case_id = $c", cancellationToken, ("$c", caseId.ToString())) is [var row] ? row : null;

    public async Task<(long Rows, long Keys)> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var cmd = c.Command(null, "SELECT (SELECT count(*) FROM child_index), (SELECT count(*) FROM child_index_keys)");
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        return (r.GetInt64(0), r.GetInt64(1));
    }

    public async Task RecordDecisionAsync(MatchDecision d, CancellationToken cancellationToken = default)
    {
        if (MatchDecision.Refusal(d.CaseA, d.CaseB, d.Reason) is { } refusal)
            throw new ArgumentException(refusal);
        var (first, second) = d.Pair;
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await c.ExecAsync(null, """
            INSERT INTO child_match_decisions(case_first, case_second, municipality, verdict, reason, decided_by, decided_at, score)
            VALUES ($a, $b, $m, $v, $r, $by, $at, $s)
            """, cancellationToken,
            ("$a", first.ToString()), ("$b", second.ToString()), ("$m", d.MunicipalityNumber), ("$v", d.Verdict == MatchVerdict.Linked ? "linked" : "dismissed"),
            ("$r", d.Reason), ("$by", d.DecidedBy), ("$at", d.DecidedAt.ToString("O", CultureInfo.InvariantCulture)), ("$s", (object?)d.Score ?? DBNull.Value));
    }

    public async Task<IReadOnlyList<MatchDecision>> DecisionsAsync(string municipalityNumber, CaseId caseId, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var cmd = c.Command(null, """
            SELECT case_first, case_second, municipality, verdict, reason, decided_by, decided_at, score FROM child_match_decisions
            WHERE municipality = $m AND (case_first = $c OR case_second = $c) ORDER BY position
            """, ("$m", municipalityNumber), ("$c", caseId.ToString()));
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<MatchDecision>();
        while (await r.ReadAsync(cancellationToken))
            list.Add(new MatchDecision(CaseId.Parse(r.GetString(0)), CaseId.Parse(r.GetString(1)), r.GetString(2),
                r.GetString(3) == "linked" ? MatchVerdict.Linked : MatchVerdict.Dismissed, r.GetString(4), r.GetString(5),
                DateTimeOffset.Parse(r.GetString(6), CultureInfo.InvariantCulture), r.IsDBNull(7) ? null : r.GetDouble(7)));
        return list;
    }

    public async Task AddAliasAsync(IdentityAlias a, string key, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await c.ExecAsync(null, """
            INSERT INTO child_aliases(case_id, municipality, kind, value, key, reason, recorded_by, recorded_at)
            VALUES ($c, $m, $k, $v, $key, $r, $by, $at)
            """, cancellationToken,
            ("$c", a.CaseId.ToString()), ("$m", a.MunicipalityNumber), ("$k", a.Kind.ToString()), ("$v", a.Value), ("$key", key), ("$r", a.Reason),
            ("$by", a.RecordedBy), ("$at", a.RecordedAt.ToString("O", CultureInfo.InvariantCulture)));
    }

    public async Task<IReadOnlyList<IdentityAlias>> AliasesAsync(IReadOnlyCollection<CaseId> caseIds, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var cmd = c.Command(null, """
            SELECT case_id, municipality, kind, value, reason, recorded_by, recorded_at FROM child_aliases
            WHERE case_id = ANY($c) ORDER BY position
            """, ("$c", caseIds.Select(x => x.ToString()).ToArray()));
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<IdentityAlias>();
        while (await r.ReadAsync(cancellationToken))
            list.Add(new IdentityAlias(CaseId.Parse(r.GetString(0)), r.GetString(1), Enum.Parse<AliasKind>(r.GetString(2)), r.GetString(3), r.GetString(4),
                r.GetString(5), DateTimeOffset.Parse(r.GetString(6), CultureInfo.InvariantCulture)));
        return list;
    }

    private async Task<IReadOnlyList<ChildIndexRow>> ReadRowsAsync(string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var c = await source.OpenConnectionAsync(ct);
        await using var cmd = c.Command(null, sql, parameters);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<ChildIndexRow>();
        while (await r.ReadAsync(ct))
            rows.Add(new ChildIndexRow(CaseId.Parse(r.GetString(0)), r.GetString(1), r.GetInt64(2), r.GetInt32(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), (AddressProtection)r.GetInt32(6),
                JsonSerializer.Deserialize<List<ChildIdentity>>(r.GetString(7), Json) ?? [], []));
        return rows;
    }
}
