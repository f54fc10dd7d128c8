using System.Collections.Immutable;
using Vern.Domain.Cases;
using Vern.Domain.Law;
using Vern.Domain.People;
using Vern.Storage;
using Vern.Storage.Sqlite;
using Vern.Tests;

namespace Vern.Statistics.Tests;

/// <summary>The entry point over a real SQLite file filled through the case service (every fact through the decider),
/// with an imported population table: breakdowns by municipality, county, the nation with and without Oslo, rates
/// per 1,000 and change from the year before.</summary>
public sealed class StatisticsServiceTests : IDisposable
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vern-tests", Guid.NewGuid().ToString("N"));

    public StatisticsServiceTests() => Directory.CreateDirectory(_dir);

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    private static ImmutableList<CodedValue> Codes(params string[] codes) => codes.Select(c => new CodedValue(c)).ToImmutableList();

    private static string Fnr(DateOnly birth) => Enumerable.Range(50, 50).Select(i => PersonIdentifier.Create(birth, i * 10 + 2)).First(p => p is not null)!.Value;

    /// <summary>Report 10 Jan, investigation 15 Jan, concluded 1 Mar with measures, a support decision and a measure from 4 Mar 2024.</summary>
    private static void SupportCase(CaseService service, string municipality, string journal, string category, DateOnly? measureEnds = null)
    {
        var c = service.Open(new OpenCase(municipality, journal, D(2024, 1, 10), new ChildInput(Fnr(D(2015, 3, 14)), null, Sex.Female)), "test");
        var report = service.Execute(c.Id, new ReceiveReport(D(2024, 1, 10), Codes("11"), Codes("8")), "test").Reports[^1].Id;
        var inv = service.Execute(c.Id, new OpenInvestigation(report, D(2024, 1, 15)), "test").Investigations[^1].Id;
        service.Execute(c.Id, new ConcludeInvestigation(inv, D(2024, 3, 1), new CodedValue("1"), Codes("8")), "test");
        var decision = service.Execute(c.Id, new MakeDecision(D(2024, 3, 1), new LegalBasis("BVL2021", "3", "1"), InvestigationId: inv), "test").Decisions[^1].Id;
        var measure = service.Execute(c.Id, new StartMeasure(decision, D(2024, 3, 4), new CodedValue(category)), "test").Measures[^1].Id;
        if (measureEnds is { } end)
            service.Execute(c.Id, new EndMeasure(measure, end), "test");
    }

    [Fact]
    [Trait("Rule", "Menon 2023 tabell 2-1; KS 2015: landet uten Oslo")]
    public async Task Compute_TwoMunicipalitiesWithOslo_BreaksDownAndRates()
    {
        var db = Path.Combine(_dir, "vern.db");
        using (var store = SqliteEventStore.Open(db))
        {
            var service = new CaseService(store, TestReference.CodeLists.Value, new FixedClock(new(2025, 6, 1, 10, 0, 0, TimeSpan.Zero)));
            SupportCase(service, "7777", "2024/1", "4.6");
            SupportCase(service, "7777", "2024/2", "3.2", measureEnds: D(2024, 10, 31));
            SupportCase(service, Breakdowns.Regions.Oslo, "2024/1", "6.4");
        }
        var population = Path.Combine(_dir, "07459.csv");
        File.WriteAllText(population, "\"07459: Befolkning\"\n\n\"region\";\"alder\";\"år\";\"07459: Personer\"\n\"7777 Vernvik\";\"Alder i alt\";\"2024\";20000\n\"7777 Vernvik\";\"0-17 år\";\"2024\";4000\n\"7777 Vernvik\";\"18-24 år\";\"2024\";1000\n");

        using var reader = SqliteEventStore.Open(db, create: false);
        var result = await new StatisticsService(reader).ComputeAsync(new StatisticsQuery(null, 2023, 2024, [population]));

        decimal? V(string id, string region, int year = 2024, string age = "alle") => result.For(id, region, age).SingleOrDefault(r => r.Year == year)?.Value;
        Assert.Equal(3, result.CasesRead);
        Assert.Equal(3m, V("children-with-measures-year", "landet"));
        Assert.Equal(2m, V("children-with-measures-31dec", "landet"));
        Assert.Equal(1m, V("children-with-measures-31dec", "landet uten Oslo"));
        Assert.Equal(1m, V("children-with-measures-31dec", "fylke 77"));
        Assert.Equal(1m, V("children-with-measures-31dec", "størrelse 5"));          // 20,000 inhabitants: class 5
        Assert.Equal(1m, V("collaboration-measures-31dec", "0301"));
        Assert.Equal(100m, V("share-investigations-within-deadline", "landet"));    // concluded 1 Mar: within 7 + 90 days of 10 Jan
        Assert.Equal(3m, V("reports-received-year", "landet"));

        var rate = result.For("children-with-measures-year", "7777", "0-17").Single(r => r.Year == 2024);
        Assert.Equal(2m, rate.Value);
        Assert.Equal(0.5m, rate.Per1000);                                          // 2 of 4,000 children 0–17 = 0.5 per 1,000
        Assert.Equal(0.4m, result.For("children-with-measures-year", "7777").Single(r => r.Year == 2024).Per1000); // "alle": 2 of 0–24 = 5,000
        // 2023: no case of 7777 was open, so Vern gives no figure (not a zero) for that year.
        Assert.DoesNotContain(result.For("children-with-measures-year", "7777"), r => r.Year == 2023);
        var median = result.Rows.Single(r => r.IndicatorId == "children-with-measures-year" && r.Region == "kommunene, median" && r.Year == 2024 && r.AgeGroup == "alle");
        Assert.Equal(1.5m, median.Value);                                          // 7777: 2, 0301: 1
    }

    [Fact]
    [Trait("Rule", "barnevernsloven § 15-3 femte ledd (tilstandsrapport), as Bufdir's guidance cites it")]
    public async Task WriteAnnualReport_DemoLikeStore_WritesPageChartsAndDataTables()
    {
        var db = Path.Combine(_dir, "report.db");
        using (var store = SqliteEventStore.Open(db))
        {
            var service = new CaseService(store, TestReference.CodeLists.Value, new FixedClock(new(2025, 6, 1, 10, 0, 0, TimeSpan.Zero)));
            SupportCase(service, "7777", "2024/1", "4.6");
            SupportCase(service, "7777", "2024/2", "2.1");
            SupportCase(service, "4601", "2024/1", "3.2");
        }
        using var reader = SqliteEventStore.Open(db, create: false);
        var outDir = Path.Combine(_dir, "report");
        var files = await new StatisticsService(reader).WriteAnnualReportAsync("7777", 2024, outDir, D(2025, 6, 1));

        var html = File.ReadAllText(files.Html);
        if (Vern.Rendering.PdfPrinter.FindChromium() is null)
            Assert.Contains("chromium", files.PdfNote, StringComparison.Ordinal);
        else
            Assert.Equal("%PDF"u8.ToArray(), File.ReadAllBytes(files.Pdf!)[..4]);
        Assert.Contains("barnevernsloven § 15-3 femte ledd", html, StringComparison.Ordinal);
        Assert.Contains("<td>Barn med barnevernstiltak per 31.12.</td><td>alle</td><td class=\"n\">–</td><td class=\"n\">2</td>", html, StringComparison.Ordinal);
        foreach (var chart in new[] { "barn-med-tiltak", "plasseringer", "meldinger-undersokelser", "frister" })
        {
            Assert.Contains($"<img src=\"{chart}.png\"", html, StringComparison.Ordinal);
            var png = File.ReadAllBytes(Path.Combine(outDir, chart + ".png"));
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
            var svg = System.Xml.Linq.XDocument.Load(Path.Combine(outDir, chart + ".svg"));
            Assert.Equal("svg", svg.Root!.Name.LocalName);
        }
        await Assert.ThrowsAsync<ArgumentException>(() => new StatisticsService(reader).WriteAnnualReportAsync("1234", 2024, outDir, D(2025, 6, 1)));

        // The same report for the analyst: the 2 children are a small count, shown as «:» in the table and left out of the charts.
        var suppressedDir = Path.Combine(_dir, "report-suppressed");
        var suppressed = File.ReadAllText((await new StatisticsService(reader).WriteAnnualReportAsync("7777", 2024, suppressedDir, D(2025, 6, 1), suppression: SuppressionRule.Default)).Html);
        Assert.Contains("<td>Barn med barnevernstiltak per 31.12.</td><td>alle</td><td class=\"n\">–</td><td class=\"n\">:</td>", suppressed, StringComparison.Ordinal);
        Assert.Contains("Små tall er prikket", suppressed, StringComparison.Ordinal);
        Assert.DoesNotContain("<td class=\"n\">2</td>", suppressed, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(suppressedDir, "barn-med-tiltak.svg")));
    }

    [Fact]
    [Trait("Rule", "Issue 19: the analyst sees aggregates with small counts suppressed")]
    public async Task Compute_ThenSuppress_HidesSmallCountsAndKeepsSizeClassesForSecondarySuppression()
    {
        var db = Path.Combine(_dir, "suppress.db");
        using (var store = SqliteEventStore.Open(db))
        {
            var service = new CaseService(store, TestReference.CodeLists.Value, new FixedClock(new(2025, 6, 1, 10, 0, 0, TimeSpan.Zero)));
            SupportCase(service, "7777", "2024/1", "4.6");
            SupportCase(service, "4601", "2024/1", "3.2");
        }
        var population = Path.Combine(_dir, "07459b.csv");
        File.WriteAllText(population, "\"07459: Befolkning\"\n\n\"region\";\"alder\";\"år\";\"07459: Personer\"\n\"7777 Vernvik\";\"Alder i alt\";\"2024\";20000\n");
        using var reader = SqliteEventStore.Open(db, create: false);
        var exact = await new StatisticsService(reader).ComputeAsync(new StatisticsQuery(null, 2024, 2024, [population]));
        Assert.Equal("størrelse 5", exact.SizeClasses[("7777", 2024)]);
        var result = Suppression.Apply(exact, SuppressionRule.Default);
        Assert.Same(SuppressionRule.Default, result.Suppression);
        var own = result.Rows.Where(Suppression.IsOwnCount).ToList();
        Assert.All(own, r => Assert.True(r.Value is null or 0 or > 4, $"{r.IndicatorId} {r.Region} {r.AgeGroup} = {r.Value}"));
        Assert.Contains(own, r => r is { IndicatorId: "children-with-measures-year", Region: "landet", Value: null, Symbol: ":" });
        var json = Output.IndicatorFiles.ToJson(result);
        Assert.Contains("\"suppression\"", json, StringComparison.Ordinal);
        Assert.Contains("\"symbol\": \":\"", json, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
