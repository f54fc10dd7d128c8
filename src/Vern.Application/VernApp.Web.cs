using Vern.Deadlines;
using Vern.Deadlines.Engine;
using Vern.Deadlines.Reports;
using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Domain.Validation;
using Vern.Register;
using Vern.Register.Check;
using Vern.Register.Export;
using Vern.Register.Model;
using Vern.Storage;

namespace Vern.Application;

/// <summary>The case page as the web app shows it: the case and its timeline, its open duties as of today, and the
/// register controls that would fail if the case were sent now.</summary>
public sealed record CaseOverview(CaseState State, IReadOnlyList<RecordedEvent> Timeline, DateOnly AsOf, IReadOnlyList<Obligation> OpenDuties,
    IReadOnlyList<ValidationIssue> RegisterFindings);

/// <summary>The leader's dashboard: compliance per duty and caseworker over a period, caseload per caseworker, and the
/// open duties of the service (reports of concern waiting for review among them).</summary>
public sealed record LeaderOverview(string MunicipalityNumber, DateOnly From, DateOnly AsOf, ComplianceReport Compliance, CapacityReport Capacity,
    IReadOnlyList<Obligation> OpenDuties);

/// <summary>Operations the web app (issue 16) needs besides those the CLI uses: login, passwords, the case page with its duties
/// and register findings, the expected-version check on a form, search by fødselsnummer, and the leader's dashboard.
/// Each checks the policy and logs its reads like the rest of the layer.</summary>
public sealed partial class VernApp
{
    /// <summary>The stored user for a login attempt (with the password hash to check), or null. Needs no actor: nobody is
    /// logged in yet. Reads no case data.</summary>
    public Task<User?> UserForLoginAsync(string userId) => _users.FindAsync(userId);

    /// <summary>Sets a user's password hash (the hash is made by the caller; the store never sees a password). Allowed for the
    /// user themself and for an administrator of the user's municipality; kept in the user's history without the hash.</summary>
    public async Task SetPasswordHashAsync(Actor by, string userId, string passwordHash)
    {
        var user = await _users.FindAsync(userId) ?? throw new UnknownUserException(userId);
        if (by.UserId != userId)
            await RequireUserAdmin(by, user.MunicipalityNumber, user.Bydel);
        await _users.SetPasswordHashAsync(userId, passwordHash, by.UserId, _clock.GetUtcNow());
    }

    /// <summary>Sets a password hash without an actor: only for <c>vern demo</c>'s users in a database it just made.</summary>
    public Task SetSystemPasswordHashAsync(string userId, string passwordHash, string by) =>
        _users.SetPasswordHashAsync(userId, passwordHash, by, _clock.GetUtcNow());

    /// <summary>Records a step on a case that the actor read at <paramref name="expectedVersion"/> (a form opened earlier):
    /// if anyone changed the case since — before the check or between the check and the append — nothing is stored and
    /// <see cref="ConcurrencyException"/> says so: the append itself carries <paramref name="expectedVersion"/>.</summary>
    public Task<CaseChange> RecordAsync(Actor actor, CaseId caseId, CaseCommand command, long expectedVersion) =>
        RecordAsync(actor, caseId, command, (long?)expectedVersion);

    /// <summary>The case page with its open duties and register findings; logged as one read of the case.</summary>
    public async Task<CaseOverview> CaseOverviewAsync(Actor actor, CaseId caseId, SsbReference reference, string purpose = "")
    {
        var today = Today;
        // The web host keeps the overview per case per change (CaseLookup.KeptOverview; issue 17, under load: the state's JSON, the
        // events, the duties and the register controls were read and computed again on every request). A kept overview is served
        // only while its case is unchanged. The lookup's entry follows the change feed's committed cursor, which may lag behind a
        // commit (on PostgreSQL the cursor is the oldest open writing transaction: any such transaction holds it back, and a step just
        // recorded would be missing from the page). So the kept version is checked against the store's row of the case (one
        // primary-key read), unless the request's reading of the feed, taken with its user, saw no change committed past the cursor
        // (RequestFeed.SeesEveryCommit: on PostgreSQL in the web host, nearly always, with no statement of its own). The read is
        // checked against the kept state's municipality, bydel and caseworker, and logged, every time. Until the lookup's first build
        // has finished (the web host starts it at start-up) the case is read directly, checked and logged as without one.
        var entry = _lookup is not { IsBuilt: true } ? null : (await _lookup.CurrentAsync(_feed)).ById.GetValueOrDefault(caseId);
        if (entry is not null && _lookup!.KeptOverview(entry, today) is { } kept
            && (_feed.SeesEveryCommit || await _store.LoadVersionAsync(caseId) == kept.State.Version))
        {
            await RequireCase(actor, Operation.ViewCase, caseId, kept.State.MunicipalityNumber, kept.State.Bydel, kept.State.CaseworkerId, purpose);
            await LogCase(actor, Operation.ViewCase, caseId, purpose);
            _lastRead = (caseId, kept.State); // the case page's other parts (duplicates, referrals) check and log with it, as after a read
            return kept;
        }
        var overview = await ComputeOverviewAsync(actor, caseId, reference, today, purpose);
        if (entry is not null)
            _lookup!.KeepOverview(entry, overview);
        return overview;
    }

    private async Task<CaseOverview> ComputeOverviewAsync(Actor actor, CaseId caseId, SsbReference reference, DateOnly today, string purpose)
    {
        var page = await ShowCaseAsync(actor, caseId, purpose);
        var duties = DeadlineService.ForCase(page.State, today);
        duties.Sort(Worklists.ByUrgency);
        // The header only carries the file; Avgiver findings are left out of the case's check (as `vern register check`).
        var noon = new DateTime(today, new TimeOnly(12, 0));
        var header = new RegisterFile(Guid.NewGuid().ToString("D"), new DateTimeOffset(noon, NorwegianTime.Zone.GetUtcOffset(noon)), null, Reporter.Fagsystem,
            new Avgiver("000000000", page.State.MunicipalityNumber, "(avgiver)"));
        var findings = page.State.IsClosed && page.State.ClosedOn < today.AddYears(-1)
            ? []
            : LiveRegisterCheck.Check(page.State, header, new RegisterValidationOptions(reference, today));
        return new CaseOverview(page.State, page.Timeline, today, duties, findings);
    }

    /// <summary>Search within the actor's scope by journal number, the child's name, or fødselsnummer/D-nummer (11 digits,
    /// matched whole), as the hits show them (<see cref="CaseSummary"/>), ordered by journal number. Logged as one bulk read of the
    /// cases found. With a <see cref="CaseLookup"/> (the web host) the cases are looked up, scoped (municipality, bydel, own cases)
    /// and summarised from its entries, and no case state is read; without one (CLI, tests on bare ports) it reads every case of
    /// the scope.</summary>
    public async Task<IReadOnlyList<CaseSummary>> SearchCasesAsync(Actor actor, string text, string purpose = "")
    {
        var m = actor.MunicipalityNumber;
        var scope = await Require(actor, Operation.ListCases, m, purpose);
        var query = text.Trim();
        var found = new List<CaseSummary>();
        var caseScope = CaseScope(actor, m);
        // Before the lookup's first build (seconds on the national set, started at the host's start) a search reads its scope
        // directly rather than wait for it, as a case read does.
        if (query.Length > 0 && _lookup is { IsBuilt: true })
        {
            var view = await _lookup.CurrentAsync(_feed);
            bool Visible(CaseLookupEntry e) => e.In(caseScope) && (scope != Scope.AssignedCases || e.CaseworkerId == actor.UserId);
            var ids = new HashSet<CaseId>();
            foreach (var id in view.ByIdentifier.TryGetValue(query, out var byNumber) ? byNumber : [])
                if (view.ById.TryGetValue(id, out var e) && Visible(e) && ids.Add(id))
                    found.Add(e.Summary);
            foreach (var e in view.In(caseScope))
                if (Visible(e) && (e.JournalNumber.Contains(query, StringComparison.OrdinalIgnoreCase) || e.ChildName.Contains(query, StringComparison.OrdinalIgnoreCase))
                    && ids.Add(e.Id))
                    found.Add(e.Summary);
        }
        else if (query.Length > 0)
            await foreach (var s in _store.ReadStatesAsync(caseScope))
                if ((scope != Scope.AssignedCases || s.CaseworkerId == actor.UserId)
                    && (s.Child.Identifier == query || s.PersonalDetails.Any(p => p.Identifier == query) || Matches(s, query)))
                    found.Add(CaseSummary.Of(s));
        found.Sort((a, b) => string.CompareOrdinal(a.JournalNumber, b.JournalNumber));
        await LogBulk(actor, Operation.ListCases, m!, purpose, found.Select(s => s.Id).ToList());
        return found;
    }

    /// <summary>The leader's dashboard for the actor's service; logged as one bulk read of the cases counted.</summary>
    public async Task<LeaderOverview> LeaderOverviewAsync(Actor actor, DateOnly from, DateOnly asOf, string purpose = "")
    {
        var m = actor.MunicipalityNumber;
        await Require(actor, Operation.Compliance, m, purpose);
        await Require(actor, Operation.Capacity, m, purpose);
        var service = Deadlines("ledelse");
        // The service's part is the same for every leader of it until the store changes: computed once per change (the bydel is in
        // the key, as InService narrows by it).
        var s = _lookup is null ? await Compute()
            : await _lookup.PerChangeAsync(_feed, FormattableString.Invariant($"ledelse|{m}|{actor.Bydel}|{from:O}|{asOf:O}"), Compute);
        await LogBulk(actor, Operation.Compliance, m!, purpose, s.Ids);
        // The staff names and the staff registry's employees are kept per host while their stores are unchanged; on PostgreSQL one
        // statement reads both marks.
        IReadOnlyDictionary<string, string> names;
        IReadOnlyList<StaffMember>? staff = null;
        if (_staffNames is { } kept)
        {
            var marks = _changeMarks is { } both ? await both.ChangeMarksAsync() : (ChangeMarks?)null;
            names = await kept.OfAsync(_users, actor, marks?.Users);
            staff = await kept.RegistryOfAsync(Features("ledelse").Staff, m!, marks?.Staff);
        }
        else
            names = await StaffNamesAsync(actor);
        return new LeaderOverview(m!, from, asOf, s.Compliance, await service.CapacityAsync(s.Open, asOf, m!, names, s.Duties, staff), s.Duties);

        async Task<ServiceOverview> Compute()
        {
            var all = await InService(actor, m, await service.LoadFactsAsync(MunicipalityScope.OneOrNational(m)));
            var open = all.Where(c => c.OpenedOn <= asOf && (c.ClosedOn is null || c.ClosedOn > asOf)).ToList();
            var duties = service.OpenObligations(open, asOf);
            duties.Sort(Worklists.ByUrgency);
            return new ServiceOverview(new CaseIdList(all.Select(f => f.Id)), service.Compliance(all, from, asOf, m), open, duties);
        }
    }

    /// <summary>The leader's dashboard's part that depends only on the service's cases: the ids a bulk read logs, compliance over the
    /// period, the open cases and their duties by urgency.</summary>
    private sealed record ServiceOverview(IReadOnlyList<CaseId> Ids, ComplianceReport Compliance, IReadOnlyList<Vern.Deadlines.Facts.CaseFacts> Open, IReadOnlyList<Obligation> Duties);

    /// <summary>The names of the actor's colleagues (the users of the actor's service, and the actor) by user id, so a page can say
    /// "Sara Saksbehandler" where the case holds "sara". Staff names are not case data: no policy row, nothing to log.</summary>
    /// <remarks>In the web host the names are kept per host until a user changes (<see cref="StaffNames"/>).</remarks>
    public async Task<IReadOnlyDictionary<string, string>> StaffNamesAsync(Actor actor) =>
        _staffNames is { } kept ? await kept.OfAsync(_users, actor) : StaffNames.Of(await _users.ListAsync(), actor);

    private StaffNames? _staffNames;

    /// <summary>Set by <see cref="UseChangeMarksRead"/>.</summary>
    private IChangeMarksRead? _changeMarks;

    /// <summary>Lets the leader's dashboard read the users' and the staff registry's change marks by one statement (a user store on the
    /// same database as the staff registry: <see cref="Open"/> wires it on PostgreSQL).</summary>
    public void UseChangeMarksRead(IChangeMarksRead marks) => _changeMarks = marks;

    /// <summary>Lets <see cref="StaffNamesAsync"/> use the host's kept names of this database (the web host passes its singleton).</summary>
    public void UseStaffNames(StaffNames names) => _staffNames = names;

    /// <summary>Users of the actor's service that a leader may assign cases to (caseworkers and leaders, enabled).</summary>
    public async Task<IReadOnlyList<User>> CaseworkersAsync(Actor actor)
    {
        await Require(actor, Operation.AssignCase, actor.MunicipalityNumber, "");
        var all = await _users.ListAsync();
        return [.. all.Where(u => !u.Disabled && u.MunicipalityNumber == actor.MunicipalityNumber && (actor.Bydel is null || u.Bydel == actor.Bydel)
            && u.Role is Role.Caseworker or Role.Leader)];
    }
}

public sealed partial class VernApp
{
    /// <summary>Whether a case lies outside the actor's service (another municipality's, or none at all). The web app uses it
    /// only to answer a refused read of such a case with "not found" rather than "forbidden", so that nobody learns whether
    /// another municipality has a case with that id (style habit 29); the refusal itself is logged by the call that was refused.</summary>
    public async Task<bool> IsOutsideServiceAsync(Actor actor, CaseId caseId) =>
        await _store.LoadStateAsync(caseId) is not { } state || !InService(actor, state);
}

public sealed partial class VernApp
{
    /// <summary>The whole access log, optionally of one actor: for tests and audits run by the operator, not for any page.</summary>
    public Task<IReadOnlyList<AccessEntry>> ReadAllAccessForTestsAsync(string? actorId = null) => _log.ReadAllAsync(actorId);
}

public sealed partial class VernApp
{
    /// <summary>Who the data generators (<c>vern demo</c>, <c>vern generate</c>) record as the creator of their synthetic users.</summary>
    public const string SyntheticUsersCreatedBy = "(syntetiske data)";

    /// <summary>The setting that keeps the demo password of a database made by <c>vern demo</c> (synthetic users only).</summary>
    public const string DemoPasswordSetting = "web.demo-password";

    /// <summary>The users the data generators made (never a user made by a person), for the web app's demo login. Reads no case data.</summary>
    public async Task<IReadOnlyList<User>> SyntheticUsersAsync() =>
        [.. (await _users.ListAsync()).Where(u => u.CreatedBy == SyntheticUsersCreatedBy)];
}

/// <summary>The register page (issue 16): the controls that would fail if the service's cases were sent now, the export as a
/// file to download, and the delivery history.</summary>
public sealed record RegisterExportResult(ExportSummary Summary, Avgiver Avgiver, ReporterSource Source);

public sealed partial class VernApp
{
    /// <summary>SSB's controls on every live case of the actor's service, as the case page runs them on one ("before you send");
    /// warnings and errors only. Logged as one bulk read.</summary>
    public Task<LiveCheckReport> RegisterFindingsAsync(Actor actor, SsbReference reference, string purpose = "")
    {
        var m = actor.MunicipalityNumber ?? "";
        return RegisterCheckAsync(actor, m, RegisterHeader(m), new RegisterValidationOptions(reference, Today), Severity.Warning, purpose);
    }

    /// <summary>Exports the actor's municipality as a zip handed to <paramref name="handOver"/> (the download): every case whose
    /// register content changed since its last delivery. The deliveries are recorded only after <paramref name="handOver"/> has
    /// completed (the whole file written to the response); if it throws, nothing is recorded and the next export delivers the same
    /// cases (issue 14). The Avgiver is the one given, else the one recorded (import or an earlier export), else Vern's built-in or
    /// synthetic list; a given one is kept for the next export. <paramref name="handOver"/> is not called when no case is to be
    /// delivered (<see cref="ExportSummary.FilesWritten"/> 0).</summary>
    public async Task<RegisterExportResult> RegisterExportAsync(Actor actor, ReporterSettings given, Func<Stream, CancellationToken, Task> handOver,
        string purpose = "", CancellationToken cancellationToken = default)
    {
        var m = actor.MunicipalityNumber ?? "";
        await Require(actor, Operation.RegisterExport, m, purpose);
        var avgiver = Reporter.Resolve(m, given, await RecordedReporterAsync(actor, m), Vern.Synthetic.SyntheticMunicipalities.Reporter(m), out var source);
        var now = TimeZoneInfo.ConvertTime(_clock.GetUtcNow(), NorwegianTime.Zone);
        var summary = await RegisterExportAsync(actor, new ExportOptions(m, avgiver, Reporter.Fagsystem, new DateTimeOffset(now.DateTime, now.Offset)),
            handOver, purpose, cancellationToken);
        if (source == ReporterSource.Given)
            await RecordReporterAsync(actor, avgiver, "web: registerside");
        return new RegisterExportResult(summary, avgiver, source);
    }

    /// <summary>The exports that delivered files for the actor's municipality (or <paramref name="municipalityNumber"/>, which the
    /// actor must be allowed to export), newest first: when, how many cases, and who exported and how (migration 35; none for an
    /// export from before). No case data: times, counts and user ids.</summary>
    public async Task<IReadOnlyList<DeliveryRun>> RegisterDeliveriesAsync(Actor actor, string? municipalityNumber = null)
    {
        var m = municipalityNumber ?? actor.MunicipalityNumber ?? "";
        await Require(actor, Operation.RegisterExport, m, "leveranser");
        return await Features("leveranser").Deliveries.HistoryAsync(m);
    }

    /// <summary>A file header for checking live cases (only the Sak is checked; Avgiver findings are left out as in
    /// <c>vern register check</c>).</summary>
    private RegisterFile RegisterHeader(string municipalityNumber)
    {
        var noon = new DateTime(Today, new TimeOnly(12, 0));
        return new RegisterFile(Guid.NewGuid().ToString("D"), new DateTimeOffset(noon, NorwegianTime.Zone.GetUtcOffset(noon)), null, Reporter.Fagsystem,
            new Avgiver("000000000", municipalityNumber, "(avgiver)"));
    }
}

public sealed partial class VernApp
{
    /// <summary>Where the login lockout lives when the app is not on a database file (tests on in-memory ports): the process.</summary>
    private static readonly Vern.Storage.Security.InMemoryLoginLockoutStore ProcessLockouts = new();

    private Func<Vern.Storage.Security.ILoginLockoutStore>? _openLoginLockouts;
    private Vern.Storage.Security.ILoginLockoutStore? _loginLockouts;

    /// <summary>The login lockout (web login, issue 16) in the database, so a restart does not clear it. Needs no actor: nobody is
    /// logged in yet; it holds only the names typed and counts.</summary>
    public Vern.Storage.Security.ILoginLockoutStore LoginLockouts
    {
        get
        {
            if (_loginLockouts is null)
            {
                _loginLockouts = _openLoginLockouts?.Invoke() ?? (Vern.Storage.Security.ILoginLockoutStore)ProcessLockouts;
                if (_loginLockouts is IDisposable d)
                    _owned.Add(d);
            }
            return _loginLockouts;
        }
    }

    private Func<Vern.Storage.Security.IKeyRingStore>? _openKeyRing;

    /// <summary>The web server's key ring (Data Protection keys for its cookies, migration 29) in this database, so every host on it
    /// and every restart accept the same cookies. Needs no actor: it holds keys, no personal data, and is read before anyone is
    /// logged in. Null only for an app on in-memory ports (tests), which the web host never opens.</summary>
    public Vern.Storage.Security.IKeyRingStore? KeyRing => _openKeyRing?.Invoke();
}

public sealed partial class VernApp
{
    /// <summary>Puts the demo's received reports (<see cref="Vern.Synthetic.DemoIntake"/>) in the inbox of
    /// <paramref name="municipalityNumber"/>, received at their ages before now by this app's clock (so the inbox-age alarm sees
    /// the oldest one). The report about a known child names the child of the service's first open case (by id) with a name
    /// and no protected address, with its fødselsnummer when the case has one. No actor: only for <c>vern demo</c> in a database it just made. Returns how many it stored.</summary>
    public async Task<int> PlantDemoIntakeAsync(string municipalityNumber, int seed)
    {
        CaseState? known = null;
        await foreach (var s in _store.ReadStatesAsync(MunicipalityScope.Of(municipalityNumber)))
            if (!s.IsClosed && s.Child is { GivenName: not null, FamilyName: not null }
                && s.Child.AddressProtection == Vern.Domain.People.AddressProtection.None
                && (known is null || string.CompareOrdinal(s.Id.ToString(), known.Id.ToString()) < 0))
                known = s;
        var child = known is null ? null
            : new ChildInput(known.Child.Identifier, known.Child.BirthDate, known.Child.Sex, null, known.Child.GivenName, known.Child.FamilyName);
        var now = _clock.GetUtcNow();
        var rng = new Random(seed);
        var stored = 0;
        foreach (var r in Vern.Synthetic.DemoIntake.Reports(municipalityNumber, now, child, seed))
        {
            if (Vern.Domain.Intake.IntakeRules.Validate(r.Report, m => m == municipalityNumber, null).Count > 0)
                continue;
            var json = System.Text.Json.JsonSerializer.Serialize(r.Report, Vern.Domain.Intake.IntakeJson.Options);
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json)));
            var bytes = new byte[16];
            rng.NextBytes(bytes);
            var receipt = new Guid(bytes);
            await IntakeStore.ReceiveAsync(new Vern.Domain.Intake.ReceivedReport(receipt, r.Sender, r.Report.MessageId!, r.Report.SenderKind!, municipalityNumber,
                now - r.Age, hash, json));
            stored++;
        }
        return stored;
    }
}

public sealed partial class VernApp
{
    /// <summary>A reported child (a received report in the inbox) as the duplicate index reads it, for
    /// <see cref="FindChildCandidatesAsync"/> before the report is registered on a new or an existing case (issue 18 part 2:
    /// "when a report is registered … Vern looks for the same child").</summary>
    public static Vern.Domain.Identity.ChildIdentity ReportedChild(Vern.Domain.Intake.IncomingChild child) =>
        new(string.IsNullOrWhiteSpace(child.Identifier) ? null : child.Identifier.Trim(), null, child.GivenName, child.FamilyName, child.BirthDate, child.Sex);
}
