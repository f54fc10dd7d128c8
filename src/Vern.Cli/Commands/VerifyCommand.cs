using System.CommandLine;
using Spectre.Console;
using Vern.Storage;

namespace Vern.Cli.Commands;

/// <summary><c>vern verify</c>: recomputes every case's hash chain and replays every case against its snapshot
/// (<see cref="StoreVerifier"/>, through the application layer, as the acting user: administrator, auditor with --purpose, or the
/// service's leader; logged). Exit code 0 when nothing differs, 1 (findings) when anything does, 7 when the user may not.</summary>
public static class VerifyCommand
{
    public static Command Create()
    {
        var command = new Command("verify", "Kontroller at ingen hendelse er endret: regn ut hash-kjedene på nytt og spill av hver sak mot øyeblikksbildet");
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var session = Session.Open(parse);
            var report = await session.App.VerifyAsync(session.Actor, session.Purpose, cancellationToken);
            foreach (var f in report.Findings)
                AnsiConsole.MarkupLineInterpolated($"[red]{f.Kind}[/] sak {f.CaseId}{(f.Version is { } v ? $" versjon {v}" : "")}: {f.Message}");
            AnsiConsole.MarkupLine($"{report.Cases:N0} saker og {report.Events:N0} hendelser kontrollert; " + (report.Ok ? "[green]ingen avvik[/]." : $"[red]{report.Findings.Count} avvik[/]."));
            AnsiConsole.MarkupLineInterpolated($"Sammendrag av alle kjeder (ta vare på det utenfor databasen): {report.Digest}");
            return report.Ok ? Cli.ExitCodes.Ok : Cli.ExitCodes.Findings;
        });
        return command;
    }
}
