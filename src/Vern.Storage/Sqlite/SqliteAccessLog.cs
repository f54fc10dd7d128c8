using System.Globalization;
using Microsoft.Data.Sqlite;
using Vern.Domain.Cases;

namespace Vern.Storage.Sqlite;

/// <summary>The access log in the Vern database (table <c>access_log</c>, migration 2; append-only by triggers). A bulk
/// read is one row that names, by its SHA-256 digest (<c>case_ids_digest</c>), the set of every case it included; each distinct set
/// is stored once in <c>access_id_sets</c> (migration 28, append-only), in the same transaction as the first row that names it. Rows
/// written before migration 28 hold their set themselves (<c>case_ids</c>); both are read.</summary>
public sealed class SqliteAccessLog : IAccessLog, IDisposable
{
    private readonly string _path;
    private SqliteConnection? _connection;
    private readonly SqliteAccessLogBatcher? _batcher;

    private SqliteAccessLog(string path, SqliteConnection? connection, SqliteAccessLogBatcher? batcher)
    {
        _path = path;
        _connection = connection;
        _batcher = batcher;
    }

    /// <summary>Opens the log. On a file a host serves (<see cref="SqliteConnections.Serve"/>), rows are written through the
    /// process's <see cref="SqliteAccessLogBatcher"/> (group commit), and the log's own connection is opened only when the log is
    /// read (a request that only writes its rows takes none: issue 16, speed); elsewhere the connection is opened (and the file
    /// made or migrated) now and each row is its own transaction, as before.</summary>
    public static SqliteAccessLog Open(string path, bool create = true) => SqliteConnections.IsServed(path)
        ? new(path, null, SqliteAccessLogBatcher.For(path))
        : new(path, SqliteMigrations.Open(path, create), null);

    private SqliteConnection Connection => _connection ??= SqliteMigrations.Open(_path, create: false);

    /// <summary>Migration 28 on SQLite: the table of distinct case-id sets, append-only (an insert of a set already there is
    /// ignored by its trigger, so a REPLACE can never remove one), and the digest column on the log with its bulk index. The column
    /// is added only where it is missing (SQLite has no ADD COLUMN IF NOT EXISTS), so the step can run again.</summary>
    public static void AddIdSets(SqliteConnection c, SqliteTransaction tx)
    {
        c.Exec(tx, """
            CREATE TABLE IF NOT EXISTS access_id_sets (
                digest BLOB PRIMARY KEY,
                case_ids BLOB NOT NULL
            ) WITHOUT ROWID;
            CREATE TRIGGER IF NOT EXISTS access_id_sets_keep BEFORE INSERT ON access_id_sets
                WHEN EXISTS (SELECT 1 FROM access_id_sets WHERE digest = NEW.digest)
                BEGIN SELECT RAISE(IGNORE); END;
            CREATE TRIGGER IF NOT EXISTS access_id_sets_append_only_update BEFORE UPDATE ON access_id_sets
                BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
            CREATE TRIGGER IF NOT EXISTS access_id_sets_append_only_delete BEFORE DELETE ON access_id_sets
                BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
            """);
        c.AddColumnIfMissing(tx, "access_log", "case_ids_digest", "BLOB");
        c.Exec(tx, "CREATE INDEX IF NOT EXISTS access_log_bulk_set ON access_log(scope) WHERE case_ids_digest IS NOT NULL;");
    }

    /// <summary>Migration 28 on PostgreSQL (see <see cref="AddIdSets"/>): a set already stored is skipped by the insert's
    /// <c>ON CONFLICT DO NOTHING</c>; UPDATE, DELETE and TRUNCATE are refused.</summary>
    public const string PostgresIdSetsSchema = """
        CREATE TABLE IF NOT EXISTS access_id_sets (
            digest bytea PRIMARY KEY,
            case_ids bytea NOT NULL);
        DROP TRIGGER IF EXISTS access_id_sets_append_only ON access_id_sets;
        CREATE TRIGGER access_id_sets_append_only BEFORE UPDATE OR DELETE ON access_id_sets
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('the access log is append-only');
        DROP TRIGGER IF EXISTS access_id_sets_no_truncate ON access_id_sets;
        CREATE TRIGGER access_id_sets_no_truncate BEFORE TRUNCATE ON access_id_sets
            FOR EACH STATEMENT EXECUTE FUNCTION vern_refuse('the access log is append-only');
        ALTER TABLE access_log ADD COLUMN IF NOT EXISTS case_ids_digest bytea;
        CREATE INDEX IF NOT EXISTS access_log_bulk_set ON access_log(scope) WHERE case_ids_digest IS NOT NULL;
        """;

    public Task RecordAsync(AccessEntry entry, CancellationToken cancellationToken = default) => Write(entry, null);

    public Task RecordBulkAsync(AccessEntry entry, IReadOnlyCollection<CaseId> cases, CancellationToken cancellationToken = default) =>
        Write(entry with { CaseId = null, CaseCount = cases.Count }, CaseIdSet.EncodeWithDigest(cases));

    private Task Write(AccessEntry entry, EncodedCaseIds? caseIds)
    {
        Check(entry);
        if (_batcher is not null)
            return _batcher.WriteAsync(entry, caseIds);
        Insert(Connection, null, entry, caseIds);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AccessEntry>> ForCaseAsync(CaseId caseId, string? municipalityNumber = null, CancellationToken cancellationToken = default)
    {
        var scope = municipalityNumber is null ? "" : "AND (scope = $m OR scope = '*')";
        using var cmd = Connection.CreateCommand();
        if (municipalityNumber is not null)
            cmd.Parameters.AddWithValue("$m", municipalityNumber);
        // The distinct sets the scope's bulk rows name, each looked through once.
        cmd.CommandText = $"""
            SELECT digest, case_ids FROM access_id_sets
            WHERE digest IN (SELECT case_ids_digest FROM access_log WHERE case_ids_digest IS NOT NULL {scope})
            """;
        var including = new HashSet<string>(StringComparer.Ordinal);
        using (var sets = cmd.ExecuteReader())
            while (sets.Read())
                if (CaseIdSet.Contains((byte[])sets.GetValue(1), caseId))
                    including.Add(Convert.ToHexString((byte[])sets.GetValue(0)));
        cmd.CommandText = $"""
            SELECT {Columns}, NULL, NULL FROM access_log WHERE case_id = $c
            UNION ALL
            SELECT {Columns}, case_ids, case_ids_digest FROM access_log WHERE (case_ids IS NOT NULL OR case_ids_digest IS NOT NULL) {scope}
            ORDER BY position
            """;
        cmd.Parameters.AddWithValue("$c", caseId.ToString());
        using var r = cmd.ExecuteReader();
        var list = new List<AccessEntry>();
        while (r.Read())
        {
            if (!r.IsDBNull(10) && !CaseIdSet.Contains((byte[])r.GetValue(10), caseId))
                continue;
            if (!r.IsDBNull(11) && !including.Contains(Convert.ToHexString((byte[])r.GetValue(11))))
                continue;
            list.Add(Read(r));
        }
        return Task.FromResult<IReadOnlyList<AccessEntry>>(list);
    }

    public Task<IReadOnlyList<AccessEntry>> ReadAllAsync(string? actorId = null, CancellationToken cancellationToken = default)
    {
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = $"SELECT {Columns} FROM access_log" + (actorId is null ? "" : " WHERE actor_id = $a") + " ORDER BY position";
        if (actorId is not null)
            cmd.Parameters.AddWithValue("$a", actorId);
        using var r = cmd.ExecuteReader();
        var list = new List<AccessEntry>();
        while (r.Read())
            list.Add(Read(r));
        return Task.FromResult<IReadOnlyList<AccessEntry>>(list);
    }

    public void Dispose() => _connection?.Dispose();

    private const string Columns = "position, at, actor_id, role, operation, purpose, case_id, scope, case_count, outcome";

    private static AccessEntry Read(SqliteDataReader r) => new(r.GetInt64(0), DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture),
        r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.IsDBNull(6) ? null : CaseId.Parse(r.GetString(6)),
        r.IsDBNull(7) ? null : r.GetString(7), (int)r.GetInt64(8), r.GetString(9));

    private static void Check(AccessEntry e)
    {
        if (e.CaseId is null && e.Scope is null)
            throw new ArgumentException("An access-log row names a case or a scope.");
    }

    /// <summary>Inserts the row, and its case-id set unless that set is stored already (the set's insert trigger of migration 28
    /// ignores a set that is there). Both go in one transaction — the caller's, or one of their own — so a set is never stored
    /// without the row that names it, nor a row without its set.</summary>
    internal static void Insert(SqliteConnection connection, SqliteTransaction? transaction, AccessEntry e, EncodedCaseIds? caseIds)
    {
        if (caseIds is not null && transaction is null)
        {
            using var own = connection.BeginTransaction();
            Insert(connection, own, e, caseIds);
            own.Commit();
            return;
        }
        using var writer = new RowWriter(connection, transaction);
        writer.Insert(e, caseIds);
    }

    /// <summary>Inserts rows (and their case-id sets) in one transaction with two statements prepared once: the host's group commit
    /// (<see cref="SqliteAccessLogBatcher"/>) writes every row of a commit through one writer instead of parsing both inserts again
    /// for each row (issue 16, speed). A set already inserted through this writer is not inserted again: the transaction holds it,
    /// and the set's trigger would ignore the insert anyway. A failed statement fails the transaction, and with it every row.</summary>
    internal sealed class RowWriter : IDisposable
    {
        private readonly SqliteCommand _set;
        private readonly SqliteCommand _row;
        private readonly HashSet<byte[]> _setsWritten = new(DigestComparer.Instance);

        public RowWriter(SqliteConnection connection, SqliteTransaction? transaction)
        {
            _set = connection.CreateCommand();
            _set.Transaction = transaction;
            _set.CommandText = "INSERT INTO access_id_sets(digest, case_ids) VALUES ($d, $ids)";
            _set.Parameters.Add("$d", SqliteType.Blob);
            _set.Parameters.Add("$ids", SqliteType.Blob);
            _row = connection.CreateCommand();
            _row.Transaction = transaction;
            _row.CommandText = """
                INSERT INTO access_log(at, actor_id, role, operation, purpose, case_id, scope, case_count, outcome, case_ids_digest)
                VALUES ($at, $a, $r, $o, $p, $c, $s, $n, $out, $d)
                """;
            foreach (var name in (string[])["$at", "$a", "$r", "$o", "$p", "$c", "$s", "$n", "$out"])
                _row.Parameters.Add(new SqliteParameter { ParameterName = name });
            _row.Parameters.Add("$d", SqliteType.Blob);
        }

        public void Insert(AccessEntry e, EncodedCaseIds? caseIds)
        {
            if (caseIds is not null && _setsWritten.Add(caseIds.Digest))
            {
                _set.Parameters[0].Value = caseIds.Digest;
                _set.Parameters[1].Value = caseIds.Bytes;
                _set.Run();
            }
            var p = _row.Parameters;
            p[0].Value = e.At.ToString("O", CultureInfo.InvariantCulture);
            p[1].Value = e.ActorId;
            p[2].Value = e.Role;
            p[3].Value = e.Operation;
            p[4].Value = e.Purpose;
            p[5].Value = e.CaseId is { } id ? id.ToString() : DBNull.Value;
            p[6].Value = (object?)e.Scope ?? DBNull.Value;
            p[7].Value = e.CaseCount;
            p[8].Value = e.Outcome;
            p[9].Value = (object?)caseIds?.Digest ?? DBNull.Value;
            _row.Run();
        }

        public void Dispose()
        {
            _set.Dispose();
            _row.Dispose();
        }

        /// <summary>SHA-256 digests by value; the first four bytes are hash enough.</summary>
        private sealed class DigestComparer : IEqualityComparer<byte[]>
        {
            public static readonly DigestComparer Instance = new();

            public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

            public int GetHashCode(byte[] digest) => System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(digest);
        }
    }
}
