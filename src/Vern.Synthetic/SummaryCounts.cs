using Vern.Domain.Cases;
using Vern.Domain.Law;
using Vern.Storage;

namespace Vern.Synthetic;

/// <summary>Counts taken from generated case states (mutable accumulator; one per municipality, then merged).</summary>
internal sealed class SummaryCounts
{
    public DateOnly To { get; init; }
    public long Cases, OpenCases, Reports, ReportsReviewedLate, Investigations, InvestigationsOpen, InvestigationsConcluded,
        InvestigationsExtended, InvestigationsOverdue, InvestigationsToMeasures, Decisions, Measures, SupportMeasures,
        PlacementMeasures, CareOrders, EmergencyDecisions, Plans, PlanEvaluations, Visits, Aftercare, Moves, Events;
    public HashSet<string> Caseworkers { get; } = new(StringComparer.Ordinal);

    public void Add(CaseAppend append)
    {
        var s = append.NewState;
        Cases++;
        if (!s.IsClosed) OpenCases++;
        Events += append.Events.Count;
        foreach (var e in append.Events)
            if (e.Event is CaseworkerAssigned a)
                Caseworkers.Add(a.CaseworkerId);
        foreach (var r in s.Reports)
        {
            Reports++;
            var reviewed = r.Conclusion?.ConcludedOn ?? To;
            if (reviewed.DayNumber - r.ReceivedOn.DayNumber > 7)
                ReportsReviewedLate++;
        }
        foreach (var i in s.Investigations)
        {
            Investigations++;
            var extended = i.Extension?.Granted == true;
            if (extended) InvestigationsExtended++;
            // The one definition of the deadline (barnevernsloven § 2-2; 1992 Act § 6-9), shared with the deadline engine,
            // so the demo's overdue count agrees with `vern deadlines`. Counted from the report, not the investigation's start.
            var report = s.Reports.Find(r => r.Id == i.ReportId);
            // A retracted report leaves no deadline to count (as in the deadline index).
            var deadline = report is null ? DateOnly.MaxValue : InvestigationDeadline.DueOn(report.ReceivedOn, report.Conclusion?.ConcludedOn, extended);
            if (i.Conclusion is { } c)
            {
                InvestigationsConcluded++;
                if (c.Outcome.Code is "1" or "2") InvestigationsToMeasures++;
                if (c.ConcludedOn > deadline) InvestigationsOverdue++;
            }
            else
            {
                InvestigationsOpen++;
                if (To > deadline) InvestigationsOverdue++;
            }
        }
        foreach (var d in s.Decisions)
        {
            Decisions++;
            var b = d.LegalBasis;
            if ((b.Act, b.Chapter, b.Section) is ("BVL2021", "5", "1") or ("BVL", "4", "12") && d.Statuses.Exists(x => x.Code == "1"))
                CareOrders++;
            if ((b.Act == "BVL2021" && b.Chapter == "4") || (b.Act, b.Chapter, b.Section) is ("BVL", "4", "6"))
                EmergencyDecisions++;
        }
        foreach (var m in s.Measures)
        {
            Measures++;
            if (m.Category.Code.StartsWith("1.", StringComparison.Ordinal) || m.Category.Code.StartsWith("2.", StringComparison.Ordinal))
                PlacementMeasures++;
            else
                SupportMeasures++;
            Visits += (m.Supervision?.Visits.Count ?? 0) + (m.FollowUp?.Visits.Count ?? 0);
        }
        Plans += s.Plans.Count;
        foreach (var p in s.Plans)
            PlanEvaluations += p.Evaluations.Count;
        Aftercare += s.Aftercare.Count;
        Moves += s.Moves.Count;
    }

    public void Merge(SummaryCounts o)
    {
        Cases += o.Cases; OpenCases += o.OpenCases; Reports += o.Reports; ReportsReviewedLate += o.ReportsReviewedLate;
        Investigations += o.Investigations; InvestigationsOpen += o.InvestigationsOpen; InvestigationsConcluded += o.InvestigationsConcluded;
        InvestigationsExtended += o.InvestigationsExtended; InvestigationsOverdue += o.InvestigationsOverdue;
        InvestigationsToMeasures += o.InvestigationsToMeasures; Decisions += o.Decisions; Measures += o.Measures;
        SupportMeasures += o.SupportMeasures; PlacementMeasures += o.PlacementMeasures; CareOrders += o.CareOrders;
        EmergencyDecisions += o.EmergencyDecisions; Plans += o.Plans; PlanEvaluations += o.PlanEvaluations; Visits += o.Visits;
        Aftercare += o.Aftercare; Moves += o.Moves; Events += o.Events;
        Caseworkers.UnionWith(o.Caseworkers);
    }

    public GenerationSummary ToSummary(int seed, DateOnly from, int municipalities, long population, long children, TimeSpan elapsed) =>
        new(seed, from, To, municipalities, population, children, Cases, OpenCases, Reports, ReportsReviewedLate, Investigations,
            InvestigationsOpen, InvestigationsConcluded, InvestigationsExtended, InvestigationsOverdue, InvestigationsToMeasures,
            Decisions, Measures, SupportMeasures, PlacementMeasures, CareOrders, EmergencyDecisions, Plans, PlanEvaluations, Visits,
            Aftercare, Moves, Caseworkers.Count, Events, elapsed);
}
