using System.CommandLine;
using Spectre.Console;
using Vern.Documentation;
using Vern.Domain.Cases;
using Vern.Rendering;

namespace Vern.Cli.Commands;

/// <summary><c>vern case dossier CASE --out FILE.pdf</c>: the case dossier for barneverns- og helsenemnda or statsforvalteren
/// (the timeline, the decisions and the documentation behind them), rendered like the decision document: HTML, and with headless
/// Chromium PDF. The read is logged in the case's access log ("case dossier") with --purpose.</summary>
public static class DossierCommand
{
    public static Command Create()
    {
        var caseArg = new Argument<string>("case-id") { Description = "Sakens id (UUID)" };
        var output = new Option<string>("--out") { Description = "PDF-fil (eller .html for bare HTML)", Required = true };
        var html = new Option<string?>("--html") { Description = "Skriv også HTML-en hit" };
        var c = new Command("dossier", "Saksdokumentasjon for nemnda eller tilsynet (historikk, vedtak, notater, medvirkning, vurderinger) som PDF; lesingen logges")
            { caseArg, output, html };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var dossier = s.App.CaseDossierAsync(s.Actor, CaseId.Parse(p.GetValue(caseArg)!), s.Purpose).GetAwaiter().GetResult();
            var page = CaseDossierRenderer.Html(dossier);
            var outPath = p.GetValue(output)!;
            if (p.GetValue(html) is { } htmlPath)
                CliFiles.WriteText(htmlPath, page);
            if (outPath.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
                CliFiles.WriteText(outPath, page);
            else
                PdfPrinter.Print(page, outPath, TimeSpan.FromSeconds(90));
            AnsiConsole.MarkupLineInterpolated($"Skrev {outPath} ({dossier.Decisions.Count} vedtak, {dossier.Notes.Count} ferdigstilte notater, {dossier.Participation.Count} medvirkning, {dossier.Assessments.Count} vurderinger).");
            return 0;
        });
        return c;
    }
}
