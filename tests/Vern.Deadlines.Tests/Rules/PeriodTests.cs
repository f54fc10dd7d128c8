using Vern.Deadlines.Rules;
using static Vern.Deadlines.Tests.F;

namespace Vern.Deadlines.Tests.Rules;

public class PeriodTests
{
    [Theory]
    [InlineData("2024-01-31", 3, 0, "2024-04-30")] // 31 Jan + 3 months: April has 30 days
    [InlineData("2023-01-31", 1, 0, "2023-02-28")] // non-leap February
    [InlineData("2024-01-31", 1, 0, "2024-02-29")] // leap February
    [InlineData("2024-04-30", 1, 0, "2024-05-30")] // 30 Apr + 1 month = 30 May, not 31 May
    [InlineData("2024-02-29", 12, 0, "2025-02-28")] // 29 Feb + 1 year in a non-leap year
    [InlineData("2023-11-30", 3, 0, "2024-02-29")] // over a year change into a leap February
    [InlineData("2024-12-28", 0, 7, "2025-01-04")] // one week over a year change
    [InlineData("2024-05-06", 0, 0, "2024-05-06")] // same day
    public void AddTo_MonthsInOneStep_ClampsToMonthEnd(string start, int months, int days, string expected) =>
        Assert.Equal(P(expected), new Period(months, days).AddTo(P(start)));

    [Fact]
    public void AddTo_ThreeMonthsFrom31January_IsNotThreeChainedMonths()
    {
        var chained = D(2024, 1, 31).AddMonths(1).AddMonths(1).AddMonths(1);
        Assert.Equal(D(2024, 4, 29), chained); // what chaining would give
        Assert.Equal(D(2024, 4, 30), Period.OfMonths(3).AddTo(D(2024, 1, 31)));
    }
}
