using System.Globalization;
using System.Text.Json;
using Npgsql;
using Vern.Domain.Cases;
using Vern.Domain.State;
using Vern.Storage.State;

namespace Vern.Storage.Postgres.Features;

/// <summary>The state side on PostgreSQL (migration 8), as <see cref="SqliteStateStore"/>: referral events, inbound message ids,
/// the outbox, its export log and the facility versions append-only by triggers; <c>state_referrals</c> holds each referral's
/// current state, replaced in the same transaction as every append. Writers are serialised (an advisory lock), so the version
/// check and the inbound-message check see every commit before them, as under SQLite's single writer; the unique
/// (referral, version) is the backstop.</summary>
public sealed class PostgresStateStore(NpgsqlDataSource source) : IStateStore
{
    private const long WriterLock = 7466113;

    public Task CommitAsync(StateCommit commit, CancellationToken cancellationToken = default) => CommitManyAsync([commit], cancellationToken);

    public async Task CommitManyAsync(IReadOnlyList<StateCommit> commits, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await c.LockAsync(tx, WriterLock, cancellationToken);
        foreach (var commit in commits)
            await CommitIn(c, tx, commit, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    private static async Task CommitIn(NpgsqlConnection c, NpgsqlTransaction tx, StateCommit commit, CancellationToken ct)
    {
        if (commit.Inbound is { } i)
        {
            if ((long)(await c.ScalarAsync(tx, "SELECT count(*) FROM state_messages_in WHERE message_id = $id", ct, ("$id", i.MessageId.ToString("D"))))! > 0)
                throw new InvalidOperationException($"Meldingen {i.MessageId} er allerede tatt imot.");
            await c.ExecAsync(tx, "INSERT INTO state_messages_in(message_id, type, sender, receiver, referral_id, outcome, at) VALUES ($id, $t, $s, $r, $ref, $o, $at)", ct,
                ("$id", i.MessageId.ToString("D")), ("$t", i.Type), ("$s", i.Sender), ("$r", i.Receiver), ("$ref", i.ReferralId.ToString()), ("$o", i.Outcome), ("$at", Time(i.At)));
        }
        if (commit.Referral is { } a)
        {
            var id = a.NewState.Id.ToString();
            var current = Convert.ToInt64(await c.ScalarAsync(tx, "SELECT coalesce(max(version), 0) FROM state_referrals WHERE referral_id = $id", ct, ("$id", id)), CultureInfo.InvariantCulture);
            if (current != a.ExpectedVersion)
                throw new ReferralConcurrencyException(a.NewState.Id, a.ExpectedVersion);
            var d = a.NewState.Details;
            var (staysFrom, staysTo) = StaySpan.Of(a.NewState);
            await c.ExecAsync(tx, """
                INSERT INTO state_referrals(referral_id, municipality, region, child_key, measure, status, version, state, stays_from, stays_to)
                VALUES ($id, $m, $r, $c, $me, $s, $v, $st, $sf, $stt)
                ON CONFLICT (referral_id) DO UPDATE SET status = $s, version = $v, state = $st, stays_from = $sf, stays_to = $stt
                """, ct,
                ("$id", id), ("$m", d.MunicipalityNumber), ("$r", d.Region), ("$c", d.Child.Key), ("$me", d.MeasureCode), ("$s", a.NewState.Status.ToString()),
                ("$v", (long)a.NewState.Version), ("$st", JsonSerializer.Serialize(a.NewState, CaseJson.Options)), ("$sf", staysFrom), ("$stt", staysTo));
            foreach (var e in a.Events)
            {
                try
                {
                    await c.ExecAsync(tx, "INSERT INTO state_referral_events(referral_id, version, type, data, recorded_by, recorded_at) VALUES ($id, $v, $t, $d, $b, $at)", ct,
                        ("$id", id), ("$v", (long)e.Version), ("$t", e.Event.GetType().Name), ("$d", JsonSerializer.Serialize(e.Event, CaseJson.Options)),
                        ("$b", e.RecordedBy), ("$at", Time(e.RecordedAt)));
                }
                catch (PostgresException x) when (x.IsUniqueViolation())
                {
                    throw new ReferralConcurrencyException(a.NewState.Id, a.ExpectedVersion);
                }
            }
        }
        foreach (var m in commit.Outbox)
            await c.ExecAsync(tx, "INSERT INTO state_outbox(message_id, type, sender, receiver, referral_id, message) VALUES ($id, $t, $s, $r, $ref, $msg)", ct,
                ("$id", m.MessageId.ToString("D")), ("$t", m.Type), ("$s", m.Sender), ("$r", m.Receiver), ("$ref", m.ReferralId.ToString()), ("$msg", m.ToJson()));
    }

    public async Task<ReferralState?> LoadAsync(ReferralId id, CancellationToken cancellationToken = default) =>
        (await StatesAsync("WHERE referral_id = $p", cancellationToken, id.ToString())).FirstOrDefault();

    public async Task<IReadOnlyList<RecordedReferralEvent>> ReadEventsAsync(ReferralId id, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var cmd = c.Command(null, "SELECT version, data, recorded_by, recorded_at FROM state_referral_events WHERE referral_id = $id ORDER BY version", ("$id", id.ToString()));
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<RecordedReferralEvent>();
        while (await r.ReadAsync(cancellationToken))
            list.Add(new RecordedReferralEvent(id, checked((int)r.GetInt64(0)), JsonSerializer.Deserialize<ReferralEvent>(r.GetString(1), CaseJson.Options)!, r.GetString(2),
                DateTimeOffset.Parse(r.GetString(3), CultureInfo.InvariantCulture)));
        return list;
    }

    public async Task<IReadOnlyList<ReferralState>> ListAsync(StateScope scope, CancellationToken cancellationToken = default) =>
        scope.Municipality is { } m ? await StatesAsync(scope.Region is null ? "WHERE municipality = $p" : "WHERE municipality = $p AND region = $q", cancellationToken, m, scope.Region)
        : scope.Region is { } r ? await StatesAsync("WHERE region = $p", cancellationToken, r)
        : await StatesAsync("", cancellationToken);

    public async Task<IReadOnlyList<ReferralState>> ListWithStaysAsync(StateScope scope, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        const string span = "stays_from <= $to AND stays_to >= $from";
        var where = scope.Municipality is not null ? (scope.Region is null ? "WHERE municipality = $p AND " : "WHERE municipality = $p AND region = $q AND ")
            : scope.Region is not null ? "WHERE region = $p AND " : "WHERE ";
        // The span is a bound: a referral whose stays leave a gap around the period is dropped here, once decoded.
        return [.. (await StatesAsync(where + span, cancellationToken, scope.Municipality ?? scope.Region, scope.Municipality is null ? null : scope.Region,
            ("$from", Date(from)), ("$to", Date(to)))).Where(r => r.Stays.Any(s => s.Overlaps(from, to)))];
    }

    public async Task<IReadOnlyList<ReferralState>> ListByChildAsync(string childKey, CancellationToken cancellationToken = default) =>
        await StatesAsync("WHERE child_key = $p", cancellationToken, childKey);

    /// <summary>The expression of migration 24's index <c>state_referrals_case</c>.</summary>
    public const string CaseIdExpression = "((state::jsonb) -> 'details' ->> 'caseId')";

    public async Task<IReadOnlyList<ReferralState>> ListByCaseAsync(CaseId caseId, CancellationToken cancellationToken = default) =>
        await StatesAsync($"WHERE {CaseIdExpression} = $p", cancellationToken, caseId.ToString());

    public async Task<bool> HasInboundAsync(Guid messageId, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        return (long)(await c.ScalarAsync(null, "SELECT count(*) FROM state_messages_in WHERE message_id = $id", cancellationToken, ("$id", messageId.ToString("D"))))! > 0;
    }

    public async Task<IReadOnlyList<FiksMessage>> OutboxAsync(string sender, bool includeExported, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var cmd = c.Command(null, "SELECT message FROM state_outbox o WHERE sender = $s"
            + (includeExported ? "" : " AND NOT EXISTS (SELECT 1 FROM state_outbox_exports x WHERE x.message_id = o.message_id)") + " ORDER BY position", ("$s", sender));
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<FiksMessage>();
        while (await r.ReadAsync(cancellationToken))
            list.Add(FiksMessage.Parse(r.GetString(0), "utboks"));
        return list;
    }

    public async Task MarkExportedAsync(IReadOnlyList<Guid> messageIds, string target, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        foreach (var id in messageIds)
            await c.ExecAsync(tx, "INSERT INTO state_outbox_exports(message_id, target, at) VALUES ($id, $t, $at)", cancellationToken,
                ("$id", id.ToString("D")), ("$t", target), ("$at", Time(at)));
        await tx.CommitAsync(cancellationToken);
    }

    public async Task AddFacilityAsync(Facility f, string recordedBy, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        Facility.Validate(f);
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await c.LockAsync(tx, WriterLock, cancellationToken);
        if (await c.ScalarAsync(tx, "SELECT max(valid_from) FROM state_facilities WHERE facility_id = $id", cancellationToken, ("$id", f.Id)) is string last
            && string.CompareOrdinal(Date(f.ValidFrom), last) <= 0)
            throw new ArgumentException($"--valid-from: en ny versjon av {f.Id} må gjelde fra etter {last}.");
        await c.ExecAsync(tx, """
            INSERT INTO state_facilities(facility_id, valid_from, name, kind, owner, region, places, day_price, institution_type, recorded_by, recorded_at)
            VALUES ($id, $vf, $n, $k, $o, $r, $p, $dp, $it, $b, $at)
            """, cancellationToken,
            ("$id", f.Id), ("$vf", Date(f.ValidFrom)), ("$n", f.Name), ("$k", f.Kind.ToString()), ("$o", f.Owner.ToString()), ("$r", f.Region), ("$p", f.Places),
            ("$dp", f.DayPrice.ToString(CultureInfo.InvariantCulture)), ("$it", f.InstitutionType), ("$b", recordedBy), ("$at", Time(at)));
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Facility>> ListFacilitiesAsync(string? region, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var cmd = region is null
            ? c.Command(null, Facilities + " ORDER BY facility_id")
            : c.Command(null, Facilities + " AND region = $r ORDER BY facility_id", ("$r", region));
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<Facility>();
        while (await r.ReadAsync(cancellationToken))
            list.Add(new Facility(r.GetString(0), r.GetString(1), Enum.Parse<FacilityKind>(r.GetString(2)), Enum.Parse<FacilityOwner>(r.GetString(3)), r.GetString(4),
                r.GetInt32(5), decimal.Parse(r.GetString(6), CultureInfo.InvariantCulture), DateOnly.Parse(r.GetString(7), CultureInfo.InvariantCulture),
                r.IsDBNull(8) ? null : r.GetString(8)));
        return list;
    }

    private const string Facilities = """
        SELECT facility_id, name, kind, owner, region, places, day_price, valid_from, institution_type FROM state_facilities f
        WHERE valid_from = (SELECT max(valid_from) FROM state_facilities g WHERE g.facility_id = f.facility_id)
        """;

    private async Task<List<ReferralState>> StatesAsync(string where, CancellationToken ct, string? p = null, string? q = null, params (string Name, string Value)[] more)
    {
        await using var c = await source.OpenConnectionAsync(ct);
        var parameters = new List<(string, object?)>();
        if (p is not null) parameters.Add(("$p", p));
        if (q is not null) parameters.Add(("$q", q));
        parameters.AddRange(more.Select(m => (m.Name, (object?)m.Value)));
        await using var cmd = c.Command(null, "SELECT state FROM state_referrals " + where + " ORDER BY seq", [.. parameters]);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<ReferralState>();
        while (await r.ReadAsync(ct))
            list.Add(JsonSerializer.Deserialize<ReferralState>(r.GetString(0), CaseJson.Options)!);
        return list;
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);
}
