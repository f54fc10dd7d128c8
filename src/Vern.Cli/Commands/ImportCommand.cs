using Vern.Storage;
using System.CommandLine;
using Spectre.Console;
using Vern.Domain.Validation;
using Vern.Register;
using Vern.Register.Export;
using Vern.Register.Import;
using Vern.Register.Schema;

namespace Vern.Cli.Commands;

/// <summary><c>vern import register PATH</c>: load register files (a file, a folder or a zip) into Vern, one case per file,
/// each through the domain's rules; a refused case stores nothing and the import goes on with the next file.</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var import = new Command("import", "Importer data til Vern");
        import.Subcommands.Add(Register());
        return import;
    }

    private static Command Register()
    {
        var path = new Argument<string>("PATH") { Description = "Registerfil (.xml), mappe med .xml-filer, eller .zip" };
        var command = new Command("register", "Last inn saker fra filer til det nasjonale barnevernsregisteret (Barnevern_v4.xsd)") { path };
        command.SetAction(parse =>
        {
            using var session = Session.Open(parse, create: true);
            var schema = RegisterSchema.Load(ReferenceFiles.Resolve(parse.GetValue(CommonOptions.Reference)));
            var result = Session.Wait(session.App.ImportRegisterAsync(session.Actor, parse.GetValue(path)!, new RegisterReadOptions(schema, SchemaValidator.Fast)));
            int imported = 0, refused = 0;
            long events = 0;
            foreach (var outcome in result.Outcomes)
            {
                if (outcome.Imported)
                {
                    imported++;
                    events += outcome.Events;
                    AnsiConsole.MarkupLineInterpolated($"[green]Importert[/] {outcome.File}: sak {outcome.JournalNumber} ({outcome.Events} hendelser)");
                }
                else
                {
                    refused++;
                    AnsiConsole.MarkupLineInterpolated($"[red]Avvist – ingenting lagret[/] {outcome.File}: sak {outcome.JournalNumber ?? "?"} ({outcome.CaseId ?? "ukjent id"})");
                }
                foreach (var issue in outcome.Issues.Where(i => !outcome.Imported || i.Severity >= Severity.Warning))
                    AnsiConsole.MarkupLineInterpolated($"  {issue.Severity}: [bold]{issue.Path}[/]: {issue.Message} [grey]({issue.Code}; {issue.Source})[/]");
            }
            AnsiConsole.MarkupLineInterpolated($"{imported} saker importert ({events} hendelser), {refused} avvist.");
            // One child, one record (issue 18 part 2): the imported cases' possible duplicates in the service.
            var ids = result.Outcomes.Where(o => o.Imported && Guid.TryParse(o.CaseId, out _)).Select(o => Vern.Domain.Cases.CaseId.Parse(o.CaseId!));
            foreach (var (caseId, candidates) in Session.Wait(session.App.ImportedCandidatesAsync(session.Actor, ids)).Where(c => c.Value.Count > 0))
            {
                AnsiConsole.MarkupLineInterpolated($"Sak {caseId}:");
                MatchCommand.Write(candidates);
            }
            return refused == 0 ? 0 : 2;
        });
        return command;
    }
}
