using Vern.Deadlines.Facts;
using Vern.Deadlines.Rules;
using Vern.Domain.Law;

namespace Vern.Deadlines.Engine;

/// <summary>Fristmotor: computes every duty of a case as of a date under the rule version in force on each duty's
/// legal date. Pure: the evaluation date is passed in; facts dated after it are ignored, so the engine can look back.</summary>
public static class DeadlineEngine
{
    public const string ReviewRule = "melding-gjennomgang";
    public const string InvestigationRule = "undersokelse-frist";
    public const string SupportPlanRule = "tiltaksplan";
    public const string CarePlanRule = "omsorgsplan";
    public const string AftercarePlanRule = "ettervernsplan";
    public const string SupportPlanEvaluationRule = "tiltaksplan-evaluering";
    public const string CarePlanEvaluationRule = "omsorgsplan-evaluering";
    public const string FollowUpVisitRule = "oppfolgingsbesok";
    public const string SupervisionVisitRule = "tilsynsbesok";
    public const string AftercareRule = "ettervern-tilbud";
    public const string EmergencyPetitionRule = "akuttvedtak-begjaering";
    public const string InvestigationPlanRule = "undersokelsesplan";
    public const string EmergencyPlanRule = "akuttvedtak-plan";
    public const string CareOrderCarriedOutRule = "omsorgsovertakelse-iverksatt";
    public const string ReceiptFeedbackRule = "melder-tilbakemelding";
    public const string InvestigationFeedbackRule = "melder-tilbakemelding-undersokelse";
    public const string InstitutionReassessmentRule = "institusjon-revurdering";
    public const string ReturnFollowUpRule = "tilbakeforing-oppfolging";

    private static readonly string[] PlanRules = [SupportPlanRule, CarePlanRule, AftercarePlanRule, EmergencyPlanRule];

    /// <summary>Every duty of the case as of <paramref name="asOf"/> — open, met and missed.</summary>
    public static List<Obligation> Evaluate(CaseFacts c, DateOnly asOf, RuleBook rules)
    {
        var list = new List<Obligation>();
        Evaluate(c, asOf, rules, list, openOnly: false);
        return list;
    }

    /// <summary>The open duties of the case as of <paramref name="asOf"/> (status Open or Overdue).</summary>
    public static List<Obligation> Open(CaseFacts c, DateOnly asOf, RuleBook rules)
    {
        var list = new List<Obligation>();
        Evaluate(c, asOf, rules, list, openOnly: true);
        return list;
    }

    /// <summary>The open duties of many cases, computed on all cores. The result is in no particular order.</summary>
    public static List<Obligation> OpenAll(IReadOnlyList<CaseFacts> cases, DateOnly asOf, RuleBook rules)
    {
        var parts = Environment.ProcessorCount;
        var results = new List<Obligation>[parts];
        Parallel.For(0, parts, p =>
        {
            var local = new List<Obligation>(cases.Count / parts + 16);
            for (int i = p; i < cases.Count; i += parts)
                Evaluate(cases[i], asOf, rules, local, openOnly: true);
            results[p] = local;
        });
        var all = new List<Obligation>(results.Sum(r => r.Count));
        foreach (var r in results)
            all.AddRange(r);
        return all;
    }

    /// <summary>Adds the case's duties to <paramref name="into"/>; with <paramref name="openOnly"/> only those still open.</summary>
    public static void Evaluate(CaseFacts c, DateOnly asOf, RuleBook rules, List<Obligation> into, bool openOnly)
    {
        if (c.OpenedOn > asOf)
            return;
        var closedOn = c.ClosedOn is { } cl && cl <= asOf ? cl : (DateOnly?)null;
        if (openOnly && closedOn is not null)
            return; // a closed case has no open duties
        var e = new Evaluation(c, asOf, closedOn, into, openOnly);
        Reports(e, rules);
        Investigations(e, rules);
        Plans(e, rules);
        PlanEvaluations(e, rules);
        Visits(e, rules);
        Aftercare(e, rules);
        EmergencyPetitions(e, rules);
        CareOrdersCarriedOut(e, rules);
        Reassessments(e, rules);
        ReturnFollowUps(e, rules);
    }

    private readonly record struct Evaluation(CaseFacts Case, DateOnly AsOf, DateOnly? ClosedOn, List<Obligation> Into, bool OpenOnly)
    {
        /// <summary>Records one duty. <paramref name="metOn"/> counts only when on or before the evaluation date;
        /// <paramref name="endedOn"/> is when the duty stopped applying (its trigger or the case ended). With
        /// <paramref name="endsWithCase"/> false the case's closing does not end the duty (it is owed after its trigger whether or
        /// not the case stays open); only <paramref name="endedOn"/> does.</summary>
        public void Add(DeadlineRule rule, Vern.Domain.Cases.EntryId? entry, DateOnly legal, DateOnly due, DateOnly? registerDue,
            DateOnly? metOn, DateOnly? endedOn, string? detail = null, bool endsWithCase = true)
        {
            if (metOn is { } m && m > AsOf) metOn = null;
            if (endedOn is { } en && en > AsOf) endedOn = null;
            if (endsWithCase && ClosedOn is { } closed && (endedOn is null || closed < endedOn)) endedOn = closed;
            ObligationStatus status;
            if (metOn is { } met)
                status = met <= due ? ObligationStatus.MetOnTime : ObligationStatus.MetLate;
            else if (endedOn is { } ended)
                status = ended <= due ? ObligationStatus.Lapsed : ObligationStatus.Missed;
            else
                status = AsOf <= due ? ObligationStatus.Open : ObligationStatus.Overdue;
            if (OpenOnly && status is not (ObligationStatus.Open or ObligationStatus.Overdue))
                return;
            Into.Add(new Obligation(Case, rule, entry, legal, due, registerDue, status, metOn, detail));
        }
    }

    private static void Reports(Evaluation e, RuleBook rules)
    {
        foreach (var r in e.Case.Reports)
        {
            if (r.ReceivedOn > e.AsOf || (e.OpenOnly && r.ReviewedOn is { } done && done <= e.AsOf))
                continue;
            var rule = rules.Find<ReviewWithin>(ReviewRule, r.ReceivedOn);
            if (rule is null) continue;
            e.Add(rule, r.Id, r.ReceivedOn, rule.Length.AddTo(r.ReceivedOn),
                rule.Control is { } ctl ? r.ReceivedOn.AddDays(ctl.Days) : null, r.ReviewedOn, null);
        }
        foreach (var r in e.Case.Reports)
        {
            if (!r.ReporterAnswerable || r.ReceivedOn > e.AsOf || (e.OpenOnly && r.ReceiptFeedbackOn is { } done && done <= e.AsOf))
                continue;
            var rule = rules.Find<FeedbackWithin>(ReceiptFeedbackRule, r.ReceivedOn);
            if (rule is null) continue;
            e.Add(rule, r.Id, r.ReceivedOn, rule.Within.AddTo(r.ReceivedOn), null, r.ReceiptFeedbackOn, null);
        }
    }

    private static void Investigations(Evaluation e, RuleBook rules)
    {
        foreach (var i in e.Case.Investigations)
        {
            if (i.StartedOn > e.AsOf || (e.OpenOnly && i.ConcludedOn is { } done && done <= e.AsOf))
                continue;
            var rule = rules.Find<ConcludeWithin>(InvestigationRule, i.ReportReceivedOn);
            if (rule is null) continue;
            var extended = i.ExtensionGranted == true;
            var due = InvestigationDeadline.DueOn(i.ReportReceivedOn, i.ReportReviewedOn, extended);
            DateOnly? registerDue = rule.Control is { } ctl
                ? i.ReportReceivedOn.AddDays(extended ? ctl.ExtendedDays ?? ctl.Days : ctl.Days)
                : null;
            e.Add(rule, i.Id, i.ReportReceivedOn, due, registerDue, i.ConcludedOn, null, extended ? "utvidet frist" : null);
        }
        foreach (var i in e.Case.Investigations)
        {
            // The investigation plan: due when the investigation opens; ends with the investigation.
            if (i.StartedOn > e.AsOf) continue;
            var rule = rules.Find<PlanRequired>(InvestigationPlanRule, i.StartedOn);
            if (rule is not null && rule.Trigger == PlanTrigger.InvestigationOpened)
                PlanFor(e, rule, i.Id, i.StartedOn, i.ConcludedOn);
        }
        foreach (var i in e.Case.Investigations)
        {
            // Feedback to a public reporter after the investigation, counted from its conclusion.
            if (!i.PublicReporter || i.ConcludedOn is not { } concluded || concluded > e.AsOf
                || (e.OpenOnly && i.ReporterFeedbackOn is { } done && done <= e.AsOf))
                continue;
            var rule = rules.Find<FeedbackWithin>(InvestigationFeedbackRule, concluded);
            if (rule is null) continue;
            e.Add(rule, i.Id, concluded, rule.Within.AddTo(concluded), null, i.ReporterFeedbackOn, null);
        }
    }

    private static void Plans(Evaluation e, RuleBook rules)
    {
        foreach (var m in e.Case.Measures)
        {
            if (m.StartedOn > e.AsOf) continue;
            foreach (var id in PlanRules)
            {
                var rule = rules.Find<PlanRequired>(id, m.StartedOn);
                if (rule is not null && rule.Trigger == PlanTrigger.MeasureOrApprovedDecision && CaseFactsProjection.AnyBasisMatches(rule.MeasureBases, m.Basis))
                    PlanFor(e, rule, m.Id, m.StartedOn, m.EndedOn);
            }
        }
        foreach (var d in e.Case.Decisions)
        {
            foreach (var id in PlanRules)
            {
                // The trigger date: the approval, or the decision itself for rules triggered when it is made.
                var decided = rules.Find<PlanRequired>(id, d.DecidedOn) is { Trigger: PlanTrigger.DecisionMade };
                if ((decided ? d.DecidedOn : d.ApprovedOn) is not { } from || from > e.AsOf) continue;
                var rule = rules.Find<PlanRequired>(id, from);
                if (rule is not null && rule.Trigger != PlanTrigger.InvestigationOpened && CaseFactsProjection.AnyBasisMatches(rule.DecisionBases, d.Basis))
                    PlanFor(e, rule, d.Id, from, d.EndedOn);
            }
        }
    }

    private static void PlanFor(Evaluation e, PlanRequired rule, Vern.Domain.Cases.EntryId trigger, DateOnly from, DateOnly? endedOn)
    {
        DateOnly? metOn = null;
        foreach (var p in e.Case.Plans)
        {
            if (!rule.PlanTypes.Contains(p.Type) || p.StartedOn > e.AsOf || (p.EndedOn is { } pe && pe < from))
                continue;
            var covered = p.StartedOn > from ? p.StartedOn : from;
            if (metOn is null || covered < metOn) metOn = covered;
        }
        if (e.OpenOnly && (metOn is not null || AlreadyOpen(e, rule.Id))) return;
        e.Add(rule, trigger, from, rule.Within.AddTo(from), null, metOn, endedOn);
    }

    /// <summary>Whether the case already has an open duty under <paramref name="ruleId"/>: one plan covers every measure of
    /// the child, so the worklist shows one "make a plan" per case and rule (the earliest trigger) rather than one per measure.</summary>
    private static bool AlreadyOpen(Evaluation e, string ruleId)
    {
        for (int i = e.Into.Count - 1; i >= 0 && ReferenceEquals(e.Into[i].Case, e.Case); i--)
            if (e.Into[i].Rule.Id == ruleId) return true;
        return false;
    }

    private static void PlanEvaluations(Evaluation e, RuleBook rules)
    {
        foreach (var p in e.Case.Plans)
        {
            if (p.StartedOn > e.AsOf) continue;
            if (e.OpenOnly && p.EndedOn is { } ended && ended <= e.AsOf) continue;
            foreach (var id in (ReadOnlySpan<string>)[SupportPlanEvaluationRule, CarePlanEvaluationRule])
            {
                var first = rules.Find<PlanEvaluationEvery>(id, p.StartedOn);
                if (first is null || !first.PlanTypes.Contains(p.Type)) continue;
                Periodic(e, id, rules, p.Id, p.StartedOn, p.EndedOn, p.Evaluations,
                    static (r, _) => ((PlanEvaluationEvery)r).Interval, null);
            }
        }
    }

    private static void Visits(Evaluation e, RuleBook rules)
    {
        foreach (var m in e.Case.Measures)
        {
            if (m.StartedOn > e.AsOf) continue;
            if (e.OpenOnly && m.EndedOn is { } ended && ended <= e.AsOf) continue;
            foreach (var (id, facts) in (ReadOnlySpan<(string, VisitFacts?)>)[(FollowUpVisitRule, m.FollowUp), (SupervisionVisitRule, m.Supervision)])
            {
                // The version in force at the placement, or the first one after it (placements older than the regulation).
                var first = rules.Find<VisitsPerYear>(id, m.StartedOn) ?? rules.Versions(id).OfType<VisitsPerYear>().FirstOrDefault(v => v.ValidFrom > m.StartedOn);
                if (first is null || !IsFosterHome(first, m.Category)) continue;
                var frequencies = facts?.Frequencies ?? [];
                // Supervision ends when the child turns 18 (the rule's EndsAtAge), even if the placement goes on as aftercare.
                var endedOn = m.EndedOn;
                if (first.EndsAtAge is { } age && e.Case.BirthDate.AddYears(age) is var adult && (endedOn is null || adult < endedOn))
                    endedOn = adult;
                if (endedOn is { } end && end < m.StartedOn) continue;
                Periodic(e, id, rules, m.Id, m.StartedOn, endedOn, facts?.Visits ?? [],
                    (r, from) => VisitsPerYear.Gap(EffectiveFrequency((VisitsPerYear)r, m.StartedOn, frequencies, from)), frequencies);
            }
        }
    }

    private static bool IsFosterHome(VisitsPerYear rule, string category)
    {
        foreach (var prefix in rule.MeasureCategories)
            if (category.StartsWith(prefix, StringComparison.Ordinal))
                return true;
        return false;
    }

    /// <summary>Visits per year required on <paramref name="on"/>: the latest frequency set on or before it, else the
    /// standard. A reduction is never assumed: it counts only when recorded as a decision, once the child has lived in
    /// the home longer than the rule's ReducedAfter, and — where the rule says so (supervision) — with the child's consent.</summary>
    public static int EffectiveFrequency(VisitsPerYear rule, DateOnly placedOn, IReadOnlyList<FrequencyFact> frequencies, DateOnly on)
    {
        var recorded = RecordedFrequency(frequencies, on);
        if (recorded is not { } f || f.PerYear >= rule.Standard)
            return recorded?.PerYear ?? rule.Standard;
        if (on <= rule.ReducedAfter.AddTo(placedOn) || (rule.ReducedNeedsConsent && !f.ChildConsented))
            return rule.Standard;
        return Math.Max(f.PerYear, rule.Reduced);
    }

    private static FrequencyFact? RecordedFrequency(IReadOnlyList<FrequencyFact> frequencies, DateOnly on)
    {
        FrequencyFact? last = null;
        foreach (var f in frequencies)
            if (f.From <= on) last = f;
        return last;
    }

    /// <summary>A duty that recurs after each time it is met (evaluation, visit): the next is due a gap after the start
    /// or the last time it was met. Each interval's rule version is the one in force when the interval began.</summary>
    private static void Periodic(Evaluation e, string ruleId, RuleBook rules, Vern.Domain.Cases.EntryId entry, DateOnly start,
        DateOnly? endedOn, DateOnly[] done, Func<DeadlineRule, DateOnly, Period> gap, FrequencyFact[]? frequencies)
    {
        var from = start;
        var k = 0;
        var firstInterval = true;
        while (true)
        {
            // The next time the duty was met: on or after the start of a first interval, after the last time later.
            while (k < done.Length && (done[k] < from || (!firstInterval && done[k] == from))) k++;
            DateOnly? next = k < done.Length && done[k] <= e.AsOf ? done[k] : null;
            var rule = rules.Find<DeadlineRule>(ruleId, from);
            if (rule is null)
            {
                // No version in force yet (e.g. visits before the 2003 regulation): nothing falls due until the first
                // version starts; its first interval starts then, or at the next visit if that comes first.
                var later = rules.Versions(ruleId).FirstOrDefault(v => v.ValidFrom > from);
                if (later is null || (endedOn is { } stop && stop <= later.ValidFrom && (next is null || next >= stop))) return;
                if (next is { } early && early < later.ValidFrom)
                {
                    from = early;
                    firstInterval = false;
                    continue;
                }
                if (later.ValidFrom > e.AsOf) return;
                from = later.ValidFrom;
                firstInterval = true;
                continue;
            }
            var due = gap(rule, from).AddTo(from);
            var detail = frequencies is null ? null : VisitsPerYearText(rule, start, frequencies, from);
            if (next is not { } n)
            {
                e.Add(rule, entry, from, due, null, null, endedOn, detail);
                return;
            }
            if (!e.OpenOnly)
                e.Add(rule, entry, from, due, null, n, endedOn, detail);
            if (endedOn is { } end && n >= end)
                return;
            from = n;
            firstInterval = false;
        }
    }

    private static string VisitsPerYearText(DeadlineRule rule, DateOnly start, FrequencyFact[] frequencies, DateOnly from)
    {
        if (rule is not VisitsPerYear v) return "";
        var effective = EffectiveFrequency(v, start, frequencies, from);
        return RecordedFrequency(frequencies, from) is { } f && f.PerYear < effective
            ? $"{effective} besøk/år (redusert hyppighet gjelder ikke: {(from <= v.ReducedAfter.AddTo(start) ? "under to år i hjemmet" : "mangler barnets samtykke")})"
            : $"{effective} besøk/år";
    }

    private static void Aftercare(Evaluation e, RuleBook rules)
    {
        var c = e.Case;
        if (c.Measures.Length == 0) return;
        var birthday = c.BirthDate.AddYears(18);
        var rule = rules.Find<AftercareBefore>(AftercareRule, birthday);
        if (rule is null) return;
        if (rule.Age != 18) birthday = c.BirthDate.AddYears(rule.Age);
        var noticeFrom = birthday.AddMonths(-rule.NoticeBefore.Months).AddDays(-rule.NoticeBefore.Days);
        if (e.AsOf < noticeFrom) return;
        if (e.AsOf > c.BirthDate.AddYears(rule.UpperAge)) return;
        var inForce = false;
        foreach (var m in c.Measures)
            if (m.StartedOn < birthday && (m.EndedOn is null || m.EndedOn >= noticeFrom))
            { inForce = true; break; }
        if (!inForce) return;
        DateOnly? offered = null;
        foreach (var o in c.AftercareOffers)
            if (o >= noticeFrom.AddYears(-1)) { offered = o; break; }
        if (e.OpenOnly && offered is { } off && off <= e.AsOf) return;
        e.Add(rule, null, birthday, birthday, null, offered, null);
    }

    private static void EmergencyPetitions(Evaluation e, RuleBook rules)
    {
        foreach (var d in e.Case.Decisions)
        {
            if (d.DecidedOn > e.AsOf) continue;
            var rule = rules.Find<PetitionAfterEmergency>(EmergencyPetitionRule, d.DecidedOn);
            if (rule?.For(d.Basis) is not { } trigger) continue;
            DateOnly? sent = null;
            foreach (var s in e.Case.CountyBoardReferrals)
                if (s >= d.DecidedOn) { sent = s; break; }
            if (e.OpenOnly && sent is { } done && done <= e.AsOf) continue;
            var due = trigger.Within.AddTo(d.DecidedOn);
            // No petition by the limit: the emergency decision has fallen away by law.
            var lapsed = (sent is null || sent > due) && e.AsOf > due && (d.EndedOn is null || d.EndedOn > due);
            e.Add(rule, d.Id, d.DecidedOn, due, null, sent, d.EndedOn,
                lapsed ? $"akuttvedtaket falt bort {due.AddDays(1):yyyy-MM-dd} ({trigger.Lapse})" : null);
        }
    }

    private static void Reassessments(Evaluation e, RuleBook rules)
    {
        foreach (var d in e.Case.Decisions)
        {
            if (d.ApprovedOn is not { } approved || approved > e.AsOf) continue;
            var rule = rules.Find<ReassessWithin>(InstitutionReassessmentRule, approved);
            if (rule is null || !CaseFactsProjection.AnyBasisMatches(rule.DecisionBases, d.Basis)) continue;
            DateOnly? reassessed = null;
            foreach (var r in d.Reassessments ?? [])
                if (r >= approved) { reassessed = r; break; }
            if (e.OpenOnly && reassessed is { } done && done <= e.AsOf) continue;
            e.Add(rule, d.Id, approved, rule.Within.AddTo(approved), null, reassessed, d.EndedOn);
        }
    }

    /// <summary>Follow-up after a return home: due when the care placement ends with a returning reason (Opphevelse 1); an offer
    /// after the follow-up period is over does not meet it. The case's closing does not end it: only the period's end does, so an
    /// offer never made is missed (a breach), not lapsed, even when the case was closed on the day of the return.</summary>
    private static void ReturnFollowUps(Evaluation e, RuleBook rules)
    {
        foreach (var m in e.Case.Measures)
        {
            if (!m.CareOrderPlacement || m.Termination is null || m.EndedOn is not { } returned || returned > e.AsOf) continue;
            var rule = rules.Find<FollowUpAfterReturn>(ReturnFollowUpRule, returned);
            if (rule is null || !rule.TerminationCodes.Contains(m.Termination)) continue;
            var over = rule.FollowUpFor.AddTo(returned);
            DateOnly? offered = null;
            foreach (var o in m.ReturnFollowUpOffers ?? [])
                if (o <= over) { offered = o; break; }
            if (e.OpenOnly && ((offered is { } done && done <= e.AsOf) || over < e.AsOf)) continue;
            // The period's last day still counts for an offer; the duty ends (missed, if unmet) the day after.
            e.Add(rule, m.Id, returned, rule.Within.AddTo(returned), null, offered, over.AddDays(1),
                $"tilbakeført {returned:yyyy-MM-dd}, oppfølging til {over:yyyy-MM-dd}", endsWithCase: false);
        }
    }

    private static void CareOrdersCarriedOut(Evaluation e, RuleBook rules)
    {
        foreach (var d in e.Case.Decisions)
        {
            if (d.ApprovedOn is not { } approved || approved > e.AsOf) continue;
            var rule = rules.Find<CarryOutWithin>(CareOrderCarriedOutRule, approved);
            if (rule is null || !CaseFactsProjection.AnyBasisMatches(rule.DecisionBases, d.Basis)) continue;
            DateOnly? carriedOut = null;
            foreach (var m in e.Case.Measures)
            {
                if (!rule.MeasureCategories.Any(p => m.Category.StartsWith(p, StringComparison.Ordinal))) continue;
                if (m.EndedOn is { } end && end < approved) continue;
                var on = m.StartedOn > approved ? m.StartedOn : approved;
                if (carriedOut is null || on < carriedOut) carriedOut = on;
            }
            if (e.OpenOnly && carriedOut is { } done && done <= e.AsOf) continue;
            var due = rule.Within.AddTo(approved);
            var lapsed = (carriedOut is null || carriedOut > due) && e.AsOf > due && (d.EndedOn is null || d.EndedOn > due);
            e.Add(rule, d.Id, approved, due, null, carriedOut, d.EndedOn,
                lapsed ? $"vedtaket falt bort {due.AddDays(1):yyyy-MM-dd} ({rule.Source.Citation})" : null);
        }
    }
}
