using Vern.Simulation;

namespace Vern.Simulation.Tests;

/// <summary>The 2022 reform's financing: co-payment rates from Menon (2023) table 5-2, the change in municipal cost for
/// the same base-year use, and the 50/50 split of the compensation between the cost key and the transitional scheme
/// (Menon 2023, footnote 49).</summary>
public class ReformFinancingTests
{
    private static readonly CoPaymentRates Rates = CoPaymentRates.Shipped;

    // Table 5-2 «Utvikling i egenandeler … prisjustert til 2023-kroner», every cell of the eight rates Vern bills, from the
    // Domain's nominal tables through the municipal deflator (the simulation keeps no copy of the rates). The row
    // «Beredskapshjem og spesialiserte fosterhjem» is two measure codes with one rate.
    [Theory]
    [Trait("Rule", "Menon2023.Table5-2")]
    [InlineData("institution", 86_319, 178_840, 175_000)]
    [InlineData("institution-uam", 43_216, 89_420, 87_500)]
    [InlineData("parent-child-centre-residential", 86_319, 74_692, 73_000)]
    [InlineData("parent-child-centre-home", 31_205, 11_572, 11_500)]
    [InlineData("emergency-foster-home", 40_634, 89_420, 87_500)]
    [InlineData("specialised-foster-home", 40_634, 89_420, 87_500)]
    [InlineData("mst", 20_317, 15_780, 15_500)]
    [InlineData("fft", 20_317, 15_780, 15_500)]
    public void Shipped_ReproducesTable52FromTheDomainTables(string measure, double in2021, double in2022, double in2023)
    {
        Assert.Equal(in2021, Rates.Rates[2021][measure]);
        Assert.Equal(in2022, Rates.Rates[2022][measure]);
        Assert.Equal(in2023, Rates.Rates[2023][measure]);
        Assert.Equal(2023, Rates.KronerOf);
    }

    // The rates come from Vern.Domain.Finance (one table per year, each with its source), not from a copy in the simulation:
    // in the year's own kroner they are the Domain's nominal rates.
    [Fact]
    [Trait("Rule", "Menon2023.Table5-2")]
    public void FromDomain_InTheYearsOwnKroner_IsTheNominalTable()
    {
        var nominal2022 = CoPaymentRates.FromDomain(2022);
        foreach (var (code, rate) in Vern.Domain.Finance.CopayRates.For(2022)!.MonthlyNok)
            Assert.Equal((double)rate, nominal2022.Rates[2022][code]);
        Assert.Null(typeof(CoPaymentRates).Assembly.GetManifestResourceInfo("Vern.Simulation.Rates.copayment-rates.json"));
        Assert.Contains("Vern.Domain.Finance.CopayRates", Rates.Source, StringComparison.Ordinal);
    }

    // Footnote 49: every municipality but Oslo, half by the cost key and half by the transitional scheme.
    [Fact]
    [Trait("Rule", "Menon2023.Footnote49")]
    public void Shipped_SplitAndOslo()
    {
        Assert.Equal(["0301"], Rates.ExcludedFromBlockGrant);
        Assert.Equal(0.5, Rates.CostKeyShare);
        Assert.Equal(0.5, Rates.TransitionalShare);
    }

    // Menon § 5.5: institution and specialised foster home co-payments rose by 103 and 115 % from 2021 to 2023.
    [Fact]
    [Trait("Rule", "Menon2023.5.5")]
    public void Shipped_IncreasesMatchTheReportsPercentages()
    {
        Assert.Equal(103, Math.Round((Rates.Rates[2023]["institution"]!.Value / Rates.Rates[2021]["institution"]!.Value - 1) * 100));
        Assert.Equal(115, Math.Round((Rates.Rates[2023]["specialised-foster-home"]!.Value / Rates.Rates[2021]["specialised-foster-home"]!.Value - 1) * 100));
    }

    private const string Input = """
        {
          "baseYear": 2021,
          "afterYear": 2023,
          "municipalities": [
            { "number": "7001", "name": "Nordvik", "costKeyWeight": 1, "use": { "institution": 12 } },
            { "number": "7002", "name": "Sørvik", "costKeyWeight": 3, "use": { "specialised-foster-home": 24, "parent-child-centre-residential": 2 } },
            { "number": "0301", "name": "Oslo", "costKeyWeight": 10, "use": { "institution": 100 } }
          ]
        }
        """;

    // By hand: Nordvik 12 × (175 000 − 86 319) = 1 064 172. Sørvik 24 × (87 500 − 40 634) + 2 × (73 000 − 86 319)
    // = 1 124 784 − 26 638 = 1 098 146. Oslo is outside the grant. Pool = 2 162 318. Cost key (½ × pool by weight 1 : 3):
    // 270 289.75 and 810 869.25. Transitional (½ × pool by own change): 532 086 and 549 073.
    [Fact]
    [Trait("Rule", "Menon2023.Footnote49")]
    public void Compute_SplitsThePoolHalfByCostKeyHalfByOwnChange()
    {
        var result = ReformFinancing.Compute(ReformFinancing.Read(Input, "f.json", Rates), Rates);
        Assert.Equal(2_162_318, result.Pool, 6);
        var nordvik = result.Municipalities.Single(m => m.Number == "7001");
        var sorvik = result.Municipalities.Single(m => m.Number == "7002");
        var oslo = result.Municipalities.Single(m => m.Number == "0301");
        Assert.Equal(1_064_172, nordvik.Change, 6);
        Assert.Equal(1_098_146, sorvik.Change, 6);
        Assert.Equal(270_289.75, nordvik.CostKeyCompensation, 6);
        Assert.Equal(810_869.25, sorvik.CostKeyCompensation, 6);
        Assert.Equal(532_086, nordvik.TransitionalCompensation, 6);
        Assert.Equal(549_073, sorvik.TransitionalCompensation, 6);
        Assert.Equal(802_375.75 - 1_064_172, nordvik.Net, 6);
        Assert.False(oslo.InBlockGrant);
        Assert.Equal(0, oslo.Compensation);
        Assert.Equal(8_868_100, oslo.Change, 6);
    }

    [Fact]
    public void Compute_GivenPool_IsSplitTheSameWay()
    {
        var input = ReformFinancing.Read(Input.Replace("\"afterYear\": 2023,", "\"afterYear\": 2023, \"pool\": 4000000,", StringComparison.Ordinal), "f.json", Rates);
        var result = ReformFinancing.Compute(input, Rates);
        Assert.Equal(4_000_000, result.Municipalities.Sum(m => m.Compensation), 6);
        Assert.Equal(500_000, result.Municipalities.Single(m => m.Number == "7001").CostKeyCompensation, 6);
    }

    [Fact]
    public void Read_UnknownMeasureAndBadNumber_NameLineAndField()
    {
        var text = Input.Replace("\"institution\": 12", "\"institutions\": 12", StringComparison.Ordinal).Replace("\"7002\"", "\"72\"", StringComparison.Ordinal);
        var errors = Assert.Throws<ScenarioException>(() => ReformFinancing.Read(text, "f.json", Rates)).Errors;
        Assert.Contains(errors, e => e.Path == "municipalities[0].use.institutions" && e.Rule == "Financing.Measure" && e.Line == 5);
        Assert.Contains(errors, e => e.Path == "municipalities[1].number" && e.Rule == "Financing.MunicipalityNumber" && e.Line == 6);
    }

    // Table 5-2's other rows are not co-payments for state measures Vern bills: the refund for reinforcing municipal foster
    // homes (note **, 2021 only) and PMTO and Webster-Stratton (0 kr). They are refused by name, listing the known codes.
    [Theory]
    [InlineData("foster-reinforcement")]
    [InlineData("pmto")]
    [InlineData("webster-stratton")]
    public void Read_RowsOfTable52VernDoesNotBill_AreRefusedNamingTheField(string code)
    {
        var text = Input.Replace("\"institution\": 12", $"\"{code}\": 12", StringComparison.Ordinal);
        var error = Assert.Single(Assert.Throws<ScenarioException>(() => ReformFinancing.Read(text, "f.json", Rates)).Errors);
        Assert.Equal("Financing.Measure", error.Rule);
        Assert.Equal($"municipalities[0].use.{code}", error.Path);
        Assert.Contains("institution-uam", error.Message, StringComparison.Ordinal);
    }

    // Vern's own data of a later year priced at the rates before and after: the use year is kept beside the rate years.
    [Fact]
    public void Read_UseYear_IsCarriedToTheResult()
    {
        var input = ReformFinancing.Read(Input.Replace("\"afterYear\": 2023,", "\"afterYear\": 2023, \"useYear\": 2025,", StringComparison.Ordinal), "f.json", Rates);
        var result = ReformFinancing.Compute(input, Rates);
        Assert.Equal(2025, result.UseYear);
        Assert.Equal(2021, result.BaseYear);
        Assert.Equal(1_064_172, result.Municipalities.Single(m => m.Number == "7001").Change, 6);
    }

    [Fact]
    public void Read_YearWithoutRates_IsRefused()
    {
        var error = Assert.Single(Assert.Throws<ScenarioException>(() =>
            ReformFinancing.Read(Input.Replace("\"baseYear\": 2021", "\"baseYear\": 2019", StringComparison.Ordinal), "f.json", Rates)).Errors);
        Assert.Equal("baseYear", error.Path);
        Assert.Equal("Financing.Year", error.Rule);
        Assert.Equal(2, error.Line);
    }
}
