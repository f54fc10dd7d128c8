using System.Text.Json;
using Vern.Domain.Cases;
using Vern.Domain.Validation;
using static Vern.Domain.Tests.Cases.B;

namespace Vern.Domain.Tests.Cases;

public class CaseDeciderTests
{
    private static readonly EntryId ReportId = EntryId.Parse("11111111-1111-4111-8111-111111111111");
    private static readonly EntryId InvestigationId = EntryId.Parse("22222222-2222-4222-8222-222222222222");
    private static readonly EntryId DecisionId = EntryId.Parse("33333333-3333-4333-8333-333333333333");

    private static (CaseState State, List<CaseEvent> Events) FullCase() => Run(
        Open(),
        new ReceiveReport(D(2024, 1, 10), Codes("11"), Codes("8"), ReportId),
        new OpenInvestigation(ReportId, D(2024, 1, 15), InvestigationId),
        new RequestExtension(InvestigationId, D(2024, 3, 20)),
        new DecideExtension(InvestigationId, true),
        new ConcludeInvestigation(InvestigationId, D(2024, 5, 2), new CodedValue("1"), Codes("8")),
        new MakeDecision(D(2024, 5, 2), Bvl2021("3", "1"), InvestigationId: InvestigationId, Id: DecisionId),
        new StartMeasure(DecisionId, D(2024, 5, 6), new CodedValue("3.2")),
        new MakePlan(D(2024, 5, 6), "1"));

    [Fact]
    public void Decide_FullFlow_BuildsTheCase()
    {
        var (state, events) = FullCase();
        Assert.Equal(events.Count, state.Version);
        Assert.Equal("2", state.Reports[0].Conclusion!.Code); // opened investigation concluded the report "ikke henlagt"
        Assert.Equal(D(2024, 1, 15), state.Reports[0].Conclusion!.ConcludedOn);
        Assert.True(state.Investigations[0].Extension!.Granted);
        Assert.Equal(DecisionId, state.Measures[0].DecisionId);
        Assert.Equal("BVL2021 § 3-1", state.Measures[0].LegalBasis.ToString());
    }

    [Fact]
    public void Replay_EventsThroughJson_GivesTheSameState()
    {
        var (state, events) = FullCase();
        var json = JsonSerializer.Serialize(events, CaseJson.Options);
        var back = JsonSerializer.Deserialize<List<CaseEvent>>(json, CaseJson.Options)!;
        var replayed = CaseProjection.Replay(Id, back)!;
        Assert.Equal(JsonSerializer.Serialize(state, CaseJson.Options), JsonSerializer.Serialize(replayed, CaseJson.Options));
        var stateBack = JsonSerializer.Deserialize<CaseState>(JsonSerializer.Serialize(state, CaseJson.Options), CaseJson.Options)!;
        Assert.Equal(JsonSerializer.Serialize(state, CaseJson.Options), JsonSerializer.Serialize(stateBack, CaseJson.Options));
    }
}
