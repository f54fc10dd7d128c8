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
}
