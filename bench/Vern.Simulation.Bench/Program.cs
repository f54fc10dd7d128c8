using System.Diagnostics;
using System.Globalization;
using Vern.Simulation;

// Monte Carlo benchmark: Vern's generic engine (MonteCarlo.Run on the shipped vista2016 scenario, all cores) against
// an anchor: the same model for the same scenario written out by hand as one straight loop (one core, no scenario
// interpretation, no traces), which is the floor a generic engine can be compared with.
// Usage: dotnet run -c Release --project bench/Vern.Simulation.Bench -- [--draws 100000] [--runs 5]
var inv = CultureInfo.InvariantCulture;
var draws = Arg("--draws", 100_000);
var runs = Arg("--runs", 5);
var scenario = ScenarioReader.Builtin("vista2016");
Console.WriteLine(string.Create(inv, $"Scenario vista2016: {scenario.Alternatives.Count} alternatives, {scenario.Quantities.Count} quantities ({scenario.Quantities.Count(q => q.IsRange)} ranged); {draws:N0} draws per alternative; {Environment.ProcessorCount} cores"));

MonteCarlo.Run(scenario, 2_000, 1); // warm-up (JIT)
Anchor.Run(scenario, 2_000, 1);
var vern = new List<double>();
var anchor = new List<double>();
double vernMedianDemand = 0, anchorMedianDemand = 0;
for (var run = 0; run < runs; run++)
{
    var watch = Stopwatch.StartNew();
    var result = MonteCarlo.Run(scenario, draws, 42);
    vern.Add(watch.Elapsed.TotalMilliseconds);
    vernMedianDemand = result.Alternatives[3].Metrics["demand"].P50;
    watch.Restart();
    anchorMedianDemand = Anchor.Run(scenario, draws, 42);
    anchor.Add(watch.Elapsed.TotalMilliseconds);
    Console.WriteLine(string.Create(inv, $"run {run + 1}: Vern {vern[^1]:0} ms, anchor {anchor[^1]:0} ms"));
}
Console.WriteLine(string.Create(inv, $"Check: median demand of alternative 3, Vern {vernMedianDemand:0.0}, anchor {anchorMedianDemand:0.0}"));
Console.WriteLine(string.Create(inv, $"MEDIAN Vern {Median(vern):0} ms, anchor {Median(anchor):0} ms, ratio Vern/anchor {Median(vern) / Median(anchor):0.00} ({draws:N0} draws × {scenario.Alternatives.Count} alternatives)"));
return 0;

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], inv) : fallback;
}

static double Median(List<double> xs)
{
    var s = xs.Order().ToList();
    return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
}

/// <summary>The anchor: alternative 3's demand (table 6.3) drawn by hand from the same ranges, with System.Random, then sorted
/// for its median, and the other three alternatives' demand and state cost computed by the same straight formulas.</summary>
internal static class Anchor
{
    public static double Run(Scenario s, int draws, int seed)
    {
        var rng = new Random(seed);
        var q = s.Quantities;
        var v = new double[q.Count];
        var alt3Demand = new double[draws];
        var sink = 0d;
        var a = s.PhaseById("assessment");
        var g = s.PhaseById("guidance");
        var alt1 = s.AlternativeById("alt1");
        var alt2 = s.AlternativeById("alt2");
        for (var d = 0; d < draws; d++)
        {
            for (var k = 0; k < v.Length; k++)
                v[k] = q[k].Draw(rng.NextDouble());
            double V(Quantity x) => v[x.Slot];
            var duty = V(s.DutyToAssistEffect);
            var needA = V(a.Need);
            var needG = V(g.Need);
            var unitA = V(a.Residential.Days) * V(a.Residential.DayPrice);
            var unitG = V(g.Residential.Days) * V(g.Residential.DayPrice);
            var homeA = V(a.HomeBased.Days) * V(a.HomeBased.DayPrice);
            var homeG = V(g.HomeBased.Days) * V(g.HomeBased.DayPrice);
            var today = V(a.CurrentUse) * unitA + V(g.CurrentUse) * unitG;
            var keep = V(s.AgeGroups[0].Share) + V(s.AgeGroups[1].Share);
            var alt3 = today * keep;
            var shareA = V(alt2.HomeBasedShare["assessment"]);
            var shareG = V(alt2.HomeBasedShare["guidance"]);
            var useA = V(a.CurrentUse) * keep;
            var useG = V(g.CurrentUse) * keep * (1 + V(((PhaseChangeStep)s.StepById("real-assessment")).Change));
            var alt2Cost = useA * ((1 - shareA) * unitA + shareA * homeA) + useG * ((1 - shareG) * unitG + shareG * homeG);
            var alt1Cost = useA * ((1 - V(alt1.HomeBasedShare["assessment"])) * unitA + V(alt1.HomeBasedShare["assessment"]) * homeA);
            alt3Demand[d] = (needA + needG) * (1 + duty);
            var alt2Demand = needA * (1 + V(alt2.DemandEffects[0].Change)) + needG * (1 + V(alt2.DemandEffects[1].Change));
            var alt1Demand = needA * (1 + duty + V(alt1.DemandEffects[0].Change));
            sink += alt1Cost + alt2Cost + alt3 + alt1Demand + alt2Demand + (needA + needG);
        }
        Array.Sort(alt3Demand);
        return sink > 0 ? MonteCarlo.Percentile(alt3Demand, 0.5) : 0;
    }
}
