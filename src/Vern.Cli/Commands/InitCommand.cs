using System.CommandLine;
using Spectre.Console;

namespace Vern.Cli.Commands;

/// <summary><c>vern init</c>: creates an empty database (WAL mode, append-only event table).</summary>
public static class InitCommand
{
    public static Command Create()
    {
        var command = new Command("init", "Lag en tom database");
        command.SetAction(parse =>
        {
            using var session = Session.Open(parse, create: true);
            AnsiConsole.MarkupLineInterpolated($"Database klar: [green]{Path.GetFullPath(session.Store.DataSource)}[/] ({session.Store.ListCasesAsync(Vern.Storage.MunicipalityScope.National).GetAwaiter().GetResult().Count} saker)");
            return 0;
        });
        return command;
    }
}
