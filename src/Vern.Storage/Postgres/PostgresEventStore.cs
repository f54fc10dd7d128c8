using System.Runtime.CompilerServices;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Vern.Domain.Cases;

namespace Vern.Storage.Postgres;

/// <summary>The event log, snapshots and change feed on PostgreSQL (issue 17, first part): the same contract tests as
/// SQLite and in-memory. <c>events</c> is append-only (a trigger refuses UPDATE and DELETE); <c>cases</c> keeps each
/// case's snapshot. The expected-version check is an optimistic update of the case row: a concurrent writer of the same
/// case blocks on the row, then finds another version and is refused (<see cref="ConcurrencyException"/>).</summary>
/// <remarks>The change feed cannot trust positions alone: a sequence hands out 7 to one transaction and 8 to another,
/// and 8 may commit first. Each event therefore records the id of the transaction that wrote it (<c>tx</c>), and the
/// feed's committed cursor is <c>pg_snapshot_xmin(pg_current_snapshot())</c>: every transaction with a lower id has
/// ended, and any transaction still to commit has a higher one. Changes are read in (tx, position) order up to it.</remarks>
public sealed class PostgresEventStore : IEventStore
{
    private readonly NpgsqlDataSource _source;
    private readonly TimeProvider _clock;
    private readonly bool _ownsSource;

    /// <summary>The store on a data source whose schema is already migrated (<see cref="PostgresDatabase"/> wires it).</summary>
    public PostgresEventStore(NpgsqlDataSource source, TimeProvider clock, bool ownsSource = false) => (_source, _clock, _ownsSource) = (source, clock, ownsSource);

    /// <summary>Connects (an Npgsql connection string, e.g. "Host=…;Database=…;Username=…") and brings the schema up to
    /// date through the one runner (<see cref="PostgresMigrations"/>).</summary>
    public static async Task<PostgresEventStore> OpenAsync(string connectionString, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        var source = PostgresConnection.CreateDataSource(connectionString);
        try
        {
            await PostgresMigrations.RunAsync(source, clock, ct: cancellationToken);
            return new PostgresEventStore(source, clock, ownsSource: true);
        }
        catch
        {
            await source.DisposeAsync();
            throw;
        }
    }

    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        await using var cmd = _source.CreateCommand("SELECT version, recorded_by, recorded_at, data, recorded_role FROM events WHERE case_id = $1 ORDER BY version");
        cmd.Parameters.AddWithValue(caseId.Value);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<RecordedEvent>();
        while (await r.ReadAsync(cancellationToken))
            list.Add(new RecordedEvent(caseId, r.GetInt64(0), r.GetString(1),
                DateTimeOffset.Parse(r.GetString(2), System.Globalization.CultureInfo.InvariantCulture),
                JsonSerializer.Deserialize<CaseEvent>(r.GetString(3), CaseJson.Options)!, r.IsDBNull(4) ? null : r.GetString(4)));
        return list;
    }

    public async Task<CaseState?> LoadStateAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        await using var cmd = _source.CreateCommand("SELECT state FROM cases WHERE case_id = $1");
        cmd.Parameters.AddWithValue(caseId.Value);
        return await cmd.ExecuteScalarAsync(cancellationToken) is string json ? CaseJson.ReadState(json) : null;
    }

    public async Task<long?> LoadVersionAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        await using var cmd = _source.CreateCommand("SELECT version FROM cases WHERE case_id = $1");
        cmd.Parameters.AddWithValue(caseId.Value);
        return await cmd.ExecuteScalarAsync(cancellationToken) is long version ? version : null;
    }

    /// <summary>Appends of this many new cases or more go by binary COPY (<see cref="CopyNewCasesAsync"/>).</summary>
    private const int CopyFrom = 2;

    public async Task AppendAsync(IReadOnlyList<CaseAppend> appends, CancellationToken cancellationToken = default)
    {
        foreach (var a in appends)
            if (a.NewState.Version != a.ExpectedVersion + a.Events.Count)
                throw new InvalidOperationException($"Case {a.CaseId}: the new state has version {a.NewState.Version}, but {a.ExpectedVersion} + {a.Events.Count} events were appended.");
        if (appends.Count >= CopyFrom && appends.All(a => a.ExpectedVersion == 0))
        {
            try
            {
                await CopyNewCasesAsync(appends, cancellationToken);
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // A case of the batch is already stored (or named twice): nothing of the COPY was kept. The statements below
                // refuse that case with the same ConcurrencyException as a single append, and store nothing either.
            }
        }
        await using var c = await _source.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        foreach (var a in appends)
        {
            var updatedAt = EventHash.Instant(a.Events.Count > 0 ? a.Events[^1].RecordedAt : _clock.GetUtcNow());
            var state = JsonSerializer.Serialize(a.NewState, CaseJson.Options);
            // The bydel is set when the case opens and never changes; it is named only for a case that has one, so a store
            // from before migration 18 can still be written (as the role below).
            await using (var write = a.ExpectedVersion == 0
                ? new NpgsqlCommand(a.NewState.Bydel is null
                    ? "INSERT INTO cases(case_id, municipality, journal_number, version, updated_at, state) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (case_id) DO NOTHING"
                    : "INSERT INTO cases(case_id, municipality, journal_number, version, updated_at, state, bydel) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (case_id) DO NOTHING", c, tx)
                : new NpgsqlCommand("""
                    UPDATE cases SET municipality = $2, journal_number = $3, version = $4, updated_at = $5, state = $6
                    WHERE case_id = $1 AND version = $7
                    """, c, tx))
            {
                write.Parameters.AddWithValue(a.CaseId.Value);
                write.Parameters.AddWithValue(a.NewState.MunicipalityNumber);
                write.Parameters.AddWithValue(a.NewState.JournalNumber);
                write.Parameters.AddWithValue(a.NewState.Version);
                write.Parameters.AddWithValue(updatedAt);
                write.Parameters.AddWithValue(state);
                if (a.ExpectedVersion > 0)
                    write.Parameters.AddWithValue(a.ExpectedVersion);
                else if (a.NewState.Bydel is { } bydel)
                    write.Parameters.AddWithValue(bydel);
                if (await write.ExecuteNonQueryAsync(cancellationToken) != 1)
                    throw new ConcurrencyException(a.CaseId, a.ExpectedVersion, await ActualVersion(c, tx, a.CaseId, cancellationToken));
            }

            string? previous = null;
            if (a.ExpectedVersion > 0)
            {
                await using var head = new NpgsqlCommand("SELECT hash FROM events WHERE case_id = $1 AND version = $2", c, tx);
                head.Parameters.AddWithValue(a.CaseId.Value);
                head.Parameters.AddWithValue(a.ExpectedVersion);
                previous = await head.ExecuteScalarAsync(cancellationToken) as string;
            }
            var batch = new NpgsqlBatch(c, tx);
            await using (batch)
            {
                var n = a.ExpectedVersion;
                foreach (var e in a.Events)
                {
                    var json = JsonSerializer.Serialize(e.Event, CaseJson.Options);
                    var type = CaseJson.Discriminator(e.Event);
                    var at = EventHash.Instant(e.RecordedAt);
                    var hash = EventHash.Compute(a.CaseId, ++n, type, json, e.RecordedBy, at, previous, e.RecordedRole);
                    // An event without a role names no role column, so a store made before schema step 16 (no such column) can still be written.
                    var insert = new NpgsqlBatchCommand(e.RecordedRole is null
                        ? "INSERT INTO events(case_id, version, type, recorded_by, recorded_at, data, hash) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                        : "INSERT INTO events(case_id, version, type, recorded_by, recorded_at, data, hash, recorded_role) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
                    insert.Parameters.AddWithValue(a.CaseId.Value);
                    insert.Parameters.AddWithValue(n);
                    insert.Parameters.AddWithValue(type);
                    insert.Parameters.AddWithValue(e.RecordedBy);
                    insert.Parameters.AddWithValue(at);
                    insert.Parameters.AddWithValue(json);
                    insert.Parameters.AddWithValue(hash);
                    if (e.RecordedRole is not null)
                        insert.Parameters.AddWithValue(e.RecordedRole);
                    batch.BatchCommands.Add(insert);
                    previous = hash;
                }
                if (batch.BatchCommands.Count > 0)
                    await batch.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>New cases in bulk (issue 17, "Scale": the national generator writes 500,000 cases): one transaction, two binary
    /// COPYs (the snapshots, then every event with its hash chain), instead of two round trips per case. The rows are the same
    /// as the statements write: the bydel column only when a case has one, the role column only when an event has one (a store
    /// from before steps 16 and 18 can still be written), and <c>tx</c> and <c>position</c> from their defaults, so the change
    /// feed sees the batch as one transaction. A case already stored fails the COPY (its primary key) and nothing is kept.</summary>
    private async Task CopyNewCasesAsync(IReadOnlyList<CaseAppend> appends, CancellationToken cancellationToken)
    {
        await using var c = await _source.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var bydel = appends.Any(a => a.NewState.Bydel is not null);
        await using (var cases = await c.BeginBinaryImportAsync(
            $"COPY cases (case_id, municipality, journal_number, version, updated_at, state{(bydel ? ", bydel" : "")}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var a in appends)
            {
                await cases.StartRowAsync(cancellationToken);
                await cases.WriteAsync(a.CaseId.Value, NpgsqlDbType.Uuid, cancellationToken);
                await cases.WriteAsync(a.NewState.MunicipalityNumber, NpgsqlDbType.Text, cancellationToken);
                await cases.WriteAsync(a.NewState.JournalNumber, NpgsqlDbType.Text, cancellationToken);
                await cases.WriteAsync(a.NewState.Version, NpgsqlDbType.Bigint, cancellationToken);
                await cases.WriteAsync(EventHash.Instant(a.Events.Count > 0 ? a.Events[^1].RecordedAt : _clock.GetUtcNow()), NpgsqlDbType.Text, cancellationToken);
                await cases.WriteAsync(JsonSerializer.Serialize(a.NewState, CaseJson.Options), NpgsqlDbType.Text, cancellationToken);
                if (bydel)
                {
                    if (a.NewState.Bydel is { } b) await cases.WriteAsync(b, NpgsqlDbType.Text, cancellationToken);
                    else await cases.WriteNullAsync(cancellationToken);
                }
            }
            await cases.CompleteAsync(cancellationToken);
        }
        var role = appends.Any(a => a.Events.Any(e => e.RecordedRole is not null));
        await using (var events = await c.BeginBinaryImportAsync(
            $"COPY events (case_id, version, type, recorded_by, recorded_at, data, hash{(role ? ", recorded_role" : "")}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var a in appends)
            {
                string? previous = null;
                var n = 0L;
                foreach (var e in a.Events)
                {
                    var json = JsonSerializer.Serialize(e.Event, CaseJson.Options);
                    var type = CaseJson.Discriminator(e.Event);
                    var at = EventHash.Instant(e.RecordedAt);
                    var hash = EventHash.Compute(a.CaseId, ++n, type, json, e.RecordedBy, at, previous, e.RecordedRole);
                    await events.StartRowAsync(cancellationToken);
                    await events.WriteAsync(a.CaseId.Value, NpgsqlDbType.Uuid, cancellationToken);
                    await events.WriteAsync(n, NpgsqlDbType.Bigint, cancellationToken);
                    await events.WriteAsync(type, NpgsqlDbType.Text, cancellationToken);
                    await events.WriteAsync(e.RecordedBy, NpgsqlDbType.Text, cancellationToken);
                    await events.WriteAsync(at, NpgsqlDbType.Text, cancellationToken);
                    await events.WriteAsync(json, NpgsqlDbType.Text, cancellationToken);
                    await events.WriteAsync(hash, NpgsqlDbType.Text, cancellationToken);
                    if (role)
                    {
                        if (e.RecordedRole is { } r) await events.WriteAsync(r, NpgsqlDbType.Text, cancellationToken);
                        else await events.WriteNullAsync(cancellationToken);
                    }
                    previous = hash;
                }
            }
            await events.CompleteAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>From the index on the snapshot's caseworker (migration 20, <c>cases_caseworker</c>): the expression here must be
    /// the index's, word for word, or PostgreSQL reads every case of the municipality.</summary>
    public async Task<IReadOnlyList<CaseId>> CasesAssignedToAsync(string municipalityNumber, string caseworkerId, CancellationToken cancellationToken = default)
    {
        await using var cmd = _source.CreateCommand(AssignedToSql);
        cmd.Parameters.AddWithValue(municipalityNumber);
        cmd.Parameters.AddWithValue(caseworkerId);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<CaseId>();
        while (await r.ReadAsync(cancellationToken))
            list.Add(new CaseId(r.GetGuid(0)));
        return list;
    }

    /// <summary>The query of <see cref="CasesAssignedToAsync"/> (a test reads its plan).</summary>
    public const string AssignedToSql = "SELECT case_id FROM cases WHERE municipality = $1 AND ((state::jsonb) ->> 'caseworkerId') = $2";

    private static async Task<long> ActualVersion(NpgsqlConnection c, NpgsqlTransaction tx, CaseId id, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT version FROM cases WHERE case_id = $1", c, tx);
        cmd.Parameters.AddWithValue(id.Value);
        return await cmd.ExecuteScalarAsync(ct) is long v ? v : 0;
    }

    /// <summary>The listing's columns and order, all in migration 27's covering index <c>cases_listing</c>.</summary>
    public const string ListSql = "SELECT case_id, municipality, journal_number, version, updated_at, bydel FROM cases";

    public const string ListOrder = " ORDER BY municipality COLLATE \"C\", journal_number COLLATE \"C\"";

    public async Task<IReadOnlyList<CaseHeader>> ListCasesAsync(MunicipalityScope scope, CancellationToken cancellationToken = default)
    {
        await using var cmd = _source.CreateCommand();
        cmd.CommandText = ListSql + Where(cmd, scope) + ListOrder;
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<CaseHeader>();
        while (await r.ReadAsync(cancellationToken))
            list.Add(new CaseHeader(new CaseId(r.GetGuid(0)), r.GetString(1), r.GetString(2), r.GetInt64(3),
                DateTimeOffset.Parse(r.GetString(4), System.Globalization.CultureInfo.InvariantCulture), r.IsDBNull(5) ? null : r.GetString(5)));
        return list;
    }

    public IAsyncEnumerable<CaseState> ReadStatesAsync(MunicipalityScope scope, CancellationToken cancellationToken = default) =>
        ReadStoredStatesAsync(scope, cancellationToken).Select(s => s.Decode());

    public async IAsyncEnumerable<StoredCaseState> ReadStoredStatesAsync(MunicipalityScope scope, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var cmd = _source.CreateCommand();
        cmd.CommandText = "SELECT state FROM cases" + Where(cmd, scope) + " ORDER BY municipality COLLATE \"C\", journal_number COLLATE \"C\"";
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            yield return new StoredCaseState(r.GetString(0));
    }

    public async Task<long> CountEventsAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = _source.CreateCommand("SELECT count(*) FROM events");
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>(xmin of the current snapshot, 0): every transaction below xmin has ended, so nothing can still commit at
    /// or before this cursor.</summary>
    public async Task<FeedCursor> CommittedAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = _source.CreateCommand("SELECT " + Committed);
        return new FeedCursor((long)(await cmd.ExecuteScalarAsync(cancellationToken))!, 0);
    }

    /// <summary>The SQL of the committed cursor's transaction (<see cref="CommittedAsync"/>), for a statement that reads it with
    /// something else (<see cref="PostgresUserStore.FindWithCommittedAsync"/>).</summary>
    internal const string Committed = "pg_snapshot_xmin(pg_current_snapshot())::text::bigint";

    /// <summary>The states of the cases with an event in the range (<see cref="FeedRange"/>).</summary>
    public async IAsyncEnumerable<CaseState> ReadChangedAsync(FeedCursor after, FeedCursor upTo, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var cmd = _source.CreateCommand($"SELECT state FROM cases WHERE case_id IN (SELECT case_id FROM events WHERE {FeedRange})");
        cmd.Parameters.AddWithValue(after.Transaction);
        cmd.Parameters.AddWithValue(after.Position);
        cmd.Parameters.AddWithValue(upTo.Transaction);
        cmd.Parameters.AddWithValue(upTo.Position);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            yield return CaseJson.ReadState(r.GetString(0));
    }

    /// <summary>Whether any event is in the range (<see cref="FeedRange"/>).</summary>
    public async Task<bool> AnyChangedAsync(FeedCursor after, FeedCursor upTo, CancellationToken cancellationToken = default)
    {
        await using var cmd = _source.CreateCommand($"SELECT EXISTS (SELECT 1 FROM events WHERE {FeedRange})");
        cmd.Parameters.AddWithValue(after.Transaction);
        cmd.Parameters.AddWithValue(after.Position);
        cmd.Parameters.AddWithValue(upTo.Transaction);
        cmd.Parameters.AddWithValue(upTo.Position);
        return (bool)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The events after cursor ($1, $2) up to cursor ($3, $4): a range of the events_feed index (tx, position) of
    /// migration 1. The plain bounds on <c>tx</c> say the same again for the planner, which has no estimate for a comparison of
    /// rows: without them it guessed a sixth of the table and scanned all of it (≈ 1 ms on the demo's 6,600 events, on every
    /// web request whose cursor moved — every access-log commit moves it), with them it reads the index (≈ 0.03 ms; issue 17,
    /// under load).</summary>
    private const string FeedRange = "(tx, position) > ($1, $2) AND (tx, position) <= ($3, $4) AND tx BETWEEN $1 AND $3";

    public async IAsyncEnumerable<StoredEvent> ReadAllStoredAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var cmd = _source.CreateCommand("SELECT case_id, version, type, data, recorded_by, recorded_at, hash, recorded_role FROM events ORDER BY case_id, version");
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            yield return new StoredEvent(new CaseId(r.GetGuid(0)), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
                r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7));
    }

    public async IAsyncEnumerable<(CaseId CaseId, string StateJson)> ReadAllSnapshotsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var cmd = _source.CreateCommand("SELECT case_id, state FROM cases ORDER BY case_id");
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            yield return (new CaseId(r.GetGuid(0)), r.GetString(1));
    }

    /// <summary>The durability settings the server reports (issue 17 asserts fsync=on and synchronous_commit on or
    /// remote_apply).</summary>
    public async Task<(string Fsync, string SynchronousCommit)> DurabilityAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = _source.CreateCommand("SELECT current_setting('fsync'), current_setting('synchronous_commit')");
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        return (r.GetString(0), r.GetString(1));
    }

    public void Dispose()
    {
        if (_ownsSource)
            _source.Dispose();
    }

    /// <summary>The WHERE clause of a scoped listing, its parameters added to <paramref name="cmd"/>: the municipality and,
    /// for a bydel's service, the bydel (issue 15).</summary>
    private static string Where(NpgsqlCommand cmd, MunicipalityScope scope)
    {
        if (scope.IsNational)
            return "";
        cmd.Parameters.AddWithValue(scope.Number!);
        if (scope.Bydel is null)
            return " WHERE municipality = $1";
        cmd.Parameters.AddWithValue(scope.Bydel);
        return " WHERE municipality = $1 AND bydel = $2";
    }
}
