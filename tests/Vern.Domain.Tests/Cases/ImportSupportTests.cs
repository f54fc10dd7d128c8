using System.Text.Json;
using Vern.Domain.Cases;
using Vern.Domain.Validation;
using static Vern.Domain.Tests.Cases.B;

namespace Vern.Domain.Tests.Cases;

/// <summary>What the register import needs from the domain: given ids are kept, JmfrLovhjemmel on a measure, and
/// barnets medvirkning on an investigation; histories recorded before these existed still load.</summary>
public class ImportSupportTests
{
    private static readonly EntryId ReportId = EntryId.Parse("11111111-1111-4111-8111-111111111111");
    private static readonly EntryId InvestigationId = EntryId.Parse("22222222-2222-4222-8222-222222222222");
    private static readonly EntryId DecisionId = EntryId.Parse("33333333-3333-4333-8333-333333333333");
    private static readonly EntryId MeasureId = EntryId.Parse("44444444-4444-4444-8444-444444444444");
    private static EntryId E(int n) => EntryId.Parse($"55555555-5555-4555-8555-{n:000000000000}");

    [Fact]
    public void Decide_GivenSubEntryIds_KeepsThem()
    {
        var (state, _) = Run(
            Open() with { ChildId = E(1), ChildEffectiveFrom = D(2024, 1, 5) },
            new MakeDecision(D(2024, 1, 10), Bvl2021("5", "1"), Id: DecisionId, StatusId: E(2)),
            new ChangeDecisionStatus(DecisionId, D(2024, 2, 1), "1", E(3)),
            new StartMeasure(DecisionId, D(2024, 2, 1), new CodedValue("2.2"), Id: MeasureId, ComparedWith: [Bvl2021("4", "12")]),
            new SetSupervisionResponsibility(MeasureId, D(2024, 2, 1), "4601", E(4)),
            new SetVisitFrequency(MeasureId, VisitKind.Supervision, D(2024, 2, 1), 4, E(5)),
            new RecordVisit(MeasureId, VisitKind.Supervision, D(2024, 3, 1), E(6)));

        Assert.Equal(E(1), state.Child.Id);
        Assert.Equal(D(2024, 1, 5), state.Child.EffectiveFrom);
        Assert.Equal([E(2), E(3)], state.Decisions[0].Statuses.Select(s => s.Id));
        Assert.Equal(E(4), state.Measures[0].Supervision!.Responsible[0].Id);
        Assert.Equal(E(5), state.Measures[0].Supervision!.Frequencies[0].Id);
        Assert.Equal(E(6), state.Measures[0].Supervision!.Visits[0].Id);
        Assert.Equal("BVL2021 § 4-12", Assert.Single(state.Measures[0].ComparedWith!).ToString());
    }

    [Fact]
    public void Decide_ChildParticipation_RecordedOnTheInvestigation()
    {
        var (state, _) = Run(
            Open(),
            new ReceiveReport(D(2024, 1, 10), Codes("11"), Codes("8"), ReportId),
            new OpenInvestigation(ReportId, D(2024, 1, 15), InvestigationId),
            new RecordChildParticipation(InvestigationId, D(2024, 2, 1), "1.1"));

        Assert.Equal(new ChildParticipation(D(2024, 2, 1), "1.1"), state.Investigations[0].Participation);
    }

    [Fact]
    [Trait("Rule", "vern.code.unknown")]
    public void Decide_ChildParticipationWithUnknownCode_Refused()
    {
        var (state, _) = Run(
            Open(),
            new ReceiveReport(D(2024, 1, 10), Codes("11"), Codes("8"), ReportId),
            new OpenInvestigation(ReportId, D(2024, 1, 15), InvestigationId));

        var e = Assert.Throws<DomainRuleException>(() =>
            CaseDecider.Decide(state, Id, new RecordChildParticipation(InvestigationId, D(2024, 2, 1), "3.1"), Ctx()));

        var issue = Assert.Single(e.Issues);
        Assert.Equal(RuleCodes.CodeUnknown, issue.Code);
        Assert.Equal("kind", issue.Path);
    }

    [Fact]
    public void Deserialize_MeasureStartedWithoutComparedWith_LoadsAsNone()
    {
        const string json = """{"type":"measure-started","measureId":"44444444-4444-4444-8444-444444444444","decisionId":"33333333-3333-4333-8333-333333333333","startedOn":"2024-02-01","legalBasis":{"act":"BVL2021","chapter":"5","section":"1"},"category":{"code":"2.2"},"grounds":[]}""";

        var e = Assert.IsType<MeasureStarted>(JsonSerializer.Deserialize<CaseEvent>(json, CaseJson.Options));

        Assert.Null(e.ComparedWith);
    }

    // ---- The register's deletion markers (Barnevern_v4.xsd Sak/Slettet and the ErSlettet attribute), kept as delivered ----

    [Fact]
    [Trait("Rule", "Barnevern_v4.xsd Slettet")]
    public void Decide_DeletedElement_KeptAsDelivered_AndRefusedTwiceOrWithAnUnknownType()
    {
        var gone = Guid.Parse("66666666-6666-4666-8666-666666666666");
        var (state, _) = Run(Open(), new RecordDeletedElement(gone, "Relasjon", D(2024, 1, 5)));
        Assert.Equal(new DeletedElement(gone, "Relasjon", D(2024, 1, 5)), Assert.Single(state.DeletedElements));

        var twice = Assert.Throws<DomainRuleException>(() => CaseDecider.Decide(state, Id, new RecordDeletedElement(gone, "Relasjon", D(2024, 1, 6)), Ctx()));
        Assert.Equal(RuleCodes.EntryIdTaken, Assert.Single(twice.Issues).Code);
        // "Sak" and "Avgiver" are not BegrepsType values; "0" must not pass as an enum number either.
        foreach (var type in new[] { "Sak", "Avgiver", "0", "melding" })
        {
            var e = Assert.Throws<DomainRuleException>(() => CaseDecider.Decide(state, Id, new RecordDeletedElement(Guid.NewGuid(), type, D(2024, 1, 6)), Ctx()));
            var issue = Assert.Single(e.Issues);
            Assert.Equal(RuleCodes.DeletedTypeInvalid, issue.Code);
            Assert.Equal("elementType", issue.Path);
        }
    }

    [Fact]
    [Trait("Rule", "Barnevern_v4.xsd ErSlettet")]
    public void Decide_DeletionFlagTrueOnAnEntry_TakesItOutOfTheLiveCase_KeptForTheFile()
    {
        var (state, _) = Run(
            Open(),
            new ReceiveReport(D(2024, 1, 10), Codes("11"), Codes("8"), ReportId),
            new ConcludeReport(ReportId, D(2024, 1, 12), "1"),
            new MakePlan(D(2024, 1, 15), "1", E(7)),
            new RecordDeletionFlag(E(7).Value, true),
            new RecordDeletionFlag(ReportId.Value, false),
            new RecordDeletionFlag(ReportId.Value, true, "Konklusjon"),
            new RecordDeletionFlag(null, false));

        Assert.Empty(state.Plans); // no deadline, count or register gap sees the deleted plan
        Assert.Equal(E(7), Assert.Single(state.DeletedInFile!.Plans).Id);
        Assert.Single(state.Reports);
        Assert.False(state.DeletionFlags[ReportId.Value.ToString("D")]);
        Assert.True(state.DeletionFlags[ReportId.Value.ToString("D") + "/Konklusjon"]);
        Assert.False(state.DeletionFlags["Sak"]);
        Assert.True(state.HasEntry(E(7))); // its id stays taken
    }

    [Fact]
    [Trait("Rule", "Barnevern_v4.xsd ErSlettet")]
    public void Decide_DeletionFlagOnUnknownElementOrPart_OrOnTheOnlyPersonalia_Refused()
    {
        var (state, _) = Run(Open() with { ChildId = E(1) }, new ReceiveReport(D(2024, 1, 10), Codes("11"), Codes("8"), ReportId));

        DomainRuleException Refuse(RecordDeletionFlag c) => Assert.Throws<DomainRuleException>(() => CaseDecider.Decide(state, Id, c, Ctx()));
        Assert.Equal(RuleCodes.EntryUnknown, Assert.Single(Refuse(new RecordDeletionFlag(E(99).Value, true)).Issues).Code);
        Assert.Equal(RuleCodes.DeletionFlagPartInvalid, Assert.Single(Refuse(new RecordDeletionFlag(ReportId.Value, true, "Konklusjon")).Issues).Code); // not concluded
        Assert.Equal(RuleCodes.DeletionFlagPartInvalid, Assert.Single(Refuse(new RecordDeletionFlag(ReportId.Value, true, "Melder")).Issues).Code);
        Assert.Equal(RuleCodes.DeletionFlagPartInvalid, Assert.Single(Refuse(new RecordDeletionFlag(null, true, "Konklusjon")).Issues).Code);
        Assert.Equal(RuleCodes.Required, Assert.Single(Refuse(new RecordDeletionFlag(E(1).Value, true)).Issues).Code);
    }
}
