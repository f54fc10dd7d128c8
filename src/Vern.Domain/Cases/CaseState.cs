using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace Vern.Domain.Cases;

/// <summary>Sak: the current state of one child's case in the municipal child welfare service,
/// derived from the case's events by <see cref="CaseProjection"/> (Barnevern_v4.xsd SakType).</summary>
/// <param name="Version">Number of events applied; the expected version for the next append.</param>
/// <param name="MunicipalityNumber">The responsible municipality (4-digit kommunenummer): the case's tenant.</param>
/// <param name="JournalNumber">Journalnummer: the case number in the municipality's archive.</param>
/// <param name="OpenedOn">Sak/@StartDato.</param>
/// <param name="ClosedOn">Sak/@SluttDato; set when the case is closed (Avsluttet).</param>
/// <param name="CaseworkerId">The caseworker responsible (saksbehandler), if assigned.</param>
public sealed record CaseState(
    CaseId Id,
    long Version,
    string MunicipalityNumber,
    string JournalNumber,
    DateOnly OpenedOn,
    DateOnly? ClosedOn,
    string? CaseworkerId,
    ImmutableList<PersonalDetails> PersonalDetails,
    ImmutableList<ReportOfConcern> Reports,
    ImmutableList<Investigation> Investigations,
    ImmutableList<Decision> Decisions,
    ImmutableList<Measure> Measures,
    ImmutableList<Plan> Plans,
    ImmutableList<Aftercare> Aftercare,
    ImmutableList<CountyBoardReferral> CountyBoardReferrals,
    ImmutableList<Move> Moves,
    ImmutableList<Retraction> Retractions)
{
    /// <summary>The city district (bydel, Barnevern_v4.xsd Avgiver/@Bydelsnummer) whose child welfare service has the case;
    /// null for a municipality without bydeler. The access policy compares it with the actor's (issue 15).</summary>
    public string? Bydel { get; init; }

    /// <summary>The bydel's name (Avgiver/@Bydelsnavn) as it came, for the register export.</summary>
    public string? BydelName { get; init; }

    /// <summary>MigrertId of the case and its entries, keyed by Sak/@Id or the entry's id (Kravspesifikasjon, "Migrering").</summary>
    public ImmutableDictionary<Guid, string> MigratedIds { get; init; } = ImmutableDictionary<Guid, string>.Empty;

    /// <summary>Relasjon elements kept with their delivered ids (import); Vern derives the others from the entries' links.</summary>
    public ImmutableList<Relation> Relations { get; init; } = [];

    /// <summary>Register <c>Slettet</c> elements kept as delivered (import), written back beside Vern's own retractions.</summary>
    public ImmutableList<DeletedElement> DeletedElements { get; init; } = [];

    /// <summary>Register <c>ErSlettet</c> attributes kept as delivered (import), by <see cref="DeletedElement.FlagKey"/>.</summary>
    public ImmutableDictionary<string, bool> DeletionFlags { get; init; } = ImmutableDictionary<string, bool>.Empty;

    /// <summary>Entries the delivered file marked <c>ErSlettet="true"</c>: out of the live case (no deadline, count or rule
    /// sees them), kept only so the export writes them back as they came. Null when there are none.</summary>
    public CaseState? DeletedInFile { get; init; }

    /// <summary>The personalia in force now (the latest by date).</summary>
    public PersonalDetails Child => PersonalDetails[^1];

    public bool IsClosed => ClosedOn is not null;

    // Lookups search from the end: ids are unique, and a command almost always refers to a recent entry (a report
    // concluded just after it arrived), so a case with 90,000 reports is not searched whole for each of them.
    public ReportOfConcern? FindReport(EntryId id) => Reports.FindLast(r => r.Id == id);

    public Investigation? FindInvestigation(EntryId id) => Investigations.FindLast(i => i.Id == id);

    public Decision? FindDecision(EntryId id) => Decisions.FindLast(d => d.Id == id);

    public Measure? FindMeasure(EntryId id) => Measures.FindLast(m => m.Id == id);

    public Plan? FindPlan(EntryId id) => Plans.FindLast(p => p.Id == id);

    public Aftercare? FindAftercare(EntryId id) => Aftercare.FindLast(a => a.Id == id);

    public CountyBoardReferral? FindCountyBoardReferral(EntryId id) => CountyBoardReferrals.FindLast(r => r.Id == id);

    /// <summary>Whether any entry of the case has or had this id (live or retracted; ids are unique within a case).</summary>
    public bool HasEntry(EntryId id) => EntryIds.Contains(id);

    /// <summary>Every entry id the case has used, kept beside the state (not in it, so neither its JSON nor its
    /// equality changes): built once from the lists for a state read from storage, then carried from state to state by
    /// <see cref="CaseProjection.Apply"/> in O(log n), so deciding n commands on one case is not O(n²).</summary>
    private static readonly ConditionalWeakTable<CaseState, ImmutableHashSet<EntryId>> Ids = new();

    private ImmutableHashSet<EntryId> EntryIds => Ids.GetValue(this, s => s.AllIds());

    /// <summary>Gives this (new) state the ids of <paramref name="previous"/> plus <paramref name="created"/>.</summary>
    internal void CarryEntryIds(CaseState previous, EntryId? created) =>
        Ids.AddOrUpdate(this, created is { } id ? previous.EntryIds.Add(id) : previous.EntryIds);

    private ImmutableHashSet<EntryId> AllIds() =>
        [.. PersonalDetails.Select(p => p.Id), .. Reports.Select(r => r.Id), .. Investigations.Select(i => i.Id),
         .. Decisions.Select(d => d.Id), .. Measures.Select(m => m.Id), .. Plans.Select(p => p.Id),
         .. Aftercare.Select(a => a.Id), .. CountyBoardReferrals.Select(r => r.Id), .. Moves.Select(m => m.Id),
         .. Retractions.Select(r => r.EntryId)];

    /// <summary>The kind of the live entry with this id, or null when the case has none.</summary>
    public EntryKind? KindOf(EntryId id) =>
        PersonalDetails.Exists(x => x.Id == id) ? EntryKind.Personalia
        : Reports.Exists(x => x.Id == id) ? EntryKind.Melding
        : Investigations.Exists(x => x.Id == id) ? EntryKind.Undersokelse
        : Decisions.Exists(x => x.Id == id) ? EntryKind.Vedtak
        : Measures.Exists(x => x.Id == id) ? EntryKind.Tiltak
        : Plans.Exists(x => x.Id == id) ? EntryKind.Plan
        : Aftercare.Exists(x => x.Id == id) ? EntryKind.Ettervern
        : CountyBoardReferrals.Exists(x => x.Id == id) ? EntryKind.OversendelseFylkesnemnd
        : Moves.Exists(x => x.Id == id) ? EntryKind.Flytting
        : null;
}
