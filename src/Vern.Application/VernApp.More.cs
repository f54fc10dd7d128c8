using Vern.Deadlines.Index;
using Vern.Deadlines.Reports;
using Vern.Deadlines.Staff;
using Vern.Domain.Access;
using Vern.Domain.Validation;
using Vern.Statistics;
using Vern.Storage;
using Vern.Synthetic;

namespace Vern.Application;

/// <summary>The demo users <c>vern demo</c> makes, one per role, and which of them the CLI acts as by default.</summary>
public sealed record DemoUsers(IReadOnlyList<User> Users, string DefaultUserId);

public sealed partial class VernApp
{
    /// <summary>The setting naming the user the CLI acts as when neither --as nor VERN_USER is given (set by <c>vern demo</c>
    /// and <c>vern generate</c> only).</summary>
    public const string CliDefaultUserSetting = "cli.default-user";

    // ---- Deadlines: compliance, capacity, staff, index ----------------------------------------------------------------

    /// <summary>The compliance report (internkontroll) for a period in the actor's service; logged as one bulk read.</summary>
    public async Task<ComplianceReport> ComplianceAsync(Actor actor, string? municipalityNumber, DateOnly from, DateOnly to, string purpose = "")
    {
        var m = municipalityNumber ?? actor.MunicipalityNumber;
        await Require(actor, Operation.Compliance, m, purpose);
        var service = Deadlines("internkontroll");
        var facts = await InService(actor, m, await service.LoadFactsAsync(MunicipalityScope.OneOrNational(m)));
        await LogBulk(actor, Operation.Compliance, m!, purpose, facts.Select(f => f.Id).ToList());
        return service.Compliance(facts, from, to, m);
    }

    /// <summary>Capacity per caseworker in the actor's service; logged as one bulk read.</summary>
    public async Task<CapacityReport> CapacityAsync(Actor actor, string municipalityNumber, DateOnly asOf, string purpose = "")
    {
        await Require(actor, Operation.Capacity, municipalityNumber, purpose);
        var service = Deadlines("kapasitet");
        var facts = await InService(actor, municipalityNumber, await service.LoadFactsAsync(MunicipalityScope.Of(municipalityNumber), openOn: asOf));
        await LogBulk(actor, Operation.Capacity, municipalityNumber, purpose, facts.Select(f => f.Id).ToList());
        return await service.CapacityAsync(facts, asOf, municipalityNumber, await StaffNamesAsync(actor));
    }

    /// <summary>Brings the deadline index up to date (derived data; shows no case, so no read is logged).</summary>
    public async Task<DeadlineIndex.RefreshResult> RefreshDeadlineIndexAsync(Actor actor, bool rebuild)
    {
        await Require(actor, Operation.Deadlines, actor.MunicipalityNumber, "");
        return await Deadlines("fristindeks").RefreshIndexAsync(rebuild);
    }

    /// <summary>Imports staff members of the actor's municipality (every member must belong to it), all or nothing: a member that
    /// breaks a rule of <see cref="StaffRules"/> refuses the whole import, each broken rule at its member and field («staff[2].name»).</summary>
    public Task ImportStaffAsync(Actor actor, IReadOnlyList<StaffMember> staff) => SaveStaffAsync(actor, staff, indexed: true);

    /// <summary>Adds one employee to the actor's staff registry, or replaces the one with the same id (the web's form); a broken
    /// rule of <see cref="StaffRules"/> is refused at its field («name»), and nothing is stored.</summary>
    public Task SaveStaffMemberAsync(Actor actor, StaffMember member) => SaveStaffAsync(actor, [member], indexed: false);

    /// <param name="indexed">Whether a broken rule names its member too («staff[2].name»), as an import's do.</param>
    private async Task SaveStaffAsync(Actor actor, IReadOnlyList<StaffMember> staff, bool indexed)
    {
        ValidationIssue At(ValidationIssue issue, int i) =>
            indexed ? issue with { Path = $"staff[{i}].{issue.Path}", Message = $"staff[{i}].{issue.Message}" } : issue;

        // Access first, so a refused actor learns nothing about the rules; a malformed municipality number is a broken rule below.
        foreach (var m in staff.Select(s => s.MunicipalityNumber).Where(m => m is { Length: 4 } && m.All(char.IsAsciiDigit))
                     .Append(actor.MunicipalityNumber).Distinct())
            await Require(actor, Operation.Staff, m, "");
        var issues = staff.SelectMany((m, i) => StaffRules.Check(m).Select(x => At(x, i))).ToList();
        if (issues.Count > 0)
            throw new DomainRuleException(issues);
        try
        {
            await Features("ansatte").Staff.UpsertAsync(staff, actor.UserId, _clock.GetUtcNow());
        }
        catch (StaffElsewhereException e)
        {
            var i = staff.Select(m => m.Id).ToList().IndexOf(e.Id);
            throw new DomainRuleException([At(new ValidationIssue(StaffRules.Code, Severity.Error, "id",
                $"id: {e.Message} Et brukernavn hører til én person i én tjeneste; velg et annet.", "Vern: ansattregisteret"), i)]);
        }
    }

    /// <summary>The staff registry of the actor's municipality (no case data).</summary>
    public async Task<IReadOnlyList<StaffMember>> ListStaffAsync(Actor actor, string? municipalityNumber)
    {
        var m = municipalityNumber ?? actor.MunicipalityNumber;
        await Require(actor, Operation.Staff, m, "");
        return await Features("ansatte").Staff.ListAsync(MunicipalityScope.OneOrNational(m));
    }

    /// <summary>One employee's history in the actor's registry (who stored what, when), oldest first; no case data.</summary>
    public async Task<IReadOnlyList<StaffChange>> StaffHistoryAsync(Actor actor, string staffId)
    {
        await Require(actor, Operation.Staff, actor.MunicipalityNumber, "");
        return actor.MunicipalityNumber is { } m ? await Features("ansatte").Staff.HistoryAsync(m, staffId) : [];
    }

    // ---- Statistics: use of one measure category (inputs for the simulation) ------------------------------------------------

    /// <summary>How much a measure category (Kodelister Tiltak/Kategori) was used in a year: starts, mean duration and waiting
    /// time, counts only (no person). Logged as one bulk read of the cases counted.</summary>
    public async Task<Vern.Statistics.Definitions.MeasureUseFigures> MeasureUseAsync(Actor actor, string category, int year, string? municipalityNumber,
        string purpose = "")
    {
        var scope = await Require(actor, Operation.Statistics, municipalityNumber, purpose);
        await LogBulk(actor, Operation.Statistics, municipalityNumber ?? "*", purpose,
            (await _store.ListCasesAsync(CaseScope(actor, municipalityNumber, scope))).Select(h => h.Id).ToList());
        return await new StatisticsService(Scoped(actor, scope)).MeasureUseAsync(category, year, municipalityNumber);
    }

    // ---- Statistics: the annual report ----------------------------------------------------------------------------------

    /// <summary>The annual report on the state of the service (tilstandsrapport) for the actor's own municipality; logged as one
    /// bulk read. An aggregates-only role (analyst, auditor) gets it with small counts suppressed, as in <see cref="StatisticsAsync"/>.</summary>
    public async Task<AnnualReportFiles> AnnualReportAsync(Actor actor, string municipalityNumber, int year, string directory, IReadOnlyList<string> publicTables,
        IProgress<long>? progress = null, string purpose = "", SuppressionRule? suppression = null)
    {
        var scope = await Require(actor, Operation.Statistics, municipalityNumber, purpose);
        if (scope is not (Scope.OwnService or Scope.AggregatesOnly))
            await Deny(actor, Operation.Statistics, null, municipalityNumber, $"{actor.UserId} ({actor.Describe()}) har ikke tilgang til hele tjenestens tall; tilstandsrapporten er for tjenestens ledelse.", purpose);
        await LogBulk(actor, Operation.Statistics, municipalityNumber, purpose, (await _store.ListCasesAsync(CaseScope(actor, municipalityNumber, scope))).Select(h => h.Id).ToList());
        return await Statistics(actor, scope).WriteAnnualReportAsync(municipalityNumber, year, directory, Today, publicTables, progress, RequiredSuppression(scope, suppression));
    }

    // ---- Facts about the database that show no person ----------------------------------------------------------------------

    public Task<long> CountEventsAsync() => _store.CountEventsAsync();

    public async Task<int> CountCasesAsync() => (await _store.ListCasesAsync(MunicipalityScope.National)).Count;

    /// <summary>The same check without an actor, for <c>vern migrate</c> and <c>vern restore</c> only: the operator's check of a
    /// database file just moved or restored (before any user may be resolved in it). <c>vern verify</c> uses the actor's overload.</summary>
    public Task<VerifyReport> VerifyAsync(CancellationToken cancellationToken = default) => StoreVerifier.VerifyAsync(_store, cancellationToken);

    /// <summary>Recomputes every hash chain and replays every case against its snapshot (<c>vern verify</c>), as the actor:
    /// allowed by its own policy row (<see cref="Operation.Verify"/>: administrator, auditor with a purpose, the service's
    /// leader) and logged as one bulk read naming the cases with findings. Shows no person, only case ids and versions.</summary>
    public async Task<VerifyReport> VerifyAsync(Actor actor, string purpose = "", CancellationToken cancellationToken = default)
    {
        await Require(actor, Operation.Verify, null, purpose);
        var report = await StoreVerifier.VerifyAsync(_store, cancellationToken);
        await LogBulk(actor, Operation.Verify, "*", purpose, [.. report.Findings.Select(f => f.CaseId).Distinct()]);
        return report;
    }

    // ---- Synthetic data ---------------------------------------------------------------------------------------------------

    /// <summary>Fills an EMPTY database with the demo municipality (7777 Vernvik), one demo user per role, and records that the
    /// CLI acts as the demo leader when no user is named.</summary>
    public async Task<(GenerationSummary Summary, DemoUsers Users)> GenerateDemoAsync(DemoOptions options, IProgress<GenerationProgress>? progress = null)
    {
        await EnsureNoUsers();
        var summary = await DemoGenerator.GenerateAsync(_store, CodeLists, options, progress);
        var m = DemoGenerator.Municipality.Number;
        var leader = $"leder-{m}";
        if (_parties is not null)
            await DemoParties.GenerateAsync(_store, _parties.Value, m, options.Seed, _clock.GetUtcNow(), leader);
        if (_documentation is not null)
            await DemoDocumentation.GenerateAsync(_store, _documentation.Value, m, options.Seed, _clock.GetUtcNow(), leader);
        var users = new List<User>
        {
            NewUser($"sb-{m}-01", "Demo Saksbehandler", Role.Caseworker, m),
            NewUser(leader, "Demo Leder", Role.Leader, m),
            NewUser("bufetat-ost", "Demo Bufetat inntak", Role.BufetatIntake, null, "Øst"),
            NewUser($"analytiker-{m}", "Demo Analytiker", Role.Analyst, m),
            NewUser($"tilsyn-{m}", "Demo Tilsyn", Role.Auditor, m),
            NewUser($"admin-{m}", "Demo Administrator", Role.Administrator, m),
        };
        // Every other caseworker the generator assigned (sb-7777-02 …) is a stored user too: they recorded the cases' events and
        // wrote the demo's notes, participation records and assessments, so the pages show their names, not bare ids.
        var caseworkers = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var state in _store.ReadStatesAsync(MunicipalityScope.Of(m)))
            if (state.CaseworkerId is { } id && id != $"sb-{m}-01")
                caseworkers.Add(id);
        foreach (var id in caseworkers)
            users.Add(NewUser(id, $"Demo Saksbehandler {id[(id.LastIndexOf('-') + 1)..]}", Role.Caseworker, m));
        foreach (var u in users)
            await _users.AddAsync(u);
        await _settings.SetSettingAsync(CliDefaultUserSetting, $"leder-{m}", "vern demo", _clock.GetUtcNow());
        return (summary, new DemoUsers(users, $"leder-{m}"));
    }

    /// <summary>Fills an EMPTY database with many synthetic municipalities, a national administrator and analyst, and a leader and
    /// caseworker per municipality; the CLI acts as the first municipality's leader when no user is named.</summary>
    public async Task<(GenerationSummary Summary, DemoUsers Users)> GenerateNationalAsync(NationalOptions options, IProgress<GenerationProgress>? progress = null)
    {
        await EnsureNoUsers();
        var summary = await NationalGenerator.GenerateAsync(_store, CodeLists, options, progress);
        var users = new List<User> { NewUser("admin", "Administrator", Role.Administrator, null), NewUser("analytiker", "Analytiker (nasjonal)", Role.Analyst, null) };
        foreach (var m in NationalGenerator.Municipalities(options.Municipalities, options.Seed))
        {
            users.Add(NewUser($"leder-{m.Number}", $"Leder {m.Name}", Role.Leader, m.Number));
            users.Add(NewUser($"sb-{m.Number}-01", $"Saksbehandler {m.Name}", Role.Caseworker, m.Number));
        }
        foreach (var u in users)
            await _users.AddAsync(u);
        var first = users.First(u => u.Role == Role.Leader).Id;
        await _settings.SetSettingAsync(CliDefaultUserSetting, first, "vern generate", _clock.GetUtcNow());
        return (summary, new DemoUsers(users, first));
    }

    private async Task EnsureNoUsers()
    {
        if (await _store.CountEventsAsync() > 0 || !await HasNoUsersAsync())
            throw new ArgumentException("Syntetiske data lages bare i en tom database (uten saker og brukere); oppgi en ny fil med --db.");
    }

    private User NewUser(string id, string name, Role role, string? m, string? region = null) =>
        new(id, name, role, m, null, region, false, null, _clock.GetUtcNow(), "(syntetiske data)");
}
