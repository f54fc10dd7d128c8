using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Vern.Domain.Cases;

namespace Vern.Storage.Sqlite;

/// <summary>The delivery log as a table <c>register_deliveries</c> in Vern's SQLite file. Rows are only added
/// (the full history of deliveries is kept); the latest row per case counts.</summary>
public sealed class SqliteDeliveryLog : IDeliveryLog, IDisposable
{
    private readonly SqliteConnection _connection;

    public SqliteDeliveryLog(string databasePath)
    {
        var cs = SqliteConnections.For(databasePath, SqliteOpenMode.ReadWrite);
        _connection = new SqliteConnection(cs);
        _connection.Open();
        SqliteConnections.Configure(_connection, "PRAGMA busy_timeout=10000; PRAGMA synchronous=FULL;");
        SqliteMigrations.Run(_connection); // the one runner makes this port's tables (step 4)
    }

    public Task<LatestDeliveries> LatestAsync(string municipalityNumber, CancellationToken cancellationToken = default) =>
        Task.FromResult(Latest(municipalityNumber));

    private LatestDeliveries Latest(string municipalityNumber)
    {
        using var cmd = _connection.CreateCommand();
        // Read the position first: a delivery recorded between the two reads then counts as a conflict at commit.
        cmd.CommandText = PositionSql;
        cmd.Parameters.AddWithValue("$m", municipalityNumber);
        var position = (long)cmd.ExecuteScalar()!;
        cmd.CommandText = LatestSql;
        using var r = cmd.ExecuteReader();
        var result = new Dictionary<CaseId, LastDelivery>();
        while (r.Read())
            result[CaseId.Parse(r.GetString(0))] = new LastDelivery(Guid.Parse(r.GetString(1)), LastDelivery.Prefix(r.GetString(2)));
        return new LatestDeliveries(municipalityNumber, position, result);
    }

    /// <summary>The municipality's last delivery row: one step down migration 30's index on (municipality, id), however long
    /// the log.</summary>
    public const string PositionSql = "SELECT coalesce(max(id), 0) FROM register_deliveries WHERE municipality = $m";

    /// <summary>The latest delivery per case of the municipality, from the table kept beside the log (migration 30): one row per
    /// case, not one per case and export.</summary>
    public const string LatestSql = "SELECT case_id, file_id, content_hash FROM register_latest_deliveries WHERE municipality = $m";

    public async Task RecordAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken = default)
    {
        using var batch = Begin();
        foreach (var d in deliveries)
            batch.Add(d);
        await batch.CommitAsync(cancellationToken);
    }

    public IDeliveryBatch Begin(LatestDeliveries? read = null, DeliveryOrigin? origin = null) => new Batch(_connection, read, origin);

    public Task<IReadOnlyList<DeliveryRun>> HistoryAsync(string municipalityNumber, int limit = 50, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = HistorySql;
        cmd.Parameters.AddWithValue("$m", municipalityNumber);
        cmd.Parameters.AddWithValue("$n", limit);
        using var r = cmd.ExecuteReader();
        var runs = new List<DeliveryRun>();
        while (r.Read())
            runs.Add(new DeliveryRun(DateTimeOffset.Parse(r.GetString(0), CultureInfo.InvariantCulture), r.GetInt32(1),
                DeliveryOrigin.From(r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3))));
        return Task.FromResult<IReadOnlyList<DeliveryRun>>(runs);
    }

    /// <summary>The municipality's newest exports, from the summary kept beside the log (migration 31): one row per export,
    /// read newest first down its index, however many deliveries the log holds; with who exported and how (migration 35).</summary>
    public const string HistorySql = "SELECT delivered_at, cases, exported_by, exported_how FROM register_delivery_runs WHERE municipality = $m ORDER BY last_id DESC LIMIT $n";

    /// <summary>Adds the rows a commit just wrote (those of municipality <c>$m</c> above id <c>$p</c>) to the export summary. Every
    /// file of one export carries the export's DatoUttrekk as <c>delivered_at</c>, so an export is one row, which gets who exported
    /// and how (<c>$by</c>, <c>$how</c>; null without them). Two commits with one DatoUttrekk to the tick (only a fixed clock makes
    /// them) add up to one row, which keeps the first one's who and how.</summary>
    private const string AddRunsSql = """
        INSERT INTO register_delivery_runs(municipality, delivered_at, cases, last_id, exported_by, exported_how)
            SELECT municipality, delivered_at, count(*), max(id), $by, $how FROM register_deliveries WHERE municipality = $m AND id > $p GROUP BY delivered_at
            ON CONFLICT(municipality, delivered_at) DO UPDATE SET cases = cases + excluded.cases, last_id = max(last_id, excluded.last_id),
                exported_by = coalesce(exported_by, excluded.exported_by), exported_how = coalesce(exported_how, excluded.exported_how)
        """;

    /// <summary>Migration 35: who exported (the acting user's id) and how (<see cref="DeliveryWay"/>, as text) on each row of the
    /// export summary, null on every row from before (the register page shows them as unknown). Idempotent. The log itself
    /// (<c>register_deliveries</c>) is untouched (append-only).</summary>
    public static void AddOrigin(SqliteConnection c, SqliteTransaction tx)
    {
        c.AddColumnIfMissing(tx, "register_delivery_runs", "exported_by", "TEXT");
        c.AddColumnIfMissing(tx, "register_delivery_runs", "exported_how", "TEXT");
    }

    /// <summary>Migration 31: one row per export and municipality (when, how many cases, the log's last row of it), filled
    /// here from the log and kept by every commit, so the register page's delivery history no longer groups the municipality's
    /// whole log on each view (≈ 4 s for 7001 in the national bench database). The log itself is untouched (append-only).</summary>
    public const string RunsSchema = """
        CREATE TABLE IF NOT EXISTS register_delivery_runs (
            municipality TEXT NOT NULL,
            delivered_at TEXT NOT NULL,
            cases INTEGER NOT NULL,
            last_id INTEGER NOT NULL,
            PRIMARY KEY (municipality, delivered_at)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS register_delivery_runs_newest ON register_delivery_runs(municipality, last_id);
        INSERT INTO register_delivery_runs(municipality, delivered_at, cases, last_id)
            SELECT municipality, delivered_at, count(*), max(id) FROM register_deliveries GROUP BY municipality, delivered_at
            ON CONFLICT(municipality, delivered_at) DO UPDATE SET cases = excluded.cases, last_id = excluded.last_id;
        """;

    /// <summary>Migration 30: the index the commit's conflict check reads, the latest delivery per case kept in its own table
    /// (filled here from the log, then kept by every commit), and the old index on (municipality, case_id, id) dropped: only
    /// the latest-per-case read used it, and keeping it cost each export a write into a random place of an index that grows by
    /// one entry per case and export. The log itself is untouched (append-only).</summary>
    public const string LatestSchema = """
        CREATE INDEX IF NOT EXISTS register_deliveries_municipality ON register_deliveries(municipality, id);
        CREATE TABLE IF NOT EXISTS register_latest_deliveries (
            municipality TEXT NOT NULL,
            case_id TEXT NOT NULL,
            delivery_id INTEGER NOT NULL,
            file_id TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            PRIMARY KEY (municipality, case_id)) WITHOUT ROWID;
        INSERT INTO register_latest_deliveries(municipality, case_id, delivery_id, file_id, content_hash)
            SELECT d.municipality, d.case_id, d.id, d.file_id, d.content_hash
            FROM (SELECT max(id) AS id FROM register_deliveries GROUP BY municipality, case_id) AS last
            JOIN register_deliveries d ON d.id = last.id
            WHERE true
            ON CONFLICT(municipality, case_id) DO UPDATE SET delivery_id = excluded.delivery_id, file_id = excluded.file_id, content_hash = excluded.content_hash
                WHERE excluded.delivery_id > register_latest_deliveries.delivery_id;
        DROP INDEX IF EXISTS register_deliveries_case;
        """;

    /// <summary>Spools the deliveries to a temporary file while the export runs (<see cref="DeliverySpool"/>: flat memory, and
    /// no write lock on the database while caseworkers keep working), then inserts them in case id order in one short
    /// transaction at <see cref="IDeliveryBatch.CommitAsync(Task, CancellationToken)"/>, and brings each case's row in <c>register_latest_deliveries</c> up to them in
    /// the same transaction, as it adds them to the export summary <c>register_delivery_runs</c>. Two exports of one municipality at once are serialised there: the commit checks, inside its write transaction, that no delivery of the
    /// municipality was recorded since its export read the log (<see cref="LatestAsync"/>, handed to <see cref="Begin"/>); if one was, it throws
    /// <see cref="DeliveryConflictException"/> and records nothing, so the cases are never delivered twice as new.</summary>
    private sealed class Batch(SqliteConnection connection, LatestDeliveries? read, DeliveryOrigin? origin) : IDeliveryBatch
    {
        private readonly DeliverySpool _spool = new();
        private readonly Lock _lock = new();
        private bool _committed;

        public int Count { get; private set; }

        public void Add(Delivery d)
        {
            lock (_lock)
            {
                _spool.Add(d);
                Count++;
            }
        }

        public Task CommitAsync(Task durable, CancellationToken cancellationToken = default)
        {
            Commit(durable);
            return Task.CompletedTask;
        }

        private void Commit(Task durable)
        {
            lock (_lock)
            {
                if (_committed || _spool.Count == 0)
                {
                    durable.GetAwaiter().GetResult();
                    return;
                }
                using var tx = connection.BeginTransaction(deferred: false);
                using var cmd = connection.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = PositionSql;
                var pm = cmd.Parameters.Add("$m", SqliteType.Text);
                var before = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var municipality in _spool.Municipalities)
                {
                    pm.Value = municipality;
                    before[municipality] = (long)cmd.ExecuteScalar()!;
                    if (read is not null && read.MunicipalityNumber == municipality && before[municipality] > read.Position)
                        throw new DeliveryConflictException(municipality);
                }
                Insert(connection, _spool.ReadInCaseOrder());
                // Each case's latest row, in one statement per municipality: the rows just added are those above the position
                // read in this write transaction; in id order, so of two for one case the later stays.
                cmd.Parameters.Clear();
                cmd.CommandText = """
                    INSERT INTO register_latest_deliveries(municipality, case_id, delivery_id, file_id, content_hash)
                        SELECT municipality, case_id, id, file_id, content_hash FROM register_deliveries WHERE municipality = $m AND id > $p ORDER BY id
                        ON CONFLICT(municipality, case_id) DO UPDATE SET delivery_id = excluded.delivery_id, file_id = excluded.file_id, content_hash = excluded.content_hash
                    """;
                pm = cmd.Parameters.Add("$m", SqliteType.Text);
                var pp = cmd.Parameters.Add("$p", SqliteType.Integer);
                foreach (var (municipality, position) in before)
                {
                    (pm.Value, pp.Value) = (municipality, position);
                    cmd.Run();
                }
                cmd.CommandText = AddRunsSql;
                cmd.Parameters.AddWithValue("$by", (object?)origin?.ExportedBy ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$how", (object?)origin?.WayText ?? DBNull.Value);
                foreach (var (municipality, position) in before)
                {
                    (pm.Value, pp.Value) = (municipality, position);
                    cmd.Run();
                }
                durable.GetAwaiter().GetResult(); // the export's files are on disk before their rows count
                tx.Commit();
                _committed = true;
            }
        }

        public void Dispose() => _spool.Dispose();
    }

    private const string InsertSql = "INSERT INTO register_deliveries(case_id, municipality, version, delivered_at, file_id, content_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

    /// <summary>Inserts the deliveries, in the order given, through one statement prepared on the connection's own SQLite handle
    /// (in the transaction open on it): the ids are formatted as UTF-8 on the stack and bound as they are, and the DatoUttrekk's
    /// text is made once per export, so a row costs SQLite's own insert and little else. The column texts are those the
    /// driver's parameters wrote (<see cref="Guid.ToString(string)"/> "D", <see cref="DateTimeOffset"/> "O"); a refusal by a
    /// trigger comes out as <see cref="StoreRefusedException"/>, as from <see cref="SqliteCommands.Run"/>.</summary>
    /// <remarks>Issue 14: these inserts run after the export's last file, on one core while the other idles. Through
    /// <see cref="SqliteCommand"/> (a data reader, six named parameters looked up and converted per row) the 62,863 rows of the
    /// national bench's largest municipality took 1.4–2.2 s at load average 16; this way 1.1–1.7 s (docs/register.md).</remarks>
    private static void Insert(SqliteConnection connection, IEnumerable<Delivery> deliveries)
    {
        var db = connection.Handle!;
        Check(raw.sqlite3_prepare_v2(db, InsertSql, out var statement), db);
        using (statement)
        {
            Span<byte> id = stackalloc byte[36];
            DateTimeOffset? at = null;
            byte[] atText = [];
            foreach (var d in deliveries)
            {
                if (at is not { } known || known != d.DeliveredAt || known.Offset != d.DeliveredAt.Offset)
                    (at, atText) = (d.DeliveredAt, Encoding.UTF8.GetBytes(d.DeliveredAt.ToString("O", CultureInfo.InvariantCulture)));
                d.CaseId.Value.TryFormat(id, out _, "D");
                raw.sqlite3_bind_text(statement, 1, id);
                raw.sqlite3_bind_text(statement, 2, d.MunicipalityNumber);
                raw.sqlite3_bind_int64(statement, 3, d.Version);
                raw.sqlite3_bind_text(statement, 4, atText);
                d.FileId.TryFormat(id, out _, "D");
                raw.sqlite3_bind_text(statement, 5, id);
                raw.sqlite3_bind_text(statement, 6, d.ContentHash);
                var rc = raw.sqlite3_step(statement);
                if (rc != raw.SQLITE_DONE)
                    Check(rc, db);
                raw.sqlite3_reset(statement);
            }
        }
    }

    /// <summary>Throws SQLite's error for <paramref name="rc"/> as the driver does, a trigger's refusal as <see cref="StoreRefusedException"/>.</summary>
    private static void Check(int rc, sqlite3 db)
    {
        if (rc == raw.SQLITE_OK)
            return;
        try
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
        catch (SqliteException e) when (StoreRefusal.Translate(e) is { } refused)
        {
            throw refused;
        }
    }

    public void Dispose() => _connection.Dispose();
}
