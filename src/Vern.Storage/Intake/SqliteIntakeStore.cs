using System.Globalization;
using Microsoft.Data.Sqlite;
using Vern.Domain.Cases;
using Vern.Domain.Intake;
using Vern.Storage.Sqlite;

namespace Vern.Storage.Intake;

/// <summary>The intake in the Vern database (migration 6): received reports, their dispositions and the access tokens. The
/// reports and dispositions are append-only by triggers; (sender, message id) is unique, so a resend cannot be stored
/// twice whatever the timing; a token row changes only once, when it is revoked.</summary>
public sealed class SqliteIntakeStore : IIntakeStore, IAccessTokenStore, IDisposable
{
    /// <summary>The schema of migration 6 (in <see cref="SqliteMigrations.All"/>; never edit once shipped).</summary>
    public const string Schema = """
        CREATE TABLE intake_reports (
            receipt_id TEXT PRIMARY KEY,
            sender TEXT NOT NULL,
            message_id TEXT NOT NULL,
            sender_kind TEXT NOT NULL,
            municipality TEXT NOT NULL,
            received_at TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            report TEXT NOT NULL,
            UNIQUE (sender, message_id));
        CREATE INDEX intake_reports_municipality ON intake_reports(municipality, received_at);
        CREATE TRIGGER intake_reports_update BEFORE UPDATE ON intake_reports
            BEGIN SELECT RAISE(ABORT, 'received reports are never changed'); END;
        CREATE TRIGGER intake_reports_delete BEFORE DELETE ON intake_reports
            BEGIN SELECT RAISE(ABORT, 'received reports are never deleted'); END;
        CREATE TABLE intake_dispositions (
            receipt_id TEXT PRIMARY KEY REFERENCES intake_reports(receipt_id),
            kind TEXT NOT NULL CHECK (kind IN ('registered', 'rejected')),
            case_id TEXT,
            reason TEXT,
            by TEXT NOT NULL,
            at TEXT NOT NULL,
            CHECK (kind <> 'rejected' OR length(trim(coalesce(reason, ''))) > 0),
            CHECK (kind <> 'registered' OR case_id IS NOT NULL));
        CREATE TRIGGER intake_dispositions_update BEFORE UPDATE ON intake_dispositions
            BEGIN SELECT RAISE(ABORT, 'what became of a received report is never changed'); END;
        CREATE TRIGGER intake_dispositions_delete BEFORE DELETE ON intake_dispositions
            BEGIN SELECT RAISE(ABORT, 'what became of a received report is never deleted'); END;
        CREATE TABLE access_tokens (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('personal', 'system')),
            name TEXT NOT NULL,
            user_id TEXT,
            municipality TEXT,
            secret_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            revoked_at TEXT,
            revoked_by TEXT);
        CREATE TRIGGER access_tokens_delete BEFORE DELETE ON access_tokens
            BEGIN SELECT RAISE(ABORT, 'access tokens are never deleted: revoke them'); END;
        CREATE TRIGGER access_tokens_update BEFORE UPDATE ON access_tokens
            WHEN OLD.revoked_at IS NOT NULL OR NEW.revoked_at IS NULL OR NEW.revoked_by IS NULL
              OR NEW.id IS NOT OLD.id OR NEW.kind IS NOT OLD.kind OR NEW.name IS NOT OLD.name OR NEW.user_id IS NOT OLD.user_id
              OR NEW.municipality IS NOT OLD.municipality OR NEW.secret_hash IS NOT OLD.secret_hash
              OR NEW.created_at IS NOT OLD.created_at OR NEW.created_by IS NOT OLD.created_by
            BEGIN SELECT RAISE(ABORT, 'an access token changes only when it is revoked, once'); END;
        """;

    /// <summary>Migration 21 (issue 15, the intake per bydel): the bydel whose inbox a report came to (null: the municipality's
    /// reception), and the routings (videresending) of a report to a bydel, append-only, one sequence per report. Idempotent,
    /// as the steps after 18 are (a database that missed an earlier step runs it again): the column is added only when absent
    /// (<see cref="AddBydel"/>), the rest is CREATE … IF NOT EXISTS.</summary>
    public const string BydelSchema = """
        CREATE TABLE IF NOT EXISTS intake_routes (
            receipt_id TEXT NOT NULL REFERENCES intake_reports(receipt_id),
            seq INTEGER NOT NULL CHECK (seq >= 1),
            from_bydel TEXT,
            to_bydel TEXT NOT NULL CHECK (length(to_bydel) = 2),
            by TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (receipt_id, seq));
        CREATE TRIGGER IF NOT EXISTS intake_routes_update BEFORE UPDATE ON intake_routes
            BEGIN SELECT RAISE(ABORT, 'a routing of a received report is never changed'); END;
        CREATE TRIGGER IF NOT EXISTS intake_routes_delete BEFORE DELETE ON intake_routes
            BEGIN SELECT RAISE(ABORT, 'a routing of a received report is never deleted'); END;
        CREATE TRIGGER IF NOT EXISTS intake_routes_no_replace BEFORE INSERT ON intake_routes
            WHEN EXISTS (SELECT 1 FROM intake_routes WHERE receipt_id = NEW.receipt_id AND seq = NEW.seq)
            BEGIN SELECT RAISE(ABORT, 'a routing of a received report is never changed'); END;
        CREATE INDEX IF NOT EXISTS intake_reports_bydel ON intake_reports(municipality, bydel, received_at);
        """;

    /// <summary>Migration 21's step: <c>intake_reports.bydel</c> when it is not there yet, then <see cref="BydelSchema"/>.</summary>
    public static void AddBydel(SqliteConnection c, SqliteTransaction tx)
    {
        c.AddColumnIfMissing(tx, "intake_reports", "bydel", "TEXT");
        c.Exec(tx, BydelSchema);
    }

    /// <summary>Where a report (alias r) is now: the last routing's bydel, else the one it came to (null: the reception).</summary>
    internal const string CurrentBydel =
        "coalesce((SELECT x.to_bydel FROM intake_routes x WHERE x.receipt_id = r.receipt_id ORDER BY x.seq DESC LIMIT 1), r.bydel)";

    private readonly SqliteConnection _connection;
    private readonly Lock _write = new();

    private SqliteIntakeStore(SqliteConnection connection) => _connection = connection;

    public static SqliteIntakeStore Open(string path, bool create = true) => new(SqliteMigrations.Open(path, create));

    public Task<IntakeReceipt> ReceiveAsync(ReceivedReport report, CancellationToken cancellationToken = default)
    {
        lock (_write)
        {
            using var tx = _connection.BeginTransaction(deferred: false);
            Exec(tx, """
                INSERT INTO intake_reports(receipt_id, sender, message_id, sender_kind, municipality, received_at, content_hash, report, bydel)
                VALUES ($id, $s, $m, $k, $mu, $at, $h, $r, $b)
                ON CONFLICT(sender, message_id) DO NOTHING
                """,
                ("$id", report.ReceiptId.ToString()), ("$s", report.Sender), ("$m", report.MessageId), ("$k", report.SenderKind),
                ("$mu", report.MunicipalityNumber), ("$at", StoredTime.Text(report.ReceivedAt)), ("$h", report.ContentHash), ("$r", report.Json), ("$b", report.Bydel));
            using var cmd = Command(tx, "SELECT receipt_id, received_at, content_hash FROM intake_reports WHERE sender = $s AND message_id = $m",
                ("$s", report.Sender), ("$m", report.MessageId));
            using var r = cmd.ExecuteReader();
            r.Read();
            var (id, at, hash) = (Guid.Parse(r.GetString(0)), ParseTime(r.GetString(1)), r.GetString(2));
            r.Close();
            if (hash != report.ContentHash)
                throw new MessageIdReusedException(report.Sender, report.MessageId, id);
            tx.Commit();
            return Task.FromResult(new IntakeReceipt(id, report.Sender, report.MessageId, at, Repeated: id != report.ReceiptId));
        }
    }

    private const string Select = """
        SELECT r.receipt_id, r.sender, r.message_id, r.sender_kind, r.municipality, r.received_at, r.content_hash, r.report,
               d.kind, d.case_id, d.reason, d.by, d.at, r.bydel
        FROM intake_reports r LEFT JOIN intake_dispositions d ON d.receipt_id = r.receipt_id
        """;

    private const string SelectRoutes = "SELECT receipt_id, seq, from_bydel, to_bydel, by, at FROM intake_routes";

    public Task<InboxItem?> FindAsync(Guid receiptId, CancellationToken cancellationToken = default)
    {
        using var cmd = Command(null, Select + " WHERE r.receipt_id = $id", ("$id", receiptId.ToString()));
        using var routes = Command(null, SelectRoutes + " WHERE receipt_id = $id ORDER BY seq", ("$id", receiptId.ToString()));
        return Task.FromResult(Read(cmd, ReadRoutes(routes)).FirstOrDefault());
    }

    public Task<IReadOnlyList<InboxItem>> ListAsync(string municipalityNumber, bool waitingOnly, DateTimeOffset? from = null, DateTimeOffset? to = null,
        string? bydel = null, CancellationToken cancellationToken = default)
    {
        using var cmd = Command(null, Select + $"""
             WHERE r.municipality = $m AND ($from IS NULL OR r.received_at >= $from) AND ($to IS NULL OR r.received_at < $to)
               AND ($waiting = 0 OR d.receipt_id IS NULL) AND ($b IS NULL OR {CurrentBydel} = $b)
            ORDER BY r.received_at, r.receipt_id
            """, ("$m", municipalityNumber), ("$from", from is { } f ? StoredTime.Text(f) : null), ("$to", to is { } t ? StoredTime.Text(t) : null), ("$waiting", waitingOnly ? 1 : 0),
            ("$b", bydel));
        using var routes = Command(null, SelectRoutes + " WHERE receipt_id IN (SELECT receipt_id FROM intake_reports WHERE municipality = $m) ORDER BY receipt_id, seq",
            ("$m", municipalityNumber));
        return Task.FromResult<IReadOnlyList<InboxItem>>(Read(cmd, ReadRoutes(routes)));
    }

    /// <summary>A routing of a report already registered or rejected: the same refusal on every store.</summary>
    internal static StoreRefusedException RoutedAfterDisposal(Guid receiptId) =>
        StoreRefusal.Refused($"Meldingen {receiptId} er allerede behandlet (registrert eller avvist) og kan ikke videresendes.", "only a waiting report is routed");

    /// <summary>A routing that does not follow the report's last one (someone routed it meanwhile): the same refusal on every store.</summary>
    internal static StoreRefusedException RoutedMeanwhile(Guid receiptId, Exception? inner = null) =>
        StoreRefusal.Refused($"Meldingen {receiptId} ble videresendt av en annen i mellomtiden; se innboksen og prøv igjen.", "a routing follows the report's last one", inner);

    public Task RouteAsync(IntakeRoute route, CancellationToken cancellationToken = default)
    {
        lock (_write)
        {
            using var tx = _connection.BeginTransaction(deferred: false);
            using (var cmd = Command(tx, Select + " WHERE r.receipt_id = $id", ("$id", route.ReceiptId.ToString())))
            using (var routes = Command(tx, SelectRoutes + " WHERE receipt_id = $id ORDER BY seq", ("$id", route.ReceiptId.ToString())))
            {
                var item = Read(cmd, ReadRoutes(routes)).FirstOrDefault() ?? throw new ArgumentException($"Fant ingen mottatt melding med kvittering {route.ReceiptId}.");
                if (!item.Waiting)
                    throw RoutedAfterDisposal(route.ReceiptId);
                if (route.Sequence != item.Routes!.Count + 1 || route.FromBydel != item.Bydel)
                    throw RoutedMeanwhile(route.ReceiptId);
            }
            try
            {
                Exec(tx, "INSERT INTO intake_routes(receipt_id, seq, from_bydel, to_bydel, by, at) VALUES ($id, $n, $f, $t, $b, $at)",
                    ("$id", route.ReceiptId.ToString()), ("$n", route.Sequence), ("$f", route.FromBydel), ("$t", route.ToBydel), ("$b", route.By), ("$at", StoredTime.Text(route.At)));
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19)
            {
                throw RoutedMeanwhile(route.ReceiptId, e);
            }
            tx.Commit();
        }
        return Task.CompletedTask;
    }

    /// <summary>A received report disposed of a second time (the unique receipt id of intake_dispositions): the same refusal on every store.</summary>
    internal static StoreRefusedException DisposedTwice(Guid receiptId, Exception? inner = null) =>
        StoreRefusal.Refused($"Meldingen {receiptId} er allerede behandlet.", "what became of a received report is decided once", inner);

    public Task DisposeAsync(IntakeDisposition d, CancellationToken cancellationToken = default)
    {
        lock (_write)
        {
            using var tx = _connection.BeginTransaction(deferred: false);
            using (var exists = Command(tx, "SELECT count(*) FROM intake_reports WHERE receipt_id = $id", ("$id", d.ReceiptId.ToString())))
                if ((long)exists.ExecuteScalar()! == 0)
                    throw new ArgumentException($"Fant ingen mottatt melding med kvittering {d.ReceiptId}.");
            try
            {
                Exec(tx, "INSERT INTO intake_dispositions(receipt_id, kind, case_id, reason, by, at) VALUES ($id, $k, $c, $r, $b, $at)",
                    ("$id", d.ReceiptId.ToString()), ("$k", d.Kind == DispositionKind.Registered ? "registered" : "rejected"), ("$c", d.CaseId?.ToString()),
                    ("$r", d.Reason), ("$b", d.By), ("$at", StoredTime.Text(d.At)));
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19)
            {
                throw DisposedTwice(d.ReceiptId, e);
            }
            tx.Commit();
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, IReadOnlyList<DateTimeOffset>>> DeliveriesBySenderAsync(string municipalityNumber, string? bydel = null,
        CancellationToken cancellationToken = default)
    {
        using var cmd = Command(null, $"SELECT sender, received_at FROM intake_reports r WHERE municipality = $m AND ($b IS NULL OR {CurrentBydel} = $b) ORDER BY sender, received_at",
            ("$m", municipalityNumber), ("$b", bydel));
        using var r = cmd.ExecuteReader();
        var result = new Dictionary<string, List<DateTimeOffset>>();
        while (r.Read())
        {
            if (!result.TryGetValue(r.GetString(0), out var list))
                result[r.GetString(0)] = list = [];
            list.Add(ParseTime(r.GetString(1)));
        }
        return Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<DateTimeOffset>>>(result.ToDictionary(p => p.Key, p => (IReadOnlyList<DateTimeOffset>)p.Value));
    }

    private static List<InboxItem> Read(SqliteCommand cmd, IReadOnlyDictionary<Guid, List<IntakeRoute>> routes)
    {
        using var r = cmd.ExecuteReader();
        var list = new List<InboxItem>();
        while (r.Read())
        {
            var report = new ReceivedReport(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                ParseTime(r.GetString(5)), r.GetString(6), r.GetString(7), r.IsDBNull(13) ? null : r.GetString(13));
            var disposition = r.IsDBNull(8) ? null : new IntakeDisposition(report.ReceiptId, r.GetString(8) == "registered" ? DispositionKind.Registered : DispositionKind.Rejected,
                r.IsDBNull(9) ? null : CaseId.Parse(r.GetString(9)), r.IsDBNull(10) ? null : r.GetString(10), r.GetString(11), ParseTime(r.GetString(12)));
            list.Add(new InboxItem(report, disposition, routes.TryGetValue(report.ReceiptId, out var mine) ? mine : []));
        }
        return list;
    }

    private static Dictionary<Guid, List<IntakeRoute>> ReadRoutes(SqliteCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        var routes = new Dictionary<Guid, List<IntakeRoute>>();
        while (r.Read())
        {
            var id = Guid.Parse(r.GetString(0));
            if (!routes.TryGetValue(id, out var list))
                routes[id] = list = [];
            list.Add(new IntakeRoute(id, r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.GetString(4), ParseTime(r.GetString(5))));
        }
        return routes;
    }

    // ---- Access tokens ----------------------------------------------------------------------------------------------

    public Task AddTokenAsync(AccessToken t, CancellationToken cancellationToken = default)
    {
        lock (_write)
            Exec(null, """
                INSERT INTO access_tokens(id, kind, name, user_id, municipality, secret_hash, created_at, created_by)
                VALUES ($id, $k, $n, $u, $m, $h, $at, $by)
                """, ("$id", t.Id.ToString()), ("$k", t.Kind == AccessTokenKind.System ? "system" : "personal"), ("$n", t.Name), ("$u", t.UserId),
                ("$m", t.MunicipalityNumber), ("$h", t.SecretHash), ("$at", StoredTime.Text(t.CreatedAt)), ("$by", t.CreatedBy));
        return Task.CompletedTask;
    }

    private const string SelectToken = "SELECT id, kind, name, user_id, municipality, secret_hash, created_at, created_by, revoked_at, revoked_by FROM access_tokens";

    public Task<AccessToken?> FindTokenByHashAsync(string secretHash, CancellationToken cancellationToken = default)
    {
        using var cmd = Command(null, SelectToken + " WHERE secret_hash = $h", ("$h", secretHash));
        return Task.FromResult(ReadTokens(cmd).FirstOrDefault());
    }

    public Task<AccessToken?> FindTokenAsync(Guid id, CancellationToken cancellationToken = default)
    {
        using var cmd = Command(null, SelectToken + " WHERE id = $id", ("$id", id.ToString()));
        return Task.FromResult(ReadTokens(cmd).FirstOrDefault());
    }

    public Task<IReadOnlyList<AccessToken>> ListTokensAsync(CancellationToken cancellationToken = default)
    {
        using var cmd = Command(null, SelectToken + " ORDER BY created_at, id");
        return Task.FromResult<IReadOnlyList<AccessToken>>(ReadTokens(cmd));
    }

    public Task<bool> RevokeTokenAsync(Guid id, string by, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_write)
        {
            using var cmd = Command(null, "UPDATE access_tokens SET revoked_at = $at, revoked_by = $by WHERE id = $id AND revoked_at IS NULL",
                ("$at", StoredTime.Text(at)), ("$by", by), ("$id", id.ToString()));
            return Task.FromResult(cmd.Run() == 1);
        }
    }

    private static List<AccessToken> ReadTokens(SqliteCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        var list = new List<AccessToken>();
        while (r.Read())
            list.Add(new AccessToken(Guid.Parse(r.GetString(0)), r.GetString(1) == "system" ? AccessTokenKind.System : AccessTokenKind.Personal,
                r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5),
                ParseTime(r.GetString(6)), r.GetString(7), r.IsDBNull(8) ? null : ParseTime(r.GetString(8)), r.IsDBNull(9) ? null : r.GetString(9)));
        return list;
    }

    // ---- Plumbing -----------------------------------------------------------------------------------------------------

    private static DateTimeOffset ParseTime(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private SqliteCommand Command(SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters) => _connection.Command(tx, sql, parameters);

    private void Exec(SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters) => _connection.Exec(tx, sql, parameters);

    public void Dispose() => _connection.Dispose();
}
