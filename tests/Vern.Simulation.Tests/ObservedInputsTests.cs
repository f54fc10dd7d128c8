namespace Vern.Simulation.Tests;

/// <summary>Issue 20: inputs from a case register (actual use, durations, waiting time) in place of the scenario's
/// assumptions, as plain numbers.</summary>
public class ObservedInputsTests
{
    private static readonly Scenario Vista = ScenarioReader.Builtin("vista2016");

    // Vista 2016 table 6.4 «I dag»: 247 assessments of 50 days and 123 guidance stays of 100 days, i.e. 370 measures of
    // 66.6 days on average; table 6.3 «I dag»: need 500; § 6.2.3: capacity 370, gap 130.
    private static readonly double VistaMeanDays = (247 * 50.0 + 123 * 100.0) / 370;

    [Fact]
    [Trait("Rule", "Issue 20: inputs from Vern's own data; Vista2016.Table6.3, Table6.4")]
    public void Apply_TwiceTheUseAndTwiceTheDuration_ScalesDemandCapacityAndUnitCost()
    {
        var (scenario, notes) = ObservedInputs.Apply(Vista, new ObservedUse("test", 2025, 740, 2 * VistaMeanDays, 30, 12.5));
        var result = SimulationEngine.Run(scenario);
        var today = result.Alternatives.Single(a => a.Id == "today");
        Assert.Equal(1000, today.Outcome.Demand, 6);                 // need 500 × 2
        Assert.Equal(260, today.Outcome.CapacityGap, 6);             // (500 − 370) × 2
        var first = today.Chain[0].Phases;
        Assert.Equal(100 * 7590, first.Single(p => p.Phase == "assessment").ResidentialUnitCost, 6);   // 50 days × 2 × 7 590 kr
        Assert.Equal(200 * 7590, first.Single(p => p.Phase == "guidance").ResidentialUnitCost, 6);
        Assert.Equal(740, first.Sum(p => p.Residential + p.HomeBased), 6);                             // today's use = the observed
        Assert.Contains(notes, n => n.Contains("12.5 dager", StringComparison.Ordinal) && n.Contains("ingen ventetid", StringComparison.Ordinal));
        Assert.Contains("test", scenario.Sources[^1], StringComparison.Ordinal);
        // The original is untouched (the builtin is shared).
        Assert.Equal(500, SimulationEngine.Run(Vista).Alternatives.Single(a => a.Id == "today").Outcome.Demand, 6);
    }

    [Fact]
    [Trait("Rule", "Issue 20: ranges keep their band when scaled (Monte Carlo)")]
    public void Apply_MonteCarlo_DrawsFromTheScaledRanges()
    {
        var (scenario, _) = ObservedInputs.Apply(Vista, new ObservedUse("test", 2025, 37, null, 0, null));   // a tenth of today's use
        var mc = MonteCarlo.Run(scenario, 4096, 7);
        var demand = mc.Alternatives.Single(a => a.Id == "today").Metrics["demand"];
        var full = MonteCarlo.Run(Vista, 4096, 7).Alternatives.Single(a => a.Id == "today").Metrics["demand"];
        Assert.Equal(full.P50 / 10, demand.P50, 6);
        Assert.Equal(full.P5 / 10, demand.P5, 6);
        Assert.True(demand.P95 > demand.P5);
    }

    [Fact]
    public void Apply_NoMeasuresInTheYear_IsRefusedNamingTheField()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ObservedInputs.Apply(Vista, new ObservedUse("db", 2025, 0, null, 0, null)));
        Assert.Contains("MeasuresPerYear", error.Message, StringComparison.Ordinal);
    }
}
