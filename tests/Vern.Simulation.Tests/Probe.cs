using Vern.Simulation;
namespace Vern.Simulation.Tests;
public class Probe
{
    [Fact]
    public void Print()
    {
        var r = SimulationEngine.Run(ScenarioReader.Builtin("vista2016"));
        var lines = new List<string>();
        foreach (var a in r.Alternatives)
        {
            lines.Add($"{a.Id}: {a.Outcome}");
            foreach (var d in a.Demand) lines.Add("  " + d);
            foreach (var c in a.Chain) lines.Add($"  {c.Name}: cost {c.Cost/1e6:F3} change {c.Change/1e6:F3} freed {c.FreedResidential:F2}/{c.FreedHomeBased:F2} | " + string.Join(" | ", c.Phases.Select(p => $"{p.Phase} {p.Residential:F3}+{p.HomeBased:F3} {p.Cost/1e6:F3}")));
        }
        foreach (var a in r.Variants)
        {
            lines.Add($"{a.Id}: {a.Outcome}");
            foreach (var c in a.Chain) lines.Add($"  {c.Name}: cost {c.Cost/1e6:F3} change {c.Change/1e6:F3} freed {c.FreedResidential:F2}/{c.FreedHomeBased:F2} | " + string.Join(" | ", c.Phases.Select(p => $"{p.Phase} {p.Residential:F3}+{p.HomeBased:F3} {p.Cost/1e6:F3}")));
        }
        File.WriteAllLines("/tmp/sim-probe.txt", lines);
    }
}
