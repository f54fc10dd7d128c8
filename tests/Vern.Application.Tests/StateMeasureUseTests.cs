namespace Vern.Application.Tests;

/// <summary>Months of a stay in a year for the reform financing (issue 20): part months by days, as the co-payment is billed
/// (<c>CopayCalculator</c>: «rate × days / days in the month»).</summary>
public class StateMeasureUseTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Theory]
    [InlineData(2023, 1, 1, 2023, 1, 31, 1.0)]                    // a whole month
    [InlineData(2023, 3, 10, 2023, 3, 31, 22.0 / 31)]             // CopayCalculator's example: 10–31 March = 22/31
    [InlineData(2024, 2, 1, 2024, 2, 29, 1.0)]                    // February of a leap year
    [InlineData(2023, 1, 1, 2023, 12, 31, 12.0)]                  // a whole year
    [InlineData(2023, 1, 31, 2023, 2, 1, 1.0 / 31 + 1.0 / 28)]    // one day in each of two months
    public void MonthsIn_CountsEachCalendarMonthByItsDays(int y1, int m1, int d1, int y2, int m2, int d2, double expected)
    {
        Assert.Equal(expected, VernApp.MonthsIn(D(y1, m1, d1), D(y2, m2, d2)), 12);
    }
}
