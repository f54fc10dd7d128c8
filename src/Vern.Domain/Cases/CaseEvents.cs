using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Vern.Domain.Law;
using Vern.Domain.People;

namespace Vern.Domain.Cases;

/// <summary>A fact recorded in a case's history (hendelse). Events are past-tense facts in the law's vocabulary;
/// they carry the legal date (e.g. <c>ReceivedOn</c>), while who recorded them and when is kept by
/// <see cref="RecordedEvent"/>. They are applied to state without re-validation and never deleted:
/// a correction is a new event. Each has a fixed JSON discriminator, never the CLR type name.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(CaseOpened), "case-opened")]
[JsonDerivedType(typeof(PersonalDetailsRecorded), "personal-details-recorded")]
[JsonDerivedType(typeof(CaseworkerAssigned), "caseworker-assigned")]
[JsonDerivedType(typeof(ReportOfConcernReceived), "report-of-concern-received")]
[JsonDerivedType(typeof(ReportOfConcernConcluded), "report-of-concern-concluded")]
[JsonDerivedType(typeof(ReporterFeedbackGiven), "reporter-feedback-given")]
[JsonDerivedType(typeof(InvestigationOpened), "investigation-opened")]
[JsonDerivedType(typeof(InvestigationExtensionRequested), "investigation-extension-requested")]
[JsonDerivedType(typeof(InvestigationExtensionDecided), "investigation-extension-decided")]
[JsonDerivedType(typeof(ChildParticipationRecorded), "child-participation-recorded")]
[JsonDerivedType(typeof(InvestigationConcluded), "investigation-concluded")]
[JsonDerivedType(typeof(DecisionMade), "decision-made")]
[JsonDerivedType(typeof(DecisionStatusChanged), "decision-status-changed")]
[JsonDerivedType(typeof(DecisionEnded), "decision-ended")]
[JsonDerivedType(typeof(DecisionReassessed), "decision-reassessed")]
[JsonDerivedType(typeof(MeasureStarted), "measure-started")]
[JsonDerivedType(typeof(VisitFrequencySet), "visit-frequency-set")]
[JsonDerivedType(typeof(SupervisionResponsibilitySet), "supervision-responsibility-set")]
[JsonDerivedType(typeof(VisitMade), "visit-made")]
[JsonDerivedType(typeof(MeasureEnded), "measure-ended")]
[JsonDerivedType(typeof(ReturnFollowUpOffered), "return-follow-up-offered")]
[JsonDerivedType(typeof(PlanMade), "plan-made")]
[JsonDerivedType(typeof(PlanEvaluated), "plan-evaluated")]
[JsonDerivedType(typeof(PlanEnded), "plan-ended")]
[JsonDerivedType(typeof(AftercareOffered), "aftercare-offered")]
[JsonDerivedType(typeof(AftercareConcluded), "aftercare-concluded")]
[JsonDerivedType(typeof(CountyBoardReferralSent), "county-board-referral-sent")]
[JsonDerivedType(typeof(ChildMoved), "child-moved")]
[JsonDerivedType(typeof(EntryRetracted), "entry-retracted")]
[JsonDerivedType(typeof(CaseClosed), "case-closed")]
[JsonDerivedType(typeof(CaseReopened), "case-reopened")]
[JsonDerivedType(typeof(MigratedIdRecorded), "migrated-id-recorded")]
[JsonDerivedType(typeof(ClaimReceived), "claim-received")]
[JsonDerivedType(typeof(ClaimConcluded), "claim-concluded")]
[JsonDerivedType(typeof(TerminationReasonRecorded), "termination-reason-recorded")]
[JsonDerivedType(typeof(InvestigationGroundsRecorded), "investigation-grounds-recorded")]
[JsonDerivedType(typeof(RelationRecorded), "relation-recorded")]
[JsonDerivedType(typeof(DeletedElementRecorded), "deleted-element-recorded")]
[JsonDerivedType(typeof(DeletionFlagRecorded), "deletion-flag-recorded")]
public abstract record CaseEvent
{
    /// <summary>Who recorded this fact first and when, when it was imported from another Vern database
    /// (<c>vern case import</c>); null for a fact recorded here. The importer is the event's own recorder.</summary>
    [JsonPropertyOrder(100)]
    public Provenance? ImportedFrom { get; init; }
}

/// <summary>Where an imported fact came from: its original recorder and instant (UTC), kept as they were.</summary>
public sealed record Provenance(string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>A stored event with its audit data: position in the case (1-based version), who recorded it
/// and when (UTC instant). The legal date lives in the event itself.</summary>
/// <param name="RecordedRole">The recorder's role when recording (rolle: <c>caseworker</c>, <c>leader</c>, …, as
/// <c>Vern.Domain.Access.Roles.Name</c>); null for events stored before roles were recorded (shown as «ukjent»).</param>
public sealed record RecordedEvent(CaseId CaseId, long Version, string RecordedBy, DateTimeOffset RecordedAt, CaseEvent Event, string? RecordedRole = null);

/// <summary>The case was opened (Sak/@StartDato) for a child in a municipality.</summary>
/// <remarks><see cref="Bydel"/> and <see cref="BydelName"/>: the city district (bydel, Barnevern_v4.xsd Avgiver/@Bydelsnummer
/// and @Bydelsnavn) whose service has the case (Oslo's bydeler are separate child welfare services); null, and then not
/// written, for a municipality without bydeler, so events stored before bydeler keep their JSON and hash.</remarks>
public sealed record CaseOpened(string MunicipalityNumber, string JournalNumber, DateOnly OpenedOn, PersonalDetails Child) : CaseEvent
{
    public string? Bydel { get; init; }

    public string? BydelName { get; init; }
}

/// <summary>New or corrected personalia from <see cref="PersonalDetails.EffectiveFrom"/>.</summary>
public sealed record PersonalDetailsRecorded(PersonalDetails Details) : CaseEvent;

/// <summary>A caseworker (saksbehandler) became responsible for the case.</summary>
public sealed record CaseworkerAssigned(string CaseworkerId, DateOnly AssignedOn) : CaseEvent;

/// <summary>A report of concern (melding) was received (barnevernsloven § 2-1). Reporters and contents may be empty
/// while the report is not yet classified; they are required once it is concluded (Kravspesifikasjon Melding Kontroll 4 and 5).</summary>
public sealed record ReportOfConcernReceived(EntryId ReportId, DateOnly ReceivedOn, ImmutableList<CodedValue> Reporters, ImmutableList<CodedValue> Contents) : CaseEvent;

/// <summary>The report of concern was reviewed and concluded (Melding/Konklusjon).</summary>
/// <param name="Reporters">Melder codes classified at the conclusion, added to those given on receipt (null: none).</param>
/// <param name="Contents">Saksinnhold codes classified at the conclusion, added to those given on receipt (null: none).</param>
public sealed record ReportOfConcernConcluded(
    EntryId ReportId,
    DateOnly ConcludedOn,
    string Code,
    ImmutableList<CodedValue>? Reporters = null,
    ImmutableList<CodedValue>? Contents = null) : CaseEvent;

/// <summary>What a feedback to the reporter (tilbakemelding til melder) answers.</summary>
public enum ReporterFeedbackKind
{
    /// <summary>Confirms that the report was received (within three weeks of receipt).</summary>
    Receipt,
    /// <summary>Tells a public reporter whether the case was closed or is followed up (within three weeks of the investigation's end).</summary>
    AfterInvestigation,
}

/// <summary>Feedback was given to the person who sent the report (tilbakemelding til melder; barnevernloven 1992 § 6-7 a,
/// continued in barnevernsloven 2021 — see docs/deadlines.md for what was verified).</summary>
public sealed record ReporterFeedbackGiven(EntryId ReportId, DateOnly GivenOn, ReporterFeedbackKind Kind) : CaseEvent;

/// <summary>An investigation (undersøkelse) was opened from a report (barnevernsloven § 2-2).</summary>
public sealed record InvestigationOpened(EntryId InvestigationId, EntryId ReportId, DateOnly StartedOn) : CaseEvent;

/// <summary>An extension of the investigation deadline to six months was requested (UtvidetFrist/@StartDato).</summary>
public sealed record InvestigationExtensionRequested(EntryId InvestigationId, DateOnly RequestedOn) : CaseEvent;

/// <summary>The extension request was granted or refused (UtvidetFrist/@Innvilget).</summary>
public sealed record InvestigationExtensionDecided(EntryId InvestigationId, bool Granted) : CaseEvent;

/// <summary>How the child took part in the investigation was recorded (Undersokelse/BarnetsMedvirkning); a new record replaces the previous.</summary>
public sealed record ChildParticipationRecorded(EntryId InvestigationId, DateOnly On, string Kind) : CaseEvent;

/// <summary>The investigation was concluded (Undersokelse/Konklusjon with Vedtaksgrunnlag).</summary>
public sealed record InvestigationConcluded(EntryId InvestigationId, DateOnly ConcludedOn, CodedValue Outcome, ImmutableList<CodedValue> Grounds) : CaseEvent;

/// <summary>A decision (vedtak) was made on a legal basis, with its first status (dated <c>StatusChangedOn</c> when a
/// delivered file dates it otherwise than the decision, else the decision's date).</summary>
public sealed record DecisionMade(
    EntryId DecisionId,
    DateOnly DecidedOn,
    LegalBasis LegalBasis,
    ImmutableList<LegalBasis> ComparedWith,
    EntryId StatusId,
    string StatusCode,
    EntryId? InvestigationId,
    EntryId? CountyBoardReferralId,
    DateOnly? StatusChangedOn = null) : CaseEvent;

/// <summary>The decision's status changed (Vedtak/Status).</summary>
public sealed record DecisionStatusChanged(EntryId DecisionId, EntryId StatusId, DateOnly ChangedOn, string StatusCode) : CaseEvent;

/// <summary>The service assessed the decision anew (barnevernsloven § 6-2 from 2026: an institution stay without consent
/// is reassessed at the latest after six months).</summary>
public sealed record DecisionReassessed(EntryId DecisionId, DateOnly ReassessedOn) : CaseEvent;

/// <summary>The decision lapsed (Vedtak/Konklusjon/@SluttDato).</summary>
public sealed record DecisionEnded(EntryId DecisionId, DateOnly EndedOn) : CaseEvent;

/// <summary>A measure (tiltak) was put into effect under a decision.</summary>
/// <param name="ComparedWith">JmfrLovhjemmel: provisions the measure is read together with (null in histories recorded before it existed).</param>
public sealed record MeasureStarted(
    EntryId MeasureId,
    EntryId DecisionId,
    DateOnly StartedOn,
    LegalBasis LegalBasis,
    CodedValue Category,
    ImmutableList<CodedValue> Grounds,
    ImmutableList<LegalBasis>? ComparedWith = null) : CaseEvent;

/// <summary>Which visits a measure's schedule concerns.</summary>
public enum VisitKind
{
    /// <summary>Tilsyn: supervision visits to the foster home.</summary>
    Supervision,
    /// <summary>Oppfølging: the service's follow-up visits to the foster home.</summary>
    FollowUp,
}

/// <summary>The required number of visits per year was set from a date (Tilsyn/Hyppighet or Oppfolging/Hyppighet).</summary>
/// <param name="ChildConsented">The child consented (a condition for fewer supervision visits under the foster home
/// regulation; false in histories recorded before it was asked).</param>
public sealed record VisitFrequencySet(EntryId MeasureId, VisitKind Kind, EntryId FrequencyId, DateOnly From, int VisitsPerYear, bool ChildConsented = false) : CaseEvent;

/// <summary>A municipality became responsible for supervision (Tilsyn/Ansvarlig).</summary>
public sealed record SupervisionResponsibilitySet(EntryId MeasureId, EntryId ResponsibleId, DateOnly From, string MunicipalityNumber) : CaseEvent;

/// <summary>A supervision or follow-up visit was made (Utfort/@UtfortDato).</summary>
public sealed record VisitMade(EntryId MeasureId, VisitKind Kind, EntryId VisitId, DateOnly VisitedOn) : CaseEvent;

/// <summary>The measure ended (Tiltak/Konklusjon), with the reason for termination (Opphevelse) where one applies.</summary>
public sealed record MeasureEnded(EntryId MeasureId, DateOnly EndedOn, CodedValue? Termination) : CaseEvent;

/// <summary>The service offered the child and the parents follow-up after the child's return home (tilbud om oppfølging etter
/// tilbakeføring): a care order was lifted and its placement ended with Opphevelse 1 («Barnet tilbakeført til foreldre/familien»).</summary>
/// <remarks>From 1 January 2026 the service must offer follow-up for up to six months after a care order is lifted (regjeringen.no
/// «Endringer i lover og regler fra 1.1.2026», kvalitetsløftet; the section of barnevernsloven that holds it was not verified, see
/// docs/deadlines.md). <paramref name="OfferedOn"/> is the day the offer was made; it may come before the return when the return is
/// planned (the reason recorded before the end).</remarks>
public sealed record ReturnFollowUpOffered(EntryId MeasureId, DateOnly OfferedOn) : CaseEvent;

/// <summary>A plan was made (Plan/@StartDato, Plantype).</summary>
public sealed record PlanMade(EntryId PlanId, DateOnly StartedOn, string PlanType) : CaseEvent;

/// <summary>A plan was evaluated (Plan/Evaluering/@UtfortDato).</summary>
public sealed record PlanEvaluated(EntryId PlanId, DateOnly EvaluatedOn) : CaseEvent;

/// <summary>A plan ended (Plan/Konklusjon/@SluttDato).</summary>
public sealed record PlanEnded(EntryId PlanId, DateOnly EndedOn) : CaseEvent;

/// <summary>Aftercare was offered (Ettervern/@TilbudSendtDato).</summary>
public sealed record AftercareOffered(EntryId AftercareId, DateOnly OfferSentOn) : CaseEvent;

/// <summary>The aftercare offer was answered (Ettervern/Konklusjon).</summary>
public sealed record AftercareConcluded(EntryId AftercareId, DateOnly ConcludedOn, string Code) : CaseEvent;

/// <summary>A petition was sent to the county board (OversendelseFylkesnemnd).</summary>
public sealed record CountyBoardReferralSent(EntryId ReferralId, DateOnly SentOn, LegalBasis LegalBasis, ImmutableList<LegalBasis> ComparedWith) : CaseEvent;

/// <summary>The child moved from a placement (Flytting).</summary>
public sealed record ChildMoved(EntryId MoveId, DateOnly MovedOn, CodedValue ReasonFrom, CodedValue MovedTo) : CaseEvent;

/// <summary>An entry was withdrawn as registered in error (register: Slettet). Its history remains.</summary>
public sealed record EntryRetracted(EntryId EntryId, EntryKind Kind, DateOnly RetractedOn, string Reason) : CaseEvent;

/// <summary>The case was closed (Sak/@SluttDato, Avsluttet).</summary>
public sealed record CaseClosed(DateOnly ClosedOn) : CaseEvent;

/// <summary>A closed case was reopened (for instance by a new report of concern).</summary>
public sealed record CaseReopened(DateOnly ReopenedOn) : CaseEvent;

/// <summary>The id an element had in the KOSTRA delivery it was migrated from (the register's MigrertId), kept so that
/// SSB reads the element's ERROR controls as WARNING (Kravspesifikasjon, "Migrering av data innrapportert via Kostra").</summary>
/// <param name="EntryId">The entry it belongs to; null for the case itself (Sak/@MigrertId).</param>
public sealed record MigratedIdRecorded(EntryId? EntryId, string MigratedId) : CaseEvent;

/// <summary>A private party's claim to change a county board decision was received (Vedtak/Krav/@StartDato).</summary>
public sealed record ClaimReceived(EntryId DecisionId, EntryId ClaimId, DateOnly ReceivedOn) : CaseEvent;

/// <summary>The claim was concluded (Vedtak/Krav/Konklusjon: 1 sent to the county board, 2 lapsed, 9 other).</summary>
public sealed record ClaimConcluded(EntryId DecisionId, EntryId ClaimId, DateOnly ConcludedOn, CodedValue Outcome) : CaseEvent;

/// <summary>Grounds (Undersokelse/Vedtaksgrunnlag) found so far by an investigation not yet concluded; they replace earlier ones.</summary>
public sealed record InvestigationGroundsRecorded(EntryId InvestigationId, ImmutableList<CodedValue> Grounds) : CaseEvent;

/// <summary>The reason a measure ends (Tiltak/Opphevelse) was recorded before its end date (no Tiltak/Konklusjon yet).</summary>
public sealed record TerminationReasonRecorded(EntryId MeasureId, CodedValue Termination) : CaseEvent;

/// <summary>A Relasjon of the register with its own id, kept as it was delivered (e.g. by the system a municipality
/// migrates from), so that a case sent again shows SSB the relations it has seen. Both ends are entries of the case.</summary>
public sealed record RelationRecorded(Guid RelationId, EntryId From, EntryKind FromKind, EntryId To, EntryKind ToKind) : CaseEvent;

/// <summary>A register <c>Slettet</c> element kept as delivered (see <see cref="RecordDeletedElement"/>).</summary>
public sealed record DeletedElementRecorded(Guid ElementId, string ElementType, DateOnly DeletedOn) : CaseEvent;

/// <summary>A register <c>ErSlettet</c> attribute kept as delivered (see <see cref="RecordDeletionFlag"/>).</summary>
public sealed record DeletionFlagRecorded(Guid? ElementId, bool Value, string? Part) : CaseEvent;
