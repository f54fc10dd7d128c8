using System.Globalization;
using System.Text;
using Vern.Domain.Validation;

namespace Vern.Register.Mapping;

/// <summary>Codes of Vern's own findings when moving a case between Vern and the register file (export
/// mapping and import), each with its severity, bokmål template (named placeholders in braces) and source.
/// The only place with user-facing text for export and import.</summary>
public static class MappingCodes
{
    /// <summary>A Tilsyn (supervision) schedule lacks Ansvarlig or Hyppighet, which the XSD requires; it was left out.</summary>
    public const string SupervisionIncomplete = "vern.eksport.tilsyn-ufullstendig";

    /// <summary>An Oppfolging (follow-up) schedule lacks Hyppighet, which the XSD requires; it was left out.</summary>
    public const string FollowUpIncomplete = "vern.eksport.oppfolging-ufullstendig";

    /// <summary>The file holds data Vern's case model cannot keep (MigrertId, BarnetsMedvirkning, Krav …); it was not imported.</summary>
    public const string NotImported = "vern.import.ikke-importert";

    /// <summary>An element refers (by Relasjon) to something the import needs but the file lacks.</summary>
    public const string RelationMissing = "vern.import.relasjon-mangler";

    /// <summary>The domain refused a fact from the file; nothing of the case was stored.</summary>
    public const string Refused = "vern.import.avvist";

    /// <summary>A value in the file cannot be read as Vern needs it (e.g. Hyppighet code, Kjonn).</summary>
    public const string ValueInvalid = "vern.import.ugyldig-verdi";

    /// <summary>The file failed reading or the schema check; it was not imported.</summary>
    public const string FileRejected = "vern.import.fil-avvist";

    /// <summary>A value was adjusted to fit Vern's model (e.g. the first Vedtak/Status date is the decision date).</summary>
    public const string Normalised = "vern.import.tilpasset";

    private sealed record Rule(Severity Severity, string Template, string Source);

    private static readonly Dictionary<string, Rule> Rules = new(StringComparer.Ordinal)
    {
        [SupervisionIncomplete] = new(Severity.Error,
            "Tilsynet mangler ansvarlig kommune eller hyppighet (ansvarlig: {ansvarlig}, hyppighet: {hyppighet}); tilsynet med {utfort} utførte besøk kan ikke rapporteres før dette er registrert.",
            "Barnevern_v4.xsd TilsynType (Ansvarlig og Hyppighet er påkrevd)"),
        [FollowUpIncomplete] = new(Severity.Error,
            "Oppfølgingen mangler hyppighet; oppfølgingen med {utfort} utførte besøk kan ikke rapporteres før hyppighet er registrert.",
            "Barnevern_v4.xsd OppfolgingType (Hyppighet er påkrevd)"),
        [NotImported] = new(Severity.Warning,
            "{element} finnes i filen, men Vern har ikke plass til det; det ble ikke importert.",
            "Vern: register-import"),
        [RelationMissing] = new(Severity.Error,
            "{element} mangler relasjon fra {fraType} (Relasjon med {fraType} i FraType og denne Id i TilId).",
            "Kravspesifikasjon: Relasjon; {kontroll}"),
        [Refused] = new(Severity.Error,
            "{element}: {melding}",
            "{kilde}"),
        [ValueInvalid] = new(Severity.Error,
            "{element}: verdien {verdi} kan ikke leses ({grunn}).",
            "Barnevern_v4.xsd"),
        [FileRejected] = new(Severity.Error,
            "Filen ble ikke importert fordi den ikke kunne leses eller bryter filbeskrivelsen: {melding}",
            "Kravspesifikasjon: Validéring av innhold mot filbeskrivelse"),
        [Normalised] = new(Severity.Info,
            "{element}: {hva}",
            "Vern: register-import"),
    };

    /// <summary>Builds the issue for <paramref name="code"/> with its template filled in.</summary>
    public static ValidationIssue Issue(string code, string path, params (string Name, object? Value)[] values)
    {
        var rule = Rules[code];
        return new ValidationIssue(code, rule.Severity, path, Fill(rule.Template, values), Fill(rule.Source, values));
    }

    private static string Fill(string template, (string Name, object? Value)[] values)
    {
        var sb = new StringBuilder(template);
        foreach (var (name, value) in values)
        {
            var text = value switch
            {
                null => "",
                DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? "",
            };
            sb.Replace("{" + name + "}", text);
        }
        return sb.ToString();
    }
}
