using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Vern.Domain.Cases;

namespace Vern.Storage.Sqlite;

/// <summary>The embedded event store: one SQLite file in WAL mode, synchronous=FULL, one transaction per
/// append. The <c>events</c> table is append-only (triggers refuse UPDATE and DELETE), and each event carries a hash
/// chained to the one before it in its stream (<see cref="EventHash"/>); <c>cases</c> keeps each case's latest state as a
/// snapshot derived from its events. The tables are made by <see cref="SqliteMigrations"/>.</summary>
public sealed class SqliteEventStore : IEventStore
{
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _clock;
    private readonly Lock _write = new();

    private SqliteEventStore(SqliteConnection connection, TimeProvider clock) => (_connection, _clock) = (connection, clock);

    /// <summary>Path of the database file.</summary>
    public string DataSource => _connection.DataSource;

    /// <summary>Opens (and creates, when <paramref name="create"/> is true) the database at <paramref name="path"/>.</summary>
    public static SqliteEventStore Open(string path, bool create = true, TimeProvider? clock = null, bool upgrade = false)
    {
        var served = SqliteConnections.IsServed(path);
        if (!create && !served && !File.Exists(path)) // a served file was there at the host's start-up
            throw new FileNotFoundException($"Databasen {path} finnes ikke. Lag den med «vern init --db {path}» eller «vern demo --db {path}».", path);
        if (!served && Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } dir)
            Directory.CreateDirectory(dir); // a served file exists (checked above)
        var connection = SqliteConnections.Open(path, SqliteOpenMode.ReadWriteCreate);
        try
        {
            // A file a host serves was checked once at its start-up (SqliteConnections.Serve): no schema queries per request.
            if (!served)
            {
                SqliteMigrations.RefuseForeign(connection); // before the WAL switch: another program's file is left byte for byte
                if (!upgrade)
                    SqliteMigrations.RefuseOlder(connection); // so is an older Vern database (issue 13: migrate only on vern init)
            }
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        SqliteConnections.Configure(connection, SqliteMigrations.DurableSettings);
        clock ??= TimeProvider.System;
        SqliteMigrations.Run(connection, clock, upgrade: upgrade);
        return new SqliteEventStore(connection, clock);
    }

    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.Statement("SELECT version, recorded_by, recorded_at, data, recorded_role FROM events WHERE case_id = $id ORDER BY version");
        cmd.Parameters.AddWithValue("$id", caseId.ToString());
        using var r = await cmd.Command.ExecuteReaderAsync(cancellationToken);
        var list = new List<RecordedEvent>();
        while (await r.ReadAsync(cancellationToken))
            list.Add(new RecordedEvent(caseId, r.GetInt64(0), r.GetString(1),
                DateTimeOffset.Parse(r.GetString(2), CultureInfo.InvariantCulture),
                JsonSerializer.Deserialize<CaseEvent>(r.GetString(3), CaseJson.Options)!, r.IsDBNull(4) ? null : r.GetString(4)));
        return list;
    }

    public async Task<CaseState?> LoadStateAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.Statement("SELECT state FROM cases WHERE case_id = $id");
        cmd.Parameters.AddWithValue("$id", caseId.ToString());
        return await cmd.Command.ExecuteScalarAsync(cancellationToken) is string json ? CaseJson.ReadState(json) : null;
    }

    public async Task<long?> LoadVersionAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.Statement("SELECT version FROM cases WHERE case_id = $id");
        cmd.Parameters.AddWithValue("$id", caseId.ToString());
        return await cmd.Command.ExecuteScalarAsync(cancellationToken) is long version ? version : null;
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
        // UPDATE, then INSERT for a new case: an insert over a stored snapshot is refused by a trigger (migration 17).
        upsert.CommandText = """
            UPDATE cases SET municipality = $m, journal_number = $j, version = $v, updated_at = $u, state = $s WHERE case_id = $id;
            INSERT INTO cases(case_id, municipality, journal_number, version, updated_at, state, bydel)
                SELECT $id, $m, $j, $v, $u, $s, $b WHERE changes() = 0;
            """;
        var uId = upsert.Parameters.Add("$id", SqliteType.Text);
        var uM = upsert.Parameters.Add("$m", SqliteType.Text);
        var uJ = upsert.Parameters.Add("$j", SqliteType.Text);
        var uV = upsert.Parameters.Add("$v", SqliteType.Integer);
        var uU = upsert.Parameters.Add("$u", SqliteType.Text);
        var uS = upsert.Parameters.Add("$s", SqliteType.Text);
        var uB = upsert.Parameters.Add("$b", SqliteType.Text); // the bydel is set when the case opens and never changes

        using var insert = _connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO events(case_id, version, type, recorded_by, recorded_at, data, hash, recorded_role) VALUES ($id, $v, $t, $b, $a, $d, $h, $r)";
        var eId = insert.Parameters.Add("$id", SqliteType.Text);
        var eV = insert.Parameters.Add("$v", SqliteType.Integer);
        var eT = insert.Parameters.Add("$t", SqliteType.Text);
        var eB = insert.Parameters.Add("$b", SqliteType.Text);
        var eA = insert.Parameters.Add("$a", SqliteType.Text);
        var eD = insert.Parameters.Add("$d", SqliteType.Text);
        var eH = insert.Parameters.Add("$h", SqliteType.Text);
        var eR = insert.Parameters.Add("$r", SqliteType.Text);

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
            uB.Value = (object?)a.NewState.Bydel ?? DBNull.Value;
            upsert.Run();

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
                var hash = EventHash.Compute(a.CaseId, ++n, type, json, e.RecordedBy, at, previous, e.RecordedRole);
                (eId.Value, eV.Value, eT.Value, eB.Value, eA.Value, eD.Value, eH.Value) = (id, n, type, e.RecordedBy, at, json, hash);
                eR.Value = (object?)e.RecordedRole ?? DBNull.Value;
                insert.Run();
                previous = hash;
            }
        }
        tx.Commit();
    }

    /// <summary>The listing's columns and order, all in migration 27's covering index <c>cases_listing</c>.</summary>
    public const string ListSql = "SELECT case_id, municipality, journal_number, version, updated_at, bydel FROM cases";

    public const string ListOrder = " ORDER BY municipality, journal_number";

    public async Task<IReadOnlyList<CaseHeader>> ListCasesAsync(MunicipalityScope scope, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = ListSql + Where(cmd, scope) + ListOrder;
        using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<CaseHeader>();
        while (await r.ReadAsync(cancellationToken))
            list.Add(new CaseHeader(CaseId.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetInt64(3),
                DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture), r.IsDBNull(5) ? null : r.GetString(5)));
        return list;
    }

    /// <summary>From the index on the snapshot's caseworker (migration 20): the expression here must be the index's, word for word.</summary>
    public async Task<IReadOnlyList<CaseId>> CasesAssignedToAsync(string municipalityNumber, string caseworkerId, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT case_id FROM cases WHERE municipality = $m AND json_extract(state, '$.caseworkerId') = $u";
        cmd.Parameters.AddWithValue("$m", municipalityNumber);
        cmd.Parameters.AddWithValue("$u", caseworkerId);
        using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<CaseId>();
        while (await r.ReadAsync(cancellationToken))
            list.Add(CaseId.Parse(r.GetString(0)));
        return list;
    }

    public IAsyncEnumerable<CaseState> ReadStatesAsync(MunicipalityScope scope, CancellationToken cancellationToken = default) =>
        ReadStoredStatesAsync(scope, cancellationToken).Select(s => s.Decode());

    public async IAsyncEnumerable<StoredCaseState> ReadStoredStatesAsync(MunicipalityScope scope, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT state FROM cases" + Where(cmd, scope) + " ORDER BY municipality, journal_number";
        using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            yield return new StoredCaseState(r.GetFieldValue<byte[]>(0)); // the text's UTF-8 bytes as stored
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
        using var cmd = _connection.Statement("SELECT coalesce(max(position), 0) FROM events");
        return new FeedCursor(0, (long)(await cmd.Command.ExecuteScalarAsync(cancellationToken))!);
    }

    public async IAsyncEnumerable<CaseState> ReadChangedAsync(FeedCursor after, FeedCursor upTo, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.Statement("SELECT state FROM cases WHERE case_id IN (SELECT DISTINCT case_id FROM events WHERE position > $a AND position <= $b)");
        cmd.Parameters.AddWithValue("$a", after.Position);
        cmd.Parameters.AddWithValue("$b", upTo.Position);
        using var r = await cmd.Command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            yield return CaseJson.ReadState(r.GetFieldValue<byte[]>(0)); // the text's UTF-8 bytes as stored
    }

    /// <summary>A range of the events' primary key (position is the rowid).</summary>
    public async Task<bool> AnyChangedAsync(FeedCursor after, FeedCursor upTo, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.Statement("SELECT EXISTS (SELECT 1 FROM events WHERE position > $a AND position <= $b)");
        cmd.Parameters.AddWithValue("$a", after.Position);
        cmd.Parameters.AddWithValue("$b", upTo.Position);
        return (long)(await cmd.Command.ExecuteScalarAsync(cancellationToken))! != 0;
    }

    public async IAsyncEnumerable<StoredEvent> ReadAllStoredAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT case_id, version, type, data, recorded_by, recorded_at, hash, recorded_role FROM events ORDER BY case_id, version";
        using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            yield return new StoredEvent(CaseId.Parse(r.GetString(0)), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4),
                r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7));
    }

    public async IAsyncEnumerable<(CaseId CaseId, string StateJson)> ReadAllSnapshotsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT case_id, state FROM cases ORDER BY case_id";
        using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            yield return (CaseId.Parse(r.GetString(0)), r.GetString(1));
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

    /// <summary>The WHERE clause of a scoped listing, its parameters added to <paramref name="cmd"/>: the municipality and,
    /// for a bydel's service, the bydel (issue 15).</summary>
    private static string Where(SqliteCommand cmd, MunicipalityScope scope)
    {
        if (scope.IsNational)
            return "";
        cmd.Parameters.AddWithValue("$m", scope.Number);
        if (scope.Bydel is null)
            return " WHERE municipality = $m";
        cmd.Parameters.AddWithValue("$bydel", scope.Bydel);
        return " WHERE municipality = $m AND bydel = $bydel";
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Run();
    }
}
