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
    /// <summary>Care placements that ended, or are to end, with the child returned home (Opphevelse 1).</summary>
    ReturnedMeasure,
    Plan,
    /// <summary>Offers of aftercare not yet answered.</summary>
    OpenAftercare,
    /// <summary>Every live entry of the case (a report, investigation, decision, measure, plan, aftercare, referral or move).</summary>
    Any,
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

    /// <summary>When the step is offered: on an open case (most), on a closed case (reopen), or on both (retract).</summary>
    public CaseCondition When { get; init; } = CaseCondition.Open;

    public bool OfferedFor(bool closed) => When == CaseCondition.Both || (When == CaseCondition.Closed) == closed;
}

/// <summary>A group of steps on the case page (<see cref="StepForms.Groups"/>).</summary>
/// <param name="Id">The group's anchor and heading id.</param>
public sealed record StepGroup(string Id, string Title, IReadOnlyList<string> Slugs);

/// <summary>Whether a step applies to an open case, a closed case, or both (the domain decides; the page only offers).</summary>
public enum CaseCondition
{
    Open,
    Closed,
    Both,
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

    /// <summary>One of an enum's names (a select's value); an empty or unknown value is refused as a required field.</summary>
    public T Choice<T>(string name) where T : struct, Enum
    {
        if (Text(name) is { } t && Enum.TryParse<T>(t, ignoreCase: false, out var v) && Enum.IsDefined(v))
            return v;
        _issues.Add(RuleMessages.Issue(RuleCodes.Required, name));
        return default;
    }

    /// <summary>A yes/no select ("true"/"false"); empty or anything else is refused as a required field.</summary>
    public bool YesNo(string name)
    {
        if (bool.TryParse(Text(name), out var b))
            return b;
        _issues.Add(RuleMessages.Issue(RuleCodes.Required, name));
        return false;
    }

    /// <summary>A whole number; one that is not is refused at its field (the domain checks the range).</summary>
    public int Number(string name)
    {
        if (Text(name) is not { } t)
        {
            _issues.Add(RuleMessages.Issue(RuleCodes.Required, name));
            return 0;
        }
        if (int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            return n;
        _issues.Add(new ValidationIssue(RuleCodes.Required, Severity.Error, name, $"{name}: «{t}» er ikke et helt tall.", "Barnevern_v4.xsd (xs:integer)"));
        return 0;
    }

    /// <summary>A legal basis typed as act, chapter, section and ledd (comma-separated).</summary>
    public LegalBasis Basis(string name) =>
        new(Text(name + ".act") ?? "BVL2021", RequiredText(name + ".chapter"), RequiredText(name + ".section"),
            [.. (Text(name + ".subsections") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]);

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
    private static readonly (string, string)[] Granted = [("", "Velg"), ("true", "Innvilget"), ("false", "Avslått")];
    private static readonly (string, string)[] Consent = [("false", "Nei"), ("true", "Ja")];

    /// <summary>The fields of a legal basis (lovhjemmel), named as the domain's rules name them.</summary>
    private static FormField[] BasisFields(string name) =>
    [
        new(name + ".act", "Lov", FieldKind.Choice, Choices: Acts),
        new(name + ".chapter", "Kapittel", FieldKind.Text, Hint: "For eksempel 3 for § 3-1."),
        new(name + ".section", "Paragraf", FieldKind.Text, Hint: "For eksempel 1 for § 3-1."),
        new(name + ".subsections", "Ledd", FieldKind.Text, Required: false, Hint: "Ett eller flere, skilt med komma."),
    ];

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
            f => new GiveReporterFeedback(f.Entry("reportId"), f.Date("givenOn"), f.Choice<ReporterFeedbackKind>("kind"))),
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
                .. BasisFields("legalBasis"),
                new("statusCode", "Status", FieldKind.Code, CodeList: CodeListPaths.DecisionStatus),
                new("investigationId", "Undersøkelse vedtaket bygger på", FieldKind.Entry, Required: false, Entries: EntryKindChoice.Investigation),
            ],
            f => new MakeDecision(f.Date("decidedOn"), f.Basis("legalBasis"), f.Text("statusCode") ?? "1", f.OptionalEntry("investigationId"))),
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
            f => new RecordVisit(f.Entry("measureId"), f.Choice<VisitKind>("kind"), f.Date("visitedOn"))),
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
        new("utvidet-frist-avgjort", "Utvidet frist avgjort", "barnevernsloven § 2-2 (seks måneder i særlige tilfeller); Undersøkelse/UtvidetFrist",
            [
                new("investigationId", "Undersøkelse", FieldKind.Entry, Entries: EntryKindChoice.OpenInvestigation),
                new("granted", "Avgjørelse", FieldKind.Choice, Choices: Granted),
            ],
            f => new DecideExtension(f.Entry("investigationId"), f.YesNo("granted"))),
        new("vedtak-status", "Vedtakets status endret", "Barnevern_v4.xsd Vedtak/Status",
            [
                new("decisionId", "Vedtak", FieldKind.Entry, Entries: EntryKindChoice.Decision),
                new("changedOn", "Dato", FieldKind.Date),
                new("statusCode", "Ny status", FieldKind.Code, CodeList: CodeListPaths.DecisionStatus),
            ],
            f => new ChangeDecisionStatus(f.Entry("decisionId"), f.Date("changedOn"), f.RequiredText("statusCode"))),
        new("vedtak-vurdert", "Vedtak vurdert på nytt", "barnevernsloven § 6-2 (institusjonsopphold vurderes på nytt senest etter seks måneder)",
            [
                new("decisionId", "Vedtak", FieldKind.Entry, Entries: EntryKindChoice.Decision),
                new("reassessedOn", "Dato", FieldKind.Date),
            ],
            f => new ReassessDecision(f.Entry("decisionId"), f.Date("reassessedOn"))),
        new("vedtak-opphort", "Vedtak opphørt", "Barnevern_v4.xsd Vedtak/@SluttDato",
            [
                new("decisionId", "Vedtak", FieldKind.Entry, Entries: EntryKindChoice.Decision),
                new("endedOn", "Sluttdato", FieldKind.Date),
            ],
            f => new EndDecision(f.Entry("decisionId"), f.Date("endedOn"))),
        new("besoksfrekvens", "Krav til besøk per år", "fosterhjemsforskriften §§ 7 og 9",
            [
                new("measureId", "Tiltak", FieldKind.Entry, Entries: EntryKindChoice.OpenMeasure),
                new("kind", "Besøk", FieldKind.Choice, Choices: VisitKinds),
                new("from", "Gjelder fra", FieldKind.Date),
                new("visitsPerYear", "Besøk per år", FieldKind.Text, Hint: "4, eller 2 når forskriften tillater færre besøk."),
                new("childConsented", "Barnet har samtykket til færre tilsynsbesøk", FieldKind.Choice, Choices: Consent),
            ],
            f => new SetVisitFrequency(f.Entry("measureId"), f.Choice<VisitKind>("kind"), f.Date("from"), f.Number("visitsPerYear"),
                ChildConsented: f.YesNo("childConsented"))),
        new("avslutt-plan", "Plan avsluttet", "Barnevern_v4.xsd Plan/@SluttDato",
            [
                new("planId", "Plan", FieldKind.Entry, Entries: EntryKindChoice.Plan),
                new("endedOn", "Sluttdato", FieldKind.Date),
            ],
            f => new EndPlan(f.Entry("planId"), f.Date("endedOn"))),
        new("opphevelse-arsak", "Årsak til opphevelse (før tiltaket avsluttes)", "Barnevern_v4.xsd Tiltak/Opphevelse",
            [
                new("measureId", "Tiltak", FieldKind.Entry, Entries: EntryKindChoice.OpenMeasure),
                new("termination", "Årsak til opphevelse", FieldKind.Code, CodeList: CodeListPaths.Termination, Specification: true,
                    Hint: "For eksempel 1 når barnet skal tilbakeføres: da kan tilbudet om oppfølging gis før barnet flytter hjem."),
            ],
            f => new RecordTerminationReason(f.Entry("measureId"), new CodedValue(f.RequiredText("termination"), f.Text("termination.specification")))),
        new("tilbakeforing-oppfolging", "Tilbud om oppfølging etter tilbakeføring",
            "barnevernsloven fra 1.1.2026 (paragraf ikke verifisert): barn og foreldre tilbys oppfølging i inntil seks måneder etter at omsorgsovertakelsen er opphevet",
            [
                new("measureId", "Tiltaket barnet kom hjem fra", FieldKind.Entry, Entries: EntryKindChoice.ReturnedMeasure,
                    Hint: "Et omsorgstiltak avsluttet med årsak 1 (barnet tilbakeført til foreldre/familien)."),
                new("offeredOn", "Dato tilbudet ble gitt", FieldKind.Date, Hint: "Senest den dagen barnet flytter hjem; før hvis tilbakeføringen er planlagt."),
            ],
            f => new OfferReturnFollowUp(f.Entry("measureId"), f.Date("offeredOn"))),
        new("ettervern", "Tilbud om ettervern sendt", "barnevernsloven § 8-5; Barnevern_v4.xsd Ettervern",
            [new("offerSentOn", "Dato tilbudet ble sendt", FieldKind.Date)],
            f => new OfferAftercare(f.Date("offerSentOn"))),
        new("ettervern-svar", "Svar på tilbud om ettervern", "Barnevern_v4.xsd Ettervern/Konklusjon",
            [
                new("aftercareId", "Tilbud om ettervern", FieldKind.Entry, Entries: EntryKindChoice.OpenAftercare),
                new("concludedOn", "Dato", FieldKind.Date),
                new("code", "Svar", FieldKind.Code, CodeList: CodeListPaths.AftercareConclusion),
            ],
            f => new ConcludeAftercare(f.Entry("aftercareId"), f.Date("concludedOn"), f.RequiredText("code"))),
        new("nemnd", "Begjæring oversendt barneverns- og helsenemnda", "Barnevern_v4.xsd OversendelseFylkesnemnd; Lovhjemmel",
            [
                new("sentOn", "Dato oversendt", FieldKind.Date),
                .. BasisFields("legalBasis"),
            ],
            f => new SendToCountyBoard(f.Date("sentOn"), f.Basis("legalBasis"))),
        new("flytting", "Barnet flyttet", "Barnevern_v4.xsd Flytting",
            [
                new("movedOn", "Dato", FieldKind.Date),
                new("reasonFrom", "Årsak til flyttingen", FieldKind.Code, CodeList: CodeListPaths.MoveReasonFrom, Specification: true),
                new("movedTo", "Flyttet til", FieldKind.Code, CodeList: CodeListPaths.MovedTo),
            ],
            f => new RecordMove(f.Date("movedOn"), f.Coded("reasonFrom"), new CodedValue(f.RequiredText("movedTo")))),
        new("trekk-tilbake", "Registrering trukket tilbake", "Barnevern_v4.xsd Slettet (registrert ved en feil)",
            [
                new("entryId", "Registrering", FieldKind.Entry, Entries: EntryKindChoice.Any),
                new("retractedOn", "Dato", FieldKind.Date),
                new("reason", "Begrunnelse", FieldKind.Text, Hint: "Hvorfor registreringen var feil. Historikken beholder den."),
            ],
            f => new RetractEntry(f.Entry("entryId"), f.Date("retractedOn"), f.RequiredText("reason"))) { When = CaseCondition.Both },
        new("fordel", "Saksbehandler fordelt", "Vern: fordeling av saker (leder)",
            [
                new("caseworkerId", "Saksbehandler (brukernavn)", FieldKind.Text),
                new("assignedOn", "Dato", FieldKind.Date),
            ],
            f => new AssignCaseworker(f.RequiredText("caseworkerId"), f.Date("assignedOn"))) { LeaderOnly = true },
        new("avslutt-sak", "Sak avsluttet", "Barnevern_v4.xsd Sak/@SluttDato",
            [new("closedOn", "Sluttdato", FieldKind.Date)],
            f => new CloseCase(f.Date("closedOn"))),
        new("gjenapne", "Sak gjenåpnet", "Barnevern_v4.xsd Sak/@SluttDato (fjernes)",
            [new("reopenedOn", "Dato", FieldKind.Date)],
            f => new ReopenCase(f.Date("reopenedOn"))) { When = CaseCondition.Closed },
    ];

    public static StepForm? Find(string slug) => All.FirstOrDefault(s => s.Slug == slug);

    /// <summary>The steps in the order a case moves (report, investigation, decisions, measures, plans, the case itself), so the
    /// case page shows six headed groups instead of one wall of 26 buttons. Every step is in exactly one group (a test checks).</summary>
    public static readonly IReadOnlyList<StepGroup> Groups =
    [
        new("melding", "Bekymringsmelding", ["melding", "konkluder-melding", "tilbakemelding"]),
        new("undersokelse", "Undersøkelse", ["undersokelse", "utvidet-frist", "utvidet-frist-avgjort", "konkluder-undersokelse"]),
        new("vedtak", "Vedtak og nemnd", ["vedtak", "vedtak-status", "vedtak-vurdert", "vedtak-opphort", "nemnd"]),
        new("tiltak", "Tiltak og oppfølging", ["tiltak", "besok", "besoksfrekvens", "flytting", "avslutt-tiltak", "opphevelse-arsak", "tilbakeforing-oppfolging", "ettervern", "ettervern-svar"]),
        new("plan", "Planer", ["plan", "evaluer-plan", "avslutt-plan"]),
        new("saken", "Saken: fordeling, avslutning, rettinger", ["fordel", "avslutt-sak", "gjenapne", "trekk-tilbake"]),
    ];

    /// <summary>The groups with the steps of <paramref name="offered"/> in them, in the group's order; empty groups left out.</summary>
    public static IReadOnlyList<(StepGroup Group, IReadOnlyList<StepForm> Steps)> Grouped(IReadOnlyList<StepForm> offered) =>
        [.. Groups.Select(g => (g, (IReadOnlyList<StepForm>)[.. g.Slugs.Select(slug => offered.FirstOrDefault(s => s.Slug == slug)).OfType<StepForm>()]))
            .Where(x => x.Item2.Count > 0)];

    /// <summary>The rule's message with the step's field names replaced by their labels (<see cref="FieldText.Plain"/>).</summary>
    public static string Message(StepForm step, ValidationIssue issue) =>
        FieldText.Plain(issue.Message, step.Fields.Select(f => (f.Name, f.Label)));

    /// <summary>The field a domain issue belongs to: its path, or the first field whose name starts it (legalBasis →
    /// legalBasis.act); null for an issue about the case as a whole.</summary>
    public static FormField? FieldOf(StepForm step, ValidationIssue issue) =>
        step.Fields.FirstOrDefault(f => f.Name == issue.Path)
        ?? step.Fields.FirstOrDefault(f => f.Name.StartsWith(issue.Path + ".", StringComparison.Ordinal))
        ?? step.Fields.FirstOrDefault(f => issue.Path.StartsWith(f.Name + " ", StringComparison.Ordinal) || issue.Path.StartsWith(f.Name + "[", StringComparison.Ordinal)
            || issue.Path.StartsWith(f.Name + ".", StringComparison.Ordinal));
}
