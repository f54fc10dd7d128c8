using System.Globalization;
using System.Text;

namespace Vern.Documentation;

/// <summary>What every printed page of Vern shares (the decision document, the case dossier, a party's access copy and the
/// access report): one self-contained HTML page for A4 print, opened with the service's name and the confidentiality line
/// (offentleglova § 13, jf. barnevernsloven § 13-1), its texts HTML-encoded and its dates as dd.MM.yyyy.</summary>
internal static class PrintPage
{
    /// <summary>Writes the document's head (title and style) and the page header with the service and the confidentiality line.</summary>
    public static void Open(StringBuilder h, string title, string css, string service)
    {
        h.Append("<!DOCTYPE html>\n<html lang=\"nb\"><head><meta charset=\"utf-8\"><title>")
            .Append(E(title)).Append("</title>\n<style>").Append(css).Append("</style></head><body>\n");
        h.Append("<header><div class=\"org\">").Append(E(service))
            .Append("</div><div class=\"conf\">Unntatt offentlighet, offentleglova § 13, jf. barnevernsloven § 13-1</div></header>\n");
    }

    /// <summary>The service as the page names it.</summary>
    public static string Service(string municipalityNumber) => $"Barnevernstjenesten i kommune {municipalityNumber}";

    /// <summary>Encodes the five characters that matter in HTML text and attributes; the rest (æøå, §, «») stays as UTF-8.</summary>
    public static string E(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal).Replace("'", "&#39;", StringComparison.Ordinal);

    public static string D(DateOnly d) => d.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    public static string D(DateTimeOffset t) => t.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
}
