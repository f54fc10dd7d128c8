using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Vern.Domain.Cases;

namespace Vern.Storage.Sqlite;

/// <summary>The embedded event store: one SQLite file in WAL mode, synchronous=FULL, one transaction per
/// append. The <c>events</c> table is append-only (triggers refuse UPDATE and DELETE);
/// <c>cases</c> keeps each case's latest state as a snapshot derived from its events.</summary>
public sealed class SqliteEventStore : IEventStore, IAccessLog
{
    /// <summary>Schema version written to <c>meta</c>; raise it with a migration step when the schema changes.</summary>
    public const int SchemaVersion = 2;

    private readonly SqliteConnection _connection;
    private readonly TimeProvider _clock;
    private readonly Lock _write = new();

    private SqliteEventStore(SqliteConnection connection, TimeProvider clock) => (_connection, _clock) = (connection, clock);

    /// <summary>Path of the database file.</summary>
    public string DataSource => _connection.DataSource;

    /// <summary>Opens (and creates, when <paramref name="create"/> is true) the database at <paramref name="path"/>.</summary>
    public static SqliteEventStore Open(string path, bool create = true, TimeProvider? clock = null)
    {
        if (!create && !File.Exists(path))
            throw new FileNotFoundException($"Databasen {path} finnes ikke. Lag den med «vern init --db {path}» eller «vern demo --db {path}».", path);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
            Directory.CreateDirectory(dir);
        var cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        var connection = new SqliteConnection(cs);
        connection.Open();
        Exec(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;");
        Migrate(connection);
        return new SqliteEventStore(connection, clock ?? TimeProvider.System);
    }

    private static void Migrate(SqliteConnection c)
    {
        Exec(c, """
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS cases (
                case_id TEXT PRIMARY KEY,
                municipality TEXT NOT NULL,
                journal_number TEXT NOT NULL,
                version INTEGER NOT NULL,
                updated_at TEXT NOT NULL,
                state TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS cases_municipality ON cases(municipality, journal_number);
            CREATE TABLE IF NOT EXISTS events (
                position INTEGER PRIMARY KEY AUTOINCREMENT,
                case_id TEXT NOT NULL REFERENCES cases(case_id),
                version INTEGER NOT NULL,
                type TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                data TEXT NOT NULL,
                UNIQUE (case_id, version));
            CREATE TRIGGER IF NOT EXISTS events_append_only_update BEFORE UPDATE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only: corrections are new events'); END;
            CREATE TRIGGER IF NOT EXISTS events_append_only_delete BEFORE DELETE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only: nothing is deleted'); END;
            CREATE TABLE IF NOT EXISTS access_log (
                position INTEGER PRIMARY KEY AUTOINCREMENT,
                case_id TEXT NOT NULL,
                user TEXT NOT NULL,
                purpose TEXT NOT NULL,
                at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS access_log_case ON access_log(case_id);
            CREATE TRIGGER IF NOT EXISTS access_log_append_only_update BEFORE UPDATE ON access_log
                BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
            CREATE TRIGGER IF NOT EXISTS access_log_append_only_delete BEFORE DELETE ON access_log
                BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
            """);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', '1')";
        cmd.ExecuteNonQuery();
        cmd.CommandText = "SELECT value FROM meta WHERE key = 'schema_version'";
        var found = int.Parse((string)cmd.ExecuteScalar()!, CultureInfo.InvariantCulture);
        if (found > SchemaVersion)
            throw new InvalidOperationException($"Databasen har skjemaversjon {found}, men denne Vern-versjonen kjenner bare {SchemaVersion}. Oppgrader Vern.");
        if (found < 2)
        {
            using var tx = c.BeginTransaction(deferred: false);
            AddEventHashChain(c, tx);
            using var set = c.CreateCommand();
            set.Transaction = tx;
            set.CommandText = "UPDATE meta SET value = '2' WHERE key = 'schema_version'";
            set.ExecuteNonQuery();
            tx.Commit();
        }
    }

    /// <summary>Schema step 2 (tamper evidence): adds <c>events.hash</c> and computes every stream's chain
    /// (<see cref="EventHash"/>) for the events stored before it existed. The append-only trigger is lifted for this one
    /// step inside the migration's transaction and put back before it commits.</summary>
    internal static void AddEventHashChain(SqliteConnection c, SqliteTransaction tx)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT count(*) FROM pragma_table_info('events') WHERE name = 'hash'";
        if ((long)cmd.ExecuteScalar()! == 0)
        {
            cmd.CommandText = "ALTER TABLE events ADD COLUMN hash TEXT";
            cmd.ExecuteNonQuery();
        }
        cmd.CommandText = "SELECT count(*) FROM events WHERE hash IS NULL";
        if ((long)cmd.ExecuteScalar()! == 0)
            return;
        cmd.CommandText = "DROP TRIGGER IF EXISTS events_append_only_update";
        cmd.ExecuteNonQuery();
        var hashes = new List<(long Position, string Hash)>();
        cmd.CommandText = "SELECT position, case_id, version, type, data, recorded_by, recorded_at FROM events ORDER BY case_id, version";
        using (var r = cmd.ExecuteReader())
        {
            string? previousCase = null, previous = null;
            while (r.Read())
            {
                var caseId = r.GetString(1);
                if (caseId != previousCase) (previousCase, previous) = (caseId, null);
                previous = EventHash.Compute(CaseId.Parse(caseId), r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), previous);
                hashes.Add((r.GetInt64(0), previous));
            }
        }
        cmd.CommandText = "UPDATE events SET hash = $h WHERE position = $p";
        var ph = cmd.Parameters.Add("$h", SqliteType.Text);
        var pp = cmd.Parameters.Add("$p", SqliteType.Integer);
        foreach (var (position, hash) in hashes)
        {
            (ph.Value, pp.Value) = (hash, position);
            cmd.ExecuteNonQuery();
        }
        cmd.Parameters.Clear();
        cmd.CommandText = "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only: corrections are new events'); END;";
        cmd.ExecuteNonQuery();
    }

    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT version, recorded_by, recorded_at, data FROM events WHERE case_id = $id ORDER BY version";
        cmd.Parameters.AddWithValue("$id", caseId.ToString());
        using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<RecordedEvent>();
        while (await r.ReadAsync(cancellationToken))
            list.Add(new RecordedEvent(caseId, r.GetInt64(0), r.GetString(1),
                DateTimeOffset.Parse(r.GetString(2), CultureInfo.InvariantCulture),
                JsonSerializer.Deserialize<CaseEvent>(r.GetString(3), CaseJson.Options)!));
        return list;
    }

    public async Task<CaseState?> LoadStateAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT state FROM cases WHERE case_id = $id";
        cmd.Parameters.AddWithValue("$id", caseId.ToString());
        return await cmd.ExecuteScalarAsync(cancellationToken) is string json ? JsonSerializer.Deserialize<CaseState>(json, CaseJson.Options) : null;
    }

    public Task AppendAsync(IReadOnlyList<CaseAppend> appends, CancellationToken cancellationToken = default)
    {
        // One connection, one writer: the append runs to its commit without yielding (SQLite's driver is synchronous).
        lock (_write)
            Append(appends);
        return Task.CompletedTask;
    }

    private void Append(IReadOnlyList<CaseAppend> appends)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        using var version = _connection.CreateCommand();
        version.Transaction = tx;
        version.CommandText = "SELECT version FROM cases WHERE case_id = $id";
        var vId = version.Parameters.Add("$id", SqliteType.Text);

        using var head = _connection.CreateCommand();
        head.Transaction = tx;
        head.CommandText = "SELECT hash FROM events WHERE case_id = $id AND version = $v";
        var hId = head.Parameters.Add("$id", SqliteType.Text);
        var hV = head.Parameters.Add("$v", SqliteType.Integer);

        using var upsert = _connection.CreateCommand();
        upsert.Transaction = tx;
        upsert.CommandText = """
            INSERT INTO cases(case_id, municipality, journal_number, version, updated_at, state)
            VALUES ($id, $m, $j, $v, $u, $s)
            ON CONFLICT(case_id) DO UPDATE SET municipality = $m, journal_number = $j, version = $v, updated_at = $u, state = $s
            """;
        var uId = upsert.Parameters.Add("$id", SqliteType.Text);
        var uM = upsert.Parameters.Add("$m", SqliteType.Text);
        var uJ = upsert.Parameters.Add("$j", SqliteType.Text);
        var uV = upsert.Parameters.Add("$v", SqliteType.Integer);
        var uU = upsert.Parameters.Add("$u", SqliteType.Text);
        var uS = upsert.Parameters.Add("$s", SqliteType.Text);

        using var insert = _connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO events(case_id, version, type, recorded_by, recorded_at, data, hash) VALUES ($id, $v, $t, $b, $a, $d, $h)";
        var eId = insert.Parameters.Add("$id", SqliteType.Text);
        var eV = insert.Parameters.Add("$v", SqliteType.Integer);
        var eT = insert.Parameters.Add("$t", SqliteType.Text);
        var eB = insert.Parameters.Add("$b", SqliteType.Text);
        var eA = insert.Parameters.Add("$a", SqliteType.Text);
        var eD = insert.Parameters.Add("$d", SqliteType.Text);
        var eH = insert.Parameters.Add("$h", SqliteType.Text);

        foreach (var a in appends)
        {
            var id = a.CaseId.ToString();
            vId.Value = id;
            var actual = version.ExecuteScalar() is long v ? v : 0;
            if (actual != a.ExpectedVersion)
                throw new ConcurrencyException(a.CaseId, a.ExpectedVersion, actual);
            if (a.NewState.Version != a.ExpectedVersion + a.Events.Count)
                throw new InvalidOperationException($"Case {a.CaseId}: the new state has version {a.NewState.Version}, but {a.ExpectedVersion} + {a.Events.Count} events were appended.");

            var updatedAt = a.Events.Count > 0 ? a.Events[^1].RecordedAt : _clock.GetUtcNow();
            (uId.Value, uM.Value, uJ.Value, uV.Value, uU.Value, uS.Value) = (id, a.NewState.MunicipalityNumber, a.NewState.JournalNumber,
                a.NewState.Version, EventHash.Instant(updatedAt), JsonSerializer.Serialize(a.NewState, CaseJson.Options));
            upsert.ExecuteNonQuery();

            string? previous = null;
            if (a.ExpectedVersion > 0)
            {
                (hId.Value, hV.Value) = (id, a.ExpectedVersion);
                previous = head.ExecuteScalar() as string;
            }
            var n = a.ExpectedVersion;
            foreach (var e in a.Events)
            {
                var json = JsonSerializer.Serialize(e.Event, CaseJson.Options);
                var type = CaseJson.Discriminator(e.Event);
                var at = EventHash.Instant(e.RecordedAt);
                var hash = EventHash.Compute(a.CaseId, ++n, type, json, e.RecordedBy, at, previous);
                (eId.Value, eV.Value, eT.Value, eB.Value, eA.Value, eD.Value, eH.Value) = (id, n, type, e.RecordedBy, at, json, hash);
                insert.ExecuteNonQuery();
                previous = hash;
            }
        }
        tx.Commit();
    }

    public async Task<IReadOnlyList<CaseHeader>> ListCasesAsync(MunicipalityScope scope, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT case_id, municipality, journal_number, version, updated_at FROM cases"
            + (scope.IsNational ? "" : " WHERE municipality = $m") + " ORDER BY municipality, journal_number";
        if (!scope.IsNational)
            cmd.Parameters.AddWithValue("$m", scope.Number);
        using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<CaseHeader>();
        while (await r.ReadAsync(cancellationToken))
            list.Add(new CaseHeader(CaseId.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetInt64(3),
                DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture)));
        return list;
    }

    public async IAsyncEnumerable<CaseState> ReadStatesAsync(MunicipalityScope scope, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT state FROM cases" + (scope.IsNational ? "" : " WHERE municipality = $m") + " ORDER BY municipality, journal_number";
        if (!scope.IsNational)
            cmd.Parameters.AddWithValue("$m", scope.Number);
        using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            yield return JsonSerializer.Deserialize<CaseState>(r.GetString(0), CaseJson.Options)!;
    }

    public async Task<long> CountEventsAsync(CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM events";
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>SQLite has one writer at a time and hands out positions inside the write transaction, so committed
    /// positions are always a prefix: the highest one is a safe cursor.</summary>
    public async Task<FeedCursor> CommittedAsync(CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT coalesce(max(position), 0) FROM events";
        return new FeedCursor(0, (long)(await cmd.ExecuteScalarAsync(cancellationToken))!);
    }

    public async IAsyncEnumerable<CaseState> ReadChangedAsync(FeedCursor after, FeedCursor upTo, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT state FROM cases WHERE case_id IN (SELECT DISTINCT case_id FROM events WHERE position > $a AND position <= $b)";
        cmd.Parameters.AddWithValue("$a", after.Position);
        cmd.Parameters.AddWithValue("$b", upTo.Position);
        using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            yield return JsonSerializer.Deserialize<CaseState>(r.GetString(0), CaseJson.Options)!;
    }

    public async IAsyncEnumerable<StoredEvent> ReadAllStoredAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT case_id, version, type, data, recorded_by, recorded_at, hash FROM events ORDER BY case_id, version";
        using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            yield return new StoredEvent(CaseId.Parse(r.GetString(0)), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4),
                r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6));
    }

    public async IAsyncEnumerable<(CaseId CaseId, string StateJson)> ReadAllSnapshotsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT case_id, state FROM cases ORDER BY case_id";
        using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            yield return (CaseId.Parse(r.GetString(0)), r.GetString(1));
    }

    public void Record(CaseAccess access)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "INSERT INTO access_log(case_id, user, purpose, at) VALUES ($c, $u, $p, $a)";
        cmd.Parameters.AddWithValue("$c", access.CaseId.ToString());
        cmd.Parameters.AddWithValue("$u", access.User);
        cmd.Parameters.AddWithValue("$p", access.Purpose);
        cmd.Parameters.AddWithValue("$a", access.At.ToString("O", CultureInfo.InvariantCulture));
        cmd.ExecuteNonQuery();
    }

    public IReadOnlyList<CaseAccess> ForCase(CaseId caseId)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT user, purpose, at FROM access_log WHERE case_id = $c ORDER BY position";
        cmd.Parameters.AddWithValue("$c", caseId.ToString());
        using var r = cmd.ExecuteReader();
        var list = new List<CaseAccess>();
        while (r.Read())
            list.Add(new CaseAccess(caseId, r.GetString(0), r.GetString(1), DateTimeOffset.Parse(r.GetString(2), CultureInfo.InvariantCulture)));
        return list;
    }

    /// <summary>The durability settings of this store's own connection, as SQLite reports them: the journal mode
    /// ("wal") and the synchronous level (2 = FULL: the WAL is synced to disk before a commit is acknowledged).</summary>
    public (string JournalMode, int Synchronous) Durability()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        var journal = (string)cmd.ExecuteScalar()!;
        cmd.CommandText = "PRAGMA synchronous";
        return (journal, Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture));
    }

    public void Dispose() => _connection.Dispose();

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
