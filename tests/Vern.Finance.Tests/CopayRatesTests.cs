using Vern.Domain.Finance;

namespace Vern.Finance.Tests;

/// <summary>The rate tables reproduce Menon 2023 (seed 002) table 5-2, whose 2021 and 2022 columns are in 2023 kroner.</summary>
public class CopayRatesTests
{
    // Table 5-2, «Sats per måned» in 2023-kroner: 2021, 2022, 2023.
    [Theory]
    [Trait("Rule", "Menon 2023 (seed 002) tabell 5-2")]
    [InlineData("institution", 86_319, 178_840, 175_000)]
    [InlineData("institution-uam", 43_216, 89_420, 87_500)]
    [InlineData("parent-child-centre-residential", 86_319, 74_692, 73_000)]
    [InlineData("parent-child-centre-home", 31_205, 11_572, 11_500)]
    [InlineData("emergency-foster-home", 40_634, 89_420, 87_500)]
    [InlineData("specialised-foster-home", 40_634, 89_420, 87_500)]
    [InlineData("mst", 20_317, 15_780, 15_500)]
    [InlineData("fft", 20_317, 15_780, 15_500)]
    public void NominalRates_In2023Kroner_ReproduceTable52(string measure, int y2021, int y2022, int y2023)
    {
        Assert.Equal(y2021, CopayRates.ToConstantKroner(CopayRates.For(2021)!.MonthlyNok[measure], 2021));
        Assert.Equal(y2022, CopayRates.ToConstantKroner(CopayRates.For(2022)!.MonthlyNok[measure], 2022));
        Assert.Equal(y2023, CopayRates.ToConstantKroner(CopayRates.For(2023)!.MonthlyNok[measure], 2023));
    }

    [Theory]
    [Trait("Rule", "BFD, Satser for kommunal egenbetaling for barnevernstiltak – 2022 (regjeringen.no)")]
    [InlineData("institution", 170_000)]
    [InlineData("institution-uam", 85_000)]
    [InlineData("parent-child-centre-residential", 71_000)]
    [InlineData("parent-child-centre-home", 11_000)]
    [InlineData("emergency-foster-home", 85_000)]
    [InlineData("mst", 15_000)]
    [InlineData("fft", 15_000)]
    public void Nominal2022_IsTheRundskrivsFigure(string measure, int expected) =>
        Assert.Equal(expected, CopayRates.For(2022)!.MonthlyNok[measure]);

    [Fact]
    public void EveryTable_HasEveryMeasureAndASource()
    {
        foreach (var table in CopayRates.Tables)
        {
            Assert.False(string.IsNullOrWhiteSpace(table.Source));
            foreach (var m in CopayMeasures.All)
                Assert.True(table.MonthlyNok.ContainsKey(m.Code), $"{table.Year} lacks {m.Code}");
        }
        Assert.StartsWith("AVLEDET, ikke fra kilde", CopayRates.For(2021)!.Source, StringComparison.Ordinal); // shown as such wherever the rate is
    }

    [Fact]
    [Trait("Rule", "Menon 2023 kap. 5.5 mot tabell 5-2: to utgaver av kommunal deflator")]
    public void DeflatorEditions_EachReproduceTheirOwnFigures()
    {
        Assert.Equal(178_840m, MunicipalDeflator.Table52.Convert(170_000m, 2022, 2023));
        Assert.Equal(1.39m, Math.Round(MunicipalDeflator.Chapter55.Convert(1.31m, 2022, 2023), 2));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => MunicipalDeflator.Table52.Convert(1m, 2020, 2023));
        Assert.Contains("2021", e.Message, StringComparison.Ordinal);
    }
}
