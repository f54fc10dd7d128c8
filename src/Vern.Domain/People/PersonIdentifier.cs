using System.Globalization;

namespace Vern.Domain.People;

/// <summary>What kind of national identity number a child has.</summary>
public enum IdentifierKind
{
    /// <summary>Fødselsnummer from Folkeregisteret.</summary>
    Fodselsnummer,
    /// <summary>D-nummer: day of birth + 40.</summary>
    DNummer,
    /// <summary>Synthetic test number (Skatteetaten's Tenor: month + 80); never a real person.</summary>
    Synthetic,
    /// <summary>Incomplete number allowed by the register while the real one is unknown:
    /// birth date (DDMMÅÅ) + 00100 or 00200, or due date + 99999 for an unborn child
    /// (Barnevern_v4.xsd Personalia/@Fodselsnummer; Personalia Kontroll 12 and 18).</summary>
    Incomplete,
}

/// <summary>A child's national identity number (fødselsnummer, D-nummer, or the register's
/// incomplete forms), checked when created.</summary>
/// <remarks>The control digits follow the mod-11 algorithm of Skatteetaten's
/// "Fødselsnummer" specification (weights 3 7 6 1 8 9 4 5 2 and 5 4 3 2 7 6 5 4 3 2);
/// a remainder giving control digit 10 makes the number invalid. The century follows the
/// individual number (000–499: 1900s; 500–749 with year 54–99: 1800s; 500–999 with
/// year 00–39: 2000s; 900–999 with year 40–99: 1900s).</remarks>
public sealed record PersonIdentifier
{
    private static readonly int[] Weights1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    private static readonly int[] Weights2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

    private PersonIdentifier(string value, IdentifierKind kind, DateOnly birthDate)
    {
        Value = value;
        Kind = kind;
        BirthDate = birthDate;
    }

    /// <summary>The 11 digits.</summary>
    public string Value { get; }

    public IdentifierKind Kind { get; }

    /// <summary>The birth date the number encodes (the due date for 99999).</summary>
    public DateOnly BirthDate { get; }

    /// <summary>Sex encoded by the ninth digit (odd: male), or null for the due-date form (…99999). The incomplete forms
    /// 00100 and 00200 encode it too: SSB reads the 9th digit of every number not ending 99999 as the sex
    /// (Kravspesifikasjon Personalia Kontroll 14, ERROR), so 00100 is a boy's and 00200 a girl's.</summary>
    public Sex? EncodedSex => Value.EndsWith("99999", StringComparison.Ordinal)
        ? null
        : (Value[8] - '0') % 2 == 1 ? Sex.Male : Sex.Female;

    public override string ToString() => Value;

    /// <summary>Parses and checks <paramref name="text"/>; returns null and a bokmål reason when it is not valid.</summary>
    public static PersonIdentifier? TryParse(string? text, out string? error)
    {
        error = null;
        if (text is null || text.Length != 11 || !text.All(char.IsAsciiDigit))
        {
            error = "må være 11 siffer";
            return null;
        }
        int[] d = text.Select(c => c - '0').ToArray();
        int day = d[0] * 10 + d[1], month = d[2] * 10 + d[3], yy = d[4] * 10 + d[5];
        var tail = text[6..];

        if (tail is "00100" or "00200" or "99999")
        {
            // Incomplete numbers belong to children (or the unborn): years 00–39 are read as 2000–2039.
            var date = ToDate(day, month, yy <= 39 ? 2000 + yy : 1900 + yy);
            if (date is null)
            {
                error = "datodelen (DDMMÅÅ) er ikke en gyldig dato";
                return null;
            }
            return new PersonIdentifier(text, IdentifierKind.Incomplete, date.Value);
        }

        var kind = IdentifierKind.Fodselsnummer;
        if (day > 40)
        {
            kind = IdentifierKind.DNummer;
            day -= 40;
        }
        if (month > 80)
        {
            kind = IdentifierKind.Synthetic;
            month -= 80;
        }
        int individual = d[6] * 100 + d[7] * 10 + d[8];
        var year = Century(yy, individual);
        var birth = year is null ? null : ToDate(day, month, year.Value);
        if (birth is null)
        {
            error = "datodelen (DDMMÅÅ) og individnummeret gir ingen gyldig fødselsdato";
            return null;
        }
        if (ControlDigit(d, Weights1, 9) != d[9] || ControlDigit(d, Weights2, 10) != d[10])
        {
            error = "kontrollsifrene stemmer ikke (modulus 11)";
            return null;
        }
        return new PersonIdentifier(text, kind, birth.Value);
    }

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/> naming the reason.</summary>
    public static PersonIdentifier Parse(string text) =>
        TryParse(text, out var error) ?? throw new FormatException($"Ugyldig fødselsnummer: {error}.");

    /// <summary>Makes a valid number for a birth date and individual number, or null when the individual number
    /// gives control digit 10. Used by the synthetic data generators.</summary>
    public static PersonIdentifier? Create(DateOnly birthDate, int individualNumber, IdentifierKind kind = IdentifierKind.Fodselsnummer)
    {
        int day = birthDate.Day + (kind == IdentifierKind.DNummer ? 40 : 0);
        int month = birthDate.Month + (kind == IdentifierKind.Synthetic ? 80 : 0);
        var first9 = string.Create(CultureInfo.InvariantCulture, $"{day:00}{month:00}{birthDate.Year % 100:00}{individualNumber:000}");
        int[] d = new int[11];
        for (int i = 0; i < 9; i++) d[i] = first9[i] - '0';
        var k1 = ControlDigit(d, Weights1, 9);
        if (k1 > 9) return null;
        d[9] = k1;
        var k2 = ControlDigit(d, Weights2, 10);
        if (k2 > 9) return null;
        var id = TryParse(first9 + k1.ToString(CultureInfo.InvariantCulture) + k2.ToString(CultureInfo.InvariantCulture), out _);
        return id is not null && id.BirthDate == birthDate ? id : null;
    }

    private static int ControlDigit(int[] d, int[] weights, int count)
    {
        int sum = 0;
        for (int i = 0; i < count; i++) sum += d[i] * weights[i];
        var k = 11 - sum % 11;
        return k == 11 ? 0 : k;
    }

    private static int? Century(int yy, int individual)
    {
        if (individual <= 499) return 1900 + yy;
        if (individual <= 749 && yy >= 54) return 1800 + yy;
        if (yy <= 39) return 2000 + yy;
        if (individual >= 900) return 1900 + yy;
        return null;
    }

    private static DateOnly? ToDate(int day, int month, int? year) =>
        year is { } y && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(y, month)
            ? new DateOnly(y, month, day)
            : null;
}

/// <summary>Kjønn as coded in the register (Barnevern_v4.xsd Personalia/@Kjonn): 0 unborn, 1 male, 2 female.</summary>
public enum Sex
{
    Unborn = 0,
    Male = 1,
    Female = 2,
}
