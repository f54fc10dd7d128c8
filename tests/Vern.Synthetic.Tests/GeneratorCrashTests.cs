using Vern.Domain.Cases;
using Vern.Storage;
using Vern.Tests;

namespace Vern.Synthetic.Tests;

/// <summary>Regression tests for the two seeds at which <c>vern generate</c> crashed at national scale (356 municipalities,
/// 3 years): the generator wrote a command the domain refused. Each runs only the municipality that crashed, with the same
/// seed, period and rank in the 356-municipality country, through the real decider.</summary>
public class GeneratorCrashTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    private static MunicipalityResult Run(int seed, DateOnly to, int index)
    {
        var municipality = NationalGenerator.Municipalities(356, seed)[index];
        return MunicipalityRun.Generate(municipality, MunicipalityRun.SeedFor(seed, index), Period.From(to, 3), to,
            TestReference.CodeLists.Value, new InMemoryEventStore());
    }

    /// <summary>Seed 7 to 2025-06-30, municipality 7016 crashed with "EndPlan on an unknown plan": an investigation opened four
    /// days before the child turned 18 was concluded the day before the birthday (no adult's case without measures, SSB Sak
    /// Kontroll 8), but its investigation plan (Plantype 7, barnevernsloven § 2-2 tredje ledd) was dated after the conclusion
    /// and its ending sorted before it was made. The plan is now made no later than the conclusion and ended with it.</summary>
    [Fact]
    public void Seed7_Municipality7016_InvestigationPlanOfAnInvestigationCutShortIsMadeBeforeItEnds()
    {
        var result = Run(7, D(2025, 6, 30), 15);
        Assert.Equal("7016", result.Municipality.Number);
        var state = result.Appends.Single(a => a.CaseId.Value == Guid.Parse("53158557-70db-482a-b5e9-0fc5f76efc16")).NewState;
        var investigation = Assert.Single(state.Investigations);
        var plan = Assert.Single(state.Plans, p => p.PlanType == "7");
        Assert.Equal(D(2025, 2, 3), investigation.Conclusion!.ConcludedOn);
        Assert.True(plan.StartedOn >= investigation.StartedOn && plan.StartedOn <= plan.EndedOn, $"{plan}");
        Assert.Equal(D(2025, 2, 3), plan.EndedOn);
        AllPlansMadeBeforeTheyEndAndInsideAnOpenSpan(result);
    }

    /// <summary>Seed 42 to 2025-12-31, municipality 7003 crashed with "MakePlan on a closed case": a case reopened and closed again
    /// the same day (the child turned 18 the next day, with no measures) had its investigation plan, made that day before the
    /// closure, moved to the day before, when the case was still closed. A step is now after a closure only when the closure
    /// comes before it in the case's order (date, then sequence).</summary>
    [Fact]
    public void Seed42_Municipality7003_StepBeforeASameDayClosureStaysInItsReopenedSpan()
    {
        var result = Run(42, D(2025, 12, 31), 2);
        Assert.Equal("7003", result.Municipality.Number);
        var state = result.Appends.Single(a => a.CaseId.Value == Guid.Parse("f5f03ada-e1a9-46aa-8204-49b2bbd95a8f")).NewState;
        Assert.Equal(D(2025, 8, 5), state.ClosedOn);
        var second = Assert.Single(state.Plans, p => p.PlanType == "7" && p.StartedOn >= D(2025, 8, 1));
        Assert.Equal(D(2025, 8, 5), second.StartedOn);
        Assert.Equal(D(2025, 8, 5), second.EndedOn);
        AllPlansMadeBeforeTheyEndAndInsideAnOpenSpan(result);
    }

    private static void AllPlansMadeBeforeTheyEndAndInsideAnOpenSpan(MunicipalityResult result)
    {
        Assert.NotEmpty(result.Appends);
        foreach (var append in result.Appends)
            foreach (var plan in append.NewState.Plans)
            {
                Assert.True(plan.EndedOn is null || plan.EndedOn >= plan.StartedOn, $"{append.CaseId}: {plan}");
                Assert.True(plan.StartedOn >= append.NewState.OpenedOn, $"{append.CaseId}: {plan}");
            }
    }
}
