using System.Text.Json;
using Vern.Simulation;

namespace Vern.Simulation.Tests;

/// <summary>The files of <c>vern simulate --out DIR</c>: real PNG and SVG charts, CSV, JSON and an HTML page that shows them.</summary>
public sealed class SimulationReportTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vern-sim-" + Guid.NewGuid().ToString("N"));
    private static readonly Scenario Vista = ScenarioReader.Builtin("vista2016");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void WriteDirectory_WritesChartsTablesAndPage()
    {
        var result = SimulationEngine.Run(Vista);
        var mc = MonteCarlo.Run(Vista, 2_000, seed: 1);
        var files = SimulationReport.WriteDirectory(result, mc, _dir);

        foreach (var name in new[] { "result.json", "alternatives.csv", "chain.csv", "montecarlo.csv", "demand-capacity.png", "demand-capacity.svg", "cost.png", "cost.svg", "index.html" })
            Assert.Contains(name, files);
        var png = File.ReadAllBytes(Path.Combine(_dir, "demand-capacity.png"));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.True(png.Length > 10_000, "a 1000×600 chart with bars and text is more than 10 kB");
        var svg = File.ReadAllText(Path.Combine(_dir, "demand-capacity.svg"));
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("Alternativ 3", svg, StringComparison.Ordinal);

        var html = File.ReadAllText(Path.Combine(_dir, "index.html"));
        Assert.Contains("<img src=\"demand-capacity.svg\"", html, StringComparison.Ordinal);
        Assert.Contains("<img src=\"cost.svg\"", html, StringComparison.Ordinal);
        Assert.Contains("<td>550</td>", html, StringComparison.Ordinal); // alternative 3's demand, table 6.3

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "result.json")));
        var alternatives = json.RootElement.GetProperty("result").GetProperty("alternatives");
        Assert.Equal(4, alternatives.GetArrayLength());
        Assert.Equal(450, alternatives[2].GetProperty("outcome").GetProperty("demand").GetDouble(), 9);
        Assert.Equal(2_000, json.RootElement.GetProperty("monteCarlo").GetProperty("draws").GetInt32());
    }

    [Fact]
    public void AlternativesCsv_HasOneRowPerAlternativeWithTheDemand()
    {
        var lines = SimulationReport.AlternativesCsv(SimulationEngine.Run(Vista)).TrimEnd().Split('\n');
        Assert.Equal(5, lines.Length);
        var header = lines[0].Split(',');
        var alt2 = lines[3].Split(',');
        Assert.Equal("alt2", alt2[0]);
        Assert.Equal("450", alt2[Array.IndexOf(header, "demand")]);
        Assert.Equal("80", alt2[Array.IndexOf(header, "capacityGap")]);
    }
}
