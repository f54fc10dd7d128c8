using System.Globalization;

namespace Vern.Domain.Text;

/// <summary>Numbers and counts as bokmål writes them, made by hand: Vern runs in globalization-invariant mode, where no "nb-NO"
/// culture exists. Thousands are grouped with a no-break space, decimals follow a comma (Språkrådet), and a noun takes the singular
/// only for exactly one ("1 sak", "0 saker", "2 saker"). Messages made in the feature areas and the pages' <c>Display</c> use the
/// same forms.</summary>
public static class Bokmal
{
    /// <summary>The number format: no-break space between thousands, comma before decimals.</summary>
    public static readonly NumberFormatInfo Numbers = new()
    {
        NumberGroupSeparator = "\u00A0",
        NumberDecimalSeparator = ",",
        PercentGroupSeparator = "\u00A0",
        PercentDecimalSeparator = ",",
    };

    /// <summary>A whole number with its thousands grouped: "12 345".</summary>
    public static string Number(long n) => n.ToString("N0", Numbers);

    /// <summary>A count with its noun in the right number: "1 sak", "2 saker", "0 saker".</summary>
    public static string Count(long n, string one, string many) => $"{Number(n)} {(n == 1 ? one : many)}";
}
