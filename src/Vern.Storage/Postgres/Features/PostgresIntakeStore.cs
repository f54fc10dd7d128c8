using System.Globalization;
using Npgsql;
using Vern.Domain.Cases;
using Vern.Domain.Intake;
using Vern.Storage.Intake;

namespace Vern.Storage.Postgres.Features;

/// <summary>The intake on PostgreSQL (migration 6, <see cref="PostgresFeatureSchemas.Intake"/>): received reports, their
/// dispositions and the access tokens, as <see cref="SqliteIntakeStore"/> keeps them. (sender, message id) is unique, so two
/// deliveries of one message at once store it once: the second insert waits for the first transaction and then does nothing.
/// The receipt is returned only after COMMIT has returned, which with <c>synchronous_commit=on</c> means flushed to disk, and
/// with <c>remote_apply</c> and <c>synchronous_standby_names</c> also applied on the synchronous standby
/// (docs/reliability.md).</summary>
public sealed class PostgresIntakeStore(NpgsqlDataSource source) : IIntakeStore, IAccessTokenStore
{
    /// <summary>Migration 21 on PostgreSQL (<see cref="SqliteIntakeStore.BydelSchema"/>): the report's bydel on receipt and the
    /// append-only routings; idempotent like the SQLite step (IF NOT EXISTS, OR REPLACE).</summary>
    public const string BydelSchema = """
        ALTER TABLE intake_reports ADD COLUMN IF NOT EXISTS bydel text;
        CREATE TABLE IF NOT EXISTS intake_routes (
            receipt_id text COLLATE "C" NOT NULL REFERENCES intake_reports(receipt_id),
            seq integer NOT NULL CHECK (seq >= 1),
            from_bydel text,
            to_bydel text NOT NULL CHECK (length(to_bydel) = 2),
            by text NOT NULL,
            at text NOT NULL,
            PRIMARY KEY (receipt_id, seq));
        CREATE OR REPLACE TRIGGER intake_routes_update BEFORE UPDATE ON intake_routes
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('a routing of a received report is never changed');
        CREATE OR REPLACE TRIGGER intake_routes_delete BEFORE DELETE ON intake_routes
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('a routing of a received report is never deleted');
        CREATE OR REPLACE TRIGGER intake_routes_truncate BEFORE TRUNCATE ON intake_routes
            FOR EACH STATEMENT EXECUTE FUNCTION vern_refuse('a routing of a received report is never deleted');
        CREATE INDEX IF NOT EXISTS intake_reports_bydel ON intake_reports(municipality, bydel, received_at);
        """;

    private const string CurrentBydel = SqliteIntakeStore.CurrentBydel;

    public async Task<IntakeReceipt> ReceiveAsync(ReceivedReport report, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await c.ExecAsync(tx, """
            INSERT INTO intake_reports(receipt_id, sender, message_id, sender_kind, municipality, received_at, content_hash, report, bydel)
            VALUES ($id, $s, $m, $k, $mu, $at, $h, $r, $b)
            ON CONFLICT (sender, message_id) DO NOTHING
            """, cancellationToken,
            ("$id", report.ReceiptId.ToString()), ("$s", report.Sender), ("$m", report.MessageId), ("$k", report.SenderKind),
            ("$mu", report.MunicipalityNumber), ("$at", StoredTime.Text(report.ReceivedAt)), ("$h", report.ContentHash), ("$r", report.Json), ("$b", report.Bydel));
        Guid id;
        DateTimeOffset at;
        string hash;
        await using (var cmd = c.Command(tx, "SELECT receipt_id, received_at, content_hash FROM intake_reports WHERE sender = $s AND message_id = $m",
            ("$s", report.Sender), ("$m", report.MessageId)))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            await r.ReadAsync(cancellationToken);
            (id, at, hash) = (Guid.Parse(r.GetString(0)), ParseTime(r.GetString(1)), r.GetString(2));
        }
        if (hash != report.ContentHash)
            throw new MessageIdReusedException(report.Sender, report.MessageId, id);
        await tx.CommitAsync(cancellationToken);
        return new IntakeReceipt(id, report.Sender, report.MessageId, at, Repeated: id != report.ReceiptId);
    }

    private const string Select = """
        SELECT r.receipt_id, r.sender, r.message_id, r.sender_kind, r.municipality, r.received_at, r.content_hash, r.report,
               d.kind, d.case_id, d.reason, d.by, d.at, r.bydel
        FROM intake_reports r LEFT JOIN intake_dispositions d ON d.receipt_id = r.receipt_id
        """;

    private const string SelectRoutes = "SELECT receipt_id, seq, from_bydel, to_bydel, by, at FROM intake_routes";

    public async Task<InboxItem?> FindAsync(Guid receiptId, CancellationToken cancellationToken = default) =>
        (await ReadAsync(Select + " WHERE r.receipt_id = $id", SelectRoutes + " WHERE receipt_id = $id ORDER BY seq", cancellationToken, ("$id", receiptId.ToString()))).FirstOrDefault();

    public async Task<IReadOnlyList<InboxItem>> ListAsync(string municipalityNumber, bool waitingOnly, DateTimeOffset? from = null, DateTimeOffset? to = null,
        string? bydel = null, CancellationToken cancellationToken = default) =>
        await ReadAsync(Select + $"""
             WHERE r.municipality = $m AND ($from::text IS NULL OR r.received_at >= $from) AND ($to::text IS NULL OR r.received_at < $to)
               AND ($waiting = 0 OR d.receipt_id IS NULL) AND ($b::text IS NULL OR {CurrentBydel} = $b)
            ORDER BY r.received_at, r.receipt_id
            """, SelectRoutes + " WHERE receipt_id IN (SELECT receipt_id FROM intake_reports WHERE municipality = $m) ORDER BY receipt_id, seq",
            cancellationToken, ("$m", municipalityNumber), ("$from", from is { } f ? StoredTime.Text(f) : null), ("$to", to is { } t ? StoredTime.Text(t) : null), ("$waiting", waitingOnly ? 1 : 0),
            ("$b", bydel));

    public async Task RouteAsync(IntakeRoute route, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        // The report's row locked first: two routings of one report wait for each other, and the second sees the first.
        if ((long)(await c.ScalarAsync(tx, "SELECT count(*) FROM (SELECT 1 FROM intake_reports WHERE receipt_id = $id FOR UPDATE) x", cancellationToken,
                ("$id", route.ReceiptId.ToString())))! == 0)
            throw new ArgumentException($"Fant ingen mottatt melding med kvittering {route.ReceiptId}.");
        var item = (await ReadAsync(c, tx, Select + " WHERE r.receipt_id = $id", SelectRoutes + " WHERE receipt_id = $id ORDER BY seq", cancellationToken,
            ("$id", route.ReceiptId.ToString()))).Single();
        if (!item.Waiting)
            throw SqliteIntakeStore.RoutedAfterDisposal(route.ReceiptId);
        if (route.Sequence != item.Routes!.Count + 1 || route.FromBydel != item.Bydel)
            throw SqliteIntakeStore.RoutedMeanwhile(route.ReceiptId);
        try
        {
            await c.ExecAsync(tx, "INSERT INTO intake_routes(receipt_id, seq, from_bydel, to_bydel, by, at) VALUES ($id, $n, $f, $t, $b, $at)", cancellationToken,
                ("$id", route.ReceiptId.ToString()), ("$n", route.Sequence), ("$f", route.FromBydel), ("$t", route.ToBydel), ("$b", route.By), ("$at", StoredTime.Text(route.At)));
        }
        catch (PostgresException e) when (e.IsUniqueViolation())
        {
            throw SqliteIntakeStore.RoutedMeanwhile(route.ReceiptId, e);
        }
        await tx.CommitAsync(cancellationToken);
    }

    public async Task DisposeAsync(IntakeDisposition d, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        if ((long)(await c.ScalarAsync(tx, "SELECT count(*) FROM intake_reports WHERE receipt_id = $id", cancellationToken, ("$id", d.ReceiptId.ToString())))! == 0)
            throw new ArgumentException($"Fant ingen mottatt melding med kvittering {d.ReceiptId}.");
        try
        {
            await c.ExecAsync(tx, "INSERT INTO intake_dispositions(receipt_id, kind, case_id, reason, by, at) VALUES ($id, $k, $c, $r, $b, $at)", cancellationToken,
                ("$id", d.ReceiptId.ToString()), ("$k", d.Kind == DispositionKind.Registered ? "registered" : "rejected"), ("$c", d.CaseId?.ToString()),
                ("$r", d.Reason), ("$b", d.By), ("$at", StoredTime.Text(d.At)));
        }
        catch (PostgresException e) when (e.IsUniqueViolation() || e.SqlState == PostgresErrorCodes.CheckViolation)
        {
            throw e.IsUniqueViolation() ? SqliteIntakeStore.DisposedTwice(d.ReceiptId, e) : new InvalidOperationException(e.MessageText, e);
        }
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<DateTimeOffset>>> DeliveriesBySenderAsync(string municipalityNumber, string? bydel = null,
        CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var cmd = c.Command(null, $"SELECT sender, received_at FROM intake_reports r WHERE municipality = $m AND ($b::text IS NULL OR {CurrentBydel} = $b) ORDER BY sender COLLATE \"C\", received_at",
            ("$m", municipalityNumber), ("$b", bydel));
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var result = new Dictionary<string, List<DateTimeOffset>>();
        while (await r.ReadAsync(cancellationToken))
        {
            if (!result.TryGetValue(r.GetString(0), out var list))
                result[r.GetString(0)] = list = [];
            list.Add(ParseTime(r.GetString(1)));
        }
        return result.ToDictionary(p => p.Key, p => (IReadOnlyList<DateTimeOffset>)p.Value);
    }

    private async Task<List<InboxItem>> ReadAsync(string sql, string routesSql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var c = await source.OpenConnectionAsync(ct);
        return await ReadAsync(c, null, sql, routesSql, ct, parameters);
    }

    /// <summary>The items of <paramref name="sql"/> with their routings (<paramref name="routesSql"/>, same parameters), on one
    /// connection (and in <paramref name="tx"/> when given).</summary>
    private static async Task<List<InboxItem>> ReadAsync(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, string routesSql, CancellationToken ct,
        params (string, object?)[] parameters)
    {
        var routes = new Dictionary<Guid, List<IntakeRoute>>();
        await using (var cmd = c.Command(tx, routesSql, parameters.Where(p => routesSql.Contains(p.Item1, StringComparison.Ordinal)).ToArray()))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                var id = Guid.Parse(r.GetString(0));
                if (!routes.TryGetValue(id, out var mine))
                    routes[id] = mine = [];
                mine.Add(new IntakeRoute(id, r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.GetString(4), ParseTime(r.GetString(5))));
            }
        var list = new List<InboxItem>();
        await using (var cmd = c.Command(tx, sql, parameters))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                var report = new ReceivedReport(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                    ParseTime(r.GetString(5)), r.GetString(6), r.GetString(7), r.IsDBNull(13) ? null : r.GetString(13));
                var disposition = r.IsDBNull(8) ? null : new IntakeDisposition(report.ReceiptId, r.GetString(8) == "registered" ? DispositionKind.Registered : DispositionKind.Rejected,
                    r.IsDBNull(9) ? null : CaseId.Parse(r.GetString(9)), r.IsDBNull(10) ? null : r.GetString(10), r.GetString(11), ParseTime(r.GetString(12)));
                list.Add(new InboxItem(report, disposition, routes.TryGetValue(report.ReceiptId, out var mine) ? mine : []));
            }
        return list;
    }

    // ---- Access tokens ----------------------------------------------------------------------------------------------

    public async Task AddTokenAsync(AccessToken t, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await c.ExecAsync(null, """
            INSERT INTO access_tokens(id, kind, name, user_id, municipality, secret_hash, created_at, created_by)
            VALUES ($id, $k, $n, $u, $m, $h, $at, $by)
            """, cancellationToken, ("$id", t.Id.ToString()), ("$k", t.Kind == AccessTokenKind.System ? "system" : "personal"), ("$n", t.Name), ("$u", t.UserId),
            ("$m", t.MunicipalityNumber), ("$h", t.SecretHash), ("$at", StoredTime.Text(t.CreatedAt)), ("$by", t.CreatedBy));
    }

    private const string SelectToken = "SELECT id, kind, name, user_id, municipality, secret_hash, created_at, created_by, revoked_at, revoked_by FROM access_tokens";

    public async Task<AccessToken?> FindTokenByHashAsync(string secretHash, CancellationToken cancellationToken = default) =>
        (await ReadTokensAsync(SelectToken + " WHERE secret_hash = $h", cancellationToken, ("$h", secretHash))).FirstOrDefault();

    public async Task<AccessToken?> FindTokenAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await ReadTokensAsync(SelectToken + " WHERE id = $id", cancellationToken, ("$id", id.ToString()))).FirstOrDefault();

    public async Task<IReadOnlyList<AccessToken>> ListTokensAsync(CancellationToken cancellationToken = default) =>
        await ReadTokensAsync(SelectToken + " ORDER BY created_at, id", cancellationToken);

    public async Task<bool> RevokeTokenAsync(Guid id, string by, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        return await c.ExecAsync(null, "UPDATE access_tokens SET revoked_at = $at, revoked_by = $by WHERE id = $id AND revoked_at IS NULL", cancellationToken,
            ("$at", StoredTime.Text(at)), ("$by", by), ("$id", id.ToString())) == 1;
    }

    private async Task<List<AccessToken>> ReadTokensAsync(string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var c = await source.OpenConnectionAsync(ct);
        await using var cmd = c.Command(null, sql, parameters);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<AccessToken>();
        while (await r.ReadAsync(ct))
            list.Add(new AccessToken(Guid.Parse(r.GetString(0)), r.GetString(1) == "system" ? AccessTokenKind.System : AccessTokenKind.Personal,
                r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5),
                ParseTime(r.GetString(6)), r.GetString(7), r.IsDBNull(8) ? null : ParseTime(r.GetString(8)), r.IsDBNull(9) ? null : r.GetString(9)));
        return list;
    }

    private static DateTimeOffset ParseTime(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
