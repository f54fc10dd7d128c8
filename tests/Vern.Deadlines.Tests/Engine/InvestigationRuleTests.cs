using Vern.Deadlines.Engine;
using static Vern.Deadlines.Tests.F;

namespace Vern.Deadlines.Tests.Engine;

/// <summary>Rule undersokelse-frist: barnevernsloven § 2-2 (three months, six with extension, counted from the expiry of the
/// one-week review deadline of § 2-1); 1992: §§ 4-3 and 6-9 første ledd (from the review). SSB Undersøkelse Kontroll 11
/// counts 7 + 90 / 7 + 180 days from the report's receipt.</summary>
[Trait("Rule", "undersokelse-frist")]
public class InvestigationRuleTests
{
    [Theory]
    // received,    reviewed,     extension, law due,      SSB due
    [InlineData("2024-01-24", "2024-01-26", null, "2024-04-30", "2024-04-30")]  // clock starts 31 Jan; 31 Jan + 3 months = 30 Apr
    [InlineData("2024-01-24", "2024-01-26", true, "2024-07-31", "2024-07-29")]  // extension granted: 31 Jan + 6 months; SSB 7 + 180 days
    [InlineData("2024-01-24", "2024-01-26", false, "2024-04-30", "2024-04-30")] // extension refused: three months
    [InlineData("2023-11-23", "2023-11-23", null, "2024-02-29", "2024-02-28")]  // 30 Nov + 3 months = 29 Feb 2024 (leap); SSB 97 days = 28 Feb
    [InlineData("2024-11-23", "2024-11-23", null, "2025-02-28", "2025-02-28")]  // 30 Nov + 3 months = 28 Feb 2025 (not leap)
    public void Evaluate_Investigation2021Act_DueThreeOrSixMonthsAfterReviewDeadline(string received, string reviewed, bool? extension, string lawDue, string ssbDue)
    {
        var o = Single(Case().WithInvestigation(P(received), P(reviewed), extension), D(2025, 6, 1), "undersokelse-frist");
        Assert.Equal("BVL2021", o.Rule.Act);
        Assert.Equal(P(lawDue), o.DueDate);
        Assert.Equal(P(ssbDue), o.RegisterDueDate);
    }

    [Theory]
    [InlineData("2022-11-23", "2022-11-25", "2023-02-25")] // 1992 Act: three months from the review (25 Nov)
    [InlineData("2022-11-23", "2022-12-05", "2023-02-28")] // review late: the clock starts at the review deadline, 30 Nov; 30 Nov + 3 months = 28 Feb 2023
    public void Evaluate_Investigation1992Act_CountsFromTheReview(string received, string reviewed, string due)
    {
        var o = Single(Case().WithInvestigation(P(received), P(reviewed)), D(2023, 1, 15), "undersokelse-frist");
        Assert.Equal("BVL", o.Rule.Act);
        Assert.Equal(P(due), o.DueDate);
        Assert.Equal(D(2023, 2, 28), o.RegisterDueDate); // 23 Nov 2022 + 97 days
    }

    [Theory]
    [InlineData("2024-04-30", ObligationStatus.MetOnTime)] // the last day
    [InlineData("2024-05-01", ObligationStatus.MetLate)]   // the day after
    public void Evaluate_ConcludedOnTheBoundary_OnTimeOrLate(string concluded, ObligationStatus expected)
    {
        var o = Single(Case().WithInvestigation(D(2024, 1, 24), D(2024, 1, 26), concluded: P(concluded)), D(2024, 6, 1), "undersokelse-frist");
        Assert.Equal(expected, o.Status);
    }

    [Fact]
    public void Evaluate_ExtensionGranted_ConcludedAfterThreeMonthsIsOnTime()
    {
        var o = Single(Case().WithInvestigation(D(2024, 1, 24), D(2024, 1, 26), extension: true, concluded: D(2024, 6, 15)), D(2024, 8, 1), "undersokelse-frist");
        Assert.Equal(ObligationStatus.MetOnTime, o.Status);
        Assert.Equal("utvidet frist", o.Detail);
    }
}
