using Vern.Domain.People;

namespace Vern.Register.Controls;

/// <summary>Norwegian person numbers as Personalia kontroll 12, 13, 14, 17 and 18 need them.</summary>
/// <remarks>Fødselsnummer and D-nummer are checked by the Domain's <see cref="PersonIdentifier"/> (Skatteetaten's
/// mod-11 algorithm; the D-nummer adds 4 to the first digit); DUF-nummer by <see cref="DufNumber"/>. SSB's special forms: DDMMÅÅ + 00100, DDMMÅÅ + 00200 and termindato DDMMÅÅ + 99999.</remarks>
public static class IdNumbers
{
    /// <summary>The kinds an 11-digit Fodselsnummer can be.</summary>
    public enum Kind
    {
        Invalid,
        Fodselsnummer,
        DNummer,

        /// <summary>DDMMÅÅ + 00100, 00200 or 99999 (SSB's incomplete numbers).</summary>
        Special,
    }

    /// <summary>Classifies a Fodselsnummer value (Personalia kontroll 12) with the Domain's
    /// <see cref="PersonIdentifier"/> (mod 11, century from the individnummer). Skatteetaten's synthetic test
    /// numbers (month + 80) are not among SSB's accepted forms and count as invalid here.</summary>
    public static Kind Classify(string? number) => PersonIdentifier.TryParse(number, out _)?.Kind switch
    {
        IdentifierKind.Fodselsnummer => Kind.Fodselsnummer,
        IdentifierKind.DNummer => Kind.DNummer,
        IdentifierKind.Incomplete => Kind.Special,
        _ => Kind.Invalid,
    };

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

    /// <summary>Valid DUF-nummer (Personalia Kontroll 17), by the Domain's <see cref="DufNumber"/>.</summary>
    public static bool IsValidDuf(string? number) => DufNumber.IsValid(number);

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
