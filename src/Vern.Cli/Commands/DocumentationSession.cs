using System.CommandLine;

namespace Vern.Cli.Commands;

/// <summary>Helpers of the documentation commands (who acts and the purpose come from <see cref="Session"/>: --as, --purpose).</summary>
internal static class DocumentationSession
{
    /// <summary>The text of <c>--text</c>, or of the file named by <c>--file</c> (UTF-8, at most 1 MB); exactly one of them.</summary>
    public static string Text(ParseResult parse, Option<string?> text, Option<string?> file)
    {
        var t = parse.GetValue(text);
        var f = parse.GetValue(file);
        if ((t is null) == (f is null))
            throw new ArgumentException("Oppgi enten --text TEKST eller --file FIL.");
        return t ?? CliFiles.ReadText(f!, 1024 * 1024);
    }
}
