using Vern.Statistics.Breakdowns;
using Vern.Statistics.Public;

namespace Vern.Statistics.Tests;

/// <summary>Worked figures of Menon 2023 (seed 002) and Rogaland Revisjon 2014 (seed 004), recomputed from the inputs the
/// reports give. Expected values are the reports' literals.</summary>
public class SeedFiguresTests
{
    [Fact]
    [Trait("Rule", "Menon 2023 kap. 5.3 (SSB 10673)")]
    public void ChangePercent_Reports2021To2022_IsMinus7Percent()
    {
        // "en nedgang i antall meldinger på 7 prosent (fra 53 468 til 49 778)"
        Assert.Equal(-7m, Summary.Round(Summary.ChangePercent(53_468, 49_778)!.Value));
    }

    [Fact]
    [Trait("Rule", "Menon 2023 kap. 5.4 (SSB 10660)")]
    public void ChangePercent_MentalHealthMeasures2021To2022_IsMinus20Percent()
    {
        // "psykisk helsehjelp for barn og unge har hatt en nedgang fra 312 til 251 ... redusert med 20 prosent"
        Assert.Equal(-20m, Summary.Round(Summary.ChangePercent(312, 251)!.Value));
    }

    [Fact]
    [Trait("Rule", "Menon 2023 kap. 5.2 (SSB 11600)")]
    public void Placements2022_AgeGroupsAddUp_ToThePrintedTotals()
    {
        var national = PublicAggregates.ToFigures(SsbTableCsv.ReadFile(Samples.File("11600-placements-national-2022-sample.csv")));
        decimal Get(string id, string age) => national.Single(f => f.IndicatorId == id && f.AgeGroup == age).Value!.Value;
        // "Av de til sammen 12 989 barn og unge 0–24 år med plasseringstiltak per 31. desember 2022"
        Assert.Equal(12_989m, Get("placements-31dec", "0-17") + Get("placements-31dec", "18-24"));
        // "Av de 646 barn og unge som hadde disse to kategoriene"
        Assert.Equal(646m, Get("placement-emergency-home-31dec", "0-17") + Get("placement-temporary-network-31dec", "0-17"));
    }

    [Fact]
    [Trait("Rule", "Menon 2023 tabell 5-1 (Bufdir)")]
    public void EmergencyHomes_Table5_1_ChildrenAddUpTo405()
    {
        (decimal Days, decimal Children)[] regions = [(250, 34), (280, 37), (265, 87), (351, 100), (361, 147)];
        Assert.Equal(405m, regions.Sum(r => r.Children));
        // The printed total mean is 322 days; the weighted mean of the rounded regional means is 321.2, so the table's
        // total comes from unrounded data and cannot be reproduced exactly from its cells.
        Assert.Equal(321m, Summary.Round(Summary.WeightedMean(regions.Select(r => (r.Days, r.Children)))!.Value));
    }

    [Fact]
    [Trait("Rule", "Menon 2023 kap. 5.1 note to figure 5-8: mean and median")]
    public void MeanAndMedian_OddAndEvenCounts()
    {
        Assert.Equal(3m, Summary.Median([5m, 1m, 3m]));
        Assert.Equal(2.5m, Summary.Median([4m, 1m, 3m, 2m]));
        Assert.Equal(2.5m, Summary.Mean([4m, 1m, 3m, 2m]));
        Assert.Null(Summary.Median([]));
    }

    [Fact]
    [Trait("Rule", "Rogaland Revisjon 2014 (seed 004) s. 32 og fotnote 17, 19")]
    public void Sandnes_ReportsMeasuresAndRefusals()
    {
        // "788 barn med bekymringsmeldinger i Sandnes (887 meldinger) ... antall barn med vedtak om tiltak (319) ... 40,5 prosent"
        Assert.Equal(40.5m, Summary.Round(Kostra.SharePercent(319, 788), 1));
        // "1,126 meldinger i snitt pr. barn"
        Assert.Equal(1.126m, Summary.Round(887m / 788m, 3));
        // "1222 tiltak ... 1,5 tiltak [per familie], var det 815 familier ... 8,5 prosent ... takket nei" (76 families)
        var families = Summary.Round(1222m / 1.5m);
        Assert.Equal(815m, families);
        Assert.Equal(8.5m, Summary.Round(Kostra.SharePercent(76, 76 + families), 1));
    }

    [Fact]
    [Trait("Rule", "Menon 2023 kap. 2.1 og 5.5: 2023-kroner med kommunal deflator")]
    public void Deflator_2022KronerTo2023_ReproducesTheSeedsPairs()
    {
        // "1,31 milliarder 2022-kroner, tilsvarende 1,39 milliarder 2023-kroner"; "0,89 milliarder 2022-kroner (0,94 milliarder 2023-kroner)"
        Assert.Equal(1.39m, Summary.Round(StatisticsDeflator.Default.Convert(1.31m, 2022, 2023), 2));
        Assert.Equal(0.94m, Summary.Round(StatisticsDeflator.Default.Convert(0.89m, 2022, 2023), 2));
        Assert.Equal(1.31m, Summary.Round(StatisticsDeflator.Default.Convert(1.39m, 2023, 2022), 2));
    }

    [Fact]
    public void Deflator_YearMissing_RefusesNamingTheYear()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => StatisticsDeflator.Default.Convert(100m, 2019, 2023));
        Assert.Contains("2020", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "Menon 2023 kap. 5.3, figur 5-8 (Bufdir: ventetid på fosterhjem fra Bufetat)")]
    public void FosterHomeWaiting_BufdirMean_148DaysIn2019To216In2023()
    {
        // "gjennomsnittlig ventetid har økt fra 148 dager i 2019 til 216 dager i 2023"
        var figures = PublicAggregates.ToFigures(SsbTableCsv.ReadFile(Samples.File("bufdir-fosterhjem-ventetid-sample.csv")));
        var mean = figures.Where(f => f.IndicatorId == "bufdir-foster-home-wait-days-mean" && f.Region == Regions.NationWithoutOslo).ToDictionary(f => f.Year, f => f.Value);
        Assert.Equal(148m, mean[2019]);
        Assert.Equal(216m, mean[2023]);
        Assert.All(figures, f => Assert.Equal("bufdir-fosterhjem", f.Origin));
        Assert.Equal(46m, Summary.Round(Summary.ChangePercent(148, 216)!.Value));   // 2019 → 2023: +46 %
    }
}
