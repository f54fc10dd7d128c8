using Vern.Simulation;

namespace Vern.Simulation.Tests;

/// <summary>The 2022 reform's financing: co-payment rates from Menon (2023) table 5-2, the change in municipal cost for
/// the same base-year use, and the 50/50 split of the compensation between the cost key and the transitional scheme
/// (Menon 2023, footnote 49).</summary>
public class ReformFinancingTests
{
    private static readonly CoPaymentRates Rates = CoPaymentRates.Shipped;

    // Table 5-2, 2023 kroner per month.
    [Theory]
    [Trait("Rule", "Menon2023.Table5-2")]
    [InlineData(2021, "institution", 86_319)]
    [InlineData(2022, "institution", 178_840)]
    [InlineData(2023, "institution", 175_000)]
    [InlineData(2021, "centre-residential", 86_319)]
    [InlineData(2023, "centre-residential", 73_000)]
    [InlineData(2021, "centre-home-based", 31_205)]
    [InlineData(2023, "centre-home-based", 11_500)]
    [InlineData(2021, "emergency-specialised-foster", 40_634)]
    [InlineData(2023, "emergency-specialised-foster", 87_500)]
    [InlineData(2022, "mst", 15_780)]
    [InlineData(2023, "institution-unaccompanied", 87_500)]
    public void Shipped_HasTable52Rates(int year, string measure, double rate)
    {
        Assert.Equal(rate, Rates.Rates[year][measure]);
    }

    // Table 5-2's «-»: no rate for reinforcement of foster homes after 2021.
    [Fact]
    [Trait("Rule", "Menon2023.Table5-2")]
    public void Shipped_DashIsNoRate()
    {
        Assert.Null(Rates.Rates[2023]["foster-reinforcement"]);
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
        Assert.Equal(115, Math.Round((Rates.Rates[2023]["emergency-specialised-foster"]!.Value / Rates.Rates[2021]["emergency-specialised-foster"]!.Value - 1) * 100));
    }

    private const string Input = """
        {
          "baseYear": 2021,
          "afterYear": 2023,
          "municipalities": [
            { "number": "7001", "name": "Nordvik", "costKeyWeight": 1, "use": { "institution": 12 } },
            { "number": "7002", "name": "Sørvik", "costKeyWeight": 3, "use": { "emergency-specialised-foster": 24, "centre-residential": 2 } },
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

    [Fact]
    public void Read_UseOfAMeasureWithoutRate_IsRefused()
    {
        var text = Input.Replace("\"institution\": 12", "\"foster-reinforcement\": 12", StringComparison.Ordinal);
        var error = Assert.Single(Assert.Throws<ScenarioException>(() => ReformFinancing.Read(text, "f.json", Rates)).Errors);
        Assert.Equal("Financing.NoRate", error.Rule);
        Assert.Contains("2023", error.Message, StringComparison.Ordinal);
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
