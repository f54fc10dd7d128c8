using System.CommandLine;
using Spectre.Console;
using Vern.Storage;

namespace Vern.Cli.Commands;

/// <summary><c>vern backup --db … --out FILE</c>: a consistent copy while users work (SQLite's online backup API;
/// pg_dump for PostgreSQL). An operator's command, like <c>vern verify</c>: whoever can reach the database file or server
/// can run it, so it takes no Vern user; the file holds personal data and must be kept as the database is (docs/reliability.md).</summary>
public static class BackupCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Filen sikkerhetskopien skrives til (må ikke finnes)", Required = true };
        var command = new Command("backup", "Ta en sikkerhetskopi av databasen mens brukerne arbeider (SQLite: online backup; PostgreSQL: pg_dump)") { output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var db = parse.GetValue(CommonOptions.Db)!;
            var file = parse.GetValue(output)!;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var engine = await VernBackup.BackupAsync(db, file, cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"Sikkerhetskopi ({(engine == Engine.Sqlite ? "SQLite" : "pg_dump")}) skrevet til [green]{Path.GetFullPath(file)}[/] ({new FileInfo(file).Length / 1024.0 / 1024.0:0.0} MB, {watch.Elapsed.TotalSeconds:0.0} s). Gjenopprett med «vern restore --from {file} --db …».");
            return Cli.ExitCodes.Ok;
        });
        return command;
    }
}
