using System.Globalization;

namespace Vern.Cli.Commands;

/// <summary>Parses date options (yyyy-MM-dd) with a message naming the option.</summary>
internal static class CliDates
{
    public static DateOnly? Parse(string? text, string option)
    {
        if (text is null)
            return null;
        return TryParse(text) ?? throw new FormatException($"{option}: «{text}» er ikke en dato på formen ÅÅÅÅ-MM-DD.");
    }

    /// <summary>The date, or null if the text is not one (for an option's own parser, which reports the error itself).</summary>
    public static DateOnly? TryParse(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
