using System.Globalization;

namespace Vern.Matching;

/// <summary>How two birth dates can be the same date written wrong.</summary>
public enum BirthDateRelation
{
    /// <summary>One or both dates are missing.</summary>
    Unknown,
    Same,
    /// <summary>Day and month swapped (03.12 for 12.03).</summary>
    DayMonthSwapped,
    /// <summary>One digit of DDMMÅÅÅÅ differs.</summary>
    OneDigitOff,
    Different,
}

/// <summary>Birth-date variants: the dates a mistyped birth date could have been.</summary>
public static class BirthDates
{
    /// <summary>The date itself, the date with day and month swapped, and every valid date one digit of DDMMÅÅÅÅ away
    /// (at most 1 + 1 + 72). Example: 2015-03-12 gives 2015-12-03 (swapped), 2015-03-13 and 2016-03-12 (one digit) …</summary>
    public static IReadOnlyList<DateOnly> Variants(DateOnly date)
    {
        var result = new List<DateOnly> { date };
        if (Swapped(date) is { } swapped && swapped != date)
            result.Add(swapped);
        var digits = Digits(date);
        for (var i = 0; i < digits.Length; i++)
        {
            for (var c = '0'; c <= '9'; c++)
            {
                if (c == digits[i])
                    continue;
                var copy = digits.ToCharArray();
                copy[i] = c;
                if (Parse(new string(copy)) is { } d && !result.Contains(d))
                    result.Add(d);
            }
        }
        return result;
    }

    /// <summary>How <paramref name="a"/> relates to <paramref name="b"/>.</summary>
    public static BirthDateRelation Relate(DateOnly? a, DateOnly? b)
    {
        if (a is not { } x || b is not { } y)
            return BirthDateRelation.Unknown;
        if (x == y)
            return BirthDateRelation.Same;
        if (Swapped(x) == y)
            return BirthDateRelation.DayMonthSwapped;
        var dx = Digits(x);
        var dy = Digits(y);
        var differ = 0;
        for (var i = 0; i < dx.Length; i++)
            if (dx[i] != dy[i])
                differ++;
        return differ == 1 ? BirthDateRelation.OneDigitOff : BirthDateRelation.Different;
    }

    private static DateOnly? Swapped(DateOnly d) =>
        d.Day <= 12 && d.Month <= DateTime.DaysInMonth(d.Year, d.Day) ? new DateOnly(d.Year, d.Day, d.Month) : null;

    private static string Digits(DateOnly d) => d.ToString("ddMMyyyy", CultureInfo.InvariantCulture);

    private static DateOnly? Parse(string ddMMyyyy) =>
        DateOnly.TryParseExact(ddMMyyyy, "ddMMyyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d.Year >= 1900 ? d : null;
}
