using Vern.Matching;

namespace Vern.Matching.Tests;

public sealed class BirthDatesTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void Variants_HoldTheDate_TheSwappedDate_AndOneDigitOff()
    {
        var v = BirthDates.Variants(D(2015, 3, 12));
        Assert.Equal(D(2015, 3, 12), v[0]);
        Assert.Contains(D(2015, 12, 3), v);   // day and month swapped
        Assert.Contains(D(2015, 3, 13), v);   // last digit of the day
        Assert.Contains(D(2016, 3, 12), v);   // last digit of the year
        Assert.Contains(D(2005, 3, 12), v);   // third digit of the year
        Assert.All(v, d => Assert.True(BirthDates.Relate(D(2015, 3, 12), d) != BirthDateRelation.Different));
        Assert.True(v.Count <= 74);
    }

    [Fact]
    public void Variants_NeverInvalidDates()
    {
        // 29.02.2016 (leap year): one digit off in the year gives 29.02.2015 etc., which do not exist and are left out.
        var v = BirthDates.Variants(D(2016, 2, 29));
        Assert.DoesNotContain(v, d => d.Month == 2 && d.Day == 29 && !DateTime.IsLeapYear(d.Year));
        Assert.Contains(D(2012, 2, 29), v);
    }

    [Theory]
    [InlineData(2015, 3, 12, 2015, 3, 12, BirthDateRelation.Same)]
    [InlineData(2015, 3, 12, 2015, 12, 3, BirthDateRelation.DayMonthSwapped)]
    [InlineData(2015, 3, 12, 2015, 3, 18, BirthDateRelation.OneDigitOff)]
    [InlineData(2015, 3, 12, 2017, 3, 12, BirthDateRelation.OneDigitOff)]
    [InlineData(2015, 3, 12, 2015, 4, 13, BirthDateRelation.Different)]
    [InlineData(2015, 3, 12, 2016, 5, 12, BirthDateRelation.Different)]
    public void Relate_Cases(int y1, int m1, int d1, int y2, int m2, int d2, BirthDateRelation expected) =>
        Assert.Equal(expected, BirthDates.Relate(D(y1, m1, d1), D(y2, m2, d2)));
}
