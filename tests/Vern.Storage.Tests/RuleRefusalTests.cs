using System.Collections.Immutable;
using System.Text.Json;
using Vern.Domain.Cases;
using Vern.Domain.Law;
using Vern.Domain.People;
using Vern.Domain.Validation;
using Vern.Tests;
using static Vern.Tests.ServiceFixture;

namespace Vern.Storage.Tests;

/// <summary>The command rules no other test refused: each refusal names the field, gives the rule's bokmål
/// message and stores nothing (same event count, same case count, same snapshot) — on a real SQLite file.</summary>
public sealed class RuleRefusalTests : IDisposable
{
    private readonly ServiceFixture _f = new();
    private readonly CaseState _case;
    private readonly EntryId _report = EntryId.Parse("11111111-1111-4111-8111-111111111111");
    private readonly EntryId _investigation = EntryId.Parse("22222222-2222-4222-8222-222222222222");
    private readonly EntryId _decision = EntryId.Parse("33333333-3333-4333-8333-333333333333");
    private readonly EntryId _unknown = EntryId.Parse("99999999-9999-4999-8999-999999999999");

    public RuleRefusalTests()
    {
        _case = _f.Service.Open(OpenCommand(), "tester");
        _f.Service.Execute(_case.Id, new ReceiveReport(D(2024, 1, 10), Codes("11"), Codes("8"), _report), "tester");
        _f.Service.Execute(_case.Id, new OpenInvestigation(_report, D(2024, 1, 15), _investigation), "tester");
        _f.Service.Execute(_case.Id, new MakeDecision(D(2024, 3, 1), Bvl2021("3", "1"), Id: _decision), "tester");
    }

    public void Dispose() => _f.Dispose();

    /// <summary>Runs a refused command and returns its single issue, asserting that nothing changed.</summary>
    private ValidationIssue Refused(CaseCommand command)
    {
        var events = _f.Store.CountEvents();
        var cases = _f.Store.ListCases().Count;
        var snapshot = JsonSerializer.Serialize(_f.Store.LoadState(_case.Id), CaseJson.Options);
        var e = Assert.Throws<DomainRuleException>(() => _f.Service.Execute(_case.Id, command, "tester"));
        Assert.Equal(events, _f.Store.CountEvents());
        Assert.Equal(cases, _f.Store.ListCases().Count);
        Assert.Equal(snapshot, JsonSerializer.Serialize(_f.Store.LoadState(_case.Id), CaseJson.Options));
        return Assert.Single(e.Issues);
    }

    /// <summary>Opens a case that is refused and returns its single issue, asserting that nothing was stored.</summary>
    private ValidationIssue RefusedOpen(OpenCase command)
    {
        var events = _f.Store.CountEvents();
        var cases = _f.Store.ListCases().Count;
        var e = Assert.Throws<DomainRuleException>(() => _f.Service.Open(command, "tester"));
        Assert.Equal(events, _f.Store.CountEvents());
        Assert.Equal(cases, _f.Store.ListCases().Count);
        return Assert.Single(e.Issues);
    }

    [Fact]
    [Trait("Rule", RuleCodes.InvestigationBeforeReport)]
    public void OpenInvestigation_BeforeTheReportWasReceived_Refused()
    {
        // barnevernsloven § 2-2: an investigation follows a report (melding); it cannot start before it was received.
        var later = EntryId.Parse("44444444-4444-4444-8444-444444444444");
        _f.Service.Execute(_case.Id, new ReceiveReport(D(2024, 2, 1), Codes("11"), Codes("8"), later), "tester");
        var issue = Refused(new OpenInvestigation(later, D(2024, 1, 31)));
        Assert.Equal(RuleCodes.InvestigationBeforeReport, issue.Code);
        Assert.Equal("startedOn", issue.Path);
        Assert.Equal("startedOn (2024-01-31) er før meldingen ble mottatt (2024-02-01).", issue.Message);
    }

    [Fact]
    [Trait("Rule", RuleCodes.ReportHasInvestigation)]
    public void OpenInvestigation_ReportAlreadyInvestigated_Refused()
    {
        // SSB Undersøkelse Kontroll 20: an undersøkelse has its relation from one melding.
        var issue = Refused(new OpenInvestigation(_report, D(2024, 1, 20)));
        Assert.Equal(RuleCodes.ReportHasInvestigation, issue.Code);
        Assert.Equal("reportId", issue.Path);
        Assert.Equal("reportId: meldingen 11111111-1111-4111-8111-111111111111 har allerede undersøkelsen 22222222-2222-4222-8222-222222222222.", issue.Message);
    }

    [Fact]
    [Trait("Rule", RuleCodes.MeasureBeforeDecision)]
    public void StartMeasure_BeforeItsDecision_Refused()
    {
        var issue = Refused(new StartMeasure(_decision, D(2024, 2, 29), new CodedValue("3.2")));
        Assert.Equal(RuleCodes.MeasureBeforeDecision, issue.Code);
        Assert.Equal("startedOn", issue.Path);
        Assert.Equal("startedOn (2024-02-29) er før vedtaket ble fattet (2024-03-01).", issue.Message);
    }

    [Fact]
    [Trait("Rule", RuleCodes.IdentifierSexMismatch)]
    public void RecordPersonalDetails_GirlsNumberGivenAsBoy_Refused()
    {
        // SSB Personalia Kontroll 14: the ninth digit is even for a girl; Kjønn 1 = Mann / Gutt, 2 = Kvinne / Jente.
        var issue = Refused(new RecordPersonalDetails(D(2024, 3, 1), new ChildInput(Fnr(D(2015, 3, 14), Sex.Female), null, Sex.Male)));
        Assert.Equal(RuleCodes.IdentifierSexMismatch, issue.Code);
        Assert.Equal("child.sex", issue.Path);
        Assert.Equal("child.sex: fødselsnummeret viser kjønn 2 (Kvinne / Jente), men kjønn er oppgitt som 1 (Mann / Gutt).", issue.Message);
    }

    [Fact]
    [Trait("Rule", RuleCodes.EntryIdTaken)]
    public void ReceiveReport_IdAlreadyUsedInTheCase_Refused()
    {
        // Barnevern_v4.xsd: Id is unique per element type in a case (versjonsinfo.md v.2.2.1).
        var issue = Refused(new ReceiveReport(D(2024, 2, 1), Codes("11"), Codes("8"), _investigation));
        Assert.Equal(RuleCodes.EntryIdTaken, issue.Code);
        Assert.Equal("id", issue.Path);
        Assert.Equal("id: id 22222222-2222-4222-8222-222222222222 er allerede brukt i saken.", issue.Message);
    }

    [Fact]
    [Trait("Rule", RuleCodes.EntryUnknown)]
    public void ConcludeReport_UnknownReport_Refused()
    {
        var issue = Refused(new ConcludeReport(_unknown, D(2024, 2, 1), "1"));
        Assert.Equal(RuleCodes.EntryUnknown, issue.Code);
        Assert.Equal("reportId", issue.Path);
        Assert.Equal("reportId: Meldingen 99999999-9999-4999-8999-999999999999 finnes ikke i saken.", issue.Message);
    }

    [Fact]
    [Trait("Rule", RuleCodes.CaseNotClosed)]
    public void ReopenCase_CaseIsOpen_Refused()
    {
        var issue = Refused(new ReopenCase(D(2024, 4, 1)));
        Assert.Equal(RuleCodes.CaseNotClosed, issue.Code);
        Assert.Equal("caseId", issue.Path);
        Assert.Equal("Saken er ikke avsluttet og kan ikke gjenåpnes.", issue.Message);
    }

    [Fact]
    [Trait("Rule", RuleCodes.TooLong)]
    public void OpenCase_JournalNumberOf37Characters_Refused()
    {
        // Barnevern_v4.xsd Sak/@Journalnummer: at most 36 characters (versjonsinfo.md v.1.1.0: "endret fra 20 til 36 tegn").
        var issue = RefusedOpen(OpenCommand(journal: new string('7', 37)));
        Assert.Equal(RuleCodes.TooLong, issue.Code);
        Assert.Equal("journalNumber", issue.Path);
        Assert.Equal("journalNumber kan ha høyst 36 tegn.", issue.Message);
    }

    [Fact]
    [Trait("Rule", RuleCodes.CodesRequired)]
    public void ReceiveReport_NoReporter_Refused()
    {
        // SSB Melding Kontroll 4: a concluded melding must have melder(e). A melding may be received before its melder is
        // known (issue 14), but it cannot be concluded without one.
        var report = new EntryId(Guid.NewGuid());
        _f.Service.Execute(_case.Id, new ReceiveReport(D(2024, 2, 1), [], Codes("8"), report), "tester");
        var issue = Refused(new ConcludeReport(report, D(2024, 2, 5), "1"));
        Assert.Equal(RuleCodes.CodesRequired, issue.Code);
        Assert.Equal("reporters", issue.Path);
        Assert.Equal("reporters: minst én kode må oppgis.", issue.Message);
    }

    [Fact]
    [Trait("Rule", RuleCodes.ActUnknown)]
    public void MakeDecision_ActNotInTheRegistersList_Refused()
    {
        // Barnevern_v4.xsd LovhjemmelType/Lov: BVL, BVL2021 or BL1981; SSB Vedtak Kontroll 4.
        var issue = Refused(new MakeDecision(D(2024, 3, 2), new LegalBasis("BVL1992", "4", "12")));
        Assert.Equal(RuleCodes.ActUnknown, issue.Code);
        Assert.Equal("legalBasis", issue.Path);
        Assert.Equal("legalBasis: loven BVL1992 finnes ikke (gyldige: BVL, BVL2021, BL1981).", issue.Message);
    }

    [Fact]
    [Trait("Rule", RuleCodes.LegalBasisFormat)]
    public void MakeDecision_SectionWithParagraphSign_Refused()
    {
        // Barnevern_v4.xsd LovhjemmelType: Paragraf is digits with an optional letter suffix, e.g. "1" or "1a".
        var issue = Refused(new MakeDecision(D(2024, 3, 2), new LegalBasis("BVL2021", "5", "§1", ImmutableArray.Create("1"))));
        Assert.Equal(RuleCodes.LegalBasisFormat, issue.Code);
        Assert.Equal("legalBasis", issue.Path);
        Assert.Equal("legalBasis: Paragraf «§1» har feil format.", issue.Message);
    }
}
