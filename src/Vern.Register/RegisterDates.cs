using System.Globalization;
using System.Xml;

namespace Vern.Register;

/// <summary>Date formats of the register file: xs:date as yyyy-MM-dd, DatoUttrekk as xs:dateTime with offset.</summary>
public static class RegisterDates
{
    /// <summary>Parses exactly <c>yyyy-MM-dd</c> (ASCII digits, a real calendar date, year 0001–9999).</summary>
    public static bool TryParseDate(string s, out DateOnly date)
    {
        date = default;
        if (s.Length != 10 || s[4] != '-' || s[7] != '-')
        {
            return false;
        }

        int D(int i) => s[i] is >= '0' and <= '9' ? s[i] - '0' : -1000;
        var year = (D(0) * 1000) + (D(1) * 100) + (D(2) * 10) + D(3);
        var month = (D(5) * 10) + D(6);
        var day = (D(8) * 10) + D(9);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>True for an xs:dateTime in the plain form <c>yyyy-MM-ddTHH:mm:ss</c>, optional decimals (up to nine) and a
    /// time zone (<c>Z</c> or ±hh:mm up to ±14:00), with ASCII digits, a real calendar date in the years 1000–9998 and a time
    /// of day up to 23:59:59: a subset of what xs:dateTime (and .NET's datatype) accepts. The fast schema check accepts such
    /// a DatoUttrekk without asking .NET; any other value is left to .NET.</summary>
    public static bool IsPlainDateTime(string s)
    {
        // The form (and where each part is) by the XSD pattern's own matcher; ASCII, so its digits are '0'–'9'.
        if (!System.Text.Ascii.IsValid(s) || !Schema.XsdPattern.IsDateTimeWithZone(s)
            || !TryParseDate(s[..10], out var date) || date.Year is < 1000 or > 9998 || Two(s, 11) > 23 || Two(s, 14) > 59 || Two(s, 17) > 59)
        {
            return false;
        }

        if (s[^1] == 'Z')
        {
            return true;
        }

        var (hh, mm) = (Two(s, s.Length - 5), Two(s, s.Length - 2));
        return mm <= 59 && (hh < 14 || (hh == 14 && mm == 0));

        static int Two(string s, int at) => ((s[at] - '0') * 10) + (s[at + 1] - '0');
    }

    /// <summary>Tolerant reading of an xs:date attribute for the model: surrounding whitespace and a time zone
    /// suffix (allowed by xs:date) are ignored. Returns null if no date can be read.</summary>
    public static DateOnly? ReadDate(string? s)
    {
        if (s is null)
        {
            return null;
        }

        if (TryParseDate(s, out var d))
        {
            return d;
        }

        var t = s.Trim(' ', '\t', '\r', '\n');
        return t.Length >= 10 && TryParseDate(t[..10], out d) ? d : null;
    }

    /// <summary>Reads DatoUttrekk (xs:dateTime). Returns null if it is not a valid xs:dateTime.</summary>
    public static DateTimeOffset? ReadDateTime(string? s)
    {
        if (string.IsNullOrWhiteSpace(s))
        {
            return null;
        }

        try
        {
            return XmlConvert.ToDateTimeOffset(s.Trim(' ', '\t', '\r', '\n'));
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            return null; // e.g. an offset beyond ±14:00, which .NET's schema check lets through
        }
    }

    /// <summary>Formats a date as xs:date (yyyy-MM-dd).</summary>
    public static string Format(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Formats DatoUttrekk as xs:dateTime with offset, e.g. 2026-01-15T10:00:00+01:00.</summary>
    public static string Format(DateTimeOffset d) => d.ToString(d.Millisecond == 0 && d.Ticks % TimeSpan.TicksPerSecond == 0
        ? "yyyy-MM-dd'T'HH:mm:sszzz"
        : "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);

    /// <summary>Whole years from <paramref name="birth"/> to <paramref name="on"/> (alder), e.g. 2008-05-10 → 2026-05-09 is 17.</summary>
    public static int AgeInYears(DateOnly birth, DateOnly on)
    {
        var age = on.Year - birth.Year;
        if (on.Month < birth.Month || (on.Month == birth.Month && on.Day < birth.Day))
        {
            age--;
        }

        return age;
    }
}
