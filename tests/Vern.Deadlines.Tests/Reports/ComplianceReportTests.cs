using Vern.Deadlines.Reports;
using static Vern.Deadlines.Tests.F;

namespace Vern.Deadlines.Tests.Reports;

public class ComplianceReportTests
{
    private static ComplianceIndicator Indicator(ComplianceReport r, string id) => Assert.Single(r.Indicators, i => i.Id == id);

    [Fact]
    [Trait("Rule", "melding-gjennomgang")]
    public void Compute_ReportsDueInPeriod_ShareReviewedWithinAWeek()
    {
        var cases = new[]
        {
            Case().WithReport(D(2024, 1, 1), D(2024, 1, 8)),  // day 7: on time
            Case().WithReport(D(2024, 1, 1), D(2024, 1, 9)),  // day 8: late
            Case().WithReport(D(2024, 3, 1)),                   // never reviewed: overdue on 30 June
            Case().WithReport(D(2024, 6, 28)),                  // due 5 July: outside the period
        };
        var report = ComplianceReport.Compute(cases, D(2024, 1, 1), D(2024, 6, 30), Book);
        var i = Indicator(report, "frist:melding-gjennomgang");
        Assert.Equal((1, 3), (i.Met, i.Counted));
        Assert.Equal(2, report.Breaches.Count(b => b.IndicatorId == "frist:melding-gjennomgang"));
    }

    [Fact]
    [Trait("Rule", "tiltaksplan-evaluering")]
    public void Compute_LateEvaluationFromGuidance_IsADeviationNotABreachOfTheLaw()
    {
        // The Act (§ 8-1) says "regularly"; quarterly is guidance (seed 004; Q-0982 kap. 7). Plan made 1 Feb 2024: the first
        // evaluation was due 1 May 2024 and came 10 May — a deviation from guidance, not a breach of the law.
        var cases = new[] { Case().WithMeasure("BVL2021 3-1", "3.2", D(2024, 2, 1)).WithPlan("1", D(2024, 2, 1), null, D(2024, 5, 10)) };
        var report = ComplianceReport.Compute(cases, D(2024, 1, 1), D(2024, 6, 30), Book);
        Assert.DoesNotContain(report.Indicators, i => i.Id == "frist:tiltaksplan-evaluering");
        Assert.DoesNotContain(report.Breaches, b => b.RuleId == "tiltaksplan-evaluering");
        var guidance = Assert.Single(report.GuidanceIndicators, i => i.Id == "frist:tiltaksplan-evaluering");
        Assert.Equal((0, 1, Vern.Deadlines.Rules.DutyBasis.Guidance), (guidance.Met, guidance.Counted, guidance.Basis));
        var deviation = Assert.Single(report.Deviations);
        Assert.Equal(("tiltaksplan-evaluering", D(2024, 5, 1), "utført 2024-05-10, 9 dager for sent"), (deviation.RuleId, deviation.DueDate, deviation.What));
        // The plan itself is the law's (§ 8-1), made the day the measure started: met, and counted among the law's indicators.
        Assert.Equal((1, 1), (Indicator(report, "frist:tiltaksplan").Met, Indicator(report, "frist:tiltaksplan").Counted));
    }

    [Fact]
    [Trait("Rule", "undersokelse-frist")]
    public void Compute_InvestigationsConcludedInPeriod_ByLawAndBySsbCount()
    {
        // Received 23 Nov 2023: law due 29 Feb 2024, SSB (7 + 90 days) due 28 Feb 2024. Concluded 29 Feb: on time by law, late by SSB.
        var cases = new[] { Case().WithInvestigation(D(2023, 11, 23), D(2023, 11, 23), concluded: D(2024, 2, 29)) };
        var report = ComplianceReport.Compute(cases, D(2024, 1, 1), D(2024, 6, 30), Book);
        Assert.Equal((1, 1), (Indicator(report, "undersokelser-konkludert-i-tide").Met, Indicator(report, "undersokelser-konkludert-i-tide").Counted));
        Assert.Equal((0, 1), (Indicator(report, "undersokelser-konkludert-i-tide-ssb").Met, Indicator(report, "undersokelser-konkludert-i-tide-ssb").Counted));
    }

    [Fact]
    [Trait("Rule", "tiltaksplan")]
    public void Compute_SupportMeasureWithoutPlan_CountsAgainstPlanCoverage()
    {
        var cases = new[]
        {
            Case().WithMeasure("BVL2021 3-1", "3.2", D(2024, 2, 1)).WithPlan("1", D(2024, 2, 1)),
            Case().WithMeasure("BVL2021 3-1", "4.6", D(2024, 2, 1)),
        };
        var report = ComplianceReport.Compute(cases, D(2024, 1, 1), D(2024, 6, 30), Book);
        var i = Indicator(report, "barn-med-tiltaksplan");
        Assert.Equal((1, 2, 0.5), (i.Met, i.Counted, i.Share));
        Assert.Contains(report.Breaches, b => b.IndicatorId == "barn-med-tiltaksplan" && b.What == "mangler gyldig plan ved periodens slutt");
    }

    [Theory]
    [Trait("Rule", "oppfolgingsbesok")]
    [InlineData(2, true)]
    [InlineData(1, false)]
    public void Compute_HalfYearAtFourAYear_RequiresTwoVisits(int visits, bool met)
    {
        DateOnly[] made = visits == 2 ? [D(2024, 2, 1), D(2024, 5, 1)] : [D(2024, 2, 1)];
        var cases = new[] { Case().WithMeasure("BVL2021 5-1", "2.2", D(2023, 6, 1), followUp: Visits(made)) };
        var report = ComplianceReport.Compute(cases, D(2024, 1, 1), D(2024, 6, 30), Book);
        var i = Indicator(report, "oppfolgingsbesok-gjennomfort");
        Assert.Equal((met ? 1 : 0, 1), (i.Met, i.Counted));
    }

    [Theory]
    [InlineData(4, 182, 2)] // a half year
    [InlineData(4, 365, 4)]
    [InlineData(2, 182, 1)]
    [InlineData(4, 30, 0)]  // a month at four a year: none required yet
    public void RequiredVisits_PerYearTimesShareOfYear_Rounded(int perYear, int days, int expected) =>
        Assert.Equal(expected, ComplianceReport.RequiredVisits(perYear, days));

    [Fact]
    public void Compute_EndBeforeStart_IsRefusedNamingBothDates()
    {
        var e = Assert.Throws<ArgumentException>(() => ComplianceReport.Compute([], D(2024, 6, 30), D(2024, 1, 1), Book));
        Assert.Contains("2024-01-01", e.Message);
        Assert.Contains("2024-06-30", e.Message);
    }
}
