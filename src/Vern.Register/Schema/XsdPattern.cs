using System.Text.RegularExpressions;

namespace Vern.Register.Schema;

/// <summary>The pattern facets of one derivation step of a simple type (alternatives), as a predicate with .NET's
/// verdict for <c>^(p1)|(p2)…$</c>. The patterns Barnevern_v4.xsd uses are matched by hand; any other pattern by an
/// interpreted <see cref="Regex"/>.</summary>
/// <remarks>
/// Why by hand: a compiled Regex is emitted and JIT-compiled when the schema is loaded, i.e. in every run of
/// <c>vern validate register</c> (the XSD's 33 pattern steps were a visible part of a one-file run's start-up), and an
/// interpreted one costs several times more per value on the Id attributes every file has many of.
/// The hand matchers keep .NET's semantics exactly: <c>\d</c> is any Unicode decimal digit (<see cref="char.IsDigit(char)"/>,
/// as .NET's <c>\d</c> and XSD's), character ranges are ordinal, and <c>$</c> also matches before one final line feed
/// (the reason <see cref="FastSchema.ValidateSupplements"/> rejects a trailing line feed separately, as XSD does).
/// XsdPatternTests checks each against the Regex on a table of values.
/// </remarks>
internal static class XsdPattern
{
    private const string Uuid = @"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}";

    /// <summary>DatoUttrekk's form (xs:dateTime with seconds, up to nine decimals and a time zone).</summary>
    private const string DateTimeWithZone = @"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})";

    /// <summary>A predicate for the alternatives of one step.</summary>
    public static Func<string, bool> Compile(IReadOnlyList<string> alternatives)
    {
        var matchers = new List<Func<string, bool>>();
        foreach (var p in alternatives)
        {
            if (ByHand(p) is not { } m)
            {
                var regex = Regex(alternatives);
                return regex.IsMatch;
            }

            matchers.Add(m);
        }

        if (matchers.Count == 1)
        {
            var only = matchers[0];
            return value => only(WithoutFinalLineFeed(value));
        }

        return value =>
        {
            var v = WithoutFinalLineFeed(value);
            foreach (var m in matchers)
            {
                if (m(v))
                {
                    return true;
                }
            }

            return false;
        };
    }

    /// <summary>The Regex for the step (for the patterns without a hand matcher, and for the tests): the value must match
    /// one alternative whole. (Before, the alternatives were joined as <c>^(a)|(b)$</c>, which reads as "starts with a or
    /// ends with b"; Barnevern_v4.xsd has no step with two patterns, so no verdict changed.)</summary>
    public static Regex Regex(IReadOnlyList<string> alternatives) =>
        new("^(?:(" + string.Join(")|(", alternatives) + "))$", RegexOptions.CultureInvariant);

    private static string WithoutFinalLineFeed(string value) => value.EndsWith('\n') ? value[..^1] : value;

    private static Func<string, bool>? ByHand(string pattern)
    {
        switch (pattern)
        {
            case Uuid:
                return IsUuid;
            case DateTimeWithZone:
                return IsDateTimeWithZone;
            case "[a-z]":
                return v => v.Length == 1 && v[0] is >= 'a' and <= 'z';
            case @"\d+":
                return v => v.Length > 0 && Digits(v, 0, v.Length);
            case @"\d+[a-z]*":
                return DigitsThenLetters;
        }

        // \d{n}
        if (pattern.StartsWith(@"\d{", StringComparison.Ordinal) && pattern.EndsWith('}')
            && int.TryParse(pattern.AsSpan(3, pattern.Length - 4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            return v => v.Length == n && Digits(v, 0, n);
        }

        return null;
    }

    private static bool Digits(string v, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (!char.IsDigit(v[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool DigitsThenLetters(string v)
    {
        var i = 0;
        while (i < v.Length && char.IsDigit(v[i]))
        {
            i++;
        }

        if (i == 0)
        {
            return false;
        }

        while (i < v.Length && v[i] is >= 'a' and <= 'z')
        {
            i++;
        }

        return i == v.Length;
    }

    /// <summary>The form of <see cref="DateTimeWithZone"/>, with .NET's <c>\d</c> (any Unicode digit).</summary>
    internal static bool IsDateTimeWithZone(string v)
    {
        if (v.Length < 20 || !Digits(v, 0, 4) || v[4] != '-' || !Digits(v, 5, 7) || v[7] != '-' || !Digits(v, 8, 10) || v[10] != 'T'
            || !Digits(v, 11, 13) || v[13] != ':' || !Digits(v, 14, 16) || v[16] != ':' || !Digits(v, 17, 19))
        {
            return false;
        }

        var i = 19;
        if (v[i] == '.')
        {
            var start = ++i;
            while (i < v.Length && char.IsDigit(v[i]))
            {
                i++;
            }

            if (i - start is < 1 or > 9)
            {
                return false;
            }
        }

        var zone = v.AsSpan(i);
        return zone is "Z" || (zone.Length == 6 && zone[0] is '+' or '-' && Digits(v, i + 1, i + 3) && zone[3] == ':' && Digits(v, i + 4, i + 6));
    }

    private static bool IsUuid(string v)
    {
        if (v.Length != 36 || v[8] != '-' || v[13] != '-' || v[18] != '-' || v[23] != '-' || v[14] is < '1' or > '5' || v[19] is not ('8' or '9' or 'a' or 'b' or 'A' or 'B'))
        {
            return false;
        }

        for (var i = 0; i < 36; i++)
        {
            if (i is 8 or 13 or 18 or 23)
            {
                continue;
            }

            if (!char.IsAsciiHexDigit(v[i]))
            {
                return false;
            }
        }

        return true;
    }
}
