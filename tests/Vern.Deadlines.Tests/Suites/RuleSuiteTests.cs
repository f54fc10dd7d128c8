using System.Text.Json;
using Vern.Deadlines.Engine;
using Vern.Deadlines.Facts;
using Vern.Domain.Cases;

namespace Vern.Deadlines.Tests.Suites;

/// <summary>Boundary cases as data files (Suites/*.json): each has a name, the rule and its source, a case, an
/// evaluation date and the expected duties with literal dates. One theory runs every file.</summary>
public class RuleSuiteTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record SuiteCase(
        DateOnly? BirthDate,
        List<SuiteReport>? Reports,
        List<SuiteInvestigation>? Investigations,
        List<SuiteMeasure>? Measures,
        List<SuitePlan>? Plans,
        List<SuiteDecision>? Decisions,
        List<DateOnly>? AftercareOffers,
        List<DateOnly>? CountyBoardReferrals,
        DateOnly? ClosedOn);

    /// <param name="Answerable">The reporter can be given feedback (not anonymous, not the service itself).</param>
    /// <param name="Feedback">The day feedback confirming receipt was given.</param>
    private sealed record SuiteReport(DateOnly Received, DateOnly? Reviewed, bool? Answerable = null, DateOnly? Feedback = null);

    /// <param name="PublicReporter">The report came from a public reporter, owed feedback after the investigation.</param>
    /// <param name="Feedback">The day that feedback was given.</param>
    private sealed record SuiteInvestigation(DateOnly Received, DateOnly? Reviewed, bool? Extension, DateOnly? Concluded,
        DateOnly? Started = null, bool? PublicReporter = null, DateOnly? Feedback = null);

    private sealed record SuiteMeasure(string Basis, string Category, DateOnly Started, DateOnly? Ended, List<DateOnly>? FollowUpVisits, List<SuiteFrequency>? FollowUpFrequencies,
        List<DateOnly>? SupervisionVisits = null, List<SuiteFrequency>? SupervisionFrequencies = null);

    private sealed record SuiteFrequency(DateOnly From, int PerYear, bool? ChildConsented = null);

    private sealed record SuitePlan(string Type, DateOnly Started, DateOnly? Ended, List<DateOnly>? Evaluations);

    private sealed record SuiteDecision(string Basis, DateOnly Decided, DateOnly? Approved, DateOnly? Ended, List<DateOnly>? Reassessments = null);

    /// <param name="Citation">The rule version's citation, compared where the file gives one (e.g. to tell two versions of one Act apart).</param>
    /// <param name="Detail">The duty's detail text, compared where the file gives one (e.g. that a decision lapsed).</param>
    /// <param name="Basis">Where the deadline comes from (Law, Regulation, Guidance, LocalRoutine), compared where given.</param>
    private sealed record Expected(string Rule, DateOnly DueDate, string Status, DateOnly? RegisterDueDate, string? Act,
        string? Citation = null, string? Detail = null, string? Basis = null);

    private sealed record Suite(string Name, string Rule, string Source, DateOnly AsOf, bool OpenOnly, SuiteCase Case, List<Expected> Expects);

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Suites"), "*.json").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Evaluate_SuiteFile_GivesTheExpectedDuties(string file)
    {
        var suite = JsonSerializer.Deserialize<Suite>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Suites", file)), Json)!;
        var facts = ToFacts(suite.Case);
        var duties = suite.OpenOnly ? DeadlineEngine.Open(facts, suite.AsOf, F.Book) : DeadlineEngine.Evaluate(facts, suite.AsOf, F.Book);
        var actual = duties.Where(d => d.Rule.Id == suite.Rule)
            .Select(d => new Expected(d.Rule.Id, d.DueDate, d.Status.ToString(), d.RegisterDueDate, d.Rule.Act,
                d.Rule.Source.Citation, d.Detail, d.Rule.Basis?.ToString())).ToList();
        var expected = suite.Expects.Select(x => x with
        {
            RegisterDueDate = x.RegisterDueDate,
            Act = x.Act ?? actual.FirstOrDefault()?.Act,
        }).ToList();
        // Register due dates are compared only where the file gives one.
        actual = actual.Select((a, i) => i < expected.Count && expected[i].RegisterDueDate is null ? a with { RegisterDueDate = null } : a).ToList();
        // So are the citation, the detail and the basis.
        actual = actual.Select((a, i) => i >= expected.Count ? a : a with
        {
            Citation = expected[i].Citation is null ? null : a.Citation,
            Detail = expected[i].Detail is null ? null : a.Detail,
            Basis = expected[i].Basis is null ? null : a.Basis,
        }).ToList();
        Assert.True(expected.SequenceEqual(actual), $"{suite.Name} ({suite.Source}): expected [{string.Join("; ", expected)}] but got [{string.Join("; ", actual)}]");
    }

    private static CaseFacts ToFacts(SuiteCase c) => F.Case(birth: c.BirthDate) with
    {
        ClosedOn = c.ClosedOn,
        Reports = (c.Reports ?? []).Select(r => new ReportFact(F.Entry(), r.Received, r.Reviewed, r.Answerable ?? false, r.Feedback)).ToArray(),
        Investigations = (c.Investigations ?? []).Select(i => new InvestigationFact(F.Entry(), i.Received, i.Reviewed, i.Started ?? i.Reviewed ?? i.Received,
            i.Extension, i.Concluded, i.PublicReporter ?? false, i.Feedback)).ToArray(),
        Measures = (c.Measures ?? []).Select(m => new MeasureFact(F.Entry(), m.Basis, m.Category, m.Started, m.Ended,
            Schedule(m.FollowUpVisits, m.FollowUpFrequencies), Schedule(m.SupervisionVisits, m.SupervisionFrequencies))).ToArray(),
        Plans = (c.Plans ?? []).Select(p => new PlanFact(F.Entry(), p.Type, p.Started, p.Ended, (p.Evaluations ?? []).ToArray())).ToArray(),
        Decisions = (c.Decisions ?? []).Select(d => new DecisionFact(F.Entry(), d.Basis, d.Decided, d.Approved, d.Ended, d.Reassessments?.ToArray())).ToArray(),
        AftercareOffers = (c.AftercareOffers ?? []).ToArray(),
        CountyBoardReferrals = (c.CountyBoardReferrals ?? []).ToArray(),
    };

    private static VisitFacts? Schedule(List<DateOnly>? visits, List<SuiteFrequency>? frequencies) =>
        visits is null && frequencies is null ? null
            : new VisitFacts((frequencies ?? []).Select(f => new FrequencyFact(f.From, f.PerYear, f.ChildConsented ?? false)).ToArray(), (visits ?? []).ToArray());
}
