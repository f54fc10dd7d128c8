using Vern.Domain.Cases;
using Vern.Domain.Validation;
using static Vern.Domain.Tests.Cases.B;

namespace Vern.Domain.Tests.Cases;

/// <summary>Tilbud om oppfølging etter tilbakeføring: from 1 January 2026 the service must offer the child and the parents follow-up
/// for up to six months after a care order is lifted (regjeringen.no «Endringer i lover og regler fra 1.1.2026», kvalitetsløftet; the
/// section of barnevernsloven was not verified). The return is a care order's placement ending with Opphevelse 1 (SSB Kodelister:
/// «Barnet tilbakeført til foreldre/ familien»); the offer is recorded as <see cref="ReturnFollowUpOffered"/> on that measure.</summary>
public class ReturnFollowUpTests
{
    private static readonly EntryId CareOrder = EntryId.Parse("44444444-4444-4444-8444-444444444444");
    private static readonly EntryId Placement = EntryId.Parse("55555555-5555-4555-8555-555555555555");

    /// <summary>A care order (§ 5-1) carried out in a foster home (2.2) from 3 February 2025.</summary>
    private static CaseCommand[] CareOrderPlaced() =>
    [
        Open(D(2025, 1, 6)),
        new MakeDecision(D(2025, 2, 1), Bvl2021("5", "1"), Id: CareOrder),
        new StartMeasure(CareOrder, D(2025, 2, 3), new CodedValue("2.2"), Id: Placement),
    ];

    [Fact]
    [Trait("Rule", "tilbakeforing-oppfolging")]
    public void Decide_OfferAfterTheReturn_IsKeptOnThePlacement()
    {
        var (state, events) = Run([.. CareOrderPlaced(),
            new EndMeasure(Placement, D(2026, 3, 15), new CodedValue("1")),
            new OfferReturnFollowUp(Placement, D(2026, 3, 15))]);
        Assert.Equal(new ReturnFollowUpOffered(Placement, D(2026, 3, 15)), events[^1]);
        Assert.Equal([D(2026, 3, 15)], state.Measures[0].ReturnFollowUpOffers!);
        Assert.Equal(D(2026, 3, 15), CaseEventFacts.LegalDate(events[^1]));
        Assert.Null(CaseEventFacts.CreatedEntry(events[^1])); // an offer on the measure, not an entry of its own
    }

    /// <summary>A planned return: the reason (Opphevelse 1) recorded before the placement ends, and the offer made before it.</summary>
    [Fact]
    [Trait("Rule", "tilbakeforing-oppfolging")]
    public void Decide_OfferBeforeAPlannedReturn_IsAccepted()
    {
        var (state, _) = Run([.. CareOrderPlaced(),
            new RecordTerminationReason(Placement, new CodedValue("1")),
            new OfferReturnFollowUp(Placement, D(2026, 3, 1)),
            new EndMeasure(Placement, D(2026, 3, 15))]);
        Assert.Equal([D(2026, 3, 1)], state.Measures[0].ReturnFollowUpOffers!);
        Assert.True(MeasureKinds.IsReturnHome(state.Measures[0]));
    }

    /// <summary>Opphevelse 2 (fylt 18 år): no return, no offer of follow-up after one; refused naming the field and the rule.</summary>
    [Fact]
    [Trait("Rule", "tilbakeforing-oppfolging")]
    public void Decide_OfferWhenTheChildTurned18_IsRefusedNamingTheFieldAndTheRule()
    {
        var e = Assert.Throws<DomainRuleException>(() => Run([.. CareOrderPlaced(),
            new EndMeasure(Placement, D(2026, 3, 15), new CodedValue("2")),
            new OfferReturnFollowUp(Placement, D(2026, 3, 15))]));
        var issue = Assert.Single(e.Issues);
        Assert.Equal((RuleCodes.ReturnFollowUpNotReturned, "measureId"), (issue.Code, issue.Path));
        Assert.Contains("årsak til opphevelse 2", issue.Message, StringComparison.Ordinal);
        Assert.Contains("Opphevelse kode 1", issue.Source, StringComparison.Ordinal);
    }

    /// <summary>A care placement still running with no reason recorded is not a return (yet).</summary>
    [Fact]
    [Trait("Rule", "tilbakeforing-oppfolging")]
    public void Decide_OfferWhileThePlacementRunsWithNoReason_IsRefused()
    {
        var e = Assert.Throws<DomainRuleException>(() => Run([.. CareOrderPlaced(), new OfferReturnFollowUp(Placement, D(2026, 3, 1))]));
        Assert.Equal(RuleCodes.ReturnFollowUpNotReturned, Assert.Single(e.Issues).Code);
    }

    /// <summary>A support measure (§ 3-1) is no care order: the duty follows a care order's lifting only.</summary>
    [Fact]
    [Trait("Rule", "tilbakeforing-oppfolging")]
    public void Decide_OfferForASupportMeasure_IsRefusedNamingTheRule()
    {
        var support = EntryId.Parse("66666666-6666-4666-8666-666666666666");
        var e = Assert.Throws<DomainRuleException>(() => Run(
            Open(D(2025, 1, 6)),
            new MakeDecision(D(2025, 2, 1), Bvl2021("3", "1"), Id: CareOrder),
            new StartMeasure(CareOrder, D(2025, 2, 3), new CodedValue("2.1"), Id: support),
            new EndMeasure(support, D(2026, 3, 15), new CodedValue("1")),
            new OfferReturnFollowUp(support, D(2026, 3, 15))));
        var issue = Assert.Single(e.Issues);
        Assert.Equal((RuleCodes.ReturnFollowUpNotCareOrder, "measureId"), (issue.Code, issue.Path));
        Assert.Contains("Endringer i lover og regler fra 1.1.2026", issue.Source, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "tilbakeforing-oppfolging")]
    public void Decide_OfferBeforeThePlacementStartedOrInTheFuture_IsRefusedNamingTheField()
    {
        var before = Assert.Throws<DomainRuleException>(() => Run([.. CareOrderPlaced(),
            new EndMeasure(Placement, D(2026, 3, 15), new CodedValue("1")),
            new OfferReturnFollowUp(Placement, D(2025, 2, 2))]));
        Assert.Equal((RuleCodes.EndBeforeStart, "offeredOn"), (Assert.Single(before.Issues).Code, before.Issues[0].Path));
        var future = Assert.Throws<DomainRuleException>(() => Run([.. CareOrderPlaced(),
            new EndMeasure(Placement, D(2026, 3, 15), new CodedValue("1")),
            new OfferReturnFollowUp(Placement, Today.AddDays(1))]));
        Assert.Equal((RuleCodes.FutureDate, "offeredOn"), (Assert.Single(future.Issues).Code, future.Issues[0].Path));
    }

    [Fact]
    [Trait("Rule", "tilbakeforing-oppfolging")]
    public void Decide_OfferForAnUnknownMeasure_IsRefusedAndChangesNothing()
    {
        var e = Assert.Throws<DomainRuleException>(() => Run([.. CareOrderPlaced(),
            new OfferReturnFollowUp(EntryId.Parse("77777777-7777-4777-8777-777777777777"), D(2026, 3, 15))]));
        Assert.Equal((RuleCodes.EntryUnknown, "measureId"), (Assert.Single(e.Issues).Code, e.Issues[0].Path));
    }

    /// <summary><c>vern case import</c> replays a history through the decider: the offer (and the other facts recorded on an
    /// existing entry: feedback to the reporter, a decision assessed anew) each turn back into their command and give the same state.</summary>
    [Fact]
    public void Replay_HistoryWithTheOffer_GivesTheSameState()
    {
        var report = EntryId.Parse("88888888-8888-4888-8888-888888888888");
        var (state, events) = Run([.. CareOrderPlaced(),
            new ReceiveReport(D(2025, 2, 10), Codes("11"), Codes("8"), report),
            new GiveReporterFeedback(report, D(2025, 2, 20), ReporterFeedbackKind.Receipt),
            new ReassessDecision(CareOrder, D(2025, 8, 1)),
            new EndMeasure(Placement, D(2026, 3, 15), new CodedValue("1")),
            new OfferReturnFollowUp(Placement, D(2026, 3, 16))]);
        var (replayed, again) = Run([.. events.Select(CaseReplay.CommandFor)]);
        Assert.Equal(events.Select(Json), again.Select(Json));
        Assert.Equal(Json(state), Json(replayed));

        static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize<object>(value!, CaseJson.Options);
    }
}
