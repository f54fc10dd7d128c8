namespace Vern.Statistics.Breakdowns;

/// <summary>Regional groupings: county from the municipality number, SSB's size classes (classification 115), and the
/// nation with and without Oslo.</summary>
public static class Regions
{
    public const string Nation = "landet";
    public const string NationWithoutOslo = "landet uten Oslo";

    /// <summary>Oslo's municipality number. Seed 001 (KS 2015) leaves Oslo out of the national figures because of its
    /// own payment scheme with the state; seed 002 shows regions with Oslo apart.</summary>
    public const string Oslo = "0301";

    /// <summary>The county (fylke) of a municipality: its first two digits (SSB's numbering), e.g. "4601" → "fylke 46".</summary>
    public static string County(string municipality) =>
        municipality.Length == 4 && municipality.All(char.IsAsciiDigit)
            ? "fylke " + municipality[..2]
            : throw new ArgumentException($"Kommunenummer «{municipality}» må ha fire sifre.", nameof(municipality));

    /// <summary>SSB's standard for classifying municipalities by population (classification 115), as listed in Menon 2023
    /// (seed 002, ch. 2.2, footnote 11): 1 under 2,000; 2 2,000–4,999; 3 5,000–9,999; 4 10,000–19,999; 5 20,000–49,999;
    /// 6 50,000 and more.</summary>
    public static int SizeClass(long inhabitants) => inhabitants switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(inhabitants), inhabitants, "Innbyggertallet kan ikke være negativt."),
        < 2_000 => 1,
        < 5_000 => 2,
        < 10_000 => 3,
        < 20_000 => 4,
        < 50_000 => 5,
        _ => 6,
    };

    public static string SizeClassName(int sizeClass) => $"størrelse {sizeClass}";

    public static readonly IReadOnlyDictionary<int, string> SizeClassLabels = new Dictionary<int, string>
    {
        [1] = "under 2 000 innbyggere",
        [2] = "2 000–4 999 innbyggere",
        [3] = "5 000–9 999 innbyggere",
        [4] = "10 000–19 999 innbyggere",
        [5] = "20 000–49 999 innbyggere",
        [6] = "50 000 innbyggere og flere",
    };
}
