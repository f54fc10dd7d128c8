using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Vern.Domain.Cases;

namespace Vern.Storage.Sqlite;

/// <summary>The delivery log as a table <c>register_deliveries</c> in Vern's SQLite file. Rows are only added
/// (the full history of deliveries is kept); the latest row per case counts.</summary>
public sealed class SqliteDeliveryLog : IDeliveryLog, IDisposable
{
    private readonly SqliteConnection _connection;

    /// <summary>Per municipality, the last delivery row this log had seen when <see cref="LatestAsync"/> was read.</summary>
    private readonly ConcurrentDictionary<string, long> _seen = new(StringComparer.Ordinal);

    public SqliteDeliveryLog(string databasePath)
    {
        var cs = SqliteConnections.For(databasePath, SqliteOpenMode.ReadWrite);
        _connection = new SqliteConnection(cs);
        _connection.Open();
        SqliteConnections.Configure(_connection, "PRAGMA busy_timeout=10000; PRAGMA synchronous=FULL;");
        SqliteMigrations.Run(_connection); // the one runner makes this port's tables (step 4)
    }

    public Task<IReadOnlyDictionary<CaseId, LastDelivery>> LatestAsync(string municipalityNumber, CancellationToken cancellationToken = default) =>
        Task.FromResult(Latest(municipalityNumber));

    private IReadOnlyDictionary<CaseId, LastDelivery> Latest(string municipalityNumber)
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

    public async Task RecordAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken = default)
    {
        using var batch = Begin();
        foreach (var d in deliveries)
            batch.Add(d);
        await batch.CommitAsync(cancellationToken);
    }

    public IDeliveryBatch Begin() => new Batch(_connection, _seen);

    public Task<IReadOnlyList<DeliveryRun>> HistoryAsync(string municipalityNumber, int limit = 50, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        // Every file of one export carries the export's DatoUttrekk as delivered_at, so an export is one group.
        cmd.CommandText = """
            SELECT delivered_at, count(*) FROM register_deliveries WHERE municipality = $m
            GROUP BY delivered_at ORDER BY max(id) DESC LIMIT $n
            """;
        cmd.Parameters.AddWithValue("$m", municipalityNumber);
        cmd.Parameters.AddWithValue("$n", limit);
        using var r = cmd.ExecuteReader();
        var runs = new List<DeliveryRun>();
        while (r.Read())
            runs.Add(new DeliveryRun(DateTimeOffset.Parse(r.GetString(0), CultureInfo.InvariantCulture), r.GetInt32(1)));
        return Task.FromResult<IReadOnlyList<DeliveryRun>>(runs);
    }

    /// <summary>Spools the deliveries to a temporary file while the export runs (flat memory, and no write lock on the
    /// database while caseworkers keep working), then inserts them in one short transaction at <see cref="CommitAsync"/>.
    /// Two exports of one municipality at once are serialised there: the commit checks, inside its write transaction,
    /// that no delivery of the municipality was recorded since <see cref="LatestAsync"/> was read; if one was, it throws
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

        public Task CommitAsync(CancellationToken cancellationToken = default)
        {
            Commit();
            return Task.CompletedTask;
        }

        private void Commit()
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
                    cmd.Run();
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
