using Vern.Rendering;
using Vern.Domain.Documentation;

namespace Vern.Documentation.Tests;

/// <summary>The decision document as a person receives it: the reasons in the template's order, the child's views, and the
/// notice of the right to complain with its deadline and where to send it (forvaltningsloven § 27 tredje ledd, § 29, § 32).</summary>
public sealed class RenderTests
{
    private static readonly DateTimeOffset At = new(2024, 6, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Norway = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    private static (string Html, DecisionDocument Doc) Render(DecisionDocumentStatus status, string facts = "Skolen meldte bekymring.")
    {
        var (state, decision) = TestCases.WithDecision(new DateOnly(2015, 3, 14), new DateOnly(2024, 5, 10));
        var reasons = new DecisionReasons("barnevernsloven § 3-1 første ledd", facts, "Hjelpetiltak er til barnets beste.", "Ola vil ha hjelp med lekser.", "Familien får leksehjelp.");
        var doc = new DecisionDocument([new DecisionDocumentVersion(Guid.NewGuid(), state.Id, decision, 1, status, DecisionTemplates.ServiceDecision.Code, reasons, "sb-a", At)]);
        var heard = new ParticipationRecord(Guid.NewGuid(), state.Id, new DateOnly(2024, 5, 3), null, "Siri", "skolen", "Jeg vil bo hjemme.", "Stor vekt.", null, null, "sb-a", At);
        return (DecisionDocumentRenderer.Html(state, state.FindDecision(decision)!, doc, DecisionTemplates.ServiceDecision, [heard], [], Norway), doc);
    }

    [Fact]
    public void Decision_document_has_the_reasons_in_order_and_the_right_to_complain()
    {
        var (html, _) = Render(DecisionDocumentStatus.Finalised);
        var order = new[] { "Hjemmel", "Faktiske forhold", "Vurdering", "Barnets syn", "<h2>Vedtak</h2>", "Du kan klage" }.Select(s => html.IndexOf(s, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
        Assert.Contains("Klagefristen er 3 uker", html, StringComparison.Ordinal);
        Assert.Contains("forvaltningsloven § 29", html, StringComparison.Ordinal);
        Assert.Contains("Klagen sendes til barnevernstjenesten i kommune 4601", html, StringComparison.Ordinal);
        Assert.Contains("statsforvalteren", html, StringComparison.Ordinal);
        Assert.Contains("«Jeg vil bo hjemme.»", html, StringComparison.Ordinal);
        Assert.Contains("barnevernsloven § 3-1 første ledd", html, StringComparison.Ordinal);
        Assert.DoesNotContain("UTKAST", html, StringComparison.Ordinal);
    }

    /// <summary>The reader is in Norway: the time the document was finalised is printed in Norwegian time (10:00 UTC on
    /// 1 June 2024 is 12:00 summer time), not in UTC.</summary>
    [Fact]
    public void Decision_document_prints_its_time_in_Norwegian_time()
    {
        var (html, _) = Render(DecisionDocumentStatus.Finalised);
        Assert.Contains("01.06.2024 12:00 av sb-a", html, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Draft_is_marked_and_text_from_the_case_is_escaped()
    {
        var (html, _) = Render(DecisionDocumentStatus.Draft, "<script>alert(1)</script>\n\nAndre avsnitt.");
        Assert.Contains("UTKAST", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<p>Andre avsnitt.</p>", html, StringComparison.Ordinal);
    }

    /// <summary>The PDF is printed by the real headless Chromium (Debian package chromium).</summary>
    [Fact]
    public void Decision_document_prints_to_pdf_with_chromium()
    {
        Assert.NotNull(PdfPrinter.FindChromium());
        var (html, _) = Render(DecisionDocumentStatus.Finalised);
        var pdf = Path.Combine(Path.GetTempPath(), "vern-vedtak-" + Guid.NewGuid().ToString("N") + ".pdf");
        try
        {
            PdfPrinter.Print(html, pdf, TimeSpan.FromSeconds(90));
            var bytes = File.ReadAllBytes(pdf);
            Assert.Equal("%PDF"u8.ToArray(), bytes[..4]);
            Assert.True(bytes.Length > 10_000);
        }
        finally
        {
            File.Delete(pdf);
        }
    }
}
