using Vern.Domain.Validation;
using Vern.Register.Check;
using Vern.Register.Export;
using Vern.Register.Import;
using Vern.Register.Model;
using Vern.Synthetic;
using static Vern.Register.Tests.Export.Fixtures;

namespace Vern.Register.Tests.Export;

/// <summary>The demo municipality (<see cref="DemoGenerator"/>: 7777 Vernvik, three years of cases made through the decider)
/// exported and checked file by file with .NET's XmlSchemaSet against SSB's Barnevern_v4.xsd.</summary>
public class DemoMunicipalityExportTests
{
    private static ExportOptions Options => new("7777", new Avgiver("997777999", "7777", "Vernvik"), new Fagsystem("Vern", "Vern", "test"),
        new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.FromHours(1)), MaxParallelism: 2);

    [Fact]
    [Trait("Rule", "Validéring av innhold mot filbeskrivelse")]
    public async Task Export_DemoMunicipality_EveryFileValidAgainstXsdAndImportsBackEquivalent()
    {
        using var vern = new TempVern();
        await DemoGenerator.GenerateAsync(vern.Store, TempVern.CodeLists.Value, new DemoOptions(new DateOnly(2026, 1, 15)));

        var summary = new RegisterExporter(vern.Store, vern.Log).Export(Options, vern.PathOf("demo"));

        var files = Directory.GetFiles(vern.PathOf("demo"), "*.xml");
        Assert.True(files.Length > 300, $"only {files.Length} files");
        Assert.Equal(vern.Store.ListCases("7777").Count, files.Length);
        Assert.Equal(files.Length, summary.FilesWritten);
        Assert.Empty(files.SelectMany(XsdErrors));

        using var target = new TempVern();
        var outcomes = new RegisterImporter(target.Cases, ReadOptions, "import", target.Clock).ImportPath(vern.PathOf("demo")).ToList();
        Assert.All(outcomes, o => Assert.True(o.Imported, o.File + ": " + TestSupport.Describe(o.Issues)));
        new RegisterExporter(target.Store, target.Log).Export(Options, target.PathOf("again"));
        foreach (var file in files)
            Assert.Equal(SakPart(file), SakPart(target.PathOf("again/" + Path.GetFileName(file))));
    }

    [Fact]
    public async Task Check_DemoMunicipality_NoFileLevelFindings()
    {
        using var vern = new TempVern();
        await DemoGenerator.GenerateAsync(vern.Store, TempVern.CodeLists.Value, new DemoOptions(new DateOnly(2026, 1, 15)));
        var header = new RegisterFile("5a0e7e55-0000-4000-8000-000000000000", Options.ExtractedAt, null, Options.Fagsystem, Options.Avgiver);

        var report = LiveRegisterCheck.Run(vern.Store.ReadStates("7777"), header, TestSupport.Options());

        Assert.Equal(vern.Store.ListCases("7777").Count, report.CasesChecked);
        Assert.DoesNotContain(report.CasesWithFindings.SelectMany(c => c.Issues), i => i.Severity == Severity.Fatal);
    }
}
