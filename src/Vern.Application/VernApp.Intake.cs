using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Domain.Intake;
using Vern.Domain.Validation;
using Vern.Intake;
using Vern.Storage;
using Vern.Storage.Intake;

namespace Vern.Application;

/// <summary>A sender system (avsendersystem) acting through a system access token: not a person and not a role. It may only
/// deliver reports to the intake, for its municipality (or for any, when <paramref name="MunicipalityNumber"/> is null, as
/// the national form does). The access log names it "system:NAME" with the role "system".</summary>
public sealed record SenderSystem(Guid TokenId, string Name, string? MunicipalityNumber)
{
    public string LogId => "system:" + Name;
}

/// <summary>Who an access token speaks for: a person (an <see cref="Actor"/>) or a sender system.</summary>
public sealed record TokenIdentity(Actor? Person, SenderSystem? System);

/// <summary>A token just made: the stored record and its secret, shown once and never stored.</summary>
public sealed record NewAccessToken(AccessToken Token, string Secret);

/// <summary>A received report as the inbox shows it (with the child's name: the inbox is read by the service, and logged).</summary>
/// <param name="Bydel">The bydel whose inbox the report is in now (null: the municipality's reception).</param>
/// <param name="Routes">Every routing of the report, oldest first (who, when, from, to).</param>
public sealed record InboxView(ReceivedReport Report, IncomingReport Content, IntakeDisposition? Disposition, DateOnly ReceivedOn, DateOnly ReviewDue,
    string? Bydel = null, IReadOnlyList<IntakeRoute>? Routes = null);

/// <summary>The alarm settings and mail of a service (settings keys in docs/intake.md).</summary>
public sealed record IntakeSettings(AlarmLimits Limits, MailSettings Mail);

// The intake (issue 18 part 1): sender systems deliver reports with system access tokens; a receipt goes back only after
// the report is committed; the service registers each on a case or rejects it with a reason; reconciliation and alarms show
// any report that did not get through. Every read of the inbox is logged, like every read of a case.
public sealed partial class VernApp
{
    /// <summary>The role the access log gives a sender system.</summary>
    public const string SystemRole = "system";

    private Lazy<IIntakeStore>? _intake;
    private Lazy<IAccessTokenStore>? _tokens;

    /// <summary>Wires the intake and the access tokens (the composition root calls this once; <see cref="OpenSqlite"/> does).</summary>
    public VernApp UseIntake(IIntakeStore intake, IAccessTokenStore tokens)
    {
        _intake = new(intake);
        _tokens = new(tokens);
        return this;
    }

    /// <summary>Wires an intake and token store opened on first use (its owner, the SQLite database, disposes them).</summary>
    private void UseIntake(Func<IIntakeStore> intake, Func<IAccessTokenStore> tokens)
    {
        _intake = new(intake);
        _tokens = new(tokens);
    }

    private IIntakeStore IntakeStore => _intake?.Value ?? throw new InvalidOperationException("Mottaket er ikke koblet til (VernApp.UseIntake).");

    private IAccessTokenStore Tokens => _tokens?.Value ?? throw new InvalidOperationException("Tilgangsnøklene er ikke koblet til (VernApp.UseIntake).");

    // ---- Access tokens ----------------------------------------------------------------------------------------------

    /// <summary>Makes an access token: a personal one for a stored user, or a system one for a sender system. Only an
    /// administrator (of that municipality; a national administrator for a system token without one) may. The secret is
    /// 256 random bits, returned once; only its SHA-256 is stored.</summary>
    public async Task<NewAccessToken> CreateAccessTokenAsync(Actor by, AccessTokenKind kind, string name, string? userId, string? municipalityNumber)
    {
        string? tokenMunicipality;
        if (kind == AccessTokenKind.Personal)
        {
            var user = await _users.FindAsync(userId ?? "") ?? throw new UnknownUserException(userId ?? "");
            await RequireUserAdmin(by, user.MunicipalityNumber, user.Bydel);
            (name, tokenMunicipality) = (user.Id, user.MunicipalityNumber);
        }
        else
        {
            if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsWhiteSpace) || name.Any(char.IsControl) || name.Length > 100)
                throw new ArgumentException("--system: avsendersystemets navn må være ett ord (høyst 100 tegn), f.eks. «meldeportal» eller «politiet-ost».");
            if (municipalityNumber is not null && (municipalityNumber.Length != 4 || !municipalityNumber.All(char.IsAsciiDigit)))
                throw new ArgumentException($"--municipality: «{municipalityNumber}» er ikke et kommunenummer (4 siffer).");
            await RequireUserAdmin(by, municipalityNumber, bydel: null); // a sender system delivers to the whole municipality
            tokenMunicipality = municipalityNumber;
        }
        var secret = "vern_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var token = new AccessToken(Guid.NewGuid(), kind, name, kind == AccessTokenKind.Personal ? name : null, tokenMunicipality, HashSecret(secret),
            _clock.GetUtcNow(), by.UserId);
        await Tokens.AddTokenAsync(token);
        return new NewAccessToken(token, secret);
    }

    /// <summary>The tokens an administrator may see (their municipality's; all for a national administrator). Never the secrets.</summary>
    public async Task<IReadOnlyList<AccessToken>> ListAccessTokensAsync(Actor by)
    {
        await RequireUserAdmin(by, by.MunicipalityNumber, by.Bydel);
        var all = await Tokens.ListTokensAsync();
        return by.MunicipalityNumber is null ? all : [.. all.Where(t => t.MunicipalityNumber == by.MunicipalityNumber)];
    }

    /// <summary>Revokes a token at once (the next request with it gets 401); who and when are kept.</summary>
    public async Task RevokeAccessTokenAsync(Actor by, Guid id)
    {
        var token = await Tokens.FindTokenAsync(id) ?? throw new ArgumentException($"Fant ingen tilgangsnøkkel med id {id}.");
        await RequireUserAdmin(by, token.MunicipalityNumber, token.UserId is { } owner ? (await _users.FindAsync(owner))?.Bydel : null);
        if (!await Tokens.RevokeTokenAsync(id, by.UserId, _clock.GetUtcNow()))
            throw new ArgumentException($"Tilgangsnøkkelen {id} er allerede tilbakekalt (av {token.RevokedBy}).");
    }

    /// <summary>Who a presented secret speaks for, or null when it is unknown, revoked, or its user is disabled or gone.</summary>
    public async Task<TokenIdentity?> AuthenticateTokenAsync(string secret)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Length > 200)
            return null;
        var token = await Tokens.FindTokenByHashAsync(HashSecret(secret.Trim()));
        if (token is null || token.Revoked)
            return null;
        if (token.Kind == AccessTokenKind.System)
            return new TokenIdentity(null, new SenderSystem(token.Id, token.Name, token.MunicipalityNumber));
        try
        {
            return new TokenIdentity(await ActorAsync(token.UserId!), null);
        }
        catch (Exception e) when (e is UnknownUserException or AccessDeniedException)
        {
            return null;
        }
    }

    /// <summary>Logs a sender system's attempt at something other than delivering (refused: it may only deliver).</summary>
    public Task LogSystemDenialAsync(SenderSystem sender, string operation) =>
        _log.RecordAsync(new AccessEntry(0, _clock.GetUtcNow(), sender.LogId, SystemRole, operation, "", null, sender.MunicipalityNumber ?? "*", 0, AccessEntry.Denied));

    private static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    // ---- Receiving ---------------------------------------------------------------------------------------------------

    /// <summary>Receives a report from a sender system. Bad input throws <see cref="DomainRuleException"/> naming each field and
    /// rule, and nothing is stored. Otherwise the report is committed, and only then is the receipt returned; a resend of
    /// the same message id returns the same receipt and stores nothing (<see cref="IIntakeStore.ReceiveAsync"/>).</summary>
    public async Task<IntakeReceipt> ReceiveReportAsync(SenderSystem sender, string json)
    {
        var receipt = await StoreReport(sender.Name, sender.MunicipalityNumber, json, importer: null);
        await _log.RecordAsync(new AccessEntry(0, _clock.GetUtcNow(), sender.LogId, SystemRole, "intake receive", receipt.Repeated ? "gjentatt sending" : "",
            null, MunicipalityOf(json) ?? "*", 0));
        return receipt;
    }

    /// <summary>Imports one report file (the same JSON as the endpoint) for the actor's municipality, as from
    /// <paramref name="sender"/> (the file drop it came from). For an actor whose service is a bydel the report goes to that
    /// bydel's inbox; a file naming another bydel is refused (logged), as a bydel acts only on its own reports.</summary>
    public async Task<IntakeReceipt> ImportReportAsync(Actor actor, string json, string sender)
    {
        var m = StringOf(json, "municipalityNumber") is { Length: 4 } given && given.All(char.IsAsciiDigit) ? given : actor.MunicipalityNumber;
        await Require(actor, Operation.IntakeImport, m, "");
        // A file naming another bydel is refused here; one naming no valid bydel is the rules' (vern.bydel.invalid) below.
        if (StringOf(json, "bydel") is { Length: 2 } bydel && bydel.All(char.IsAsciiDigit) && AccessPolicy.RefusalForReport(actor, m!, bydel) is { } refusal)
            await Deny(actor, Operation.IntakeImport, null, m, refusal, "");
        if (string.IsNullOrWhiteSpace(sender) || sender.Any(char.IsWhiteSpace) || sender.Length > 100)
            throw new ArgumentException("--sender: avsenderens navn må være ett ord (høyst 100 tegn).");
        return await StoreReport(sender, actor.MunicipalityNumber, json, actor);
    }

    private async Task<IntakeReceipt> StoreReport(string sender, string? senderMunicipality, string json, Actor? importer)
    {
        var (report, malformed) = IntakeJson.Parse(json);
        if (report is null)
            throw new DomainRuleException(malformed);
        var users = (await _users.ListAsync()).Where(u => !u.Disabled && u.MunicipalityNumber is not null).ToList();
        var services = users.Select(u => u.MunicipalityNumber!).ToHashSet();
        var issues = IntakeRules.Validate(report, services.Contains, senderMunicipality);
        if (issues.Count > 0)
            throw new DomainRuleException(issues);
        var stored = report with { Sender = null, MessageId = report.MessageId!.Trim() };
        var canonical = JsonSerializer.Serialize(stored, IntakeJson.Options);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        // The inbox: the bydel the sender named (or the importing bydel's own), where a service of that bydel exists; otherwise
        // the municipality's reception (a municipality without bydeler, or a bydel nobody serves), which routes it. The sender's
        // field stays in the report as sent.
        var bydel = report.Bydel ?? importer?.Bydel;
        if (bydel is not null && !users.Any(u => u.MunicipalityNumber == stored.MunicipalityNumber && u.Bydel == bydel))
            bydel = null;
        return await IntakeStore.ReceiveAsync(new ReceivedReport(Guid.NewGuid(), sender, stored.MessageId!, stored.SenderKind!, stored.MunicipalityNumber!,
            _clock.GetUtcNow(), hash, canonical, bydel));
    }

    private static string? MunicipalityOf(string json) => StringOf(json, "municipalityNumber");

    /// <summary>A top-level string field of a report's JSON, read before the report is validated (null when absent or malformed).</summary>
    private static string? StringOf(string json, string field)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(field, out var m) && m.ValueKind == JsonValueKind.String
                ? m.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // ---- The inbox ---------------------------------------------------------------------------------------------------

    /// <summary>The service's inbox: reports waiting (or, with <paramref name="all"/>, every received report), oldest first;
    /// logged as one read of the inbox. For an actor whose service is a bydel, only the reports now in that bydel's inbox (the
    /// store selects them); for an actor of the whole municipality, every report of it, the reception's and every bydel's.</summary>
    public async Task<IReadOnlyList<InboxView>> InboxAsync(Actor actor, string? municipalityNumber = null, bool all = false, string purpose = "")
    {
        var m = municipalityNumber ?? actor.MunicipalityNumber;
        await Require(actor, Operation.IntakeInbox, m, purpose);
        var items = await IntakeStore.ListAsync(m!, waitingOnly: !all, bydel: actor.Bydel);
        await LogBulk(actor, Operation.IntakeInbox, m!, purpose, []);
        return [.. items.Select(View)];
    }

    /// <summary>One received report; logged.</summary>
    public async Task<InboxView> InboxItemAsync(Actor actor, Guid receiptId, string purpose = "")
    {
        var item = await ItemFor(actor, Operation.IntakeInbox, receiptId, purpose);
        await LogBulk(actor, Operation.IntakeInbox, item.Report.MunicipalityNumber, purpose, []);
        return View(item);
    }

    private static InboxView View(InboxItem i)
    {
        var on = i.Report.ReceivedOn(NorwegianTime.Zone);
        return new InboxView(i.Report, i.Report.Content, i.Disposition, on, on.AddDays(Reconciliation.ReviewDays), i.Bydel, i.Routes ?? []);
    }

    /// <summary>Registers a received report on a case: an existing one, or (with <paramref name="caseId"/> null) a new case
    /// opened for the report's child. The report of concern is recorded through the case's own command path with the
    /// received date = the date of receipt in the inbox, so the one-week review clock of barnevernsloven § 2-1 første ledd
    /// runs from receipt, not from registration. The report's entry id is the receipt id: a registration retried after a
    /// failure finds the report already on the case and does not record it twice.</summary>
    /// <param name="sex">For a new case, the child's sex when neither the report nor a fødselsnummer gives it.</param>
    /// <param name="journalNumber">For a new case, its journal number; by default "M-" and the receipt's first eight letters.</param>
    public async Task<(CaseId Case, IntakeDisposition Disposition)> RegisterReportAsync(Actor actor, Guid receiptId, CaseId? caseId,
        Vern.Domain.People.Sex? sex = null, string? journalNumber = null)
    {
        var item = await ItemFor(actor, Operation.IntakeRegister, receiptId, "");
        if (item.Disposition is { } done)
            throw new ArgumentException(done.Kind == DispositionKind.Registered
                ? $"Meldingen {receiptId} er allerede registrert på sak {done.CaseId} (av {done.By})."
                : $"Meldingen {receiptId} er avvist (av {done.By}): {done.Reason}");
        var content = item.Report.Content;
        var receivedOn = item.Report.ReceivedOn(NorwegianTime.Zone);
        var entry = new EntryId(receiptId);
        var target = caseId ?? new CaseId(receiptId);
        var state = await _store.LoadStateAsync(target);
        if (caseId is null && state is null)
        {
            // A new case belongs to the service whose inbox the report is in: its bydel, or none (the reception's).
            var open = new OpenCase(item.Report.MunicipalityNumber, journalNumber ?? "M-" + receiptId.ToString("N")[..8], receivedOn,
                IntakeRules.ToChildInput(content.Child!, sex)) { Bydel = item.Bydel };
            state = (await OpenCaseAsync(actor, open, target)).State;
        }
        if (state is null)
            await Deny(actor, Operation.IntakeRegister, target, null, $"Saken {target} finnes ikke.", "", notFound: true);
        // The report stays with the service whose inbox it is in, so its bydel's reconciliation finds it on its own case.
        if (state!.MunicipalityNumber == item.Report.MunicipalityNumber && state.Bydel != item.Bydel && InService(actor, state))
            throw new ArgumentException($"Saken {target} hører til {(state.Bydel is null ? "kommunen uten bydel" : "bydel " + state.Bydel)}, men meldingen ligger i "
                + $"{(item.Bydel is null ? "kommunens mottak" : "bydel " + item.Bydel + "s innboks")}. Videresend meldingen til sakens bydel først (vern intake route), eller registrer den som ny sak.");
        if (state!.FindReport(entry) is null)
            await RecordAsync(actor, target, new ReceiveReport(receivedOn, IntakeRules.Reporters(item.Report.SenderKind), [], entry));
        var disposition = new IntakeDisposition(receiptId, DispositionKind.Registered, target, null, actor.UserId, _clock.GetUtcNow());
        await IntakeStore.DisposeAsync(disposition);
        return (target, disposition);
    }

    /// <summary>Rejects a received report with a reason; the report is kept, with the reason, for good.</summary>
    public async Task<IntakeDisposition> RejectReportAsync(Actor actor, Guid receiptId, string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw new ArgumentException("--reason: oppgi hvorfor meldingen avvises (grunnen lagres sammen med meldingen).");
        var item = await ItemFor(actor, Operation.IntakeRegister, receiptId, "");
        if (item.Disposition is not null)
            throw new ArgumentException($"Meldingen {receiptId} er allerede behandlet ({(item.Disposition.Kind == DispositionKind.Registered ? "registrert" : "avvist")} av {item.Disposition.By}).");
        var disposition = new IntakeDisposition(receiptId, DispositionKind.Rejected, null, reason.Trim(), actor.UserId, _clock.GetUtcNow());
        await IntakeStore.DisposeAsync(disposition);
        return disposition;
    }

    /// <summary>Routes a waiting report to a bydel's inbox (videresending, issue 15): an appended record of who, when, from
    /// where and to where; the report and its earlier routings stay as they were. The one-week review clock of barnevernsloven
    /// § 2-1 første ledd still runs from receipt in Vern's inbox, not from the routing. Allowed to whoever holds the report: the
    /// municipality's reception (any report of the municipality) or a bydel (its own). The bydel must be served (some active
    /// user works for it), so a routed report is never left where no one of a bydel would see it.</summary>
    public async Task<IntakeRoute> RouteReportAsync(Actor actor, Guid receiptId, string toBydel)
    {
        toBydel = toBydel?.Trim() ?? "";
        if (toBydel.Length != 2 || !toBydel.All(char.IsAsciiDigit))
            throw new DomainRuleException([RuleMessages.Issue(RuleCodes.BydelInvalid, "bydel", ("value", $"«{toBydel}»"))]);
        var item = await ItemFor(actor, Operation.RouteReport, receiptId, "");
        if (item.Disposition is { } done)
            throw new ArgumentException($"Meldingen {receiptId} er allerede {(done.Kind == DispositionKind.Registered ? "registrert" : "avvist")} (av {done.By}) og videresendes ikke.");
        if (item.Bydel == toBydel)
            throw new ArgumentException($"Meldingen {receiptId} ligger allerede i innboksen til bydel {toBydel}.");
        var m = item.Report.MunicipalityNumber;
        if (!(await _users.ListAsync()).Any(u => !u.Disabled && u.MunicipalityNumber == m && u.Bydel == toBydel))
            throw new ArgumentException($"--bydel: ingen aktive brukere arbeider for bydel {toBydel} i kommune {m}, så ingen i bydelen ville se meldingen. "
                + "Legg til bydelens brukere først (vern user add --bydel).");
        var route = new IntakeRoute(receiptId, (item.Routes?.Count ?? 0) + 1, item.Bydel, toBydel, actor.UserId, _clock.GetUtcNow());
        await IntakeStore.RouteAsync(route);
        return route;
    }

    private async Task<InboxItem> ItemFor(Actor actor, Operation operation, Guid receiptId, string purpose)
    {
        var item = await IntakeStore.FindAsync(receiptId);
        // A report of another service is "not found", as a case is (style habit 29); the attempt is logged either way.
        if (item is null || item.Report.MunicipalityNumber != actor.MunicipalityNumber)
        {
            await Require(actor, operation, item?.Report.MunicipalityNumber ?? actor.MunicipalityNumber, purpose);
            throw new ArgumentException($"Fant ingen mottatt melding med kvittering {receiptId}.");
        }
        await Require(actor, operation, item.Report.MunicipalityNumber, purpose);
        // Within the municipality, a bydel's service reaches only the reports in its own inbox (issue 15), refused and logged.
        if (AccessPolicy.RefusalForReport(actor, item.Report.MunicipalityNumber, item.Bydel) is { } refusal)
            await Deny(actor, operation, null, item.Report.MunicipalityNumber, refusal, purpose);
        return item;
    }

    // ---- Reconciliation and alarms -----------------------------------------------------------------------------------

    /// <summary>Reconciliation for the Norwegian days [<paramref name="from"/>, <paramref name="to"/>]: per sender and day,
    /// received against registered against reviewed, with each difference, and the counts per bydel. A bydel's service counts
    /// its own inbox; the whole municipality's counts every report of it. Logged as one bulk read of the cases it looked in.</summary>
    public async Task<ReconciliationReport> ReconcileIntakeAsync(Actor actor, string? municipalityNumber, DateOnly from, DateOnly to, string purpose = "")
    {
        if (to < from)
            throw new ArgumentException($"--to ({to:yyyy-MM-dd}) er før --from ({from:yyyy-MM-dd}).");
        var m = municipalityNumber ?? actor.MunicipalityNumber;
        await Require(actor, Operation.IntakeReconcile, m, purpose);
        var items = await IntakeStore.ListAsync(m!, waitingOnly: false, StartOf(from), StartOf(to.AddDays(1)), bydel: actor.Bydel);
        var cases = new Dictionary<Guid, CaseReportStatus>();
        var read = new HashSet<CaseId>();
        foreach (var i in items.Where(i => i.Disposition is { Kind: DispositionKind.Registered, CaseId: not null }))
        {
            var state = await _store.LoadStateAsync(i.Disposition!.CaseId!.Value);
            // Only the service's own cases count (a case id that is not its own is a difference, never a read of another service).
            var own = state is not null && state.MunicipalityNumber == m && InService(actor, state) ? state : null;
            cases[i.Report.ReceiptId] = Reconciliation.StatusIn(own, i.Report.ReceiptId);
            if (own is not null)
                read.Add(own.Id);
        }
        await LogBulk(actor, Operation.IntakeReconcile, m!, purpose, read);
        return Reconciliation.Compute(from, to, items, cases, NorwegianTime.Zone, Today);
    }

    /// <summary>The alarms now: reports waiting longer than the service's limit, and senders silent for longer than their own
    /// history makes likely. Logged as one read of the inbox. A bydel's service gets its own inbox's alarms (its waiting reports,
    /// and each sender's deliveries to it); the whole municipality's, every inbox's. The limits are the municipality's.</summary>
    public async Task<IReadOnlyList<IntakeAlarm>> IntakeAlarmsAsync(Actor actor, string? municipalityNumber = null, string purpose = "")
    {
        var m = municipalityNumber ?? actor.MunicipalityNumber;
        await Require(actor, Operation.IntakeAlarms, m, purpose);
        var settings = await IntakeSettingsAsync(m!);
        var waiting = await IntakeStore.ListAsync(m!, waitingOnly: true, bydel: actor.Bydel);
        var deliveries = await IntakeStore.DeliveriesBySenderAsync(m!, actor.Bydel);
        await LogBulk(actor, Operation.IntakeAlarms, m!, purpose, []);
        return Alarms.Compute(_clock.GetUtcNow(), waiting, deliveries, settings.Limits);
    }

    /// <summary>The alarms, and by mail when the service has set mail up (returns the alarms and whether a mail went).</summary>
    public async Task<(IReadOnlyList<IntakeAlarm> Alarms, bool Mailed)> SendIntakeAlarmsAsync(Actor actor, string? municipalityNumber = null, string purpose = "")
    {
        var m = municipalityNumber ?? actor.MunicipalityNumber;
        var alarms = await IntakeAlarmsAsync(actor, m, purpose);
        var settings = await IntakeSettingsAsync(m!);
        if (alarms.Count == 0 || !settings.Mail.Configured)
            return (alarms, false);
        await AlarmMail.SendAsync(settings.Mail, m!, alarms, _clock.GetUtcNow());
        return (alarms, true);
    }

    /// <summary>The settings keys of the intake, per municipality (docs/intake.md).</summary>
    public static class IntakeSettingKeys
    {
        public static string InboxHours(string m) => $"intake-inbox-hours:{m}";
        public static string SilenceAlpha(string m) => $"intake-silence-alpha:{m}";
        public static string MailTo(string m) => $"intake-mail-to:{m}";
        public static string MailFrom(string m) => $"intake-mail-from:{m}";
        public static string MailPickup(string m) => $"intake-mail-pickup:{m}";
        public static string MailSmtp(string m) => $"intake-mail-smtp:{m}";
    }

    /// <summary>Changes the intake's settings for a municipality (administrator: <see cref="Operation.Configure"/>). A null
    /// value leaves a setting as it is.</summary>
    public async Task ConfigureIntakeAsync(Actor by, string municipalityNumber, double? inboxHours = null, double? silenceAlpha = null,
        string? mailTo = null, string? mailFrom = null, string? mailPickup = null, string? mailSmtp = null)
    {
        await Require(by, Operation.Configure, municipalityNumber, "innstilling");
        if (inboxHours is <= 0)
            throw new ArgumentException("--inbox-hours må være større enn 0.");
        if (silenceAlpha is <= 0 or >= 1)
            throw new ArgumentException("--silence-alpha må være mellom 0 og 1 (f.eks. 0.001).");
        if (mailSmtp is not null && mailSmtp.Length > 0 && !TryHostPort(mailSmtp, out _, out _))
            throw new ArgumentException($"--smtp: «{mailSmtp}» er ikke VERT:PORT.");
        var now = _clock.GetUtcNow();
        foreach (var (key, value) in new[]
                 {
                     (IntakeSettingKeys.InboxHours(municipalityNumber), inboxHours?.ToString(CultureInfo.InvariantCulture)),
                     (IntakeSettingKeys.SilenceAlpha(municipalityNumber), silenceAlpha?.ToString(CultureInfo.InvariantCulture)),
                     (IntakeSettingKeys.MailTo(municipalityNumber), mailTo), (IntakeSettingKeys.MailFrom(municipalityNumber), mailFrom),
                     (IntakeSettingKeys.MailPickup(municipalityNumber), mailPickup), (IntakeSettingKeys.MailSmtp(municipalityNumber), mailSmtp),
                 })
            if (value is not null)
                await _settings.SetSettingAsync(key, value, by.UserId, now);
    }

    /// <summary>The intake's settings for a municipality, with the defaults (24 hours, α = 0.001, no mail).</summary>
    public async Task<IntakeSettings> IntakeSettingsAsync(string municipalityNumber)
    {
        async Task<string?> Get(string key) => await _settings.GetSettingAsync(key) is { Length: > 0 } v ? v : null;
        var defaults = new AlarmLimits();
        var hours = double.TryParse(await Get(IntakeSettingKeys.InboxHours(municipalityNumber)), NumberStyles.Float, CultureInfo.InvariantCulture, out var h) ? h : defaults.InboxHours;
        var alpha = double.TryParse(await Get(IntakeSettingKeys.SilenceAlpha(municipalityNumber)), NumberStyles.Float, CultureInfo.InvariantCulture, out var a) ? a : defaults.SilenceAlpha;
        var smtp = await Get(IntakeSettingKeys.MailSmtp(municipalityNumber));
        TryHostPort(smtp ?? "", out var host, out var port);
        var mail = new MailSettings(await Get(IntakeSettingKeys.MailTo(municipalityNumber)) ?? "", await Get(IntakeSettingKeys.MailFrom(municipalityNumber)) ?? "vern@localhost",
            await Get(IntakeSettingKeys.MailPickup(municipalityNumber)), host, port);
        return new IntakeSettings(defaults with { InboxHours = hours, SilenceAlpha = alpha }, mail);
    }

    private static bool TryHostPort(string text, out string? host, out int port)
    {
        (host, port) = (null, 25);
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var i = text.LastIndexOf(':');
        if (i < 0)
        {
            host = text;
            return true;
        }
        host = text[..i];
        return int.TryParse(text[(i + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536 && host.Length > 0;
    }

    private static DateTimeOffset StartOf(DateOnly day) =>
        new(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), NorwegianTime.Zone), TimeSpan.Zero);
}
