namespace Vern.Statistics.Breakdowns;

/// <summary>Age groups as SSB's child welfare tables use them (09050, 11600): age at 31 December of the year.
/// The bands are 0–5, 6–12, 13–17, 18–24; the groups add them up: 0–17, 18–24, 0–24 and "alle" (alder i alt,
/// which also counts anyone older).</summary>
public static class AgeGroups
{
    public const int BandCount = 5;

    /// <summary>The names of bands 0–3.</summary>
    public static readonly string[] BandNames = ["0-5", "6-12", "13-17", "18-24"];

    /// <summary>The band of an age: 0 = 0–5, 1 = 6–12, 2 = 13–17, 3 = 18–24, 4 = other (25 and over).</summary>
    public static int Band(int age) => age switch
    {
        <= 5 => 0,
        <= 12 => 1,
        <= 17 => 2,
        <= 24 => 3,
        _ => 4,
    };

    /// <summary>Age at 31 December of <paramref name="year"/> (SSB: "alder ved utgangen av året").</summary>
    public static int AgeAtYearEnd(DateOnly birthDate, int year) => year - birthDate.Year;

    /// <summary>The published groups and the bands each adds up, in display order.</summary>
    public static readonly IReadOnlyList<(string Name, int[] Bands)> Groups =
    [
        ("0-17", [0, 1, 2]),
        ("18-24", [3]),
        ("0-24", [0, 1, 2, 3]),
        ("alle", [0, 1, 2, 3, 4]),
        ("0-5", [0]),
        ("6-12", [1]),
        ("13-17", [2]),
    ];

    public static bool IsKnown(string group) => Groups.Any(g => g.Name == group);

    /// <summary>The first and last age of a group ("alle" = 0–120).</summary>
    public static (int From, int To) Range(string group) => group switch
    {
        "alle" => (0, 120),
        _ when group.Split('-') is [var a, var b] => (int.Parse(a, System.Globalization.CultureInfo.InvariantCulture), int.Parse(b, System.Globalization.CultureInfo.InvariantCulture)),
        _ => throw new ArgumentException($"Ukjent aldersgruppe «{group}»; bruk en av {string.Join(", ", Groups.Select(g => g.Name))}.", nameof(group)),
    };
}
