using Vern.Simulation;

namespace Vern.Simulation.Tests;

/// <summary>The shipped scenario <c>vista2016</c> reproduces Vista Analyse (2016) «Klokere vern av de aller minste»
/// (seed 000): tables 6.1 and 6.3 exactly, tables 6.4 and 6.5 within the report's own rounding.</summary>
/// <remarks>The extracted report text prints page numbers only on pp. 14, 38 and 67; by interpolation tables 6.1–6.3
/// are on about pp. 51–53 and tables 6.4–6.5 on about pp. 55–56. Sections are cited exactly.</remarks>
public class SimulationEngineTests
{
    private static readonly SimulationResult Vista = SimulationEngine.Run(ScenarioReader.Builtin("vista2016"));

    private static AlternativeResult Alt(string id) => Vista.Alternatives.Single(a => a.Id == id);

    private static ChainRow Row(string chain, string step) =>
        (Vista.Alternatives.SingleOrDefault(a => a.Id == chain)?.Chain ?? Vista.Variants.Single(v => v.Id == chain).Chain).Single(r => r.Step == step);

    private static ChainPhase Phase(ChainRow row, string phase) => row.Phases.Single(p => p.Phase == phase);

    // Table 6.1 «Kostnad per tiltak» and «Kostnad per formål»: days × day price, use × cost per measure.
    [Fact]
    [Trait("Rule", "Vista2016.Table6.1")]
    public void Run_Vista2016_ReproducesTable61CostsExactly()
    {
        var today = Row("today", "today");
        Assert.Equal(379_500, Phase(today, "assessment").ResidentialUnitCost, 6);
        Assert.Equal(759_000, Phase(today, "guidance").ResidentialUnitCost, 6);
        Assert.Equal(210_000, Phase(today, "assessment").HomeBasedUnitCost, 6);
        Assert.Equal(336_000, Phase(today, "guidance").HomeBasedUnitCost, 6);
        Assert.Equal(93_736_500, Phase(today, "assessment").Cost, 6);
        Assert.Equal(93_357_000, Phase(today, "guidance").Cost, 6);
        // «Effektivisering, pris per tiltak, døgnopphold» 270 000 / 540 000.
        var efficient = Row("efficiency-alt3", "efficiency");
        Assert.Equal(270_000, Phase(efficient, "assessment").ResidentialUnitCost, 6);
        Assert.Equal(540_000, Phase(efficient, "guidance").ResidentialUnitCost, 6);
    }

    // Table 6.3 and § 6.2.2: demand 370 / 450 (333 + 117) / 550; § 6.2.3: capacity 370, gaps 0 / 80 / 180.
    [Theory]
    [Trait("Rule", "Vista2016.Table6.3")]
    [InlineData("today", 370, 130, 500, 130)]
    [InlineData("alt1", 370, 0, 370, 0)]
    [InlineData("alt2", 333, 117, 450, 80)]
    [InlineData("alt3", 407, 143, 550, 180)]
    public void Run_Vista2016_ReproducesTable63Demand(string alternative, double assessment, double guidance, double total, double gap)
    {
        var a = Alt(alternative);
        Assert.Equal(assessment, a.Demand.Single(d => d.Phase == "assessment").Demand, 9);
        Assert.Equal(guidance, a.Demand.Single(d => d.Phase == "guidance").Demand, 9);
        Assert.Equal(total, a.Outcome.Demand, 9);
        Assert.Equal(370, a.Outcome.Capacity, 9);
        Assert.Equal(gap, a.Outcome.CapacityGap, 9);
    }

    // § 6.2.2: in alternative 1 full municipal financing of guidance ends the demand for it (price choke),
    // and the −10 % from less predictability is fully offset by the duty to assist.
    [Fact]
    [Trait("Rule", "Vista2016.6.2.2")]
    public void Run_Alternative1_GuidanceIsChokedAndAssessmentEffectsCancel()
    {
        var a = Alt("alt1");
        Assert.True(a.Demand.Single(d => d.Phase == "guidance").Choked);
        Assert.Equal(0, a.Demand.Single(d => d.Phase == "assessment").Effect, 9);
        // Table 6.1 «Andelen hjemmebasert»: 10 % of assessment home-based.
        Assert.Equal(37, a.Demand.Single(d => d.Phase == "assessment").HomeBased, 9);
    }

    // Table 6.4, printed in million kroner with one decimal. The report multiplies unrounded counts in some cells and
    // rounded counts in others (docs/simulation.md lists each); Vern never rounds, so each printed figure is matched
    // within 0.3 million, except the one cell where the report's own rounding moves it by 0.36 (tolerance given).
    [Theory]
    [Trait("Rule", "Vista2016.Table6.4")]
    [InlineData("today", "today", 93.7, 93.4, 187.1, 0.0, 0.05)]
    [InlineData("alt3", "high-uncertainty", 93.7, 93.4, 187.1, 0.0, 0.05)]
    [InlineData("alt3", "age-0-6", 89.0, 88.7, 177.7, -9.4, 0.05)]
    [InlineData("alt2", "real-assessment", 89.2, 79.8, 169.0, -18.1, 0.3)]
    [InlineData("alt1", "assessment-only", 85.3, double.NaN, 85.3, -101.8, 0.3)]
    [InlineData("efficiency-alt3", "efficiency", 63.4, 63.1, 126.5, -60.6, 0.05)]
    [InlineData("age-0-3", "age-0-3", 70.3, 70.0, 140.3, -46.8, 0.05)]
    public void Run_Vista2016_ReproducesTable64Costs(string chain, string step, double assessment, double guidance, double total, double change, double tolerance)
    {
        var row = Row(chain, step);
        Assert.InRange(Phase(row, "assessment").Cost / 1e6, assessment - tolerance, assessment + tolerance);
        if (!double.IsNaN(guidance))
            Assert.InRange(Phase(row, "guidance").Cost / 1e6, guidance - tolerance, guidance + tolerance);
        Assert.InRange(row.Cost / 1e6, total - tolerance, total + tolerance);
        Assert.InRange(row.Change / 1e6, change - tolerance, change + tolerance);
    }

    // Table 6.4 «Fleksibel utredning og veiledning»: døgn 80.5 / 8.0, hjemme 4.8 / 31.8, total 125.1, change −62.0.
    // The report's 80.5 is 212 × 379 500 (the rounded 235 × 0.9 = 211.5 → 212), where unrounded 234.65 × 0.9 × 379 500
    // = 80.1; the row total differs by 0.24 as a result.
    [Fact]
    [Trait("Rule", "Vista2016.Table6.4")]
    public void Run_Vista2016_FlexibleRowWithinTheReportsRounding()
    {
        var row = Row("alt2", "flexible");
        var a = Phase(row, "assessment");
        var g = Phase(row, "guidance");
        Assert.InRange(a.Residential * a.ResidentialUnitCost / 1e6, 80.5 - 0.36, 80.5 + 0.36);
        Assert.InRange(a.HomeBased * a.HomeBasedUnitCost / 1e6, 4.8 - 0.3, 4.8 + 0.3);
        Assert.InRange(g.Residential * g.ResidentialUnitCost / 1e6, 8.0 - 0.05, 8.0 + 0.05);
        Assert.InRange(g.HomeBased * g.HomeBasedUnitCost / 1e6, 31.8 - 0.05, 31.8 + 0.05);
        Assert.InRange(row.Cost / 1e6, 125.1 - 0.3, 125.1 + 0.3);
        Assert.InRange(row.Change / 1e6, -62.0 - 0.3, -62.0 + 0.3);
        // Counts: 212 + 23 and 11 + 95 (whole measures, ±1 for the same rounding).
        Assert.InRange(a.Residential, 211, 213);
        Assert.InRange(a.HomeBased, 22, 24);
        Assert.InRange(g.Residential, 10, 12);
        Assert.InRange(g.HomeBased, 94, 96);
    }

    // Table 6.4 «Bruk, antall tiltak»: whole measures as printed.
    [Theory]
    [Trait("Rule", "Vista2016.Table6.4")]
    [InlineData("alt3", "age-0-6", 235, 117)]
    [InlineData("alt2", "real-assessment", 235, 105)]
    [InlineData("age-0-3", "age-0-3", 185, 92)]
    public void Run_Vista2016_ReproducesTable64Counts(string chain, string step, int assessment, int guidance)
    {
        var row = Row(chain, step);
        Assert.Equal(assessment, (int)Math.Round(Phase(row, "assessment").Count));
        Assert.Equal(guidance, (int)Math.Round(Phase(row, "guidance").Count));
    }

    // Table 6.5: new measures = saving / cost per place. The report divides its rounded savings (e.g. 62.0), Vern the
    // unrounded ones (62.24), so each count is matched within the 0.3 million tolerance expressed in measures, plus ½.
    [Theory]
    [Trait("Rule", "Vista2016.Table6.5")]
    [InlineData("alt1", "assessment-only", 268, 485)]
    [InlineData("alt2", "flexible", 163, 295)]
    [InlineData("alt3", "age-0-6", 25, double.NaN)]
    [InlineData("alt2", "real-assessment", 48, double.NaN)]
    [InlineData("efficiency-alt3", "efficiency", 225, double.NaN)]
    [InlineData("age-0-3", "age-0-3", 123, double.NaN)]
    public void Run_Vista2016_ReproducesTable65FreedMeasures(string chain, string step, double residential, double homeBased)
    {
        var row = Row(chain, step);
        var unit = Phase(row, "assessment");
        var resTolerance = 0.3e6 / unit.ResidentialUnitCost + 0.5;
        Assert.InRange(row.FreedResidential, residential - resTolerance, residential + resTolerance);
        if (!double.IsNaN(homeBased))
        {
            var homeTolerance = 0.3e6 / unit.HomeBasedUnitCost + 0.5;
            Assert.InRange(row.FreedHomeBased, homeBased - homeTolerance, homeBased + homeTolerance);
        }
    }

    // § 6.3.3: the alternatives' savings are the chains' last rows (101.8 / 62.0 / 9.4).
    [Theory]
    [Trait("Rule", "Vista2016.6.3.3")]
    [InlineData("alt1", 101.8)]
    [InlineData("alt2", 62.0)]
    [InlineData("alt3", 9.4)]
    [InlineData("today", 0.0)]
    public void Run_Vista2016_AlternativeSavingsMatchSection633(string alternative, double savings)
    {
        Assert.InRange(Alt(alternative).Outcome.Savings / 1e6, savings - 0.3, savings + 0.3);
    }

    // § 6.3.3 says alternative 3 needs 74 mill. «(195 tiltak*379 500 kroner)». Its own figures give 180 − 25 = 155
    // measures (155.35 unrounded) and 155.35 × 379 500 = 58.96 mill.: the report's 195 does not follow (docs/simulation.md).
    [Fact]
    [Trait("Rule", "Vista2016.6.3.3")]
    public void Run_Alternative3_ExtraFundingFollowsTheGapNotTheReports195()
    {
        var o = Alt("alt3").Outcome;
        Assert.Equal(155.35, o.RemainingGap, 9);
        Assert.Equal(58_955_325, o.ExtraFunding, 3);
    }

    // Without a duty to assist the state serves at most capacity plus freed measures; with it, all demand (§ 7.2.4).
    [Fact]
    [Trait("Rule", "Vista2016.7.2.4")]
    public void Run_ServedVolume_FollowsTheDutyToAssist()
    {
        Assert.Equal(370, Alt("today").Outcome.Served, 9);
        Assert.Equal(450, Alt("alt2").Outcome.Served, 9);
        Assert.Equal(550, Alt("alt3").Outcome.Served, 9);
        Assert.Equal(0, Alt("alt2").Outcome.ExtraFunding);
    }

    // Co-payment 66 900 kr a month (§ 4.1.4) for 50 days of assessment: 66 900 × 50 / (365/12) = 109 972.60 kr.
    // Today serves 370 of 500 demanded, in the demand's mix (370 : 130).
    [Fact]
    [Trait("Rule", "Vista2016.4.1.4")]
    public void Run_Today_MunicipalCostIsTheCoPaymentOfTheServedMeasures()
    {
        var o = Alt("today").Outcome;
        var served = 370.0 / 500;
        var expected = served * (370 * 66_900 * 50 / (365.0 / 12) + 130 * 66_900 * 100 / (365.0 / 12));
        Assert.Equal(expected, o.MunicipalCost, 3);
        Assert.Equal(51_269_227.40, o.MunicipalCost, 1);
        Assert.Equal(o.GrossCost - o.MunicipalCost, o.StateCost, 6);
    }
}
