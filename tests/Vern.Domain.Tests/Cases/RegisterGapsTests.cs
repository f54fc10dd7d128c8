using Vern.Domain.Cases;
using static Vern.Domain.Tests.Cases.B;

namespace Vern.Domain.Tests.Cases;

/// <summary>Register gaps are shown, not refused: what is only missing for now becomes an open task with its control and date.</summary>
public class RegisterGapsTests
{
    private static readonly EntryId Report = EntryId.Parse("11111111-1111-4111-8111-111111111111");
    private static readonly EntryId Investigation = EntryId.Parse("22222222-2222-4222-8222-222222222222");

    private static CaseCommand[] Concluded(string code) =>
    [
        Open(),
        new ReceiveReport(D(2024, 1, 10), Codes("11"), Codes("8"), Report),
        new OpenInvestigation(Report, D(2024, 1, 15), Investigation),
        new ConcludeInvestigation(Investigation, D(2024, 3, 1), new CodedValue(code), code is "1" or "2" ? Codes("8") : []),
    ];

    [Fact]
    [Trait("Rule", "Undersøkelse Kontroll 21")]
    public void Find_ConcludedWithCode1AndNoDecision_ErrorGapSinceConclusion()
    {
        var (state, _) = Run(Concluded("1"));

        var gap = Assert.Single(RegisterGaps.Find(state));
        Assert.Equal(("Undersøkelse Kontroll 21", Investigation, D(2024, 3, 1), true), (gap.Control, gap.EntryId, gap.Since, gap.IsError));
    }

    [Fact]
    [Trait("Rule", "Undersøkelse Kontroll 21")]
    public void Find_ConcludedWithCode1AndItsDecision_NoGap()
    {
        var (state, _) = Run([.. Concluded("1"), new MakeDecision(D(2024, 3, 1), Bvl2021("3", "1"), InvestigationId: Investigation)]);
        Assert.Empty(RegisterGaps.Find(state));
    }

    [Fact]
    [Trait("Rule", "Undersøkelse Kontroll 21")]
    public void Find_ConcludedWithCode3_NoGap() =>
        Assert.Empty(RegisterGaps.Find(Run(Concluded("3")).State));

    [Fact]
    [Trait("Rule", "Vedtak Kontroll 20")]
    public void Find_DecisionPetitionedWithoutReferral_WarningGap()
    {
        var (state, _) = Run(Open(), new MakeDecision(D(2024, 2, 1), Bvl2021("5", "1", "1"), StatusCode: "2"));

        var gap = Assert.Single(RegisterGaps.Find(state));
        Assert.Equal(("Vedtak Kontroll 20", D(2024, 2, 1), false), (gap.Control, gap.Since, gap.IsError));
    }
}
