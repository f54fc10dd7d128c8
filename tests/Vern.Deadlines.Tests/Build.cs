using Vern.Deadlines.Engine;
using Vern.Deadlines.Facts;
using Vern.Deadlines.Rules;
using Vern.Domain.Cases;

namespace Vern.Deadlines.Tests;

/// <summary>Tiny builders so rule tests read as table rows.</summary>
internal static class F
{
    public static DateOnly D(int y, int m, int d) => new(y, m, d);

    public static DateOnly? Dn(string? iso) => iso is null ? null : DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    public static DateOnly P(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    public static readonly RuleBook Book = RuleBook.Default;

    private static int _n;

    public static EntryId Entry() => new(Guid.Parse($"00000000-0000-4000-8000-{Interlocked.Increment(ref _n):D12}"));

    public static CaseFacts Case(DateOnly? openedOn = null, string? caseworker = "sb1", DateOnly? birth = null) => new(
        new CaseId(Guid.Parse("6f1c1c3e-6a3b-4c55-9a0e-1d2b3c4d5e6f")), 1, "4601", "2024/17", caseworker,
        openedOn ?? D(2000, 1, 1), null, birth ?? D(2015, 3, 14), [], [], [], [], [], [], []);

    public static CaseFacts WithReport(this CaseFacts c, DateOnly received, DateOnly? reviewed = null) =>
        c with { Reports = [.. c.Reports, new ReportFact(Entry(), received, reviewed)] };

    public static CaseFacts WithInvestigation(this CaseFacts c, DateOnly received, DateOnly? reviewed = null, bool? extension = null, DateOnly? concluded = null) =>
        c with { Investigations = [.. c.Investigations, new InvestigationFact(Entry(), received, reviewed, reviewed ?? received, extension, concluded)] };

    public static CaseFacts WithMeasure(this CaseFacts c, string basis, string category, DateOnly started, DateOnly? ended = null,
        VisitFacts? followUp = null, VisitFacts? supervision = null) =>
        c with { Measures = [.. c.Measures, new MeasureFact(Entry(), basis, category, started, ended, followUp, supervision)] };

    public static CaseFacts WithPlan(this CaseFacts c, string type, DateOnly started, DateOnly? ended = null, params DateOnly[] evaluations) =>
        c with { Plans = [.. c.Plans, new PlanFact(Entry(), type, started, ended, evaluations)] };

    public static CaseFacts WithDecision(this CaseFacts c, string basis, DateOnly decided, DateOnly? approved = null, DateOnly? ended = null) =>
        c with { Decisions = [.. c.Decisions, new DecisionFact(Entry(), basis, decided, approved, ended)] };

    public static VisitFacts Visits(params DateOnly[] visits) => new([], visits);

    public static List<Obligation> All(CaseFacts c, DateOnly asOf) => DeadlineEngine.Evaluate(c, asOf, Book);

    public static Obligation Single(CaseFacts c, DateOnly asOf, string ruleId) => Assert.Single(All(c, asOf), o => o.Rule.Id == ruleId);
}
