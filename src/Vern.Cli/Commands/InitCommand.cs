using System.CommandLine;
using Spectre.Console;
using Vern.Storage;

namespace Vern.Cli.Commands;

/// <summary><c>vern init</c>: creates an empty database (every migration applied) and says how to make the first user; on an
/// existing Vern database made by an older Vern, moves it forward to this build's schema (the one command that migrates:
/// every other refuses an older database with exit 6 and leaves it as it was).</summary>
public static class InitCommand
{
    public static Command Create()
    {
        var command = new Command("init", "Lag en tom database, eller oppgrader en eksisterende til denne versjonens skjema");
        command.SetAction(parse =>
        {
            if (Vern.Application.VernApp.Upgrade(parse.GetValue(CommonOptions.Db)!, TimeProvider.System) is { } upgraded)
            {
                if (upgraded.From == upgraded.To)
                    AnsiConsole.MarkupLineInterpolated($"Skjemaversjon {upgraded.To}: databasen er allerede oppdatert.");
                else
                    AnsiConsole.MarkupLineInterpolated($"Oppgradert fra skjemaversjon {upgraded.From} til {upgraded.To}.");
            }
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
