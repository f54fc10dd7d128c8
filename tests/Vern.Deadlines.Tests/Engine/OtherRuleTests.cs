using Vern.Deadlines.Engine;
using static Vern.Deadlines.Tests.F;

namespace Vern.Deadlines.Tests.Engine;

public class OtherRuleTests
{
    /// <summary>ettervern-tilbud: barnevernsloven § 3-6 — offer aftercare by the 18th birthday when measures are in force.</summary>
    [Theory]
    [Trait("Rule", "ettervern-tilbud")]
    [InlineData("2025-12-09", false)] // more than six months before the 18th birthday: not yet a duty
    [InlineData("2025-12-10", true)]  // six months before: the duty appears
    public void Open_Aftercare_AppearsSixMonthsBefore18(string asOf, bool expected)
    {
        var c = Case(birth: D(2008, 6, 10)).WithMeasure("BVL2021 5-1", "2.2", D(2020, 1, 1));
        var open = DeadlineEngine.Open(c, P(asOf), Book);
        Assert.Equal(expected, open.Any(o => o.Rule.Id == "ettervern-tilbud" && o.DueDate == D(2026, 6, 10)));
    }

    [Fact]
    [Trait("Rule", "ettervern-tilbud")]
    public void Evaluate_AftercareBornOn29February_DueOn28February()
    {
        var c = Case(birth: D(2008, 2, 29)).WithMeasure("BVL2021 5-1", "2.2", D(2020, 1, 1));
        var o = Single(c, D(2026, 1, 15), "ettervern-tilbud");
        Assert.Equal(D(2026, 2, 28), o.DueDate);
        Assert.Equal(ObligationStatus.Open, o.Status);
    }

    [Fact]
    [Trait("Rule", "ettervern-tilbud")]
    public void Evaluate_AftercareOfferedBefore18_MetOnTime()
    {
        var c = Case(birth: D(2008, 6, 10)).WithMeasure("BVL2021 5-1", "2.2", D(2020, 1, 1)) with { AftercareOffers = [D(2026, 3, 1)] };
        Assert.Equal(ObligationStatus.MetOnTime, Single(c, D(2026, 7, 1), "ettervern-tilbud").Status);
    }

    /// <summary>akuttvedtak-begjaering: six weeks from an emergency decision to the petition (1992 § 4-6; 2021 chapter 4).</summary>
    [Theory]
    [Trait("Rule", "akuttvedtak-begjaering")]
    [InlineData(null, null, "2024-04-13", ObligationStatus.Overdue)]
    [InlineData("2024-04-12", null, "2024-04-13", ObligationStatus.MetOnTime)] // sent on the last day
    [InlineData(null, "2024-03-20", "2024-04-13", ObligationStatus.Lapsed)]    // emergency decision ended first: no duty
    public void Evaluate_EmergencyDecision_PetitionWithinSixWeeks(string? sent, string? ended, string asOf, ObligationStatus expected)
    {
        var c = Case().WithDecision("BVL2021 4-2", D(2024, 3, 1), approved: D(2024, 3, 1), ended: Dn(ended))
            with { CountyBoardReferrals = sent is null ? [] : [P(sent)] };
        var o = Single(c, P(asOf), "akuttvedtak-begjaering");
        Assert.Equal(D(2024, 4, 12), o.DueDate);
        Assert.Equal(expected, o.Status);
    }

    [Fact]
    public void Open_ClosedCase_HasNoOpenDuties() =>
        Assert.Empty(DeadlineEngine.Open(Case().WithReport(D(2024, 1, 1)) with { ClosedOn = D(2024, 1, 20) }, D(2024, 2, 1), Book));

    [Fact]
    public void Evaluate_CaseClosedWithUnreviewedReport_IsMissed() =>
        Assert.Equal(ObligationStatus.Missed,
            Single(Case().WithReport(D(2024, 1, 1)) with { ClosedOn = D(2024, 1, 20) }, D(2024, 2, 1), "melding-gjennomgang").Status);
}
