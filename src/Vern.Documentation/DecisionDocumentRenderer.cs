using System.Globalization;
using System.Text;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;
using static Vern.Documentation.PrintPage;

namespace Vern.Documentation;

/// <summary>Renders a reasoned decision document (vedtaksdokument) to one self-contained HTML page, laid out for A4 print:
/// the case and the decision, then the template's sections in order (hjemmel, faktiske forhold, vurdering, barnets syn,
/// vedtak), then the notice of the right to complain with its deadline and where to send it. A draft is marked UTKAST on
/// every page. Pure: no clock, no I/O; every text from the case is HTML-encoded.</summary>
public static class DecisionDocumentRenderer
{
    /// <param name="zone">The zone the document's times are printed in: Norway's (Europe/Oslo) for a Norwegian reader.</param>
    public static string Html(CaseState state, Decision decision, DecisionDocument document, DecisionTemplate template,
        IReadOnlyList<ParticipationRecord> participation, IReadOnlyList<ParticipationFlag> flags, TimeZoneInfo zone, IReadOnlyDictionary<string, string>? names = null)
    {
        string Name(string userId) => names is not null && names.TryGetValue(userId, out var name) ? name : userId;
        var v = document.Current;
        var draft = v.Status == DecisionDocumentStatus.Draft;
        var service = PrintPage.Service(state.MunicipalityNumber);
        var child = state.Child;
        var childName = string.Join(' ', new[] { child.GivenName, child.FamilyName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        var values = new Dictionary<string, string>
        {
            ["service"] = service.Replace("Barnevernstjenesten", "barnevernstjenesten", StringComparison.Ordinal),
            ["municipality"] = state.MunicipalityNumber,
            ["weeks"] = template.ComplaintWeeks.ToString(CultureInfo.InvariantCulture),
            ["appealBody"] = template.AppealBody.ToLowerInvariant(),
        };

        var h = new StringBuilder();
        PrintPage.Open(h, $"{template.Title} – {state.JournalNumber}", Css, service);
        if (draft)
            h.Append("<div class=\"draft\" aria-hidden=\"true\">UTKAST</div>\n");
        h.Append("<h1>").Append(E(template.Title)).Append(draft ? " <span class=\"tag\">utkast – ikke fattet</span>" : "").Append("</h1>\n");
        h.Append("<table class=\"meta\">");
        Row(h, "Saksnummer", state.JournalNumber);
        Row(h, "Barnet", childName.Length > 0 ? $"{childName}, født {child.BirthDate:dd.MM.yyyy}" : $"født {child.BirthDate:dd.MM.yyyy}");
        Row(h, "Vedtaksdato (registrert)", decision.DecidedOn.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture));
        Row(h, "Lovhjemmel (register)", Citation(decision.LegalBasis));
        var recorded = TimeZoneInfo.ConvertTime(v.RecordedAt, zone).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);
        Row(h, draft ? "Utkast versjon" : "Ferdigstilt", draft ? $"{v.Version} ({recorded}, {Name(v.AuthorId)})" : $"{recorded} av {Name(v.AuthorId)}");
        h.Append("</table>\n");

        foreach (var flag in flags)
            h.Append("<p class=\"flag\"><strong>Mangler:</strong> ").Append(E(flag.Message)).Append(" <span class=\"src\">(").Append(E(flag.Source)).Append(")</span></p>\n");

        foreach (var section in template.Sections)
        {
            h.Append("<section><h2>").Append(E(section.Heading)).Append("</h2>\n");
            var text = section.Key switch
            {
                "legal-basis" => v.Reasons.LegalBasis,
                "facts" => v.Reasons.Facts,
                "assessment" => v.Reasons.Assessment,
                "child-views" => v.Reasons.ChildViews,
                "conclusion" => v.Reasons.Conclusion,
                _ => "",
            };
            Paragraphs(h, text);
            if (section.Key == "child-views" && participation.Count > 0)
            {
                h.Append("<table class=\"part\"><caption>Dokumentert medvirkning</caption><thead><tr><th>Dato</th><th>Hvem og hvor</th><th>Barnets synspunkter / hvorfor ikke hørt</th><th>Vekt</th></tr></thead><tbody>\n");
                foreach (var p in participation.OrderBy(p => p.On))
                {
                    h.Append("<tr><td>").Append(p.On.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)).Append("</td>");
                    if (p.Heard)
                        h.Append("<td>").Append(E($"{p.HeardBy}, {p.Place}")).Append("</td><td class=\"quote\">«").Append(E(p.ChildViews ?? "")).Append("»</td><td>").Append(E(p.Weight ?? "")).Append("</td></tr>\n");
                    else
                        h.Append("<td>").Append(E(p.HeardBy ?? "")).Append("</td><td>Ikke hørt (").Append(E(ParticipationRecord.Norwegian(p.NotHeard!.Value))).Append("): ").Append(E(p.Explanation ?? "")).Append("</td><td></td></tr>\n");
                }
                h.Append("</tbody></table>\n");
            }
            h.Append("<p class=\"src\">").Append(E(section.Source)).Append("</p></section>\n");
        }

        h.Append("<section class=\"complaint\"><h2>Du kan klage</h2>\n");
        foreach (var line in template.ComplaintNotice)
            h.Append("<p>").Append(E(Fill(line, values))).Append("</p>\n");
        h.Append("</section>\n");
        h.Append("<footer><p>Med hilsen<br>").Append(E(service)).Append("<br>Saksbehandler: ").Append(E(Name(document.Versions[0].AuthorId))).Append("</p>\n");
        foreach (var s in template.Sources)
            h.Append("<p class=\"src\">Kilder: ").Append(E(s)).Append("</p>\n");
        h.Append("<p class=\"src\">Vedtakets id i Vern: ").Append(E(decision.Id.ToString())).Append("</p>\n");
        h.Append("</footer>\n</body></html>\n");
        return h.ToString();
    }

    /// <summary>A legal basis in words: "barnevernsloven § 3-1 første ledd" (<see cref="Vern.Domain.Law.LegalCitation"/>).</summary>
    public static string Citation(Vern.Domain.Law.LegalBasis basis) => Vern.Domain.Law.LegalCitation.Words(basis);

    private static void Row(StringBuilder h, string label, string value) =>
        h.Append("<tr><th>").Append(E(label)).Append("</th><td>").Append(E(value)).Append("</td></tr>");

    /// <summary>Plain text with paragraphs: a blank line starts a new paragraph, a single line break is kept.</summary>
    internal static void Paragraphs(StringBuilder h, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            h.Append("<p class=\"empty\">(ikke fylt ut)</p>\n");
            return;
        }
        foreach (var para in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            h.Append("<p>").Append(string.Join("<br>", para.Split('\n').Select(E))).Append("</p>\n");
    }

    private static string Fill(string template, IReadOnlyDictionary<string, string> values) =>
        System.Text.RegularExpressions.Regex.Replace(template, @"\{(\w+)\}", m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    internal const string Css = """
        @page { size: A4; margin: 22mm 20mm 20mm 22mm; }
        body { font-family: "DejaVu Serif", Georgia, serif; font-size: 11pt; line-height: 1.45; color: #111; max-width: 170mm; margin: 0 auto; }
        header { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 1px solid #444; padding-bottom: 4pt; margin-bottom: 14pt; }
        .org { font-family: "DejaVu Sans", Arial, sans-serif; font-weight: bold; font-size: 12pt; }
        .conf { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 8pt; color: #444; }
        h1 { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 20pt; margin: 0 0 10pt; }
        h2 { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 13pt; margin: 16pt 0 4pt; border-bottom: 0.5pt solid #bbb; }
        .tag { font-size: 10pt; color: #a00; font-weight: normal; }
        table.meta { border-collapse: collapse; margin-bottom: 8pt; font-size: 10pt; }
        table.meta th { text-align: left; padding: 1pt 12pt 1pt 0; font-weight: normal; color: #444; white-space: nowrap; vertical-align: top; }
        table.meta td { padding: 1pt 0; }
        table.part { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 6pt 0; }
        table.part caption { text-align: left; font-weight: bold; font-size: 10pt; margin-bottom: 2pt; }
        table.part th, table.part td { border: 0.5pt solid #999; padding: 3pt 4pt; vertical-align: top; text-align: left; }
        table.part tr { break-inside: avoid; }
        table.part { break-inside: avoid; }
        td.quote { font-style: italic; }
        p { margin: 0 0 6pt; }
        p.src { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 7.5pt; color: #555; }
        p.empty { color: #a00; font-style: italic; }
        p.flag { border: 1pt solid #c60; background: #fff4e5; padding: 4pt 6pt; font-size: 10pt; }
        section { break-inside: auto; }
        h2 { break-after: avoid; }
        .complaint { border: 1pt solid #444; padding: 2pt 10pt 6pt; margin-top: 16pt; break-inside: avoid; }
        footer { margin-top: 18pt; }
        .draft { position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 90pt; color: rgba(200,0,0,0.12); transform: rotate(-30deg); font-family: "DejaVu Sans", Arial, sans-serif; z-index: -1; }
        """;
}
