using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Vern.Deadlines.Rules;

/// <summary>Where a duty's deadline comes from (rettskildegrunnlag). Only <see cref="Law"/> and <see cref="Regulation"/>
/// deadlines are breaches of the law; the compliance report shows <see cref="Guidance"/> and <see cref="LocalRoutine"/>
/// deadlines apart, as deviations from guidance or routine.</summary>
public enum DutyBasis
{
    /// <summary>The deadline is written in the Act (lov).</summary>
    Law,
    /// <summary>The deadline is written in a regulation (forskrift).</summary>
    Regulation,
    /// <summary>The law requires the duty without a deadline; the deadline is the directorate's guidance (veileder, rundskriv).</summary>
    Guidance,
    /// <summary>The deadline is a local routine the service may change in the rule file (no verified source).</summary>
    LocalRoutine,
}

/// <summary>One version of a statutory duty with a deadline (lovpålagt frist). Rules are data (Rules/rules.json):
/// a rule is never edited in place; a new version is added with its <see cref="ValidFrom"/> and the old one closed
/// with <see cref="ValidTo"/>. The engine picks the version in force on the case's legal date for the rule
/// (e.g. the day the report was received), not on the day of evaluation.</summary>
/// <param name="Id">Stable rule id shared by all versions, e.g. "melding-gjennomgang".</param>
/// <param name="Act">The child welfare Act the version belongs to ("BVL" 1992, "BVL2021").</param>
/// <param name="ValidFrom">First legal date the version governs (inclusive).</param>
/// <param name="ValidTo">Last legal date it governs (inclusive); null while in force.</param>
/// <param name="Title">Bokmål label for worklists.</param>
/// <param name="CoreTask">Whether the duty is a core task (kjerneoppgave) that needs the competence of
/// barnevernsloven § 15-6 (see <see cref="Vern.Deadlines.Staff.CompetenceRequirement"/>).</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "shape")]
[JsonDerivedType(typeof(ReviewWithin), "review-within")]
[JsonDerivedType(typeof(ConcludeWithin), "conclude-within")]
[JsonDerivedType(typeof(PlanRequired), "plan-required")]
[JsonDerivedType(typeof(PlanEvaluationEvery), "plan-evaluation-every")]
[JsonDerivedType(typeof(VisitsPerYear), "visits-per-year")]
[JsonDerivedType(typeof(AftercareBefore), "aftercare-before")]
[JsonDerivedType(typeof(PetitionAfterEmergency), "petition-after-emergency")]
[JsonDerivedType(typeof(CarryOutWithin), "carry-out-within")]
[JsonDerivedType(typeof(FeedbackWithin), "feedback-within")]
[JsonDerivedType(typeof(ReassessWithin), "reassess-within")]
[JsonDerivedType(typeof(FollowUpAfterReturn), "follow-up-after-return")]
public abstract record DeadlineRule(
    string Id,
    string Act,
    DateOnly ValidFrom,
    DateOnly? ValidTo,
    string Title,
    LegalSource Source,
    bool CoreTask)
{
    /// <summary>Where the deadline comes from; required in the rule file (<see cref="RuleBook.Parse"/> refuses a rule without it).</summary>
    public DutyBasis? Basis { get; init; }

    /// <summary>Whether missing the deadline breaks the law or a regulation (not only guidance or a local routine).</summary>
    public bool IsStatutory => Basis is DutyBasis.Law or DutyBasis.Regulation;

    public bool IsInForceOn(DateOnly legalDate) => legalDate >= ValidFrom && (ValidTo is null || legalDate <= ValidTo);
}

/// <summary>Decides when a report of concern (melding) must have been reviewed: <see cref="Length"/> after it was received.</summary>
/// <remarks>Received Monday 1 January 2024 → due Monday 8 January 2024 (1 week = 7 days); a review on 8 January is on
/// time, on 9 January late. SSB's Melding Kontroll 3 counts the same 7 calendar days ("mer enn 7 dager etter StartDato").
/// Source: barnevernsloven § 2-1 første ledd; barnevernloven (1992) § 4-2 første ledd.</remarks>
public sealed record ReviewWithin(
    string Id, string Act, DateOnly ValidFrom, DateOnly? ValidTo, string Title, LegalSource Source, bool CoreTask,
    Period Length,
    RegisterControl? Control)
    : DeadlineRule(Id, Act, ValidFrom, ValidTo, Title, Source, CoreTask);

/// <summary>Decides when an investigation (undersøkelse) must be concluded. The deadline itself has one definition,
/// <see cref="Vern.Domain.Law.InvestigationDeadline"/> in the Domain (shared with the generator's summary); a version here
/// carries the citation and the register control for the Act.</summary>
/// <remarks>Report received 24 January 2024 → clock starts 31 January → due 30 April 2024; with an extension granted,
/// 31 July 2024. The register control (Undersøkelse Kontroll 11) instead counts 7 + 90 or 7 + 180 calendar days from
/// the report's receipt: 23 April 2024 or 22 July 2024. Both are kept.
/// Source: barnevernsloven § 2-2; barnevernloven (1992) § 6-9 første ledd, jf. § 4-3.</remarks>
public sealed record ConcludeWithin(
    string Id, string Act, DateOnly ValidFrom, DateOnly? ValidTo, string Title, LegalSource Source, bool CoreTask,
    RegisterControl? Control)
    : DeadlineRule(Id, Act, ValidFrom, ValidTo, Title, Source, CoreTask);

/// <summary>Decides that a plan of one of <see cref="PlanTypes"/> must exist within <see cref="Within"/> of a trigger:
/// a measure (tiltak) on one of <see cref="MeasureBases"/>, or a decision (vedtak) on one of <see cref="DecisionBases"/>
/// once approved (status 1).</summary>
/// <remarks>A plan counts when it started on or before the due date's obligation was met and had not ended before
/// the trigger. Support measure started 6 May 2024, tiltaksplan made 6 May → met on time; made 7 May → met late
/// (Within = 0 days). Source: barnevernsloven § 8-1 (tiltaksplan), § 8-3 (omsorgsplan); 1992: § 4-5, § 4-15.</remarks>
/// <param name="MeasureBases">Legal bases as "ACT chapter-section", e.g. "BVL2021 3-1".</param>
public sealed record PlanRequired(
    string Id, string Act, DateOnly ValidFrom, DateOnly? ValidTo, string Title, LegalSource Source, bool CoreTask,
    ImmutableArray<string> PlanTypes,
    ImmutableArray<string> MeasureBases,
    ImmutableArray<string> DecisionBases,
    Period Within)
    : DeadlineRule(Id, Act, ValidFrom, ValidTo, Title, Source, CoreTask)
{
    /// <summary>What starts the duty: a measure or an approved decision (the default), the day a decision is made
    /// (e.g. an emergency decision, which takes effect at once), or the day an investigation opens.</summary>
    public PlanTrigger Trigger { get; init; } = PlanTrigger.MeasureOrApprovedDecision;
}

/// <summary>What starts a <see cref="PlanRequired"/> duty.</summary>
public enum PlanTrigger
{
    /// <summary>A measure on one of the rule's measure bases starts, or a decision on one of its decision bases is approved (status 1).</summary>
    MeasureOrApprovedDecision,
    /// <summary>A decision on one of the rule's decision bases is made (Vedtak/@StartDato).</summary>
    DecisionMade,
    /// <summary>An investigation opens (Undersøkelse/@StartDato).</summary>
    InvestigationOpened,
}

/// <summary>Decides when an open plan of one of <see cref="PlanTypes"/> must next be evaluated: <see cref="Interval"/>
/// after its start or its last evaluation.</summary>
/// <remarks>Tiltaksplan made 31 August 2024, interval 6 months → first evaluation due 28 February 2025; evaluated
/// 10 February 2025 → next due 10 August 2025. <see cref="DeadlineRule.Basis"/> says whether the interval is in the law,
/// in guidance or a local routine.</remarks>
public sealed record PlanEvaluationEvery(
    string Id, string Act, DateOnly ValidFrom, DateOnly? ValidTo, string Title, LegalSource Source, bool CoreTask,
    ImmutableArray<string> PlanTypes,
    Period Interval)
    : DeadlineRule(Id, Act, ValidFrom, ValidTo, Title, Source, CoreTask);

/// <summary>Which visits a <see cref="VisitsPerYear"/> rule counts.</summary>
public enum VisitTrack
{
    /// <summary>Oppfølging: the service's follow-up visits to the foster home.</summary>
    FollowUp,
    /// <summary>Tilsyn: supervision visits to the child in the foster home.</summary>
    Supervision,
}

/// <summary>Decides when the next visit to a child in a foster home is due: at least <see cref="Standard"/> visits a
/// year, so one every 12/<see cref="Standard"/> months after the placement or the last visit; at least
/// <see cref="Reduced"/> a year once a decision has reduced it, which is lawful only when the child has lived in the
/// home more than <see cref="ReducedAfter"/>.</summary>
/// <remarks>Placed 15 January 2024, 4 a year → first visit due 15 April 2024. Reduced to 2 from 1 March 2026 (more than
/// 2 years after placement) → 6 months after the last visit. A reduction recorded before two years have passed is
/// ignored (the standard frequency still applies). Source: fosterhjemsforskriften § 7 (oppfølging) and § 9 (tilsyn).</remarks>
/// <param name="MeasureCategories">Tiltak category prefixes that are foster homes, e.g. "2." (Kodelister Kategori 2.x).</param>
public sealed record VisitsPerYear(
    string Id, string Act, DateOnly ValidFrom, DateOnly? ValidTo, string Title, LegalSource Source, bool CoreTask,
    VisitTrack Track,
    ImmutableArray<string> MeasureCategories,
    int Standard,
    int Reduced,
    Period ReducedAfter)
    : DeadlineRule(Id, Act, ValidFrom, ValidTo, Title, Source, CoreTask)
{
    /// <summary>The age at which the duty ends (supervision ends when the child turns 18); null when it runs with the measure.</summary>
    public int? EndsAtAge { get; init; }

    /// <summary>Whether a reduced frequency also needs the child's consent (supervision visits).</summary>
    public bool ReducedNeedsConsent { get; init; }

    /// <summary>Longest allowed gap between visits at a frequency: 12 / visits-per-year months.</summary>
    public static Period Gap(int visitsPerYear) => Period.OfMonths(12 / Math.Max(1, visitsPerYear));
}

/// <summary>Decides that a young person with measures must be offered aftercare (ettervern) before turning
/// <see cref="Age"/>: when a measure is in force within <see cref="NoticeBefore"/> of that birthday, an offer is due by it.</summary>
/// <remarks>Born 10 June 2008 with a foster home in force → offer due 10 June 2026 (the 18th birthday). Aftercare may
/// last until <see cref="UpperAge"/>. Source: barnevernsloven § 3-6 (and plan § 8-5); 1992: § 1-3 andre ledd.</remarks>
public sealed record AftercareBefore(
    string Id, string Act, DateOnly ValidFrom, DateOnly? ValidTo, string Title, LegalSource Source, bool CoreTask,
    int Age,
    int UpperAge,
    Period NoticeBefore)
    : DeadlineRule(Id, Act, ValidFrom, ValidTo, Title, Source, CoreTask);

/// <summary>Decides when a petition to the county board (begjæring til barneverns- og helsenemnda) must follow an
/// emergency decision (akuttvedtak): the time limit depends on the provision the decision rests on (<see cref="Triggers"/>,
/// down to the ledd). An emergency decision on a provision not listed (e.g. emergency help measures) has no petition
/// duty. The duty lapses when the emergency decision ends first; when the limit passes without a petition, the
/// emergency decision itself falls away by law, and the duty says so.</summary>
/// <remarks>2021 Act: emergency placement (§ 4-2) decided 1 March 2024, 6 weeks → petition due 12 April 2024; emergency
/// institution placement for serious behavioural problems (§ 4-4) decided 1 March 2024, 2 weeks → due 15 March 2024.</remarks>
public sealed record PetitionAfterEmergency(
    string Id, string Act, DateOnly ValidFrom, DateOnly? ValidTo, string Title, LegalSource Source, bool CoreTask,
    ImmutableArray<EmergencyTrigger> Triggers)
    : DeadlineRule(Id, Act, ValidFrom, ValidTo, Title, Source, CoreTask)
{
    /// <summary>The trigger that matches a decision's basis key, or null (no petition duty).</summary>
    public EmergencyTrigger? For(string basisKey)
    {
        foreach (var t in Triggers)
            if (Facts.CaseFactsProjection.BasisMatches(t.Basis, basisKey))
                return t;
        return null;
    }
}

/// <summary>One emergency provision and its petition limit.</summary>
/// <param name="Basis">Basis key with ledd where the ledd decides, e.g. "BVL 4-6 (2)", "BVL2021 4-4".</param>
/// <param name="Within">Time to petition, counted from the day of the emergency decision.</param>
/// <param name="Lapse">Where the law says the decision falls away when the limit is missed, e.g. "§ 4-6 femte ledd".</param>
public sealed record EmergencyTrigger(string Basis, Period Within, string Lapse);

/// <summary>Decides that a decision on one of <see cref="DecisionBases"/> must be carried out (a placement on one of
/// <see cref="MeasureCategories"/> in force) within <see cref="Within"/> of the decision, or it lapses by law
/// (care order: barnevernloven 1992 § 4-13).</summary>
/// <remarks>Care order decided 1 March 2022, 6 weeks → carried out by 12 April 2022. A placement already in force on the
/// day of the decision (e.g. after an emergency placement) carries it out that day.</remarks>
public sealed record CarryOutWithin(
    string Id, string Act, DateOnly ValidFrom, DateOnly? ValidTo, string Title, LegalSource Source, bool CoreTask,
    ImmutableArray<string> DecisionBases,
    ImmutableArray<string> MeasureCategories,
    Period Within)
    : DeadlineRule(Id, Act, ValidFrom, ValidTo, Title, Source, CoreTask);

/// <summary>Decides that an approved decision on one of <see cref="DecisionBases"/> must be assessed anew within
/// <see cref="Within"/> of its approval (barnevernsloven § 6-2 from 2026: an institution stay without consent, at the
/// latest after six months). The duty lapses when the decision ends first.</summary>
/// <remarks>Approved 15 January 2026 → reassessment due 15 July 2026.</remarks>
public sealed record ReassessWithin(
    string Id, string Act, DateOnly ValidFrom, DateOnly? ValidTo, string Title, LegalSource Source, bool CoreTask,
    ImmutableArray<string> DecisionBases,
    Period Within)
    : DeadlineRule(Id, Act, ValidFrom, ValidTo, Title, Source, CoreTask);

/// <summary>Decides that the child and the parents must be offered follow-up after a care order is lifted and the child returns
/// home (tilbakeføring): a care order's placement ending with one of <see cref="TerminationCodes"/> (Opphevelse 1) must have the
/// offer by <see cref="Within"/> after its end. The follow-up lasts up to <see cref="FollowUpFor"/> after the return; an offer
/// made within it is late, and when it passes with none the duty leaves the worklist as missed, a breach.</summary>
/// <remarks>Returned home 15 March 2026, within 0 days → offer due 15 March 2026: offered 1 March (a planned return) or 15 March
/// is on time, 16 March late; with none, overdue until 15 September 2026, missed from then. The case being closed does not end
/// the duty (the offer is owed after the return whether or not the case stays open). Source: barnevernsloven from 1 January
/// 2026 (regjeringen.no «Endringer i lover og regler fra 1.1.2026»; the section was not verified).</remarks>
public sealed record FollowUpAfterReturn(
    string Id, string Act, DateOnly ValidFrom, DateOnly? ValidTo, string Title, LegalSource Source, bool CoreTask,
    ImmutableArray<string> TerminationCodes,
    Period Within,
    Period FollowUpFor)
    : DeadlineRule(Id, Act, ValidFrom, ValidTo, Title, Source, CoreTask);

/// <summary>What a reporter's feedback follows.</summary>
public enum FeedbackTrigger
{
    /// <summary>The report of concern was received: feedback confirms receipt.</summary>
    ReportReceived,
    /// <summary>The investigation opened from the report was concluded: feedback says whether the case was closed or followed up.</summary>
    InvestigationConcluded,
}

/// <summary>Decides when the reporter (melder) must be given feedback (tilbakemelding): <see cref="Within"/> after the
/// <see cref="Trigger"/>. Applies only to reports with a reporter who can be answered (not anonymous, not the service itself).</summary>
/// <remarks>Report received 1 March 2024, 3 weeks → feedback due 22 March 2024; investigation concluded 30 May 2024 →
/// second feedback due 20 June 2024.</remarks>
public sealed record FeedbackWithin(
    string Id, string Act, DateOnly ValidFrom, DateOnly? ValidTo, string Title, LegalSource Source, bool CoreTask,
    FeedbackTrigger Trigger,
    Period Within)
    : DeadlineRule(Id, Act, ValidFrom, ValidTo, Title, Source, CoreTask);
