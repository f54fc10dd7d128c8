namespace Vern.Register.Controls;

/// <summary>Norwegian person numbers as Personalia kontroll 12, 13, 14, 17 and 18 need them.</summary>
/// <remarks>Fødselsnummer and D-nummer: 11 digits DDMMÅÅ + individnummer (3) + two mod-11 control digits, weights
/// 3 7 6 1 8 9 4 5 2 and 5 4 3 2 7 6 5 4 3 2 (Skatteetaten / UDI "fødselsnummer" and "d-nummer"; the D-nummer adds 4
/// to the first digit). Century from the individnummer as Skatteetaten defines it. DUF-nummer: 12 digits ÅÅÅÅ +
/// 6-digit serial + 2 control digits = (sum of the first 10 digits × 4 6 3 2 4 6 3 2 7 5) mod 11, written as two
/// digits (UDI "DUF-nummer"; same algorithm in the public repositories tonneask/norsk-nummer-validering and
/// oyms/NorwegianTypes). SSB's special forms: DDMMÅÅ + 00100, DDMMÅÅ + 00200 and termindato DDMMÅÅ + 99999.</remarks>
public static class IdNumbers
{
    private static readonly int[] K1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    private static readonly int[] K2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    private static readonly int[] Duf = [4, 6, 3, 2, 4, 6, 3, 2, 7, 5];

    /// <summary>The kinds an 11-digit Fodselsnummer can be.</summary>
    public enum Kind
    {
        Invalid,
        Fodselsnummer,
        DNummer,

        /// <summary>DDMMÅÅ + 00100, 00200 or 99999 (SSB's incomplete numbers).</summary>
        Special,
    }

    /// <summary>Classifies a Fodselsnummer value (Personalia kontroll 12).</summary>
    public static Kind Classify(string? number)
    {
        if (number is null || number.Length != 11 || !AllAsciiDigits(number))
        {
            return Kind.Invalid;
        }

        var tail = number[6..];
        if (tail is "00100" or "00200" or "99999")
        {
            return DatePart(number, dNumber: false, individual: null) is not null ? Kind.Special : Kind.Invalid;
        }

        if (!ControlDigitsOk(number))
        {
            return Kind.Invalid;
        }

        var individual = int.Parse(number.AsSpan(6, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
        if (number[0] >= '4' && DatePart(number, dNumber: true, individual) is not null)
        {
            return Kind.DNummer;
        }

        return DatePart(number, dNumber: false, individual) is not null ? Kind.Fodselsnummer : Kind.Invalid;
    }

    /// <summary>True for SSB's incomplete numbers ending 00100, 00200 or 99999 (Personalia Kontroll 18).</summary>
    public static bool IsSpecial(string number) => Classify(number) == Kind.Special;

    /// <summary>The day, month and two-digit year the first six digits stand for (D-nummer: first digit − 4),
    /// or null if they are no date in any century.</summary>
    public static (int Day, int Month, int Year2)? DateDigits(string number)
    {
        if (number.Length < 6 || !AllAsciiDigits(number[..6]))
        {
            return null;
        }

        var day = ((number[0] - '0') * 10) + (number[1] - '0');
        if (day > 40)
        {
            day -= 40;
        }

        return (day, ((number[2] - '0') * 10) + (number[3] - '0'), ((number[4] - '0') * 10) + (number[5] - '0'));
    }

    /// <summary>Valid DUF-nummer (Personalia Kontroll 17).</summary>
    public static bool IsValidDuf(string? number)
    {
        if (number is null || number.Length != 12 || !AllAsciiDigits(number))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            sum += (number[i] - '0') * Duf[i];
        }

        return ((number[10] - '0') * 10) + (number[11] - '0') == sum % 11;
    }

    /// <summary>Both mod-11 control digits of a fødselsnummer/D-nummer are right.</summary>
    public static bool ControlDigitsOk(string n)
    {
        var k1 = ControlDigit(n, K1);
        var k2 = ControlDigit(n, K2);
        return k1 == n[9] - '0' && k2 == n[10] - '0';
    }

    private static int ControlDigit(string n, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += (n[i] - '0') * weights[i];
        }

        var k = 11 - (sum % 11);
        return k == 11 ? 0 : k; // 10 never equals a digit, so it fails
    }

    private static DateOnly? DatePart(string n, bool dNumber, int? individual)
    {
        var day = ((n[0] - '0') * 10) + (n[1] - '0') - (dNumber ? 40 : 0);
        var month = ((n[2] - '0') * 10) + (n[3] - '0');
        var yy = ((n[4] - '0') * 10) + (n[5] - '0');
        if (month is < 1 or > 12 || day < 1)
        {
            return null;
        }

        foreach (var year in Centuries(yy, individual))
        {
            if (day <= DateTime.DaysInMonth(year, month))
            {
                return new DateOnly(year, month, day);
            }
        }

        return null;
    }

    private static IEnumerable<int> Centuries(int yy, int? individual)
    {
        if (individual is not { } i)
        {
            yield return 2000 + yy;
            yield return 1900 + yy;
            yield break;
        }

        // Skatteetaten: 000–499 → 1900–1999; 500–749 with ÅÅ 54–99 → 1854–1899; 500–999 with ÅÅ 00–39 → 2000–2039;
        // 900–999 with ÅÅ 40–99 → 1940–1999.
        if (i <= 499)
        {
            yield return 1900 + yy;
        }
        else if (i <= 749 && yy >= 54)
        {
            yield return 1800 + yy;
        }
        else if (yy <= 39)
        {
            yield return 2000 + yy;
        }
        else if (i >= 900)
        {
            yield return 1900 + yy;
        }
    }

    private static bool AllAsciiDigits(string s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
