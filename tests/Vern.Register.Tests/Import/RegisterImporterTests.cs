using Vern.Domain.Cases;
using Vern.Domain.Validation;
using Vern.Register.Import;
using Vern.Register.Mapping;
using Vern.Register.Tests.Export;
using static Vern.Register.Tests.Export.Fixtures;

namespace Vern.Register.Tests.Import;

public class RegisterImporterTests
{
    [Fact]
    public void ImportThenExport_GivesEquivalentFiles()
    {
        using var source = new TempVern();
        Build(source.Cases);
        source.Export("out");
        using var target = new TempVern();

        var outcomes = new RegisterImporter(target.Cases, ReadOptions, "import", target.Clock).ImportPath(source.PathOf("out")).ToList();
        target.Export("again");

        Assert.All(outcomes, o => Assert.True(o.Imported, TestSupport.Describe(o.Issues)));
        foreach (var file in Directory.GetFiles(source.PathOf("out")))
            Assert.Equal(SakPart(file), SakPart(target.PathOf("again/" + Path.GetFileName(file))));
        // A retracted entry is delivered as a Slettet element; imported, it is kept as delivered and written back (issue 14 § 1).
        Assert.Contains("<Slettet Id=\"c0000000-0000-4000-8000-000000000004\"", SakPart(target.PathOf($"again/{AftercareCase}.xml")), StringComparison.Ordinal);
        var kept = Assert.Single(target.Store.LoadState(AftercareCase)!.DeletedElements);
        Assert.Equal(new Guid("c0000000-0000-4000-8000-000000000004"), kept.Id);
    }

    [Fact]
    public void Import_KeepsIdsOfStatusesAndVisits()
    {
        using var source = new TempVern();
        Build(source.Cases);
        source.Export("out");
        using var target = new TempVern();

        new RegisterImporter(target.Cases, ReadOptions, "import", target.Clock).ImportPath(source.PathOf("out")).ToList();

        var before = source.Store.LoadState(CareCase)!;
        var after = target.Store.LoadState(CareCase)!;
        Assert.Equal(before.Decisions[0].Statuses.Select(s => s.Id), after.Decisions[0].Statuses.Select(s => s.Id));
        Assert.Equal(before.Measures[0].Supervision!.Visits.Select(v => v.Id), after.Measures[0].Supervision!.Visits.Select(v => v.Id));
        Assert.Equal(before.PersonalDetails.Select(p => p.Id), after.PersonalDetails.Select(p => p.Id));
    }

    [Fact]
    [Trait("Rule", "Tiltak Kontroll 20")]
    public void Import_MeasureWithoutRelationFromDecision_RefusesThatCaseOnlyAndStoresNothing()
    {
        using var source = new TempVern();
        Build(source.Cases);
        source.Export("out");
        var bad = source.PathOf($"out/{CareCase}.xml");
        var xml = File.ReadAllText(bad);
        var start = xml.IndexOf("<Relasjon", xml.IndexOf("FraType=\"Vedtak\"", StringComparison.Ordinal) - 200, StringComparison.Ordinal);
        var vedtakTiltak = xml.IndexOf("TilType=\"Tiltak\"", StringComparison.Ordinal);
        var lineStart = xml.LastIndexOf("<Relasjon", vedtakTiltak, StringComparison.Ordinal);
        var lineEnd = xml.IndexOf("/>", vedtakTiltak, StringComparison.Ordinal) + 2;
        Assert.True(start >= 0);
        File.WriteAllText(bad, xml.Remove(lineStart, lineEnd - lineStart));
        using var target = new TempVern();

        var outcomes = new RegisterImporter(target.Cases, ReadOptions, "import", target.Clock).ImportPath(source.PathOf("out")).ToList();

        var refused = Assert.Single(outcomes, o => !o.Imported);
        Assert.Equal(CareCase.ToString(), refused.CaseId);
        var issue = Assert.Single(refused.Issues, i => i.Severity >= Severity.Error);
        Assert.Equal(MappingCodes.RelationMissing, issue.Code);
        Assert.Contains("Tiltak[Id=a0000000-0000-4000-8000-000000000005]", issue.Path, StringComparison.Ordinal);
        Assert.Contains("Tiltak Kontroll 20", issue.Source, StringComparison.Ordinal);
        Assert.Null(target.Store.LoadState(CareCase));
        Assert.Equal(2, outcomes.Count(o => o.Imported));
    }

    [Fact]
    [Trait("Rule", "vern: juridiske datoer kan ikke ligge fram i tid")]
    public void Import_FactTheDomainRefuses_NamesCaseElementAndRuleAndStoresNothing()
    {
        using var source = new TempVern();
        Build(source.Cases);
        source.Export("out");
        var file = source.PathOf($"out/{CareCase}.xml");
        File.WriteAllText(file, File.ReadAllText(file).Replace("UtfortDato=\"2025-01-10\"", "UtfortDato=\"2027-01-10\"", StringComparison.Ordinal));
        using var target = new TempVern();

        var outcome = new RegisterImporter(target.Cases, ReadOptions, "import", target.Clock).ImportFile(file);

        Assert.False(outcome.Imported);
        var issue = Assert.Single(outcome.Issues, i => i.Severity >= Severity.Error);
        Assert.Equal(RuleCodes.FutureDate, issue.Code);
        Assert.StartsWith($"Sak[Id={CareCase}]/Plan[Id={CarePlan}]/Evaluering: evaluatedOn", issue.Path, StringComparison.Ordinal);
        Assert.Null(target.Store.LoadState(CareCase));
        Assert.Equal(0, target.Store.CountEvents());
    }

    [Fact]
    public void Import_SameFileTwice_SecondIsRefusedAsExisting()
    {
        using var source = new TempVern();
        Build(source.Cases);
        source.Export("out");
        using var target = new TempVern();
        var importer = new RegisterImporter(target.Cases, ReadOptions, "import", target.Clock);
        var file = source.PathOf($"out/{DismissedCase}.xml");

        var first = importer.ImportFile(file);
        var second = importer.ImportFile(file);

        Assert.True(first.Imported);
        Assert.False(second.Imported);
        Assert.Contains(second.Issues, i => i.Code == RuleCodes.CaseExists);
    }

    [Fact]
    [Trait("Rule", "Validéring av innhold mot filbeskrivelse")]
    public void Import_FileBreakingTheXsd_IsRejectedWhole()
    {
        using var target = new TempVern();
        var file = target.PathOf("broken.xml");
        File.WriteAllText(file, "<Barnevern><Sak/></Barnevern>");

        var outcome = new RegisterImporter(target.Cases, ReadOptions, "import", target.Clock).ImportFile(file);

        Assert.False(outcome.Imported);
        Assert.Equal(MappingCodes.FileRejected, outcome.Issues[0].Code);
        Assert.Equal(0, target.Store.CountEvents());
    }
}

/// <summary>Files made by another system (the validator's realistic samples: own Relasjon ids, BarnetsMedvirkning, no Avsluttet).</summary>
public class ForeignFileImportTests
{
    [Fact]
    public void ImportThenExport_RealisticSamples_SameCaseExceptRelasjonIds()
    {
        using var vern = new TempVern();
        vern.Clock.Now = new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero); // some samples have visits after their DatoUttrekk
        Directory.CreateDirectory(vern.PathOf("in"));
        for (var seed = 1; seed <= 10; seed++)
        {
            var doc = Samples.RegisterSamples.Realistic(seed);
            RegisterWriter.WriteFile(doc.File, doc.Case, vern.PathOf($"in/{doc.Case.Id}.xml"));
        }

        var outcomes = new RegisterImporter(vern.Cases, ReadOptions, "import", vern.Clock).ImportPath(vern.PathOf("in")).ToList();
        new Vern.Register.Export.RegisterExporter(vern.Store, vern.Log).Export(TempVern.Options() with { MunicipalityNumber = "3201" }, vern.PathOf("out"));

        Assert.All(outcomes, o => Assert.True(o.Imported, o.File + ": " + TestSupport.Describe(o.Issues)));
        foreach (var file in Directory.GetFiles(vern.PathOf("in")))
        {
            var before = RegisterReader.ReadFile(file, ReadOptions).Document!.Case;
            var after = RegisterReader.ReadFile(vern.PathOf("out/" + Path.GetFileName(file)), ReadOptions).Document!.Case;
            Assert.Equal(before with { Relasjon = Model.ValueList<Model.Relasjon>.Empty }, after with { Relasjon = Model.ValueList<Model.Relasjon>.Empty });
            Assert.Equal(before.Relasjon.Select(r => (r.FraId, r.FraType, r.TilId, r.TilType)), after.Relasjon.Select(r => (r.FraId, r.FraType, r.TilId, r.TilType)));
        }
    }
}

public class ImportBatchTests
{
    [Fact]
    public void ImportPath_SameCaseInTwoFiles_FirstStoredSecondRefused()
    {
        using var source = new TempVern();
        Build(source.Cases);
        source.Export("out");
        var file = source.PathOf($"out/{DismissedCase}.xml");
        File.Copy(file, source.PathOf($"out/{DismissedCase}-again.xml"));
        using var target = new TempVern();

        var outcomes = new RegisterImporter(target.Cases, ReadOptions, "import", target.Clock) { BatchSize = 2 }.ImportPath(source.PathOf("out")).ToList();

        Assert.Equal(4, outcomes.Count);
        var twice = outcomes.Where(o => o.CaseId == DismissedCase.ToString()).ToList();
        Assert.Equal(1, twice.Count(o => o.Imported));
        Assert.Contains(twice.Single(o => !o.Imported).Issues, i => i.Code == RuleCodes.CaseExists);
        Assert.Equal(3, target.Store.ListCases().Count);
    }
}
