using System.CommandLine;
using Spectre.Console;
using Vern.Storage;
using Vern.Storage.Postgres;

namespace Vern.Cli.Commands;

/// <summary><c>vern migrate --from sqlite:PATH --to postgres://…</c>: moves everything of a SQLite database into an empty
/// PostgreSQL database in one transaction (<see cref="SqliteToPostgres"/>), then runs <c>vern verify</c> on the target and
/// compares the chains' digest with the source's: the same events, byte for byte.</summary>
public static class MigrateCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "Kilden: sqlite:STI (eller bare stien)", Required = true };
        var to = new Option<string>("--to") { Description = "Målet: postgres://bruker@vert/db eller Host=…;Database=… (tom database)", Required = true };
        var command = new Command("migrate", "Flytt alt fra en SQLite-database til en tom PostgreSQL-database, og kontroller målet") { from, to };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var source = VernDatabase.SqlitePath(parse.GetValue(from)!);
            var target = parse.GetValue(to)!;
            if (VernDatabase.EngineOf(parse.GetValue(from)!) != Engine.Sqlite || VernDatabase.EngineOf(target) != Engine.Postgres)
                throw new ArgumentException("vern migrate flytter fra SQLite (--from sqlite:STI) til PostgreSQL (--to postgres://…).");
            var codeLists = ReferenceFiles.LoadCodeLists(parse.GetValue(CommonOptions.Reference));
            VerifyReport before;
            using (var app = Vern.Application.VernApp.Open(source, codeLists, TimeProvider.System))
                before = await app.VerifyAsync(cancellationToken);
            var moved = await SqliteToPostgres.MoveAsync(source, target, TimeProvider.System, cancellationToken);
            foreach (var (table, rows) in moved.Tables)
                AnsiConsole.MarkupLineInterpolated($"  {table}: {rows:N0} rader");
            AnsiConsole.MarkupLineInterpolated($"  bygges på nytt i målet: {string.Join(", ", moved.Rebuilt)}");
            using var pg = Vern.Application.VernApp.Open(target, codeLists, TimeProvider.System);
            var after = await pg.VerifyAsync(cancellationToken);
            var same = after.Ok && after.Digest == before.Digest && after.Events == before.Events && after.Cases == before.Cases;
            AnsiConsole.MarkupLineInterpolated($"Flyttet til {PostgresConnection.Redact(target)}: {after.Cases:N0} saker, {after.Events:N0} hendelser.");
            if (same)
                AnsiConsole.MarkupLine("[green]vern verify: ingen avvik, samme sammendrag som kilden.[/]");
            else
                AnsiConsole.MarkupLineInterpolated($"[red]vern verify: {after.Findings.Count} avvik; sammendraget er {(after.Digest == before.Digest ? "likt" : "ulikt")} kildens.[/]");
            return same ? Cli.ExitCodes.Ok : Cli.ExitCodes.Findings;
        });
        return command;
    }
}
