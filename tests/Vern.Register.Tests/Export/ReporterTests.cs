using Vern.Register.Export;
using Vern.Register.Model;

namespace Vern.Register.Tests.Export;

/// <summary>The Avgiver is never made up (issue 14): it comes from what the user gives, what an import recorded, the built-in
/// list (the three cities Avgiver Kontroll 1 names) or a list the caller carries; else the export is refused.</summary>
public class ReporterTests
{
    [Fact]
    [Trait("Rule", "Barnevern_v4.xsd Avgiver")]
    public void Resolve_NothingKnown_RefusesNamingTheOptions()
    {
        var e = Assert.Throws<ReporterUnknownException>(() => Reporter.Resolve("1108", new ReporterSettings(), null, null, out _));
        Assert.Contains("kommune 1108", e.Message, StringComparison.Ordinal);
        Assert.Contains("--org-number", e.Message, StringComparison.Ordinal);
        Assert.Contains("--municipality-name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "Barnevern_v4.xsd Avgiver")]
    public void Resolve_OrgNumberWithoutName_Refused() =>
        Assert.Throws<ReporterUnknownException>(() => Reporter.Resolve("1108", new ReporterSettings("964965226"), null, null, out _));

    [Fact]
    [Trait("Rule", "Barnevern_v4.xsd Avgiver")]
    public void Resolve_RecordedFromImport_UsedWithItsDistrict()
    {
        var recorded = new Avgiver("958935420", "0301", "Oslo", "01", "Gamle Oslo");

        var avgiver = Reporter.Resolve("0301", new ReporterSettings(), recorded, null, out var source);

        Assert.Equal(recorded, avgiver);
        Assert.Equal(ReporterSource.Recorded, source);
    }

    [Fact]
    [Trait("Rule", "Barnevern_v4.xsd Avgiver")]
    public void Resolve_GivenOverridesRecorded()
    {
        var avgiver = Reporter.Resolve("1108", new ReporterSettings("964965226", "Sandnes"), new Avgiver("999999999", "1108", "Old"), null, out var source);

        Assert.Equal(new Avgiver("964965226", "1108", "Sandnes"), avgiver);
        Assert.Equal(ReporterSource.Given, source);
    }

    [Fact]
    [Trait("Rule", "Avgiver Kontroll 1")]
    public void Resolve_Bergen_FromBuiltInListWithoutDistrict_LacksDistrict()
    {
        // Kravspesifikasjon Avgiver Kontroll 1 names 958935420 (Oslo), 964338531 (Bergen), 942110464 (Trondheim).
        var avgiver = Reporter.Resolve("4601", new ReporterSettings(), null, null, out var source);

        Assert.Equal(("964338531", "Bergen"), (avgiver.Organisasjonsnummer, avgiver.Kommunenavn));
        Assert.Equal(ReporterSource.BuiltIn, source);
        Assert.True(Reporter.LacksDistrict(avgiver));
    }

    [Fact]
    [Trait("Rule", "Barnevern_v4.xsd Avgiver")]
    public void Resolve_ListedByCaller_Used()
    {
        var avgiver = Reporter.Resolve("7777", new ReporterSettings(), null, ("107777007", "Vernvik"), out var source);
        Assert.Equal(new Avgiver("107777007", "7777", "Vernvik"), avgiver);
        Assert.Equal(ReporterSource.Listed, source);
    }

    [Fact]
    public async Task ReporterLog_RecordsAndReturnsLatest()
    {
        using var vern = new TempVern();
        using var log = new Vern.Storage.Sqlite.SqliteReporterLog(vern.DbPath);

        await log.RecordAsync(Reporter.ToRecord(new Avgiver("964965226", "1108", "Sandnes")), "import register a.zip", TempVern.Now);
        await log.RecordAsync(Reporter.ToRecord(new Avgiver("964965226", "1108", "Sandnes kommune")), "export --org-number", TempVern.Now);

        Assert.Equal(new Avgiver("964965226", "1108", "Sandnes kommune"), Reporter.FromRecord(await log.LatestAsync("1108")));
        Assert.Null(await log.LatestAsync("1103"));
    }
}
