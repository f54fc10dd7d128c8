using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vern.Domain.Documentation;

namespace Vern.Cli.Commands;

/// <summary><c>vern search TEXT</c>: full-text search over the journal notes the actor may read; logged as a read of every case
/// whose notes it showed.</summary>
public static class SearchCommand
{
    public static Command Create()
    {
        var text = new Argument<string>("text") { Description = "Ordene å søke etter (alle må finnes; «barnehage» finner også «barnehagen»)" };
        var limit = new Option<int>("--limit") { Description = "Høyst så mange treff", DefaultValueFactory = _ => 50 };
        var c = new Command("search", "Søk i journalnotatene du har tilgang til (søket logges)") { text, limit };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var hits = s.App.SearchNotesAsync(s.Actor, p.GetValue(text)!, p.GetValue(limit), s.Purpose).GetAwaiter().GetResult();
            // One block per hit (ids whole, so they can be copied into «case note show»).
            foreach (var h in hits)
            {
                AnsiConsole.MarkupLineInterpolated($"[bold]{h.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}[/] {NoteTypes.Find(h.TypeCode)?.Name ?? h.TypeCode}  sak {h.CaseId}  notat {h.NoteId}");
                Console.Out.WriteLine("  " + TerminalText.Safe(h.Excerpt));
            }
            AnsiConsole.MarkupLineInterpolated($"{hits.Count} treff");
            return 0;
        });
        return c;
    }
}
