using Vern.Domain.Cases;
using Vern.Domain.Law;

namespace Vern.Deadlines.Facts;

/// <summary>Projects a case's state to the dates the deadline rules need. Pure.</summary>
public static class CaseFactsProjection
{
    /// <summary>"BVL2021 3-1", or "BVL 4-6 (2)" when a ledd is recorded: the key rules use to match a legal basis. The
    /// first ledd is kept because some duties depend on it (1992 § 4-6: no petition after emergency help measures under
    /// the first ledd, six weeks after an emergency placement under the second).</summary>
    public static string BasisKey(LegalBasis basis) => basis.Subsections.Length > 0
        ? $"{basis.Act} {basis.Chapter}-{basis.Section} ({basis.Subsections[0]})"
        : $"{basis.Act} {basis.Chapter}-{basis.Section}";

    /// <summary>Whether a rule's basis key covers a fact's basis key: a rule key naming a ledd ("BVL 4-6 (2)") matches
    /// only that ledd; a rule key without one ("BVL2021 3-1") matches the section with or without a ledd.</summary>
    public static bool BasisMatches(string ruleKey, string factKey) =>
        factKey == ruleKey
        || (!ruleKey.Contains('(', StringComparison.Ordinal) && factKey.Length > ruleKey.Length + 1
            && factKey.StartsWith(ruleKey, StringComparison.Ordinal) && factKey[ruleKey.Length] == ' ' && factKey[ruleKey.Length + 1] == '(');

    /// <summary>Whether any of <paramref name="ruleKeys"/> covers <paramref name="factKey"/> (see <see cref="BasisMatches"/>).</summary>
    public static bool AnyBasisMatches(IEnumerable<string> ruleKeys, string factKey)
    {
        foreach (var k in ruleKeys)
            if (BasisMatches(k, factKey))
                return true;
        return false;
    }

    /// <summary>Melder codes that cannot be given feedback: the service itself (5) and anonymous (23) (SSB Kodelister Melder).</summary>
    private static readonly HashSet<string> Unanswerable = ["5", "23"];

    /// <summary>Melder codes of public bodies and professionals with a duty to report (SSB Kodelister Melder 6–20, 22, 24, 25),
    /// who are owed feedback after the investigation; private persons (1–4) and voluntary organisations (21) are not.</summary>
    private static readonly HashSet<string> Public = ["6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "22", "24", "25"];

    /// <summary>Melding/Konklusjon code 2: "Ikke henlagt – konklusjonsdato melding (eventuelt 7 dager etter mottatt melding) er
    /// startdato undersøkelse" (SSB Kodelister).</summary>
    private const string InvestigationStarted = "2";

    public static CaseFacts From(CaseState s)
    {
        var reviewed = new Dictionary<EntryId, ReportOfConcern>(s.Reports.Count);
        foreach (var r in s.Reports)
            reviewed[r.Id] = r;

        // An investigation's deadline counts from its report; the facts of both come from the report.
        static InvestigationFact Fact(EntryId id, ReportOfConcern report, DateOnly startedOn, bool? extensionGranted, DateOnly? concludedOn) =>
            new(id, report.ReceivedOn, report.Conclusion?.ConcludedOn, startedOn, extensionGranted, concludedOn,
                report.Reporters.Exists(x => Public.Contains(x.Code)), Feedback(report, ReporterFeedbackKind.AfterInvestigation));

        var investigations = new List<InvestigationFact>(s.Investigations.Count);
        var investigated = new HashSet<EntryId>(s.Investigations.Count);
        foreach (var i in s.Investigations)
        {
            investigated.Add(i.ReportId);
            if (!reviewed.TryGetValue(i.ReportId, out var report))
                continue; // the report was retracted: no deadline can be counted
            investigations.Add(Fact(i.Id, report, i.StartedOn, i.Extension?.Granted, i.Conclusion?.ConcludedOn));
        }
        // A report concluded "ikke henlagt" starts its investigation on the conclusion date (SSB Kodelister, Melding/Konklusjon
        // code 2: "konklusjonsdato melding … er startdato undersøkelse"), and the statutory limit runs from the report whether or
        // not the investigation has been recorded yet. Until it is, the report stands for it, so the limit is on the worklist.
        foreach (var r in s.Reports)
        {
            if (r.Conclusion is { Code: InvestigationStarted } c && !investigated.Contains(r.Id))
                investigations.Add(Fact(r.Id, r, c.ConcludedOn, null, null));
        }

        return new CaseFacts(
            s.Id, s.Version, s.MunicipalityNumber, s.JournalNumber, s.CaseworkerId, s.OpenedOn, s.ClosedOn,
            s.PersonalDetails.Count > 0 ? s.Child.BirthDate : s.OpenedOn,
            s.Reports.Select(r => new ReportFact(r.Id, r.ReceivedOn, r.Conclusion?.ConcludedOn,
                r.Reporters.Exists(x => !Unanswerable.Contains(x.Code)), Feedback(r, ReporterFeedbackKind.Receipt))).ToArray(),
            investigations.ToArray(),
            s.Decisions.Select(d => new DecisionFact(d.Id, BasisKey(d.LegalBasis), d.DecidedOn,
                d.Statuses.Where(x => x.Code == "1").Select(x => (DateOnly?)x.ChangedOn).FirstOrDefault(), d.EndedOn,
                d.Reassessments is { Count: > 0 } r ? r.Order().ToArray() : null)).ToArray(),
            s.Measures.Select(m => new MeasureFact(m.Id, BasisKey(m.LegalBasis), m.Category.Code, m.StartedOn, m.EndedOn,
                Visits(m.FollowUp), Visits(m.Supervision), m.Termination?.Code, MeasureKinds.NeedsTerminationReason(m),
                m.ReturnFollowUpOffers is { Count: > 0 } o ? o.Order().ToArray() : null)).ToArray(),
            s.Plans.Select(p => new PlanFact(p.Id, p.PlanType, p.StartedOn, p.EndedOn, p.Evaluations.Order().ToArray())).ToArray(),
            s.Aftercare.Select(a => a.OfferSentOn).Order().ToArray(),
            s.CountyBoardReferrals.Select(r => r.SentOn).Order().ToArray());
    }

    /// <summary>The first feedback of a kind given to the report's reporter, if any.</summary>
    private static DateOnly? Feedback(ReportOfConcern r, ReporterFeedbackKind kind) =>
        r.Feedback?.Where(f => f.Kind == kind).Select(f => (DateOnly?)f.GivenOn).Min();

    private static VisitFacts? Visits(VisitSchedule? schedule) => schedule is null
        ? null
        : new VisitFacts(
            schedule.Frequencies.OrderBy(f => f.From).Select(f => new FrequencyFact(f.From, f.VisitsPerYear, f.ChildConsented)).ToArray(),
            schedule.Visits.Select(v => v.On).Order().ToArray());
}
