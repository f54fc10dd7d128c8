using Vern.Domain.Cases;
using Vern.Domain.Law;

namespace Vern.Deadlines.Facts;

/// <summary>Projects a case's state to the dates the deadline rules need. Pure.</summary>
public static class CaseFactsProjection
{
    /// <summary>"BVL2021 3-1": the key rules use to match a legal basis (Act, chapter and section; ledd ignored).</summary>
    public static string BasisKey(LegalBasis basis) => $"{basis.Act} {basis.Chapter}-{basis.Section}";

    public static CaseFacts From(CaseState s)
    {
        var reviewed = new Dictionary<EntryId, ReportOfConcern>(s.Reports.Count);
        foreach (var r in s.Reports)
            reviewed[r.Id] = r;

        var investigations = new List<InvestigationFact>(s.Investigations.Count);
        foreach (var i in s.Investigations)
        {
            if (!reviewed.TryGetValue(i.ReportId, out var report))
                continue; // the report was retracted: no deadline can be counted
            investigations.Add(new InvestigationFact(i.Id, report.ReceivedOn, report.Conclusion?.ConcludedOn, i.StartedOn,
                i.Extension?.Granted, i.Conclusion?.ConcludedOn));
        }

        return new CaseFacts(
            s.Id, s.Version, s.MunicipalityNumber, s.JournalNumber, s.CaseworkerId, s.OpenedOn, s.ClosedOn,
            s.PersonalDetails.Count > 0 ? s.Child.BirthDate : s.OpenedOn,
            s.Reports.Select(r => new ReportFact(r.Id, r.ReceivedOn, r.Conclusion?.ConcludedOn)).ToArray(),
            investigations.ToArray(),
            s.Decisions.Select(d => new DecisionFact(d.Id, BasisKey(d.LegalBasis), d.DecidedOn,
                d.Statuses.Where(x => x.Code == "1").Select(x => (DateOnly?)x.ChangedOn).FirstOrDefault(), d.EndedOn)).ToArray(),
            s.Measures.Select(m => new MeasureFact(m.Id, BasisKey(m.LegalBasis), m.Category.Code, m.StartedOn, m.EndedOn,
                Visits(m.FollowUp), Visits(m.Supervision))).ToArray(),
            s.Plans.Select(p => new PlanFact(p.Id, p.PlanType, p.StartedOn, p.EndedOn, p.Evaluations.Order().ToArray())).ToArray(),
            s.Aftercare.Select(a => a.OfferSentOn).Order().ToArray(),
            s.CountyBoardReferrals.Select(r => r.SentOn).Order().ToArray());
    }

    private static VisitFacts? Visits(VisitSchedule? schedule) => schedule is null
        ? null
        : new VisitFacts(
            schedule.Frequencies.OrderBy(f => f.From).Select(f => new FrequencyFact(f.From, f.VisitsPerYear)).ToArray(),
            schedule.Visits.Select(v => v.On).Order().ToArray());
}
