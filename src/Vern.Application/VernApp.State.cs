using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Domain.State;
using Vern.State;
using Vern.State.Reports;
using Vern.Storage;
using Vern.Storage.State;

namespace Vern.Application;

/// <summary>What a caseworker gives to refer a child from a case to Bufetat (the app adds the child, municipality and id).</summary>
/// <param name="Region">The Bufetat region; null: from the municipality's county (<see cref="BufetatRegions.OfMunicipality"/>).</param>
/// <param name="SentOn">Null: today.</param>
/// <param name="Parents">For a centre for parents and children: the parents who will stay (the co-payment's family rule).</param>
/// <param name="Children">For a centre for parents and children: the children who will stay, the referred child included.</param>
public sealed record ReferralInput(CaseId CaseId, string MeasureCode, string Needs, DateOnly DesiredStartOn, bool Urgent = false,
    CentrePurpose? CentrePurpose = null, bool UnaccompaniedMinor = false, string? Region = null, DateOnly? SentOn = null, ReferralId? Id = null,
    int Parents = 1, int Children = 1);

// The state side (issue 21): referrals from a municipal case to Bufetat, Bufetat's intake (offer, rejection, stays), the Fiks
// message files between two Vern databases, and the reports (duty to assist, waiting list, centres, institutions). Municipal
// roles act within their municipality; Bufetat inntak within its region and never on the municipal case itself.
public sealed partial class VernApp
{
    private Lazy<StateService>? _state;

    /// <summary>Wires the state side's store (the composition root calls this once; <see cref="OpenSqlite"/> does).</summary>
    public VernApp UseState(IStateStore store, Func<Guid>? newId = null)
    {
        _state = new(new StateService(store, _clock, newId));
        return this;
    }

    /// <summary>Wires a state store opened on first use (its owner, the SQLite database, disposes it).</summary>
    private void UseState(Func<IStateStore> open) => _state = new(() => new StateService(open(), _clock, null));

    private StateService StateSide =>
        _state?.Value ?? throw new InvalidOperationException("Henvisningene er ikke koblet til (VernApp.UseState).");

    // ---- Municipal side ------------------------------------------------------------------------------------------------

    /// <summary>Sends a referral from a case the actor may work on; queues the henvisning for export.</summary>
    public async Task<ReferralState> SendReferralAsync(Actor actor, ReferralInput input)
    {
        var state = await ReadableCase(actor, Operation.SendReferral, input.CaseId, "");
        var child = state.Child;
        var key = child.Identifier ?? child.DufNumber ?? "vern:" + child.Id;
        // An unknown measure or region, or none for a municipality outside Vern's region table, goes to the decider as written
        // (none as ""): it reports every broken rule of the referral at once, not the first one only.
        var region = input.Region is { } r ? BufetatRegions.Find(r) ?? r : BufetatRegions.OfMunicipality(state.MunicipalityNumber) ?? "";
        var name = string.Join(' ', new[] { child.GivenName, child.FamilyName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        var details = new ReferralDetails(input.Id ?? new ReferralId(Guid.NewGuid()), state.MunicipalityNumber, region, input.CaseId,
            new ReferredChild(key, child.BirthDate, name.Length == 0 ? null : name), MeasureTypes.Find(input.MeasureCode)?.Code ?? input.MeasureCode, input.CentrePurpose, input.Urgent,
            input.Needs?.Trim() ?? "", input.SentOn ?? Today, input.DesiredStartOn, input.UnaccompaniedMinor, input.Parents, input.Children);
        return await StateSide.SendAsync(details, actor.UserId);
    }

    /// <summary>Withdraws a referral (trukket melding); queues the message to Bufetat.</summary>
    public async Task<ReferralState> WithdrawReferralAsync(Actor actor, ReferralId id, DateOnly? on, string reason)
    {
        var r = await ReferralFor(actor, Operation.SendReferral, id, "");
        return await StateSide.ChangeAsync(id, new WithdrawReferral(on ?? Today, reason), actor.UserId, Address(actor, r));
    }

    // ---- State side (Bufetat inntak) -----------------------------------------------------------------------------------

    public async Task<ReferralState> OfferAsync(Actor actor, ReferralId id, MakeOffer offer) => await Intake(actor, id, offer);

    public async Task<ReferralState> RejectAsync(Actor actor, ReferralId id, DateOnly? on, string reason) => await Intake(actor, id, new RejectReferral(on ?? Today, reason));

    public async Task<ReferralState> StartStayAsync(Actor actor, ReferralId id, DateOnly startOn, string? facilityId = null, string? placeName = null) =>
        await Intake(actor, id, new StartStay(Guid.NewGuid(), startOn, facilityId, placeName));

    public async Task<ReferralState> EndStayAsync(Actor actor, ReferralId id, DateOnly endOn, string? reason = null) => await Intake(actor, id, new EndStay(endOn, reason));

    public async Task<ReferralState> RecordIntakeAssessmentAsync(Actor actor, ReferralId id, DateOnly on, string summary) =>
        await Intake(actor, id, new RecordIntakeAssessment(on, summary));

    public async Task<ReferralState> RecordFollowUpAsync(Actor actor, ReferralId id, DateOnly on, string summary) => await Intake(actor, id, new RecordFollowUp(on, summary));

    public async Task<ReferralState> RecordSettledAsync(Actor actor, ReferralId id, DateOnly on) => await Intake(actor, id, new RecordSettled(on));

    /// <summary>Records that statsforvalteren confirmed a breach of the duty to assist on complaint (either side records it).</summary>
    public async Task<ReferralState> ConfirmBreachAsync(Actor actor, ReferralId id, ConfirmBreach breach)
    {
        var r = await ReferralFor(actor, Operation.RecordBreach, id, "");
        return await StateSide.ChangeAsync(id, breach, actor.UserId, Address(actor, r));
    }

    /// <summary>Adds a centre or institution (or a new version of one) in the actor's region.</summary>
    public async Task AddFacilityAsync(Actor actor, Facility facility)
    {
        await RequireState(actor, Operation.ManageFacilities, null, facility.Region, "");
        await StateSide.Store.AddFacilityAsync(facility, actor.UserId, _clock.GetUtcNow());
    }

    public async Task<IReadOnlyList<Facility>> FacilitiesAsync(Actor actor, string? region = null)
    {
        var scope = await RequireState(actor, Operation.StateReports, null, region, "");
        return await StateSide.Store.ListFacilitiesAsync(scope.Region ?? region);
    }

    // ---- Either side: reads and the message exchange -------------------------------------------------------------------

    /// <summary>The referrals the actor may see (a caseworker: those of the cases assigned to them; a leader or auditor: the
    /// municipality's; Bufetat: the region's); logged as one bulk read.</summary>
    public async Task<IReadOnlyList<ReferralState>> ListReferralsAsync(Actor actor, string purpose = "")
    {
        var scope = await RequireState(actor, Operation.ReadReferrals, actor.MunicipalityNumber, actor.Region, purpose);
        var list = await StateSide.Store.ListAsync(scope);
        if (AccessPolicy.Effective(actor, Operation.ReadReferrals, await CaseworkersSeeService(actor)) == Scope.AssignedCases || (actor.Bydel is not null && actor.Region is null))
        {
            // A caseworker's own cases; for a bydel's service, the bydel's cases (issue 15).
            var assigned = AccessPolicy.Effective(actor, Operation.ReadReferrals, await CaseworkersSeeService(actor)) == Scope.AssignedCases;
            var mine = await _store.ReadStatesAsync(CaseScope(actor, actor.MunicipalityNumber!)).Where(s => !assigned || s.CaseworkerId == actor.UserId).Select(s => s.Id).ToHashSetAsync();
            list = [.. list.Where(r => r.Details.CaseId is { } c && mine.Contains(c))];
        }
        await LogReferrals(actor, Operation.ReadReferrals, scope, purpose, list);
        return list;
    }

    /// <summary>The referrals sent from one case, for the case page (the actor must be able to read the case's referrals: a
    /// caseworker their assigned case, a leader or auditor their municipality's); logged as one bulk read of the case.</summary>
    public async Task<IReadOnlyList<ReferralState>> CaseReferralsAsync(Actor actor, CaseId caseId, string purpose = "")
    {
        await ReadableCase(actor, Operation.ReadReferrals, caseId, purpose);
        var scope = ScopeOf(actor);
        var list = (await StateSide.Store.ListByCaseAsync(caseId)).Where(r => scope.Includes(r.Details)).ToList();
        await LogBulk(actor, Operation.ReadReferrals, ScopeName(scope), purpose, [caseId]);
        return list;
    }

    /// <summary>One referral with its events; logged.</summary>
    public async Task<(ReferralState State, IReadOnlyList<RecordedReferralEvent> Events)> ShowReferralAsync(Actor actor, ReferralId id, string purpose = "")
    {
        var r = await ReferralFor(actor, Operation.ReadReferrals, id, purpose);
        await LogReferrals(actor, Operation.ReadReferrals, ScopeOf(actor), purpose, [r]);
        return (r, await StateSide.Store.ReadEventsAsync(id));
    }

    /// <summary>Writes the actor's service's unsent Fiks messages (all, with <paramref name="all"/>) as files to <paramref name="directory"/>.</summary>
    public async Task<IReadOnlyList<string>> ExportMessagesAsync(Actor actor, string directory, bool all = false)
    {
        await RequireState(actor, Operation.ExchangeMessages, actor.MunicipalityNumber, actor.Region, "");
        return await StateSide.ExportAsync(Address(actor), directory, all);
    }

    /// <summary>Imports the message files in <paramref name="directory"/> addressed to the actor's service.</summary>
    public async Task<IReadOnlyList<ImportedMessage>> ImportMessagesAsync(Actor actor, string directory)
    {
        await RequireState(actor, Operation.ExchangeMessages, actor.MunicipalityNumber, actor.Region, "");
        return await StateSide.ImportAsync(directory, Address(actor), actor.UserId);
    }

    // ---- Reports ---------------------------------------------------------------------------------------------------------

    /// <summary>Breaches of the duty to assist as of a date, in the actor's scope (analysts and auditors: all, as counts).</summary>
    /// <remarks>The report names each breach's referral (and child): aggregates-only roles are refused it and get
    /// <see cref="BreachTableAsync"/>, with small counts suppressed.</remarks>
    public async Task<BreachReport> BreachReportAsync(Actor actor, DateOnly asOf, string purpose = "") =>
        StateReports.Breaches(await DetailedReportReferrals(actor, purpose, "bruddtabellen"), asOf);

    /// <remarks>Aggregates-only roles are refused the unsuppressed counts and get <see cref="WaitingTableAsync"/>.</remarks>
    public async Task<WaitingListReport> WaitingListAsync(Actor actor, DateOnly asOf, string purpose = "") =>
        StateReports.WaitingList(await DetailedReportReferrals(actor, purpose, "ventelistetabellen"), asOf);

    /// <summary>The referrals behind a report with unsuppressed counts: refused (and logged) for aggregates-only roles.</summary>
    private async Task<IReadOnlyList<ReferralState>> DetailedReportReferrals(Actor actor, string purpose, string table)
    {
        if (await AggregatesOnly(actor, Operation.StateReports))
            await Deny(actor, Operation.StateReports, null, "*", $"{actor.UserId} ({actor.Describe()}) ser bare samletall med små tall prikket: bruk {table}.", purpose);
        return await ReportReferrals(actor, purpose);
    }

    public async Task<EmergencyStayReport> EmergencyStaysAsync(Actor actor, DateOnly from, DateOnly to, string purpose = "") =>
        StateReports.EmergencyStays(await ReportReferrals(actor, purpose), from, to);

    /// <remarks>Aggregates-only roles are refused the unsuppressed counts and get <see cref="CentreTableAsync"/>.</remarks>
    public async Task<FacilityReport> CentreReportAsync(Actor actor, DateOnly from, DateOnly to, string purpose = "")
    {
        var referrals = await DetailedReportReferrals(actor, purpose, "sentertabellen");
        return StateReports.Facilities(await StateSide.Store.ListFacilitiesAsync(null), referrals, FacilityKind.ParentChildCentre, from, to);
    }

    /// <remarks>Aggregates-only roles are refused the unsuppressed counts and the single stays, and get <see cref="InstitutionTableAsync"/>.</remarks>
    public async Task<InstitutionReport> InstitutionReportAsync(Actor actor, DateOnly from, DateOnly to, string purpose = "")
    {
        var referrals = await DetailedReportReferrals(actor, purpose, "institusjonstabellen");
        return StateReports.Institutions(await StateSide.Store.ListFacilitiesAsync(null), referrals, from, to);
    }

    /// <summary>Stays for the co-payment side (finance, issue 21): each stay of the actor's scope that overlaps [from, to], with the
    /// municipality that pays, the child, the measure (and its co-payment code), the placed-on and settled-on dates. Logged.</summary>
    public async Task<IReadOnlyList<StayRecord>> StaysAsync(Actor actor, DateOnly from, DateOnly to, string? municipality = null, string? childKey = null,
        string? measure = null, string purpose = "")
    {
        var scope = await RequireState(actor, Operation.ReadReferrals, municipality ?? actor.MunicipalityNumber, actor.Region, purpose);
        // Only the referrals with a stay in the period are read and decoded (the stays' span on their rows, migration 23).
        IReadOnlyList<ReferralState> referrals = await StateSide.Store.ListWithStaysAsync(scope, from, to);
        if (AccessPolicy.Effective(actor, Operation.ReadReferrals, await CaseworkersSeeService(actor)) == Scope.AssignedCases || (actor.Bydel is not null && actor.Region is null))
        {
            // A caseworker sees the stays of the cases assigned to them, as ListReferralsAsync shows their referrals; a bydel's
            // service those of the bydel's cases.
            var assigned = AccessPolicy.Effective(actor, Operation.ReadReferrals, await CaseworkersSeeService(actor)) == Scope.AssignedCases;
            var mine = await _store.ReadStatesAsync(CaseScope(actor, actor.MunicipalityNumber!)).Where(s => !assigned || s.CaseworkerId == actor.UserId).Select(s => s.Id).ToHashSetAsync();
            referrals = [.. referrals.Where(r => r.Details.CaseId is { } c && mine.Contains(c))];
        }
        var stays = StateReports.Stays(referrals, from, to, municipality, childKey, measure);
        await LogReferrals(actor, Operation.ReadReferrals, scope, purpose, [.. referrals.Where(r => stays.Any(s => s.ReferralId == r.Id))]);
        return stays;
    }

    // ---- Synthetic data ----------------------------------------------------------------------------------------------------

    /// <summary>Makes the state side's synthetic data (referrals, offers, waits, stays, centres, institutions) for the cases just
    /// generated, and a Bufetat intake user per region where none is stored: for the data generators only, without an actor.
    /// Null where the state side is not wired (a PostgreSQL database: its adapter is not built yet).</summary>
    public async Task<Vern.Synthetic.StateGenerationSummary?> GenerateStateDataAsync(int seed, DateOnly to)
    {
        if (_state is null)
            return null;
        var summary = await Vern.Synthetic.StateGenerator.GenerateAsync(_store, StateSide.Store, seed, to);
        foreach (var region in BufetatRegions.All.Take(5))
        {
            var id = "bufetat-" + region.ToLowerInvariant().Replace('ø', 'o');
            if (await _users.FindAsync(id) is null)
                await _users.AddAsync(new User(id, $"Bufetat inntak {region}", Role.BufetatIntake, null, null, region, false, null, _clock.GetUtcNow(), "vern generate"));
        }
        await GenerateDemoInvoicesAsync(to);
        return summary;
    }

    /// <summary>Issues and stores the demo municipality's (7777) co-payment invoices, month by month, for the latest year up to
    /// <paramref name="to"/> that Vern has a rate table for (`002_…` table 5-2: 2021–2023; later years are refused until their
    /// rates are added), as Bufetat Øst's intake. Nothing where the municipality has no stays or invoices are not wired.</summary>
    private async Task GenerateDemoInvoicesAsync(DateOnly to)
    {
        var municipality = Vern.Synthetic.DemoGenerator.Municipality.Number;
        var region = Vern.Synthetic.StateGenerator.RegionOf(municipality);
        if (_invoices is null || await _users.FindAsync("bufetat-" + region.ToLowerInvariant().Replace('ø', 'o')) is not { } user)
            return;
        var year = Enumerable.Range(2000, to.Year - 1999).LastOrDefault(y => Vern.Domain.Finance.CopayRates.For(y) is not null);
        if (year == 0)
            return;
        var actor = Actor.From(user);
        for (var month = 1; month <= 12 && new DateOnly(year, month, 1) <= to; month++)
        {
            try
            {
                await IssueInvoicesAsync(actor, new Vern.Finance.YearMonth(year, month), municipality, "vern demo: fakturaer");
            }
            catch (Vern.Domain.Validation.DomainRuleException)
            {
                // A month the generated stays cannot be billed for (a broken stay) is left without an invoice, never half-stored;
                // `vern invoice --store` names the rule for it.
            }
        }
    }

    // ---- Plumbing --------------------------------------------------------------------------------------------------------

    private async Task<ReferralState> Intake(Actor actor, ReferralId id, ReferralCommand command)
    {
        var r = await ReferralFor(actor, Operation.StateIntake, id, "");
        return await StateSide.ChangeAsync(id, command, actor.UserId, Address(actor, r));
    }

    /// <summary>The referrals a report counts: the actor's municipality or region; all for aggregates-only roles. Logged as one
    /// bulk read (of the municipal cases behind them, where known).</summary>
    private async Task<IReadOnlyList<ReferralState>> ReportReferrals(Actor actor, string purpose)
    {
        var scope = await RequireState(actor, Operation.StateReports, actor.MunicipalityNumber, actor.Region, purpose);
        var list = await StateSide.Store.ListAsync(scope);
        await LogReferrals(actor, Operation.StateReports, scope, purpose, list);
        return list;
    }

    /// <summary>The referral, if the actor may do <paramref name="operation"/> to it: a municipal role in its municipality (a
    /// caseworker with the case assigned, for <see cref="Scope.AssignedCases"/>), Bufetat in its region. A referral the actor may
    /// not see is "not found" (logged).</summary>
    private async Task<ReferralState> ReferralFor(Actor actor, Operation operation, ReferralId id, string purpose)
    {
        var r = await StateSide.Store.LoadAsync(id);
        var scope = AccessPolicy.Effective(actor, operation, await CaseworkersSeeService(actor));
        if (scope is Scope.None or Scope.AggregatesOnly)
            await Deny(actor, operation, null, ScopeName(ScopeOf(actor)), $"{actor.UserId} ({actor.Describe()}) har ikke tilgang til å {AccessPolicy.Verb(operation)}.", purpose);
        if (r is null || !ScopeOf(actor).Includes(r.Details) || (actor.MunicipalityNumber is null && actor.Region is null))
            await Deny(actor, operation, null, ScopeName(ScopeOf(actor)), $"Henvisningen {id} finnes ikke.", purpose, notFound: true);
        // A caseworker reaches the referrals of their own cases; an actor whose service is a bydel those of the bydel's cases.
        if (scope == Scope.AssignedCases || (actor.Bydel is not null && actor.Region is null))
        {
            if (r!.Details.CaseId is not { } caseId)
                await Deny(actor, operation, null, ScopeName(ScopeOf(actor)), $"Henvisningen {id} finnes ikke.", purpose, notFound: true);
            else
            {
                var caseState = await _store.LoadStateAsync(caseId);
                await RequireCase(actor, operation, caseId, r.Details.MunicipalityNumber, caseState?.Bydel, caseState?.CaseworkerId, purpose);
            }
        }
        else if (actor.Role == Role.Auditor && string.IsNullOrWhiteSpace(purpose))
            await Deny(actor, operation, null, ScopeName(ScopeOf(actor)), $"{actor.UserId} ({actor.Describe()}): tilsyn må oppgi formålet med innsynet (--purpose).", purpose);
        return r!;
    }

    /// <summary>Checks a bulk operation of the state side and returns the scope it covers.</summary>
    private async Task<StateScope> RequireState(Actor actor, Operation operation, string? municipality, string? region, string purpose)
    {
        var scope = AccessPolicy.Effective(actor, operation, await CaseworkersSeeService(actor));
        string? refusal = scope == Scope.None ? $"{actor.UserId} ({actor.Describe()}) har ikke tilgang til å {AccessPolicy.Verb(operation)}."
            : scope == Scope.AggregatesOnly ? null
            : actor.Role == Role.BufetatIntake
                ? actor.Region is null || (region is not null && region != actor.Region) ? $"{actor.UserId} ({actor.Describe()}) har ikke tilgang til region {region}." : null
            : actor.MunicipalityNumber is null || (municipality is not null && municipality != actor.MunicipalityNumber)
                ? $"{actor.UserId} ({actor.Describe()}) har ikke tilgang til kommune {municipality}: ingen ser barn i en annen kommune." : null;
        refusal ??= actor.Role == Role.Auditor && string.IsNullOrWhiteSpace(purpose) ? $"{actor.UserId} ({actor.Describe()}): tilsyn må oppgi formålet med innsynet (--purpose)." : null;
        var result = scope == Scope.AggregatesOnly ? StateScope.All : ScopeOf(actor);
        if (refusal is not null)
            await Deny(actor, operation, null, ScopeName(result), refusal, purpose);
        return result;
    }

    private static StateScope ScopeOf(Actor actor) =>
        actor.Role == Role.BufetatIntake ? StateScope.OfRegion(actor.Region ?? "(ingen)")
        : actor.MunicipalityNumber is { } m ? StateScope.OfMunicipality(m) : StateScope.OfMunicipality("(ingen)");

    private static string ScopeName(StateScope s) => s.Municipality ?? (s.Region is { } r ? "region:" + r : "*");

    /// <summary>The actor's service as a Fiks address: Bufetat's region, or the municipality.</summary>
    private static string Address(Actor actor, ReferralState? r = null) =>
        actor.Role == Role.BufetatIntake ? FiksAddress.Region(actor.Region ?? r?.Details.Region ?? "")
        : FiksAddress.Municipality(actor.MunicipalityNumber ?? r?.Details.MunicipalityNumber ?? "");

    private Task LogReferrals(Actor actor, Operation operation, StateScope scope, string purpose, IEnumerable<ReferralState> referrals) =>
        LogBulk(actor, operation, ScopeName(scope), purpose, [.. referrals.Select(r => r.Details.CaseId).OfType<CaseId>().Distinct()]);
}
