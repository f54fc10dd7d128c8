using Vern.Statistics.Breakdowns;

namespace Vern.Statistics.Tests;

public class RegionsTests
{
    [Theory]
    [Trait("Rule", "SSB klassifikasjon 115 as listed in Menon 2023 kap. 2.2")]
    [InlineData(1_999, 1)]
    [InlineData(2_000, 2)]
    [InlineData(4_999, 2)]
    [InlineData(5_000, 3)]
    [InlineData(19_999, 4)]
    [InlineData(20_000, 5)]
    [InlineData(49_999, 5)]
    [InlineData(50_000, 6)]
    public void SizeClass_Boundaries(long inhabitants, int expected) => Assert.Equal(expected, Regions.SizeClass(inhabitants));

    [Fact]
    public void County_FromMunicipalityNumber() => Assert.Equal("fylke 46", Regions.County("4601"));

    [Fact]
    public void County_BadNumber_NamesIt() =>
        Assert.Contains("«46»", Assert.Throws<ArgumentException>(() => Regions.County("46")).Message, StringComparison.Ordinal);
}
