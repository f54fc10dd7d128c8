using System.Collections.Concurrent;
using Npgsql;
using NpgsqlTypes;
using Vern.Domain.Cases;

namespace Vern.Storage.Postgres;

/// <summary>The register delivery log (leveranselogg) on PostgreSQL: table <c>register_deliveries</c> (step 4), rows only
/// added (trigger); the latest row per case counts.</summary>
/// <remarks>Two exports of one municipality at once: each batch commits under a transaction-scoped advisory lock on its
/// municipalities and checks, under it, that no delivery of them was recorded since <see cref="LatestAsync"/> was read
/// (<see cref="DeliveryConflictException"/> otherwise, nothing recorded). Under the lock ids of one municipality grow in
/// commit order, so "a higher id than I saw" means exactly "delivered since".</remarks>
public sealed class PostgresDeliveryLog(NpgsqlDataSource source) : IDeliveryLog
{
    private readonly ConcurrentDictionary<string, long> _seen = new(StringComparer.Ordinal);

    public async Task<IReadOnlyDictionary<CaseId, LastDelivery>> LatestAsync(string municipalityNumber, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        // One snapshot for both reads: the position and the rows agree.
        await using var tx = await c.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await using (var max = new NpgsqlCommand("SELECT coalesce(max(id), 0) FROM register_deliveries WHERE municipality = $1", c, tx))
        {
            max.Parameters.AddWithValue(municipalityNumber);
            _seen[municipalityNumber] = (long)(await max.ExecuteScalarAsync(cancellationToken))!;
        }
        await using var cmd = new NpgsqlCommand("""
            SELECT DISTINCT ON (case_id) case_id, file_id, content_hash FROM register_deliveries
            WHERE municipality = $1 ORDER BY case_id, id DESC
            """, c, tx);
        cmd.Parameters.AddWithValue(municipalityNumber);
        var result = new Dictionary<CaseId, LastDelivery>();
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
                result[new CaseId(r.GetGuid(0))] = new LastDelivery(r.GetGuid(1), LastDelivery.Prefix(r.GetString(2)));
        }
        await tx.CommitAsync(cancellationToken);
        return result;
    }

    public async Task RecordAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken = default)
    {
        using var batch = Begin();
        foreach (var d in deliveries)
            batch.Add(d);
        await batch.CommitAsync(cancellationToken);
    }

    public IDeliveryBatch Begin() => new Batch(source, _seen);

    /// <summary>Spools the deliveries to a temporary file while the export runs (flat memory, no transaction open
    /// meanwhile), then writes them with one binary COPY in a short transaction at <see cref="CommitAsync"/>.</summary>
    private sealed class Batch(NpgsqlDataSource source, ConcurrentDictionary<string, long> seen) : IDeliveryBatch
    {
        private readonly HashSet<string> _municipalities = new(StringComparer.Ordinal);
        private readonly string _spoolPath = Path.Combine(Path.GetTempPath(), $"vern-deliveries-{Guid.NewGuid():N}.bin");
        private readonly Lock _lock = new();
        private BinaryWriter? _spool;
        private bool _committing;

        public int Count { get; private set; }

        public void Add(Delivery d)
        {
            lock (_lock)
            {
                if (_committing)
                    throw new InvalidOperationException("The batch is being committed.");
                _spool ??= new BinaryWriter(new FileStream(_spoolPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024));
                _spool.Write(d.CaseId.Value.ToByteArray());
                _spool.Write(d.MunicipalityNumber);
                _municipalities.Add(d.MunicipalityNumber);
                _spool.Write(d.Version);
                _spool.Write(PgText.Time(d.DeliveredAt));
                _spool.Write(d.FileId.ToByteArray());
                _spool.Write(d.ContentHash);
                Count++;
            }
        }

        public async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            lock (_lock)
            {
                if (_spool is null)
                    return;
                _spool.Dispose();
                _spool = null;
                _committing = true;
            }
            await using var c = await source.OpenConnectionAsync(cancellationToken);
            await using var tx = await c.BeginTransactionAsync(cancellationToken);
            foreach (var municipality in _municipalities.Order(StringComparer.Ordinal))
            {
                await using var cmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(7466113, hashtext($1))", c, tx);
                cmd.Parameters.AddWithValue(municipality);
                await cmd.ExecuteNonQueryAsync(cancellationToken);
                cmd.CommandText = "SELECT coalesce(max(id), 0) FROM register_deliveries WHERE municipality = $1";
                if (seen.TryGetValue(municipality, out var known) && (long)(await cmd.ExecuteScalarAsync(cancellationToken))! > known)
                    throw new DeliveryConflictException(municipality);
            }
            await using (var copy = await c.BeginBinaryImportAsync(
                "COPY register_deliveries(case_id, municipality, version, delivered_at, file_id, content_hash) FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                using var read = new BinaryReader(new FileStream(_spoolPath, FileMode.Open, FileAccess.Read, FileShare.None, 64 * 1024));
                for (var i = 0; i < Count; i++)
                {
                    await copy.StartRowAsync(cancellationToken);
                    await copy.WriteAsync(new Guid(read.ReadBytes(16)), NpgsqlDbType.Uuid, cancellationToken);
                    await copy.WriteAsync(read.ReadString(), NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync(read.ReadInt64(), NpgsqlDbType.Bigint, cancellationToken);
                    await copy.WriteAsync(read.ReadString(), NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync(new Guid(read.ReadBytes(16)), NpgsqlDbType.Uuid, cancellationToken);
                    await copy.WriteAsync(read.ReadString(), NpgsqlDbType.Text, cancellationToken);
                }
                await copy.CompleteAsync(cancellationToken);
            }
            await tx.CommitAsync(cancellationToken);
        }

        public void Dispose()
        {
            _spool?.Dispose();
            File.Delete(_spoolPath);
        }
    }
}
