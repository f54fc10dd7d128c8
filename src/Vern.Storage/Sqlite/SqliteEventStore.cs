using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Vern.Domain.Cases;

namespace Vern.Storage.Sqlite;

/// <summary>The embedded event store: one SQLite file in WAL mode, synchronous=FULL, one transaction per
/// <see cref="Append"/>. The <c>events</c> table is append-only (triggers refuse UPDATE and DELETE);
/// <c>cases</c> keeps each case's latest state as a snapshot derived from its events. The tables are made by
/// <see cref="SqliteMigrations"/>.</summary>
public sealed class SqliteEventStore : IEventStore
{
    private readonly SqliteConnection _connection;

    private SqliteEventStore(SqliteConnection connection) => _connection = connection;

    /// <summary>Path of the database file.</summary>
    public string DataSource => _connection.DataSource;

    /// <summary>Opens (and creates, when <paramref name="create"/> is true) the database at <paramref name="path"/>.</summary>
    public static SqliteEventStore Open(string path, bool create = true)
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
        SqliteMigrations.Run(connection);
        return new SqliteEventStore(connection);
    }

    public IReadOnlyList<RecordedEvent> ReadStream(CaseId caseId)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT version, recorded_by, recorded_at, data FROM events WHERE case_id = $id ORDER BY version";
        cmd.Parameters.AddWithValue("$id", caseId.ToString());
        using var r = cmd.ExecuteReader();
        var list = new List<RecordedEvent>();
        while (r.Read())
            list.Add(new RecordedEvent(caseId, r.GetInt64(0), r.GetString(1),
                DateTimeOffset.Parse(r.GetString(2), CultureInfo.InvariantCulture),
                JsonSerializer.Deserialize<CaseEvent>(r.GetString(3), CaseJson.Options)!));
        return list;
    }

    public CaseState? LoadState(CaseId caseId)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT state FROM cases WHERE case_id = $id";
        cmd.Parameters.AddWithValue("$id", caseId.ToString());
        return cmd.ExecuteScalar() is string json ? JsonSerializer.Deserialize<CaseState>(json, CaseJson.Options) : null;
    }

    public void Append(IReadOnlyList<CaseAppend> appends)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        using var version = _connection.CreateCommand();
        version.Transaction = tx;
        version.CommandText = "SELECT version FROM cases WHERE case_id = $id";
        var vId = version.Parameters.Add("$id", SqliteType.Text);

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
        insert.CommandText = "INSERT INTO events(case_id, version, type, recorded_by, recorded_at, data) VALUES ($id, $v, $t, $b, $a, $d)";
        var eId = insert.Parameters.Add("$id", SqliteType.Text);
        var eV = insert.Parameters.Add("$v", SqliteType.Integer);
        var eT = insert.Parameters.Add("$t", SqliteType.Text);
        var eB = insert.Parameters.Add("$b", SqliteType.Text);
        var eA = insert.Parameters.Add("$a", SqliteType.Text);
        var eD = insert.Parameters.Add("$d", SqliteType.Text);

        foreach (var a in appends)
        {
            var id = a.CaseId.ToString();
            vId.Value = id;
            var actual = version.ExecuteScalar() is long v ? v : 0;
            if (actual != a.ExpectedVersion)
                throw new ConcurrencyException(a.CaseId, a.ExpectedVersion, actual);
            if (a.NewState.Version != a.ExpectedVersion + a.Events.Count)
                throw new InvalidOperationException($"Case {a.CaseId}: the new state has version {a.NewState.Version}, but {a.ExpectedVersion} + {a.Events.Count} events were appended.");

            var updatedAt = a.Events.Count > 0 ? a.Events[^1].RecordedAt : DateTimeOffset.UtcNow;
            (uId.Value, uM.Value, uJ.Value, uV.Value, uU.Value, uS.Value) = (id, a.NewState.MunicipalityNumber, a.NewState.JournalNumber,
                a.NewState.Version, updatedAt.ToString("O", CultureInfo.InvariantCulture), JsonSerializer.Serialize(a.NewState, CaseJson.Options));
            upsert.ExecuteNonQuery();

            var n = a.ExpectedVersion;
            foreach (var e in a.Events)
            {
                var json = JsonSerializer.Serialize(e.Event, CaseJson.Options);
                (eId.Value, eV.Value, eT.Value, eB.Value, eA.Value, eD.Value) = (id, ++n, CaseJson.Discriminator(e.Event), e.RecordedBy,
                    e.RecordedAt.ToString("O", CultureInfo.InvariantCulture), json);
                insert.ExecuteNonQuery();
            }
        }
        tx.Commit();
    }

    public IReadOnlyList<CaseHeader> ListCases(string? municipalityNumber = null)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT case_id, municipality, journal_number, version, updated_at FROM cases"
            + (municipalityNumber is null ? "" : " WHERE municipality = $m") + " ORDER BY municipality, journal_number";
        if (municipalityNumber is not null)
            cmd.Parameters.AddWithValue("$m", municipalityNumber);
        using var r = cmd.ExecuteReader();
        var list = new List<CaseHeader>();
        while (r.Read())
            list.Add(new CaseHeader(CaseId.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetInt64(3),
                DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture)));
        return list;
    }

    public IEnumerable<CaseState> ReadStates(string? municipalityNumber = null)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT state FROM cases" + (municipalityNumber is null ? "" : " WHERE municipality = $m") + " ORDER BY municipality, journal_number";
        if (municipalityNumber is not null)
            cmd.Parameters.AddWithValue("$m", municipalityNumber);
        using var r = cmd.ExecuteReader();
        while (r.Read())
            yield return JsonSerializer.Deserialize<CaseState>(r.GetString(0), CaseJson.Options)!;
    }

    public long CountEvents()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM events";
        return (long)cmd.ExecuteScalar()!;
    }

    public long LastPosition()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT coalesce(max(position), 0) FROM events";
        return (long)cmd.ExecuteScalar()!;
    }

    public IEnumerable<CaseState> ReadStatesChangedAfter(long position)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT state FROM cases WHERE case_id IN (SELECT DISTINCT case_id FROM events WHERE position > $p)";
        cmd.Parameters.AddWithValue("$p", position);
        using var r = cmd.ExecuteReader();
        while (r.Read())
            yield return JsonSerializer.Deserialize<CaseState>(r.GetString(0), CaseJson.Options)!;
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
