using System.Collections.Frozen;
using Vern.Domain.Validation;

namespace Vern.Domain.Documentation;

/// <summary>The rules of the case documentation (saksdokumentasjon): each code with its bokmål message template and its
/// source, in the same shape as <see cref="RuleMessages"/> (kept in their own catalogue so the documentation area stands
/// on its own). Logic refers to a rule by code; it never writes user-facing text itself.</summary>
public static class DocumentationRules
{
    /// <summary>The catalogue, keyed by rule code.</summary>
    public static readonly FrozenDictionary<string, RuleMessages.Rule> Rules = new Dictionary<string, RuleMessages.Rule>
    {
        [DocumentationCodes.NoteFinalised] = new("Journalnotatet {id} ble ferdigstilt {date} og kan ikke endres; skriv et tillegg eller en rettet versjon (alle versjoner beholdes).",
            "forvaltningsloven § 11 d (opplysninger skal nedtegnes); Vern: et ferdigstilt notat er dokumentasjon som ikke endres, bare versjoneres (docs/documentation.md)"),
        [DocumentationCodes.NoteNotFinalised] = new("Journalnotatet {id} er et utkast; et tillegg eller en rettet versjon kan bare skrives til et ferdigstilt notat – endre utkastet i stedet.",
            "Vern: docs/documentation.md (utkast, ferdigstilt, tillegg, rettet versjon)"),
        [DocumentationCodes.NoteUnknown] = new("Journalnotatet {id} finnes ikke.", "Vern"),
        [DocumentationCodes.NoteTypeUnknown] = new("{field}: notattypen «{value}» finnes ikke (gyldige: {valid}).", "Vern: NoteTypes (notattyper som data)"),
        [DocumentationCodes.TextRequired] = new("{field} må fylles ut.", "{source}"),
        [DocumentationCodes.TextTooLong] = new("{field} kan ha høyst {max} tegn.", "Vern: docs/documentation.md (grenser)"),
        [DocumentationCodes.ControlCharacter] = new("{field} inneholder et usynlig kontrolltegn (U+{codepoint}); skriv bare vanlig tekst med avsnitt.",
            "Vern: tekst uten kontroll- og formattegn (Unicode Cc/Cf unntatt linjeskift og tabulator)"),
        [DocumentationCodes.FutureDate] = new("{field} ({date}) er etter dagens dato ({today}); dokumenter ikke det som ikke har skjedd.", "Vern: datoer i dokumentasjonen kan ikke ligge fram i tid"),
        [DocumentationCodes.BeforeCaseStart] = new("{field} ({date}) er før sakens startdato ({caseStart}).", "Vern: dokumentasjon hører til saken fra den ble åpnet"),
        [DocumentationCodes.EntryUnknown] = new("{field}: {kind} {id} finnes ikke i saken.", "Vern"),
        [DocumentationCodes.ParticipationViewsRequired] = new("{field} må fylles ut når barnet er hørt: hvem snakket med barnet, hvor, barnets synspunkter med barnets egne ord, og hvilken vekt de fikk.",
            "barnevernsloven § 1-4 (barnets rett til medvirkning; synspunktene vektlegges etter alder og modenhet); Riksrevisjonen Dokument 3:5 (2022–2023): medvirkning skal dokumenteres"),
        [DocumentationCodes.ParticipationReasonRequired] = new("{field}: når barnet ikke er hørt, oppgi hvorfor (alder, modenhet, barnet ønsket ikke, annet) og forklar.",
            "barnevernsloven § 1-4; forvaltningsloven § 11 d (opplysninger av betydning skal nedtegnes)"),
        [DocumentationCodes.WithholdingNoViews] = new("{field}: medvirkningen {id} har ingen synspunkter fra barnet å holde tilbake (barnet ble ikke hørt).", "Vern"),
        [DocumentationCodes.WithholdingPassageNotFound] = new("{field}: teksten som skal holdes tilbake, finnes ikke ordrett i barnets synspunkter; lim inn nøyaktig den delen, eller la feltet stå tomt for å holde tilbake alt.", "Vern"),
        [DocumentationCodes.WithholdingGroundUnknown] = new("{field}: grunnlaget «{value}» finnes ikke (gyldige: {valid}).",
            "barnevernsloven § 12-6 andre ledd; forvaltningsloven § 19 første ledd bokstav d"),
        [DocumentationCodes.WithholdingPartyUnknown] = new("{field}: personen {value} finnes ikke i saken; tilbakehold gjelder en navngitt part.", "forvaltningsloven § 18 (partens innsynsrett)"),
        [DocumentationCodes.AlternativesRequired] = new("{field}: oppgi minst ett alternativ som ble vurdert, og hvorfor det ble forkastet.",
            "barnevernsloven § 1-3 (barnets beste); det mildeste inngreps prinsipp; Riksrevisjonen Dokument 3:5 (2022–2023): vurderingene skal dokumenteres"),
        [DocumentationCodes.AlternativeReasonRequired] = new("{field}: alternativet «{alternative}» mangler begrunnelse for hvorfor det ble forkastet.",
            "barnevernsloven § 1-3; forvaltningsloven § 25 tredje ledd (hovedhensyn)"),
        [DocumentationCodes.DecisionReasonsEmpty] = new("Vedtaket kan ikke ferdigstilles: {fields} er tom(me). Et enkeltvedtak skal begrunnes med reglene, de faktiske forholdene og hovedhensynene.",
            "forvaltningsloven § 24 første ledd (begrunnelse samtidig med vedtaket) og § 25 (begrunnelsens innhold)"),
        [DocumentationCodes.DecisionDocumentFinalised] = new("Vedtaksdokumentet {id} ble ferdigstilt {date} og kan ikke endres; et nytt vedtak må fattes.",
            "forvaltningsloven § 35 (omgjøring skjer ved nytt vedtak); Vern: docs/documentation.md"),
        [DocumentationCodes.DecisionDocumentUnknown] = new("Vedtaksdokumentet {id} finnes ikke.", "Vern"),
        [DocumentationCodes.DecisionDocumentExists] = new("Vedtaket {id} har allerede et vedtaksdokument ({document}); endre utkastet.", "Vern"),
        [DocumentationCodes.TemplateUnknown] = new("{field}: malen «{value}» finnes ikke (gyldige: {valid}).", "Vern: DecisionTemplates (maler som data)"),
        [DocumentationCodes.ParticipationMissing] = new("Vedtaket {date}: barnet var {age} år, og barnets medvirkning er ikke dokumentert (verken samtale eller hvorfor barnet ikke ble hørt).",
            "barnevernsloven § 1-4; barnevernloven (1992) § 6-3 første ledd (barn fra 7 år skulle gis anledning til å uttale seg før avgjørelse); Riksrevisjonen Dokument 3:5 (2022–2023)"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Makes an ERROR issue for a rule.</summary>
    public static ValidationIssue Issue(string code, string field, params (string Name, object? Value)[] values) =>
        Issue(code, Severity.Error, field, values);

    /// <summary>Makes an issue of the given severity for a rule.</summary>
    public static ValidationIssue Issue(string code, Severity severity, string field, params (string Name, object? Value)[] values)
    {
        var dict = values.ToDictionary(v => v.Name, v => v.Value);
        dict.TryAdd("field", field);
        var rule = Rules[code];
        var source = rule.Source.Contains("{source}", StringComparison.Ordinal) && dict.TryGetValue("source", out var s) ? Convert.ToString(s, System.Globalization.CultureInfo.InvariantCulture)! : rule.Source;
        return new ValidationIssue(code, severity, field, Fill(rule.Template, dict), source);
    }

    private static string Fill(string template, Dictionary<string, object?> values) =>
        System.Text.RegularExpressions.Regex.Replace(template, @"\{(\w+)\}", m =>
            values.TryGetValue(m.Groups[1].Value, out var v)
                ? Convert.ToString(v is DateOnly d ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : v, System.Globalization.CultureInfo.InvariantCulture) ?? ""
                : throw new KeyNotFoundException($"Rule: no value for {{{m.Groups[1].Value}}}."));

    /// <summary>Throws <see cref="DomainRuleException"/> when any issue is an error.</summary>
    public static void ThrowIfAny(IReadOnlyList<ValidationIssue> issues)
    {
        if (issues.Any(i => i.Severity >= Severity.Error))
            throw new DomainRuleException(issues);
    }
}

/// <summary>Codes of the documentation rules; see <see cref="DocumentationRules.Rules"/> for texts and sources.</summary>
public static class DocumentationCodes
{
    public const string NoteFinalised = "vern.note.finalised";
    public const string NoteNotFinalised = "vern.note.not-finalised";
    public const string NoteUnknown = "vern.note.unknown";
    public const string NoteTypeUnknown = "vern.note.type-unknown";
    public const string TextRequired = "vern.documentation.required";
    public const string TextTooLong = "vern.documentation.too-long";
    public const string ControlCharacter = "vern.documentation.control-character";
    public const string FutureDate = "vern.documentation.future-date";
    public const string BeforeCaseStart = "vern.documentation.before-case-start";
    public const string EntryUnknown = "vern.documentation.entry-unknown";
    public const string ParticipationViewsRequired = "vern.participation.views-required";
    public const string ParticipationReasonRequired = "vern.participation.reason-required";
    public const string WithholdingNoViews = "vern.withholding.no-views";
    public const string WithholdingPassageNotFound = "vern.withholding.passage-not-found";
    public const string WithholdingGroundUnknown = "vern.withholding.ground-unknown";
    public const string WithholdingPartyUnknown = "vern.withholding.party-unknown";
    public const string AlternativesRequired = "vern.assessment.alternatives-required";
    public const string AlternativeReasonRequired = "vern.assessment.alternative-reason-required";
    public const string DecisionReasonsEmpty = "vern.decision.reasons-empty";
    public const string DecisionDocumentFinalised = "vern.decision.document-finalised";
    public const string DecisionDocumentUnknown = "vern.decision.document-unknown";
    public const string DecisionDocumentExists = "vern.decision.document-exists";
    public const string TemplateUnknown = "vern.decision.template-unknown";
    public const string ParticipationMissing = "vern.participation.missing";
}
