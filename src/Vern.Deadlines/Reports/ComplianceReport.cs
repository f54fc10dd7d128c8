using Vern.Deadlines.Engine;
using Vern.Deadlines.Facts;
using Vern.Deadlines.Rules;
using Vern.Domain.Cases;

namespace Vern.Deadlines.Reports;

/// <summary>One indicator of the compliance report: how many duties of a kind were met on time out of those counted.</summary>
/// <param name="Id">Stable id, e.g. "meldinger-innen-1-uke".</param>
/// <param name="Label">Bokmål label.</param>
/// <param name="Met">Counted as met (on time, or plan/visits in place).</param>
/// <param name="Counted">The denominator.</param>
/// <param name="Source">Rule ids and law sections behind the indicator.</param>
/// <param name="Definition">What is counted, in bokmål.</param>
/// <param name="Basis">Where the deadline comes from: law and regulation indicators count breaches of the law; guidance
/// and local-routine indicators count deviations, shown apart (<see cref="ComplianceReport.GuidanceIndicators"/>).</param>
public sealed record ComplianceIndicator(string Id, string Label, int Met, int Counted, string Source, string Definition,
    DutyBasis Basis = DutyBasis.Law)
{
    /// <summary>Met / Counted, or null when nothing was counted.</summary>
    public double? Share => Counted == 0 ? null : (double)Met / Counted;

    public int Breaches => Counted - Met;
}

/// <summary>One breach behind an indicator: the case, the rule, and what happened.</summary>
public sealed record ComplianceBreach(
    string IndicatorId, CaseId CaseId, string JournalNumber, string? Responsible, string RuleId, string Act,
    string Citation, DateOnly DueDate, DateOnly? MetOn, string What, DutyBasis Basis = DutyBasis.Law);

/// <summary>Internkontroll: a leader's compliance report for a period and municipality — the share of reports reviewed
/// within a week, of investigations concluded within 3 (6) months (by the law and by SSB's day count), of children with
/// a valid plan, of required foster home visits done, and of every other duty falling due in the period — with the
/// breaches behind each figure, case by case. Deadlines set by guidance or local routine (<see cref="DutyBasis"/>) are
/// not breaches of the law: they are reported apart, in <see cref="GuidanceIndicators"/> and <see cref="Deviations"/>.</summary>
/// <param name="Indicators">Deadlines in the Act or a regulation.</param>
/// <param name="Breaches">Breaches of those deadlines, case by case.</param>
/// <param name="GuidanceIndicators">Deadlines from guidance or local routine.</param>
/// <param name="Deviations">Deviations from those deadlines, case by case (not breaches of the law).</param>
public sealed record ComplianceReport(
    string? MunicipalityNumber,
    DateOnly From,
    DateOnly To,
    int Cases,
    IReadOnlyList<ComplianceIndicator> Indicators,
    IReadOnlyList<ComplianceBreach> Breaches,
    IReadOnlyList<ComplianceIndicator> GuidanceIndicators,
    IReadOnlyList<ComplianceBreach> Deviations)
{
    /// <summary>Computes the report from the facts of the cases (any municipality filter is applied by the caller).</summary>
    /// <remarks>Duties are evaluated as of <paramref name="to"/>. A period is inclusive at both ends.</remarks>
    public static ComplianceReport Compute(IReadOnlyList<CaseFacts> cases, DateOnly from, DateOnly to, RuleBook rules, string? municipalityNumber = null)
    {
        if (to < from)
            throw new ArgumentException($"Perioden slutter ({to:yyyy-MM-dd}) før den starter ({from:yyyy-MM-dd}).");
        var counters = new Dictionary<string, (int Met, int Counted)>();
        var breaches = new List<ComplianceBreach>();
        var labels = new Dictionary<string, (string Label, string Source, string Definition)>();
        var bases = new Dictionary<string, DutyBasis>();
        var all = new List<Obligation>();

        void Count(string id, bool met) => counters[id] = counters.TryGetValue(id, out var v)
            ? (v.Met + (met ? 1 : 0), v.Counted + 1) : (met ? 1 : 0, 1);

        void Breach(string indicator, Obligation o, string what) => breaches.Add(new ComplianceBreach(indicator, o.CaseId, o.Case.JournalNumber,
            o.Responsible, o.Rule.Id, o.Rule.Act, o.Rule.Source.Citation, o.DueDate, o.MetOn, what, o.Rule.Basis ?? DutyBasis.Law));

        foreach (var c in cases)
        {
            all.Clear();
            DeadlineEngine.Evaluate(c, to, rules, all, openOnly: false);
            foreach (var o in all)
            {
                // 1. Every duty falling due in the period, by rule.
                if (o.DueDate >= from && o.DueDate <= to && o.Status is not (ObligationStatus.Lapsed or ObligationStatus.Open))
                {
                    var id = "frist:" + o.Rule.Id;
                    labels.TryAdd(id, (o.Rule.Title + " i tide", $"{o.Rule.Id}; {o.Rule.Source.Citation}", "Frister med forfall i perioden, innfridd innen fristen."));
                    bases.TryAdd(id, o.Rule.Basis ?? DutyBasis.Law);
                    Count(id, o.Status == ObligationStatus.MetOnTime);
                    if (o.IsBreach) Breach(id, o, Describe(o, to));
                }
                // 2. Investigations concluded in the period, by the law and by SSB's day count (Bufdir's half-year indicator).
                if (o.Rule is ConcludeWithin && o.MetOn is { } concluded && concluded >= from && concluded <= to)
                {
                    Count("undersokelser-konkludert-i-tide", concluded <= o.DueDate);
                    if (concluded > o.DueDate) Breach("undersokelser-konkludert-i-tide", o, $"konkludert {concluded:yyyy-MM-dd}, {concluded.DayNumber - o.DueDate.DayNumber} dager etter fristen");
                    if (o.RegisterDueDate is { } reg)
                        Count("undersokelser-konkludert-i-tide-ssb", concluded <= reg);
                }
            }
            PlanCoverage(c, to, rules, Count, breaches);
            VisitsDone(c, from, to, rules, Count, breaches);
        }

        string Src(string ruleId) => rules.Find<DeadlineRule>(ruleId, to) is { } r ? $"{r.Id}; {r.Source.Citation}" : ruleId;
        labels["undersokelser-konkludert-i-tide"] = ("Undersøkelser konkludert innen 3 (6) måneder", Src(DeadlineEngine.InvestigationRule), "Undersøkelser konkludert i perioden, innen lovens frist (utvidet frist når innvilget).");
        labels["undersokelser-konkludert-i-tide-ssb"] = ("Undersøkelser konkludert innen 7 + 90 (180) dager", "Undersøkelse Kontroll 11", "Som over, talt i kalenderdager fra meldingens mottak som SSBs kontroll.");
        labels["barn-med-tiltaksplan"] = ("Barn med hjelpetiltak som har tiltaksplan", Src(DeadlineEngine.SupportPlanRule), "Tiltak med hjemmel for hjelpetiltak som løper ved periodens slutt, med gyldig tiltaksplan.");
        labels["barn-med-omsorgsplan"] = ("Barn under omsorg som har omsorgsplan", Src(DeadlineEngine.CarePlanRule), "Godkjente omsorgsvedtak som løper ved periodens slutt, med gyldig omsorgsplan.");
        labels["oppfolgingsbesok-gjennomfort"] = ("Fosterhjem med lovpålagte oppfølgingsbesøk", Src(DeadlineEngine.FollowUpVisitRule), "Fosterhjemstiltak i perioden der antall besøk ≥ krav (besøk/år × dager i perioden / 365, avrundet).");
        labels["tilsynsbesok-gjennomfort"] = ("Fosterhjem med lovpålagte tilsynsbesøk", Src(DeadlineEngine.SupervisionVisitRule), "Som over, for tilsynsbesøk.");

        var order = new List<string> { "frist:" + DeadlineEngine.ReviewRule, "undersokelser-konkludert-i-tide", "undersokelser-konkludert-i-tide-ssb",
            "barn-med-tiltaksplan", "barn-med-omsorgsplan", "oppfolgingsbesok-gjennomfort", "tilsynsbesok-gjennomfort" };
        order.AddRange(counters.Keys.Where(k => !order.Contains(k)).Order(StringComparer.Ordinal));
        var indicators = order.Where(counters.ContainsKey).Select(id =>
        {
            var (label, source, definition) = labels[id];
            if (id == "frist:" + DeadlineEngine.ReviewRule) label = "Meldinger gjennomgått innen 1 uke";
            return new ComplianceIndicator(id, label, counters[id].Met, counters[id].Counted, source, definition,
                bases.TryGetValue(id, out var basis) ? basis : DutyBasis.Law);
        }).ToList();
        breaches.Sort((a, b) => string.CompareOrdinal(a.JournalNumber, b.JournalNumber) is var c && c != 0 ? c : a.DueDate.CompareTo(b.DueDate));
        static bool Statutory(DutyBasis b) => b is DutyBasis.Law or DutyBasis.Regulation;
        return new ComplianceReport(municipalityNumber, from, to, cases.Count,
            indicators.Where(i => Statutory(i.Basis)).ToList(), breaches.Where(b => Statutory(b.Basis)).ToList(),
            indicators.Where(i => !Statutory(i.Basis)).ToList(), breaches.Where(b => !Statutory(b.Basis)).ToList());
    }

    private static string Describe(Obligation o, DateOnly to) => o.Status switch
    {
        ObligationStatus.Overdue => $"ikke utført, {to.DayNumber - o.DueDate.DayNumber} dager over fristen",
        ObligationStatus.MetLate => $"utført {o.MetOn:yyyy-MM-dd}, {o.MetOn!.Value.DayNumber - o.DueDate.DayNumber} dager for sent",
        ObligationStatus.Missed => "ikke utført før plikten falt bort",
        _ => o.Status.ToString(),
    };

    private static void PlanCoverage(CaseFacts c, DateOnly to, RuleBook rules, Action<string, bool> count, List<ComplianceBreach> breaches)
    {
        if (c.OpenedOn > to || (c.ClosedOn is { } closed && closed <= to)) return;
        var support = rules.Find<PlanRequired>(DeadlineEngine.SupportPlanRule, to);
        var care = rules.Find<PlanRequired>(DeadlineEngine.CarePlanRule, to);
        bool Running(DateOnly start, DateOnly? end) => start <= to && (end is null || end > to);
        bool HasPlan(PlanRequired rule) => c.Plans.Any(p => rule.PlanTypes.Contains(p.Type) && Running(p.StartedOn, p.EndedOn));

        void Check(string id, PlanRequired? rule, bool required)
        {
            if (rule is null || !required) return;
            var ok = HasPlan(rule);
            count(id, ok);
            if (!ok)
                breaches.Add(new ComplianceBreach(id, c.Id, c.JournalNumber, c.CaseworkerId, rule.Id, rule.Act, rule.Source.Citation, to, null,
                    "mangler gyldig plan ved periodens slutt"));
        }
        // The rule version's bases for either Act, so that a measure started under the 1992 Act still counts.
        Check("barn-med-tiltaksplan", support, c.Measures.Any(m => Running(m.StartedOn, m.EndedOn)
            && rules.Find<PlanRequired>(DeadlineEngine.SupportPlanRule, m.StartedOn) is { } r && CaseFactsProjection.AnyBasisMatches(r.MeasureBases, m.Basis)));
        Check("barn-med-omsorgsplan", care, c.Decisions.Any(d => d.ApprovedOn is { } a && Running(a, d.EndedOn)
            && rules.Find<PlanRequired>(DeadlineEngine.CarePlanRule, a) is { } r && CaseFactsProjection.AnyBasisMatches(r.DecisionBases, d.Basis)));
    }

    private static void VisitsDone(CaseFacts c, DateOnly from, DateOnly to, RuleBook rules, Action<string, bool> count, List<ComplianceBreach> breaches)
    {
        foreach (var m in c.Measures)
        {
            var start = m.StartedOn > from ? m.StartedOn : from;
            var end = m.EndedOn is { } e && e < to ? e : to;
            if (c.ClosedOn is { } closed && closed < end) end = closed;
            if (end < start) continue;
            foreach (var (id, indicator, facts) in (ReadOnlySpan<(string, string, VisitFacts?)>)[
                (DeadlineEngine.FollowUpVisitRule, "oppfolgingsbesok-gjennomfort", m.FollowUp),
                (DeadlineEngine.SupervisionVisitRule, "tilsynsbesok-gjennomfort", m.Supervision)])
            {
                var rule = rules.Find<VisitsPerYear>(id, start);
                if (rule is null || !rule.MeasureCategories.Any(p => m.Category.StartsWith(p, StringComparison.Ordinal))) continue;
                var perYear = DeadlineEngine.EffectiveFrequency(rule, m.StartedOn, facts?.Frequencies ?? [], start);
                var days = end.DayNumber - start.DayNumber + 1;
                var required = RequiredVisits(perYear, days);
                if (required == 0) continue;
                var done = (facts?.Visits ?? []).Count(v => v >= start && v <= end);
                count(indicator, done >= required);
                if (done < required)
                    breaches.Add(new ComplianceBreach(indicator, c.Id, c.JournalNumber, c.CaseworkerId, rule.Id, rule.Act, rule.Source.Citation, end, null,
                        $"{done} av {required} besøk ({perYear} besøk/år) {start:yyyy-MM-dd}–{end:yyyy-MM-dd}"));
            }
        }
    }

    /// <summary>Visits required in a stretch of <paramref name="days"/> days at <paramref name="perYear"/> a year:
    /// perYear × days / 365, rounded to the nearest whole visit (a half year at 4 a year: 2).</summary>
    public static int RequiredVisits(int perYear, int days) => (int)Math.Round(perYear * days / 365.0, MidpointRounding.AwayFromZero);
}
