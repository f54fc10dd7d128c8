using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Vern.Domain.Cases;
using Vern.Domain.State;
using Vern.Storage.Sqlite;

namespace Vern.Storage.State;

/// <summary>The state side in the Vern database (migration 8). Events, inbound message ids, the outbox, its export log and the
/// facility versions are append-only by triggers; <c>state_referrals</c> holds each referral's current state (derived from
/// its events, replaced in the same transaction as every append, like the cases table), with the span of its stays
/// (<see cref="StaySpan"/>, migration 23).</summary>
public sealed class SqliteStateStore : IStateStore, IDisposable
{
    /// <summary>The schema of migration 8 (in <see cref="SqliteMigrations.All"/>; never edit once shipped).</summary>
    public const string Schema = """
        CREATE TABLE state_referrals (
            referral_id TEXT PRIMARY KEY,
            municipality TEXT NOT NULL,
            region TEXT NOT NULL,
            child_key TEXT NOT NULL,
            measure TEXT NOT NULL,
            status TEXT NOT NULL,
            version INTEGER NOT NULL,
            state TEXT NOT NULL);
        CREATE INDEX state_referrals_municipality ON state_referrals(municipality);
        CREATE INDEX state_referrals_region ON state_referrals(region);
        CREATE INDEX state_referrals_child ON state_referrals(child_key);
        CREATE TRIGGER state_referrals_delete BEFORE DELETE ON state_referrals
            BEGIN SELECT RAISE(ABORT, 'referrals are never deleted: withdraw them'); END;
        CREATE TABLE state_referral_events (
            position INTEGER PRIMARY KEY AUTOINCREMENT,
            referral_id TEXT NOT NULL REFERENCES state_referrals(referral_id),
            version INTEGER NOT NULL,
            type TEXT NOT NULL,
            data TEXT NOT NULL,
            recorded_by TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            UNIQUE (referral_id, version));
        CREATE TRIGGER state_referral_events_update BEFORE UPDATE ON state_referral_events
            BEGIN SELECT RAISE(ABORT, 'referral events are append-only: corrections are new events'); END;
        CREATE TRIGGER state_referral_events_delete BEFORE DELETE ON state_referral_events
            BEGIN SELECT RAISE(ABORT, 'referral events are append-only: nothing is deleted'); END;
        CREATE TABLE state_messages_in (
            message_id TEXT PRIMARY KEY,
            type TEXT NOT NULL,
            sender TEXT NOT NULL,
            receiver TEXT NOT NULL,
            referral_id TEXT NOT NULL,
            outcome TEXT NOT NULL,
            at TEXT NOT NULL);
        CREATE TRIGGER state_messages_in_update BEFORE UPDATE ON state_messages_in
            BEGIN SELECT RAISE(ABORT, 'received messages are append-only'); END;
        CREATE TRIGGER state_messages_in_delete BEFORE DELETE ON state_messages_in
            BEGIN SELECT RAISE(ABORT, 'received messages are append-only'); END;
        CREATE TABLE state_outbox (
            position INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            sender TEXT NOT NULL,
            receiver TEXT NOT NULL,
            referral_id TEXT NOT NULL,
            message TEXT NOT NULL);
        CREATE INDEX state_outbox_sender ON state_outbox(sender, position);
        CREATE TRIGGER state_outbox_update BEFORE UPDATE ON state_outbox
            BEGIN SELECT RAISE(ABORT, 'sent messages are append-only'); END;
        CREATE TRIGGER state_outbox_delete BEFORE DELETE ON state_outbox
            BEGIN SELECT RAISE(ABORT, 'sent messages are append-only'); END;
        CREATE TABLE state_outbox_exports (
            position INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id TEXT NOT NULL REFERENCES state_outbox(message_id),
            target TEXT NOT NULL,
            at TEXT NOT NULL);
        CREATE INDEX state_outbox_exports_message ON state_outbox_exports(message_id);
        CREATE TRIGGER state_outbox_exports_update BEFORE UPDATE ON state_outbox_exports
            BEGIN SELECT RAISE(ABORT, 'the export log is append-only'); END;
        CREATE TRIGGER state_outbox_exports_delete BEFORE DELETE ON state_outbox_exports
            BEGIN SELECT RAISE(ABORT, 'the export log is append-only'); END;
        CREATE TABLE state_facilities (
            facility_id TEXT NOT NULL,
            valid_from TEXT NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            owner TEXT NOT NULL,
            region TEXT NOT NULL,
            places INTEGER NOT NULL CHECK (places > 0),
            day_price TEXT NOT NULL,
            institution_type TEXT,
            recorded_by TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (facility_id, valid_from));
        CREATE TRIGGER state_facilities_update BEFORE UPDATE ON state_facilities
            BEGIN SELECT RAISE(ABORT, 'facility versions are append-only: add a new version'); END;
        CREATE TRIGGER state_facilities_delete BEFORE DELETE ON state_facilities
            BEGIN SELECT RAISE(ABORT, 'facility versions are append-only'); END;
        """;

    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    private SqliteStateStore(SqliteConnection connection) => _connection = connection;

    public static SqliteStateStore Open(string path, bool create = true) => new(SqliteMigrations.Open(path, create));

    public Task CommitAsync(StateCommit commit, CancellationToken cancellationToken = default) => CommitManyAsync([commit], cancellationToken);

    public Task CommitManyAsync(IReadOnlyList<StateCommit> commits, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            using var tx = _connection.BeginTransaction(deferred: false);
            foreach (var commit in commits)
                CommitIn(tx, commit);
            tx.Commit();
        }
        return Task.CompletedTask;
    }

    private void CommitIn(SqliteTransaction tx, StateCommit commit)
    {
        if (commit.Inbound is { } i)
        {
            if (Scalar(tx, "SELECT count(*) FROM state_messages_in WHERE message_id = $id", ("$id", i.MessageId.ToString("D"))) > 0)
                throw new InvalidOperationException($"Meldingen {i.MessageId} er allerede tatt imot.");
            Exec(tx, "INSERT INTO state_messages_in(message_id, type, sender, receiver, referral_id, outcome, at) VALUES ($id, $t, $s, $r, $ref, $o, $at)",
                ("$id", i.MessageId.ToString("D")), ("$t", i.Type), ("$s", i.Sender), ("$r", i.Receiver), ("$ref", i.ReferralId.ToString()), ("$o", i.Outcome), ("$at", Time(i.At)));
        }
        if (commit.Referral is { } a)
        {
            var id = a.NewState.Id.ToString();
            var current = Scalar(tx, "SELECT coalesce(max(version), 0) FROM state_referrals WHERE referral_id = $id", ("$id", id));
            if (current != a.ExpectedVersion)
                throw new ReferralConcurrencyException(a.NewState.Id, a.ExpectedVersion);
            var d = a.NewState.Details;
            var (staysFrom, staysTo) = StaySpan.Of(a.NewState);
            Exec(tx, """
                INSERT INTO state_referrals(referral_id, municipality, region, child_key, measure, status, version, state, stays_from, stays_to)
                VALUES ($id, $m, $r, $c, $me, $s, $v, $st, $sf, $stt)
                ON CONFLICT(referral_id) DO UPDATE SET status = $s, version = $v, state = $st, stays_from = $sf, stays_to = $stt
                """,
                ("$id", id), ("$m", d.MunicipalityNumber), ("$r", d.Region), ("$c", d.Child.Key), ("$me", d.MeasureCode), ("$s", a.NewState.Status.ToString()),
                ("$v", a.NewState.Version), ("$st", JsonSerializer.Serialize(a.NewState, CaseJson.Options)), ("$sf", staysFrom), ("$stt", staysTo));
            foreach (var e in a.Events)
                Exec(tx, "INSERT INTO state_referral_events(referral_id, version, type, data, recorded_by, recorded_at) VALUES ($id, $v, $t, $d, $b, $at)",
                    ("$id", id), ("$v", e.Version), ("$t", e.Event.GetType().Name), ("$d", JsonSerializer.Serialize(e.Event, CaseJson.Options)),
                    ("$b", e.RecordedBy), ("$at", Time(e.RecordedAt)));
        }
        foreach (var m in commit.Outbox)
            Exec(tx, "INSERT INTO state_outbox(message_id, type, sender, receiver, referral_id, message) VALUES ($id, $t, $s, $r, $ref, $msg)",
                ("$id", m.MessageId.ToString("D")), ("$t", m.Type), ("$s", m.Sender), ("$r", m.Receiver), ("$ref", m.ReferralId.ToString()), ("$msg", m.ToJson()));
    }

    public Task<ReferralState?> LoadAsync(ReferralId id, CancellationToken cancellationToken = default) =>
        Task.FromResult(States("WHERE referral_id = $p", id.ToString()).FirstOrDefault());

    public Task<IReadOnlyList<RecordedReferralEvent>> ReadEventsAsync(ReferralId id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT version, data, recorded_by, recorded_at FROM state_referral_events WHERE referral_id = $id ORDER BY version";
            cmd.Parameters.AddWithValue("$id", id.ToString());
            using var r = cmd.ExecuteReader();
            var list = new List<RecordedReferralEvent>();
            while (r.Read())
                list.Add(new RecordedReferralEvent(id, r.GetInt32(0), JsonSerializer.Deserialize<ReferralEvent>(r.GetString(1), CaseJson.Options)!, r.GetString(2),
                    DateTimeOffset.Parse(r.GetString(3), CultureInfo.InvariantCulture)));
            return Task.FromResult<IReadOnlyList<RecordedReferralEvent>>(list);
        }
    }

    public Task<IReadOnlyList<ReferralState>> ListAsync(StateScope scope, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ReferralState>>(
            scope.Municipality is { } m ? States(scope.Region is null ? "WHERE municipality = $p" : "WHERE municipality = $p AND region = $q", m, scope.Region)
            : scope.Region is { } r ? States("WHERE region = $p", r)
            : States(""));

    public Task<IReadOnlyList<ReferralState>> ListWithStaysAsync(StateScope scope, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        const string span = "stays_from <= $to AND stays_to >= $from";
        var where = scope.Municipality is not null ? (scope.Region is null ? "WHERE municipality = $p AND " : "WHERE municipality = $p AND region = $q AND ")
            : scope.Region is not null ? "WHERE region = $p AND " : "WHERE ";
        // The span is a bound: a referral whose stays leave a gap around the period is dropped here, once decoded.
        return Task.FromResult<IReadOnlyList<ReferralState>>([.. States(where + span, scope.Municipality ?? scope.Region, scope.Municipality is null ? null : scope.Region,
            ("$from", Date(from)), ("$to", Date(to))).Where(r => r.Stays.Any(s => s.Overlaps(from, to)))]);
    }

    public Task<IReadOnlyList<ReferralState>> ListByChildAsync(string childKey, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ReferralState>>(States("WHERE child_key = $p", childKey));

    /// <summary>The expression of migration 24's index <c>state_referrals_case</c>: a query must use it as written to use the index.</summary>
    public const string CaseIdExpression = "json_extract(state, '$.details.caseId')";

    public Task<IReadOnlyList<ReferralState>> ListByCaseAsync(CaseId caseId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ReferralState>>(States($"WHERE {CaseIdExpression} = $p", caseId.ToString()));

    public Task<bool> HasInboundAsync(Guid messageId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(Scalar(null, "SELECT count(*) FROM state_messages_in WHERE message_id = $id", ("$id", messageId.ToString("D"))) > 0);
    }

    public Task<IReadOnlyList<FiksMessage>> OutboxAsync(string sender, bool includeExported, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT message FROM state_outbox o WHERE sender = $s"
                + (includeExported ? "" : " AND NOT EXISTS (SELECT 1 FROM state_outbox_exports x WHERE x.message_id = o.message_id)") + " ORDER BY position";
            cmd.Parameters.AddWithValue("$s", sender);
            using var r = cmd.ExecuteReader();
            var list = new List<FiksMessage>();
            while (r.Read())
                list.Add(FiksMessage.Parse(r.GetString(0), "utboks"));
            return Task.FromResult<IReadOnlyList<FiksMessage>>(list);
        }
    }

    public Task MarkExportedAsync(IReadOnlyList<Guid> messageIds, string target, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            using var tx = _connection.BeginTransaction(deferred: false);
            foreach (var id in messageIds)
                Exec(tx, "INSERT INTO state_outbox_exports(message_id, target, at) VALUES ($id, $t, $at)", ("$id", id.ToString("D")), ("$t", target), ("$at", Time(at)));
            tx.Commit();
        }
        return Task.CompletedTask;
    }

    public Task AddFacilityAsync(Facility f, string recordedBy, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        Facility.Validate(f);
        lock (_lock)
        {
            using var tx = _connection.BeginTransaction(deferred: false);
            using (var cmd = _connection.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "SELECT max(valid_from) FROM state_facilities WHERE facility_id = $id";
                cmd.Parameters.AddWithValue("$id", f.Id);
                if (cmd.ExecuteScalar() is string last && string.CompareOrdinal(Date(f.ValidFrom), last) <= 0)
                    throw new ArgumentException($"--valid-from: en ny versjon av {f.Id} må gjelde fra etter {last}.");
            }
            Exec(tx, """
                INSERT INTO state_facilities(facility_id, valid_from, name, kind, owner, region, places, day_price, institution_type, recorded_by, recorded_at)
                VALUES ($id, $vf, $n, $k, $o, $r, $p, $dp, $it, $b, $at)
                """,
                ("$id", f.Id), ("$vf", Date(f.ValidFrom)), ("$n", f.Name), ("$k", f.Kind.ToString()), ("$o", f.Owner.ToString()), ("$r", f.Region), ("$p", f.Places),
                ("$dp", f.DayPrice.ToString(CultureInfo.InvariantCulture)), ("$it", f.InstitutionType), ("$b", recordedBy), ("$at", Time(at)));
            tx.Commit();
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Facility>> ListFacilitiesAsync(string? region, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = """
                SELECT facility_id, name, kind, owner, region, places, day_price, valid_from, institution_type FROM state_facilities f
                WHERE valid_from = (SELECT max(valid_from) FROM state_facilities g WHERE g.facility_id = f.facility_id)
                """ + (region is null ? "" : " AND region = $r") + " ORDER BY facility_id";
            if (region is not null)
                cmd.Parameters.AddWithValue("$r", region);
            using var r = cmd.ExecuteReader();
            var list = new List<Facility>();
            while (r.Read())
                list.Add(new Facility(r.GetString(0), r.GetString(1), Enum.Parse<FacilityKind>(r.GetString(2)), Enum.Parse<FacilityOwner>(r.GetString(3)), r.GetString(4),
                    r.GetInt32(5), decimal.Parse(r.GetString(6), CultureInfo.InvariantCulture), DateOnly.Parse(r.GetString(7), CultureInfo.InvariantCulture),
                    r.IsDBNull(8) ? null : r.GetString(8)));
            return Task.FromResult<IReadOnlyList<Facility>>(list);
        }
    }

    private List<ReferralState> States(string where, string? p = null, string? q = null, params (string Name, string Value)[] more)
    {
        lock (_lock)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT state FROM state_referrals " + where + " ORDER BY rowid";
            if (p is not null)
                cmd.Parameters.AddWithValue("$p", p);
            if (q is not null)
                cmd.Parameters.AddWithValue("$q", q);
            foreach (var (name, value) in more)
                cmd.Parameters.AddWithValue(name, value);
            using var r = cmd.ExecuteReader();
            var list = new List<ReferralState>();
            while (r.Read())
                list.Add(JsonSerializer.Deserialize<ReferralState>(r.GetString(0), CaseJson.Options)!);
            return list;
        }
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);

    private long Scalar(SqliteTransaction? tx, string sql, params (string Name, object? Value)[] args) => _connection.Scalar(tx, sql, args);

    private void Exec(SqliteTransaction tx, string sql, params (string Name, object? Value)[] args) => _connection.Exec(tx, sql, args);

    public void Dispose() => _connection.Dispose();
}
