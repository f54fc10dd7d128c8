using System.Collections.Immutable;
using Vern.Domain.Law;
using Vern.Domain.People;

namespace Vern.Domain.Cases;

/// <summary>A code from an SSB code list with its optional free text (Kode + Presisering).</summary>
public sealed record CodedValue(string Code, string? Specification = null);

/// <summary>Personalia: the child's identity as known from <see cref="EffectiveFrom"/>
/// (Barnevern_v4.xsd Sak/Personalia). A new record replaces the previous one from its date.</summary>
/// <param name="Identifier">Fødselsnummer, D-nummer or the register's incomplete form; null while unknown.</param>
/// <param name="DufNumber">DUF-nummer (12 digits) from UDI, if any.</param>
/// <param name="AddressProtection">Folkeregisterets adressebeskyttelse (not in the register file); left out of the JSON when none.</param>
public sealed record PersonalDetails(
    EntryId Id,
    DateOnly EffectiveFrom,
    string? Identifier,
    DateOnly BirthDate,
    Sex Sex,
    string? DufNumber,
    string? GivenName,
    string? FamilyName,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    AddressProtection AddressProtection = AddressProtection.None);

/// <summary>Melding (bekymringsmelding): a report of concern received by the service, reviewed under
/// barnevernsloven § 2-1 and concluded with a code (Barnevern_v4.xsd Sak/Melding).</summary>
public sealed record ReportOfConcern(
    EntryId Id,
    DateOnly ReceivedOn,
    ImmutableList<CodedValue> Reporters,
    ImmutableList<CodedValue> Contents,
    ReportConclusion? Conclusion,
    ImmutableList<ReporterFeedback>? Feedback = null);

/// <summary>Tilbakemelding til melder: feedback given to the reporter on <see cref="GivenOn"/>.</summary>
public sealed record ReporterFeedback(DateOnly GivenOn, ReporterFeedbackKind Kind);

/// <summary>Melding/Konklusjon: the review's outcome; <see cref="ConcludedOn"/> is the date the report was reviewed.</summary>
public sealed record ReportConclusion(DateOnly ConcludedOn, string Code);

/// <summary>Undersøkelse: an investigation under barnevernsloven § 2-2, opened from a report of concern
/// (Barnevern_v4.xsd Sak/Undersokelse; its Relasjon from Melding).</summary>
public sealed record Investigation(
    EntryId Id,
    EntryId ReportId,
    DateOnly StartedOn,
    DeadlineExtension? Extension,
    InvestigationConclusion? Conclusion,
    ChildParticipation? Participation = null,
    ImmutableList<CodedValue>? Grounds = null);

/// <summary>BarnetsMedvirkning: how the child took part in the investigation (barnevernsloven § 1-4), a code of SSB's
/// Medvirkning list (1.1 samtale … 2.2 ønsket ikke), from <see cref="On"/>.</summary>
public sealed record ChildParticipation(DateOnly On, string Kind);

/// <summary>UtvidetFrist: a request to extend the investigation deadline from three to six months
/// (barnevernsloven § 2-2 fjerde ledd); <see cref="Granted"/> is null while undecided.</summary>
public sealed record DeadlineExtension(DateOnly RequestedOn, bool? Granted);

/// <summary>Undersokelse/Konklusjon with Vedtaksgrunnlag (the grounds found).</summary>
public sealed record InvestigationConclusion(DateOnly ConcludedOn, CodedValue Outcome, ImmutableList<CodedValue> Grounds);

/// <summary>Vedtak: a decision by the service or the county board, with its legal basis and status history
/// (Barnevern_v4.xsd Sak/Vedtak).</summary>
/// <param name="InvestigationId">The investigation it follows from (Relasjon Undersokelse → Vedtak), if any.</param>
/// <param name="CountyBoardReferralId">The referral to the county board it follows from, if any.</param>
/// <param name="EndedOn">Konklusjon/@SluttDato: the date the decision lapsed.</param>
public sealed record Decision(
    EntryId Id,
    DateOnly DecidedOn,
    LegalBasis LegalBasis,
    ImmutableList<LegalBasis> ComparedWith,
    ImmutableList<DecisionStatus> Statuses,
    EntryId? InvestigationId,
    EntryId? CountyBoardReferralId,
    DateOnly? EndedOn,
    ImmutableList<DateOnly>? Reassessments = null,
    ImmutableList<Claim>? Claims = null)
{
    public DecisionStatus CurrentStatus => Statuses[^1];
}

/// <summary>Vedtak/Krav: a private party's claim to change a decision made by the county board (Barnevern_v4.xsd
/// OversendelsePrivatKravType), received on <see cref="ReceivedOn"/>.</summary>
public sealed record Claim(EntryId Id, DateOnly ReceivedOn, ClaimConclusion? Conclusion);

/// <summary>Krav/Konklusjon: 1 sent to the county board, 2 the claim lapsed, 9 other (with Presisering).</summary>
public sealed record ClaimConclusion(DateOnly ConcludedOn, CodedValue Outcome);

/// <summary>Relasjon: a register link between two entries with its own id, as delivered (see <see cref="RelationRecorded"/>).</summary>
public sealed record Relation(Guid Id, EntryId From, EntryKind FromKind, EntryId To, EntryKind ToKind);

/// <summary>Vedtak/Status: 1 Godkjent, 2 Begjæring oversendt nemnd, 3 Utgår/bortfalt, 4 Avslått/avsluttet.</summary>
public sealed record DecisionStatus(EntryId Id, DateOnly ChangedOn, string Code);

/// <summary>Tiltak: a measure carried out under a decision (Barnevern_v4.xsd Sak/Tiltak; Relasjon Vedtak → Tiltak).</summary>
/// <param name="Termination">Opphevelse: why a care measure ended (code + specification); it may be known before <paramref name="EndedOn"/>.</param>
/// <param name="ComparedWith">JmfrLovhjemmel (0–3); null in snapshots written before it existed.</param>
/// <param name="ReturnFollowUpOffers">Days the child and parents were offered follow-up after the return home (care placements
/// ended with Opphevelse 1, from 2026); null when none.</param>
public sealed record Measure(
    EntryId Id,
    EntryId DecisionId,
    DateOnly StartedOn,
    LegalBasis LegalBasis,
    CodedValue Category,
    ImmutableList<CodedValue> Grounds,
    VisitSchedule? Supervision,
    VisitSchedule? FollowUp,
    CodedValue? Termination,
    DateOnly? EndedOn,
    ImmutableList<LegalBasis>? ComparedWith = null,
    ImmutableList<DateOnly>? ReturnFollowUpOffers = null);

/// <summary>Tilsyn (supervision of a foster home, barnevernsloven § 9-8 / fosterhjemsforskriften § 9) or
/// Oppfølging (the service's follow-up visits, fosterhjemsforskriften § 7): the required visits per year
/// over time, who is responsible, and the visits made.</summary>
public sealed record VisitSchedule(
    ImmutableList<VisitFrequency> Frequencies,
    ImmutableList<ResponsibleMunicipality> Responsible,
    ImmutableList<Visit> Visits);

/// <summary>Hyppighet: required visits per year (4 standard, 2 reduced) from <see cref="From"/>.</summary>
/// <param name="ChildConsented">The child consented to the frequency (needed for fewer supervision visits).</param>
public sealed record VisitFrequency(EntryId Id, DateOnly From, int VisitsPerYear, bool ChildConsented = false);

/// <summary>Tilsyn/Ansvarlig: the municipality responsible for supervision from <see cref="From"/>.</summary>
public sealed record ResponsibleMunicipality(EntryId Id, DateOnly From, string MunicipalityNumber);

/// <summary>Utfort: a visit made on <see cref="On"/>.</summary>
public sealed record Visit(EntryId Id, DateOnly On);

/// <summary>Plan: tiltaksplan, omsorgsplan, samværsplan, undersøkelsesplan … with its evaluations
/// (Barnevern_v4.xsd Sak/Plan; Plantype code list).</summary>
public sealed record Plan(
    EntryId Id,
    DateOnly StartedOn,
    string PlanType,
    ImmutableList<DateOnly> Evaluations,
    DateOnly? EndedOn);

/// <summary>Ettervern: an offer of aftercare to a young person aged 18–25 (barnevernsloven § 3-6;
/// Barnevern_v4.xsd Sak/Ettervern).</summary>
public sealed record Aftercare(EntryId Id, DateOnly OfferSentOn, AftercareConclusion? Conclusion);

/// <summary>Ettervern/Konklusjon: accepted, declined in favour of another measure, or no longer wanted.</summary>
public sealed record AftercareConclusion(DateOnly ConcludedOn, string Code);

/// <summary>OversendelseFylkesnemnd: the service's petition to the county board (barneverns- og helsenemnda)
/// for a compulsory decision (barnevernsloven § 14-3; Barnevern_v4.xsd Sak/OversendelseFylkesnemnd).</summary>
public sealed record CountyBoardReferral(
    EntryId Id,
    DateOnly SentOn,
    LegalBasis LegalBasis,
    ImmutableList<LegalBasis> ComparedWith);

/// <summary>Flytting: the child moved from a placement (Barnevern_v4.xsd Sak/Flytting: ArsakFra, FlyttingTil).</summary>
public sealed record Move(EntryId Id, DateOnly MovedOn, CodedValue ReasonFrom, CodedValue MovedTo);

/// <summary>An entry registered in error and withdrawn (register: Slettet / ErSlettet). The entry's events
/// stay in the history; it no longer counts in the current state.</summary>
public sealed record Retraction(EntryId EntryId, EntryKind Kind, DateOnly RetractedOn, string Reason);

/// <summary>A register <c>Slettet</c> element as delivered: an element (Type = BegrepsType) deleted in the system the case
/// came from (Barnevern_v4.xsd Sak/Slettet: Id, Type, SluttDato).</summary>
public sealed record DeletedElement(Guid Id, string Type, DateOnly DeletedOn)
{
    /// <summary>Barnevern_v4.xsd BegrepsType: the entry kinds and Relasjon.</summary>
    public static bool IsRegisterType(string? type) =>
        type == "Relasjon" || Array.IndexOf(Enum.GetNames<EntryKind>(), type) >= 0;

    /// <summary>The key of an <c>ErSlettet</c> marker in <see cref="CaseState.DeletionFlags"/>: "Sak", the element's id,
    /// or the id followed by "/Konklusjon".</summary>
    public static string FlagKey(Guid? elementId, string? part) =>
        elementId is not { } id ? "Sak" : part is null ? id.ToString("D") : id.ToString("D") + "/" + part;
}

/// <summary>The kinds of entries in a case; names match the register's BegrepsType.</summary>
public enum EntryKind
{
    Personalia,
    Melding,
    Undersokelse,
    Vedtak,
    Tiltak,
    Plan,
    Ettervern,
    OversendelseFylkesnemnd,
    Flytting,
}
