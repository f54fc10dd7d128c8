using System.CommandLine;
using Spectre.Console;
using Vern.Storage;

namespace Vern.Cli.Commands;

/// <summary><c>vern init</c>: creates an empty database (every migration applied) and says how to make the first user.</summary>
public static class InitCommand
{
    public static Command Create()
    {
        var command = new Command("init", "Lag en tom database");
        command.SetAction(parse =>
        {
            using var session = Session.Open(parse, create: true, needsActor: false);
            AnsiConsole.MarkupLineInterpolated($"Database klar: [green]{(VernDatabase.EngineOf(session.DataSource) == Engine.Sqlite ? Path.GetFullPath(session.DataSource) : Vern.Storage.Postgres.PostgresConnection.Redact(session.DataSource))}[/] ({Session.Wait(session.App.CountCasesAsync())} saker)");
            if (Session.Wait(session.App.HasNoUsersAsync()))
                AnsiConsole.MarkupLine("Ingen brukere ennå. Lag den første (en administrator), så brukere med roller:\n"
                    + "  vern user add --id admin --name \"Navn Navnesen\" --role administrator\n"
                    + "  vern user add --as admin --id kari --name \"Kari Nordmann\" --role leader --municipality 4601");
            return 0;
        });
        return command;
    }
}
