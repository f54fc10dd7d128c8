using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Domain.Identity;
using Vern.Domain.People;
using Vern.Matching;
using Vern.Storage;
using Vern.Storage.Matching;

namespace Vern.Application;

/// <summary>A possible duplicate as the actor may see it (issue 18 part 2). <see cref="Visible"/> candidates carry the
/// child's name, birth date and number and the reasons with their values; a candidate the actor may not see (a
/// caseworker's colleague's case) carries only its case id, score and the reasons without any value, so they can ask
/// their leader. The child's address is never shown (Vern holds none); a protected address is flagged.</summary>
/// <param name="Score">0–1; shown from <see cref="MatchScore.CandidateThreshold"/>.</param>
/// <param name="Reasons">The reasons in bokmål, strongest first.</param>
/// <param name="Protection">The child's adressebeskyttelse, shown as a flag (never an address).</param>
/// <param name="Decision">The decision already recorded on the pair (only <see cref="MatchVerdict.Linked"/>: dismissed pairs never come back).</param>
/// <param name="MatchedEarlierIdentity">The match was on an earlier personalia or a recorded alias (e.g. the D-nummer before the fødselsnummer).</param>
public sealed record ChildCandidate(CaseId CaseId, double Score, IReadOnlyList<string> Reasons, bool Visible, string? JournalNumber, string? GivenName,
    string? FamilyName, DateOnly? BirthDate, string? Identifier, AddressProtection Protection, MatchVerdict? Decision, bool MatchedEarlierIdentity)
{
    public bool AddressProtected => Protection != AddressProtection.None;
}

/// <summary>A case opened (or imported) and the possible duplicates found for its child in the same service.</summary>
public sealed record OpenedWithCandidates(CaseState State, IReadOnlyList<ChildCandidate> Candidates);

// Duplicate children (issue 18 part 2): the same child within ONE municipality, found through the index of Vern.Matching,
// shown only as far as the actor may see, and linked or dismissed as a recorded decision (who, when, why).
public sealed partial class VernApp
{
    private OnFirstUse<IMatchingStore>? _matching;

    /// <summary>Wires the duplicate index and decisions (the composition root calls this once; <see cref="OpenSqlite"/> does).</summary>
    public VernApp UseMatching(IMatchingStore store, bool owned = false)
    {
        _matching = OnFirstUse<IMatchingStore>.Opened(store);
        if (owned && store is IDisposable d)
            _owned.Add(d);
        return this;
    }

    /// <summary>Wires a duplicate index opened on first use (its owner, e.g. the SQLite database, disposes it).</summary>
    private void UseMatching(Func<IMatchingStore> open) => _matching = new(open);

    private IMatchingStore MatchStore =>
        _matching?.Value ?? throw new InvalidOperationException("Dublettkontrollen er ikke koblet til (VernApp.UseMatching).");

    private ChildMatcher Matcher => new(_store, MatchStore);

    /// <summary>Brings the duplicate index up to date (the first time on a large database, every case is indexed).</summary>
    public Task<ChildMatcher.RefreshResult> RefreshChildIndexAsync(bool rebuild = false) => Matcher.RefreshAsync(rebuild);

    /// <summary>The possible duplicates of a child not (yet) on a case, e.g. a report in the intake inbox: the cases of
    /// <paramref name="municipalityNumber"/> (the actor's own; never another) whose child may be this one. Logged as one bulk
    /// read of the candidates' cases.</summary>
    public async Task<IReadOnlyList<ChildCandidate>> FindChildCandidatesAsync(Actor actor, string municipalityNumber, ChildIdentity child, string purpose = "")
    {
        var scope = await Require(actor, Operation.ChildCandidates, municipalityNumber, purpose);
        return await Candidates(actor, scope, municipalityNumber, [child], null, purpose);
    }

    /// <summary>The possible duplicates of a case's child (every personalia it has had) in its service, except pairs dismissed
    /// before; linked ones come with their decision. Logged as a read of the case and a bulk read of the candidates.</summary>
    public async Task<IReadOnlyList<ChildCandidate>> CaseCandidatesAsync(Actor actor, CaseId caseId, string purpose = "")
    {
        var state = await ReadableCase(actor, Operation.ChildCandidates, caseId, purpose);
        await LogCase(actor, Operation.ChildCandidates, caseId, purpose);
        var scope = AccessPolicy.Effective(actor, Operation.ChildCandidates, await CaseworkersSeeService(actor));
        return await Candidates(actor, scope, state.MunicipalityNumber, [.. state.PersonalDetails.Select(ChildIdentity.Of)], caseId, purpose);
    }

    /// <summary>Opens a case (as <see cref="OpenCaseAsync"/>) and looks for the same child among the service's cases.</summary>
    public async Task<OpenedWithCandidates> OpenCaseWithCandidatesAsync(Actor actor, OpenCase command, CaseId? id = null)
    {
        var change = await OpenCaseAsync(actor, command, id);
        return new(change.State, await CandidatesForNew(actor, change.State));
    }

    /// <summary>Imports a case (as <see cref="ImportCaseAsync"/>) and looks for the same child among the service's cases.</summary>
    public async Task<OpenedWithCandidates> ImportCaseWithCandidatesAsync(Actor actor, string json)
    {
        var state = await ImportCaseAsync(actor, json);
        return new(state, await CandidatesForNew(actor, state));
    }

    /// <summary>The possible duplicates of cases just imported from register files (for the import's report).</summary>
    public async Task<IReadOnlyDictionary<CaseId, IReadOnlyList<ChildCandidate>>> ImportedCandidatesAsync(Actor actor, IEnumerable<CaseId> imported)
    {
        var result = new Dictionary<CaseId, IReadOnlyList<ChildCandidate>>();
        foreach (var id in imported)
            if (await _store.LoadStateAsync(id) is { } state)
                result[id] = await CandidatesForNew(actor, state);
        return result;
    }

    /// <summary>Records that two cases are about the same child (koblet), with the reason.</summary>
    public Task<MatchDecision> LinkChildrenAsync(Actor actor, CaseId a, CaseId b, string reason) => Decide(actor, a, b, MatchVerdict.Linked, reason);

    /// <summary>Records that a candidate is not the same child (avvist), with the reason; the pair is never proposed again.</summary>
    public Task<MatchDecision> DismissCandidateAsync(Actor actor, CaseId a, CaseId b, string reason) => Decide(actor, a, b, MatchVerdict.Dismissed, reason);

    /// <summary>Every decision recorded on pairs that include the case (who, when, why), oldest first; logged as a read of the case.</summary>
    public async Task<IReadOnlyList<MatchDecision>> MatchDecisionsAsync(Actor actor, CaseId caseId, string purpose = "")
    {
        var state = await ReadableCase(actor, Operation.ChildCandidates, caseId, purpose);
        await LogCase(actor, Operation.ChildCandidates, caseId, purpose);
        return await MatchStore.DecisionsAsync(state.MunicipalityNumber, caseId);
    }

    /// <summary>Records another number the case's child is known by (a D-nummer, DUF-nummer or former fødselsnummer): a
    /// report giving that number then finds the case.</summary>
    public async Task<IdentityAlias> AddChildAliasAsync(Actor actor, CaseId caseId, string number, string reason)
    {
        var (kind, refusal) = IdentityAlias.Classify(number?.Trim() ?? "");
        if (refusal is not null)
            throw new ArgumentException("--number: " + refusal);
        if (string.IsNullOrWhiteSpace(reason))
            throw new ArgumentException("--reason: begrunnelsen må oppgis (hvem, når og hvorfor lagres).");
        var state = await ReadableCase(actor, Operation.DecideChildMatch, caseId, "");
        var alias = new IdentityAlias(caseId, state.MunicipalityNumber, kind!.Value, number!.Trim(), reason.Trim(), actor.UserId, _clock.GetUtcNow());
        await MatchStore.AddAliasAsync(alias, MatchKeys.Alias(alias));
        return alias;
    }

    /// <summary>Planted duplicates are of children under this age on the day they are planted.</summary>
    private const int DuplicateMaxAge = 16;

    /// <summary>Plants duplicates of some of a freshly generated municipality's children as new cases (journal numbers
    /// «DUP/n»), and gives one original child a strengt fortrolig adresse, so the demo shows the duplicate check. No actor:
    /// only for the data generators in a database they just made.</summary>
    public async Task<IReadOnlyList<(CaseId Original, CaseId Duplicate)>> PlantDemoDuplicatesAsync(string municipalityNumber, DateOnly today, int count, int seed)
    {
        // Duplicates are planted only of children under 16 on the day: the planted case holds one report and no measure, and
        // a client of 18 or more with no measure in an open case is an ERROR at SSB (Sak Kontroll 8).
        var children = new List<(CaseId, ChildInput)>();
        await foreach (var s in _store.ReadStatesAsync(MunicipalityScope.Of(municipalityNumber)))
            if (s.Child.BirthDate > today.AddYears(-DuplicateMaxAge))
                children.Add((s.Id, new ChildInput(s.Child.Identifier, s.Child.BirthDate, s.Child.Sex, s.Child.DufNumber, s.Child.GivenName, s.Child.FamilyName)));
        children.Sort((a, b) => string.CompareOrdinal(a.Item1.ToString(), b.Item1.ToString()));
        var planted = new List<(CaseId, CaseId)>();
        var rng = new Random(seed);
        foreach (var (original, duplicate, _) in Vern.Synthetic.DuplicatePlanting.ForCases(children, count, seed))
        {
            var id = Ids.NewCaseId(rng);
            var opened = today.AddDays(-rng.Next(0, 60));
            if (duplicate.BirthDate is { } born && born > opened)
                continue; // a mistyped digit that moves the birth date past the opening is refused at entry (Personalia Kontroll 16): not a duplicate a service could hold
            if (duplicate.BirthDate is { } older && older <= opened.AddYears(-DuplicateMaxAge))
                continue; // a mistyped digit that makes the child 16 or older: soon a client of 18 with no measure (Sak Kontroll 8)
            await Cases.ChangeAsync(id, new OpenCase(municipalityNumber, $"DUP/{planted.Count + 1}", opened, duplicate), "demo", state: null, role: DemoRole);
            // The duplicate arrives as a new report of concern from a school, not yet classified: an open case holds at least
            // a melding (Sak Kontroll 21, ERROR), and Saksinnhold is required only once the report is concluded (Melding Kontroll 5).
            await Cases.ChangeAsync(id, new ReceiveReport(opened, [new CodedValue("11")], []), "demo", state: null, role: DemoRole);
            planted.Add((original, id));
        }
        // One original child (of a case still open: a closed case takes no new personalia) gets a strengt fortrolig adresse.
        CaseState? first = null;
        foreach (var (original, _) in planted)
            if (await _store.LoadStateAsync(original) is { IsClosed: false } open && (first = open) is not null)
                break;
        if (first is not null)
            await Cases.ChangeAsync(first.Id, new RecordPersonalDetails(today, new ChildInput(first.Child.Identifier, first.Child.BirthDate, first.Child.Sex,
                first.Child.DufNumber, first.Child.GivenName, first.Child.FamilyName, AddressProtection.StrictlyConfidential)), "demo", state: null, role: DemoRole);
        return planted;
    }

    /// <summary>The role the demo's planted duplicates record (issue 15: a role on every event): the recorder <c>demo</c> acts
    /// as the service's leader, who registers new reports.</summary>
    private static readonly string DemoRole = Roles.Name(Role.Leader);

    // ---- Plumbing ------------------------------------------------------------------------------------------------------

    private async Task<MatchDecision> Decide(Actor actor, CaseId a, CaseId b, MatchVerdict verdict, string reason)
    {
        if (MatchDecision.Refusal(a, b, reason) is { } refusal)
            throw new ArgumentException(refusal);
        var first = await ReadableCase(actor, Operation.DecideChildMatch, a, "");
        var second = await ReadableCase(actor, Operation.DecideChildMatch, b, "");
        if (first.MunicipalityNumber != second.MunicipalityNumber)
            await Deny(actor, Operation.DecideChildMatch, b, null, "Saker i ulike kommuner kobles aldri: ingen ser barn i en annen kommune.", "");
        var score = MatchCandidates(first, second);
        var decision = new MatchDecision(a, b, first.MunicipalityNumber, verdict, reason.Trim(), actor.UserId, _clock.GetUtcNow(), score);
        await MatchStore.RecordDecisionAsync(decision);
        return decision;
    }

    private static double MatchCandidates(CaseState a, CaseState b) =>
        a.PersonalDetails.SelectMany(x => b.PersonalDetails.Select(y => MatchScorer.Score(ChildIdentity.Of(x), ChildIdentity.Of(y)).Score)).Max();

    /// <summary>Candidates for a case the actor has just opened or imported (they gave its child's identity themselves).</summary>
    private async Task<IReadOnlyList<ChildCandidate>> CandidatesForNew(Actor actor, CaseState state)
    {
        var scope = AccessPolicy.Effective(actor, Operation.ChildCandidates, await CaseworkersSeeService(actor));
        if (scope is Scope.None or Scope.AggregatesOnly || !InService(actor, state))
            return [];
        return await Candidates(actor, scope, state.MunicipalityNumber, [.. state.PersonalDetails.Select(ChildIdentity.Of)], state.Id, "");
    }

    private async Task<IReadOnlyList<ChildCandidate>> Candidates(Actor actor, Scope scope, string municipalityNumber, IReadOnlyList<ChildIdentity> probe,
        CaseId? self, string purpose)
    {
        var matcher = Matcher;
        await matcher.RefreshAsync();
        var found = await matcher.FindAsync(municipalityNumber, probe, self);
        if (found.Count > 0)
            await LogBulk(actor, Operation.ChildCandidates, municipalityNumber, purpose, [.. found.Select(c => c.Case.CaseId)]);
        // An actor whose service is a bydel sees in full only candidates of that bydel (issue 15); others as score and reasons.
        var bydel = actor.Bydel is null || found.Count == 0 ? null
            : await ServiceCaseIdsAsync(actor, municipalityNumber);
        return [.. found.Select(c => View(c, (scope == Scope.OwnService && (bydel is null || bydel.Contains(c.Case.CaseId))) || c.Case.CaseworkerId == actor.UserId))];
    }

    private static ChildCandidate View(MatchCandidate c, bool visible)
    {
        var child = c.Case.Identities[^1];
        return visible
            ? new ChildCandidate(c.Case.CaseId, c.Score.Score, [.. c.Score.Reasons.Select(r => r.Text)], true, c.Case.JournalNumber, child.GivenName, child.FamilyName,
                child.EffectiveBirthDate, child.Identifier, c.Case.Protection, c.Decision?.Verdict, c.MatchedEarlierIdentity)
            : new ChildCandidate(c.Case.CaseId, c.Score.Score, [.. c.Score.Reasons.Select(r => r.Generic)], false, null, null, null, null, null,
                c.Case.Protection, c.Decision?.Verdict, c.MatchedEarlierIdentity);
    }
}
