using Vern.Domain.Cases;
using Vern.Domain.Law;
using Vern.Domain.People;
using Vern.Domain.Validation;
using static Vern.Domain.Tests.Cases.B;

namespace Vern.Domain.Tests.Cases;

/// <summary>What the domain accepts and refuses so that nothing it records fails SSB's controls when it is sent
/// (issue 14 §§ 1–2): each test cites the Kravspesifikasjon control it mirrors.</summary>
public class RegisterReadinessRuleTests
{
    private static readonly EntryId Report = EntryId.Parse("11111111-1111-4111-8111-111111111111");
    private static readonly EntryId Decision = EntryId.Parse("33333333-3333-4333-8333-333333333333");
    private static readonly EntryId Measure = EntryId.Parse("44444444-4444-4444-8444-444444444444");
    private static readonly EntryId Claim = EntryId.Parse("55555555-5555-4555-8555-555555555555");

    private static readonly LegalBasis CareOrder = Bvl2021("5", "1", "1");

    private static DomainRuleException Refused(params CaseCommand[] commands) => Assert.Throws<DomainRuleException>(() => Run(commands));

    [Fact]
    [Trait("Rule", "Melding Kontroll 5")]
    public void ReceiveReport_WithoutContents_IsRecordedUnclassified()
    {
        // Kravspesifikasjon Melding Kontroll 5: Saksinnhold is required only once the Melding has a Konklusjon.
        var (state, _) = Run(Open(), new ReceiveReport(D(2024, 1, 10), Codes("11"), [], Report));

        var report = Assert.Single(state.Reports);
        Assert.Empty(report.Contents);
        Assert.Null(report.Conclusion);
    }

    [Fact]
    [Trait("Rule", "Melding Kontroll 5")]
    public void ConcludeReport_UnclassifiedWithoutContents_Refused()
    {
        var e = Refused(Open(), new ReceiveReport(D(2024, 1, 10), Codes("11"), [], Report), new ConcludeReport(Report, D(2024, 1, 12), "1"));

        var issue = Assert.Single(e.Issues);
        Assert.Equal(RuleCodes.CodesRequired, issue.Code);
        Assert.Equal("contents", issue.Path);
    }

    [Fact]
    [Trait("Rule", "Melding Kontroll 4")]
    public void ConcludeReport_WithoutReporterAnywhere_Refused() =>
        Assert.Equal("reporters", Assert.Single(Refused(Open(), new ReceiveReport(D(2024, 1, 10), [], Codes("8"), Report),
            new ConcludeReport(Report, D(2024, 1, 12), "1")).Issues).Path);

    [Fact]
    [Trait("Rule", "Melding Kontroll 5")]
    public void ConcludeReport_ClassifiesContentsAtConclusion_ReportHasThem()
    {
        var (state, _) = Run(Open(), new ReceiveReport(D(2024, 1, 10), Codes("11"), [], Report),
            new ConcludeReport(Report, D(2024, 1, 12), "1", Contents: Codes("8", "3")));

        var report = Assert.Single(state.Reports);
        Assert.Equal(["8", "3"], report.Contents.Select(c => c.Code));
        Assert.Equal(new ReportConclusion(D(2024, 1, 12), "1"), report.Conclusion);
    }

    [Fact]
    [Trait("Rule", "Melding Kontroll 5")]
    public void OpenInvestigation_FromUnclassifiedReport_RefusedBecauseItConcludesTheReport()
    {
        // Opening an investigation concludes the report with code 2, and a concluded report needs Saksinnhold.
        var e = Refused(Open(), new ReceiveReport(D(2024, 1, 10), Codes("11"), [], Report), new OpenInvestigation(Report, D(2024, 1, 15)));
        Assert.Equal(RuleCodes.CodesRequired, Assert.Single(e.Issues).Code);
    }

    [Fact]
    [Trait("Rule", "Tiltak Kontroll 12")]
    public void EndMeasure_CarePlacementWithoutTermination_Refused()
    {
        // Kravspesifikasjon Tiltak Kontroll 12: a care order (BVL2021 § 5-1) that is a placement (2.2 foster home) needs Opphevelse when it ends.
        var e = Refused(Open(), new MakeDecision(D(2024, 2, 1), CareOrder, Id: Decision),
            new StartMeasure(Decision, D(2024, 2, 2), new CodedValue("2.2"), Id: Measure),
            new EndMeasure(Measure, D(2024, 6, 1)));

        var issue = Assert.Single(e.Issues);
        Assert.Equal(RuleCodes.TerminationRequired, issue.Code);
        Assert.Contains("Tiltak Kontroll 12", issue.Source, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "Tiltak Kontroll 12")]
    public void EndMeasure_CarePlacementWithReasonRecordedEarlier_Accepted()
    {
        var (state, _) = Run(Open(), new MakeDecision(D(2024, 2, 1), CareOrder, Id: Decision),
            new StartMeasure(Decision, D(2024, 2, 2), new CodedValue("2.2"), Id: Measure),
            new RecordTerminationReason(Measure, new CodedValue("1")),
            new EndMeasure(Measure, D(2024, 6, 1)));

        var m = Assert.Single(state.Measures);
        Assert.Equal(D(2024, 6, 1), m.EndedOn);
        Assert.Equal("1", m.Termination!.Code);
    }

    [Fact]
    [Trait("Rule", "Tiltak Kontroll 12")]
    public void EndMeasure_HelpMeasureWithoutTermination_Accepted()
    {
        // Only a care order that is also a placement needs a reason; a help measure (§ 3-1, 4.1) does not.
        var (state, _) = Run(Open(), new MakeDecision(D(2024, 2, 1), Bvl2021("3", "1"), Id: Decision),
            new StartMeasure(Decision, D(2024, 2, 2), new CodedValue("4.1"), Id: Measure),
            new EndMeasure(Measure, D(2024, 6, 1)));
        Assert.Equal(D(2024, 6, 1), state.Measures[0].EndedOn);
    }

    [Fact]
    [Trait("Rule", "Tiltak Kontroll 21")]
    public void StartMeasure_BasisOtherThanDecisions_Refused()
    {
        // Kravspesifikasjon Tiltak Kontroll 21: Lov, Kapittel and Paragraf of the measure equal its decision's.
        var e = Refused(Open(), new MakeDecision(D(2024, 2, 1), Bvl2021("3", "1"), Id: Decision),
            new StartMeasure(Decision, D(2024, 2, 2), new CodedValue("4.1"), LegalBasis: Bvl2021("3", "2")));

        var issue = Assert.Single(e.Issues);
        Assert.Equal(RuleCodes.MeasureBasisDiffers, issue.Code);
        Assert.Equal("legalBasis", issue.Path);
    }

    [Fact]
    [Trait("Rule", "Tiltak Kontroll 21")]
    public void StartMeasure_SameSectionOtherSubsection_Accepted()
    {
        // The control compares Lov, Kapittel and Paragraf only; Ledd may differ.
        var (state, _) = Run(Open(), new MakeDecision(D(2024, 2, 1), Bvl2021("3", "1", "1"), Id: Decision),
            new StartMeasure(Decision, D(2024, 2, 2), new CodedValue("4.1"), LegalBasis: Bvl2021("3", "1", "2")));
        Assert.Single(state.Measures);
    }

    [Fact]
    [Trait("Rule", "Personalia Kontroll 15")]
    public void RecordPersonalDetails_UnbornFormAfterDueDate_Refused()
    {
        // Kravspesifikasjon Personalia Kontroll 15: StartDato after the (due) birth date with a number ending 99999.
        var e = Refused(Open(), new RecordPersonalDetails(D(2024, 3, 1), new ChildInput(null, D(2024, 2, 20), Sex.Unborn)));
        Assert.Equal(RuleCodes.DueDateAfterBirth, Assert.Single(e.Issues).Code);
    }

    [Fact]
    [Trait("Rule", "Personalia Kontroll 15")]
    public void RecordPersonalDetails_UnbornFormBeforeDueDate_Accepted()
    {
        var (state, _) = Run(Open(), new RecordPersonalDetails(D(2024, 2, 1), new ChildInput(null, D(2024, 2, 20), Sex.Unborn)));
        Assert.Equal(2, state.PersonalDetails.Count);
    }

    [Fact]
    [Trait("Rule", "Vedtak Kontroll 2f")]
    public void Claim_ReceivedAndConcluded_KeptOnTheDecision()
    {
        var (state, _) = Run(Open(), new MakeDecision(D(2024, 2, 1), CareOrder, Id: Decision),
            new ReceiveClaim(Decision, D(2024, 5, 1), Claim),
            new ConcludeClaim(Decision, Claim, D(2024, 5, 20), new CodedValue("1")));

        var claim = Assert.Single(state.Decisions[0].Claims!);
        Assert.Equal(new Claim(Claim, D(2024, 5, 1), new ClaimConclusion(D(2024, 5, 20), new CodedValue("1"))), claim);
    }

    [Fact]
    [Trait("Rule", "Vedtak Kontroll 2f")]
    public void ConcludeClaim_BeforeItWasReceived_Refused() =>
        Assert.Equal(RuleCodes.EndBeforeStart, Assert.Single(Refused(Open(), new MakeDecision(D(2024, 2, 1), CareOrder, Id: Decision),
            new ReceiveClaim(Decision, D(2024, 5, 1), Claim),
            new ConcludeClaim(Decision, Claim, D(2024, 4, 20), new CodedValue("1"))).Issues).Code);

    [Fact]
    [Trait("Rule", "Migrering av data innrapportert via Kostra")]
    public void RecordMigratedId_CaseAndEntry_KeptById()
    {
        var (state, _) = Run(Open(), new ReceiveReport(D(2024, 1, 10), Codes("11"), Codes("8"), Report),
            new RecordMigratedId(null, "K-17"), new RecordMigratedId(Report, "M-4"));

        Assert.Equal("K-17", state.MigratedIds[Id.Value]);
        Assert.Equal("M-4", state.MigratedIds[Report.Value]);
    }

    [Fact]
    [Trait("Rule", "Undersøkelse Kontroll 20")]
    public void RecordRelation_EndNotInCase_Refused()
    {
        // A Relasjon must point at real entries: here the Melding does not exist.
        var e = Refused(Open(), new MakeDecision(D(2024, 2, 1), CareOrder, Id: Decision),
            new RecordRelation(Guid.Parse("c1111111-1111-4111-8111-111111111111"), Report, EntryKind.Melding, Decision, EntryKind.Vedtak));
        var issue = Assert.Single(e.Issues);
        Assert.Equal(RuleCodes.EntryUnknown, issue.Code);
        Assert.Equal("from", issue.Path);
    }
}
