using System.Globalization;
using Spectre.Console;
using Vern.Domain.Cases;

namespace Vern.Cli;

/// <summary>Bokmål rendering of a case for the terminal.</summary>
public static class CaseView
{
    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>First block of a UUID: enough to tell entries apart on screen (full ids: «vern case export»).</summary>
    private static string S(EntryId id) => id.ToString()[..8];

    private static string Codes(IEnumerable<CodedValue> codes) => string.Join(", ", codes.Select(c => c.Code));

    /// <summary>One line per event, in bokmål.</summary>
    public static string Describe(CaseEvent e) => e switch
    {
        CaseOpened x => $"Sak åpnet i kommune {x.MunicipalityNumber}, journalnr. {x.JournalNumber}",
        PersonalDetailsRecorded x => $"Personalia registrert (gjelder fra {D(x.Details.EffectiveFrom)})",
        CaseworkerAssigned x => $"Saksbehandler {x.CaseworkerId} fordelt",
        ReportOfConcernReceived x => $"Melding {S(x.ReportId)} mottatt (melder {Codes(x.Reporters)}; saksinnhold {Codes(x.Contents)})",
        ReportOfConcernConcluded x => $"Melding {S(x.ReportId)} konkludert med kode {x.Code}",
        DecisionReassessed x => $"Vedtak {S(x.DecisionId)} vurdert på nytt",
        ReporterFeedbackGiven x => $"Tilbakemelding til melder ({(x.Kind == ReporterFeedbackKind.Receipt ? "mottatt melding" : "etter undersøkelsen")}) på melding {S(x.ReportId)}",
        InvestigationOpened x => $"Undersøkelse {S(x.InvestigationId)} startet fra melding {S(x.ReportId)}",
        InvestigationExtensionRequested x => $"Utvidet frist søkt for undersøkelse {S(x.InvestigationId)}",
        InvestigationExtensionDecided x => $"Utvidet frist {(x.Granted ? "innvilget" : "avslått")} for undersøkelse {S(x.InvestigationId)}",
        InvestigationConcluded x => $"Undersøkelse {S(x.InvestigationId)} konkludert med kode {x.Outcome.Code}",
        DecisionMade x => $"Vedtak {S(x.DecisionId)} fattet etter {x.LegalBasis} (status {x.StatusCode})",
        DecisionStatusChanged x => $"Vedtak {S(x.DecisionId)} fikk status {x.StatusCode}",
        DecisionEnded x => $"Vedtak {S(x.DecisionId)} opphørte",
        MeasureStarted x => $"Tiltak {S(x.MeasureId)} (kategori {x.Category.Code}) iverksatt etter vedtak {S(x.DecisionId)}",
        VisitFrequencySet x => $"{Kind(x.Kind)}: {x.VisitsPerYear} besøk per år for tiltak {S(x.MeasureId)}{(x.ChildConsented ? " (barnet har samtykket)" : "")}",
        SupervisionResponsibilitySet x => $"Tilsynsansvar for tiltak {S(x.MeasureId)}: kommune {x.MunicipalityNumber}",
        VisitMade x => $"{Kind(x.Kind)}sbesøk utført for tiltak {S(x.MeasureId)}",
        MeasureEnded x => $"Tiltak {S(x.MeasureId)} avsluttet" + (x.Termination is { } t ? $" (opphevelse {t.Code})" : ""),
        TerminationReasonRecorded x => $"Tiltak {S(x.MeasureId)} skal avsluttes (opphevelse {x.Termination.Code})",
        ReturnFollowUpOffered x => $"Tilbud om oppfølging etter tilbakeføring gitt (tiltak {S(x.MeasureId)})",
        PlanMade x => $"Plan {S(x.PlanId)} (plantype {x.PlanType}) laget",
        PlanEvaluated x => $"Plan {S(x.PlanId)} evaluert",
        PlanEnded x => $"Plan {S(x.PlanId)} avsluttet",
        AftercareOffered x => $"Tilbud om ettervern {S(x.AftercareId)} sendt",
        AftercareConcluded x => $"Ettervern {S(x.AftercareId)} besvart (kode {x.Code})",
        CountyBoardReferralSent x => $"Begjæring {S(x.ReferralId)} oversendt nemnda etter {x.LegalBasis}",
        ChildMoved x => $"Flytting {S(x.MoveId)}: årsak {x.ReasonFrom.Code}, til {x.MovedTo.Code}",
        EntryRetracted x => $"{x.Kind} {S(x.EntryId)} trukket tilbake: {x.Reason}",
        CaseClosed => "Sak avsluttet",
        CaseReopened => "Sak gjenåpnet",
        _ => e.GetType().Name,
    };

    private static string Kind(VisitKind kind) => kind == VisitKind.Supervision ? "Tilsyn" : "Oppfølging";

    public static void WriteSummary(CaseState s)
    {
        var child = s.Child;
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("Sak", s.Id.ToString());
        grid.AddRow("Kommune / journalnr.", Markup.Escape(TerminalText.Safe($"{s.MunicipalityNumber} / {s.JournalNumber}")));
        grid.AddRow("Barn", Markup.Escape(TerminalText.Safe($"{child.GivenName} {child.FamilyName}, født {D(child.BirthDate)}, {child.Sex}")));
        grid.AddRow("Periode", $"{D(s.OpenedOn)} – {(s.ClosedOn is { } c ? D(c) : "pågår")}");
        grid.AddRow("Saksbehandler", Markup.Escape(TerminalText.Safe(s.CaseworkerId ?? "ikke fordelt")));
        grid.AddRow("Innhold", $"{s.Reports.Count} meldinger, {s.Investigations.Count} undersøkelser, {s.Decisions.Count} vedtak, "
            + $"{s.Measures.Count} tiltak, {s.Plans.Count} planer, {s.Aftercare.Count} ettervern, {s.Moves.Count} flyttinger");
        AnsiConsole.Write(new Panel(grid).Header("Sak"));
    }

    public static void WriteTimeline(IReadOnlyList<RecordedEvent> events)
    {
        var table = new Table().AddColumns("#", "Dato", "Hendelse", "Registrert av", "Registrert (UTC)");
        foreach (var e in events)
            table.AddRow(e.Version.ToString(CultureInfo.InvariantCulture),
                CaseEventFacts.LegalDate(e.Event) is { } d ? D(d) : "",
                Markup.Escape(TerminalText.Safe(Describe(e.Event))),
                Markup.Escape(TerminalText.Safe($"{e.RecordedBy} ({Vern.Domain.Access.Roles.NorwegianOrUnknown(e.RecordedRole)})")),
                e.RecordedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table.Title("Historikk"));
    }
}
