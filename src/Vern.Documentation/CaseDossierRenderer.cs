using System.Globalization;
using System.Text;
using Vern.Domain.Documentation;
using Vern.Domain.Law;
using static Vern.Documentation.DecisionDocumentRenderer;
using static Vern.Documentation.PrintPage;

namespace Vern.Documentation;

/// <summary>Renders the case dossier (saksdokumentasjon for barneverns- og helsenemnda or statsforvalteren) to one
/// self-contained HTML page for A4 print, laid out like the decision document: the case, what has happened (the timeline),
/// each decision with its reasoned document and whether the child's participation is documented, then the documentation
/// behind them: the child's participation, the assessments, and the finalised journal notes with their addenda and
/// corrections. Pure: no clock, no I/O; every text from the case is HTML-encoded.</summary>
public static class CaseDossierRenderer
{
    public static string Html(CaseDossier dossier)
    {
        var state = dossier.Case;
        var service = PrintPage.Service(state.MunicipalityNumber);
        var child = state.Child;
        var childName = string.Join(' ', new[] { child.GivenName, child.FamilyName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        var h = new StringBuilder();
        PrintPage.Open(h, $"Saksdokumentasjon – {state.JournalNumber}", Css + DossierCss, service);
        h.Append("<h1>Saksdokumentasjon</h1>\n");
        h.Append("<p>Sakens historikk, vedtakene og dokumentasjonen bak dem, slik de er registrert i saken ").Append(D(dossier.MadeOn))
            .Append(". Utkast til journalnotater er ikke med; de er ikke ferdigstilt.</p>\n");
        h.Append("<table class=\"meta\">");
        Row(h, "Saksnummer", state.JournalNumber);
        Row(h, "Barnet", childName.Length > 0 ? $"{childName}, født {D(child.BirthDate)}" : $"født {D(child.BirthDate)}");
        Row(h, "Saken åpnet", D(state.OpenedOn) + (state.ClosedOn is { } closed ? $", avsluttet {D(closed)}" : ""));
        if (state.CaseworkerId is { } cw)
            Row(h, "Saksbehandler", dossier.Name(cw));
        Row(h, "Laget av", dossier.MadeBy);
        if (dossier.Purpose.Length > 0)
            Row(h, "Formål", dossier.Purpose);
        h.Append("</table>\n");

        h.Append("<section><h2>Dette har skjedd i saken</h2>\n");
        if (dossier.Timeline.Count == 0)
            h.Append("<p class=\"empty\">Ingenting er registrert.</p>\n");
        else
        {
            h.Append("<table class=\"part\"><thead><tr><th class=\"date\">Dato</th><th>Hva</th></tr></thead><tbody>\n");
            foreach (var e in dossier.Timeline)
                h.Append("<tr><td class=\"date\">").Append(e.On is { } on ? D(on) : "–").Append("</td><td>").Append(E(e.What)).Append("</td></tr>\n");
            h.Append("</tbody></table>\n");
        }
        h.Append("</section>\n");

        h.Append("<section><h2>Vedtak</h2>\n");
        if (dossier.Decisions.Count == 0)
            h.Append("<p>Det er ikke fattet vedtak i saken.</p>\n");
        foreach (var d in dossier.Decisions)
        {
            h.Append("<div class=\"item\"><h3>Vedtak ").Append(D(d.Decision.DecidedOn)).Append(" etter ").Append(E(LegalCitation.Words(d.Decision.LegalBasis))).Append("</h3>\n");
            foreach (var flag in d.Flags)
                h.Append("<p class=\"flag\"><strong>Mangler:</strong> ").Append(E(flag.Message)).Append(" <span class=\"src\">(").Append(E(flag.Source)).Append(")</span></p>\n");
            if (d.Document is not { } doc)
                h.Append("<p class=\"empty\">Vedtaksdokumentet er ikke skrevet i Vern.</p>\n");
            else
            {
                var v = doc.Current;
                h.Append("<p class=\"by\">").Append(doc.IsFinalised ? $"Ferdigstilt {D(v.RecordedAt)} av {E(dossier.Name(v.AuthorId))}." : $"Utkast (versjon {v.Version}), ikke ferdigstilt.").Append("</p>\n");
                var template = DecisionTemplates.Find(v.TemplateCode) ?? DecisionTemplates.ServiceDecision;
                foreach (var section in template.Sections)
                {
                    h.Append("<h4>").Append(E(section.Heading)).Append("</h4>\n");
                    Paragraphs(h, section.Key switch
                    {
                        "legal-basis" => v.Reasons.LegalBasis,
                        "facts" => v.Reasons.Facts,
                        "assessment" => v.Reasons.Assessment,
                        "child-views" => v.Reasons.ChildViews,
                        "conclusion" => v.Reasons.Conclusion,
                        _ => "",
                    });
                }
            }
            h.Append("</div>\n");
        }
        h.Append("</section>\n");

        h.Append("<section><h2>Barnets medvirkning</h2>\n");
        if (dossier.Participation.Count == 0)
            h.Append("<p class=\"empty\">Ingen samtaler med barnet eller begrunnelser for at barnet ikke ble hørt er registrert.</p>\n");
        else
        {
            h.Append("<table class=\"part\"><thead><tr><th class=\"date\">Dato</th><th>Hvem og hvor</th><th>Barnets synspunkter / hvorfor ikke hørt</th><th>Vekt</th></tr></thead><tbody>\n");
            foreach (var p in dossier.Participation.OrderBy(p => p.On))
            {
                h.Append("<tr><td class=\"date\">").Append(D(p.On)).Append("</td>");
                if (p.Heard)
                    h.Append("<td>").Append(E(string.Join(", ", new[] { p.HeardBy, p.Place }.Where(x => !string.IsNullOrWhiteSpace(x))))).Append("</td><td class=\"quote\">«").Append(E(p.ChildViews ?? "")).Append("»</td><td>").Append(E(p.Weight ?? "")).Append("</td></tr>\n");
                else
                    h.Append("<td>").Append(E(p.HeardBy ?? "")).Append("</td><td>Ikke hørt (").Append(E(ParticipationRecord.Norwegian(p.NotHeard!.Value))).Append("): ").Append(E(p.Explanation ?? "")).Append("</td><td></td></tr>\n");
            }
            h.Append("</tbody></table>\n");
        }
        h.Append("<p class=\"src\">barnevernsloven § 1-4</p></section>\n");

        h.Append("<section><h2>Vurderinger</h2>\n");
        if (dossier.Assessments.Count == 0)
            h.Append("<p class=\"empty\">Ingen vurderinger er registrert.</p>\n");
        foreach (var a in dossier.Assessments.OrderBy(a => a.On))
        {
            h.Append("<div class=\"item\"><h3>Vurdering ").Append(D(a.On)).Append("</h3><p class=\"by\">Skrevet av ").Append(E(dossier.Name(a.AuthorId))).Append(".</p>\n");
            h.Append("<h4>Barnets beste</h4>\n");
            Paragraphs(h, a.BestInterests);
            h.Append("<h4>Alternativer som ble vurdert, og hvorfor de ble forkastet</h4>\n");
            if (a.Alternatives.Count == 0)
                h.Append("<p class=\"empty\">(ingen)</p>\n");
            else
            {
                h.Append("<ul>");
                foreach (var alt in a.Alternatives)
                    h.Append("<li><strong>").Append(E(alt.Alternative)).Append("</strong>: ").Append(E(alt.WhyRejected)).Append("</li>");
                h.Append("</ul>\n");
            }
            h.Append("<h4>Minste inngrep</h4>\n");
            Paragraphs(h, a.LeastIntrusive);
            h.Append("</div>\n");
        }
        h.Append("</section>\n");

        h.Append("<section><h2>Journalnotater</h2>\n");
        var notes = dossier.Notes.Where(n => n.IsFinalised).OrderBy(n => n.Date).ThenBy(n => n.Versions[0].RecordedAt).ToList();
        if (notes.Count == 0)
            h.Append("<p class=\"empty\">Ingen ferdigstilte journalnotater.</p>\n");
        foreach (var n in notes)
        {
            var c = n.Current;
            h.Append("<div class=\"item\"><h3>").Append(E(NoteTypes.Find(c.TypeCode)?.Name ?? c.TypeCode)).Append(", ").Append(D(c.Date)).Append("</h3>\n");
            h.Append("<p class=\"by\">Skrevet av ").Append(E(dossier.Name(n.AuthorId))).Append(", ferdigstilt ").Append(D(n.FinalisedVersion!.RecordedAt)).Append('.');
            if (c.Kind == NoteVersionKind.Correction)
                h.Append(" Rettet ").Append(D(c.RecordedAt)).Append(" av ").Append(E(dossier.Name(c.AuthorId))).Append(": ").Append(E(c.Reason ?? "")).Append(" Den tidligere teksten er bevart i Vern.");
            h.Append("</p>\n");
            Paragraphs(h, c.Text);
            foreach (var a in n.Addenda)
            {
                h.Append("<h4>Tillegg ").Append(D(a.RecordedAt)).Append(", ").Append(E(dossier.Name(a.AuthorId))).Append("</h4>\n");
                Paragraphs(h, a.Text);
            }
            h.Append("</div>\n");
        }
        h.Append("</section>\n");
        h.Append("<footer><p>").Append(E(service)).Append("</p><p class=\"src\">Saks-id ").Append(E(state.Id.ToString())).Append(". Utskriften er logget i sakens tilgangslogg.</p></footer>\n</body></html>\n");
        return h.ToString();
    }

    private static void Row(StringBuilder h, string label, string value) =>
        h.Append("<tr><th>").Append(E(label)).Append("</th><td>").Append(E(value)).Append("</td></tr>");

    private const string DossierCss = """
        h3 { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 11.5pt; margin: 12pt 0 3pt; }
        h4 { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; margin: 8pt 0 2pt; color: #333; }
        h3, h4 { break-after: avoid; }
        td.date, th.date { white-space: nowrap; width: 22mm; }
        table.part { break-inside: auto; }
        thead { display: table-header-group; }
        p.by { font-size: 9.5pt; color: #444; }
        div.item { border-top: 0.5pt solid #ddd; padding-top: 2pt; }
        """;
}
