using Vern.Domain.Finance;
using Vern.Domain.Validation;
using Vern.Finance;

namespace Vern.Finance.Tests;

/// <summary>Issue 21: co-payment rates per measure and year as data, "extendable by adding a year's rate table". Vern ships
/// 2021–2023 (`002_…` table 5-2, rundskriv 2022); a later year is added as data – a <see cref="CopayRateTable"/> with its source,
/// e.g. from a JSON rates file (<c>vern copay --rates FILE</c>) – without changing the calculator. The 2024 figures below are
/// TEST DATA (2023's rates + 4 %), not the state's rates: Vern did not find the 2024 rundskriv (docs/finance.md).</summary>
public sealed class CopayRateBookTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    private const string Test2024 = """
        {
          "year": 2024,
          "monthlyNok": {
            "institution": 182000, "institution-uam": 91000, "parent-child-centre-residential": 75920, "parent-child-centre-home": 11960,
            "emergency-foster-home": 91000, "specialised-foster-home": 91000, "mst": 16120, "fft": 16120
          },
          "preReformFosterHomeMonthlyNok": 39624,
          "source": "TEST DATA for the extension test: 2023's rates + 4 %, not a rundskriv"
        }
        """;

    private static CopayRateBook With2024() => CopayRates.Shipped.With(Assert.Single(CopayRateBook.Parse(Test2024, "test-2024.json")));

    [Fact]
    public void Shipped_HasNo2024_AndRefusesIt_NamingTheYear()
    {
        var e = Assert.Throws<DomainRuleException>(() => CopayCalculator.Compute(new CopayStay("institution", D(2024, 1, 1), D(2024, 1, 31))));
        Assert.Contains(e.Issues, i => i.Code == "vern.copay.rate-year" && i.Message.Contains("2024", StringComparison.Ordinal));
    }

    [Fact]
    public void AYearAddedAsData_IsUsed_ForItsMonths_AndTheShippedYearsAreUnchanged()
    {
        var book = With2024();
        Assert.Equal([2021, 2022, 2023, 2024], book.Tables.Select(t => t.Year));
        // December 2023 + January 2024: each month at its own year's nominal rate.
        var r = CopayCalculator.Compute(new CopayStay("institution", D(2023, 12, 1), D(2024, 1, 31)), book);
        Assert.Equal([175_000m, 182_000m], r.Lines.Select(l => l.MonthlyRate));
        Assert.Equal(357_000m, r.Total);
        Assert.Contains("TEST DATA", r.Lines[1].Source, StringComparison.Ordinal);
        // The special rules hold in the added year: the pre-2022 foster-home terms, the family rule, part months.
        Assert.Equal(39_624m, CopayCalculator.Compute(new CopayStay("emergency-foster-home", D(2024, 2, 1), D(2024, 2, 29), D(2021, 6, 1)), book).Total);
        Assert.Equal(113_880m, CopayCalculator.Compute(new CopayStay("parent-child-centre-residential", D(2024, 4, 1), D(2024, 4, 30), Parents: 2), book).Total);
        // The monthly invoice takes the same book.
        var invoice = Assert.Single(Invoicing.ForMonth([new BillableStay("4601", "henvisning:a", "mst", D(2024, 3, 1), D(2024, 3, 31))], new YearMonth(2024, 3), rates: book));
        Assert.Equal(16_120m, invoice.Total);
        // The shipped book is untouched.
        Assert.Null(CopayRates.For(2024));
    }

    [Theory]
    [InlineData("\"year\": 2024", "\"year\": 2023", "year")]                                      // a shipped year is not replaced
    [InlineData("\"mst\": 16120, ", "", "monthlyNok.mst")]                                          // every measure needs its rate
    [InlineData("\"fft\": 16120", "\"fft\": 0", "monthlyNok.fft")]                                  // a rate is positive
    [InlineData("TEST DATA for the extension test: 2023's rates + 4 %, not a rundskriv", "", "source")] // no rate without its source
    [InlineData("\"preReformFosterHomeMonthlyNok\": 39624", "\"preReformFosterHomeMonthlyNok\": null", "preReformFosterHomeMonthlyNok")]
    public void ABadTable_IsRefused_NamingTheField(string from, string to, string field)
    {
        var table = Assert.Single(CopayRateBook.Parse(Test2024.Replace(from, to, StringComparison.Ordinal), "bad.json"));
        var e = Assert.Throws<DomainRuleException>(() => CopayRates.Shipped.With(table));
        Assert.Contains(e.Issues, i => i.Path == field);
    }

    [Fact]
    public void ARatesFile_ThatIsNotJson_IsRefused_NamingTheFile()
    {
        var e = Assert.Throws<DomainRuleException>(() => CopayRateBook.Parse("year;2024", "satser.csv"));
        Assert.Contains(e.Issues, i => i.Message.Contains("satser.csv", StringComparison.Ordinal));
    }
}
