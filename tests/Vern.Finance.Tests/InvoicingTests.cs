using Vern.Domain.Finance;
using Vern.Domain.Validation;

namespace Vern.Finance.Tests;

public class InvoicingTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    private static BillableStay Stay(string child, string measure, DateOnly from, DateOnly to, string municipality = "4601", DateOnly? placedOn = null, DateOnly? settledOn = null) =>
        new(municipality, child, measure, from, to, placedOn, settledOn);

    [Fact]
    public void ForMonth_OneInvoicePerMunicipality_LinesPerChildAndMeasure()
    {
        var invoices = Invoicing.ForMonth(
        [
            Stay("B-2", "mst", D(2023, 1, 1), D(2023, 12, 31)),
            Stay("B-1", "institution", D(2023, 2, 15), D(2023, 5, 31)),
            Stay("B-1", "mst", D(2023, 1, 1), D(2023, 2, 14)),
            Stay("B-7", "fft", D(2023, 2, 1), D(2023, 2, 28), municipality: "0301"),
            Stay("B-8", "fft", D(2023, 3, 1), D(2023, 3, 31), municipality: "0301"),
        ], new YearMonth(2023, 2));
        Assert.Equal(["0301", "4601"], invoices.Select(i => i.Municipality));
        Assert.Equal(15_500m, invoices[0].Total);
        var lines = invoices[1].Lines;
        Assert.Equal([("B-1", "mst"), ("B-1", "institution"), ("B-2", "mst")], lines.Select(l => (l.ChildRef, l.Measure)));
        // February 2023 has 28 days: MST 1–14 (14 days), institution 15–28 (14 days)
        Assert.Equal([7_750m, 87_500m, 15_500m], lines.Select(l => l.Amount));
        Assert.Equal(110_750m, invoices[1].Total);
    }

    [Fact]
    public void ForMonth_Municipality_OnlyThatOne()
    {
        var invoices = Invoicing.ForMonth([Stay("B-1", "mst", D(2023, 1, 1), D(2023, 1, 31)), Stay("B-2", "mst", D(2023, 1, 1), D(2023, 1, 31), "0301")],
            new YearMonth(2023, 1), "0301");
        Assert.Equal("0301", Assert.Single(invoices).Municipality);
    }

    [Fact]
    [Trait("Rule", "Overgangsregel: plasseringsdato før 2022 gjelder også når oppholdet klippes til måneden")]
    public void ForMonth_ClippedStay_KeepsItsPlacementDate()
    {
        var invoice = Assert.Single(Invoicing.ForMonth([Stay("B-1", "emergency-foster-home", D(2021, 10, 1), D(2023, 12, 31))], new YearMonth(2023, 6)));
        Assert.Equal((CopayRateKind.PreReformPlacement, 38_100m), (invoice.Lines[0].RateKind, invoice.Total));
    }

    [Fact]
    public void ForMonth_OverlappingStaysOfOneChildInOneMeasure_Refused()
    {
        var e = Assert.Throws<DomainRuleException>(() => Invoicing.ForMonth(
            [Stay("B-1", "institution", D(2023, 1, 1), D(2023, 3, 31)), Stay("B-1", "institution", D(2023, 3, 31), D(2023, 4, 30))], new YearMonth(2023, 1)));
        var issue = Assert.Single(e.Issues);
        Assert.Equal("vern.invoice.overlap", issue.Code);
        Assert.Equal("stays[1]", issue.Path);
    }

    [Fact]
    public void ForMonth_AdjacentStaysAndOtherMeasures_NotOverlaps()
    {
        var invoices = Invoicing.ForMonth(
        [
            Stay("B-1", "institution", D(2023, 1, 1), D(2023, 1, 15)),
            Stay("B-1", "institution", D(2023, 1, 16), D(2023, 1, 31)),
            Stay("B-1", "mst", D(2023, 1, 1), D(2023, 1, 31)),
            Stay("B-1", "institution", D(2023, 1, 1), D(2023, 1, 31), municipality: "0301"),
        ], new YearMonth(2023, 1));
        Assert.Equal(175_000m + 15_500m, invoices.Single(i => i.Municipality == "4601").Total);
    }

    [Fact]
    public void ForMonth_BadStayAnywhere_RefusedWhole()
    {
        var e = Assert.Throws<DomainRuleException>(() => Invoicing.ForMonth(
            [Stay("B-1", "mst", D(2023, 1, 1), D(2023, 1, 31)), Stay("", "mst", D(2023, 6, 1), D(2023, 5, 1), municipality: "46")], new YearMonth(2023, 1)));
        Assert.Equal(["stays[1].municipality", "stays[1].child_ref", "stays[1].to"], e.Issues.Select(i => i.Path));
    }

    [Fact]
    public void ForMonth_YearWithoutRates_RefusedNamingMonth()
    {
        var e = Assert.Throws<DomainRuleException>(() => Invoicing.ForMonth([Stay("B-1", "mst", D(2024, 1, 1), D(2024, 1, 31))], new YearMonth(2024, 1)));
        Assert.Equal("month", Assert.Single(e.Issues).Path);
    }

    [Fact]
    public void CsvStaySource_BadRows_AllReportedWithLineAndField()
    {
        var e = Assert.Throws<DomainRuleException>(() => CsvStaySource.Parse(CsvStaySource.Header + "\n4601;B-1;mst;2023-01-01;2023-13-01;;\n4601;B-2\n"));
        Assert.Equal(["stays[2].to", "stays[3].row"], e.Issues.Select(i => i.Path));
    }

    [Fact]
    public void YearMonth_Parse_RefusesOtherShapes()
    {
        Assert.Equal(new YearMonth(2023, 2), YearMonth.Parse("2023-02"));
        Assert.Equal("month", Assert.Single(Assert.Throws<DomainRuleException>(() => YearMonth.Parse("2023-2x")).Issues).Path);
    }
}
