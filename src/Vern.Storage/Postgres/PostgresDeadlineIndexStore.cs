using Npgsql;
using NpgsqlTypes;

namespace Vern.Storage.Postgres;

/// <summary>The deadline index (fristindeks) on PostgreSQL: <c>deadline_facts</c> (one row per case), <c>deadline_packs</c>
/// (one blob per municipality) and <c>deadline_meta</c> (the refresh mark), step 4. The index is derived data; rows and
/// mark commit together, so a refresh that did not commit is simply done again.</summary>
public sealed class PostgresDeadlineIndexStore(NpgsqlDataSource source) : IDeadlineIndexStore
{
    public async Task<DeadlineIndexMark?> ReadMarkAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = source.CreateCommand("SELECT key, value FROM deadline_meta");
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var meta = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await r.ReadAsync(cancellationToken))
            meta[r.GetString(0)] = r.GetInt64(1);
        return meta.TryGetValue("format", out var format) && meta.TryGetValue("position", out var position)
            ? new DeadlineIndexMark(new FeedCursor(meta.GetValueOrDefault("transaction"), position), (int)format)
            : null;
    }

    public Task<IDeadlineIndexWriter> BeginAsync(bool replaceAll, CancellationToken cancellationToken = default) =>
        Task.FromResult<IDeadlineIndexWriter>(new Writer(source, replaceAll));

    /// <summary>Keeps the rows until <see cref="CommitAsync"/>, which writes them and the mark in one short transaction,
    /// <see cref="Batch"/> rows per statement: a refresh that reads every case for seconds keeps no transaction open
    /// meanwhile (an open writer would hold back the change feed's committed cursor for every other reader), and a
    /// national rebuild costs a few hundred statements instead of one round trip per case.</summary>
    private sealed class Writer(NpgsqlDataSource source, bool replaceAll) : IDeadlineIndexWriter
    {
        // One row per case: a case written twice keeps the row the per-row upsert would have kept.
        private readonly Dictionary<Guid, DeadlineIndexRow> _rows = [];

        public Task WriteAsync(DeadlineIndexRow row, CancellationToken cancellationToken = default)
        {
            if (!_rows.TryGetValue(row.CaseId.Value, out var kept) || row.Version >= kept.Version || row.Format != kept.Format)
                _rows[row.CaseId.Value] = row;
            return Task.CompletedTask;
        }

        public async Task CommitAsync(DeadlineIndexMark mark, CancellationToken cancellationToken = default)
        {
            await using var c = await source.OpenConnectionAsync(cancellationToken);
            await using var tx = await c.BeginTransactionAsync(cancellationToken);
            // One refresh commits at a time.
            await PostgresMigrations.Exec(c, tx, "SELECT pg_advisory_xact_lock(7466111)", cancellationToken);
            if (replaceAll)
                await PostgresMigrations.Exec(c, tx, "DELETE FROM deadline_facts; DELETE FROM deadline_packs; DELETE FROM deadline_meta;", cancellationToken);
            var rows = _rows.Values.ToList();
            for (var start = 0; start < rows.Count; start += Batch)
                await WriteBatch(c, tx, rows.GetRange(start, Math.Min(Batch, rows.Count - start)), cancellationToken);
            await using (var cmd = new NpgsqlCommand("""
                INSERT INTO deadline_meta(key, value) VALUES ('transaction', $1), ('position', $2), ('format', $3)
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

    public async Task PutAsync(DeadlineIndexRow row, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await WriteBatch(c, null, [row], cancellationToken);
    }

    public async Task<DeadlineIndexStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = source.CreateCommand("""
            SELECT (SELECT count(*) FROM deadline_facts), (SELECT count(*) FROM deadline_facts WHERE NOT packed), (SELECT count(*) FROM deadline_packs)
            """);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        return new DeadlineIndexStatus((int)r.GetInt64(0), (int)r.GetInt64(1), (int)r.GetInt64(2));
    }

    public async Task PackAsync(CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await PostgresMigrations.Exec(c, tx, "SELECT pg_advisory_xact_lock(7466111); DELETE FROM deadline_packs;", cancellationToken);
        var packs = new List<(string Municipality, int Count, byte[] Data)>();
        await using (var read = new NpgsqlCommand("SELECT municipality, facts FROM deadline_facts ORDER BY municipality", c, tx))
        await using (var r = await read.ExecuteReaderAsync(cancellationToken))
        {
            string? current = null;
            var count = 0;
            using var pack = new MemoryStream();
            using var w = new BinaryWriter(pack);
            void Flush()
            {
                if (current is null) return;
                w.Flush();
                packs.Add((current, count, pack.ToArray()));
                pack.SetLength(0);
                count = 0;
            }
            while (await r.ReadAsync(cancellationToken))
            {
                var m = r.GetString(0);
                if (m != current) { Flush(); current = m; }
                var blob = r.GetFieldValue<byte[]>(1);
                w.Write(blob.Length);
                w.Write(blob);
                count++;
            }
            Flush();
        }
        foreach (var (municipality, count, data) in packs)
        {
            await using var insert = new NpgsqlCommand("INSERT INTO deadline_packs(municipality, cases, data) VALUES ($1, $2, $3)", c, tx);
            insert.Parameters.AddWithValue(municipality);
            insert.Parameters.AddWithValue(count);
            insert.Parameters.AddWithValue(data);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await PostgresMigrations.Exec(c, tx, "UPDATE deadline_facts SET packed = true WHERE NOT packed", cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<byte[]>> LoadRowsAsync(MunicipalityScope scope, DateOnly? openOn, bool unpackedOnly, CancellationToken cancellationToken = default)
    {
        await using var cmd = source.CreateCommand();
        var where = new List<string>();
        if (unpackedOnly) where.Add("NOT packed");
        if (!scope.IsNational)
        {
            cmd.Parameters.AddWithValue(scope.Number!);
            where.Add($"municipality = ${cmd.Parameters.Count}");
        }
        if (openOn is { } day)
        {
            cmd.Parameters.AddWithValue(day.DayNumber);
            where.Add($"opened_on <= ${cmd.Parameters.Count} AND (closed_on IS NULL OR closed_on > ${cmd.Parameters.Count})");
        }
        cmd.CommandText = "SELECT facts FROM deadline_facts" + (where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where));
        var list = new List<byte[]>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            list.Add(r.GetFieldValue<byte[]>(0));
        return list;
    }

    public async Task<IReadOnlyList<byte[]>> LoadPacksAsync(MunicipalityScope scope, CancellationToken cancellationToken = default)
    {
        await using var cmd = source.CreateCommand("SELECT data FROM deadline_packs" + (scope.IsNational ? "" : " WHERE municipality = $1"));
        if (!scope.IsNational) cmd.Parameters.AddWithValue(scope.Number!);
        var packs = new List<byte[]>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            packs.Add(r.GetFieldValue<byte[]>(0));
        return packs;
    }

    /// <summary>Rows per INSERT (as arrays, unnested on the server).</summary>
    private const int Batch = 5_000;

    /// <summary>Upsert with the per-case version comparison: an older state (a lower version in the same format) never
    /// replaces a newer row. The rows name each case once.</summary>
    private static async Task WriteBatch(NpgsqlConnection c, NpgsqlTransaction? tx, IReadOnlyList<DeadlineIndexRow> rows, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO deadline_facts(case_id, municipality, version, format, opened_on, closed_on, packed, facts)
            SELECT c, m, v, f, o, x, false, b FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::integer[], $5::integer[], $6::integer[], $7::bytea[]) AS t(c, m, v, f, o, x, b)
            ON CONFLICT (case_id) DO UPDATE SET municipality = excluded.municipality, version = excluded.version, format = excluded.format,
                opened_on = excluded.opened_on, closed_on = excluded.closed_on, packed = false, facts = excluded.facts
            WHERE excluded.version >= deadline_facts.version OR excluded.format <> deadline_facts.format
            """, c, tx);
        cmd.Parameters.AddWithValue(rows.Select(r => r.CaseId.Value).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.MunicipalityNumber).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Version).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Format).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.OpenedOn.DayNumber).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer, Value = rows.Select(r => r.ClosedOn is { } closed ? (int?)closed.DayNumber : null).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = rows.Select(r => r.Facts).ToArray() });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
