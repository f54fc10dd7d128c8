using Vern.Domain.Cases;
using Vern.Domain.People;
using Vern.Domain.Validation;
using Vern.Register.Check;
using Vern.Register.Mapping;
using Vern.Register.Model;
using static Vern.Register.Tests.Export.Fixtures;

namespace Vern.Register.Tests.Export;

public class LiveRegisterCheckTests
{
    private static readonly RegisterFile Header = new("5a0e7e55-0000-4000-8000-000000000000",
        new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.FromHours(1)), null,
        new Fagsystem("Vern", "Vern", "test"), new Avgiver("964338531", "4601", "Bergen", "01", "Bergenhus"));

    [Fact]
    [Trait("Rule", "Sak Kontroll 21")]
    public void Run_OpenCaseWithNothingInIt_FindsSakKontroll21WithJournalNumberAndCaseworker()
    {
        using var vern = new TempVern();
        vern.Cases.ExecuteAll(CareCase,
        [
            new OpenCase(Municipality, "2025/99", D(2025, 9, 1), new ChildInput(Fnr(D(2015, 3, 14), Sex.Female), null, Sex.Female)),
            new AssignCaseworker("ola.saksbehandler", D(2025, 9, 1)),
        ], "test");

        var report = LiveRegisterCheck.Run(vern.Store.ReadStates(Municipality), Header, TestSupport.Options());

        var result = Assert.Single(report.CasesWithFindings);
        Assert.Equal("2025/99", result.JournalNumber);
        Assert.Equal("ola.saksbehandler", result.CaseworkerId);
        Assert.Contains(result.Issues, i => i.Code == "Sak Kontroll 21" && i.Severity == Severity.Error);
    }

    [Fact]
    public void Check_SameCaseAsExportedFile_SameFindingsAsTheFileValidator()
    {
        using var vern = new TempVern();
        Build(vern.Cases);
        vern.Export("out");
        var state = vern.Store.LoadState(CareCase)!;

        var live = LiveRegisterCheck.Check(state, Header, TestSupport.Options());
        var file = RegisterValidation.ValidateFile(vern.PathOf($"out/{CareCase}.xml"), TestSupport.Options());

        Assert.Equal(file.Issues.Select(i => (i.Code, i.Path)), live.Select(i => (i.Code, i.Path)));
    }

    [Fact]
    [Trait("Rule", "Barnevern_v4.xsd TilsynType")]
    public void Check_SupervisionWithoutResponsibleMunicipality_ReportsTheMappingFinding()
    {
        using var vern = new TempVern();
        vern.Cases.ExecuteAll(CareCase,
        [
            new OpenCase(Municipality, "2024/1", D(2024, 1, 10), new ChildInput(Fnr(D(2015, 3, 14), Sex.Female), null, Sex.Female)),
            new MakeDecision(D(2024, 1, 10), new Domain.Law.LegalBasis("BVL2021", "5", "1"), Id: Fixtures.Decision),
            new StartMeasure(Fixtures.Decision, D(2024, 1, 11), new CodedValue("2.2"), Id: FosterHome),
            new SetVisitFrequency(FosterHome, VisitKind.Supervision, D(2024, 1, 11), 4),
        ], "test");

        var issues = LiveRegisterCheck.Check(vern.Store.LoadState(CareCase)!, Header, TestSupport.Options());

        Assert.Equal(MappingCodes.SupervisionIncomplete, issues[0].Code);
        Assert.DoesNotContain(issues, i => i.Severity == Severity.Fatal); // the file the export would write is still valid
    }
}

public class LiveRegisterCheckHeaderTests
{
    [Fact]
    [Trait("Rule", "Avgiver Kontroll 1")]
    public void Check_BergenWithoutDistrict_HeaderFindingNotBlamedOnTheCase()
    {
        using var vern = new TempVern();
        Build(vern.Cases);
        var header = new RegisterFile("5a0e7e55-0000-4000-8000-000000000000", new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.FromHours(1)), null,
            new Fagsystem("Vern", "Vern", "test"), new Avgiver("964338531", "4601", "Bergen"));

        var issues = LiveRegisterCheck.Check(vern.Store.LoadState(CareCase)!, header, TestSupport.Options());

        Assert.DoesNotContain(issues, i => i.Code.StartsWith("Avgiver", StringComparison.Ordinal));
    }
}
