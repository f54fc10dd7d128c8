using System.CommandLine;
using Spectre.Console;
using Vern.Storage.Intake;

namespace Vern.Cli.Commands;

/// <summary><c>vern token create|list|revoke</c>: access tokens for integrations (administrator). A system token is for a
/// sender system that delivers reports to the intake (<c>POST /api/v1/intake/reports</c>); a personal token acts as its
/// user on <c>/api/v1</c>. The secret is shown once; only its SHA-256 is stored. docs/intake.md.</summary>
public static class TokenCommand
{
    public static Command Create()
    {
        var command = new Command("token", "Tilgangsnøkler for integrasjoner: avsendersystemer og personlige nøkler (administrator)");
        command.Subcommands.Add(CreateToken());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Revoke());
        return command;
    }

    private static Command CreateToken()
    {
        var system = new Option<string?>("--system") { Description = "Lag en systemnøkkel for avsendersystemet NAVN (f.eks. meldeportal, politiet-ost): kan bare levere meldinger" };
        var user = new Option<string?>("--user") { Description = "Lag en personlig nøkkel for brukeren ID (samme tilgang som brukeren)" };
        var municipality = new Option<string?>("--municipality") { Description = "Kommunen systemet leverer til (utelatt: alle kommuner, bare for nasjonal administrator)" };
        var command = new Command("create", "Lag en tilgangsnøkkel; hemmeligheten vises én gang") { system, user, municipality };
        command.SetAction(parse =>
        {
            var (sys, usr) = (parse.GetValue(system), parse.GetValue(user));
            if ((sys is null) == (usr is null))
                throw new ArgumentException("Oppgi enten --system NAVN eller --user ID.");
            if (usr is not null && parse.GetValue(municipality) is not null)
                throw new ArgumentException("--municipality gjelder bare systemnøkler; en personlig nøkkel har brukerens kommune.");
            using var s = Session.Open(parse);
            var made = Session.Wait(s.App.CreateAccessTokenAsync(s.Actor, sys is null ? AccessTokenKind.Personal : AccessTokenKind.System, sys ?? "", usr, parse.GetValue(municipality)));
            var t = made.Token;
            AnsiConsole.MarkupLineInterpolated($"Tilgangsnøkkel [green]{t.Id}[/] laget ({Kind(t)} {t.Name}{(t.MunicipalityNumber is null ? "" : ", kommune " + t.MunicipalityNumber)}).");
            AnsiConsole.MarkupLine("Hemmeligheten (vises bare nå; oppbevar den som et passord, send den som «Authorization: Bearer …»):");
            Console.Out.WriteLine(made.Secret);
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List tilgangsnøklene (aldri hemmelighetene)");
        command.SetAction(parse =>
        {
            using var s = Session.Open(parse);
            var tokens = Session.Wait(s.App.ListAccessTokensAsync(s.Actor));
            var table = new Table().AddColumns("Id", "Type", "Navn", "Kommune", "Laget", "Status");
            foreach (var t in tokens)
                table.AddRow(t.Id.ToString(), Kind(t), Markup.Escape(t.Name), t.MunicipalityNumber ?? "alle", $"{t.CreatedAt:yyyy-MM-dd HH:mm} av {Markup.Escape(t.CreatedBy)}",
                    t.Revoked ? $"[red]tilbakekalt[/] {t.RevokedAt:yyyy-MM-dd HH:mm} av {Markup.Escape(t.RevokedBy ?? "")}" : "aktiv");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"{tokens.Count} tilgangsnøkler");
            return 0;
        });
        return command;
    }

    private static Command Revoke()
    {
        var id = new Argument<Guid>("id") { Description = "Nøkkelens id (fra «vern token list»)" };
        var command = new Command("revoke", "Tilbakekall en tilgangsnøkkel (virker straks; hvem og når lagres)") { id };
        command.SetAction(parse =>
        {
            using var s = Session.Open(parse);
            Session.Wait(s.App.RevokeAccessTokenAsync(s.Actor, parse.GetValue(id)));
            AnsiConsole.MarkupLineInterpolated($"Tilgangsnøkkel {parse.GetValue(id)} er tilbakekalt.");
            return 0;
        });
        return command;
    }

    private static string Kind(AccessToken t) => t.Kind == AccessTokenKind.System ? "system" : "personlig";
}
