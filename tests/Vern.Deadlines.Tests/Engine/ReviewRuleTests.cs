using Vern.Deadlines.Engine;
using static Vern.Deadlines.Tests.F;

namespace Vern.Deadlines.Tests.Engine;

/// <summary>Rule melding-gjennomgang: barnevernsloven § 2-1 første ledd (1992: § 4-2 første ledd); SSB Melding Kontroll 3 (7 days).</summary>
[Trait("Rule", "melding-gjennomgang")]
public class ReviewRuleTests
{
    [Theory]
    [InlineData("2024-01-01", "2024-01-08", "2024-01-10", "2024-01-08", ObligationStatus.MetOnTime)] // day 7: on time
    [InlineData("2024-01-01", "2024-01-09", "2024-01-10", "2024-01-08", ObligationStatus.MetLate)]   // day 8: late (Melding Kontroll 3: "mer enn 7 dager")
    [InlineData("2024-01-01", null, "2024-01-08", "2024-01-08", ObligationStatus.Open)]              // due today, 0 days left
    [InlineData("2024-01-01", null, "2024-01-09", "2024-01-08", ObligationStatus.Overdue)]           // one day over
    [InlineData("2024-12-28", null, "2024-12-30", "2025-01-04", ObligationStatus.Open)]              // over the year change
    [InlineData("2024-02-26", null, "2024-02-27", "2024-03-04", ObligationStatus.Open)]              // across 29 February
    public void Evaluate_Report_DueOneWeekAfterReceipt(string received, string? reviewed, string asOf, string due, ObligationStatus expected)
    {
        var o = Single(Case().WithReport(P(received), Dn(reviewed)), P(asOf), "melding-gjennomgang");
        Assert.Equal(P(due), o.DueDate);
        Assert.Equal(P(due), o.RegisterDueDate); // Melding Kontroll 3 counts the same 7 days
        Assert.Equal(expected, o.Status);
    }

    [Theory]
    [InlineData("2022-12-31", "BVL")]     // barnevernloven (1992) § 4-2
    [InlineData("2023-01-01", "BVL2021")] // barnevernsloven § 2-1
    public void Evaluate_Report_ActByReceiptDateNotByToday(string received, string act)
    {
        var o = Single(Case().WithReport(P(received)), D(2025, 6, 1), "melding-gjennomgang");
        Assert.Equal(act, o.Rule.Act);
        Assert.Equal(ObligationStatus.Overdue, o.Status);
    }

    [Fact]
    public void Open_ReviewedReport_HasNoOpenDuty() =>
        Assert.Empty(DeadlineEngine.Open(Case().WithReport(D(2024, 1, 1), D(2024, 1, 3)), D(2024, 1, 5), Book));

    [Fact]
    public void Evaluate_ReviewAfterTheEvaluationDate_IsNotYetMet()
    {
        // Looking back: on 5 January the report reviewed on 9 January was still open.
        var o = Single(Case().WithReport(D(2024, 1, 1), D(2024, 1, 9)), D(2024, 1, 5), "melding-gjennomgang");
        Assert.Equal(ObligationStatus.Open, o.Status);
        Assert.Equal(3, o.DaysLeft(D(2024, 1, 5)));
    }
}
