using System.Text.Json;

namespace Vern.Cli.Tests;

/// <summary><c>vern simulate</c> through the real program: the Vista 2016 alternatives side by side as JSON and as a
/// table, a Monte Carlo run to a folder, refused scenario files, and reform financing.</summary>
public sealed class SimulateCliTests : CliTest
{
    // Vista 2016 table 6.3: demand 500 / 370 / 450 / 550 for today and alternatives 1–3.
    [Fact]
    [Trait("Rule", "Vista2016.Table6.3")]
    public void Simulate_BuiltinJson_PrintsTheFourAlternatives()
    {
        using var json = JsonDocument.Parse(Ok("simulate", "--builtin", "vista2016", "--format", "json"));
        var alternatives = json.RootElement.GetProperty("result").GetProperty("alternatives");
        Assert.Equal(["today", "alt1", "alt2", "alt3"], alternatives.EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToArray());
        Assert.Equal([500.0, 370, 450, 550], alternatives.EnumerateArray().Select(a => Math.Round(a.GetProperty("outcome").GetProperty("demand").GetDouble(), 6)).ToArray());
    }

    [Fact]
    public void Simulate_BuiltinTable_ShowsTheAlternativesSideBySide()
    {
        var output = Ok("simulate", "--builtin", "vista2016");
        foreach (var name in new[] { "Dagens system", "Alternativ 1", "Alternativ 2", "Alternativ 3", "Kapasitetsgap" })
            Assert.Contains(name, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_MonteCarloToFolder_WritesPageChartsAndIsReproducible()
    {
        var outDir = Path.Combine(Dir, "out");
        var first = Ok("simulate", "--builtin", "vista2016", "--draws", "5000", "--seed", "9", "--format", "csv", "--out", outDir);
        var second = Ok("simulate", "--builtin", "vista2016", "--draws", "5000", "--seed", "9", "--format", "csv");
        Assert.Equal(first, second);
        Assert.StartsWith("alternative,metric,mean,p5", first, StringComparison.Ordinal);
        foreach (var file in new[] { "index.html", "demand-capacity.png", "demand-capacity.svg", "cost.png", "cost.svg", "montecarlo.csv", "result.json" })
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);
    }

    [Fact]
    public void Simulate_BadScenario_ExitsTwoNamingLineAndField()
    {
        var file = Path.Combine(Dir, "bad.yaml");
        File.WriteAllText(file, "format: vern-scenario/1\nname: bad\ndaysPerMonth: -3\n");
        var (exit, stdout, _) = VernProcess.Run(Db, "simulate", file);
        Assert.Equal(2, exit);
        Assert.Contains("bad.yaml:3: daysPerMonth:", stdout, StringComparison.Ordinal);
        Assert.Contains("Scenario.Required", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_NeitherFileNorBuiltin_IsRefused()
    {
        var (exit, stdout, _) = VernProcess.Run(Db, "simulate");
        Assert.Equal(2, exit);
        Assert.Contains("--builtin", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void SimulateFinancing_Csv_HasOneRowPerMunicipality()
    {
        var example = Path.Combine(Repo(), "docs", "examples", "reform-financing.json");
        var lines = Ok("simulate", "financing", example, "--format", "csv").TrimEnd().Split('\n');
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("0301,Oslo,false", lines[5], StringComparison.Ordinal);
    }

    private static string Repo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vern.slnx")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException("Vern.slnx not found above the test directory.");
    }
}
