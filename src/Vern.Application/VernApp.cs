using System.Text.Json;
using Vern.Deadlines;
using Vern.Deadlines.Engine;
using Vern.Deadlines.Facts;
using Vern.Deadlines.Reports;
using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Domain.CodeLists;
using Vern.Register.Check;
using Vern.Register.Export;
using Vern.Register.Model;
using Vern.Register;
using Vern.Domain.Validation;
using Vern.Statistics;
using Vern.Storage;
using Vern.Storage.Sqlite;

namespace Vern.Application;

/// <summary>A case page: the case's state and its whole timeline.</summary>
public sealed record CasePage(CaseState State, IReadOnlyList<RecordedEvent> Timeline);

/// <summary>Open duties as of a date, within the actor's scope, with how many open cases they came from.</summary>
public sealed record DeadlineList(DateOnly AsOf, IReadOnlyList<Obligation> Open, int OpenCases);

/// <summary>The application layer: the one place that knows who acts. The CLI and the web app call it; it checks the
/// <see cref="AccessPolicy"/>, scopes every query by the actor, logs every read of a person's data with its purpose
/// (bulk reads as one row with the set of cases they included), and runs commands as load–decide–append.
/// Every public method is asynchronous so that the storage ports can become so without changing it.</summary>
public sealed partial class VernApp : IDisposable
{
    private readonly IEventStore _store;
    private readonly IUserStore _users;
    private readonly ISettingsStore _settings;
    private readonly IAccessLog _log;
    private readonly TimeProvider _clock;
    private readonly FeatureStores? _features;
    private readonly List<IDisposable> _owned = [];

    /// <summary>The store's change feed as this app's request sees it (the cursor read once per request in the web host); every
    /// case append of the app goes through it (<see cref="Cases"/>), so a write is seen by the request's next read.</summary>
    private readonly RequestFeed _feed;

    /// <param name="features">The feature areas' ports (deadline index, staff, delivery and reporter logs); null when those
    /// features are not wired (they then refuse).</param>
    public VernApp(IEventStore store, IUserStore users, ISettingsStore settings, IAccessLog accessLog, CodeListSet codeLists, TimeProvider clock,
        FeatureStores? features = null, Func<Guid>? newId = null)
    {
        _store = store;
        _users = users;
        _settings = settings;
        _log = accessLog;
        _clock = clock;
        _features = features;
        CodeLists = codeLists;
        _feed = new RequestFeed(store);
        Cases = new CaseService(_feed, store, codeLists, clock, newId);
    }

    /// <summary>The composition of a Vern database in one SQLite file: event store, users and settings, access log and the
    /// feature tables. The only place outside Vern.Storage that opens it.</summary>
    public static VernApp OpenSqlite(string path, CodeListSet codeLists, TimeProvider clock, bool create = false)
    {
        if (Directory.Exists(path))
            throw new ArgumentException($"--db {path} er en mappe; oppgi en databasefil.");
        var db = SqliteDatabase.Open(path, create, clock);
        var users = SqliteUserStore.Open(path, create: false);
        var log = SqliteAccessLog.Open(path, create: false);
        var app = new VernApp(db.Events, users, users, log, codeLists, clock, new FeatureStores(() => db.DeadlineIndex, () => db.Staff, () => db.Deliveries, () => db.Reporters, () => db.Statistics));
        app._owned.AddRange([db, users, log]);
        // The feature stores are opened on first use: a request pays only for the connections it needs (issue 16, speed).
        app.UseDocumentation(() => Vern.Storage.Documentation.SqliteDocumentationStore.Open(path, create: false));
        app.UseIntake(() => db.Intake, () => db.Intake);
        app.UseMatching(() => db.Matching);
        app.UseParties(() => Vern.Storage.Parties.SqlitePartyStore.Open(path, create: false));
        app.UseState(() => db.State);
        app.UseInvoices(() => Vern.Storage.Finance.SqliteInvoiceStore.Open(path, create: false));
        app._openLoginLockouts = () => Vern.Storage.Security.SqliteLoginLockoutStore.Open(path); // opened only on a login (VernApp.Web.cs)
        app._openKeyRing = () => new Vern.Storage.Security.SqliteKeyRingStore(path);
        return app;
    }

    public CodeListSet CodeLists { get; }

    /// <summary>Commands on cases (load, decide, append); used inside the layer and by the data generators.</summary>
    internal CaseService Cases { get; }

    /// <summary>Today in Norway by the injected clock.</summary>
    public DateOnly Today => NorwegianTime.Today(_clock);

    // ---- Who acts --------------------------------------------------------------------------------------------------

    /// <summary>The actor for a stored user id. Unknown users and disabled users cannot act.</summary>
    public async Task<Actor> ActorAsync(string userId)
    {
        var user = await FindUserAsync(userId) ?? throw new UnknownUserException(userId);
        if (user.Disabled)
            throw new AccessDeniedException($"Brukeren «{userId}» er deaktivert og kan ikke handle i Vern.");
        return Actor.From(user);
    }

    /// <summary>The stored user. In the web host on PostgreSQL (a host cursor, and a user store that reads the change feed's cursor
    /// with the user: <see cref="UseUserReadWithCursor"/>) the same statement gives the request its reading of the committed cursor,
    /// which it would otherwise read by a round trip of its own at its first kept read, and the last change before it, which answers the
    /// kept reads' «did any case change» (issue 17, under load). The reading is taken after the request began, as its own read would
    /// be, so a change committed before the request is still seen.</summary>
    private async Task<User?> FindUserAsync(string userId)
    {
        if (_usersWithCursor is null || _feed.Host is null)
            return await _users.FindAsync(userId);
        var (user, reading) = await _usersWithCursor.FindWithCommittedAsync(userId);
        await _feed.TakeReadingAsync(reading);
        return user;
    }

    /// <summary>Set by <see cref="UseUserReadWithCursor"/>.</summary>
    private IUserWithCursorRead? _usersWithCursor;

    /// <summary>Reads the acting user and the change feed's committed cursor together (<see cref="FindUserAsync"/>). Only for a
    /// user store on the same database as this app's event store: <see cref="Open"/> wires it on PostgreSQL.</summary>
    public void UseUserReadWithCursor(IUserWithCursorRead users) => _usersWithCursor = users;

    /// <summary>True when no user is stored yet (a new database: the first user, an administrator, needs no actor).</summary>
    public async Task<bool> HasNoUsersAsync() => (await _users.ListAsync()).Count == 0;

    /// <summary>Adds a user. On a database with no users, the first user may be added without an actor, but only as an
    /// administrator (bootstrap); otherwise only an administrator may add users (of their own municipality, unless they
    /// are a national administrator with none).</summary>
    public async Task<User> AddUserAsync(Actor? by, string id, string name, Role role, string? municipalityNumber, string? bydel = null, string? region = null)
    {
        ValidateUser(id, name, role, municipalityNumber, bydel, region);
        if (by is null)
        {
            if (!await HasNoUsersAsync())
                throw new AccessDeniedException("Oppgi hvem du er (--as BRUKER eller VERN_USER): bare den første brukeren, en administrator, kan lages uten.");
            if (role != Role.Administrator)
                throw new AccessDeniedException("Den første brukeren i en ny database må være administrator (--role administrator).");
        }
        else
        {
            await RequireUserAdmin(by, municipalityNumber, bydel);
        }
        var user = new User(id, name, role, municipalityNumber, bydel, region, false, null, _clock.GetUtcNow(), by?.UserId ?? "(første bruker)");
        await _users.AddAsync(user);
        return user;
    }

    /// <summary>Adds users without an actor: for the data generators making their demo users in a database they just made.</summary>
    public async Task AddSystemUserAsync(User user) => await _users.AddAsync(user with { CreatedAt = _clock.GetUtcNow() });

    public async Task<IReadOnlyList<User>> ListUsersAsync(Actor by)
    {
        await RequireUserAdmin(by, by.MunicipalityNumber, by.Bydel);
        var all = await _users.ListAsync();
        return by.MunicipalityNumber is null ? all : [.. all.Where(u => u.MunicipalityNumber == by.MunicipalityNumber && (by.Bydel is null || u.Bydel == by.Bydel))];
    }

    public async Task<IReadOnlyList<UserChange>> UserHistoryAsync(Actor by, string id)
    {
        var user = await _users.FindAsync(id) ?? throw new UnknownUserException(id);
        await RequireUserAdmin(by, user.MunicipalityNumber, user.Bydel);
        return await _users.HistoryAsync(id);
    }

    public async Task DisableUserAsync(Actor by, string id, bool disabled = true)
    {
        var user = await _users.FindAsync(id) ?? throw new UnknownUserException(id);
        await RequireUserAdmin(by, user.MunicipalityNumber, user.Bydel);
        await _users.SetDisabledAsync(id, disabled, by.UserId, _clock.GetUtcNow());
    }

    public async Task ChangeRoleAsync(Actor by, string id, Role role, string? municipalityNumber, string? bydel = null, string? region = null)
    {
        var user = await _users.FindAsync(id) ?? throw new UnknownUserException(id);
        ValidateUser(id, user.Name, role, municipalityNumber, bydel, region);
        await RequireUserAdmin(by, user.MunicipalityNumber, user.Bydel);
        await RequireUserAdmin(by, municipalityNumber, bydel);
        await _users.ChangeRoleAsync(id, role, municipalityNumber, bydel, region, by.UserId, _clock.GetUtcNow());
    }

    /// <summary>Sets whether the caseworkers of a service see all of its cases (else only those assigned to them).</summary>
    public async Task SetCaseworkersSeeServiceAsync(Actor by, string municipalityNumber, bool value)
    {
        await Require(by, Operation.Configure, municipalityNumber, "innstilling");
        // The setting is the actor's service's: for an administrator of a bydel, that bydel's.
        var bydel = by.MunicipalityNumber == municipalityNumber ? by.Bydel : null;
        _seesService = null;
        await _settings.SetSettingAsync(AccessPolicy.CaseworkersSeeServiceSetting(municipalityNumber, bydel), value ? "true" : "false", by.UserId, _clock.GetUtcNow());
    }

    /// <summary>A stored setting (for the CLI's default user, among others); reading settings needs no actor.</summary>
    public Task<string?> SettingAsync(string key) => _settings.GetSettingAsync(key);

    /// <summary>Stores a setting without an actor: only for the data generators in a database they just made.</summary>
    public Task SetSystemSettingAsync(string key, string value, string by)
    {
        _seesService = null;
        return _settings.SetSettingAsync(key, value, by, _clock.GetUtcNow());
    }

    // ---- Commands ----------------------------------------------------------------------------------------------------

    /// <summary>Opens a case in the actor's municipality; returns the new events and version.</summary>
    public async Task<CaseChange> OpenCaseAsync(Actor actor, OpenCase command, CaseId? id = null)
    {
        _lastRead = null;
        var caseId = id ?? new CaseId(Guid.NewGuid());
        // A case opened by an actor whose service is a bydel belongs to that bydel unless the command names one (which the
        // policy then compares with theirs).
        if (command.Bydel is null && actor.Bydel is { } bydel && actor.MunicipalityNumber == command.MunicipalityNumber)
            command = command with { Bydel = bydel };
        await RequireCase(actor, Operation.OpenCase, caseId, command.MunicipalityNumber, command.Bydel, null, "");
        return await Cases.ChangeAsync(caseId, command, actor.UserId, state: null, role: Roles.Name(actor.Role));
    }

    /// <summary>Records any step on a case (assigning is <see cref="Operation.AssignCase"/>, the rest <see cref="Operation.RecordStep"/>).</summary>
    public Task<CaseChange> RecordAsync(Actor actor, CaseId caseId, CaseCommand command) => RecordAsync(actor, caseId, command, null);

    /// <summary>Loads the case once, checks the actor on it, decides on that same state and appends with its version as the
    /// expected version (<see cref="CaseService.ChangeAsync(CaseId, CaseCommand, string, CaseState?, string?, CancellationToken)"/>):
    /// a step checked and decided on one version is never appended on top of another writer's edit. With
    /// <paramref name="expectedVersion"/> (the version a form was read at) a case that has moved on since is refused
    /// before anything is decided.</summary>
    private async Task<CaseChange> RecordAsync(Actor actor, CaseId caseId, CaseCommand command, long? expectedVersion)
    {
        _lastRead = null;
        if (command is OpenCase open)
            return await OpenCaseAsync(actor, open, caseId);
        var state = await _store.LoadStateAsync(caseId);
        if (state is null)
        {
            // Do not tell an actor whether a case exists before they may see it: a case they may not see is "not found".
            await Deny(actor, AccessPolicy.For(command), caseId, null, $"Saken {caseId} finnes ikke.", "");
        }
        await RequireCase(actor, AccessPolicy.For(command), caseId, state!.MunicipalityNumber, state.Bydel, state.CaseworkerId, "");
        if (expectedVersion is { } expected && state.Version != expected)
            throw new ConcurrencyException(caseId, expected, state.Version);
        return await Cases.ChangeAsync(caseId, command, actor.UserId, state, Roles.Name(actor.Role));
    }

    public Task<CaseChange> AssignAsync(Actor actor, CaseId caseId, string caseworkerId, DateOnly on) =>
        RecordAsync(actor, caseId, new AssignCaseworker(caseworkerId, on));

    /// <summary>Imports a case exported as JSON (a new case in the actor's municipality).</summary>
    public async Task<CaseState> ImportCaseAsync(Actor actor, string json)
    {
        // A municipality number that is not one (the decider refuses it below, naming the field) is checked as the actor's own.
        var (opened, bydel) = OpenedService(json);
        var municipality = opened is { Length: 4 } m && m.All(char.IsAsciiDigit) ? m : null;
        if (municipality is null)
            await Require(actor, Operation.ImportCase, actor.MunicipalityNumber, "");
        else
            await Require(actor, Operation.ImportCase, municipality, "");
        if (municipality is not null && AccessPolicy.RefusalForBydel(actor, municipality, bydel) is { } other)
            await Deny(actor, Operation.ImportCase, null, $"{municipality}/{bydel ?? "-"}", other, "");
        return await CaseTransfer.ImportAsync(Cases, json, actor.UserId, Roles.Name(actor.Role));
    }

    /// <summary>Imports register files (one case per file) into the actor's municipality. A file for another municipality
    /// is refused whole, before anything of its batch is stored.</summary>
    public async Task<RegisterImportResult> ImportRegisterAsync(Actor actor, string path, Vern.Register.RegisterReadOptions options)
    {
        await Require(actor, Operation.ImportRegister, actor.MunicipalityNumber, "");
        var guard = new MunicipalityGuard(_feed, _store, actor);
        var importer = new Vern.Register.Import.RegisterImporter(new CaseService(guard, guard, CodeLists, _clock), options, actor.UserId, _clock, Roles.Name(actor.Role));
        List<Vern.Register.Import.ImportOutcome> outcomes;
        try
        {
            outcomes = await importer.ImportPathAsync(path).ToListAsync();
        }
        catch (AccessDeniedException e) when (guard.Refused is { } other)
        {
            await Deny(actor, Operation.ImportRegister, null, other, e.Message, "");
            throw;
        }
        if (_features is { } features)
            foreach (var avgiver in importer.Reporters)
                await features.Reporters.RecordAsync(Reporter.ToRecord(avgiver), "import register " + Path.GetFileName(path), _clock.GetUtcNow());
        return new RegisterImportResult(outcomes, [.. importer.Reporters]);
    }

    // ---- Queries (every one scoped by the actor and logged) ------------------------------------------------------------

    /// <summary>The case page (state and timeline); logged as a read of the case.</summary>
    public async Task<CasePage> ShowCaseAsync(Actor actor, CaseId caseId, string purpose = "")
    {
        var state = await ReadableCase(actor, Operation.ViewCase, caseId, purpose);
        await LogCase(actor, Operation.ViewCase, caseId, purpose);
        return new CasePage(state, await _store.ReadStreamAsync(caseId));
    }

    /// <summary>The case as JSON (its whole history); logged as a read.</summary>
    public async Task<string> ExportCaseAsync(Actor actor, CaseId caseId, string purpose = "")
    {
        await ReadableCase(actor, Operation.ExportCase, caseId, purpose);
        var json = await CaseTransfer.ExportAsync(_store, caseId);
        await LogCase(actor, Operation.ExportCase, caseId, purpose);
        return json;
    }

    /// <summary>The cases the actor may see, optionally narrowed by municipality (which must be theirs) and by a search text
    /// (journal number or the child's name); logged as one bulk read.</summary>
    public async Task<IReadOnlyList<CaseHeader>> ListCasesAsync(Actor actor, string? municipalityNumber = null, string? search = null, string purpose = "")
    {
        var m = municipalityNumber ?? actor.MunicipalityNumber;
        var scope = await Require(actor, Operation.ListCases, m, purpose);
        var headers = (await _store.ListCasesAsync(CaseScope(actor, m))).ToDictionary(h => h.Id);
        var visible = new List<CaseHeader>();
        await foreach (var s in _store.ReadStatesAsync(CaseScope(actor, m)))
            if ((scope != Scope.AssignedCases || s.CaseworkerId == actor.UserId) && Matches(s, search))
                visible.Add(headers[s.Id]);
        await LogBulk(actor, Operation.ListCases, m!, purpose, visible.Select(h => h.Id).ToList());
        return visible;
    }

    /// <summary>Every read of the case: its own reads and every bulk read that included it. Reading the log is itself logged.</summary>
    public async Task<IReadOnlyList<AccessEntry>> CaseAccessAsync(Actor actor, CaseId caseId, string purpose = "")
    {
        var state = await ReadableCase(actor, Operation.CaseAccessReport, caseId, purpose);
        var rows = await _log.ForCaseAsync(caseId, state.MunicipalityNumber);
        await LogCase(actor, Operation.CaseAccessReport, caseId, purpose);
        return rows;
    }

    /// <summary>Open duties as of <paramref name="asOf"/> in the actor's scope; logged as one bulk read of the cases they came from.</summary>
    public async Task<DeadlineList> DeadlinesAsync(Actor actor, string? municipalityNumber, DateOnly asOf, string purpose = "")
    {
        if (_lookup is not null)
        {
            var scoped = await ScopedDuties(actor, Operation.Deadlines, municipalityNumber, asOf, purpose);
            return new DeadlineList(asOf, [.. scoped.Open], scoped.Facts.Count);
        }
        var (allFacts, service) = await ScopedFacts(actor, Operation.Deadlines, municipalityNumber, asOf, purpose);
        return new DeadlineList(asOf, service.OpenObligations(allFacts, asOf), allFacts.Count);
    }

    /// <summary>Worklists (per caseworker and unassigned), in the actor's scope; logged as one bulk read.</summary>
    public async Task<IReadOnlyList<Worklist>> WorklistsAsync(Actor actor, string? municipalityNumber, DateOnly asOf, string? caseworkerId = null, string purpose = "")
    {
        if (_lookup is not null)
        {
            var scoped = await ScopedDuties(actor, Operation.Worklist, municipalityNumber, asOf, purpose);
            var m = municipalityNumber ?? actor.MunicipalityNumber;
            return caseworkerId is null ? scoped.Worklists(m) : Vern.Deadlines.Reports.Worklists.Build(scoped.Open, m, caseworkerId);
        }
        var (facts, service) = await ScopedFacts(actor, Operation.Worklist, municipalityNumber, asOf, purpose);
        return service.Worklists(facts, asOf, municipalityNumber ?? actor.MunicipalityNumber, caseworkerId);
    }

    /// <summary><see cref="ScopedFacts"/> through the web host's <see cref="CaseLookup"/>: the municipality's open duties are computed
    /// once per change of the store (not per request), and narrowed to the actor's scope (their bydel, from the lookup's entries,
    /// and for an actor who sees only their own cases, theirs) once per change too; logged as one bulk read, as before.</summary>
    private async Task<ScopedDuties> ScopedDuties(Actor actor, Operation operation, string? municipalityNumber, DateOnly asOf, string purpose)
    {
        var m = municipalityNumber ?? actor.MunicipalityNumber;
        var scope = await Require(actor, operation, m, purpose);
        // The deadline index is opened only when the store has changed since the duties were last computed.
        var all = await _lookup!.OpenDutiesAsync(_feed, m, asOf, () => Deadlines("frister").LoadFactsAsync(MunicipalityScope.OneOrNational(m), openOn: asOf),
            facts => Deadlines("frister").OpenObligations(facts, asOf));
        // A bydel's service sees its own cases only (issue 15): the lookup's entries carry each case's bydel. The view is read after
        // the duties, so every case they hold is in it. Before the lookup's first build, the bydel's cases are listed rather than
        // wait for it (as search and the register gaps).
        var bydel = m is null ? null : CaseScope(actor, m).Bydel;
        var caseworker = scope == Scope.AssignedCases ? actor.UserId : null;
        ScopedDuties scoped;
        if (bydel is not null && _lookup is not { IsBuilt: true })
            scoped = all.NarrowedTo(await ServiceCaseIdsAsync(actor, m!), caseworker);
        else
            scoped = all.Narrowed(bydel, caseworker, bydel is null ? null : await _lookup.CurrentAsync(_feed));
        await LogBulk(actor, operation, m!, purpose, scoped.Ids);
        return scoped;
    }

    /// <summary>The register export for the actor's municipality to a folder or a zip file (<c>vern export register --out</c>); logged
    /// as one bulk read of every case it read. Its deliveries are recorded as the actor's, <c>cli-zip</c> or <c>cli-folder</c>
    /// (migration 35).</summary>
    public Task<ExportSummary> RegisterExportAsync(Actor actor, ExportOptions options, string output, string purpose = "") =>
        RegisterExportAsync(actor, options, purpose, (exporter, latest) =>
            exporter.ExportAsync(options, output, latestRead: latest, origin: RegisterExporter.OriginFor(actor.UserId, output)));

    /// <summary>The register export for the actor's municipality as a zip handed to <paramref name="handOver"/> (the web page's
    /// download), not kept; its deliveries are recorded only once <paramref name="handOver"/> has completed, and not at all if it
    /// throws (issue 14: a delivery the log records but the user never got would be skipped by the next export). Logged as one
    /// bulk read of every case it read, whether or not the file got through. Its deliveries are recorded as the actor's,
    /// <c>web-download</c> (migration 35).</summary>
    public Task<ExportSummary> RegisterExportAsync(Actor actor, ExportOptions options, Func<Stream, CancellationToken, Task> handOver,
        string purpose = "", CancellationToken cancellationToken = default) =>
        RegisterExportAsync(actor, options, purpose, (exporter, latest) =>
            exporter.ExportAsync(options, handOver, latest, new DeliveryOrigin(actor.UserId, DeliveryWay.WebDownload), cancellationToken));

    private async Task<ExportSummary> RegisterExportAsync(Actor actor, ExportOptions options, string purpose,
        Func<RegisterExporter, Task<LatestDeliveries>, Task<ExportSummary>> run)
    {
        await Require(actor, Operation.RegisterExport, options.MunicipalityNumber, purpose);
        var deliveries = Features("registereksport").Deliveries;
        // The delivery log's latest row per case is read on its own connection while the cases are listed and logged (issue 14:
        // both ran one after the other before the first file, ≈ 0.2 s each for the national bench's 62,874 cases).
        var latest = Task.Run(() => deliveries.LatestAsync(options.MunicipalityNumber));
        try
        {
            var read = (await _store.ListCasesAsync(CaseScope(actor, options.MunicipalityNumber))).Select(h => h.Id).ToList();
            await LogBulk(actor, Operation.RegisterExport, options.MunicipalityNumber, purpose, read);
        }
        catch
        {
            await latest.ContinueWith(t => t.Exception, TaskScheduler.Default); // its outcome is not wanted, only observed
            throw;
        }
        return await run(new RegisterExporter(Scoped(actor), deliveries), latest);
    }

    /// <summary>The reporter (Avgiver) last recorded for a municipality, or null.</summary>
    public async Task<Avgiver?> RecordedReporterAsync(Actor actor, string municipalityNumber)
    {
        await Require(actor, Operation.RegisterCheck, municipalityNumber, "avgiver");
        return Reporter.FromRecord(await Features("avgiver").Reporters.LatestAsync(municipalityNumber));
    }

    /// <summary>Keeps an Avgiver given on the command line for later exports.</summary>
    public async Task RecordReporterAsync(Actor actor, Avgiver avgiver, string source)
    {
        await Require(actor, Operation.RegisterExport, avgiver.Kommunenummer, "avgiver");
        await Features("avgiver").Reporters.RecordAsync(Reporter.ToRecord(avgiver), source, _clock.GetUtcNow());
    }

    /// <summary>SSB's register controls on the live cases in the actor's scope ("before you send"); logged as one bulk read.</summary>
    public async Task<LiveCheckReport> RegisterCheckAsync(Actor actor, string municipalityNumber, RegisterFile header, RegisterValidationOptions options,
        Severity minimum = Severity.Info, string purpose = "")
    {
        var scope = await Require(actor, Operation.RegisterCheck, municipalityNumber, purpose);
        var states = await _store.ReadStatesAsync(CaseScope(actor, municipalityNumber)).Where(s => scope != Scope.AssignedCases || s.CaseworkerId == actor.UserId).ToListAsync();
        await LogBulk(actor, Operation.RegisterCheck, municipalityNumber, purpose, states.Select(s => s.Id).ToList());
        return LiveRegisterCheck.Run(states, header, options, minimum);
    }

    /// <summary>Indicators from the case data. A leader gets their own municipality's; analysts and auditors get aggregates
    /// with small counts suppressed (<see cref="Suppression"/>, at least <see cref="SuppressionRule.Default"/>; a caller may ask
    /// for a stricter rule, or for suppression where the role does not require it). Logged as one bulk read of the cases counted.</summary>
    public async Task<StatisticsResult> StatisticsAsync(Actor actor, StatisticsQuery query, IProgress<long>? progress = null, string purpose = "",
        SuppressionRule? suppression = null)
    {
        var scope = await Require(actor, Operation.Statistics, query.Municipality, purpose);
        // The cases the statistics read are logged as they are read (the projection's rows of the actor's scope, narrowed as
        // their listings are), before any figure is counted: the national read has no second listing of every case.
        return await Statistics(actor, scope).ComputeAsync(query, progress, read: ids => LogBulk(actor, Operation.Statistics, query.Municipality ?? "*", purpose, ids),
            suppression: RequiredSuppression(scope, suppression));
    }

    /// <summary>The suppression rule that applies: the one asked for, and for an aggregates-only scope never weaker than the default.</summary>
    private static SuppressionRule? RequiredSuppression(Scope scope, SuppressionRule? asked) =>
        scope != Scope.AggregatesOnly ? asked
        : asked is null || asked.MaxSuppressed < SuppressionRule.Default.MaxSuppressed ? SuppressionRule.Default
        : asked;

    // ---- Policy plumbing --------------------------------------------------------------------------------------------

    /// <summary>The ids of the cases <paramref name="actor"/>'s service holds in <paramref name="municipalityNumber"/>, read from
    /// the store (for an actor whose service is a bydel: that bydel's cases).</summary>
    private async Task<HashSet<CaseId>> ServiceCaseIdsAsync(Actor actor, string municipalityNumber) =>
        (await _store.ListCasesAsync(CaseScope(actor, municipalityNumber))).Select(h => h.Id).ToHashSet();

    /// <summary>The cases a bulk read by <paramref name="actor"/> over <paramref name="municipalityNumber"/> covers (the
    /// municipality was checked by <see cref="Require"/>): the whole municipality, or for an actor whose service is a bydel,
    /// that bydel's cases only; null is the nation (aggregates).</summary>
    internal static MunicipalityScope CaseScope(Actor actor, string? municipalityNumber) =>
        municipalityNumber is null ? MunicipalityScope.National
        : MunicipalityScope.Of(municipalityNumber, actor.MunicipalityNumber == municipalityNumber ? actor.Bydel : null);

    /// <summary>As <see cref="CaseScope(Actor, string?)"/>, but an aggregates-only read (suppressed counts, analysts and
    /// auditors) is not narrowed to the actor's bydel: it may cover other municipalities too.</summary>
    private static MunicipalityScope CaseScope(Actor actor, string? municipalityNumber, Scope scope) =>
        scope == Scope.AggregatesOnly ? MunicipalityScope.OneOrNational(municipalityNumber) : CaseScope(actor, municipalityNumber);

    private ICaseSnapshots Scoped(Actor actor, Scope scope) => scope == Scope.AggregatesOnly ? _store : Scoped(actor);

    /// <summary>The statistics feature as <paramref name="actor"/> may use it: on the statistics projection (issue 19) when the
    /// host wired one — narrowed to the actor's bydel as their snapshots are (<see cref="BydelSnapshots.Narrow"/>) — else on
    /// the actor's snapshots.</summary>
    private StatisticsService Statistics(Actor actor, Scope scope)
    {
        var snapshots = Scoped(actor, scope);
        return new StatisticsService(snapshots, StatisticsProjection(), snapshots is BydelSnapshots narrowed ? narrowed.Narrow : null);
    }

    private SemaphoreSlim? _statisticsGate;

    /// <summary>Lets every refresh of the statistics projection in this process go through one gate per database (the web host
    /// passes its singleton's, shared by its background catch-up and the statistics reads).</summary>
    public void UseStatisticsGate(SemaphoreSlim gate) => _statisticsGate = gate;

    private Vern.Statistics.Projection.StatisticsProjection? StatisticsProjection() =>
        _features?.Statistics is { } kept ? new Vern.Statistics.Projection.StatisticsProjection(kept, _store, _store, _statisticsGate) : null;

    /// <summary>Brings the statistics projection up to date with the change feed (issue 19: the web host calls this in the
    /// background after changes, so that a statistics read does not pay for the catch-up; the read still catches up itself
    /// first, so it is correct whether or not this has run). Derived data only: no case data leaves it, so it needs no actor
    /// and is not logged, as <see cref="RefreshChildIndexAsync"/>. Null when the host wired no projection.</summary>
    public async Task<Vern.Statistics.Projection.StatisticsProjection.RefreshResult?> CatchUpStatisticsAsync(CancellationToken cancellationToken = default) =>
        StatisticsProjection() is { } projection ? await projection.RefreshAsync(cancellationToken: cancellationToken) : null;

    /// <summary>The snapshots as <paramref name="actor"/> may read them in bulk: for an actor whose service is a bydel, every
    /// listing of their municipality is narrowed to their bydel (the feature services that read cases themselves, e.g. the
    /// register export and the statistics, get this, not the whole store).</summary>
    private ICaseSnapshots Scoped(Actor actor) => actor.Bydel is null ? _store : new BydelSnapshots(_store, actor);

    /// <summary>Whether a case is in the actor's service: their municipality and, for a bydel's service, their bydel.</summary>
    internal static bool InService(Actor actor, CaseState state) =>
        actor.MunicipalityNumber == state.MunicipalityNumber && (actor.Bydel is null || actor.Bydel == state.Bydel);

    /// <summary>Deadline facts narrowed to the actor's bydel (the index is kept per municipality and knows no bydel): through the web
    /// host's <see cref="CaseLookup"/> (read after the facts, so it holds every case they name), else by listing the bydel's cases.</summary>
    private async Task<List<CaseFacts>> InService(Actor actor, string? municipalityNumber, List<CaseFacts> facts)
    {
        if (actor.Bydel is null || municipalityNumber is null || municipalityNumber != actor.MunicipalityNumber)
            return facts;
        if (_lookup is { IsBuilt: true }) // before its first build, the bydel's cases are listed rather than wait for it
        {
            var view = await _lookup.CurrentAsync(_feed);
            return [.. facts.Where(f => view.ById.TryGetValue(f.Id, out var e) && e.Bydel == actor.Bydel)];
        }
        var ids = await ServiceCaseIdsAsync(actor, municipalityNumber);
        return [.. facts.Where(f => ids.Contains(f.Id))];
    }

    private async Task<bool> CaseworkersSeeService(Actor actor)
    {
        if (actor.Role != Role.Caseworker || actor.MunicipalityNumber is not { } m)
            return false;
        var key = AccessPolicy.CaseworkersSeeServiceSetting(m, actor.Bydel);
        // In the web host an app lives for one request: a page that checks two operations (the worklist and its register gaps)
        // reads the setting once. The next request reads it again, so a change shows at once.
        if (_lookup is not null && _seesService is { } kept && kept.Key == key)
            return kept.Value;
        var value = await _settings.GetSettingAsync(key) == "true";
        if (_lookup is not null)
            _seesService = (key, value);
        return value;
    }

    /// <summary>The setting <see cref="CaseworkersSeeService"/> read last in this app (web host only; forgotten when a setting is set).</summary>
    private (string Key, bool Value)? _seesService;

    /// <summary>Checks a bulk operation over a municipality (null: all); logs and throws on denial; returns the scope.</summary>
    private async Task<Scope> Require(Actor actor, Operation operation, string? municipalityNumber, string purpose)
    {
        var scope = AccessPolicy.Effective(actor, operation, await CaseworkersSeeService(actor));
        if (AccessPolicy.RefusalForScope(actor, operation, scope, municipalityNumber, purpose) is { } refusal)
            await Deny(actor, operation, null, municipalityNumber ?? "*", refusal, purpose);
        return scope;
    }

    private async Task RequireCase(Actor actor, Operation operation, CaseId caseId, string municipalityNumber, string? bydel, string? caseworkerId, string purpose)
    {
        var scope = AccessPolicy.Effective(actor, operation, await CaseworkersSeeService(actor));
        if (AccessPolicy.RefusalForCase(actor, operation, scope, municipalityNumber, bydel, caseworkerId, purpose) is { } refusal)
            await Deny(actor, operation, caseId, null, refusal, purpose);
    }

    private async Task<CaseState> ReadableCase(Actor actor, Operation operation, CaseId caseId, string purpose)
    {
        // In the web host an app lives for one request: the case page's parts (the case, its possible duplicates, its referrals)
        // read the case's state once, not once each (a 500-event case's state is large to deserialise; issue 16, speed). Every
        // part still checks the actor and logs its own read. A write through this app forgets it (RecordAsync, OpenCaseAsync).
        var state = _lookup is not null && _lastRead is { } kept && kept.Id == caseId ? kept.State : await _store.LoadStateAsync(caseId);
        if (state is null)
            await Deny(actor, operation, caseId, null, $"Saken {caseId} finnes ikke.", purpose, notFound: true);
        await RequireCase(actor, operation, caseId, state!.MunicipalityNumber, state.Bydel, state.CaseworkerId, purpose);
        if (_lookup is not null)
            _lastRead = (caseId, state);
        return state;
    }

    /// <summary>The case state <see cref="ReadableCase"/> read last in this app (web host only; forgotten on a write).</summary>
    private (CaseId Id, CaseState State)? _lastRead;

    /// <summary>An administrator manages the users of their own service: their municipality, or for a bydel's administrator that
    /// bydel (a bydel's administrator cannot make a user of the whole municipality, who would see every bydel).</summary>
    private async Task RequireUserAdmin(Actor by, string? municipalityNumber, string? bydel)
    {
        var scope = AccessPolicy.ScopeOf(by.Role, Operation.ManageUsers);
        string? refusal = scope == Scope.None ? $"{by.UserId} ({by.Describe()}) har ikke tilgang til å forvalte brukere."
            : by.MunicipalityNumber is not null && municipalityNumber != by.MunicipalityNumber ? $"{by.UserId} ({by.Describe()}) kan bare forvalte brukere i kommune {by.MunicipalityNumber}."
            : by.Bydel is not null && bydel != by.Bydel ? $"{by.UserId} ({by.Describe()}) kan bare forvalte brukere i bydel {by.Bydel} i kommune {by.MunicipalityNumber}."
            : null;
        if (refusal is not null)
            await Deny(by, Operation.ManageUsers, null, municipalityNumber ?? "*", refusal, "");
    }

    /// <summary>Logs the refusal, then throws. A case that does not exist throws <see cref="ArgumentException"/> (not found).</summary>
    private async Task Deny(Actor actor, Operation operation, CaseId? caseId, string? scope, string message, string purpose, bool notFound = false)
    {
        await _log.RecordAsync(new AccessEntry(0, _clock.GetUtcNow(), actor.UserId, Roles.Name(actor.Role), OperationName(operation), purpose,
            caseId, caseId is null ? scope ?? "*" : null, caseId is null ? 0 : 1, AccessEntry.Denied));
        if (notFound)
            throw new ArgumentException(message);
        throw new AccessDeniedException(message + " Forsøket er logget.");
    }

    private Task LogCase(Actor actor, Operation operation, CaseId caseId, string purpose) =>
        _log.RecordAsync(new AccessEntry(0, _clock.GetUtcNow(), actor.UserId, Roles.Name(actor.Role), OperationName(operation), purpose, caseId, null, 1));

    private Task LogBulk(Actor actor, Operation operation, string scope, string purpose, IReadOnlyCollection<CaseId> cases)
    {
        var row = _log.RecordBulkAsync(new AccessEntry(0, _clock.GetUtcNow(), actor.UserId, Roles.Name(actor.Role), OperationName(operation), purpose, null, scope, cases.Count), cases);
        if (_rowsInFlight is not { } rows)
            return row;
        rows.Add(row);
        return Task.CompletedTask;
    }

    /// <summary>While <see cref="WorklistPageAsync"/> runs: the bulk rows written and not yet awaited, so that its two reads wait for
    /// their rows together (one group commit) rather than one after the other.</summary>
    private List<Task>? _rowsInFlight;

    /// <summary>The operation's name in the access log ("case show", "deadlines" …).</summary>
    public static string OperationName(Operation operation) => operation switch
    {
        Operation.ViewCase => "case show",
        Operation.ExportCase => "case export",
        Operation.ListCases => "case list",
        Operation.CaseAccessReport => "case access",
        Operation.RegisterExport => "export register",
        Operation.RegisterCheck => "register check",
        Operation.ImportRegister => "import register",
        Operation.ImportCase => "case import",
        Operation.ReadDocumentation => "documentation read",
        Operation.WriteDocumentation => "documentation write",
        Operation.Invoices => "invoice",
        Operation.Verify => "verify",
        Operation.SearchDocumentation => "search",
        Operation.IntakeImport => "intake import",
        Operation.IntakeInbox => "intake inbox",
        Operation.IntakeRegister => "intake register",
        Operation.IntakeReconcile => "intake reconcile",
        Operation.IntakeAlarms => "intake alarms",
        Operation.RouteReport => "intake route",
        Operation.ChildCandidates => "child candidates",
        Operation.DecideChildMatch => "child match decision",
        Operation.RecordPerson => "case person",
        Operation.InnsynExport => "case innsyn",
        Operation.PartyAccessReport => "case access for party",
        Operation.WithholdFromParty => "participation withhold",
        Operation.SendReferral => "referral send",
        Operation.ReadReferrals => "referral read",
        Operation.StateIntake => "referral intake",
        Operation.RecordBreach => "referral breach",
        Operation.ExchangeMessages => "referral messages",
        Operation.StateReports => "state reports",
        Operation.ManageFacilities => "facilities",
        _ => operation.ToString().ToLowerInvariant(),
    };

    private async Task<(List<CaseFacts> Facts, DeadlineService Service)> ScopedFacts(Actor actor, Operation operation, string? municipalityNumber, DateOnly asOf, string purpose)
    {
        var m = municipalityNumber ?? actor.MunicipalityNumber;
        var scope = await Require(actor, operation, m, purpose);
        var service = Deadlines("frister");
        var facts = await InService(actor, m, await service.LoadFactsAsync(MunicipalityScope.OneOrNational(m), openOn: asOf));
        if (scope == Scope.AssignedCases)
            facts = facts.Where(f => f.CaseworkerId == actor.UserId).ToList();
        await LogBulk(actor, operation, m!, purpose, facts.Select(f => f.Id).ToList());
        return (facts, service);
    }

    private FeatureStores Features(string what) =>
        _features ?? throw new InvalidOperationException($"Funksjonen «{what}» trenger lagring for fristindeks, ansatte og leveranser (VernApp.OpenSqlite).");

    /// <summary>The deadline feature over this app's ports.</summary>
    private DeadlineService Deadlines(string what)
    {
        var f = Features(what);
        return new DeadlineService(_store, _store, f.DeadlineIndex, f.Staff);
    }

    private static bool Matches(CaseState s, string? search) =>
        string.IsNullOrWhiteSpace(search)
        || s.JournalNumber.Contains(search, StringComparison.OrdinalIgnoreCase)
        || $"{s.Child.GivenName} {s.Child.FamilyName}".Contains(search, StringComparison.OrdinalIgnoreCase);

    /// <summary>The municipality and bydel a case document's first event opens the case in (null when unreadable).</summary>
    private static (string? Municipality, string? Bydel) OpenedService(string json)
    {
        try
        {
            var doc = JsonSerializer.Deserialize<CaseTransfer.CaseDocument>(json, CaseJson.Options);
            return doc?.Events is [{ Event: CaseOpened o }, ..] ? (o.MunicipalityNumber, o.Bydel) : (null, null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
        catch (NotSupportedException)
        {
            return (null, null);
        }
    }

    private static void ValidateUser(string id, string name, Role role, string? municipality, string? bydel, string? region)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Any(char.IsWhiteSpace) || id.Any(char.IsControl))
            throw new ArgumentException("--id: brukerens id må være ett ord uten mellomrom.");
        if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsControl))
            throw new ArgumentException("--name: brukerens navn må oppgis.");
        if (municipality is not null && (municipality.Length != 4 || !municipality.All(char.IsAsciiDigit)))
            throw new ArgumentException($"--municipality: «{municipality}» er ikke et kommunenummer (4 siffer).");
        if (bydel is not null && (bydel.Length != 2 || !bydel.All(char.IsAsciiDigit)))
            throw new ArgumentException($"--bydel: «{bydel}» er ikke et bydelsnummer (2 siffer).");
        if (bydel is not null && municipality is null)
            throw new ArgumentException("--bydel krever --municipality.");
        if (role is Role.Caseworker or Role.Leader && municipality is null)
            throw new ArgumentException($"--municipality: en {Roles.Norwegian(role)} arbeider i en kommunes barneverntjeneste; oppgi kommunenummeret.");
        if (role == Role.BufetatIntake && (region is null || municipality is not null))
            throw new ArgumentException("--region: Bufetat inntak handler for en Bufetat-region (ikke en kommune); oppgi --region.");
    }

    public void Dispose()
    {
        foreach (var d in _owned)
            d.Dispose();
    }
}

/// <summary>What a register import did: one outcome per file, and the reporters (Avgiver) the files named.</summary>
public sealed record RegisterImportResult(IReadOnlyList<Vern.Register.Import.ImportOutcome> Outcomes, IReadOnlyList<Avgiver> Reporters);

/// <summary>Lets appends through only for the actor's municipality (register import of files for another municipality).</summary>
internal sealed class MunicipalityGuard(IEventLog inner, ICaseSnapshots snapshots, Actor actor) : IEventLog, ICaseSnapshots
{
    /// <summary>The municipality of the first case refused, if any.</summary>
    public string? Refused { get; private set; }

    public Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(CaseId caseId, CancellationToken cancellationToken = default) => inner.ReadStreamAsync(caseId, cancellationToken);

    public Task AppendAsync(IReadOnlyList<CaseAppend> appends, CancellationToken cancellationToken = default)
    {
        foreach (var a in appends)
        {
            if (a.NewState.MunicipalityNumber != actor.MunicipalityNumber)
                throw (Refused = a.NewState.MunicipalityNumber) is null ? new InvalidOperationException() : new AccessDeniedException($"{actor.UserId} ({actor.Describe()}) har ikke tilgang til saker i kommune {a.NewState.MunicipalityNumber}: ingen ser barn i en annen kommune. Ingenting i denne bunken ble lagret.");
            if (AccessPolicy.RefusalForBydel(actor, a.NewState.MunicipalityNumber, a.NewState.Bydel) is { } bydel)
            {
                Refused = $"{a.NewState.MunicipalityNumber}/{a.NewState.Bydel ?? "-"}";
                throw new AccessDeniedException(bydel + " Ingenting i denne bunken ble lagret.");
            }
        }
        return inner.AppendAsync(appends, cancellationToken);
    }

    public Task<CaseState?> LoadStateAsync(CaseId caseId, CancellationToken cancellationToken = default) => snapshots.LoadStateAsync(caseId, cancellationToken);

    public Task<IReadOnlyList<CaseHeader>> ListCasesAsync(MunicipalityScope scope, CancellationToken cancellationToken = default) => snapshots.ListCasesAsync(scope, cancellationToken);

    public IAsyncEnumerable<CaseState> ReadStatesAsync(MunicipalityScope scope, CancellationToken cancellationToken = default) => snapshots.ReadStatesAsync(scope, cancellationToken);

    public IAsyncEnumerable<StoredCaseState> ReadStoredStatesAsync(MunicipalityScope scope, CancellationToken cancellationToken = default) => snapshots.ReadStoredStatesAsync(scope, cancellationToken);

    public Task<long> CountEventsAsync(CancellationToken cancellationToken = default) => snapshots.CountEventsAsync(cancellationToken);
}

/// <summary>The snapshots narrowed to an actor's bydel: a listing of the actor's municipality reads only their bydel's cases,
/// and a single case of another bydel is not found (issue 15). Other municipalities' listings pass unchanged: the policy has
/// refused them already, or they are aggregates.</summary>
internal sealed class BydelSnapshots(ICaseSnapshots inner, Actor actor) : ICaseSnapshots
{
    /// <summary>A scope of the actor's municipality without a bydel becomes their bydel's; any other scope is left as it is.</summary>
    public MunicipalityScope Narrow(MunicipalityScope scope) =>
        scope.Number is { } m && m == actor.MunicipalityNumber && scope.Bydel is null ? MunicipalityScope.Of(m, actor.Bydel) : scope;

    public async Task<CaseState?> LoadStateAsync(CaseId caseId, CancellationToken cancellationToken = default) =>
        await inner.LoadStateAsync(caseId, cancellationToken) is { } s && (s.MunicipalityNumber != actor.MunicipalityNumber || s.Bydel == actor.Bydel) ? s : null;

    public Task<IReadOnlyList<CaseHeader>> ListCasesAsync(MunicipalityScope scope, CancellationToken cancellationToken = default) =>
        inner.ListCasesAsync(Narrow(scope), cancellationToken);

    public IAsyncEnumerable<CaseState> ReadStatesAsync(MunicipalityScope scope, CancellationToken cancellationToken = default) =>
        inner.ReadStatesAsync(Narrow(scope), cancellationToken);

    public IAsyncEnumerable<StoredCaseState> ReadStoredStatesAsync(MunicipalityScope scope, CancellationToken cancellationToken = default) =>
        inner.ReadStoredStatesAsync(Narrow(scope), cancellationToken);

    public Task<long> CountEventsAsync(CancellationToken cancellationToken = default) => inner.CountEventsAsync(cancellationToken);
}

/// <summary>The feature areas' storage ports, wired once by the host (e.g. <see cref="SqliteDatabase"/>).</summary>
/// <remarks>Each port is opened on its first use (a web request that reads no deadline opens no deadline index: issue 16, speed).</remarks>
public sealed class FeatureStores(Func<IDeadlineIndexStore> deadlineIndex, Func<IStaffRegistry> staff, Func<IDeliveryLog> deliveries, Func<IReporterLog> reporters,
    Func<IStatisticsProjectionStore>? statistics = null)
{
    private readonly Lazy<IDeadlineIndexStore> _deadlineIndex = new(deadlineIndex);
    private readonly Lazy<IStatisticsProjectionStore?> _statistics = new(() => statistics?.Invoke());
    private readonly Lazy<IStaffRegistry> _staff = new(staff);
    private readonly Lazy<IDeliveryLog> _deliveries = new(deliveries);
    private readonly Lazy<IReporterLog> _reporters = new(reporters);

    public FeatureStores(IDeadlineIndexStore deadlineIndex, IStaffRegistry staff, IDeliveryLog deliveries, IReporterLog reporters,
        Func<IStatisticsProjectionStore>? statistics = null)
        : this(() => deadlineIndex, () => staff, () => deliveries, () => reporters, statistics)
    {
    }

    public IDeadlineIndexStore DeadlineIndex => _deadlineIndex.Value;

    /// <summary>The statistics projection (issue 19), or null when the host wired none (statistics then read the snapshots).</summary>
    public IStatisticsProjectionStore? Statistics => _statistics.Value;

    public IStaffRegistry Staff => _staff.Value;

    public IDeliveryLog Deliveries => _deliveries.Value;

    public IReporterLog Reporters => _reporters.Value;
}
