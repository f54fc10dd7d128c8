using System.Collections.Immutable;

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
    /// <summary>MigrertId of the case and its entries, keyed by Sak/@Id or the entry's id (Kravspesifikasjon, "Migrering").</summary>
    public ImmutableDictionary<Guid, string> MigratedIds { get; init; } = ImmutableDictionary<Guid, string>.Empty;

    /// <summary>Relasjon elements kept with their delivered ids (import); Vern derives the others from the entries' links.</summary>
    public ImmutableList<Relation> Relations { get; init; } = [];

    /// <summary>The personalia in force now (the latest by date).</summary>
    public PersonalDetails Child => PersonalDetails[^1];

    public bool IsClosed => ClosedOn is not null;

    public ReportOfConcern? FindReport(EntryId id) => Reports.Find(r => r.Id == id);

    public Investigation? FindInvestigation(EntryId id) => Investigations.Find(i => i.Id == id);

    public Decision? FindDecision(EntryId id) => Decisions.Find(d => d.Id == id);

    public Measure? FindMeasure(EntryId id) => Measures.Find(m => m.Id == id);

    public Plan? FindPlan(EntryId id) => Plans.Find(p => p.Id == id);

    public Aftercare? FindAftercare(EntryId id) => Aftercare.Find(a => a.Id == id);

    public CountyBoardReferral? FindCountyBoardReferral(EntryId id) => CountyBoardReferrals.Find(r => r.Id == id);

    /// <summary>Whether any live entry of the case has this id (ids are unique within a case).</summary>
    public bool HasEntry(EntryId id) =>
        PersonalDetails.Exists(p => p.Id == id) || Reports.Exists(r => r.Id == id)
        || Investigations.Exists(i => i.Id == id) || Decisions.Exists(d => d.Id == id)
        || Measures.Exists(m => m.Id == id) || Plans.Exists(p => p.Id == id)
        || Aftercare.Exists(a => a.Id == id) || CountyBoardReferrals.Exists(r => r.Id == id)
        || Moves.Exists(m => m.Id == id) || Retractions.Exists(r => r.EntryId == id);

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
