using Vern.Domain.Finance;
using Vern.Domain.Validation;

namespace Vern.Finance.Tests;

public class CopayCalculatorTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Theory]
    [Trait("Rule", "Tabell 5-2: sats per måned (nominell)")]
    [InlineData("institution", 2023, 175_000)]
    [InlineData("institution", 2022, 170_000)]
    [InlineData("institution", 2021, 78_812)]
    [InlineData("mst", 2023, 15_500)]
    [InlineData("parent-child-centre-home", 2022, 11_000)]
    public void Compute_WholeMonth_IsTheMonthlyRate(string measure, int year, int expected)
    {
        var r = CopayCalculator.Compute(new CopayStay(measure, D(year, 2, 1), D(year, 2, DateTime.DaysInMonth(year, 2))));
        Assert.Equal(expected, r.Total);
        Assert.Single(r.Lines);
    }

    [Fact]
    [Trait("Rule", "Delmåned: sats × dager / dager i måneden (ikke verifisert mot rundskriv)")]
    public void Compute_PartMonths_ProRataByDays()
    {
        // 10–31 March 2023 (22 of 31 days) and 1–15 April (15 of 30): 175 000 × 22/31 + 175 000 × 15/30
        var r = CopayCalculator.Compute(new CopayStay("institution", D(2023, 3, 10), D(2023, 4, 15)));
        Assert.Equal(2, r.Lines.Count);
        Assert.Equal(124_193.55m, r.Lines[0].Amount);
        Assert.Equal(87_500m, r.Lines[1].Amount);
        Assert.Equal(211_693.55m, r.Total);
    }

    [Fact]
    public void Compute_SameDayStartAndEnd_OneDay()
    {
        var r = CopayCalculator.Compute(new CopayStay("mst", D(2023, 2, 28), D(2023, 2, 28)));
        Assert.Equal(1, r.Lines[0].Days);
        Assert.Equal(28, r.Lines[0].DaysInMonth);
        Assert.Equal(553.57m, r.Total); // 15 500 / 28
    }

    [Fact]
    public void Compute_AcrossAYearChange_UsesEachYearsRate()
    {
        // December 2022 at 170 000, January 2023 at 175 000
        var r = CopayCalculator.Compute(new CopayStay("institution", D(2022, 12, 1), D(2023, 1, 31)));
        Assert.Equal([170_000m, 175_000m], r.Lines.Select(l => l.MonthlyRate));
        Assert.Equal(345_000m, r.Total);
    }

    [Theory]
    [Trait("Rule", "Overgangsregel: beredskapshjem/spesialiserte fosterhjem plassert før 2022 (rundskriv 2022 note **, tabell 5-2 note ***)")]
    [InlineData("emergency-foster-home", 2022, 37_100)]
    [InlineData("specialised-foster-home", 2022, 37_100)]
    [InlineData("emergency-foster-home", 2023, 38_100)]
    [InlineData("specialised-foster-home", 2023, 38_100)]
    public void Compute_FosterHomePlacedBefore2022_KeepsTheOldTerms(string measure, int year, int expected)
    {
        var r = CopayCalculator.Compute(new CopayStay(measure, D(year, 5, 1), D(year, 5, 31), PlacedOn: D(2021, 12, 31)));
        Assert.Equal(expected, r.Total);
        Assert.Equal(CopayRateKind.PreReformPlacement, r.Lines[0].RateKind);
    }

    [Fact]
    [Trait("Rule", "Overgangsregel gjelder bare plasseringer før 1.1.2022")]
    public void Compute_FosterHomePlacedOn1January2022_PaysTheNewRate()
    {
        var r = CopayCalculator.Compute(new CopayStay("specialised-foster-home", D(2023, 5, 1), D(2023, 5, 31), PlacedOn: D(2022, 1, 1)));
        Assert.Equal(87_500m, r.Total);
    }

    [Fact]
    [Trait("Rule", "Overgangsregel gjelder ikke institusjon (KS: «dette gjelder ikke for institusjonsopphold»)")]
    public void Compute_InstitutionPlacedBefore2022_PaysTheNewRate()
    {
        var r = CopayCalculator.Compute(new CopayStay("institution", D(2022, 5, 1), D(2022, 5, 31), PlacedOn: D(2020, 1, 1)));
        Assert.Equal(170_000m, r.Total);
    }

    [Fact]
    [Trait("Rule", "Tabell 5-2 note *: ordinær egenandel for bosatte enslige mindreårige")]
    public void Compute_UnaccompaniedMinorSettledMidMonth_ReducedRateEndsOnSettlement()
    {
        // June 2023 (30 days): 1–14 at 87 500 (14 days), from 15 June at 175 000 (16 days); July at 175 000
        var r = CopayCalculator.Compute(new CopayStay("institution-uam", D(2023, 6, 1), D(2023, 7, 31), SettledOn: D(2023, 6, 15)));
        Assert.Equal(3, r.Lines.Count);
        Assert.Equal((CopayRateKind.Ordinary, 14, 40_833.33m), (r.Lines[0].RateKind, r.Lines[0].Days, r.Lines[0].Amount));
        Assert.Equal((CopayRateKind.SettledMinor, 16, 93_333.33m), (r.Lines[1].RateKind, r.Lines[1].Days, r.Lines[1].Amount));
        Assert.Equal((CopayRateKind.SettledMinor, 175_000m), (r.Lines[2].RateKind, r.Lines[2].Amount));
        Assert.Equal(309_166.66m, r.Total);
    }

    [Fact]
    public void Compute_UnaccompaniedMinorSettledBeforeTheStay_OrdinaryRateThroughout()
    {
        var r = CopayCalculator.Compute(new CopayStay("institution-uam", D(2023, 6, 1), D(2023, 6, 30), SettledOn: D(2023, 1, 1)));
        Assert.Equal(175_000m, r.Total);
    }

    [Fact]
    public void Compute_UnaccompaniedMinorNotSettled_ReducedRate()
    {
        var r = CopayCalculator.Compute(new CopayStay("institution-uam", D(2023, 6, 1), D(2023, 6, 30)));
        Assert.Equal(87_500m, r.Total);
    }

    [Fact]
    public void Compute_StayEndsBeforeItStarts_RefusedNamingTo()
    {
        var e = Assert.Throws<DomainRuleException>(() => CopayCalculator.Compute(new CopayStay("mst", D(2023, 5, 2), D(2023, 5, 1))));
        var issue = Assert.Single(e.Issues);
        Assert.Equal("to", issue.Path);
        Assert.StartsWith("to:", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_YearWithoutRateTable_RefusedNamingTheYear()
    {
        var e = Assert.Throws<DomainRuleException>(() => CopayCalculator.Compute(new CopayStay("mst", D(2023, 12, 1), D(2024, 1, 31))));
        var issue = Assert.Single(e.Issues);
        Assert.Equal("to", issue.Path);
        Assert.Contains("2024", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_UnknownMeasure_RefusedNamingMeasure()
    {
        var e = Assert.Throws<DomainRuleException>(() => CopayCalculator.Compute(new CopayStay("fosterhjem", D(2023, 5, 1), D(2023, 5, 31))));
        Assert.Equal("measure", Assert.Single(e.Issues).Path);
    }

    [Fact]
    public void Compute_SettledOnForAnotherMeasure_Refused()
    {
        var e = Assert.Throws<DomainRuleException>(() => CopayCalculator.Compute(new CopayStay("institution", D(2023, 5, 1), D(2023, 5, 31), SettledOn: D(2023, 5, 3))));
        Assert.Equal("settled-on", Assert.Single(e.Issues).Path);
    }
}

/// <summary>The family-size rule for residential stays in centres for parents and children, as `000_…` 4.1.4 states it (per
/// 2016, citing forskrift om egenbetaling § 4): one parent and one child pay one rate, two parents and one child one and a half
/// rates, each further child half a rate. Not verified against the forskrift's text after the 2022 reform.</summary>
public class ParentChildCentreFamilyTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Theory]
    [Trait("Rule", "000_… 4.1.4: én sats, en og en halv sats, halv sats per øvrige barn")]
    [InlineData(1, 1, 73_000)]        // one parent, one child: one rate (table 5-2, 2023: 73 000)
    [InlineData(2, 1, 109_500)]       // two parents, one child: 1.5 rates
    [InlineData(1, 2, 109_500)]       // one parent, two children: 1 + ½
    [InlineData(2, 3, 182_500)]       // two parents, three children: 1.5 + ½ + ½ = 2.5 rates
    public void Residential_WholeMonth_PaysTheFamilysRates(int parents, int children, int expected)
    {
        var r = CopayCalculator.Compute(new CopayStay("parent-child-centre-residential", D(2023, 2, 1), D(2023, 2, 28), Parents: parents, Children: children));
        Assert.Equal(expected, r.Total);
        Assert.Equal(73_000m, r.Lines[0].MonthlyRate);
        Assert.Equal(expected / 73_000m, r.Lines[0].FamilyFactor);
        if (parents * children > 1)
            Assert.Contains("4.1.4", r.Lines[0].Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Residential_PartMonth_ProRataOnTheFamilysRates()
    {
        // 1–14 April 2023, two parents and one child: 73 000 × 1.5 × 14/30 = 51 100
        var r = CopayCalculator.Compute(new CopayStay("parent-child-centre-residential", D(2023, 4, 1), D(2023, 4, 14), Parents: 2));
        Assert.Equal(51_100m, r.Total);
    }

    [Fact]
    [Trait("Rule", "Rundskriv 2022 (regjeringen.no id2902438): «for senter for foreldre og barn gjelder følgende» – both centre rates")]
    public void HomeBased_TwoParents_PayOneAndAHalfRates()
    {
        // Hjemmebasert 2023: 11 500 kr per month; two parents and one child: 1.5 rates = 17 250.
        var r = CopayCalculator.Compute(new CopayStay("parent-child-centre-home", D(2023, 2, 1), D(2023, 2, 28), Parents: 2));
        Assert.Equal(17_250m, r.Total);
        Assert.Equal(1.5m, r.Lines[0].FamilyFactor);
    }

    [Theory]
    [InlineData("mst", 2, 1, "parents")]
    [InlineData("institution", 1, 2, "parents")]
    [InlineData("parent-child-centre-residential", 3, 1, "parents")]
    [InlineData("parent-child-centre-residential", 1, 0, "children")]
    public void FamilySize_WhereTheRuleDoesNotApply_IsRefusedNamingTheField(string measure, int parents, int children, string field)
    {
        var e = Assert.Throws<DomainRuleException>(() => CopayCalculator.Compute(new CopayStay(measure, D(2023, 2, 1), D(2023, 2, 28), Parents: parents, Children: children)));
        Assert.Contains(e.Issues, i => i.Path == field);
    }
}
