using System.CommandLine;
using Spectre.Console;
using Vern.Domain.Access;

namespace Vern.Cli.Commands;

/// <summary><c>vern user add|list|disable|enable|role|history</c>: the stored users Vern acts as. Only an administrator manages
/// users; on a database with no users the first one, an administrator, is made without --as.</summary>
public static class UserCommand
{
    public static Command Create()
    {
        var command = new Command("user", "Brukere: legg til, list, deaktiver, endre rolle (bare administrator)");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Disable("disable", "Deaktiver en bruker (brukeren slettes aldri; historikken beholdes)", true));
        command.Subcommands.Add(Disable("enable", "Aktiver en deaktivert bruker igjen", false));
        command.Subcommands.Add(ChangeRole());
        command.Subcommands.Add(History());
        return command;
    }

    private static Option<Role> RoleOption() => new("--role")
    {
        Description = "caseworker (saksbehandler), leader (leder), bufetat-intake, analyst (analytiker), auditor (tilsyn), administrator",
        Required = true,
        CustomParser = r =>
        {
            try { return Roles.Parse(r.Tokens[0].Value); }
            catch (FormatException e) { r.AddError($"--role: {e.Message}"); return default; }
        },
    };

    private static readonly Argument<string> Id = new("id") { Description = "Brukerens id" };

    private static Command Add()
    {
        var id = new Option<string>("--id") { Description = "Brukerens id (ett ord)", Required = true };
        var name = new Option<string>("--name") { Description = "Fullt navn", Required = true };
        var role = RoleOption();
        var municipality = new Option<string?>("--municipality") { Description = "Kommunenummer for tjenesten brukeren arbeider i" };
        var bydel = new Option<string?>("--bydel") { Description = "Bydelsnummer (2 siffer), der tjenesten er delt i bydeler" };
        var region = new Option<string?>("--region") { Description = "Bufetat-region (for bufetat-intake)" };
        var command = new Command("add", "Legg til en bruker (den første i en ny database må være administrator, og trenger ikke --as)") { id, name, role, municipality, bydel, region };
        command.SetAction(parse =>
        {
            using var s = Session.Open(parse, create: true, needsActor: false);
            var first = Session.Wait(s.App.HasNoUsersAsync());
            var by = first ? null : s.Actor; // --as, VERN_USER or the database's default user
            var user = Session.Wait(s.App.AddUserAsync(by, parse.GetValue(id)!, parse.GetValue(name)!, parse.GetValue(role),
                parse.GetValue(municipality), parse.GetValue(bydel), parse.GetValue(region)));
            AnsiConsole.MarkupLineInterpolated($"Bruker lagt til: [green]{user.Id}[/] ({user.Name}, {Roles.Name(user.Role)}{(user.MunicipalityNumber is null ? "" : " i " + user.MunicipalityNumber)})");
            if (first)
                AnsiConsole.MarkupLineInterpolated($"Den første brukeren er laget. Handle som den med «--as {user.Id}» eller VERN_USER={user.Id}.");
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List brukerne (administrator)");
        command.SetAction(parse =>
        {
            using var s = Session.Open(parse);
            var table = new Table().AddColumns("Id", "Navn", "Rolle", "Kommune", "Bydel", "Region", "Status", "Laget");
            var users = Session.Wait(s.App.ListUsersAsync(s.Actor));
            foreach (var u in users)
                table.AddRow(Markup.Escape(u.Id), Markup.Escape(TerminalText.Safe(u.Name)), $"{Roles.Name(u.Role)} ({Roles.Norwegian(u.Role)})", u.MunicipalityNumber ?? "–", u.Bydel ?? "–",
                    Markup.Escape(u.Region ?? "–"), u.Disabled ? "[red]deaktivert[/]" : "aktiv", $"{u.CreatedAt:yyyy-MM-dd} av {Markup.Escape(u.CreatedBy)}");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"{users.Count} brukere");
            return 0;
        });
        return command;
    }

    private static Command Disable(string name, string description, bool disabled)
    {
        var command = new Command(name, description) { Id };
        command.SetAction(parse =>
        {
            using var s = Session.Open(parse);
            Session.Wait(s.App.DisableUserAsync(s.Actor, parse.GetValue(Id)!, disabled));
            AnsiConsole.MarkupLineInterpolated($"Brukeren {parse.GetValue(Id)} er {(disabled ? "deaktivert" : "aktivert")}.");
            return 0;
        });
        return command;
    }

    private static Command ChangeRole()
    {
        var role = RoleOption();
        var municipality = new Option<string?>("--municipality") { Description = "Kommunenummer" };
        var bydel = new Option<string?>("--bydel") { Description = "Bydelsnummer" };
        var region = new Option<string?>("--region") { Description = "Bufetat-region" };
        var command = new Command("role", "Endre en brukers rolle og tjeneste (den gamle beholdes i historikken)") { Id, role, municipality, bydel, region };
        command.SetAction(parse =>
        {
            using var s = Session.Open(parse);
            Session.Wait(s.App.ChangeRoleAsync(s.Actor, parse.GetValue(Id)!, parse.GetValue(role), parse.GetValue(municipality), parse.GetValue(bydel), parse.GetValue(region)));
            AnsiConsole.MarkupLineInterpolated($"Brukeren {parse.GetValue(Id)} er nå {Roles.Name(parse.GetValue(role))}.");
            return 0;
        });
        return command;
    }

    private static Command History()
    {
        var command = new Command("history", "Vis en brukers historikk (laget, rolleendringer, deaktivering)") { Id };
        command.SetAction(parse =>
        {
            using var s = Session.Open(parse);
            var table = new Table().AddColumns("Når (UTC)", "Endring", "Fra", "Til", "Av");
            foreach (var c in Session.Wait(s.App.UserHistoryAsync(s.Actor, parse.GetValue(Id)!)))
                table.AddRow($"{c.At:yyyy-MM-dd HH:mm:ss}", c.Change, Markup.Escape(c.OldValue ?? "–"), Markup.Escape(c.NewValue ?? "–"), Markup.Escape(c.By));
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
