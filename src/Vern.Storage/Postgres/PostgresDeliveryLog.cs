using Npgsql;
using NpgsqlTypes;
using Vern.Domain.Cases;

namespace Vern.Storage.Postgres;

/// <summary>The register delivery log (leveranselogg) on PostgreSQL: table <c>register_deliveries</c> (step 4), rows only
/// added (trigger); the latest row per case counts.</summary>
/// <remarks>Two exports of one municipality at once: each batch commits under a transaction-scoped advisory lock on its
/// municipalities and checks, under it, that no delivery of them was recorded since its own export read the log
/// (<see cref="LatestAsync"/>, handed to <see cref="Begin"/>; <see cref="DeliveryConflictException"/> otherwise, nothing recorded). Under the lock ids of one municipality grow in
/// commit order, so "a higher id than I saw" means exactly "delivered since".</remarks>
public sealed class PostgresDeliveryLog(NpgsqlDataSource source) : IDeliveryLog
{
    public async Task<LatestDeliveries> LatestAsync(string municipalityNumber, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        // One snapshot for both reads: the position and the rows agree.
        await using var tx = await c.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        long position;
        await using (var max = new NpgsqlCommand(PositionSql, c, tx))
        {
            max.Parameters.AddWithValue(municipalityNumber);
            position = (long)(await max.ExecuteScalarAsync(cancellationToken))!;
        }
        await using var cmd = new NpgsqlCommand(LatestSql, c, tx);
        cmd.Parameters.AddWithValue(municipalityNumber);
        var result = new Dictionary<CaseId, LastDelivery>();
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
                result[new CaseId(r.GetGuid(0))] = new LastDelivery(r.GetGuid(1), LastDelivery.Prefix(r.GetString(2)));
        }
        await tx.CommitAsync(cancellationToken);
        return new LatestDeliveries(municipalityNumber, position, result);
    }

    /// <summary>The municipality's last delivery row: one step down migration 30's index on (municipality, id), however long
    /// the log.</summary>
    public const string PositionSql = "SELECT coalesce(max(id), 0) FROM register_deliveries WHERE municipality = $1";

    /// <summary>The latest delivery per case of the municipality, from the table kept beside the log (migration 30): one row per
    /// case, not one per case and export.</summary>
    public const string LatestSql = "SELECT case_id, file_id, content_hash FROM register_latest_deliveries WHERE municipality = $1";

    public async Task RecordAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken = default)
    {
        using var batch = Begin();
        foreach (var d in deliveries)
            batch.Add(d);
        await batch.CommitAsync(cancellationToken);
    }

    public IDeliveryBatch Begin(LatestDeliveries? read = null, DeliveryOrigin? origin = null) => new Batch(source, read, origin);

    public async Task<IReadOnlyList<DeliveryRun>> HistoryAsync(string municipalityNumber, int limit = 50, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(HistorySql, c);
        cmd.Parameters.AddWithValue(municipalityNumber);
        cmd.Parameters.AddWithValue(limit);
        var runs = new List<DeliveryRun>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            runs.Add(new DeliveryRun(PgText.ParseTime(r.GetString(0)), r.GetInt32(1),
                DeliveryOrigin.From(r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3))));
        return runs;
    }

    /// <summary>The municipality's newest exports from the summary kept beside the log (migration 31), newest first, with who
    /// exported and how (migration 35).</summary>
    public const string HistorySql = "SELECT delivered_at, cases, exported_by, exported_how FROM register_delivery_runs WHERE municipality = $1 ORDER BY last_id DESC LIMIT $2";

    /// <summary>Migration 35 on PostgreSQL (<see cref="Sqlite.SqliteDeliveryLog.AddOrigin"/>): who exported and how, text as on
    /// SQLite (so a move copies them as they are), null on every row from before.</summary>
    public const string OriginSchema = "ALTER TABLE register_delivery_runs ADD COLUMN IF NOT EXISTS exported_by text, ADD COLUMN IF NOT EXISTS exported_how text;";

    /// <summary>Migration 31 on PostgreSQL (<see cref="Sqlite.SqliteDeliveryLog.RunsSchema"/>): one row per export and
    /// municipality, filled from the log and kept by every commit.</summary>
    public const string RunsSchema = """
        CREATE TABLE IF NOT EXISTS register_delivery_runs (
            municipality text NOT NULL,
            delivered_at text NOT NULL,
            cases integer NOT NULL,
            last_id bigint NOT NULL,
            PRIMARY KEY (municipality, delivered_at));
        CREATE INDEX IF NOT EXISTS register_delivery_runs_newest ON register_delivery_runs(municipality, last_id);
        INSERT INTO register_delivery_runs(municipality, delivered_at, cases, last_id)
            SELECT municipality, delivered_at, count(*), max(id) FROM register_deliveries GROUP BY municipality, delivered_at
            ON CONFLICT (municipality, delivered_at) DO UPDATE SET cases = excluded.cases, last_id = excluded.last_id;
        """;

    /// <summary>Migration 30 on PostgreSQL (<see cref="Sqlite.SqliteDeliveryLog.LatestSchema"/>): the index on (municipality, id),
    /// the latest delivery per case in its own table, filled from the log, and the index on (municipality, case_id, id)
    /// dropped.</summary>
    public const string LatestSchema = """
        CREATE INDEX IF NOT EXISTS register_deliveries_municipality ON register_deliveries(municipality, id);
        CREATE TABLE IF NOT EXISTS register_latest_deliveries (
            municipality text NOT NULL,
            case_id uuid NOT NULL,
            delivery_id bigint NOT NULL,
            file_id uuid NOT NULL,
            content_hash text NOT NULL,
            PRIMARY KEY (municipality, case_id));
        INSERT INTO register_latest_deliveries(municipality, case_id, delivery_id, file_id, content_hash)
            SELECT DISTINCT ON (municipality, case_id) municipality, case_id, id, file_id, content_hash FROM register_deliveries
            ORDER BY municipality, case_id, id DESC
            ON CONFLICT (municipality, case_id) DO UPDATE SET delivery_id = excluded.delivery_id, file_id = excluded.file_id, content_hash = excluded.content_hash
                WHERE excluded.delivery_id > register_latest_deliveries.delivery_id;
        DROP INDEX IF EXISTS register_deliveries_case;
        """;

    /// <summary>Spools the deliveries to a temporary file while the export runs (<see cref="DeliverySpool"/>: flat memory, no
    /// transaction open meanwhile), then writes them in case id order with one binary COPY in a short transaction at
    /// <see cref="IDeliveryBatch.CommitAsync(Task, CancellationToken)"/>, and brings each case's row in <c>register_latest_deliveries</c> up to its new delivery and
    /// adds the export to <c>register_delivery_runs</c> in the same transaction.</summary>
    private sealed class Batch(NpgsqlDataSource source, LatestDeliveries? read, DeliveryOrigin? origin) : IDeliveryBatch
    {
        private readonly DeliverySpool _spool = new();
        private readonly Lock _lock = new();
        private bool _committing;

        public int Count { get; private set; }

        public void Add(Delivery d)
        {
            lock (_lock)
            {
                if (_committing)
                    throw new InvalidOperationException("The batch is being committed.");
                _spool.Add(d);
                Count++;
            }
        }

        public async Task CommitAsync(Task durable, CancellationToken cancellationToken = default)
        {
            bool record;
            lock (_lock)
            {
                record = !_committing && _spool.Count > 0;
                _committing |= record;
            }
            if (!record)
            {
                await durable;
                return;
            }
            await using var c = await source.OpenConnectionAsync(cancellationToken);
            await using var tx = await c.BeginTransactionAsync(cancellationToken);
            var before = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var municipality in _spool.Municipalities.Order(StringComparer.Ordinal))
            {
                await using var cmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(7466113, hashtext($1))", c, tx);
                cmd.Parameters.AddWithValue(municipality);
                await cmd.ExecuteNonQueryAsync(cancellationToken);
                cmd.CommandText = PositionSql;
                before[municipality] = (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
                if (read is not null && read.MunicipalityNumber == municipality && before[municipality] > read.Position)
                    throw new DeliveryConflictException(municipality);
            }
            await using (var copy = await c.BeginBinaryImportAsync(
                "COPY register_deliveries(case_id, municipality, version, delivered_at, file_id, content_hash) FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                foreach (var d in _spool.ReadInCaseOrder())
                {
                    await copy.StartRowAsync(cancellationToken);
                    await copy.WriteAsync(d.CaseId.Value, NpgsqlDbType.Uuid, cancellationToken);
                    await copy.WriteAsync(d.MunicipalityNumber, NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync(d.Version, NpgsqlDbType.Bigint, cancellationToken);
                    await copy.WriteAsync(PgText.Time(d.DeliveredAt), NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync(d.FileId, NpgsqlDbType.Uuid, cancellationToken);
                    await copy.WriteAsync(d.ContentHash, NpgsqlDbType.Text, cancellationToken);
                }
                await copy.CompleteAsync(cancellationToken);
            }
            // Under the advisory lock the municipality's new rows are exactly those above the position read under it.
            foreach (var (municipality, position) in before)
            {
                await using var latest = new NpgsqlCommand("""
                    INSERT INTO register_latest_deliveries(municipality, case_id, delivery_id, file_id, content_hash)
                    SELECT DISTINCT ON (case_id) municipality, case_id, id, file_id, content_hash FROM register_deliveries
                    WHERE municipality = $1 AND id > $2 ORDER BY case_id, id DESC
                    ON CONFLICT (municipality, case_id) DO UPDATE SET delivery_id = excluded.delivery_id, file_id = excluded.file_id, content_hash = excluded.content_hash
                    """, c, tx);
                latest.Parameters.AddWithValue(municipality);
                latest.Parameters.AddWithValue(position);
                await latest.ExecuteNonQueryAsync(cancellationToken);
                // The export's row of the history, with who exported and how (migration 35; as on SQLite, a second commit with the
                // same DatoUttrekk adds to the row and keeps its who and how).
                latest.CommandText = """
                    INSERT INTO register_delivery_runs(municipality, delivered_at, cases, last_id, exported_by, exported_how)
                    SELECT municipality, delivered_at, count(*), max(id), $3, $4 FROM register_deliveries WHERE municipality = $1 AND id > $2 GROUP BY municipality, delivered_at
                    ON CONFLICT (municipality, delivered_at) DO UPDATE SET cases = register_delivery_runs.cases + excluded.cases,
                        last_id = greatest(register_delivery_runs.last_id, excluded.last_id),
                        exported_by = coalesce(register_delivery_runs.exported_by, excluded.exported_by),
                        exported_how = coalesce(register_delivery_runs.exported_how, excluded.exported_how)
                    """;
                latest.Parameters.Add(new NpgsqlParameter { Value = (object?)origin?.ExportedBy ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                latest.Parameters.Add(new NpgsqlParameter { Value = (object?)origin?.WayText ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                await latest.ExecuteNonQueryAsync(cancellationToken);
            }
            await durable; // the export's files are on disk before their rows count
            await tx.CommitAsync(cancellationToken);
        }

        public void Dispose() => _spool.Dispose();
    }
}
