using Vern.Deadlines.Engine;

namespace Vern.Web.Pages;

/// <summary>How a statutory duty (lovpålagt oppgave) reads in a table: what to do, about which entry of the case (the report
/// by the day it was received, the investigation by the day it was concluded), and the law behind it in words.</summary>
public static class Duties
{
    /// <summary>The duty's title with the entry it is about, e.g. "Gi melder tilbakemelding om mottatt melding (meldingen mottatt
    /// 23.11.2026)". Two duties of the same kind in one case are told apart by it.</summary>
    public static string Describe(Obligation o)
    {
        var about = About(o);
        var parts = new[] { about, o.Detail }.Where(p => !string.IsNullOrEmpty(p));
        var extra = string.Join(", ", parts);
        return extra.Length == 0 ? o.Rule.Title : $"{o.Rule.Title} ({extra})";
    }

    /// <summary>Which entry the duty is about, from the date that started it (<see cref="Obligation.LegalDate"/>; see the deadline
    /// engine: a report's review, receipt feedback and investigation deadline start on the day the report was received, the
    /// feedback after an investigation on the day it was concluded). Null for duties whose detail already says it.</summary>
    public static string? About(Obligation o) => o.Rule.Id switch
    {
        DeadlineEngine.ReviewRule or DeadlineEngine.ReceiptFeedbackRule or DeadlineEngine.InvestigationRule => $"meldingen mottatt {Display.Date(o.LegalDate)}",
        DeadlineEngine.InvestigationFeedbackRule => $"undersøkelsen konkludert {Display.Date(o.LegalDate)}",
        _ => null,
    };

    /// <summary>The law behind the duty in words (the rule's citation, never its id).</summary>
    public static string Law(Obligation o) => o.Rule.Source.Citation;
}
