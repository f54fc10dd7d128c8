using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Vern.Domain.Cases;

namespace Vern.Register.Export;

/// <summary>One delivered register file: which case, at which case version, when, the file's id (the next
/// delivery's ForrigeId) and the SHA-256 of its Sak element (to tell whether the content changed since).</summary>
public sealed record Delivery(CaseId CaseId, string MunicipalityNumber, long Version, DateTimeOffset DeliveredAt, Guid FileId, string ContentHash);

/// <summary>A case's latest delivery, kept small (about 50 bytes with its key) because the exporter holds one per case:
/// the file id (the next file's ForrigeId) and the first 128 bits of the content hash (enough to tell a change).</summary>
public readonly record struct LastDelivery(Guid FileId, UInt128 HashPrefix)
{
    /// <summary>True when <paramref name="contentHash"/> (hex SHA-256) is the content delivered last time.</summary>
    public bool SameContent(string contentHash) => HashPrefix == Prefix(contentHash);

    public static UInt128 Prefix(string contentHash) =>
        UInt128.Parse(contentHash.AsSpan(0, 32), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}

/// <summary>What Vern last delivered to the national register per case (leveranselogg), so the next export holds
/// only the cases whose register content changed (Barnevern_v4.xsd: the complete case folder is reported when
/// its content has changed since the previous delivery).</summary>
public interface IDeliveryLog
{
    /// <summary>The latest delivery of every case of a municipality.</summary>
    IReadOnlyDictionary<CaseId, LastDelivery> Latest(string municipalityNumber);

    /// <summary>Records deliveries, all or nothing.</summary>
    void Record(IReadOnlyList<Delivery> deliveries);

    /// <summary>Starts recording deliveries one by one (thread-safe) in one transaction: nothing counts until
    /// <see cref="IDeliveryBatch.Commit"/>; disposing without it records nothing. Memory stays flat however many.</summary>
    IDeliveryBatch Begin();
}

/// <summary>Deliveries being recorded as one all-or-nothing unit (see <see cref="IDeliveryLog.Begin"/>).</summary>
public interface IDeliveryBatch : IDisposable
{
    /// <summary>Adds one delivery (may be called from several threads).</summary>
    void Add(Delivery delivery);

    /// <summary>Makes every added delivery count.</summary>
    void Commit();

    /// <summary>Number of deliveries added.</summary>
    int Count { get; }
}

/// <summary>The delivery log as a table <c>register_deliveries</c> in Vern's SQLite file. Rows are only added
/// (the full history of deliveries is kept); the latest row per case counts.</summary>
public sealed class SqliteDeliveryLog : IDeliveryLog, IDisposable
{
    private readonly SqliteConnection _connection;

    /// <summary>Per municipality, the last delivery row this log had seen when <see cref="Latest"/> was read.</summary>
    private readonly ConcurrentDictionary<string, long> _seen = new(StringComparer.Ordinal);

    public SqliteDeliveryLog(string databasePath)
    {
        var cs = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
        _connection = new SqliteConnection(cs);
        _connection.Open();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = """
            PRAGMA busy_timeout=10000;
            PRAGMA synchronous=FULL;
            CREATE TABLE IF NOT EXISTS register_deliveries (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                case_id TEXT NOT NULL,
                municipality TEXT NOT NULL,
                version INTEGER NOT NULL,
                delivered_at TEXT NOT NULL,
                file_id TEXT NOT NULL,
                content_hash TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS register_deliveries_case ON register_deliveries(municipality, case_id, id);
            """;
        cmd.ExecuteNonQuery();
    }

    public IReadOnlyDictionary<CaseId, LastDelivery> Latest(string municipalityNumber)
    {
        using var cmd = _connection.CreateCommand();
        // Read the position first: a delivery recorded between the two reads then counts as a conflict at commit.
        cmd.CommandText = "SELECT coalesce(max(id), 0) FROM register_deliveries WHERE municipality = $m";
        cmd.Parameters.AddWithValue("$m", municipalityNumber);
        _seen[municipalityNumber] = (long)cmd.ExecuteScalar()!;
        cmd.CommandText = """
            SELECT case_id, file_id, content_hash FROM register_deliveries
            WHERE id IN (SELECT max(id) FROM register_deliveries WHERE municipality = $m GROUP BY case_id)
            """;
        using var r = cmd.ExecuteReader();
        var result = new Dictionary<CaseId, LastDelivery>();
        while (r.Read())
            result[CaseId.Parse(r.GetString(0))] = new LastDelivery(Guid.Parse(r.GetString(1)), LastDelivery.Prefix(r.GetString(2)));
        return result;
    }

    public void Record(IReadOnlyList<Delivery> deliveries)
    {
        using var batch = Begin();
        foreach (var d in deliveries)
            batch.Add(d);
        batch.Commit();
    }

    public IDeliveryBatch Begin() => new Batch(_connection, _seen);

    /// <summary>Spools the deliveries to a temporary file while the export runs (flat memory, and no write lock on the
    /// database while caseworkers keep working), then inserts them in one short transaction at <see cref="Commit"/>.
    /// Two exports of one municipality at once are serialised there: the commit checks, inside its write transaction,
    /// that no delivery of the municipality was recorded since <see cref="Latest"/> was read; if one was, it throws
    /// <see cref="DeliveryConflictException"/> and records nothing, so the cases are never delivered twice as new.</summary>
    private sealed class Batch(SqliteConnection connection, ConcurrentDictionary<string, long> seen) : IDeliveryBatch
    {
        private readonly HashSet<string> _municipalities = new(StringComparer.Ordinal);

        private readonly string _spoolPath = Path.Combine(Path.GetTempPath(), $"vern-deliveries-{Guid.NewGuid():N}.bin");
        private readonly Lock _lock = new();
        private BinaryWriter? _spool;

        public int Count { get; private set; }

        public void Add(Delivery d)
        {
            lock (_lock)
            {
                _spool ??= new BinaryWriter(new FileStream(_spoolPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024));
                _spool.Write(d.CaseId.Value.ToByteArray());
                _spool.Write(d.MunicipalityNumber);
                _municipalities.Add(d.MunicipalityNumber);
                _spool.Write(d.Version);
                _spool.Write(d.DeliveredAt.UtcTicks);
                _spool.Write((short)d.DeliveredAt.Offset.TotalMinutes);
                _spool.Write(d.FileId.ToByteArray());
                _spool.Write(d.ContentHash);
                Count++;
            }
        }

        public void Commit()
        {
            lock (_lock)
            {
                if (_spool is null)
                    return;
                _spool.Dispose();
                _spool = null;
                using var read = new BinaryReader(new FileStream(_spoolPath, FileMode.Open, FileAccess.Read, FileShare.None, 64 * 1024));
                using var tx = connection.BeginTransaction(deferred: false);
                using var cmd = connection.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = "SELECT coalesce(max(id), 0) FROM register_deliveries WHERE municipality = $m";
                var pm = cmd.Parameters.Add("$m", SqliteType.Text);
                foreach (var municipality in _municipalities)
                {
                    pm.Value = municipality;
                    if (seen.TryGetValue(municipality, out var known) && (long)cmd.ExecuteScalar()! > known)
                        throw new DeliveryConflictException(municipality);
                }
                cmd.Parameters.Clear();
                cmd.CommandText = "INSERT INTO register_deliveries(case_id, municipality, version, delivered_at, file_id, content_hash) VALUES ($c, $m, $v, $a, $f, $h)";
                var c = cmd.Parameters.Add("$c", SqliteType.Text);
                var m = cmd.Parameters.Add("$m", SqliteType.Text);
                var v = cmd.Parameters.Add("$v", SqliteType.Integer);
                var a = cmd.Parameters.Add("$a", SqliteType.Text);
                var f = cmd.Parameters.Add("$f", SqliteType.Text);
                var h = cmd.Parameters.Add("$h", SqliteType.Text);
                for (var i = 0; i < Count; i++)
                {
                    c.Value = new CaseId(new Guid(read.ReadBytes(16))).ToString();
                    m.Value = read.ReadString();
                    v.Value = read.ReadInt64();
                    var ticks = read.ReadInt64();
                    var offset = TimeSpan.FromMinutes(read.ReadInt16());
                    a.Value = new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(offset).ToString("O", CultureInfo.InvariantCulture);
                    f.Value = new Guid(read.ReadBytes(16)).ToString("D");
                    h.Value = read.ReadString();
                    cmd.ExecuteNonQuery();
                }
                tx.Commit();
            }
        }

        public void Dispose()
        {
            _spool?.Dispose();
            File.Delete(_spoolPath);
        }
    }

    public void Dispose() => _connection.Dispose();
}

/// <summary>Another export of the same municipality recorded deliveries while this one ran: nothing of this export was
/// recorded (and its zip was not kept); run it again to deliver what is still new.</summary>
public sealed class DeliveryConflictException(string municipalityNumber)
    : Exception($"En annen eksport for kommune {municipalityNumber} ble levert mens denne pågikk; ingenting ble ført i leveranseloggen og ingen fil ble lagt ut. Kjør eksporten på nytt.")
{
    public string MunicipalityNumber { get; } = municipalityNumber;
}
