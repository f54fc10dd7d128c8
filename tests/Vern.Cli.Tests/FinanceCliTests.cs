using System.Text.Json;

namespace Vern.Cli.Tests;

/// <summary><c>vern copay</c>, <c>vern invoice</c> and <c>vern kostra</c> through the real program (issue 21). None of
/// them needs a database: they compute from public rates and the caller's files, and leave no database behind.</summary>
public sealed class FinanceCliTests : CliTest
{
    [Fact]
    [Trait("Rule", "Menon 2023 (seed 002) tabell 5-2 note *: ordinær egenandel for bosatte enslige mindreårige")]
    public void Copay_Json_TotalAndLines()
    {
        using var json = JsonDocument.Parse(Ok("copay", "--measure", "institution-uam", "--from", "2023-06-01", "--to", "2023-07-31",
            "--settled-on", "2023-06-15", "--format", "json"));
        // 87 500 × 14/30 + 175 000 × 16/30 + 175 000
        Assert.Equal(309_166.66m, json.RootElement.GetProperty("total").GetDecimal());
        var lines = json.RootElement.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(["ordinary", "settled-minor", "settled-minor"], lines.Select(l => l.GetProperty("rateKind").GetString()!).ToArray());
        Assert.False(File.Exists(Db), "copay needs no database and makes none");
    }

    [Fact]
    [Trait("Rule", "Overgangsregel: plassert før 2022 (rundskriv 2022 note **)")]
    public void Copay_PlacedBefore2022_OldTerms()
    {
        using var json = JsonDocument.Parse(Ok("copay", "--measure", "emergency-foster-home", "--from", "2022-04-01", "--to", "2022-04-30",
            "--placed-on", "2021-11-03", "--format", "json"));
        Assert.Equal(37_100m, json.RootElement.GetProperty("total").GetDecimal());
    }

    [Fact]
    public void Copay_List_ShowsEveryCodeWithItsRates()
    {
        using var json = JsonDocument.Parse(Ok("copay", "--list", "--format", "json"));
        var codes = json.RootElement.EnumerateArray().ToDictionary(m => m.GetProperty("code").GetString()!);
        foreach (var code in new[] { "institution", "institution-uam", "parent-child-centre-residential", "parent-child-centre-home", "emergency-foster-home", "specialised-foster-home", "mst", "fft" })
            Assert.True(codes.ContainsKey(code), code);
        Assert.Equal(175_000m, codes["institution"].GetProperty("monthlyRates").GetProperty("2023").GetDecimal());
        Assert.Contains("institution-uam", Ok("copay", "--list"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("to", "--measure", "mst", "--from", "2023-05-02", "--to", "2023-05-01")]
    [InlineData("2024", "--measure", "mst", "--from", "2023-12-01", "--to", "2024-01-31")]
    [InlineData("measure", "--measure", "fosterhjem", "--from", "2023-05-01", "--to", "2023-05-31")]
    [InlineData("measure", "--from", "2023-05-01", "--to", "2023-05-31")]
    public void Copay_BadInput_Exit2NamingTheField(string named, params string[] args)
    {
        var (exit, stdout, stderr) = VernProcess.Run(Db, ["copay", .. args]);
        Assert.Equal(2, exit);
        Assert.Contains(named + (named == "2024" ? "" : ":"), stdout + stderr, StringComparison.Ordinal);
    }

    private string Stays(string text)
    {
        var path = Path.Combine(Dir, "stays.csv");
        File.WriteAllText(path, "municipality;child_ref;measure;from;to;placed_on;settled_on\n" + text);
        return path;
    }

    [Fact]
    [Trait("Rule", "Delmåned pro rata; overgangsregel; tabell 5-2 2023")]
    public void Invoice_Month_WritesLinesPerChildAndMeasure()
    {
        var stays = Stays("4601;B-1;institution;2023-01-10;2023-08-31;;\n4601;B-2;specialised-foster-home;2021-06-01;2024-12-31;2021-06-01;\n"
            + "0301;B-9;mst;2023-03-01;2023-03-31;;\n4601;B-3;fft;2022-01-01;2023-02-28;;\n");
        var output = Path.Combine(Dir, "mars.csv");
        Ok("invoice", "--month", "2023-03", "--stays", stays, "--out", output);
        var rows = File.ReadAllLines(output);
        Assert.Equal("municipality;month;child_ref;measure;from;to;days;days_in_month;rate_kind;monthly_rate;amount;kostra_function", rows[0]);
        Assert.Equal(
        [
            "0301;2023-03;B-9;mst;2023-03-01;2023-03-31;31;31;ordinary;15500.00;15500.00;251",
            "4601;2023-03;B-1;institution;2023-03-01;2023-03-31;31;31;ordinary;175000.00;175000.00;252",
            "4601;2023-03;B-2;specialised-foster-home;2023-03-01;2023-03-31;31;31;pre-2022-placement;38100.00;38100.00;252",
        ], rows[1..]);
        Ok("invoice", "--month", "2023-01", "--municipality", "4601", "--stays", stays, "--out", output);
        var january = File.ReadAllLines(output)[1..];
        Assert.Equal(3, january.Length);
        // B-1 from 10 January: 175 000 × 22/31
        Assert.Contains("4601;2023-01;B-1;institution;2023-01-10;2023-01-31;22;31;ordinary;175000.00;124193.55;252", january);
    }

    [Fact]
    public void Invoice_OverlappingStays_RefusedAndNoFileWritten()
    {
        var stays = Stays("4601;B-1;institution;2023-01-01;2023-03-31;;\n4601;B-1;institution;2023-03-15;2023-04-30;;\n");
        var output = Path.Combine(Dir, "out.csv");
        var (exit, stdout, stderr) = VernProcess.Run(Db, "invoice", "--month", "2023-03", "--stays", stays, "--out", output);
        Assert.Equal(2, exit);
        Assert.Contains("overlappende", stdout + stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Invoice_StayEndingBeforeItStarts_RefusedNamingTheRowAndField()
    {
        var stays = Stays("4601;B-1;institution;2023-03-31;2023-03-01;;\n");
        var (exit, stdout, stderr) = VernProcess.Run(Db, "invoice", "--month", "2023-03", "--stays", stays, "--out", Path.Combine(Dir, "o.csv"));
        Assert.Equal(2, exit);
        Assert.Contains("stays[0].to", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "Menon 2023 (seed 002) vedlegg D tabell 0-1")]
    public void Kostra_PostsExpensesAndCopaymentsByFunctionAndArt()
    {
        var expenses = Path.Combine(Dir, "expenses.csv");
        File.WriteAllText(expenses, "municipality;date;amount;kind;supplier;child_ref;child_placed\n"
            + "4601;2023-02-01;50000;casework;own;;\n"
            + "4601;2023-02-03;12000;interpreter;consultant;B-1;true\n"
            + "4601;2023-02-03;8000;in-home-measure;private;B-5;false\n"
            + "4601;2023-02-04;3000;in-home-measure;private;B-1;true\n");
        var stays = Stays("4601;B-1;institution;2023-01-01;2023-01-31;;\n");
        var csv = Ok("kostra", "--year", "2023", "--expenses", expenses, "--stays", stays, "--format", "csv").Trim().Split('\n');
        Assert.Equal(
        [
            "year;municipality;function;art;amount;postings",
            "2023;*;244;10100;50000.00;1",
            "2023;*;244;12700;12000.00;1",
            "2023;*;251;13700;8000.00;1",
            "2023;*;252;13000;175000.00;1",
            "2023;*;252;13700;3000.00;1",
        ], csv);
        var table = Ok("kostra", "--year", "2023", "--expenses", expenses, "--stays", stays);
        // children with measures: B-1 (175 000 + 3 000) and B-5 (8 000): (178 000 + 8 000) / 2
        Assert.Contains("93 000,00", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Kostra_UnknownExpenseKind_RefusedNamingTheField()
    {
        var expenses = Path.Combine(Dir, "expenses.csv");
        File.WriteAllText(expenses, "4601;2023-02-01;50000;lunsj;own;;\n");
        var (exit, stdout, stderr) = VernProcess.Run(Db, "kostra", "--year", "2023", "--expenses", expenses);
        Assert.Equal(2, exit);
        Assert.Contains("kind «lunsj»", stdout + stderr, StringComparison.Ordinal);
    }
}
