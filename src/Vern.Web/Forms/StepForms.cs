using System.Collections.Immutable;
using System.Globalization;
using Vern.Domain.Cases;
using Vern.Domain.CodeLists;
using Vern.Domain.Law;
using Vern.Domain.Validation;

namespace Vern.Web.Forms;

/// <summary>What kind of input a form field is.</summary>
public enum FieldKind
{
    /// <summary>A legal date (ÅÅÅÅ-MM-DD, a date picker).</summary>
    Date,
    /// <summary>One code from an SSB code list (a select), with an optional Presisering.</summary>
    Code,
    /// <summary>Several codes from an SSB code list (checkboxes).</summary>
    Codes,
    /// <summary>One entry of the case (a select of its reports, investigations, decisions, measures or plans).</summary>
    Entry,
    /// <summary>Free text.</summary>
    Text,
    /// <summary>One of fixed choices (a select).</summary>
    Choice,
}

/// <summary>Which entries of the case an <see cref="FieldKind.Entry"/> field offers.</summary>
public enum EntryKindChoice
{
    Report,
    OpenReport,
    Investigation,
    OpenInvestigation,
    Decision,
    Measure,
    OpenMeasure,
    Plan,
}

/// <summary>One field of a step's form. <see cref="Name"/> is the command's field as the domain's rules name it
/// (<see cref="ValidationIssue.Path"/>), so a broken rule is shown next to the field it is about.</summary>
public sealed record FormField(string Name, string Label, FieldKind Kind, bool Required = true, string? Hint = null,
    string? CodeList = null, EntryKindChoice? Entries = null, IReadOnlyList<(string Value, string Text)>? Choices = null,
    bool Specification = false);

/// <summary>A step of <c>vern case record</c> as a form: its fields and how they become the domain command.</summary>
/// <param name="Slug">The step's address under /saker/{id}/registrer/.</param>
/// <param name="Source">The law or register source of the step, shown under the title.</param>
public sealed record StepForm(string Slug, string Title, string Source, IReadOnlyList<FormField> Fields, Func<FormInput, CaseCommand> Build)
{
    /// <summary>Whether the step is the leader's (fordeling) rather than every caseworker's.</summary>
    public bool LeaderOnly { get; init; }
}

/// <summary>The posted values of a form, read field by field. A value that cannot be read (an empty required field, a
/// date that is not a date) becomes a <see cref="ValidationIssue"/> from the domain's own rule catalogue; the command is
/// not built and nothing is sent.</summary>
public sealed class FormInput(IReadOnlyDictionary<string, string[]> values)
{
    private readonly List<ValidationIssue> _issues = [];

    public IReadOnlyList<ValidationIssue> Issues => _issues;

    public string? Text(string name) =>
        values.TryGetValue(name, out var v) && v.Length > 0 && !string.IsNullOrWhiteSpace(v[0]) ? v[0].Trim() : null;

    public string[] All(string name) =>
        values.TryGetValue(name, out var v) ? [.. v.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim())] : [];

    public string RequiredText(string name)
    {
        if (Text(name) is { } t)
            return t;
        _issues.Add(RuleMessages.Issue(RuleCodes.Required, name));
        return "";
    }

    public DateOnly Date(string name)
    {
        if (Text(name) is not { } t)
        {
            _issues.Add(RuleMessages.Issue(RuleCodes.Required, name));
            return default;
        }
        if (DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            || DateOnly.TryParseExact(t, "dd.MM.yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out d))
            return d;
        _issues.Add(new ValidationIssue(RuleCodes.Required, Severity.Error, name, $"{name}: «{t}» er ikke en dato (ÅÅÅÅ-MM-DD).", "Barnevern_v4.xsd (xs:date)"));
        return default;
    }

    public EntryId Entry(string name) => OptionalEntry(name) ?? Missing(name);

    public EntryId? OptionalEntry(string name)
    {
        if (Text(name) is not { } t)
            return null;
        if (Guid.TryParse(t, out var g))
            return new EntryId(g);
        _issues.Add(RuleMessages.Issue(RuleCodes.Required, name));
        return null;
    }

    public CodedValue Coded(string name) => new(RequiredText(name), Text(name + ".specification"));

    public ImmutableList<CodedValue> Codes(string name) => [.. All(name).Select(c => new CodedValue(c))];

    private EntryId Missing(string name)
    {
        _issues.Add(RuleMessages.Issue(RuleCodes.Required, name));
        return default;
    }
}

/// <summary>The steps of <c>vern case record</c> that the web app offers as forms (docs/web.md lists them with their CLI names).</summary>
public static class StepForms
{
    private static readonly (string, string)[] Acts = [("BVL2021", "barnevernsloven (2021)"), ("BVL", "barnevernloven (1992)"), ("BL1981", "barneloven")];
    private static readonly (string, string)[] FeedbackKinds = [(nameof(ReporterFeedbackKind.Receipt), "Bekreftelse på mottatt melding"), (nameof(ReporterFeedbackKind.AfterInvestigation), "Etter undersøkelsen")];
    private static readonly (string, string)[] VisitKinds = [(nameof(VisitKind.FollowUp), "Oppfølgingsbesøk"), (nameof(VisitKind.Supervision), "Tilsynsbesøk")];

    public static readonly IReadOnlyList<StepForm> All =
    [
        new("melding", "Melding mottatt", "barnevernsloven § 2-1; Barnevern_v4.xsd Melding",
            [
                new("receivedOn", "Mottatt dato", FieldKind.Date),
                new("reporters", "Melder", FieldKind.Codes, CodeList: CodeListPaths.Reporter, Hint: "Hvem meldte bekymringen (minst én)."),
                new("contents", "Saksinnhold", FieldKind.Codes, Required: false, CodeList: CodeListPaths.CaseContent,
                    Hint: "Kan vente til meldingen konkluderes (Melding Kontroll 5)."),
            ],
            f => new ReceiveReport(f.Date("receivedOn"), f.Codes("reporters"), f.Codes("contents"))),
        new("konkluder-melding", "Melding gjennomgått og konkludert", "barnevernsloven § 2-1 (gjennomgås innen sju dager); Melding/Konklusjon",
            [
                new("reportId", "Melding", FieldKind.Entry, Entries: EntryKindChoice.OpenReport),
                new("concludedOn", "Konkludert dato", FieldKind.Date),
                new("code", "Konklusjon", FieldKind.Code, CodeList: CodeListPaths.ReportConclusion),
                new("contents", "Saksinnhold", FieldKind.Codes, Required: false, CodeList: CodeListPaths.CaseContent,
                    Hint: "Påkrevd nå hvis det ikke ble oppgitt ved mottak."),
            ],
            f => new ConcludeReport(f.Entry("reportId"), f.Date("concludedOn"), f.RequiredText("code"), f.Codes("contents") is { Count: > 0 } c ? c : null)),
        new("tilbakemelding", "Tilbakemelding til melder", "barnevernsloven § 13-2; Melding/Tilbakemelding",
            [
                new("reportId", "Melding", FieldKind.Entry, Entries: EntryKindChoice.Report),
                new("givenOn", "Dato", FieldKind.Date),
                new("kind", "Hvilken tilbakemelding", FieldKind.Choice, Choices: FeedbackKinds),
            ],
            f => new GiveReporterFeedback(f.Entry("reportId"), f.Date("givenOn"), Enum.Parse<ReporterFeedbackKind>(f.Text("kind") ?? nameof(ReporterFeedbackKind.Receipt)))),
        new("undersokelse", "Undersøkelse åpnet", "barnevernsloven § 2-2",
            [
                new("reportId", "Melding undersøkelsen bygger på", FieldKind.Entry, Entries: EntryKindChoice.Report,
                    Hint: "En melding som ikke er konkludert, konkluderes samtidig med kode 2 (ikke henlagt)."),
                new("startedOn", "Startdato", FieldKind.Date),
            ],
            f => new OpenInvestigation(f.Entry("reportId"), f.Date("startedOn"))),
        new("utvidet-frist", "Søknad om utvidet frist", "barnevernsloven § 2-2 fjerde ledd",
            [
                new("investigationId", "Undersøkelse", FieldKind.Entry, Entries: EntryKindChoice.OpenInvestigation),
                new("requestedOn", "Dato", FieldKind.Date),
            ],
            f => new RequestExtension(f.Entry("investigationId"), f.Date("requestedOn"))),
        new("konkluder-undersokelse", "Undersøkelse konkludert", "barnevernsloven § 2-2; Undersøkelse/Konklusjon",
            [
                new("investigationId", "Undersøkelse", FieldKind.Entry, Entries: EntryKindChoice.OpenInvestigation),
                new("concludedOn", "Konkludert dato", FieldKind.Date),
                new("outcome", "Konklusjon", FieldKind.Code, CodeList: CodeListPaths.InvestigationConclusion, Specification: true),
                new("grounds", "Vedtaksgrunnlag", FieldKind.Codes, Required: false, CodeList: CodeListPaths.DecisionBasis,
                    Hint: "Påkrevd når undersøkelsen fører til tiltak (Undersøkelse Kontroll 7)."),
            ],
            f => new ConcludeInvestigation(f.Entry("investigationId"), f.Date("concludedOn"), f.Coded("outcome"), f.Codes("grounds"))),
        new("vedtak", "Vedtak fattet", "Barnevern_v4.xsd Vedtak; Lovhjemmel",
            [
                new("decidedOn", "Vedtaksdato", FieldKind.Date),
                new("legalBasis.act", "Lov", FieldKind.Choice, Choices: Acts),
                new("legalBasis.chapter", "Kapittel", FieldKind.Text, Hint: "For eksempel 3 for § 3-1."),
                new("legalBasis.section", "Paragraf", FieldKind.Text, Hint: "For eksempel 1 for § 3-1."),
                new("legalBasis.subsections", "Ledd", FieldKind.Text, Required: false, Hint: "Ett eller flere, skilt med komma."),
                new("statusCode", "Status", FieldKind.Code, CodeList: CodeListPaths.DecisionStatus),
                new("investigationId", "Undersøkelse vedtaket bygger på", FieldKind.Entry, Required: false, Entries: EntryKindChoice.Investigation),
            ],
            f => new MakeDecision(f.Date("decidedOn"),
                new LegalBasis(f.Text("legalBasis.act") ?? "BVL2021", f.RequiredText("legalBasis.chapter"), f.RequiredText("legalBasis.section"),
                    [.. (f.Text("legalBasis.subsections") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]),
                f.Text("statusCode") ?? "1", f.OptionalEntry("investigationId"))),
        new("tiltak", "Tiltak iverksatt", "Barnevern_v4.xsd Tiltak (lovhjemmel fra vedtaket, Tiltak Kontroll 21)",
            [
                new("decisionId", "Vedtak", FieldKind.Entry, Entries: EntryKindChoice.Decision),
                new("startedOn", "Startdato", FieldKind.Date),
                new("category", "Kategori", FieldKind.Code, CodeList: CodeListPaths.MeasureCategory, Specification: true),
                new("grounds", "Tiltaksgrunnlag", FieldKind.Codes, Required: false, CodeList: CodeListPaths.MeasureGrounds),
            ],
            f => new StartMeasure(f.Entry("decisionId"), f.Date("startedOn"), f.Coded("category"), f.Codes("grounds") is { Count: > 0 } g ? g : null)),
        new("besok", "Besøk utført", "fosterhjemsforskriften §§ 7 og 9",
            [
                new("measureId", "Tiltak", FieldKind.Entry, Entries: EntryKindChoice.OpenMeasure),
                new("kind", "Besøk", FieldKind.Choice, Choices: VisitKinds),
                new("visitedOn", "Dato", FieldKind.Date),
            ],
            f => new RecordVisit(f.Entry("measureId"), Enum.Parse<VisitKind>(f.Text("kind") ?? nameof(VisitKind.FollowUp)), f.Date("visitedOn"))),
        new("avslutt-tiltak", "Tiltak avsluttet", "Barnevern_v4.xsd Tiltak/@SluttDato, Opphevelse",
            [
                new("measureId", "Tiltak", FieldKind.Entry, Entries: EntryKindChoice.OpenMeasure),
                new("endedOn", "Sluttdato", FieldKind.Date),
                new("termination", "Årsak til opphevelse", FieldKind.Code, Required: false, CodeList: CodeListPaths.Termination, Specification: true,
                    Hint: "Påkrevd for omsorgstiltak (Tiltak Kontroll 12)."),
            ],
            f => new EndMeasure(f.Entry("measureId"), f.Date("endedOn"), f.Text("termination") is { } t ? new CodedValue(t, f.Text("termination.specification")) : null)),
        new("plan", "Plan laget", "barnevernsloven §§ 8-1 til 8-4; Barnevern_v4.xsd Plan",
            [
                new("startedOn", "Startdato", FieldKind.Date),
                new("planType", "Plantype", FieldKind.Code, CodeList: CodeListPaths.PlanType),
            ],
            f => new MakePlan(f.Date("startedOn"), f.RequiredText("planType"))),
        new("evaluer-plan", "Plan evaluert", "barnevernsloven § 8-1",
            [
                new("planId", "Plan", FieldKind.Entry, Entries: EntryKindChoice.Plan),
                new("evaluatedOn", "Dato", FieldKind.Date),
            ],
            f => new EvaluatePlan(f.Entry("planId"), f.Date("evaluatedOn"))),
        new("fordel", "Saksbehandler fordelt", "Vern: fordeling av saker (leder)",
            [
                new("caseworkerId", "Saksbehandler (brukernavn)", FieldKind.Text),
                new("assignedOn", "Dato", FieldKind.Date),
            ],
            f => new AssignCaseworker(f.RequiredText("caseworkerId"), f.Date("assignedOn"))) { LeaderOnly = true },
        new("avslutt-sak", "Sak avsluttet", "Barnevern_v4.xsd Sak/@SluttDato",
            [new("closedOn", "Sluttdato", FieldKind.Date)],
            f => new CloseCase(f.Date("closedOn"))),
    ];

    public static StepForm? Find(string slug) => All.FirstOrDefault(s => s.Slug == slug);

    /// <summary>The field a domain issue belongs to: its path, or the first field whose name starts it (legalBasis →
    /// legalBasis.act); null for an issue about the case as a whole.</summary>
    public static FormField? FieldOf(StepForm step, ValidationIssue issue) =>
        step.Fields.FirstOrDefault(f => f.Name == issue.Path)
        ?? step.Fields.FirstOrDefault(f => f.Name.StartsWith(issue.Path + ".", StringComparison.Ordinal))
        ?? step.Fields.FirstOrDefault(f => issue.Path.StartsWith(f.Name + " ", StringComparison.Ordinal) || issue.Path.StartsWith(f.Name + "[", StringComparison.Ordinal)
            || issue.Path.StartsWith(f.Name + ".", StringComparison.Ordinal));
}
