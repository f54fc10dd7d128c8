using Vern.Simulation;

namespace Vern.Simulation.Tests;

/// <summary>Monte Carlo runs: reproducible by seed, independent of the number of cores, and centred where the ranges are.</summary>
public class MonteCarloTests
{
    private static readonly Scenario Vista = ScenarioReader.Builtin("vista2016");

    [Fact]
    public void Run_SameSeed_GivesTheSameResult()
    {
        var a = MonteCarlo.Run(Vista, 10_000, seed: 7);
        var b = MonteCarlo.Run(Vista, 10_000, seed: 7);
        foreach (var (x, y) in a.Alternatives.Zip(b.Alternatives))
            Assert.Equal(x.Metrics["stateCost"], y.Metrics["stateCost"]);
    }

    [Fact]
    public void Run_OtherSeed_GivesOtherDraws()
    {
        var a = MonteCarlo.Run(Vista, 10_000, seed: 7);
        var b = MonteCarlo.Run(Vista, 10_000, seed: 8);
        Assert.NotEqual(a.Alternatives[3].Metrics["demand"].P50, b.Alternatives[3].Metrics["demand"].P50);
    }

    [Fact]
    public void Run_ReportsProgressUpToAllDraws()
    {
        var seen = new List<int>();
        MonteCarlo.Run(Vista, 10_000, seed: 1, new SynchronousProgress(seen.Add));
        Assert.Equal(10_000, seen.Max());
        Assert.Equal(3, seen.Count); // 4 096 + 4 096 + 1 808
    }

    // Need for assessment is triangular(330, 370, 410) and guidance (110, 130, 150): «today» has no other effect, so its
    // demand is their sum, symmetric around 500 with the sum's 5th/95th percentiles about ±30 (each triangle's sd is 16.3).
    [Fact]
    public void Run_Vista2016_TodaysDemandIsCentredOn500()
    {
        var p = MonteCarlo.Run(Vista, 50_000, seed: 3).Alternatives.Single(a => a.Id == "today").Metrics["demand"];
        Assert.InRange(p.Mean, 498, 502);
        Assert.InRange(p.P50, 498, 502);
        Assert.InRange(p.P5, 465, 475);
        Assert.InRange(p.P95, 525, 535);
    }

    // A range whose mode is the report's value does not move the deterministic run: only Monte Carlo sees it.
    [Fact]
    public void Run_DeterministicRun_UsesTheModes()
    {
        var o = SimulationEngine.Run(Vista).Alternatives.Single(a => a.Id == "alt3").Outcome;
        Assert.Equal(550, o.Demand, 9);
    }

    [Theory]
    [InlineData(0.0, 10.0)]
    [InlineData(0.5, 25.0)]
    [InlineData(1.0, 40.0)]
    [InlineData(0.25, 17.5)]
    public void Percentile_InterpolatesBetweenRanks(double p, double expected)
    {
        Assert.Equal(expected, MonteCarlo.Percentile([10, 20, 30, 40], p), 9);
    }

    // Triangular(0, 1, 3): P(X ≤ 1) = 1/3, so u = 1/3 draws the mode; u = 0 the low end; uniform(2, 4) at u = 0.25 is 2.5.
    [Fact]
    public void Draw_InverseTransform_HitsKnownPoints()
    {
        var t = Quantity.Triangular(0, 1, 3);
        Assert.Equal(0, t.Draw(0), 12);
        Assert.Equal(1, t.Draw(1.0 / 3), 12);
        Assert.Equal(2.5, Quantity.Uniform(2, 4).Draw(0.25), 12);
        Assert.Equal(7, Quantity.Point(7).Draw(0.9), 12);
    }

    [Fact]
    public void Run_ZeroDraws_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MonteCarlo.Run(Vista, 0, 1));
    }

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        private readonly Lock _gate = new();

        public void Report(int value)
        {
            lock (_gate)
                report(value);
        }
    }
}

/// <summary>Percentiles by selection agree with percentiles of the sorted values.</summary>
public class MonteCarloSummariseTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(101)]
    [InlineData(10_000)]
    public void Summarise_MatchesSortedPercentiles(int count)
    {
        var random = new Random(count);
        // Many ties, as in metrics that are often zero (remaining gap, extra funding).
        var values = Enumerable.Range(0, count).Select(_ => random.NextDouble() < 0.3 ? 0 : Math.Round(random.NextDouble() * 100, 1)).ToArray();
        var sorted = values.Order().ToArray();
        var p = MonteCarlo.Summarise(values);
        Assert.Equal(MonteCarlo.Percentile(sorted, 0.05), p.P5, 12);
        Assert.Equal(MonteCarlo.Percentile(sorted, 0.25), p.P25, 12);
        Assert.Equal(MonteCarlo.Percentile(sorted, 0.50), p.P50, 12);
        Assert.Equal(MonteCarlo.Percentile(sorted, 0.75), p.P75, 12);
        Assert.Equal(MonteCarlo.Percentile(sorted, 0.95), p.P95, 12);
        Assert.Equal(sorted.Average(), p.Mean, 9);
    }
}
