using System.CommandLine;
using Spectre.Console;
using Vern.Application;
using Vern.Documentation;
using Vern.Rendering;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;

namespace Vern.Cli.Commands;

/// <summary><c>vern case decision draft|finalise</c> (the reasoned decision document's text) and
/// <c>vern case decision-document DECISION --out FILE.pdf</c> (rendered through the template to HTML and, with headless
/// Chromium, to PDF).</summary>
public static class DecisionDocumentCommand
{
    private static readonly Argument<string> DecisionArg = new("decision-id") { Description = "Vedtakets id (UUID, fra «case record decision»)" };

    /// <summary><c>vern case decision …</c>.</summary>
    public static Command Reasons()
    {
        var command = new Command("decision", "Vedtaksdokumentet: begrunnelse (hjemmel, faktum, vurdering, barnets syn, vedtak) og ferdigstilling");
        var caseOpt = new Option<string>("--case") { Description = "Sakens id (UUID)", Required = true };
        var fields = new (string Name, string Description)[]
        {
            ("--legal-basis", "Hjemmel: reglene vedtaket bygger på (forvaltningsloven § 25 første ledd)"),
            ("--facts", "De faktiske forholdene (§ 25 annet ledd)"),
            ("--assessment", "Vurderingen: hovedhensynene, barnets beste (§ 25 tredje ledd; barnevernsloven § 1-3)"),
            ("--child-views", "Barnets syn, eller hvorfor barnet ikke ble hørt (barnevernsloven § 1-4)"),
            ("--conclusion", "Hva som er vedtatt"),
        };
        var options = fields.Select(f => new Option<string?>(f.Name) { Description = f.Description + "; «@FIL» leser fra fil" }).ToArray();
        var template = new Option<string>("--template") { Description = "Malen", DefaultValueFactory = _ => DecisionTemplates.ServiceDecision.Code };
        var draft = new Command("draft", "Skriv eller endre utkastet til vedtaksdokumentet (ny versjon hver gang; utelatte deler beholdes)") { DecisionArg, caseOpt, template };
        foreach (var o in options)
            draft.Options.Add(o);
        draft.SetAction(p =>
        {
            string? Get(int i) => p.GetValue(options[i]) is { } v ? (v.StartsWith('@') ? CliFiles.ReadText(v[1..], 1024 * 1024) : v) : null;
            using var s = Session.Open(p);
            var caseId = CaseId.Parse(p.GetValue(caseOpt)!);
            var decision = EntryId.Parse(p.GetValue(DecisionArg)!);
            DecisionReasons previous;
            try
            {
                previous = s.App.DecisionDocumentAsync(s.Actor, caseId, decision, "endre utkast").GetAwaiter().GetResult().Document.Current.Reasons;
            }
            catch (ArgumentException)
            {
                previous = DecisionReasons.Empty;
            }
            var reasons = new DecisionReasons(Get(0) ?? previous.LegalBasis, Get(1) ?? previous.Facts, Get(2) ?? previous.Assessment, Get(3) ?? previous.ChildViews, Get(4) ?? previous.Conclusion);
            var doc = s.App.DraftDecisionDocumentAsync(s.Actor, caseId, decision, reasons, p.GetValue(template)!).GetAwaiter().GetResult();
            AnsiConsole.MarkupLineInterpolated($"[green]Utkast lagret[/] (versjon {doc.Versions.Count}).");
            return 0;
        });
        command.Subcommands.Add(draft);

        var finalise = new Command("finalise", "Ferdigstill vedtaket: avvises så lenge noen del av begrunnelsen er tom (forvaltningsloven §§ 24–25)") { DecisionArg, caseOpt };
        finalise.SetAction(p =>
        {
            using var s = Session.Open(p);
            var doc = s.App.FinaliseDecisionDocumentAsync(s.Actor, CaseId.Parse(p.GetValue(caseOpt)!), EntryId.Parse(p.GetValue(DecisionArg)!)).GetAwaiter().GetResult();
            AnsiConsole.MarkupLineInterpolated($"[green]Vedtaket er ferdigstilt[/] (versjon {doc.Versions.Count}).");
            return 0;
        });
        command.Subcommands.Add(finalise);
        return command;
    }

    /// <summary><c>vern case decision-document DECISION --out FILE.pdf</c>.</summary>
    public static Command Render()
    {
        var output = new Option<string>("--out") { Description = "PDF-fil (eller .html for bare HTML)", Required = true };
        var caseOpt = new Option<string?>("--case") { Description = "Sakens id (ellers funnet fra vedtaksdokumentet)" };
        var html = new Option<string?>("--html") { Description = "Skriv også HTML-en hit" };
        var c = new Command("decision-document", "Vedtaksdokumentet som PDF (hodeløs Chromium) eller HTML; lesingen logges") { DecisionArg, output, caseOpt, html };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var decision = EntryId.Parse(p.GetValue(DecisionArg)!);
            var caseId = p.GetValue(caseOpt) is { } text ? CaseId.Parse(text)
                : s.App.CaseOfDecisionAsync(decision).GetAwaiter().GetResult()
                  ?? throw new ArgumentException($"Vedtaket {decision} har ikke noe vedtaksdokument ennå; skriv det med «vern case decision draft».");
            var data = s.App.DecisionDocumentAsync(s.Actor, caseId, decision, s.Purpose).GetAwaiter().GetResult();
            var page = DecisionDocumentRenderer.Html(data.Case, data.Decision, data.Document, data.Template, data.Participation, data.Flags, global::Vern.Storage.NorwegianTime.Zone, data.Names);
            var outPath = p.GetValue(output)!;
            if (p.GetValue(html) is { } htmlPath)
                CliFiles.WriteText(htmlPath, page);
            if (outPath.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
                CliFiles.WriteText(outPath, page);
            else
                PdfPrinter.Print(page, outPath, TimeSpan.FromSeconds(60));
            AnsiConsole.MarkupLine($"Skrev {Markup.Escape(outPath)} (" + (data.Document.IsFinalised ? "ferdigstilt vedtak" : "[yellow]UTKAST[/]") + (data.Flags.Count > 0 ? ", [yellow]barnets medvirkning mangler[/]" : "") + ").");
            return 0;
        });
        return c;
    }
}
