using Vern.Deadlines.Engine;
using Vern.Deadlines.Facts;
using static Vern.Deadlines.Tests.F;

namespace Vern.Deadlines.Tests.Engine;

/// <summary>Rules oppfolgingsbesok (fosterhjemsforskriften § 7: at least 4 visits a year, 2 after more than two years in the
/// home; seed 004) and tilsynsbesok (fosterhjemsforskriften § 9).</summary>
public class VisitRuleTests
{
    [Fact]
    [Trait("Rule", "oppfolgingsbesok")]
    public void Open_NewFosterHome_FirstVisitDueThreeMonthsAfterPlacement()
    {
        var o = Assert.Single(DeadlineEngine.Open(Case().WithMeasure("BVL2021 5-1", "2.2", D(2024, 1, 15)), D(2024, 2, 1), Book),
            x => x.Rule.Id == "oppfolgingsbesok");
        Assert.Equal(D(2024, 4, 15), o.DueDate);
        Assert.Equal("4 besøk/år", o.Detail);
    }

    [Theory]
    [Trait("Rule", "oppfolgingsbesok")]
    [InlineData("2024-04-15", "2024-05-01", "2024-07-15", ObligationStatus.Open)]    // visited on the last day: next 3 months later
    [InlineData("2024-04-16", "2024-05-01", "2024-07-16", ObligationStatus.Open)]    // a day late: next counts from that visit
    [InlineData("2023-11-30", "2024-02-29", "2024-02-29", ObligationStatus.Open)]    // 30 Nov + 3 months = 29 Feb 2024
    public void Open_AfterVisit_NextDueThreeMonthsLater(string visited, string asOf, string due, ObligationStatus expected)
    {
        var c = Case().WithMeasure("BVL2021 5-1", "2.1", D(2023, 10, 1), followUp: Visits(P(visited)));
        var o = Assert.Single(DeadlineEngine.Open(c, P(asOf), Book), x => x.Rule.Id == "oppfolgingsbesok");
        Assert.Equal(P(due), o.DueDate);
        Assert.Equal(expected, o.Status);
    }

    [Fact]
    [Trait("Rule", "oppfolgingsbesok")]
    public void Evaluate_VisitOneDayLate_IsMetLate()
    {
        var c = Case().WithMeasure("BVL2021 5-1", "2.1", D(2024, 1, 15), followUp: Visits(D(2024, 4, 16)));
        var first = All(c, D(2024, 5, 1)).First(o => o.Rule.Id == "oppfolgingsbesok");
        Assert.Equal(ObligationStatus.MetLate, first.Status);
    }

    [Theory]
    [Trait("Rule", "oppfolgingsbesok")]
    [InlineData("2026-03-01", "2026-03-10", "2026-09-10")] // reduced to 2 a year after more than two years: 6 months
    [InlineData("2025-06-01", "2025-06-10", "2025-09-10")] // reduction recorded within two years is ignored: still 3 months
    public void Open_ReducedFrequency_OnlyAfterTwoYears(string reducedFrom, string visited, string due)
    {
        var c = Case().WithMeasure("BVL2021 5-1", "2.2", D(2024, 1, 15),
            followUp: new VisitFacts([new FrequencyFact(P(reducedFrom), 2)], [P(visited)]));
        var o = Assert.Single(DeadlineEngine.Open(c, P(visited).AddDays(1), Book), x => x.Rule.Id == "oppfolgingsbesok");
        Assert.Equal(P(due), o.DueDate);
    }

    [Fact]
    [Trait("Rule", "tilsynsbesok")]
    public void Open_FosterHome_HasBothFollowUpAndSupervision()
    {
        var open = DeadlineEngine.Open(Case().WithMeasure("BVL2021 5-1", "2.2", D(2024, 1, 15)), D(2024, 2, 1), Book);
        Assert.Contains(open, o => o.Rule.Id == "tilsynsbesok" && o.DueDate == D(2024, 4, 15));
    }

    [Fact]
    [Trait("Rule", "oppfolgingsbesok")]
    public void Open_NotAFosterHome_NoVisitDuty() =>
        Assert.DoesNotContain(DeadlineEngine.Open(Case().WithMeasure("BVL2021 3-1", "4.6", D(2024, 1, 15)), D(2024, 2, 1), Book),
            o => o.Rule.Id is "oppfolgingsbesok" or "tilsynsbesok");

    [Fact]
    [Trait("Rule", "oppfolgingsbesok")]
    public void Open_MeasureEnded_NoVisitDuty() =>
        Assert.DoesNotContain(DeadlineEngine.Open(Case().WithMeasure("BVL2021 5-1", "2.2", D(2024, 1, 15), D(2024, 3, 1)), D(2024, 5, 1), Book),
            o => o.Rule.Id == "oppfolgingsbesok");

    [Fact]
    [Trait("Rule", "oppfolgingsbesok")]
    public void Open_PlacementOlderThanTheRegulation_FirstVisitDueThreeMonthsAfterItStarted()
    {
        // fosterhjemsforskriften (2003) applies from 1 January 2004 in the rule file: a placement from 2000 without visits.
        var o = Assert.Single(DeadlineEngine.Open(Case().WithMeasure("BVL 4-12", "2.2", D(2000, 5, 1)), D(2004, 2, 1), Book),
            x => x.Rule.Id == "oppfolgingsbesok");
        Assert.Equal(D(2004, 4, 1), o.DueDate);
        Assert.Equal("BVL", o.Rule.Act);
    }

    [Fact]
    [Trait("Rule", "oppfolgingsbesok")]
    public void Evaluate_VisitsAcrossTheChangeOfAct_EachIntervalUnderTheVersionInForce()
    {
        var c = Case().WithMeasure("BVL 4-12", "2.2", D(2022, 10, 1), followUp: Visits(D(2022, 12, 20), D(2023, 3, 10)));
        var acts = All(c, D(2023, 4, 1)).Where(o => o.Rule.Id == "oppfolgingsbesok").Select(o => (o.LegalDate, o.DueDate, o.Rule.Act, o.Status));
        Assert.Equal([
            (D(2022, 10, 1), D(2023, 1, 1), "BVL", ObligationStatus.MetOnTime),
            (D(2022, 12, 20), D(2023, 3, 20), "BVL", ObligationStatus.MetOnTime),
            (D(2023, 3, 10), D(2023, 6, 10), "BVL2021", ObligationStatus.Open)], acts);
    }
}
