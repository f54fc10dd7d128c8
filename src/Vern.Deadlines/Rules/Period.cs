using System.Globalization;

namespace Vern.Deadlines.Rules;

/// <summary>Frist: a length of time in whole months and days, added to a start date in one step.</summary>
/// <remarks>Months are added first, in one step from the start, with <see cref="DateOnly.AddMonths"/>: when the
/// target month is shorter, the period ends on its last day (31 January + 3 months = 30 April; 30 November + 3 months =
/// 28 February, or 29 February in a leap year). Months are never added one at a time (chaining +1 three times from
/// 31 January gives 28 or 29 April). Days are then added as calendar days (1 week = 7 days).</remarks>
public readonly record struct Period(int Months = 0, int Days = 0)
{
    public static Period OfDays(int days) => new(0, days);

    public static Period OfMonths(int months) => new(months, 0);

    /// <summary>The day the period ends when it starts on <paramref name="start"/>.</summary>
    public DateOnly AddTo(DateOnly start) => start.AddMonths(Months).AddDays(Days);

    /// <summary>Norwegian text, e.g. "3 måneder", "7 dager".</summary>
    public override string ToString() => (Months, Days) switch
    {
        (0, 7) => "1 uke",
        (0, var d) when d % 7 == 0 && d > 0 => string.Create(CultureInfo.InvariantCulture, $"{d / 7} uker"),
        (0, var d) => string.Create(CultureInfo.InvariantCulture, $"{d} dager"),
        (var m, 0) => string.Create(CultureInfo.InvariantCulture, $"{m} måneder"),
        var (m, d) => string.Create(CultureInfo.InvariantCulture, $"{m} måneder og {d} dager"),
    };
}
