using System.CommandLine;
using Spectre.Console;
using Vern.Storage;

namespace Vern.Cli.Commands;

/// <summary>Options shared by the deadline commands (deadlines, worklist, compliance, staff).</summary>
internal static class DeadlineOptions
{
    public static Option<DateOnly?> AsOf() => new("--as-of") { Description = "Datoen fristene beregnes for (standard: i dag)" };

    public static Option<string?> Municipality() => new("--municipality", "-m") { Description = "Bare én kommune (kommunenummer)" };

    /// <summary>Today in Norway, read from the system clock here at the edge.</summary>
    public static DateOnly Today() => NorwegianTime.Today(TimeProvider.System);

    /// <summary>Tables are wide: when output is redirected (no terminal width), use COLUMNS or 160 characters.</summary>
    public static void WideOutput()
    {
        if (!Console.IsOutputRedirected) return;
        AnsiConsole.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var c) && c > 40 ? c : 160;
    }

}
