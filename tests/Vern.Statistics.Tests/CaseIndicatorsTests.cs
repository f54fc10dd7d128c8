using Vern.Statistics.Breakdowns;
using Vern.Statistics.Definitions;
using static Vern.Statistics.Tests.B;

namespace Vern.Statistics.Tests;

/// <summary>Each definition of <see cref="CaseIndicators"/> on a constructed case set whose answer is known by hand.</summary>
public class CaseIndicatorsTests
{
    private static int Count(string id, int year, params Vern.Domain.Cases.CaseState[] cases) =>
        cases.Sum(c => CaseIndicators.Find(id)!.Count(c, new StatisticsYear(year)));

    // Five children at 31.12.2023, one in each of SSB's classes, plus one whose measure ended in June.
    private static readonly Vern.Domain.Cases.CaseState[] Set =
    [
        Case().Measure(CareOrder, "2.2", D(2021, 3, 1)).Measure(Support, "4.6", D(2022, 1, 1)), // care wins over support
        Case().Measure(Emergency, "2.5", D(2023, 11, 20)),
        Case().Measure(Behavioural, "1.1", D(2023, 2, 1)),
        Case().Measure(Support, "2.1", D(2023, 5, 1)),                                          // voluntary placement
        Case().Measure(Support, "3.2", D(2023, 1, 1)).Measure(Support, "6.4", D(2023, 1, 1)),   // at home, with collaboration
        Case().Measure(Support, "4.6", D(2022, 1, 1), D(2023, 6, 30)),                          // ended during the year
    ];

    [Fact]
    [Trait("Rule", "SSB 09050")]
    public void ChildrenWithMeasures_DuringYearAndAt31December_CountsEachChildOnce()
    {
        Assert.Equal(6, Count("children-with-measures-year", 2023, Set));
        Assert.Equal(5, Count("children-with-measures-31dec", 2023, Set));
    }

    [Fact]
    [Trait("Rule", "Menon 2023 figur 5-2 note: omsorgstiltak går foran hjelpetiltak")]
    public void Classes_At31December_EachChildInOneClass()
    {
        Assert.Equal(1, Count("care-measures-31dec", 2023, Set));
        Assert.Equal(4, Count("support-measures-31dec", 2023, Set));
        Assert.Equal(1, Count("emergency-measures-31dec", 2023, Set));
        Assert.Equal(1, Count("behavioural-measures-31dec", 2023, Set));
        Assert.Equal(1, Count("placed-as-support-31dec", 2023, Set));
    }

    [Fact]
    [Trait("Rule", "Menon 2023 figur 5-2 note: hjelpetiltak i hjemmet = 09050 − akutt − atferd − plassert (12845)")]
    public void SupportAtHome_SubtractionRule_EqualsTheChildrenCountedAtHome()
    {
        var bySubtraction = CaseIndicators.SupportAtHome(
            Count("support-measures-31dec", 2023, Set), Count("emergency-measures-31dec", 2023, Set),
            Count("behavioural-measures-31dec", 2023, Set), Count("placed-as-support-31dec", 2023, Set));
        var atHome = Set.Count(c => MeasureKinds.Classify(c.Measures.Where(m => MeasureKinds.InForceOn(m, D(2023, 12, 31)))) == MeasureClass.SupportAtHome);
        Assert.Equal(1m, bySubtraction);
        Assert.Equal(1, atHome);
    }

    [Fact]
    [Trait("Rule", "SSB 11600 plasseringstiltak")]
    public void Placements_At31December_ByType()
    {
        Assert.Equal(4, Count("placements-31dec", 2023, Set));
        Assert.Equal(2, Count("placement-foster-home-31dec", 2023, Set));
        Assert.Equal(1, Count("placement-emergency-home-31dec", 2023, Set));
        Assert.Equal(1, Count("placement-institution-31dec", 2023, Set));
        Assert.Equal(1, Count("collaboration-measures-31dec", 2023, Set));
    }

    [Fact]
    [Trait("Rule", "SSB 10673; Kravspesifikasjon Undersøkelse Kontroll 11")]
    public void ReportsAndInvestigations_Year_CountsSharesAndRegisterDeadline()
    {
        var a = Case().Report(D(2023, 1, 10), D(2023, 1, 12)).Investigation(D(2023, 1, 12), D(2023, 4, 17));  // 7 + 90 = 17 Apr: on time
        var b = Case().Report(D(2023, 1, 10), D(2023, 1, 12)).Investigation(D(2023, 1, 12), D(2023, 4, 18), outcome: "3"); // one day late, dropped
        var c = Case().Report(D(2023, 1, 10), D(2023, 1, 12)).Investigation(D(2023, 1, 12), D(2023, 7, 16), extensionGranted: true); // 7 + 180: on time
        var d = Case().Report(D(2023, 3, 1), D(2023, 3, 5), code: "1");                                          // dropped at review
        Assert.Equal(4, Count("reports-received-year", 2023, a, b, c, d));
        Assert.Equal(3, Count("reports-investigated-year", 2023, a, b, c, d));
        Assert.Equal(3, Count("investigations-concluded-year", 2023, a, b, c, d));
        Assert.Equal(2, Count("investigations-to-measures-year", 2023, a, b, c, d));
        Assert.Equal(1, Count("investigations-dropped-year", 2023, a, b, c, d));
        Assert.Equal(2, Count("investigations-within-deadline-year", 2023, a, b, c, d));
    }

    [Fact]
    [Trait("Rule", "SSB: alder ved utgangen av året")]
    public void CaseFigures_AgeAt31December_FallsInTheRightGroup()
    {
        var figures = new CaseFigures(2023, 2023).AddAll(
        [
            Case(born: D(2005, 12, 31)).Measure(Support, "4.6", D(2023, 1, 1)),   // 18 at the end of 2023
            Case(born: D(2006, 1, 1)).Measure(Support, "4.6", D(2023, 1, 1)),     // 17
        ]).ToFigures();
        decimal? Get(string age) => figures.Single(f => f.IndicatorId == "children-with-measures-31dec" && f.AgeGroup == age).Value;
        Assert.Equal(1m, Get("0-17"));
        Assert.Equal(1m, Get("18-24"));
        Assert.Equal(2m, Get("alle"));
        Assert.Equal(1m, Get("13-17"));
    }

    [Fact]
    [Trait("Rule", "Menon 2023 kap. 5.3, tabell 2-1 og figur 5-9: ventetid på fosterhjem, under 30 / 30–90 / 91–180 / over 180 dager")]
    public void FosterHomeWaiting_FromDecisionToFirstFosterHome_CountsDaysAndBuckets()
    {
        var cases = new[]
        {
            Case().Decided(CareOrder, D(2023, 1, 10), "2.2", D(2023, 1, 20)),                               // 10 days
            Case().Decided(CareOrder, D(2022, 11, 1), "2.5", D(2022, 11, 1))                                // emergency home first …
                .Decided(CareOrder, D(2022, 12, 1), "2.1", D(2023, 3, 1)),                                  // … then 90 days to foster home
            Case().Decided(Support, D(2023, 1, 2), "2.3", D(2023, 8, 1)),                                   // 211 days (voluntary placement)
            Case().Decided(CareOrder, D(2021, 5, 1), "2.2", D(2021, 6, 1), D(2023, 4, 30))                  // a move between foster homes
                .Decided(CareOrder, D(2023, 4, 1), "2.1", D(2023, 5, 1)),                                   //   is not a wait
            Case().Decided(CareOrder, D(2023, 12, 1), "2.2", D(2024, 1, 15)),                               // starts next year
            Case().Decided(Support, D(2023, 2, 1), "4.6", D(2023, 2, 2)),                                   // not a foster home
        };
        Assert.Equal(3, Count("foster-home-placements-after-decision-year", 2023, cases));
        Assert.Equal(10 + 90 + 211, Count("foster-home-wait-days-year", 2023, cases));
        Assert.Equal(1, Count("foster-home-wait-under-30-year", 2023, cases));
        Assert.Equal(1, Count("foster-home-wait-30-90-year", 2023, cases));
        Assert.Equal(0, Count("foster-home-wait-91-180-year", 2023, cases));
        Assert.Equal(1, Count("foster-home-wait-over-180-year", 2023, cases));
        Assert.Equal(1, Count("foster-home-placements-after-decision-year", 2024, cases));
        var mean = CaseIndicators.Shares.Single(s => s.Id == "foster-home-wait-days-mean");
        Assert.Equal(("dager", 1m), (mean.Unit, mean.Scale));
    }

    [Fact]
    [Trait("Rule", "Issue 20: actual use from Vern's data; Kodelister Tiltak/Kategori 3.8 Sentre for foreldre og barn")]
    public void MeasureUse_CentresForParentsAndChildren_StartsDurationsWaitAndDays()
    {
        var cases = new[]
        {
            Case().Decided(Support, D(2024, 12, 22), "3.8", D(2025, 1, 1), D(2025, 2, 19)),     // 10 days' wait, 50 days
            Case().Decided(Support, D(2025, 3, 1), "3.8", D(2025, 3, 1), D(2025, 6, 8)),        // 0 days' wait, 100 days
            Case().Decided(Support, D(2025, 11, 12), "3.8", D(2025, 12, 2)),                    // 20 days' wait, in force 31.12.
            Case().Decided(Support, D(2024, 10, 1), "3.8", D(2024, 11, 1), D(2025, 1, 10)),     // started last year, ended in 2025: 71 days
            Case("4601").Decided(Support, D(2025, 1, 1), "3.8", D(2025, 1, 1), D(2025, 1, 5)),  // another municipality
            Case().Decided(Support, D(2025, 1, 1), "3.2", D(2025, 1, 1)),                       // another category
        };
        var use = MeasureUse.Compute(cases, MeasureUse.CentresForParentsAndChildren, 2025, "7777");
        Assert.Equal((3, 3, 1), (use.Started, use.Ended, use.InForce31Dec));
        Assert.Equal((50m + 100m + 71m) / 3, use.MeanDays);
        Assert.Equal(71m, use.MedianDays);
        Assert.Equal(10m, use.MeanWaitDays);                                                    // (10 + 0 + 20) / 3
        Assert.Equal(50 + 100 + 30 + 10, use.DaysInYear);                                       // 2 Dec–31 Dec = 30; 1–10 Jan = 10
        Assert.Equal(4, MeasureUse.Compute(cases, "3.8", 2025, null).Started);
    }
}
