using Vern.Domain.Cases;
using Vern.Domain.Validation;
using static Vern.Domain.Tests.Cases.B;

namespace Vern.Domain.Tests.Cases;

/// <summary>The decider's rules beyond the foundation's listed refusals, one row per rule.</summary>
public class CaseDeciderRuleTests
{
    private static readonly EntryId Report = EntryId.Parse("11111111-1111-4111-8111-111111111111");
    private static readonly EntryId Investigation = EntryId.Parse("22222222-2222-4222-8222-222222222222");

    private static string RefusedCode(params CaseCommand[] commands)
    {
        var e = Assert.Throws<DomainRuleException>(() => Run(commands));
        return Assert.Single(e.Issues).Code;
    }

    [Fact]
    [Trait("Rule", RuleCodes.ReportDismissed)]
    public void OpenInvestigation_FromDismissedReport_Refused() =>
        Assert.Equal(RuleCodes.ReportDismissed, RefusedCode(
            Open(),
            new ReceiveReport(D(2024, 1, 10), Codes("11"), Codes("8"), Report),
            new ConcludeReport(Report, D(2024, 1, 12), "1"),
            new OpenInvestigation(Report, D(2024, 1, 15))));

    [Fact]
    [Trait("Rule", RuleCodes.AlreadyConcluded)]
    public void ConcludeReport_Twice_Refused() =>
        Assert.Equal(RuleCodes.AlreadyConcluded, RefusedCode(
            Open(),
            new ReceiveReport(D(2024, 1, 10), Codes("11"), Codes("8"), Report),
            new ConcludeReport(Report, D(2024, 1, 12), "1"),
            new ConcludeReport(Report, D(2024, 1, 13), "3")));

    [Fact]
    [Trait("Rule", RuleCodes.SpecificationRequired)]
    public void StartMeasure_CategoryNeedsSpecification_Refused()
    {
        // Kodelister.md Tiltak/Kategori 1.99 "krever presisering"; SSB Tiltak Kontroll 7.
        var decision = EntryId.Parse("33333333-3333-4333-8333-333333333333");
        Assert.Equal(RuleCodes.SpecificationRequired, RefusedCode(
            Open(),
            new MakeDecision(D(2024, 2, 1), Bvl2021("3", "1"), Id: decision),
            new StartMeasure(decision, D(2024, 2, 2), new CodedValue("1.99"))));
    }

    [Fact]
    [Trait("Rule", RuleCodes.BeforeCaseStart)]
    public void ReceiveReport_BeforeCaseOpened_Refused() =>
        // SSB Melding Kontroll 2e: StartDato er før sakens StartDato.
        Assert.Equal(RuleCodes.BeforeCaseStart, RefusedCode(Open(D(2024, 1, 10)), new ReceiveReport(D(2024, 1, 9), Codes("11"), Codes("8"))));

    [Fact]
    [Trait("Rule", RuleCodes.CaseClosed)]
    public void ReceiveReport_OnClosedCase_RefusedUntilReopened()
    {
        Assert.Equal(RuleCodes.CaseClosed, RefusedCode(Open(), new CloseCase(D(2024, 6, 1)), new ReceiveReport(D(2024, 7, 1), Codes("11"), Codes("8"))));
        var (state, _) = Run(Open(), new CloseCase(D(2024, 6, 1)), new ReopenCase(D(2024, 7, 1)), new ReceiveReport(D(2024, 7, 1), Codes("11"), Codes("8")));
        Assert.Single(state.Reports);
    }

    [Fact]
    [Trait("Rule", RuleCodes.ExtensionNotRequested)]
    public void DecideExtension_NotRequested_Refused() =>
        Assert.Equal(RuleCodes.ExtensionNotRequested, RefusedCode(
            Open(),
            new ReceiveReport(D(2024, 1, 10), Codes("11"), Codes("8"), Report),
            new OpenInvestigation(Report, D(2024, 1, 15), Investigation),
            new DecideExtension(Investigation, true)));

    [Fact]
    [Trait("Rule", RuleCodes.VisitFrequencyInvalid)]
    public void SetVisitFrequency_ThreePerYear_Refused()
    {
        // Barnevern_v4.xsd Oppfolging/Hyppighet: 4 (standard) or 2 (reduced).
        var decision = EntryId.Parse("33333333-3333-4333-8333-333333333333");
        var measure = EntryId.Parse("44444444-4444-4444-8444-444444444444");
        Assert.Equal(RuleCodes.VisitFrequencyInvalid, RefusedCode(
            Open(),
            new MakeDecision(D(2024, 2, 1), Bvl2021("5", "1"), Id: decision),
            new StartMeasure(decision, D(2024, 2, 2), new CodedValue("2.2"), Id: measure),
            new SetVisitFrequency(measure, VisitKind.FollowUp, D(2024, 2, 2), 3)));
    }

    [Fact]
    public void RetractEntry_RemovesFromStateButKeepsHistory()
    {
        var (state, events) = Run(
            Open(),
            new ReceiveReport(D(2024, 1, 10), Codes("11"), Codes("8"), Report),
            new RetractEntry(Report, D(2024, 1, 11), "Registrert på feil barn"));
        Assert.Empty(state.Reports);
        Assert.Equal(EntryKind.Melding, Assert.Single(state.Retractions).Kind);
        Assert.Contains(events, e => e is ReportOfConcernReceived);
    }

    [Fact]
    public void Decide_SeveralRulesBroken_ReportsEveryOne()
    {
        var e = Assert.Throws<DomainRuleException>(() => Run(new OpenCase("46", "", D(2024, 1, 1), new ChildInput("12345678901", null, Vern.Domain.People.Sex.Male))));
        Assert.Equal([RuleCodes.MunicipalityInvalid, RuleCodes.Required, RuleCodes.IdentifierInvalid], e.Issues.Select(i => i.Code));
    }

    [Fact]
    [Trait("Rule", RuleCodes.CodeNotValidOnDate)]
    public void MakeDecision_2019UnderThe1992Act_AcceptsTheStatusListsFirstCodes()
    {
        // Vedtak/Status codes are "Gyldig fra 2022-01-01", when SSB's list began; older decisions (the 1992 Act)
        // are still recorded with them. barnevernloven (1992) § 4-4: hjelpetiltak.
        var (state, _) = Run(Open(D(2019, 3, 1)), new MakeDecision(D(2019, 3, 5), new Vern.Domain.Law.LegalBasis("BVL", "4", "4")));
        Assert.Equal("1", Assert.Single(state.Decisions).CurrentStatus.Code);
    }

    [Fact]
    [Trait("Rule", RuleCodes.DufInvalid)]
    public void RecordPersonalDetails_DufWithWrongControlDigits_Refused()
    {
        // SSB Personalia Kontroll 17: the register refuses it, so the case does too.
        var e = Assert.Throws<DomainRuleException>(() => Run(Open(),
            new RecordPersonalDetails(D(2024, 2, 1), new ChildInput(null, D(2015, 3, 14), Vern.Domain.People.Sex.Female, DufNumber: "201412345608"))));
        var issue = Assert.Single(e.Issues);
        Assert.Equal(RuleCodes.DufInvalid, issue.Code);
        Assert.Equal("child.dufNumber", issue.Path);
        Assert.Equal("child.dufNumber: DUF-nummer 201412345608 er ugyldig – 12 siffer der de to siste er kontrollsifre (modulus 11).", issue.Message);
    }
}
