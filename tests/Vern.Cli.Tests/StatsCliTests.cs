using System.Text.Json;

namespace Vern.Cli.Tests;

/// <summary><c>vern stats</c> and <c>vern simulate --from-db</c> through the real program, on a generated demo database.</summary>
public sealed class StatsCliTests : CliTest
{
    private string Demo()
    {
        Ok("demo", "--to", "2025-12-31", "--years", "3");
        VernProcess.Prepare(Db, "7777", admin: "admin-7777");   // cli-test acts as the demo municipality's leader
        return Db;
    }

    [Fact]
    [Trait("Rule", "Issue 19: small counts suppressed (1–4 as «:») for the analyst's view")]
    public void StatsIndicators_SuppressSmall_HidesCountsOneToFourInCsvAndJson()
    {
        Demo();
        var exact = Ok("stats", "indicators", "--year", "2025", "--years", "2", "--format", "csv");
        var csv = Ok("stats", "indicators", "--year", "2025", "--years", "2", "--format", "csv", "--suppress-small");
        static IEnumerable<string[]> Own(string text) => text.Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(';'))
            .Where(f => f[9] == "\"vern\"" && f[8] is "\"barn\"" or "\"tiltak\"" or "\"meldinger\"" or "\"undersøkelser\"" or "\"flyttinger\"");
        Assert.Contains(Own(exact), f => f[5] is "1" or "2" or "3" or "4");
        Assert.DoesNotContain(Own(csv), f => f[5] is "1" or "2" or "3" or "4");
        Assert.Contains(Own(csv), f => f[5] == "" && f[11] == "\":\"");

        using var json = JsonDocument.Parse(Ok("stats", "indicators", "--year", "2025", "--format", "json", "--suppress-small", "--suppress-max", "9"));
        Assert.Equal(9, json.RootElement.GetProperty("suppression").GetProperty("maxSuppressed").GetInt32());
    }

    [Fact]
    [Trait("Rule", "Issue 20: simulation inputs from Vern's own data (Kodelister 3.8 Sentre for foreldre og barn)")]
    public void Simulate_FromDb_ReplacesTodaysUseWithTheDatabasesMeasures()
    {
        Demo();
        var (exit, stdout, stderr) = VernProcess.Run(Db, "simulate", "--builtin", "vista2016", "--from-db", "--year", "2025", "--format", "json");
        Assert.True(exit == 0, stdout + stderr);
        using var json = JsonDocument.Parse(stdout);
        var today = json.RootElement.GetProperty("result").GetProperty("alternatives")[0];
        var use = today.GetProperty("chain")[0].GetProperty("phases").EnumerateArray().Sum(p => p.GetProperty("residential").GetDouble() + p.GetProperty("homeBased").GetDouble());
        Assert.InRange(use, 1, 60);                                  // the demo municipality's 3.8 measures in 2025, not Vista's 370
        Assert.Equal(Math.Round(use), use, 6);
        Assert.Contains("Fra databasen: Dagens bruk:", stderr, StringComparison.Ordinal);

        var (none, output, _) = VernProcess.Run(Db, "simulate", "--builtin", "vista2016", "--from-db", "--year", "1990");
        Assert.Equal(2, none);
        Assert.Contains("ingen tiltak i kategori 3.8", output, StringComparison.Ordinal);
    }

    // Issue 20, reform financing from Vern's own data: the state side's stored stays of the demo municipality in 2025, in months
    // per co-payment measure, priced at Menon 2023 table 5-2's rates for 2021 and 2023 (2023 kroner): cost before = Σ months ×
    // the 2021 rate, after = Σ months × the 2023 rate. The read goes through the application layer and is logged.
    [Fact]
    [Trait("Rule", "Issue 20: reform financing from Vern's data; Menon2023.Table5-2; Menon2023.Footnote49")]
    public void SimulateFinancing_FromDb_PricesTheStoredStaysAtTable52()
    {
        Demo();
        var (exit, stdout, stderr) = VernProcess.Run(Db, "simulate", "financing", "--from-db", "--year", "2025", "--format", "json");
        Assert.True(exit == 0, stdout + stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(2025, json.RootElement.GetProperty("useYear").GetInt32());
        var municipality = Assert.Single(json.RootElement.GetProperty("municipalities").EnumerateArray());
        Assert.Equal("7777", municipality.GetProperty("number").GetString());
        var months = municipality.GetProperty("monthsByMeasure").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.True(months.Values.Sum() > 1, stdout);
        var in2021 = new Dictionary<string, double> { ["institution"] = 86_319, ["institution-uam"] = 43_216, ["parent-child-centre-residential"] = 86_319,
            ["parent-child-centre-home"] = 31_205, ["emergency-foster-home"] = 40_634, ["specialised-foster-home"] = 40_634, ["mst"] = 20_317, ["fft"] = 20_317 };
        var in2023 = new Dictionary<string, double> { ["institution"] = 175_000, ["institution-uam"] = 87_500, ["parent-child-centre-residential"] = 73_000,
            ["parent-child-centre-home"] = 11_500, ["emergency-foster-home"] = 87_500, ["specialised-foster-home"] = 87_500, ["mst"] = 15_500, ["fft"] = 15_500 };
        Assert.Equal(months.Sum(m => m.Value * in2021[m.Key]), municipality.GetProperty("costBefore").GetDouble(), 3);
        Assert.Equal(months.Sum(m => m.Value * in2023[m.Key]), municipality.GetProperty("costAfter").GetDouble(), 3);
        Assert.Contains("Fra databasen:", stderr, StringComparison.Ordinal);

        var (none, output, _) = VernProcess.Run(Db, "simulate", "financing", "--from-db", "--year", "1995");
        Assert.Equal(2, none);
        Assert.Contains("ingen opphold", output, StringComparison.Ordinal);
    }
}
