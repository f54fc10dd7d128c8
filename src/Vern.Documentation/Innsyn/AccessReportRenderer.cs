using System.Globalization;
using System.Text;
using Vern.Domain.Parties;
using static Vern.Documentation.PrintPage;

namespace Vern.Documentation.Innsyn;

/// <summary>Renders «who looked at my case» (innsynslogg til part) as one self-contained A4 page in plain bokmål: every
/// read and change of the case with date and time (Norwegian time), what was done, by which role in which service (a name
/// only where the service shows names), and the purpose given. Pure: no clock, no I/O.</summary>
public static class AccessReportRenderer
{
    public static string Html(PartyAccessReport report)
    {
        var service = PrintPage.Service(report.MunicipalityNumber);
        var h = new StringBuilder();
        PrintPage.Open(h, $"Hvem har sett saken – {report.JournalNumber}", InnsynRenderer.Css, service);
        h.Append("<h1>Hvem har sett og endret saken</h1>\n");
        h.Append("<p class=\"lead\">").Append(report.RecipientName is { Length: > 0 } name ? $"Til {E(name)}. " : "")
            .Append("Her er hver gang noen i barnevernstjenesten har lest, hentet ut eller endret saken, fram til ").Append(D(report.MadeOn))
            .Append(". Alle som leser en sak, blir registrert automatisk. ")
            .Append(report.NamesShown
                ? "De ansatte vises med navn, rolle og tjeneste."
                : "De ansatte vises med rolle og tjeneste, ikke med navn. Du kan be barnevernstjenesten om navnet hvis du trenger det.")
            .Append("</p>\n");
        h.Append("<table class=\"meta\">");
        h.Append("<tr><th>Saksnummer</th><td>").Append(E(report.JournalNumber)).Append("</td></tr>");
        h.Append("<tr><th>Antall registreringer</th><td>").Append(report.Lines.Count.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
        h.Append("</table>\n");
        h.Append("<table class=\"grid\"><colgroup><col style=\"width:28mm\"><col style=\"width:34%\"><col><col style=\"width:22%\"></colgroup>")
            .Append("<thead><tr><th>Når</th><th>Hva</th><th>Hvem</th><th>Formål</th></tr></thead><tbody>\n");
        foreach (var l in report.Lines)
        {
            h.Append("<tr><td class=\"date\">").Append(l.At.ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(l.Kind == "forsøk avvist" ? "<strong>Forsøk avvist:</strong> " : "").Append(E(Capital(l.What))).Append("</td><td>");
            if (l.Name is { } n)
                h.Append(E(n)).Append(", ");
            h.Append(E(l.Role)).Append(", ").Append(E(l.Service)).Append("</td><td>").Append(E(l.Purpose)).Append("</td></tr>\n");
        }
        h.Append("</tbody></table>\n");
        h.Append("<section class=\"rights\"><h2>Hvis noe ser feil ut</h2><p>Hvis du mener noen har sett saken din uten grunn, kan du ta det opp med lederen av barnevernstjenesten ")
            .Append("eller med statsforvalteren, som fører tilsyn med barnevernstjenesten.</p></section>\n");
        h.Append("<footer><p>Med hilsen<br>").Append(E(service)).Append("</p><p class=\"src\">Saks-id ").Append(E(report.CaseId.ToString())).Append("</p></footer>\n</body></html>\n");
        return h.ToString();
    }

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
