using System.Globalization;

namespace Vern.Domain.People;

/// <summary>DUF-nummer: UDI's 12-digit number for a foreign national's case (Barnevern_v4.xsd Personalia/@DUFnummer).</summary>
/// <remarks>Four digits of year, a six-digit serial, and two control digits = (the first ten digits weighted
/// 4 6 3 2 4 6 3 2 7 5, summed) mod 11, written with two digits (UDI "DUF-nummer"; SSB Personalia Kontroll 17).
/// Example: 2014 123456 → weighted sum 117, 117 mod 11 = 7 → "201412345607".</remarks>
public static class DufNumber
{
    private static readonly int[] Weights = [4, 6, 3, 2, 4, 6, 3, 2, 7, 5];

    public static bool IsValid(string? number) =>
        number is { Length: 12 } && number.All(char.IsAsciiDigit)
        && ((number[10] - '0') * 10) + (number[11] - '0') == Control(number);

    /// <summary>A valid DUF-nummer for a year and serial (0–999,999); used by the synthetic data generators.</summary>
    public static string Create(int year, int serial)
    {
        var first10 = string.Create(CultureInfo.InvariantCulture, $"{year:0000}{serial:000000}");
        return first10 + Control(first10).ToString("00", CultureInfo.InvariantCulture);
    }

    private static int Control(string digits)
    {
        var sum = 0;
        for (var i = 0; i < 10; i++)
            sum += (digits[i] - '0') * Weights[i];
        return sum % 11;
    }
}
