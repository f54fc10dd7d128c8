using Vern.Deadlines.Engine;
using Vern.Deadlines.Rules;
using static Vern.Deadlines.Tests.F;

namespace Vern.Deadlines.Tests.Engine;

/// <summary>Rules tiltaksplan (barnevernsloven § 8-1; 1992 § 4-5) and omsorgsplan (§ 8-3; 1992 § 4-15 tredje ledd),
/// and their evaluation routines.</summary>
public class PlanRuleTests
{
    [Theory]
    [Trait("Rule", "tiltaksplan")]
    [InlineData("2024-05-06", ObligationStatus.MetOnTime)] // plan made the day the measure starts
    [InlineData("2024-05-07", ObligationStatus.MetLate)]   // one day later
    [InlineData("2024-04-01", ObligationStatus.MetOnTime)] // plan already in place
    public void Evaluate_SupportMeasure_NeedsTiltaksplan(string planStarted, ObligationStatus expected)
    {
        var c = Case().WithMeasure("BVL2021 3-1", "3.2", D(2024, 5, 6)).WithPlan("1", P(planStarted));
        var o = Single(c, D(2024, 6, 1), "tiltaksplan");
        Assert.Equal(D(2024, 5, 6), o.DueDate);
        Assert.Equal(expected, o.Status);
    }

    [Fact]
    [Trait("Rule", "tiltaksplan")]
    public void Evaluate_SupportMeasureWithoutPlan_IsOverdue()
    {
        var o = Single(Case().WithMeasure("BVL2021 3-1", "4.6", D(2024, 5, 6)), D(2024, 5, 20), "tiltaksplan");
        Assert.Equal(ObligationStatus.Overdue, o.Status);
        Assert.Equal(-14, o.DaysLeft(D(2024, 5, 20)));
    }

    [Fact]
    [Trait("Rule", "tiltaksplan")]
    public void Evaluate_CareMeasure_NeedsNoTiltaksplan() =>
        Assert.DoesNotContain(All(Case().WithMeasure("BVL2021 5-1", "2.2", D(2024, 5, 6)), D(2024, 6, 1)), o => o.Rule.Id == "tiltaksplan");

    [Theory]
    [Trait("Rule", "omsorgsplan")]
    [InlineData("BVL2021 5-1", "2024-03-01", "4", ObligationStatus.MetOnTime, "BVL2021")]
    [InlineData("BVL 4-12", "2022-03-01", "3", ObligationStatus.MetOnTime, "BVL")]
    [InlineData("BVL2021 5-1", "2024-03-01", "1", ObligationStatus.Overdue, "BVL2021")] // a tiltaksplan is not an omsorgsplan
    public void Evaluate_ApprovedCareOrder_NeedsOmsorgsplan(string basis, string approved, string planType, ObligationStatus expected, string act)
    {
        var c = Case().WithDecision(basis, P(approved).AddDays(-10), approved: P(approved)).WithPlan(planType, P(approved));
        var o = Single(c, P(approved).AddMonths(1), "omsorgsplan");
        Assert.Equal(expected, o.Status);
        Assert.Equal(act, o.Rule.Act);
    }

    // Evaluating a tiltaksplan: the Act (§ 8-1; 1992 § 4-5) says regularly; quarterly is guidance (seed 004: "endringstiltak
    // skal evalueres minimum hver tredje måned"; Bufdir Q-0982 kap. 7), so a late evaluation is a deviation, not a breach.
    [Theory]
    [Trait("Rule", "tiltaksplan-evaluering")]
    [InlineData("2024-11-30", "2025-02-10", "2025-03-01", "2025-05-10", ObligationStatus.Open)]     // evaluated: next due 3 months later
    [InlineData("2024-11-30", null, "2025-03-01", "2025-02-28", ObligationStatus.Overdue)]          // 30 Nov + 3 months = 28 Feb 2025
    [InlineData("2023-11-30", null, "2024-02-29", "2024-02-29", ObligationStatus.Open)]             // leap year: due 29 Feb, today
    [InlineData("2022-10-31", null, "2023-01-31", "2023-01-31", ObligationStatus.Open)]             // 1992 Act version, 31 Oct + 3 months = 31 Jan
    public void Open_TiltaksplanEvaluation_DueQuarterlyAfterLast(string started, string? evaluated, string asOf, string due, ObligationStatus expected)
    {
        var c = Case().WithPlan("1", P(started), null, evaluated is null ? [] : [P(evaluated)]);
        var o = Assert.Single(DeadlineEngine.Open(c, P(asOf), Book), x => x.Rule.Id == "tiltaksplan-evaluering");
        Assert.Equal(P(due), o.DueDate);
        Assert.Equal(expected, o.Status);
        Assert.Equal(DutyBasis.Guidance, o.Rule.Basis);
        Assert.False(o.Rule.IsStatutory);
    }

    [Fact]
    [Trait("Rule", "tiltaksplan")]
    public void Open_TwoSupportMeasuresWithoutPlan_OneDutyFromTheEarliest()
    {
        var c = Case().WithMeasure("BVL2021 3-1", "3.2", D(2024, 5, 6)).WithMeasure("BVL2021 3-1", "4.6", D(2024, 5, 20));
        var o = Assert.Single(DeadlineEngine.Open(c, D(2024, 6, 1), Book), x => x.Rule.Id == "tiltaksplan");
        Assert.Equal(D(2024, 5, 6), o.DueDate);
        Assert.Equal(2, All(c, D(2024, 6, 1)).Count(x => x.Rule.Id == "tiltaksplan")); // compliance still counts each measure
    }
}
