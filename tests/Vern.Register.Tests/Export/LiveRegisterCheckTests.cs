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

    [Theory]
    [Trait("Rule", "Personalia Kontroll 14")]
    [InlineData(Sex.Female, "00200")]
    [InlineData(Sex.Male, "00100")]
    public void Check_ChildWithoutNumber_NoSexFindingAndTheTailFollowsTheSex(Sex sex, string tail)
    {
        // Kravspesifikasjon Personalia Kontroll 14 (ERROR): the 9th digit of a number not ending 99999 gives the sex (odd 1,
        // even 2). A girl with no fødselsnummer is sent as DDMMÅÅ + 00200, never 00100, so SSB finds nothing.
        using var vern = new TempVern();
        vern.Cases.ExecuteAll(CareCase,
        [
            new OpenCase(Municipality, "2025/98", D(2025, 9, 1), new ChildInput(null, D(2015, 3, 14), sex)),
            new ReceiveReport(D(2025, 9, 1), [new CodedValue("11")], []),
        ], "test");
        var state = vern.Store.LoadState(CareCase)!;

        var issues = LiveRegisterCheck.Check(state, Header, TestSupport.Options());

        Assert.Equal("140315" + tail, CaseToRegister.Map(state).Case.Personalia[0].Fodselsnummer);
        Assert.DoesNotContain(issues, i => i.Code == "Personalia Kontroll 14");
        Assert.DoesNotContain(issues, i => i.Severity >= Severity.Error);
    }

    [Fact]
    [Trait("Rule", "Personalia Kontroll 14")]
    public void OpenCase_GirlGivenABoysIncompleteNumber_RefusedAtEntry()
    {
        // The other side: DDMMÅÅ + 00100 (9th digit odd) for a girl would be an ERROR at SSB, so the domain refuses it.
        using var vern = new TempVern();

        var e = Assert.Throws<Vern.Domain.Validation.DomainRuleException>(() => vern.Cases.ExecuteAll(CareCase,
            [new OpenCase(Municipality, "2025/97", D(2025, 9, 1), new ChildInput("14031500100", null, Sex.Female))], "test"));

        var issue = Assert.Single(e.Issues);
        Assert.Equal(Vern.Domain.Validation.RuleCodes.IdentifierSexMismatch, issue.Code);
        Assert.Contains("kjønn 1 (Mann / Gutt)", issue.Message, StringComparison.Ordinal);
        Assert.Null(vern.Store.LoadState(CareCase));
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
