using System.Globalization;
using System.Text;

namespace Vern.Cli;

/// <summary>Text from data (names, journal numbers, file names, messages quoting input) made safe for a terminal:
/// control characters (C0/C1 such as NUL and ESC) and invisible format characters (bidirectional overrides such as
/// U+202E) are shown as <c>\u{XXXX}</c>, so stored data can never move the cursor, recolour the screen or reverse
/// the text around it.</summary>
public static class TerminalText
{
    public static string Safe(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(IsUnsafe))
            return text ?? "";
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (IsUnsafe(c))
                sb.Append(CultureInfo.InvariantCulture, $"\\u{{{(int)c:X4}}}");
            else
                sb.Append(c);
        }
        return sb.ToString();
    }

    private static bool IsUnsafe(char c) =>
        char.IsControl(c) && c is not '\n' || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
