using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Vern.Domain.Law;
using Vern.Domain.People;

namespace Vern.Domain.Cases;

/// <summary>A request to change a case. <see cref="CaseDecider.Decide"/> validates it against the current
/// state and turns it into events, or refuses it with the rules it breaks. Ids of new entries may be given
/// (import, tests) or left null to be generated.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "command")]
[JsonDerivedType(typeof(OpenCase), "open-case")]
[JsonDerivedType(typeof(RecordPersonalDetails), "record-personal-details")]
[JsonDerivedType(typeof(AssignCaseworker), "assign-caseworker")]
[JsonDerivedType(typeof(ReceiveReport), "receive-report")]
[JsonDerivedType(typeof(ConcludeReport), "conclude-report")]
[JsonDerivedType(typeof(GiveReporterFeedback), "give-reporter-feedback")]
[JsonDerivedType(typeof(OpenInvestigation), "open-investigation")]
[JsonDerivedType(typeof(RequestExtension), "request-extension")]
[JsonDerivedType(typeof(DecideExtension), "decide-extension")]
[JsonDerivedType(typeof(RecordChildParticipation), "record-child-participation")]
[JsonDerivedType(typeof(ConcludeInvestigation), "conclude-investigation")]
[JsonDerivedType(typeof(MakeDecision), "make-decision")]
[JsonDerivedType(typeof(ChangeDecisionStatus), "change-decision-status")]
[JsonDerivedType(typeof(EndDecision), "end-decision")]
[JsonDerivedType(typeof(ReassessDecision), "reassess-decision")]
[JsonDerivedType(typeof(StartMeasure), "start-measure")]
[JsonDerivedType(typeof(SetVisitFrequency), "set-visit-frequency")]
[JsonDerivedType(typeof(SetSupervisionResponsibility), "set-supervision-responsibility")]
[JsonDerivedType(typeof(RecordVisit), "record-visit")]
[JsonDerivedType(typeof(EndMeasure), "end-measure")]
[JsonDerivedType(typeof(OfferReturnFollowUp), "offer-return-follow-up")]
[JsonDerivedType(typeof(MakePlan), "make-plan")]
[JsonDerivedType(typeof(EvaluatePlan), "evaluate-plan")]
[JsonDerivedType(typeof(EndPlan), "end-plan")]
[JsonDerivedType(typeof(OfferAftercare), "offer-aftercare")]
[JsonDerivedType(typeof(ConcludeAftercare), "conclude-aftercare")]
[JsonDerivedType(typeof(SendToCountyBoard), "send-to-county-board")]
[JsonDerivedType(typeof(RecordMove), "record-move")]
[JsonDerivedType(typeof(RetractEntry), "retract-entry")]
[JsonDerivedType(typeof(CloseCase), "close-case")]
[JsonDerivedType(typeof(ReopenCase), "reopen-case")]
[JsonDerivedType(typeof(RecordMigratedId), "record-migrated-id")]
[JsonDerivedType(typeof(ReceiveClaim), "receive-claim")]
[JsonDerivedType(typeof(ConcludeClaim), "conclude-claim")]
[JsonDerivedType(typeof(RecordTerminationReason), "record-termination-reason")]
[JsonDerivedType(typeof(RecordInvestigationGrounds), "record-investigation-grounds")]
[JsonDerivedType(typeof(RecordRelation), "record-relation")]
[JsonDerivedType(typeof(RecordDeletedElement), "record-deleted-element")]
[JsonDerivedType(typeof(RecordDeletionFlag), "record-deletion-flag")]
public abstract record CaseCommand;

/// <summary>The child's personalia as entered. <see cref="BirthDate"/> may be left out when the identifier gives it.
/// <see cref="AddressProtection"/> is Folkeregisteret's grading of the child's address (none when left out).</summary>
public sealed record ChildInput(string? Identifier, DateOnly? BirthDate, Sex Sex, string? DufNumber = null, string? GivenName = null, string? FamilyName = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    AddressProtection AddressProtection = AddressProtection.None);

/// <param name="ChildId">Id of the first personalia (import keeps the register's Personalia/@Id); generated when null.</param>
/// <param name="ChildEffectiveFrom">Personalia/@StartDato of the first personalia; the case's start date when null.</param>
public sealed record OpenCase(
    string MunicipalityNumber,
    string JournalNumber,
    DateOnly OpenedOn,
    ChildInput Child,
    EntryId? ChildId = null,
    DateOnly? ChildEffectiveFrom = null) : CaseCommand
{
    /// <summary>The city district (bydel, Barnevern_v4.xsd Avgiver/@Bydelsnummer: two digits, "benyttes kun for kommuner med
    /// bydeler") whose child welfare service has the case; null for a municipality without bydeler.</summary>
    public string? Bydel { get; init; }

    /// <summary>The bydel's name as the register gives it (Avgiver/@Bydelsnavn, e.g. «Gamle Oslo»); kept so the export writes
    /// it back unchanged.</summary>
    public string? BydelName { get; init; }
}

public sealed record RecordPersonalDetails(DateOnly EffectiveFrom, ChildInput Child, EntryId? Id = null) : CaseCommand;

public sealed record AssignCaseworker(string CaseworkerId, DateOnly AssignedOn) : CaseCommand;

/// <summary>Records a report of concern as received. Reporters and contents may be left empty until the report is
/// classified; <see cref="ConcludeReport"/> requires them (Kravspesifikasjon Melding Kontroll 4 and 5).</summary>
public sealed record ReceiveReport(DateOnly ReceivedOn, ImmutableList<CodedValue> Reporters, ImmutableList<CodedValue> Contents, EntryId? Id = null) : CaseCommand;

/// <summary>Concludes a report; <paramref name="Reporters"/> and <paramref name="Contents"/> add codes classified now.
/// After it the report must have at least one reporter and one content code.</summary>
public sealed record ConcludeReport(
    EntryId ReportId,
    DateOnly ConcludedOn,
    string Code,
    ImmutableList<CodedValue>? Contents = null,
    ImmutableList<CodedValue>? Reporters = null) : CaseCommand;

/// <summary>Opens an investigation from a report; an unconcluded report is concluded with code 2
/// ("ikke henlagt") on the same date, as Barnevern_v4.xsd Undersokelse/@StartDato describes, unless
/// <paramref name="ConcludesReport"/> is false (an import whose file concludes the report itself, or not yet).</summary>
public sealed record OpenInvestigation(EntryId ReportId, DateOnly StartedOn, EntryId? Id = null, bool ConcludesReport = true) : CaseCommand;

public sealed record RequestExtension(EntryId InvestigationId, DateOnly RequestedOn) : CaseCommand;

public sealed record DecideExtension(EntryId InvestigationId, bool Granted) : CaseCommand;

/// <summary>Records how the child took part in the investigation (barnets medvirkning, barnevernsloven § 1-4;
/// Barnevern_v4.xsd Undersokelse/BarnetsMedvirkning): <paramref name="Kind"/> is a code of the Medvirkning list (1.1–2.2).</summary>
public sealed record RecordChildParticipation(EntryId InvestigationId, DateOnly On, string Kind) : CaseCommand;

public sealed record ConcludeInvestigation(EntryId InvestigationId, DateOnly ConcludedOn, CodedValue Outcome, ImmutableList<CodedValue> Grounds) : CaseCommand;

public sealed record MakeDecision(
    DateOnly DecidedOn,
    LegalBasis LegalBasis,
    string StatusCode = "1",
    EntryId? InvestigationId = null,
    EntryId? CountyBoardReferralId = null,
    ImmutableList<LegalBasis>? ComparedWith = null,
    EntryId? Id = null,
    EntryId? StatusId = null,
    DateOnly? StatusChangedOn = null) : CaseCommand;

public sealed record ChangeDecisionStatus(EntryId DecisionId, DateOnly ChangedOn, string StatusCode, EntryId? Id = null) : CaseCommand;

public sealed record EndDecision(EntryId DecisionId, DateOnly EndedOn) : CaseCommand;

/// <summary>Starts a measure under a decision; the legal basis defaults to the decision's.</summary>
public sealed record StartMeasure(
    EntryId DecisionId,
    DateOnly StartedOn,
    CodedValue Category,
    ImmutableList<CodedValue>? Grounds = null,
    LegalBasis? LegalBasis = null,
    EntryId? Id = null,
    ImmutableList<LegalBasis>? ComparedWith = null) : CaseCommand;

/// <param name="ChildConsented">Whether the child consented; fewer supervision visits count only with consent.</param>
public sealed record SetVisitFrequency(EntryId MeasureId, VisitKind Kind, DateOnly From, int VisitsPerYear, EntryId? Id = null, bool ChildConsented = false) : CaseCommand;

/// <summary>Record that the service assessed a decision anew (barnevernsloven § 6-2 from 2026).</summary>
public sealed record ReassessDecision(EntryId DecisionId, DateOnly ReassessedOn) : CaseCommand;

/// <summary>Record that the reporter was given feedback on a report (tilbakemelding til melder).</summary>
public sealed record GiveReporterFeedback(EntryId ReportId, DateOnly GivenOn, ReporterFeedbackKind Kind) : CaseCommand;

public sealed record SetSupervisionResponsibility(EntryId MeasureId, DateOnly From, string MunicipalityNumber, EntryId? Id = null) : CaseCommand;

public sealed record RecordVisit(EntryId MeasureId, VisitKind Kind, DateOnly VisitedOn, EntryId? Id = null) : CaseCommand;

public sealed record EndMeasure(EntryId MeasureId, DateOnly EndedOn, CodedValue? Termination = null) : CaseCommand;

/// <summary>Record that the child and the parents were offered follow-up after a care order was lifted (tilbud om oppfølging etter
/// tilbakeføring, from 2026): <paramref name="MeasureId"/> is the care placement that ended, or is to end, with Opphevelse 1.</summary>
public sealed record OfferReturnFollowUp(EntryId MeasureId, DateOnly OfferedOn) : CaseCommand;

public sealed record MakePlan(DateOnly StartedOn, string PlanType, EntryId? Id = null) : CaseCommand;

public sealed record EvaluatePlan(EntryId PlanId, DateOnly EvaluatedOn) : CaseCommand;

public sealed record EndPlan(EntryId PlanId, DateOnly EndedOn) : CaseCommand;

public sealed record OfferAftercare(DateOnly OfferSentOn, EntryId? Id = null) : CaseCommand;

public sealed record ConcludeAftercare(EntryId AftercareId, DateOnly ConcludedOn, string Code) : CaseCommand;

public sealed record SendToCountyBoard(DateOnly SentOn, LegalBasis LegalBasis, ImmutableList<LegalBasis>? ComparedWith = null, EntryId? Id = null) : CaseCommand;

public sealed record RecordMove(DateOnly MovedOn, CodedValue ReasonFrom, CodedValue MovedTo, EntryId? Id = null) : CaseCommand;

public sealed record RetractEntry(EntryId EntryId, DateOnly RetractedOn, string Reason) : CaseCommand;

public sealed record CloseCase(DateOnly ClosedOn) : CaseCommand;

public sealed record ReopenCase(DateOnly ReopenedOn) : CaseCommand;

/// <summary>Keeps the MigrertId of the case (<paramref name="EntryId"/> null) or of one of its entries.</summary>
public sealed record RecordMigratedId(EntryId? EntryId, string MigratedId) : CaseCommand;

/// <summary>Records a private party's claim against a decision (Vedtak/Krav).</summary>
public sealed record ReceiveClaim(EntryId DecisionId, DateOnly ReceivedOn, EntryId? Id = null) : CaseCommand;

/// <summary>Concludes a claim (Vedtak/Krav/Konklusjon).</summary>
public sealed record ConcludeClaim(EntryId DecisionId, EntryId ClaimId, DateOnly ConcludedOn, CodedValue Outcome) : CaseCommand;

/// <summary>Records the grounds (Vedtaksgrunnlag) an investigation has found so far, before it is concluded.</summary>
public sealed record RecordInvestigationGrounds(EntryId InvestigationId, ImmutableList<CodedValue> Grounds) : CaseCommand;

/// <summary>Records why a measure will end (Tiltak/Opphevelse) before it has ended.</summary>
public sealed record RecordTerminationReason(EntryId MeasureId, CodedValue Termination) : CaseCommand;

/// <summary>Keeps a register Relasjon with its id (import): both ends must be live entries of the case.</summary>
public sealed record RecordRelation(Guid RelationId, EntryId From, EntryKind FromKind, EntryId To, EntryKind ToKind) : CaseCommand;

/// <summary>Keeps a register <c>Slettet</c> element as delivered (import): an element of type <paramref name="ElementType"/>
/// (BegrepsType) deleted on <paramref name="DeletedOn"/> in the system the case came from. The element itself is not in
/// the file, so nothing else is recorded; the export writes the marker back.</summary>
public sealed record RecordDeletedElement(Guid ElementId, string ElementType, DateOnly DeletedOn) : CaseCommand;

/// <summary>Keeps a register <c>ErSlettet</c> attribute as delivered (import): on the case (<paramref name="ElementId"/>
/// null), on an entry or a kept relation, or on a report's conclusion (<paramref name="Part"/> "Konklusjon"). An entry
/// marked <c>true</c> leaves the live case (no deadline, count or rule sees it) and is kept only to be written back
/// with the marker (<see cref="CaseState.DeletedInFile"/>).</summary>
public sealed record RecordDeletionFlag(Guid? ElementId, bool Value, string? Part = null) : CaseCommand;
