using Vern.Domain.Cases;
using Vern.Domain.Validation;
using static Vern.Domain.Tests.Cases.B;

namespace Vern.Domain.Tests.Cases;

/// <summary>Barnevernsloven § 6-2 from 2026 (Innst. 524 L (2024–2025)): the service reassesses an institution stay
/// without consent at the latest after six months, recorded as <see cref="DecisionReassessed"/>.</summary>
public class DecisionReassessmentTests
{
    private static readonly EntryId DecisionId = EntryId.Parse("33333333-3333-4333-8333-333333333333");

    [Fact]
    [Trait("Rule", "institusjon-revurdering")]
    public void Decide_Reassessment_IsKeptOnTheDecision()
    {
        var (state, events) = Run(
            Open(D(2026, 1, 2)),
            new MakeDecision(D(2026, 1, 10), Bvl2021("6", "2"), Id: DecisionId),
            new ReassessDecision(DecisionId, D(2026, 7, 10)));
        Assert.Equal(new DecisionReassessed(DecisionId, D(2026, 7, 10)), events[^1]);
        Assert.Equal([D(2026, 7, 10)], state.Decisions[0].Reassessments!);
    }

    [Fact]
    [Trait("Rule", "institusjon-revurdering")]
    public void Decide_ReassessmentBeforeTheDecision_IsRefusedNamingTheField()
    {
        var e = Assert.Throws<DomainRuleException>(() => Run(
            Open(D(2026, 1, 2)),
            new MakeDecision(D(2026, 1, 10), Bvl2021("6", "2"), Id: DecisionId),
            new ReassessDecision(DecisionId, D(2026, 1, 9))));
        Assert.Equal("reassessedOn", Assert.Single(e.Issues).Path);
    }
}
