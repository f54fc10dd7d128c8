using Vern.Domain.Validation;
using Vern.Register.Check;
using Vern.Register.Export;
using Vern.Register.Model;
using Vern.Storage;
using Vern.Synthetic;

namespace Vern.Register.Tests.Export;

/// <summary>Nothing Vern records fails SSB's controls when it is sent (issue 14 § 2): the synthetic generator's cases, made
/// through the decider like any caseworker's, checked as the files they would be exported as, have no ERROR or FATAL
/// finding of any control (SSB's and Vern's vern.kodeliste.gyldighet), at several seeds and periods.</summary>
public class GeneratedDataControlTests
{
    private static readonly RegisterFile Header = new("5a0e7e55-0000-4000-8000-000000000000", new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.FromHours(1)), null,
        new Fagsystem("Vern", "Vern", "test"), new Avgiver("997777999", "7777", "Vernvik"));

    [Theory]
    [Trait("Rule", "SSB Kravspesifikasjon")]
    [InlineData(42, 3)]
    [InlineData(7, 2)]
    [InlineData(2023, 4)]
    [InlineData(5, 4)]
    public void Check_GeneratedCases_NoErrorOrFatal(int seed, int years)
    {
        using var store = new InMemoryEventStore();
        var asOf = TestSupport.AsOf;
        DemoGenerator.Generate(store, TempVern.CodeLists.Value, new DemoOptions(asOf, years, seed));

        // The cases a delivery for the reporting year holds: those open some day of the year before DatoUttrekk. (A case closed
        // years ago is not sent again; were it sent, Sak kontroll 1 would flag a client born more than 26 years before.)
        var delivered = store.ReadStates("7777").Where(s => RegisterExporter.InPeriod(s, asOf.AddYears(-1), asOf));
        var report = LiveRegisterCheck.Run(delivered, Header, TestSupport.Options());

        // Besides ERROR/FATAL: no vern.kodeliste.gyldighet at any level, since the decider checks each code on the fact's own date.
        var bad = report.CasesWithFindings.SelectMany(c => c.Issues.Where(i => i.Severity >= Severity.Error || i.Code == "vern.kodeliste.gyldighet")
            .Select(i => (c.JournalNumber, i))).ToList();
        Assert.True(report.CasesChecked > 100, $"only {report.CasesChecked} cases");
        AssertClean(bad);
    }

    /// <summary>The national generator (several municipalities, run in parallel) as `vern generate --municipalities 5 --years 4
    /// --seed 1` followed by `vern export register --full` of each municipality on the data's last day. Regression: a child
    /// whose investigation was concluded "to measures" the day before turning 18 had the decision but the help measure planned
    /// for days later, after the 18th birthday and after the data's last day, so the open case of an 18-year-old had no
    /// measure (SSB Sak Kontroll 8, ERROR: "Klienten er over 18 år og skal dermed ha tiltak"). A child's measure now starts
    /// before the 18th birthday (barnevernsloven § 3-1 is for children; after 18 only aftercare, § 3-6).</summary>
    [Theory]
    [Trait("Rule", "SSB Sak Kontroll 8")]
    [InlineData(1, 5, 4)]
    [InlineData(1, 5, 3)]
    [InlineData(3, 8, 4)]
    public void Check_NationalGeneratorFullExportOnItsLastDay_NoErrorOrFatal(int seed, int municipalities, int years)
    {
        var to = new DateOnly(2026, 12, 3);
        using var store = new InMemoryEventStore();
        NationalGenerator.Generate(store, TempVern.CodeLists.Value, new NationalOptions(to, years, municipalities, seed, Parallelism: 2));
        var header = Header with { DatoUttrekk = new DateTimeOffset(to.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(1)) };
        var options = TestSupport.Options() with { AsOf = to };

        // `--full` without a period: every case of every municipality.
        var report = LiveRegisterCheck.Run(store.ReadStates(), header, options);
        var bad = report.CasesWithFindings.SelectMany(c => c.Issues.Where(i => i.Severity >= Severity.Error || i.Code == "vern.kodeliste.gyldighet")
            .Select(i => (c.JournalNumber, i))).ToList();
        Assert.True(report.CasesChecked > 1000, $"only {report.CasesChecked} cases");
        AssertClean(bad);
    }

    private static void AssertClean(List<(string JournalNumber, ValidationIssue i)> bad)
    {
        Assert.True(bad.Count == 0, $"{bad.Count} ERROR/FATAL or code-validity findings:\n" + string.Join("\n", bad.GroupBy(b => b.i.Code).Select(g =>
            $"{g.Count()} × {g.Key}: e.g. {g.First().JournalNumber} {g.First().i.Path}: {g.First().i.Message}")));
    }
}
