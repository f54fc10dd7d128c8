using System.CommandLine;
using Spectre.Console;
using Vern.Domain.Validation;
using Vern.Storage;

namespace Vern.Cli;

/// <summary>Runs the root command and turns known failures into clear messages and exit codes:
/// 2 for refused input (rule broken), 3 for a concurrency conflict, 4 for missing files, 1 otherwise.</summary>
public static class Cli
{
    public static int Run(RootCommand root, string[] args)
    {
        try
        {
            var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
            return root.Parse(args).Invoke(config);
        }
        catch (DomainRuleException e)
        {
            AnsiConsole.MarkupLine("[red]Avvist – ingenting ble lagret:[/]");
            foreach (var issue in e.Issues)
                AnsiConsole.MarkupLineInterpolated($"  [red]{issue.Message}[/] [grey]({issue.Code}; {issue.Source})[/]");
            return 2;
        }
        catch (ConcurrencyException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return 3;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return 4;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or System.Text.Json.JsonException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Ugyldig inndata: {e.Message}[/]");
            return 2;
        }
    }
}
