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
}
