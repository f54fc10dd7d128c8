using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Vern.Domain.Cases;
using Vern.Domain.Identity;
using Vern.Domain.People;
using Vern.Storage.Sqlite;

namespace Vern.Storage.Matching;

/// <summary>The duplicate index, the decisions on candidates and the identity aliases in the Vern database (migration 7).
/// The index is three tables: one row per case (<c>child_index</c>), its lookup keys (<c>child_index_keys</c>, keyed by
/// municipality and key, so a lookup is an index seek) and the refresh mark. Decisions and aliases are append-only by
/// triggers.</summary>
public sealed class SqliteMatchingStore : IMatchingStore, IDisposable
{
    /// <summary>The schema of migration 7 (in <see cref="SqliteMigrations.All"/>; never edit once shipped).</summary>
    public const string Schema = """
        CREATE TABLE child_index (
            case_id TEXT PRIMARY KEY,
            municipality TEXT NOT NULL,
            version INTEGER NOT NULL,
            format INTEGER NOT NULL,
            journal_number TEXT NOT NULL,
            caseworker TEXT,
            protection INTEGER NOT NULL,
            identities TEXT NOT NULL);
        CREATE TABLE child_index_keys (
            municipality TEXT NOT NULL,
            key TEXT NOT NULL,
            case_id TEXT NOT NULL,
            PRIMARY KEY (municipality, key, case_id)) WITHOUT ROWID;
        CREATE INDEX child_index_keys_case ON child_index_keys(case_id);
        CREATE TABLE child_index_mark (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            cursor TEXT NOT NULL,
            format INTEGER NOT NULL);

        CREATE TABLE child_match_decisions (
            position INTEGER PRIMARY KEY AUTOINCREMENT,
            case_first TEXT NOT NULL,
            case_second TEXT NOT NULL,
            municipality TEXT NOT NULL,
            verdict TEXT NOT NULL CHECK (verdict IN ('linked', 'dismissed')),
            reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
            decided_by TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            score REAL,
            CHECK (case_first < case_second));
        CREATE INDEX child_match_decisions_first ON child_match_decisions(municipality, case_first);
        CREATE INDEX child_match_decisions_second ON child_match_decisions(municipality, case_second);
        CREATE TRIGGER child_match_decisions_update BEFORE UPDATE ON child_match_decisions
            BEGIN SELECT RAISE(ABORT, 'match decisions are append-only: record a new decision'); END;
        CREATE TRIGGER child_match_decisions_delete BEFORE DELETE ON child_match_decisions
            BEGIN SELECT RAISE(ABORT, 'match decisions are append-only: nothing is deleted'); END;

        CREATE TABLE child_aliases (
            position INTEGER PRIMARY KEY AUTOINCREMENT,
            case_id TEXT NOT NULL,
            municipality TEXT NOT NULL,
            kind TEXT NOT NULL,
            value TEXT NOT NULL,
            key TEXT NOT NULL,
            reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
            recorded_by TEXT NOT NULL,
            recorded_at TEXT NOT NULL);
        CREATE INDEX child_aliases_key ON child_aliases(municipality, key);
        CREATE INDEX child_aliases_case ON child_aliases(case_id);
        CREATE TRIGGER child_aliases_update BEFORE UPDATE ON child_aliases
            BEGIN SELECT RAISE(ABORT, 'identity aliases are append-only'); END;
        CREATE TRIGGER child_aliases_delete BEFORE DELETE ON child_aliases
            BEGIN SELECT RAISE(ABORT, 'identity aliases are append-only'); END;
        """;

    private static readonly JsonSerializerOptions Json = CaseJson.Options;

    private readonly SqliteConnection _connection;

    private SqliteMatchingStore(SqliteConnection connection) => _connection = connection;

    public static SqliteMatchingStore Open(string path, bool create = true) => new(SqliteMigrations.Open(path, create));

    public Task<MatchIndexMark?> ReadMarkAsync(CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT cursor, format FROM child_index_mark WHERE id = 1";
        using var r = cmd.ExecuteReader();
        return Task.FromResult(r.Read() ? new MatchIndexMark(FeedCursor.Parse(r.GetString(0)), r.GetInt32(1)) : null);
    }

    public Task ClearIndexAsync(CancellationToken cancellationToken = default)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        Exec(tx, "DELETE FROM child_index_mark; DELETE FROM child_index_keys; DELETE FROM child_index;");
        tx.Commit();
        return Task.CompletedTask;
    }

    public Task WriteIndexAsync(IReadOnlyList<ChildIndexRow> rows, MatchIndexMark? mark, CancellationToken cancellationToken = default)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        using var current = Command(tx, "SELECT version, format FROM child_index WHERE case_id = $c", "$c");
        using var deleteKeys = Command(tx, "DELETE FROM child_index_keys WHERE case_id = $c", "$c");
        using var upsert = Command(tx, """
            INSERT INTO child_index(case_id, municipality, version, format, journal_number, caseworker, protection, identities)
            VALUES ($c, $m, $v, $f, $j, $w, $p, $i)
            ON CONFLICT(case_id) DO UPDATE SET municipality = $m, version = $v, format = $f, journal_number = $j, caseworker = $w, protection = $p, identities = $i
            """, "$c", "$m", "$v", "$f", "$j", "$w", "$p", "$i");
        using var insertKey = Command(tx, "INSERT OR IGNORE INTO child_index_keys(municipality, key, case_id) VALUES ($m, $k, $c)", "$m", "$k", "$c");
        foreach (var row in rows)
        {
            var id = row.CaseId.ToString();
            current.Parameters["$c"].Value = id;
            using (var r = current.ExecuteReader())
            {
                if (r.Read() && r.GetInt32(1) == row.Format && r.GetInt64(0) > row.Version)
                    continue;
            }
            deleteKeys.Parameters["$c"].Value = id;
            deleteKeys.Run();
            upsert.Parameters["$c"].Value = id;
            upsert.Parameters["$m"].Value = row.MunicipalityNumber;
            upsert.Parameters["$v"].Value = row.Version;
            upsert.Parameters["$f"].Value = row.Format;
            upsert.Parameters["$j"].Value = row.JournalNumber;
            upsert.Parameters["$w"].Value = (object?)row.CaseworkerId ?? DBNull.Value;
            upsert.Parameters["$p"].Value = (int)row.Protection;
            upsert.Parameters["$i"].Value = JsonSerializer.Serialize(row.Identities, Json);
            upsert.Run();
            insertKey.Parameters["$m"].Value = row.MunicipalityNumber;
            insertKey.Parameters["$c"].Value = id;
            foreach (var key in row.Keys)
            {
                insertKey.Parameters["$k"].Value = key;
                insertKey.Run();
            }
        }
        if (mark is not null)
            Exec(tx, "INSERT INTO child_index_mark(id, cursor, format) VALUES (1, $c, $f) ON CONFLICT(id) DO UPDATE SET cursor = $c, format = $f",
                ("$c", mark.Cursor.ToString()), ("$f", mark.Format));
        tx.Commit();
        return Task.CompletedTask;
    }

    /// <summary>The lookup: the keys go in as one JSON array; each is an index seek on (municipality, key) in the keys and
    /// the aliases; the matching case rows are read by primary key.</summary>
    public const string LookupSql = """
        SELECT case_id, municipality, version, format, journal_number, caseworker, protection, identities FROM child_index
        WHERE case_id IN (
            SELECT case_id FROM child_index_keys WHERE municipality = $m AND key IN (SELECT value FROM json_each($k))
            UNION
            SELECT case_id FROM child_aliases WHERE municipality = $m AND key IN (SELECT value FROM json_each($k)))
          AND municipality = $m
        ORDER BY case_id
        """;

    public Task<IReadOnlyList<ChildIndexRow>> LookupAsync(string municipalityNumber, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = LookupSql;
        cmd.Parameters.AddWithValue("$m", municipalityNumber);
        cmd.Parameters.AddWithValue("$k", JsonSerializer.Serialize(keys));
        return Task.FromResult(ReadRows(cmd));
    }

    public Task<ChildIndexRow?> ReadRowAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT case_id, municipality, version, format, journal_number, caseworker, protection, identities FROM child_index WHERE case_id = $c";
        cmd.Parameters.AddWithValue("$c", caseId.ToString());
        return Task.FromResult(ReadRows(cmd) is [var row] ? row : null);
    }

    public Task<(long Rows, long Keys)> CountAsync(CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT (SELECT count(*) FROM child_index), (SELECT count(*) FROM child_index_keys)";
        using var r = cmd.ExecuteReader();
        r.Read();
        return Task.FromResult((r.GetInt64(0), r.GetInt64(1)));
    }

    public Task RecordDecisionAsync(MatchDecision d, CancellationToken cancellationToken = default)
    {
        if (MatchDecision.Refusal(d.CaseA, d.CaseB, d.Reason) is { } refusal)
            throw new ArgumentException(refusal);
        var (first, second) = d.Pair;
        using var tx = _connection.BeginTransaction(deferred: false);
        Exec(tx, """
            INSERT INTO child_match_decisions(case_first, case_second, municipality, verdict, reason, decided_by, decided_at, score)
            VALUES ($a, $b, $m, $v, $r, $by, $at, $s)
            """,
            ("$a", first.ToString()), ("$b", second.ToString()), ("$m", d.MunicipalityNumber), ("$v", d.Verdict == MatchVerdict.Linked ? "linked" : "dismissed"),
            ("$r", d.Reason), ("$by", d.DecidedBy), ("$at", d.DecidedAt.ToString("O", CultureInfo.InvariantCulture)), ("$s", d.Score));
        tx.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<MatchDecision>> DecisionsAsync(string municipalityNumber, CaseId caseId, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = """
            SELECT case_first, case_second, municipality, verdict, reason, decided_by, decided_at, score FROM child_match_decisions
            WHERE municipality = $m AND (case_first = $c OR case_second = $c) ORDER BY position
            """;
        cmd.Parameters.AddWithValue("$m", municipalityNumber);
        cmd.Parameters.AddWithValue("$c", caseId.ToString());
        using var r = cmd.ExecuteReader();
        var list = new List<MatchDecision>();
        while (r.Read())
            list.Add(new MatchDecision(CaseId.Parse(r.GetString(0)), CaseId.Parse(r.GetString(1)), r.GetString(2),
                r.GetString(3) == "linked" ? MatchVerdict.Linked : MatchVerdict.Dismissed, r.GetString(4), r.GetString(5),
                DateTimeOffset.Parse(r.GetString(6), CultureInfo.InvariantCulture), r.IsDBNull(7) ? null : r.GetDouble(7)));
        return Task.FromResult<IReadOnlyList<MatchDecision>>(list);
    }

    public Task AddAliasAsync(IdentityAlias a, string key, CancellationToken cancellationToken = default)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        Exec(tx, """
            INSERT INTO child_aliases(case_id, municipality, kind, value, key, reason, recorded_by, recorded_at)
            VALUES ($c, $m, $k, $v, $key, $r, $by, $at)
            """,
            ("$c", a.CaseId.ToString()), ("$m", a.MunicipalityNumber), ("$k", a.Kind.ToString()), ("$v", a.Value), ("$key", key), ("$r", a.Reason),
            ("$by", a.RecordedBy), ("$at", a.RecordedAt.ToString("O", CultureInfo.InvariantCulture)));
        tx.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IdentityAlias>> AliasesAsync(IReadOnlyCollection<CaseId> caseIds, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = """
            SELECT case_id, municipality, kind, value, reason, recorded_by, recorded_at FROM child_aliases
            WHERE case_id IN (SELECT value FROM json_each($c)) ORDER BY position
            """;
        cmd.Parameters.AddWithValue("$c", JsonSerializer.Serialize(caseIds.Select(c => c.ToString())));
        using var r = cmd.ExecuteReader();
        var list = new List<IdentityAlias>();
        while (r.Read())
            list.Add(new IdentityAlias(CaseId.Parse(r.GetString(0)), r.GetString(1), Enum.Parse<AliasKind>(r.GetString(2)), r.GetString(3), r.GetString(4),
                r.GetString(5), DateTimeOffset.Parse(r.GetString(6), CultureInfo.InvariantCulture)));
        return Task.FromResult<IReadOnlyList<IdentityAlias>>(list);
    }

    private static IReadOnlyList<ChildIndexRow> ReadRows(SqliteCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        var rows = new List<ChildIndexRow>();
        while (r.Read())
            rows.Add(new ChildIndexRow(CaseId.Parse(r.GetString(0)), r.GetString(1), r.GetInt64(2), r.GetInt32(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), (AddressProtection)r.GetInt32(6),
                JsonSerializer.Deserialize<List<ChildIdentity>>(r.GetString(7), Json) ?? [], []));
        return rows;
    }

    private SqliteCommand Command(SqliteTransaction tx, string sql, params string[] parameters)
    {
        var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var p in parameters)
            cmd.Parameters.Add(new SqliteParameter(p, null));
        return cmd;
    }

    private void Exec(SqliteTransaction tx, string sql, params (string Name, object? Value)[] parameters) => _connection.Exec(tx, sql, parameters);

    public void Dispose() => _connection.Dispose();
}
