using System.Text.Json;
using Vern.Domain.Cases;
using Vern.Domain.People;
using Vern.Domain.Validation;
using Vern.Tests;
using static Vern.Tests.ServiceFixture;

namespace Vern.Storage.Tests;

/// <summary>Every refusal the foundation issue lists: the error names the field and the rule, and nothing
/// is stored (same event count, same snapshot) — on a real SQLite file.</summary>
public sealed class CaseServiceRefusalTests : IDisposable
{
    private readonly ServiceFixture _f = new();
    private readonly CaseState _case;
    private readonly EntryId _report = EntryId.Parse("11111111-1111-4111-8111-111111111111");
    private readonly EntryId _investigation = EntryId.Parse("22222222-2222-4222-8222-222222222222");

    public CaseServiceRefusalTests()
    {
        _case = _f.Service.Open(OpenCommand(), "tester");
        _f.Service.Execute(_case.Id, new ReceiveReport(D(2024, 1, 10), Codes("11"), Codes("8"), _report), "tester");
        _f.Service.Execute(_case.Id, new OpenInvestigation(_report, D(2024, 1, 15), _investigation), "tester");
    }

    public void Dispose() => _f.Dispose();

    /// <summary>Runs a refused command and returns its single issue, asserting that nothing changed.</summary>
    private ValidationIssue Refused(CaseId caseId, CaseCommand command)
    {
        var events = _f.Store.CountEvents();
        var cases = _f.Store.ListCases().Count;
        var snapshot = JsonSerializer.Serialize(_f.Store.LoadState(_case.Id), CaseJson.Options);
        var e = Assert.Throws<DomainRuleException>(() => _f.Service.Execute(caseId, command, "tester"));
        Assert.Equal(events, _f.Store.CountEvents());
        Assert.Equal(cases, _f.Store.ListCases().Count);
        Assert.Equal(snapshot, JsonSerializer.Serialize(_f.Store.LoadState(_case.Id), CaseJson.Options));
        return Assert.Single(e.Issues);
    }

    [Fact]
    [Trait("Rule", RuleCodes.IdentifierInvalid)]
    public void OpenCase_FodselsnummerFailsMod11_RefusedNamingField()
    {
        var events = _f.Store.CountEvents();
        var bad = new OpenCase("4601", "2024/2", D(2024, 2, 1), new ChildInput("14031550102", null, Sex.Female));
        var e = Assert.Throws<DomainRuleException>(() => _f.Service.Open(bad, "tester"));
        var issue = Assert.Single(e.Issues);
        Assert.Equal("child.identifier", issue.Path);
        Assert.Equal("child.identifier: fødselsnummer/D-nummer 14031550102 er ugyldig – kontrollsifrene stemmer ikke (modulus 11).", issue.Message);
        Assert.Equal(events, _f.Store.CountEvents());
        Assert.Single(_f.Store.ListCases());
    }

    [Fact]
    [Trait("Rule", RuleCodes.IdentifierInvalid)]
    public void RecordPersonalDetails_DNummerFailsMod11_Refused()
    {
        // D-nummer: day + 40 (14 → 54); last digit altered so the second control digit fails.
        var issue = Refused(_case.Id, new RecordPersonalDetails(D(2024, 3, 1), new ChildInput("54031550101", null, Sex.Female)));
        Assert.Equal(RuleCodes.IdentifierInvalid, issue.Code);
        Assert.Contains("kontrollsifrene stemmer ikke (modulus 11)", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", RuleCodes.EndBeforeStart)]
    public void CloseCase_EndBeforeStart_Refused()
    {
        var issue = Refused(_case.Id, new CloseCase(D(2024, 1, 9)));
        Assert.Equal(RuleCodes.EndBeforeStart, issue.Code);
        Assert.Equal("closedOn", issue.Path);
        Assert.Equal("closedOn (2024-01-09) er før openedOn (2024-01-10); en periode kan ikke slutte før den starter.", issue.Message);
    }

    [Fact]
    [Trait("Rule", RuleCodes.ConcludedBeforeOpened)]
    public void ConcludeInvestigation_BeforeOpened_Refused()
    {
        // barnevernsloven § 2-2; SSB Undersøkelse Kontroll 2a.
        var issue = Refused(_case.Id, new ConcludeInvestigation(_investigation, D(2024, 1, 14), new CodedValue("3"), []));
        Assert.Equal(RuleCodes.ConcludedBeforeOpened, issue.Code);
        Assert.Equal("concludedOn", issue.Path);
        Assert.Equal("concludedOn (2024-01-14): undersøkelsen kan ikke konkluderes før den ble åpnet (2024-01-15).", issue.Message);
    }

    [Fact]
    [Trait("Rule", RuleCodes.CodeNotValidOnDate)]
    public void ReceiveReport_ReporterCodeNotYetValid_Refused()
    {
        // Kodelister.md Melder: code 24 (Lege / Sykehus) is valid from 2025-01-01.
        var issue = Refused(_case.Id, new ReceiveReport(D(2024, 6, 1), Codes("24"), Codes("8")));
        Assert.Equal(RuleCodes.CodeNotValidOnDate, issue.Code);
        Assert.Equal("reporters[0]", issue.Path);
        Assert.Equal("reporters[0]: koden 24 i kodelisten Melder gjelder ikke 2024-06-01 (gyldig 2025-01-01–).", issue.Message);
    }

    [Fact]
    [Trait("Rule", RuleCodes.CodeNotValidOnDate)]
    public void ReceiveReport_CaseContentCodeExpired_Refused()
    {
        // Kodelister.md Saksinnhold: code 4 ended 2020-12-31 ("4 deles i 20, 21, 22, 23, 24 og 28").
        var issue = Refused(_case.Id, new ReceiveReport(D(2024, 6, 1), Codes("11"), Codes("4")));
        Assert.Equal("contents[0]: koden 4 i kodelisten Saksinnhold gjelder ikke 2024-06-01 (gyldig 2013-01-01–2020-12-31).", issue.Message);
    }

    [Fact]
    [Trait("Rule", RuleCodes.MeasureNeedsDecision)]
    public void StartMeasure_WithoutDecision_Refused()
    {
        var missing = EntryId.Parse("99999999-9999-4999-8999-999999999999");
        var issue = Refused(_case.Id, new StartMeasure(missing, D(2024, 3, 1), new CodedValue("3.2")));
        Assert.Equal(RuleCodes.MeasureNeedsDecision, issue.Code);
        Assert.Equal("decisionId", issue.Path);
        Assert.Equal("decisionId: et tiltak må ha et vedtak i saken – 99999999-9999-4999-8999-999999999999 finnes ikke.", issue.Message);
    }

    [Fact]
    [Trait("Rule", RuleCodes.CaseUnknown)]
    public void Execute_UnknownCase_Refused()
    {
        var unknown = CaseId.Parse("88888888-8888-4888-8888-888888888888");
        var issue = Refused(unknown, new ReceiveReport(D(2024, 6, 1), Codes("11"), Codes("8")));
        Assert.Equal(RuleCodes.CaseUnknown, issue.Code);
        Assert.Equal("Saken 88888888-8888-4888-8888-888888888888 finnes ikke.", issue.Message);
        Assert.Empty(_f.Store.ReadStream(unknown));
    }

    [Fact]
    [Trait("Rule", RuleCodes.FutureDate)]
    public void ReceiveReport_TomorrowsDate_Refused()
    {
        var issue = Refused(_case.Id, new ReceiveReport(D(2026, 11, 24), Codes("11"), Codes("1.1.01")));
        Assert.Equal(RuleCodes.FutureDate, issue.Code);
    }

    [Fact]
    [Trait("Rule", RuleCodes.ActNotInForce)]
    public void MakeDecision_1992ActAfter2023_Refused()
    {
        // SSB Vedtak Kontroll 4/5: a decision from 2023 must cite BVL2021, not BVL (1992).
        var issue = Refused(_case.Id, new MakeDecision(D(2024, 2, 1), new Vern.Domain.Law.LegalBasis("BVL", "4", "4")));
        Assert.Equal(RuleCodes.ActNotInForce, issue.Code);
        Assert.Equal("legalBasis", issue.Path);
        Assert.Equal("legalBasis: BVL gjaldt ikke 2024-02-01; for denne datoen gjelder BVL2021.", issue.Message);
    }
}
