using Npgsql;
using NpgsqlTypes;

namespace Vern.Storage.Postgres;

/// <summary>The statistics projection on PostgreSQL (step 22): <c>statistics_facts</c> (one row per case) and
/// <c>statistics_meta</c> (the refresh mark). Derived data; rows and mark commit together, so a refresh that did not commit
/// is simply done again.</summary>
public sealed class PostgresStatisticsProjectionStore(NpgsqlDataSource source) : IStatisticsProjectionStore
{
    /// <summary>Rows per INSERT (as arrays, unnested on the server).</summary>
    private const int Batch = 5_000;

    public async Task<StatisticsProjectionMark?> ReadMarkAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = source.CreateCommand("SELECT key, value FROM statistics_meta");
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var meta = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await r.ReadAsync(cancellationToken))
            meta[r.GetString(0)] = r.GetInt64(1);
        return meta.TryGetValue("format", out var format) && meta.TryGetValue("position", out var position)
            ? new StatisticsProjectionMark(new FeedCursor(meta.GetValueOrDefault("transaction"), position), (int)format)
            : null;
    }

    public Task<IStatisticsProjectionWriter> BeginAsync(bool replaceAll, CancellationToken cancellationToken = default) =>
        Task.FromResult<IStatisticsProjectionWriter>(new Writer(source, replaceAll));

    /// <summary>Keeps the rows until <see cref="CommitAsync"/>, which writes them and the mark in one short transaction: a
    /// refresh that reads every case for seconds keeps no transaction open meanwhile (an open writer would hold back the
    /// change feed's committed cursor for every other reader).</summary>
    private sealed class Writer(NpgsqlDataSource source, bool replaceAll) : IStatisticsProjectionWriter
    {
        private readonly List<StatisticsProjectionRow> _rows = [];

        public Task WriteAsync(StatisticsProjectionRow row, CancellationToken cancellationToken = default)
        {
            _rows.Add(row);
            return Task.CompletedTask;
        }

        public async Task CommitAsync(StatisticsProjectionMark mark, CancellationToken cancellationToken = default)
        {
            await using var c = await source.OpenConnectionAsync(cancellationToken);
            await using var tx = await c.BeginTransactionAsync(cancellationToken);
            // One refresh commits at a time.
            await PostgresMigrations.Exec(c, tx, "SELECT pg_advisory_xact_lock(7466119)", cancellationToken);
            if (replaceAll)
                await PostgresMigrations.Exec(c, tx, "DELETE FROM statistics_facts; DELETE FROM statistics_meta;", cancellationToken);
            for (var start = 0; start < _rows.Count; start += Batch)
            {
                var batch = _rows.GetRange(start, Math.Min(Batch, _rows.Count - start));
                // An older state (a lower version in the same format) never replaces a newer row.
                await using var insert = new NpgsqlCommand("""
                    INSERT INTO statistics_facts(case_id, municipality, version, format, facts, bydel)
                    SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::integer[], $5::bytea[], $6::text[])
                    ON CONFLICT (case_id) DO UPDATE SET municipality = excluded.municipality, version = excluded.version,
                        format = excluded.format, facts = excluded.facts, bydel = excluded.bydel
                    WHERE excluded.version >= statistics_facts.version OR excluded.format <> statistics_facts.format
                    """, c, tx);
                insert.Parameters.AddWithValue(batch.Select(r => r.CaseId.Value).ToArray());
                insert.Parameters.AddWithValue(batch.Select(r => r.MunicipalityNumber).ToArray());
                insert.Parameters.AddWithValue(batch.Select(r => r.Version).ToArray());
                insert.Parameters.AddWithValue(batch.Select(r => r.Format).ToArray());
                insert.Parameters.Add(new NpgsqlParameter { Value = batch.Select(r => r.Facts).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
                insert.Parameters.Add(new NpgsqlParameter { Value = batch.Select(r => r.Bydel).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var cmd = new NpgsqlCommand("""
                INSERT INTO statistics_meta(key, value) VALUES ('transaction', $1), ('position', $2), ('format', $3)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """, c, tx))
            {
                cmd.Parameters.AddWithValue(mark.Cursor.Transaction);
                cmd.Parameters.AddWithValue(mark.Cursor.Position);
                cmd.Parameters.AddWithValue((long)mark.Format);
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
            await tx.CommitAsync(cancellationToken);
        }

        public void Dispose() => _rows.Clear();
    }

    public async Task<IReadOnlyList<byte[]>> LoadAsync(MunicipalityScope scope, CancellationToken cancellationToken = default)
    {
        await using var cmd = source.CreateCommand("SELECT facts FROM statistics_facts" + (scope.IsNational ? "" : " WHERE municipality = $1") + (scope.Bydel is null ? "" : " AND bydel = $2"));
        if (!scope.IsNational) cmd.Parameters.AddWithValue(scope.Number!);
        if (scope.Bydel is not null) cmd.Parameters.AddWithValue(scope.Bydel);
        var list = new List<byte[]>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            list.Add(r.GetFieldValue<byte[]>(0));
        return list;
    }
}
