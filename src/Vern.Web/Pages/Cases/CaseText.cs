using Vern.Domain.Cases;
using Vern.Domain.CodeLists;
using Vern.Web.Forms;

namespace Vern.Web.Pages.Cases;

/// <summary>Words for a case's events and entries on the pages: codes with SSB's meaning, dates in Norwegian order, and
/// people by name (<paramref name="staff"/>: user id → name, from <c>VernApp.StaffNamesAsync</c>; an id not in it shows as the id).</summary>
public sealed class CaseText(CodeListSet codeLists, CaseState state, IReadOnlyDictionary<string, string>? staff = null)
{
    private readonly IReadOnlyDictionary<string, string> _staff = staff ?? new Dictionary<string, string>();

    public string Code(string path, string code) =>
        codeLists.TryGet(path, out var list) && list.Find(code) is { } e ? $"{Display.CodeTitle(e.Title)} ({code})" : code;

    private string Codes(string path, IEnumerable<CodedValue> codes) => string.Join(", ", codes.Select(c => Code(path, c.Code)));

    private static string D(DateOnly d) => Display.Date(d);

    public string Describe(CaseEvent e) => e switch
    {
        CaseOpened x => $"Sak åpnet {D(x.OpenedOn)}, journalnummer {x.JournalNumber}",
        PersonalDetailsRecorded x => $"Personalia registrert (gjelder fra {D(x.Details.EffectiveFrom)})",
        CaseworkerAssigned x => $"Saken fordelt til {Display.Person(x.CaseworkerId, _staff)} fra {D(x.AssignedOn)}",
        ReportOfConcernReceived x => $"Melding mottatt {D(x.ReceivedOn)}; melder: {Codes(CodeListPaths.Reporter, x.Reporters)}"
            + (x.Contents.Count > 0 ? $"; saksinnhold: {Codes(CodeListPaths.CaseContent, x.Contents)}" : ""),
        ReportOfConcernConcluded x => $"Melding fra {Received(x.ReportId)} konkludert {D(x.ConcludedOn)}: {Code(CodeListPaths.ReportConclusion, x.Code)}",
        ReporterFeedbackGiven x => $"Tilbakemelding til melder {D(x.GivenOn)} ({(x.Kind == ReporterFeedbackKind.Receipt ? "mottatt melding" : "etter undersøkelsen")})",
        InvestigationOpened x => $"Undersøkelse startet {D(x.StartedOn)} fra meldingen mottatt {Received(x.ReportId)}",
        InvestigationExtensionRequested x => $"Utvidet frist søkt {D(x.RequestedOn)}",
        InvestigationExtensionDecided x => $"Utvidet frist {(x.Granted ? "innvilget" : "avslått")}",
        InvestigationConcluded x => $"Undersøkelse konkludert {D(x.ConcludedOn)}: {Code(CodeListPaths.InvestigationConclusion, x.Outcome.Code)}",
        DecisionMade x => $"Vedtak fattet {D(x.DecidedOn)} etter {x.LegalBasis}",
        DecisionStatusChanged x => $"Vedtaket fikk status {Code(CodeListPaths.DecisionStatus, x.StatusCode)}",
        DecisionEnded x => $"Vedtak opphørt {D(x.EndedOn)}",
        DecisionReassessed x => $"Vedtak vurdert på nytt {D(x.ReassessedOn)}",
        MeasureStarted x => $"Tiltak iverksatt {D(x.StartedOn)}: {Code(CodeListPaths.MeasureCategory, x.Category.Code)}",
        VisitFrequencySet x => $"{VisitKindText(x.Kind)}: {x.VisitsPerYear} besøk per år",
        VisitMade x => $"{VisitKindText(x.Kind)}sbesøk {D(x.VisitedOn)}",
        MeasureEnded x => $"Tiltak avsluttet {D(x.EndedOn)}" + (x.Termination is { } t ? $" ({Code(CodeListPaths.Termination, t.Code)})" : ""),
        TerminationReasonRecorded x => $"Årsak til at tiltaket skal avsluttes: {Code(CodeListPaths.Termination, x.Termination.Code)}",
        ReturnFollowUpOffered x => $"Tilbud om oppfølging etter tilbakeføring gitt {D(x.OfferedOn)}",
        PlanMade x => $"Plan laget {D(x.StartedOn)}: {Code(CodeListPaths.PlanType, x.PlanType)}",
        PlanEvaluated x => $"Plan evaluert {D(x.EvaluatedOn)}",
        PlanEnded x => $"Plan avsluttet {D(x.EndedOn)}",
        AftercareOffered x => $"Tilbud om ettervern sendt {D(x.OfferSentOn)}",
        AftercareConcluded x => $"Ettervern besvart {D(x.ConcludedOn)}",
        CountyBoardReferralSent x => $"Begjæring oversendt nemnda {D(x.SentOn)} etter {x.LegalBasis}",
        ChildMoved x => $"Barnet flyttet {D(x.MovedOn)}",
        EntryRetracted x => $"Registrering trukket tilbake {D(x.RetractedOn)}: {x.Reason}",
        CaseClosed x => $"Sak avsluttet {D(x.ClosedOn)}",
        CaseReopened x => $"Sak gjenåpnet {D(x.ReopenedOn)}",
        _ => "Registrering (" + CaseJson.Discriminator(e) + ")",
    };

    private static string VisitKindText(VisitKind kind) => kind == VisitKind.Supervision ? "Tilsyn" : "Oppfølging";

    private string Received(EntryId reportId) => state.FindReport(reportId) is { } r ? D(r.ReceivedOn) : "(ukjent)";

    /// <summary>The entries an <see cref="FieldKind.Entry"/> field offers, newest first, each with words a caseworker recognises.</summary>
    public IReadOnlyList<(string Value, string Text)> Entries(EntryKindChoice kind) => kind switch
    {
        EntryKindChoice.Report => [.. state.Reports.AsEnumerable().Reverse().Select(ReportOption)],
        EntryKindChoice.OpenReport => [.. state.Reports.AsEnumerable().Reverse().Where(r => r.Conclusion is null).Select(ReportOption)],
        EntryKindChoice.Investigation => [.. state.Investigations.AsEnumerable().Reverse().Select(InvestigationOption)],
        EntryKindChoice.OpenInvestigation => [.. state.Investigations.AsEnumerable().Reverse().Where(i => i.Conclusion is null).Select(InvestigationOption)],
        EntryKindChoice.Decision => [.. state.Decisions.AsEnumerable().Reverse().Where(d => d.EndedOn is null)
            .Select(d => (d.Id.ToString(), $"Vedtak {D(d.DecidedOn)} etter {d.LegalBasis}"))],
        EntryKindChoice.Measure => [.. state.Measures.AsEnumerable().Reverse().Select(MeasureOption)],
        EntryKindChoice.OpenMeasure => [.. state.Measures.AsEnumerable().Reverse().Where(m => m.EndedOn is null).Select(MeasureOption)],
        EntryKindChoice.ReturnedMeasure => [.. state.Measures.AsEnumerable().Reverse().Where(MeasureKinds.IsReturnHome).Select(MeasureOption)],
        EntryKindChoice.Plan => [.. state.Plans.AsEnumerable().Reverse().Where(p => p.EndedOn is null)
            .Select(p => (p.Id.ToString(), $"Plan {D(p.StartedOn)}: {Code(CodeListPaths.PlanType, p.PlanType)}"))],
        EntryKindChoice.OpenAftercare => [.. state.Aftercare.AsEnumerable().Reverse().Where(a => a.Conclusion is null)
            .Select(a => (a.Id.ToString(), $"Tilbud om ettervern sendt {D(a.OfferSentOn)}"))],
        EntryKindChoice.Any => [
            .. state.Reports.Select(ReportOption),
            .. state.Investigations.Select(InvestigationOption),
            .. state.Decisions.Select(d => (d.Id.ToString(), $"Vedtak {D(d.DecidedOn)} etter {d.LegalBasis}")),
            .. state.Measures.Select(MeasureOption),
            .. state.Plans.Select(p => (p.Id.ToString(), $"Plan {D(p.StartedOn)}: {Code(CodeListPaths.PlanType, p.PlanType)}")),
            .. state.Aftercare.Select(a => (a.Id.ToString(), $"Tilbud om ettervern sendt {D(a.OfferSentOn)}")),
            .. state.CountyBoardReferrals.Select(r => (r.Id.ToString(), $"Begjæring til nemnda {D(r.SentOn)} etter {r.LegalBasis}")),
            .. state.Moves.Select(m => (m.Id.ToString(), $"Flytting {D(m.MovedOn)}")),
        ],
        _ => [],
    };

    private (string, string) ReportOption(ReportOfConcern r) =>
        (r.Id.ToString(), $"Melding mottatt {D(r.ReceivedOn)}" + (r.Conclusion is { } c ? $" (konkludert {D(c.ConcludedOn)})" : " (ikke konkludert)"));

    private (string, string) InvestigationOption(Investigation i) =>
        (i.Id.ToString(), $"Undersøkelse startet {D(i.StartedOn)}" + (i.Conclusion is { } c ? $" (konkludert {D(c.ConcludedOn)})" : " (pågår)"));

    private (string, string) MeasureOption(Measure m) =>
        (m.Id.ToString(), $"Tiltak {D(m.StartedOn)}: {Code(CodeListPaths.MeasureCategory, m.Category.Code)}" + (m.EndedOn is { } e ? $" (avsluttet {D(e)})" : ""));

    public string Sex(Vern.Domain.People.Sex sex) => sex switch
    {
        Vern.Domain.People.Sex.Female => "jente",
        Vern.Domain.People.Sex.Male => "gutt",
        _ => "ufødt",
    };
}
