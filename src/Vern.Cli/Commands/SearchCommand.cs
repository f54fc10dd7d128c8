using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vern.Application;

namespace Vern.Cli.Commands;

/// <summary><c>vern search TEXT</c>: full-text search over the case documentation the actor may read (journal notes, participation
/// records, assessments, decision documents); logged as a read of every case whose documentation it showed.</summary>
public static class SearchCommand
{
    public static Command Create()
    {
        var text = new Argument<string>("text") { Description = "Ordene å søke etter (alle må finnes; «barnehage» finner også «barnehagen»)" };
        var limit = new Option<int>("--limit") { Description = "Høyst så mange treff", DefaultValueFactory = _ => 50 };
        var c = new Command("search", "Søk i saksdokumentasjonen du har tilgang til: journalnotater, barnets medvirkning, vurderinger og vedtaksdokumenter (søket logges)") { text, limit };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var hits = s.App.SearchDocumentationAsync(s.Actor, p.GetValue(text)!, p.GetValue(limit), s.Purpose).GetAwaiter().GetResult();
            // One block per hit: what it is, and its ids whole, so they can be copied into «case note show», «case decision-document» …
            foreach (var h in hits)
            {
                AnsiConsole.MarkupLineInterpolated($"[bold]{h.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}[/] {h.Label}  sak {h.CaseId}  {Reference(h)}");
                Console.Out.WriteLine("  " + TerminalText.Safe(h.Excerpt));
            }
            AnsiConsole.MarkupLineInterpolated($"{hits.Count} treff");
            return 0;
        });
        return c;
    }

    /// <summary>The id a hit is used by in the other commands.</summary>
    private static string Reference(SearchHit h) => h.Kind switch
    {
        SearchHitKind.Note => $"notat {h.Id}",
        SearchHitKind.Participation => $"medvirkning {h.Id}",
        SearchHitKind.Assessment => $"vurdering {h.Id}",
        _ => $"vedtak {h.DecisionId}",
    };
}
