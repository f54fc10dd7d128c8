using Vern.Domain.Cases;

namespace Vern.Deadlines.Facts;

/// <summary>Fristgrunnlag: the few dates of one case that the deadline rules read, projected from
/// <see cref="CaseState"/> by <see cref="CaseFactsProjection"/> and kept compact in the deadline index so that a
/// national data set can be evaluated in memory. Retracted entries are absent (they are absent from the state).</summary>
/// <param name="BirthDate">The child's birth date (from the personalia in force).</param>
/// <param name="AftercareOffers">Ettervern/@TilbudSendtDato of every aftercare entry, ascending.</param>
/// <param name="CountyBoardReferrals">OversendelseFylkesnemnd send dates, ascending.</param>
public sealed record CaseFacts(
    CaseId Id,
    long Version,
    string MunicipalityNumber,
    string JournalNumber,
    string? CaseworkerId,
    DateOnly OpenedOn,
    DateOnly? ClosedOn,
    DateOnly BirthDate,
    ReportFact[] Reports,
    InvestigationFact[] Investigations,
    DecisionFact[] Decisions,
    MeasureFact[] Measures,
    PlanFact[] Plans,
    DateOnly[] AftercareOffers,
    DateOnly[] CountyBoardReferrals);

/// <summary>Melding: received, and reviewed (Konklusjon/@SluttDato) when it has been.</summary>
/// <param name="ReporterAnswerable">A reporter who can be given feedback (not anonymous, not the service itself).</param>
/// <param name="ReceiptFeedbackOn">The first feedback to the reporter confirming receipt, if given.</param>
public readonly record struct ReportFact(EntryId Id, DateOnly ReceivedOn, DateOnly? ReviewedOn,
    bool ReporterAnswerable = false, DateOnly? ReceiptFeedbackOn = null);

/// <summary>Undersøkelse with the dates of the report it came from.</summary>
/// <param name="ExtensionGranted">UtvidetFrist/@Innvilget: true granted, false refused, null not requested or undecided.</param>
/// <param name="PublicReporter">The report came from a public body or professional with a duty to report, who is owed
/// feedback after the investigation.</param>
/// <param name="ReporterFeedbackOn">The feedback to that reporter after the investigation, if given.</param>
public readonly record struct InvestigationFact(
    EntryId Id,
    DateOnly ReportReceivedOn,
    DateOnly? ReportReviewedOn,
    DateOnly StartedOn,
    bool? ExtensionGranted,
    DateOnly? ConcludedOn,
    bool PublicReporter = false,
    DateOnly? ReporterFeedbackOn = null);

/// <summary>Vedtak: its legal basis as "ACT chapter-section (ledd)" (e.g. "BVL2021 5-1", "BVL 4-6 (2)"; see
/// <see cref="CaseFactsProjection.BasisKey"/>), the date of the decision, the date it was approved (first status 1
/// Godkjent), and the date it lapsed.</summary>
/// <param name="Reassessments">Days the service assessed the decision anew (ascending; null when none).</param>
public readonly record struct DecisionFact(EntryId Id, string Basis, DateOnly DecidedOn, DateOnly? ApprovedOn, DateOnly? EndedOn,
    DateOnly[]? Reassessments = null);

/// <summary>Tiltak: legal basis ("BVL2021 3-1"), category code ("2.2"), period, and its visit schedules.</summary>
/// <param name="Termination">Opphevelse: the reason the measure ends (code), recorded at or before its end; null when none.</param>
/// <param name="CareOrderPlacement">A care order's placement (<see cref="MeasureKinds.NeedsTerminationReason"/>: omsorgsovertakelse
/// and plasseringstiltak as SSB's Kravspesifikasjon defines them), which the rules cannot tell from the basis key alone (1992
/// § 4-8 read with § 4-12).</param>
/// <param name="ReturnFollowUpOffers">Days follow-up after the return home was offered (ascending; null when none).</param>
public readonly record struct MeasureFact(
    EntryId Id,
    string Basis,
    string Category,
    DateOnly StartedOn,
    DateOnly? EndedOn,
    VisitFacts? FollowUp,
    VisitFacts? Supervision,
    string? Termination = null,
    bool CareOrderPlacement = false,
    DateOnly[]? ReturnFollowUpOffers = null);

/// <summary>Hyppighet (visits per year from a date) and the visits made (ascending).</summary>
public sealed record VisitFacts(FrequencyFact[] Frequencies, DateOnly[] Visits);

/// <summary>Visits required per year from <see cref="From"/>.</summary>
/// <param name="ChildConsented">The child consented to the frequency (required for fewer supervision visits).</param>
public readonly record struct FrequencyFact(DateOnly From, int PerYear, bool ChildConsented = false);

/// <summary>Plan: type code (Plantype), period and evaluation dates (ascending).</summary>
public readonly record struct PlanFact(EntryId Id, string Type, DateOnly StartedOn, DateOnly? EndedOn, DateOnly[] Evaluations);
