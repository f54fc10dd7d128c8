using System.Globalization;
using System.Text;
using Vern.Domain.Parties;
using static Vern.Documentation.PrintPage;

namespace Vern.Documentation.Innsyn;

/// <summary>Renders a party's access copy (partsinnsyn) to one self-contained HTML page laid out for A4 print, in plain
/// bokmål: who the copy is for and why they may see the case, the persons, what has happened, the decisions, and — for
/// every redaction — what was left out, why and on which legal basis. A redacted value is not in the model at all, so it
/// cannot be printed; every text from the case is HTML-encoded. Pure: no clock, no I/O.</summary>
public static class InnsynRenderer
{
    public static string Html(InnsynCopy copy)
    {
        var service = PrintPage.Service(copy.MunicipalityNumber);
        var notes = copy.Redactions.Select((r, i) => (r.Rule, Number: i + 1)).ToDictionary(x => x.Rule.Code, x => x.Number);
        var h = new StringBuilder();
        PrintPage.Open(h, $"Innsyn i saken – {copy.JournalNumber}", Css, service);
        h.Append("<h1>Kopi av saken din</h1>\n");
        h.Append("<p class=\"lead\">Til ").Append(Text(copy.Recipient.Name, notes)).Append(". Dette er en kopi av det barnevernstjenesten har registrert i saken, slik den så ut ")
            .Append(D(copy.MadeOn)).Append(". Du får kopien fordi du er part i saken: ").Append(E(copy.RecipientStatus.ToReader)).Append(" (")
            .Append(E(copy.RecipientStatus.LegalBasis)).Append("). Som part har du rett til å se sakens dokumenter (forvaltningsloven § 18).</p>\n");
        if (copy.Redactions.Count > 0)
            h.Append("<p class=\"lead\">Noen opplysninger er tatt ut. De er merket med en mørk boks og et tall. Bakerst står det hva som er tatt ut, hvorfor, og hvilken lov som gir grunnlag for det.</p>\n");
        h.Append("<table class=\"meta\">");
        Row(h, "Saksnummer", E(copy.JournalNumber));
        Row(h, "Kopien er laget", D(copy.MadeOn));
        Row(h, "Laget av", E(copy.MadeBy));
        Row(h, "Til", Text(copy.Recipient.Name, notes) + ", " + E(copy.Recipient.Role));
        h.Append("</table>\n");

        h.Append("<section><h2>Personene i saken</h2>\n<table class=\"grid persons\"><colgroup><col style=\"width:24%\"><col style=\"width:19%\"><col style=\"width:20%\"><col style=\"width:26%\"><col style=\"width:11%\"></colgroup>")
            .Append("<thead><tr><th>Navn</th><th>Rolle</th><th>Fødselsnummer</th><th>Adresse</th><th>Part</th></tr></thead><tbody>\n");
        foreach (var p in copy.Persons)
            h.Append("<tr").Append(p.IsRecipient ? " class=\"me\"" : "").Append("><td>").Append(Text(p.Name, notes)).Append(p.IsRecipient ? " <span class=\"you\">(deg)</span>" : "")
                .Append("</td><td>").Append(E(p.Role)).Append("</td><td>").Append(p.Identifier is null ? "<span class=\"none\">ikke registrert</span>" : Text(p.Identifier, notes))
                .Append("</td><td>").Append(p.Address is null ? "<span class=\"none\">ikke registrert</span>" : Text(p.Address, notes))
                .Append("</td><td>").Append(E(p.PartyStatus)).Append("</td></tr>\n");
        h.Append("</tbody></table></section>\n");

        h.Append("<section><h2>Dette har skjedd i saken</h2>\n");
        if (copy.Timeline.Count == 0)
            h.Append("<p class=\"none\">Ingenting er registrert ennå.</p>\n");
        else
        {
            h.Append("<table class=\"grid timeline\"><colgroup><col style=\"width:24mm\"><col></colgroup><thead><tr><th>Dato</th><th>Hva</th></tr></thead><tbody>\n");
            foreach (var e in copy.Timeline)
                h.Append("<tr><td class=\"date\">").Append(D(e.On)).Append("</td><td>").Append(Text(e.What, notes)).Append("</td></tr>\n");
            h.Append("</tbody></table>\n");
        }
        h.Append("</section>\n");

        h.Append("<section><h2>Vedtak</h2>\n");
        if (copy.Decisions.Count == 0)
            h.Append("<p class=\"none\">Det er ikke fattet vedtak i saken.</p>\n");
        foreach (var d in copy.Decisions)
        {
            h.Append("<div class=\"decision\"><h3>Vedtak ").Append(D(d.DecidedOn)).Append("</h3>\n<table class=\"meta\">");
            Row(h, "Lovhjemmel", E(DecisionDocumentRenderer.Citation(d.LegalBasis)));
            Row(h, "Status", E(d.Status));
            h.Append("</table>\n");
            if (d.Sections.Count == 0)
                h.Append("<p class=\"none\">Vedtaksdokumentet er ikke ferdigstilt i Vern; be barnevernstjenesten om kopi av vedtaket.</p>\n");
            foreach (var s in d.Sections)
            {
                h.Append("<h4>").Append(E(s.Heading)).Append("</h4>\n");
                Paragraphs(h, s.Text, notes);
            }
            h.Append("</div>\n");
        }
        h.Append("</section>\n");

        h.Append("<section><h2>Journalnotater, barnets medvirkning og vurderinger</h2>\n");
        var documentation = copy.Documentation ?? [];
        if (documentation.Count == 0)
            h.Append("<p class=\"none\">Saken har ingen ferdigstilte journalnotater, registreringer av barnets medvirkning eller vurderinger.</p>\n");
        foreach (var d in documentation)
        {
            h.Append("<div class=\"decision\"><h3>").Append(E(d.Title)).Append(", ").Append(D(d.On)).Append("</h3>\n");
            foreach (var s in d.Sections)
            {
                h.Append("<h4>").Append(E(s.Heading)).Append("</h4>\n");
                Paragraphs(h, s.Text, notes);
            }
            h.Append("</div>\n");
        }
        if (copy.Withheld is { Count: > 0 } withheld)
        {
            h.Append("<p>Disse dokumentene er holdt utenfor kopien:</p>\n<ul>\n");
            foreach (var w in withheld)
                h.Append("<li>").Append(E(w.What)).Append(", ").Append(D(w.On)).Append(" – ").Append(E(w.Rule.Label)).Append(" (se nedenfor)</li>\n");
            h.Append("</ul>\n");
        }
        h.Append("</section>\n");

        h.Append("<section class=\"redactions\"><h2>Dette er tatt ut av kopien, og hvorfor</h2>\n");
        if (copy.Redactions.Count == 0)
            h.Append("<p>Ingenting er tatt ut.</p>\n");
        else
        {
            h.Append("<ol>\n");
            foreach (var r in copy.Redactions)
                h.Append("<li><strong>").Append(E(r.Rule.Label)).Append("</strong> (tatt ut ").Append(r.Count.ToString(CultureInfo.InvariantCulture))
                    .Append(r.Count == 1 ? " gang" : " ganger").Append("). ").Append(E(r.Rule.Reason)).Append(" <span class=\"basis\">Lovgrunnlag: ")
                    .Append(E(r.Rule.LegalBasis)).Append(".</span></li>\n");
            h.Append("</ol>\n");
        }
        h.Append("</section>\n");
        h.Append("<section class=\"rights\"><h2>Hvis du er uenig</h2>\n<p>Du kan be barnevernstjenesten om å få se det som er tatt ut. Hvis du får nei, kan du klage. ")
            .Append("Klagen sender du til barnevernstjenesten, som sender den videre til statsforvalteren hvis den ikke gir deg medhold (forvaltningsloven § 21).</p>\n")
            .Append("<p>Du kan også be om å få vite hvem som har sett saken din.</p></section>\n");
        h.Append("<footer><p>Med hilsen<br>").Append(E(service)).Append("</p><p class=\"src\">Saks-id ").Append(E(copy.CaseId.ToString())).Append("</p></footer>\n</body></html>\n");
        return h.ToString();
    }

    /// <summary>A copy text: shown pieces encoded, each redaction a dark box with the rule's label and its note number.</summary>
    internal static string Text(CopyText text, IReadOnlyDictionary<string, int> notes)
    {
        var s = new StringBuilder();
        foreach (var piece in text.Pieces)
            if (piece.Redacted is { } rule)
                s.Append("<span class=\"redacted\" title=\"").Append(E(rule.Reason)).Append("\">").Append(E(rule.Label)).Append(" tatt ut<sup>")
                    .Append(notes.TryGetValue(rule.Code, out var n) ? n.ToString(CultureInfo.InvariantCulture) : "").Append("</sup></span>");
            else
                s.Append(E(piece.Text));
        return s.ToString();
    }

    private static void Paragraphs(StringBuilder h, CopyText text, IReadOnlyDictionary<string, int> notes)
    {
        if (text.Pieces.All(p => p.Redacted is null && string.IsNullOrWhiteSpace(p.Text)))
        {
            h.Append("<p class=\"none\">(ikke fylt ut)</p>\n");
            return;
        }
        // Split shown pieces at blank lines into paragraphs, keeping redactions where they stand.
        var paragraph = new List<TextPiece>();
        void Flush()
        {
            if (paragraph.Count > 0 && paragraph.Any(p => p.Redacted is not null || !string.IsNullOrWhiteSpace(p.Text)))
                h.Append("<p>").Append(Text(new CopyText(paragraph), notes).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>\n");
            paragraph = [];
        }
        foreach (var piece in text.Pieces)
        {
            if (piece.Redacted is not null)
            {
                paragraph.Add(piece);
                continue;
            }
            var parts = piece.Text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n");
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0)
                    Flush();
                paragraph.Add(new TextPiece(parts[i]));
            }
        }
        Flush();
    }

    private static void Row(StringBuilder h, string label, string html) =>
        h.Append("<tr><th>").Append(E(label)).Append("</th><td>").Append(html).Append("</td></tr>");


    internal const string Css = """
        @page { size: A4; margin: 20mm 18mm 20mm 20mm; }
        body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; line-height: 1.45; color: #111; max-width: 172mm; margin: 0 auto; }
        header { display: flex; justify-content: space-between; align-items: baseline; gap: 12pt; border-bottom: 1px solid #444; padding-bottom: 4pt; margin-bottom: 14pt; }
        header .org { flex: 0 0 auto; }
        header .conf { text-align: right; }
        .org { font-weight: bold; font-size: 12pt; }
        .conf { font-size: 8pt; color: #444; }
        h1 { font-size: 20pt; margin: 0 0 8pt; }
        h2 { font-size: 13pt; margin: 16pt 0 6pt; border-bottom: 0.5pt solid #bbb; break-after: avoid; }
        h3 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; }
        h4 { font-size: 10pt; margin: 8pt 0 2pt; color: #333; break-after: avoid; }
        p { margin: 0 0 6pt; }
        p.lead { font-size: 11pt; }
        table.meta { border-collapse: collapse; margin: 4pt 0 8pt; }
        table.meta th { text-align: left; padding: 1pt 12pt 1pt 0; font-weight: normal; color: #444; white-space: nowrap; vertical-align: top; }
        table.meta td { padding: 1pt 0; }
        table.grid { border-collapse: collapse; width: 100%; font-size: 9.5pt; table-layout: fixed; }
        table.grid td { overflow-wrap: anywhere; }
        table.grid th, table.grid td { border: 0.5pt solid #999; padding: 3pt 5pt; vertical-align: top; text-align: left; }
        table.grid th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        table.grid tr { break-inside: avoid; }
        table.grid tr.me td { background: #f3f7ff; }
        td.date { white-space: nowrap; width: 22mm; }
        .you { color: #225; font-size: 8.5pt; }
        .none { color: #666; font-style: italic; }
        .redacted { background: #222; color: #fff; padding: 0 3pt; border-radius: 2pt; font-size: 8.5pt; -webkit-box-decoration-break: clone; box-decoration-break: clone; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        .redacted sup { font-size: 7pt; margin-left: 1pt; }
        .decision { border-left: 2pt solid #bbb; padding-left: 8pt; margin-bottom: 10pt; }
        .redactions ol { padding-left: 16pt; }
        .redactions li { margin-bottom: 5pt; }
        .basis { color: #333; font-style: italic; }
        .rights { border: 1pt solid #444; padding: 2pt 10pt 6pt; margin-top: 14pt; break-inside: avoid; }
        footer { margin-top: 16pt; }
        p.src { font-size: 7.5pt; color: #555; }
        """;
}
