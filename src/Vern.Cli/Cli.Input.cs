using System.CommandLine;

namespace Vern.Cli;

/// <summary>The part of <see cref="Cli"/> that needs no database: the exit codes, a refused command line, and the failures of
/// files and input a user can cause. The ahead-of-time compiled validator (src/Vern.Cli.Native) compiles this file too, so
/// <c>vern validate register</c> answers with the same messages and exit codes whichever build runs it.</summary>
public static partial class Cli
{
    /// <summary>Exit codes, as documented in docs/cli.md.</summary>
    public static class ExitCodes
    {
        public const int Ok = 0;
        public const int Findings = 1;
        public const int Refused = 2;
        public const int Conflict = 3;
        public const int NotFound = 4;
        public const int FileError = 5;
        public const int DatabaseError = 6;
        public const int AccessDenied = 7;
    }

    /// <summary>A command line that does not parse: each error on standard error, where to read more, and exit code 2.</summary>
    public static int Refuse(ParseResult parse)
    {
        foreach (var error in parse.Errors)
            Fail(error.Message);
        Console.Error.WriteLine($"Se «vern {string.Join(' ', CommandPath(parse))} --help» og docs/cli.md.");
        return ExitCodes.Refused;
    }

    /// <summary>The exit code and one-line message for a failure of a file or of input; null for anything else.</summary>
    public static (int Code, string Message)? DescribeInput(Exception e) => e switch
    {
        AggregateException a when a.Flatten().InnerExceptions is [var single] => DescribeInput(single),
        FileNotFoundException or DirectoryNotFoundException => (ExitCodes.NotFound, e.Message),
        InvalidDataException => (ExitCodes.Refused, $"Filen er skadet eller ikke en gyldig zip: {e.Message}"),
        FormatException or ArgumentException or System.Text.Json.JsonException => (ExitCodes.Refused, $"Ugyldig inndata: {e.Message}"),
        UnauthorizedAccessException => (ExitCodes.FileError, $"Ingen tilgang: {e.Message}"),
        PathTooLongException => (ExitCodes.FileError, $"For lang filsti: {e.Message}"),
        IOException => (ExitCodes.FileError, $"Kunne ikke lese eller skrive fil: {e.Message}"),
        _ => null,
    };

    public static void Fail(string message) => Console.Error.WriteLine($"vern: {TerminalText.Safe(message)}");

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (r.Command is not RootCommand)
                names.Insert(0, r.Command.Name);
        }
        return names;
    }
}
