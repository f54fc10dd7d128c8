using System.CommandLine;
using Spectre.Console;
using Vern.Storage;
using Vern.Web;

namespace Vern.Cli.Commands;

/// <summary><c>vern serve</c>: starts the web application (ASP.NET Core, Kestrel) on the database, by default on
/// http://127.0.0.1:5080, until Ctrl+C. docs/web.md.</summary>
public static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = $"Adressen(e) serveren lytter på, skilt med semikolon (standard {DefaultUrls}; bruk TLS foran den i drift)",
            DefaultValueFactory = _ => DefaultUrls,
        };
        var command = new Command("serve", "Start webapplikasjonen (saksbehandlere, ledere og tilsyn i nettleseren) og JSON-APIet") { urls };
        command.SetAction(parse =>
        {
            var db = parse.GetValue(CommonOptions.Db)!;
            if (VernDatabase.EngineOf(db) == Engine.Sqlite && !File.Exists(db))
                throw new FileNotFoundException($"Databasen {db} finnes ikke. Lag en med «vern demo» eller «vern init», eller oppgi en annen med --db.");
            PrintDemoLogins(db, parse.GetValue(CommonOptions.Reference));
            var app = VernWeb.Build([], new Dictionary<string, string?>
            {
                ["Vern:Database"] = db,
                ["Vern:Reference"] = parse.GetValue(CommonOptions.Reference),
                [VernWeb.UrlsKey] = parse.GetValue(urls),
            });
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                foreach (var url in app.Urls)
                    AnsiConsole.MarkupLineInterpolated($"Vern kjører på [green]{url}[/] (database {(VernDatabase.EngineOf(db) == Engine.Sqlite ? Path.GetFullPath(db) : Vern.Storage.Postgres.PostgresConnection.Redact(db))}). Stopp med Ctrl+C.");
            });
            app.Run();
            return 0;
        });
        return command;
    }

    /// <summary>On a database that <c>vern demo</c> made: the demo users and their password (DemoLogins, docs/web.md).</summary>
    private static void PrintDemoLogins(string db, string? reference)
    {
        using var vern = Vern.Application.VernApp.Open(db, Vern.Storage.ReferenceFiles.LoadCodeLists(reference), TimeProvider.System);
        var (password, users) = DemoLogins.EnsureAsync(vern).GetAwaiter().GetResult();
        if (password is null || users.Count == 0)
            return;
        AnsiConsole.MarkupLineInterpolated($"Demobrukere (bare i denne demodatabasen), passord [green]{password}[/]:");
        foreach (var u in users.Take(12))
            AnsiConsole.MarkupLineInterpolated($"  [bold]{u.UserId}[/] – {u.Name} ({u.Role})");
        if (users.Count > 12)
            AnsiConsole.MarkupLineInterpolated($"  … og {users.Count - 12} til (vern user list)");
    }
}
