using System.CommandLine;
using Spectre.Console;
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
            if (!File.Exists(db))
                throw new FileNotFoundException($"Databasen {db} finnes ikke. Lag en med «vern demo» eller «vern init», eller oppgi en annen med --db.");
            var app = VernWeb.Build([], new Dictionary<string, string?>
            {
                ["Vern:Database"] = db,
                ["Vern:Reference"] = parse.GetValue(CommonOptions.Reference),
                [VernWeb.UrlsKey] = parse.GetValue(urls),
            });
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                foreach (var url in app.Urls)
                    AnsiConsole.MarkupLineInterpolated($"Vern kjører på [green]{url}[/] (database {Path.GetFullPath(db)}). Stopp med Ctrl+C.");
            });
            app.Run();
            return 0;
        });
        return command;
    }
}
