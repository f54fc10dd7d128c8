using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Vern.Domain.Validation;

/// <summary>Vern's own command rules: each code with its bokmål message template (named placeholders
/// in braces) and its source. Logic refers to a rule by code; it never writes user-facing text itself.</summary>
public static partial class RuleMessages
{
    /// <summary>A rule's text and where it comes from.</summary>
    public sealed record Rule(string Template, string Source);

    /// <summary>The catalogue, keyed by rule code.</summary>
    public static readonly FrozenDictionary<string, Rule> Rules = new Dictionary<string, Rule>
    {
        [RuleCodes.IdentifierInvalid] = new("{field}: fødselsnummer/D-nummer {value} er ugyldig – {reason}.",
            "Skatteetaten, fødselsnummer: kontrollsifre etter modulus 11; Kravspesifikasjon Personalia kontroll 12"),
        [RuleCodes.IdentifierSexMismatch] = new("{field}: fødselsnummeret viser kjønn {encoded}, men kjønn er oppgitt som {given}.",
            "Kravspesifikasjon Personalia Kontroll 14"),
        [RuleCodes.DufInvalid] = new("{field}: DUF-nummer {value} er ugyldig – 12 siffer der de to siste er kontrollsifre (modulus 11).",
            "UDI DUF-nummer; Kravspesifikasjon Personalia Kontroll 17"),
        [RuleCodes.MunicipalityInvalid] = new("{field}: kommunenummer {value} må være 4 siffer.", "Barnevern_v4.xsd Avgiver/@Kommunenummer"),
        [RuleCodes.BydelInvalid] = new("{field}: bydelsnummer {value} må være 2 siffer.", "Barnevern_v4.xsd Avgiver/@Bydelsnummer (2-sifret bydelsnummer, benyttes kun for kommuner med bydeler)"),
        [RuleCodes.Required] = new("{field} må fylles ut.", "Barnevern_v4.xsd"),
        [RuleCodes.TooLong] = new("{field} kan ha høyst {max} tegn.", "Barnevern_v4.xsd"),
        [RuleCodes.EndBeforeStart] = new("{field} ({end}) er før {startField} ({start}); en periode kan ikke slutte før den starter.",
            "Kravspesifikasjon kontroll 2a (StartDato er etter SluttDato)"),
        [RuleCodes.ConcludedBeforeOpened] = new("{field} ({end}): undersøkelsen kan ikke konkluderes før den ble åpnet ({start}).",
            "Kravspesifikasjon Undersøkelse Kontroll 2a; barnevernsloven § 2-2"),
        [RuleCodes.BeforeCaseStart] = new("{field} ({date}) er før sakens startdato ({caseStart}).",
            "Kravspesifikasjon kontroll 2e (StartDato er før sakens StartDato)"),
        [RuleCodes.FutureDate] = new("{field} ({date}) er etter dagens dato ({today}); registrer ikke hendelser som ikke har skjedd.",
            "Vern: juridiske datoer kan ikke ligge fram i tid"),
        [RuleCodes.CodeUnknown] = new("{field}: koden {code} finnes ikke i kodelisten {list}.", "SSB Kodelister.md"),
        [RuleCodes.CodeNotValidOnDate] = new("{field}: koden {code} i kodelisten {list} gjelder ikke {date} (gyldig {from}–{to}).",
            "SSB Kodelister.md (Gyldig fra / Gyldig til)"),
        [RuleCodes.SpecificationRequired] = new("{field}: koden {code} krever presisering.",
            "Kravspesifikasjon Melder Kontroll 2, Saksinnhold Kontroll 2, Tiltak Kontroll 7 og 8"),
        [RuleCodes.CodesRequired] = new("{field}: minst én kode må oppgis.", "Kravspesifikasjon Melding Kontroll 4 og 5, Undersøkelse Kontroll 7"),
        [RuleCodes.ActUnknown] = new("{field}: loven {act} finnes ikke (gyldige: BVL, BVL2021, BL1981).", "Barnevern_v4.xsd LovhjemmelType/Lov"),
        [RuleCodes.ActNotInForce] = new("{field}: {act} gjaldt ikke {date}; for denne datoen gjelder {expected}.",
            "Kravspesifikasjon Vedtak Kontroll 4 og 5; barnevernsloven (2021) § 16-1"),
        [RuleCodes.LegalBasisFormat] = new("{field}: {part} «{value}» har feil format.", "Barnevern_v4.xsd LovhjemmelType"),
        [RuleCodes.VisitFrequencyInvalid] = new("{field}: {value} besøk per år er ikke tillatt (4 er standard, 2 redusert).",
            "Barnevern_v4.xsd Tilsyn/Hyppighet og Oppfolging/Hyppighet; fosterhjemsforskriften §§ 7 og 9"),
        [RuleCodes.FeedbackBeforeInvestigationConcluded] = new("{field}: tilbakemelding etter undersøkelsen kan ikke registreres før en undersøkelse av meldingen {id} er konkludert.",
            "barnevernloven (1992) § 6-7 a; barnevernsloven (2021), se docs/deadlines.md"),
        [RuleCodes.CaseUnknown] = new("Saken {caseId} finnes ikke.", "Vern"),
        [RuleCodes.CaseExists] = new("Saken {caseId} finnes allerede.", "Vern"),
        [RuleCodes.CaseClosed] = new("Saken ble avsluttet {date}; gjenåpne den før nye registreringer.", "Vern"),
        [RuleCodes.CaseNotClosed] = new("Saken er ikke avsluttet og kan ikke gjenåpnes.", "Vern"),
        [RuleCodes.EntryUnknown] = new("{field}: {kind} {id} finnes ikke i saken.", "Vern"),
        [RuleCodes.DeletedTypeInvalid] = new("{field}: «{value}» er ikke en av registerets elementtyper (Personalia, Melding, Undersokelse, Plan, Tiltak, Vedtak, Ettervern, OversendelseFylkesnemnd, Flytting, Relasjon).", "Barnevern_v4.xsd BegrepsType"),
        [RuleCodes.DeletionFlagPartInvalid] = new("{field}: ErSlettet kan bare settes på saken, et element eller en meldings Konklusjon (fikk «{value}»).", "Barnevern_v4.xsd ErSlettet"),
        [RuleCodes.EntryIdTaken] = new("{field}: id {id} er allerede brukt i saken.", "Barnevern_v4.xsd (unike Id per sak)"),
        [RuleCodes.AlreadyConcluded] = new("{kind} {id} er allerede avsluttet {date}; en ny registrering må rette den opprinnelige.", "Vern"),
        [RuleCodes.MeasureNeedsDecision] = new("{field}: et tiltak må ha et vedtak i saken – {id} finnes ikke.",
            "Kravspesifikasjon: tiltak relateres til vedtak (Relasjon)"),
        [RuleCodes.MeasureBeforeDecision] = new("{field} ({date}) er før vedtaket ble fattet ({decided}).", "Vern: tiltak iverksettes etter vedtak"),
        [RuleCodes.ReportDismissed] = new("{field}: meldingen {id} ble henlagt (kode {code}); en undersøkelse kan ikke åpnes fra den.",
            "Barnevern_v4.xsd Melding/Konklusjon kode 2; barnevernsloven § 2-2"),
        [RuleCodes.ReportHasInvestigation] = new("{field}: meldingen {id} har allerede undersøkelsen {other}.", "Kravspesifikasjon Undersøkelse Kontroll 20"),
        [RuleCodes.ExtensionNotRequested] = new("Undersøkelsen {id} har ingen søknad om utvidet frist å avgjøre.", "barnevernsloven § 2-2"),
        [RuleCodes.TerminationRequired] = new("{field}: tiltaket {id} er en omsorgsovertakelse ({basis}) og et plasseringstiltak (kategori {category}); oppgi årsak til opphevelse når det avsluttes.",
            "Kravspesifikasjon Tiltak Kontroll 12: Omsorgstiltak med sluttdato krever årsak til opphevelse"),
        [RuleCodes.ReturnFollowUpNotCareOrder] = new("{field}: tiltaket {id} ({basis}, kategori {category}) er ikke en omsorgsovertakelse i et plasseringstiltak; oppfølging etter tilbakeføring tilbys når et vedtak om omsorgsovertakelse er opphevet.",
            "regjeringen.no «Endringer i lover og regler fra 1.1.2026» (kvalitetsløftet): oppfølging i inntil seks måneder etter at et vedtak om omsorgsovertakelse er opphevet; Kravspesifikasjon, Definisjoner"),
        [RuleCodes.ReturnFollowUpNotReturned] = new("{field}: tiltaket {id} har årsak til opphevelse {code}, ikke 1 (barnet tilbakeført til foreldre/familien); oppfølging etter tilbakeføring gjelder bare en tilbakeføring.",
            "SSB Kodelister Tiltak/Opphevelse kode 1; regjeringen.no «Endringer i lover og regler fra 1.1.2026» (kvalitetsløftet)"),
        [RuleCodes.MeasureBasisDiffers] = new("{field}: tiltakets lovhjemmel {basis} er ikke vedtakets ({decisionBasis}, vedtak {decision}); lov, kapittel og paragraf må være like.",
            "Kravspesifikasjon Tiltak Kontroll 21: Tiltak sin Lovhjemmel skal baseres på det relaterte Vedtak sin Lovhjemmel"),
        [RuleCodes.DueDateAfterBirth] = new("{field}: et nummer for ufødt barn (termindato + 99999) kan ikke gjelde fra {from}, etter termindatoen {due}; oppgi barnets fødselsnummer eller fødselsdato.",
            "Kravspesifikasjon Personalia Kontroll 15: Feil i Fødselsnummer for født barn"),
        [RuleCodes.InvestigationBeforeReport] = new("{field} ({date}) er før meldingen ble mottatt ({received}).", "barnevernsloven § 2-2"),
        [RuleCodes.OpenedBeforeBirth] = new("{field} ({date}) er mer enn 9 måneder før barnets fødselsdato ({birth}).",
            "Kravspesifikasjon Personalia Kontroll 16 (startdato mer enn 9 måneder før fødselsdato)"),
        [RuleCodes.OpenedAfterAge25] = new("{field} ({date}): barnet fylte 25 år {turned25}; en barnevernssak kan ikke åpnes for en voksen.",
            "Kravspesifikasjon Sak Kontroll 7 (klienten er over 25 år og skal avsluttes)"),
        [RuleCodes.BeforeEarliestAct] = new("{field} ({date}) er før {act} trådte i kraft ({from}); Vern kjenner ingen eldre barnevernslov.",
            "Barnevern_v4.xsd LovhjemmelType/Lov (BVL gjelder fra 1993-01-01)"),
        [RuleCodes.ControlCharacter] = new("{field} inneholder et usynlig kontrolltegn (U+{codepoint}); skriv bare vanlig tekst.",
            "Vern: tekst uten kontroll- og formattegn (Unicode Cc/Cf; XML 1.0 § 2.2 tillater ikke NUL)"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();

    /// <summary>Fills a rule's template. Every placeholder must have a value.</summary>
    public static string Format(string code, IReadOnlyDictionary<string, object?> values)
    {
        var rule = Rules[code];
        return Placeholder().Replace(rule.Template, m =>
            values.TryGetValue(m.Groups[1].Value, out var v)
                ? Convert.ToString(v is DateOnly d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : v, CultureInfo.InvariantCulture) ?? ""
                : throw new KeyNotFoundException($"Rule {code}: no value for {{{m.Groups[1].Value}}}."));
    }

    /// <summary>Makes an ERROR issue for a rule.</summary>
    public static ValidationIssue Issue(string code, string field, params (string Name, object? Value)[] values)
    {
        var dict = values.ToDictionary(v => v.Name, v => v.Value);
        dict.TryAdd("field", field);
        return new ValidationIssue(code, Severity.Error, field, Format(code, dict), Rules[code].Source);
    }
}

/// <summary>Codes of Vern's command rules; see <see cref="RuleMessages.Rules"/> for texts and sources.</summary>
public static class RuleCodes
{
    /// <summary>Fødselsnummer/D-nummer fails format, date or mod-11.</summary>
    public const string IdentifierInvalid = "vern.identifier.invalid";
    /// <summary>The number's sex digit disagrees with the given sex.</summary>
    public const string IdentifierSexMismatch = "vern.identifier.sex-mismatch";
    /// <summary>DUF-nummer not 12 digits or with wrong control digits.</summary>
    public const string DufInvalid = "vern.duf.invalid";
    /// <summary>Kommunenummer not 4 digits.</summary>
    public const string MunicipalityInvalid = "vern.municipality.invalid";
    /// <summary>Bydelsnummer not 2 digits, or a bydel name without its number.</summary>
    public const string BydelInvalid = "vern.bydel.invalid";
    /// <summary>A required field is empty.</summary>
    public const string Required = "vern.required";
    /// <summary>A text is longer than the register allows.</summary>
    public const string TooLong = "vern.too-long";
    /// <summary>An end date is before its start date.</summary>
    public const string EndBeforeStart = "vern.period.end-before-start";
    /// <summary>An investigation concluded before it was opened.</summary>
    public const string ConcludedBeforeOpened = "vern.investigation.concluded-before-opened";
    /// <summary>An entry dated before the case's start date.</summary>
    public const string BeforeCaseStart = "vern.date.before-case-start";
    /// <summary>A legal date after today.</summary>
    public const string FutureDate = "vern.date.future";
    /// <summary>A code not in its code list.</summary>
    public const string CodeUnknown = "vern.code.unknown";
    /// <summary>A code not valid on the fact's date.</summary>
    public const string CodeNotValidOnDate = "vern.code.not-valid-on-date";
    /// <summary>A code that requires a Presisering, given without one.</summary>
    public const string SpecificationRequired = "vern.code.specification-required";
    /// <summary>A list of codes that must not be empty.</summary>
    public const string CodesRequired = "vern.code.required";
    /// <summary>Lov not in the register's list.</summary>
    public const string ActUnknown = "vern.legal-basis.act-unknown";
    /// <summary>Lov not in force on the decision's date.</summary>
    public const string ActNotInForce = "vern.legal-basis.act-not-in-force";
    /// <summary>Kapittel/Paragraf/Ledd in the wrong format.</summary>
    public const string LegalBasisFormat = "vern.legal-basis.format";
    /// <summary>Visits per year other than 2 or 4.</summary>
    public const string VisitFrequencyInvalid = "vern.visits.frequency-invalid";
    /// <summary>Feedback after the investigation recorded before any investigation of the report was concluded.</summary>
    public const string FeedbackBeforeInvestigationConcluded = "vern.feedback.before-investigation-concluded";
    /// <summary>No case with that id.</summary>
    public const string CaseUnknown = "vern.case.unknown";
    /// <summary>A case with that id exists already.</summary>
    public const string CaseExists = "vern.case.exists";
    /// <summary>The case is closed.</summary>
    public const string CaseClosed = "vern.case.closed";
    /// <summary>The case is not closed.</summary>
    public const string CaseNotClosed = "vern.case.not-closed";
    /// <summary>A referenced entry does not exist in the case.</summary>
    public const string EntryUnknown = "vern.entry.unknown";
    /// <summary>A new entry's id is already used in the case.</summary>
    public const string EntryIdTaken = "vern.entry.id-taken";
    /// <summary>A Slettet element whose Type is not a register BegrepsType.</summary>
    public const string DeletedTypeInvalid = "vern.deleted.type-invalid";
    /// <summary>An ErSlettet marker on a part of an element other than a report's conclusion.</summary>
    public const string DeletionFlagPartInvalid = "vern.deletion-flag.part-invalid";
    /// <summary>The entry is already concluded.</summary>
    public const string AlreadyConcluded = "vern.entry.already-concluded";
    /// <summary>A measure without a decision.</summary>
    public const string MeasureNeedsDecision = "vern.measure.decision-required";
    /// <summary>A measure starting before its decision.</summary>
    public const string MeasureBeforeDecision = "vern.measure.before-decision";
    /// <summary>An investigation from a dismissed report.</summary>
    public const string ReportDismissed = "vern.investigation.report-dismissed";
    /// <summary>A report that already has an investigation.</summary>
    public const string ReportHasInvestigation = "vern.investigation.report-has-investigation";
    /// <summary>Deciding an extension that was never requested.</summary>
    public const string ExtensionNotRequested = "vern.investigation.extension-not-requested";
    /// <summary>An investigation opened before its report was received.</summary>
    public const string InvestigationBeforeReport = "vern.investigation.before-report";
    /// <summary>A care placement ended without a reason for termination (Tiltak Kontroll 12).</summary>
    public const string TerminationRequired = "vern.measure.termination-required";
    /// <summary>Follow-up after a return offered for a measure that is not a care order's placement.</summary>
    public const string ReturnFollowUpNotCareOrder = "vern.return-follow-up.not-care-order";
    /// <summary>Follow-up after a return offered for a care placement that did not end (and is not to end) with Opphevelse 1.</summary>
    public const string ReturnFollowUpNotReturned = "vern.return-follow-up.not-returned";
    /// <summary>A measure's Lov, Kapittel or Paragraf differs from its decision's (Tiltak Kontroll 21).</summary>
    public const string MeasureBasisDiffers = "vern.measure.basis-differs-from-decision";
    /// <summary>A due-date identifier (…99999) on personalia from after the due date (Personalia Kontroll 15).</summary>
    public const string DueDateAfterBirth = "vern.identifier.due-date-after-birth";
    /// <summary>A case or personalia starting more than 9 months before the child's birth.</summary>
    public const string OpenedBeforeBirth = "vern.case.opened-before-birth";
    /// <summary>A case opened on or after the child's 25th birthday.</summary>
    public const string OpenedAfterAge25 = "vern.case.opened-after-age-25";
    /// <summary>A case opened before the earliest child welfare Act Vern knows.</summary>
    public const string BeforeEarliestAct = "vern.case.before-earliest-act";
    /// <summary>A text with a control or invisible format character (NUL, ESC, bidirectional override …).</summary>
    public const string ControlCharacter = "vern.text.control-character";
}
