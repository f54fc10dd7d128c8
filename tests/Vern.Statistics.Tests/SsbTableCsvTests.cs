using Vern.Statistics.Public;

namespace Vern.Statistics.Tests;

/// <summary>Reading SSB's table-export CSV (long and wide layouts, SSB's symbols) and refusing bad input with the line and column.</summary>
public class SsbTableCsvTests
{
    [Fact]
    public void Parse_WideLayoutWithTitle_ReadsTableNumberYearsAndValues()
    {
        var t = SsbTableCsv.ReadFile(Samples.File("10673-reports-national-sample.csv"));
        Assert.Equal("10673", t.Number);
        Assert.Equal([2021, 2022], t.Rows.Select(r => r.Year));
        Assert.Equal([53_468m, 49_778m], t.Rows.Select(r => r.Value!.Value));
        var figures = PublicAggregates.ToFigures(t);
        Assert.All(figures, f => Assert.Equal("landet", f.Region));
        Assert.All(figures, f => Assert.Equal("reports-received-year", f.IndicatorId));
    }

    [Fact]
    [Trait("Rule", "SSB symbols: .. = mangler, : = vises ikke (konfidensialitet)")]
    public void Parse_Symbols_KeepsThemWithoutAValue()
    {
        var t = SsbTableCsv.Parse("\"region\";\"år\";\"09050: Barn\"\n\"3201 Bærum\";\"2022\";:\n\"3201 Bærum\";\"2023\";..\n\"3201 Bærum\";\"2021\";1 234,0\n");
        Assert.Equal("09050", t.Number);
        Assert.Equal([(null, ":"), (null, ".."), (1234m, null)], t.Rows.Select(r => (r.Value, r.Symbol)));
        Assert.Equal("3201", SsbTableCsv.RegionCode(t.Rows[0].Dimensions["region"]));
    }

    [Fact]
    public void Parse_NotANumber_NamesLineAndColumn()
    {
        var e = Assert.Throws<SsbCsvException>(() => SsbTableCsv.Parse("\"region\";\"år\";\"09050: Barn\"\n\"3201 Bærum\";\"2022\";mange\n", "x.csv"));
        Assert.Contains("x.csv linje 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("09050: Barn", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WrongFieldCount_NamesLine()
    {
        var e = Assert.Throws<SsbCsvException>(() => SsbTableCsv.Parse("\"region\";\"år\";\"v\"\n\"3201\";\"2022\"\n", "y.csv"));
        Assert.Contains("y.csv linje 2: 2 felt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToFigures_UnknownTable_Refuses()
    {
        var t = SsbTableCsv.Parse("\"region\";\"år\";\"99999: Noe\"\n\"3201\";\"2022\";1\n");
        Assert.Throws<SsbCsvException>(() => PublicAggregates.ToFigures(t));
    }
}
