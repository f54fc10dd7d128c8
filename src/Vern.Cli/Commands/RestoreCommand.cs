using System.CommandLine;
using Spectre.Console;
using Vern.Storage;

namespace Vern.Cli.Commands;

/// <summary><c>vern restore --from FILE --db …</c>: a backup back into a NEW database of the same engine (a SQLite file that
/// does not exist; a PostgreSQL database without Vern tables), then <c>vern verify</c> on it.</summary>
public static class RestoreCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "Sikkerhetskopien (fra «vern backup»)", Required = true };
        var command = new Command("restore", "Gjenopprett en sikkerhetskopi til en ny database og kontroller den") { from };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var db = parse.GetValue(CommonOptions.Db)!;
            await VernBackup.RestoreAsync(parse.GetValue(from)!, db, cancellationToken);
            using var session = Session.Open(parse, needsActor: false);
            var report = await session.App.VerifyAsync(cancellationToken);
            AnsiConsole.MarkupLine($"Gjenopprettet: {report.Cases:N0} saker og {report.Events:N0} hendelser; " + (report.Ok ? "[green]vern verify: ingen avvik[/]." : $"[red]vern verify: {report.Findings.Count} avvik[/]."));
            return report.Ok ? Cli.ExitCodes.Ok : Cli.ExitCodes.Findings;
        });
        return command;
    }
}
