using System.Globalization;
using System.Text;
using Vern.Domain.Validation;

namespace Vern.Register.Controls;

/// <summary>One SSB control (kontroll) as data: its name in Kravspesifikasjon.md, severity, message template
/// (bokmål, SSB's text, named placeholders in braces) and the date it applies from (Gyldig fra).</summary>
/// <param name="Code">The control's own name in the spec, e.g. "Melding Kontroll 3".</param>
/// <param name="Severity">Alvorlighetsgrad as the spec says (before the migration rule).</param>
/// <param name="ValidFrom">Gyldig fra; the control is not run for a reporting date before it.</param>
/// <param name="Retired">True for UTGÅR controls: listed, never run.</param>
public sealed record ControlDefinition(string Code, Severity Severity, DateOnly ValidFrom, string Description, bool Retired = false);

/// <summary>Codes of every finding the register validator can give. For SSB controls the code is the control's
/// name exactly as Kravspesifikasjon.md spells it (including its "kontroll"/"Kontroll" case).</summary>
public static class ControlCodes
{
    /// <summary>Validéring av innhold mot filbeskrivelse: the file breaks the XSD or is not readable XML. FATAL.</summary>
    public const string Filbeskrivelse = "Filbeskrivelse";

    // Message keys for the FATAL reading findings (all reported under the code Filbeskrivelse).
    internal const string XmlNotWellFormed = "Filbeskrivelse.Xml";
    internal const string XmlTooDeep = "Filbeskrivelse.Dybde";
    internal const string XmlAttributeTooLong = "Filbeskrivelse.Attributt";
    internal const string XmlTextTooLong = "Filbeskrivelse.Tekst";
    internal const string XmlFileTooLarge = "Filbeskrivelse.Storrelse";
    internal const string XmlWrongRoot = "Filbeskrivelse.Rot";
    internal const string FileUnreadable = "Filbeskrivelse.Fil";

    // Message key for a control that failed to run on a case (reported under that control's code).
    internal const string ControlFailed = "Kontroll.Feil";

    /// <summary>Vern's own rule: a code is used outside its validity period in Kodelister.md.</summary>
    public const string CodeListValidity = "vern.kodeliste.gyldighet";

    internal static string SourceOf(string code) => code.StartsWith("vern.", StringComparison.Ordinal)
        ? "Kodelister.md (SSB barnevern v4)"
        : "SSB Kravspesifikasjon for validering: " + code;
}

/// <summary>All message templates, keyed by control code (or reading-finding key). The only place with user-facing
/// text for the register validator. Texts are SSB's own from Kravspesifikasjon.md; placeholders are {Name}.</summary>
public static class Messages
{
    private static readonly Dictionary<string, string> Templates = new(StringComparer.Ordinal)
    {
        [ControlCodes.Filbeskrivelse] = "Innholdet er feil i forhold til filbeskrivelsen / XSD: {detalj}",
        [ControlCodes.XmlNotWellFormed] = "Innholdet er feil i forhold til filbeskrivelsen / XSD: filen er ikke gyldig XML: {detalj}",
        [ControlCodes.XmlTooDeep] = "Innholdet er feil i forhold til filbeskrivelsen / XSD: elementene er nøstet dypere enn {maks} nivåer",
        [ControlCodes.XmlAttributeTooLong] = "Innholdet er feil i forhold til filbeskrivelsen / XSD: attributtet {attributt} er lengre enn {maks} tegn",
        [ControlCodes.XmlTextTooLong] = "Innholdet er feil i forhold til filbeskrivelsen / XSD: en tekst er lengre enn {maks} tegn",
        [ControlCodes.XmlFileTooLarge] = "Innholdet er feil i forhold til filbeskrivelsen / XSD: filen er {storrelse} byte, mer enn grensen på {maks} byte",
        [ControlCodes.XmlWrongRoot] = "Innholdet er feil i forhold til filbeskrivelsen / XSD: rotelementet er {{{navnerom}}}{navn}, men skal være Barnevern uten navnerom",
        [ControlCodes.FileUnreadable] = "Innholdet er feil i forhold til filbeskrivelsen / XSD: filen kan ikke leses: {detalj}",
        [ControlCodes.ControlFailed] = "Kontrollen kunne ikke kjøres på denne saken: {detalj}",
        [ControlCodes.CodeListValidity] = "Koden {Kode} i {Sti} gjelder fra {GyldigFra} til {GyldigTil}, men brukes {Dato}",

        ["Avgiver Kontroll 1"] = "Bydelsnummer og/eller Bydelsnavn skal være utfylt",
        ["Sak kontroll 1"] = "{Feltnavn}: Dato ({Dato}) må være mellom 01.01.{MinAar} og 31.12.{MaksAar}",
        ["Sak Kontroll 2a"] = "Sakens startdato {StartDato} er etter sluttdato {SluttDato}",
        ["Sak Kontroll 6"] = "Klienten har ingen meldinger, planer eller tiltak",
        ["Sak Kontroll 7"] = "Klienten er over 25 år og skal avsluttes som klient. Alder: {alder} år.",
        ["Sak Kontroll 8"] = "Klienten er over 18 år og skal dermed ha tiltak. Alder: {alder} år.",
        ["Sak Kontroll 21"] = "Klienten har ingen meldinger, undersøkelser, vedtak, tiltak, planer, ettervern eller oversendelse fylkesnemnd. Saken bør avsluttes.",
        ["Sak Kontroll 22"] = "SlettetType peker til et ikke-eksisterende element",
        ["Sak kontroll 23"] = "Underelement i lukket sak mangler sluttdato",

        ["Personalia Kontroll 2f"] = "Personalia sin startdato {StartDato} er etter sakens sluttdato {SakSluttDato}",
        ["Personalia kontroll 11"] = "Klienten mangler personaliainformasjon",
        ["Personalia kontroll 12"] = "Ugyldig Fødselsnummer",
        ["Personalia Kontroll 13"] = "Fødselsnummer og Fødselsdato viser til forskjellige datoer",
        ["Personalia Kontroll 14"] = "Fødselsnummer og Kjønn viser til forskjellige kjønn",
        ["Personalia Kontroll 15"] = "Feil i Fødselsnummer for født barn",
        ["Personalia Kontroll 16"] = "Personalia sin startdato {StartDato} er mer enn 9 måneder før barnets fødselsdato {Fodselsdato}",
        ["Personalia Kontroll 17"] = "Ugyldig DUF-nummer",
        ["Personalia Kontroll 18"] = "Ufullstendig fødselsnummer skal erstattes med fødselsnummer, DUF- eller D-nummer fra folkeregisteret. Gjelder saksnummer: {journalnummer}",
        ["Personalia Kontroll 18.D"] = "Om DUF- eller fødselsnummer foreligger i folkeregisteret, skal dette benyttes fremfor D-nummer. Gjelder saksnummer: {journalnummer}",

        ["Melding Kontroll 2a"] = "Meldingens startdato {StartDato} er etter sluttdato {SluttDato}",
        ["Melding Kontroll 2c"] = "Meldingens sluttdato {SluttDato} er etter Sakens sluttdato {SakSluttDato}",
        ["Melding Kontroll 2e"] = "Meldingens startdato {StartDato} er før sakens startdato {SakStartDato}",
        ["Melding Kontroll 3"] = "Fristoverskridelse på behandlingstid for melding, ({StartDato} -> {SluttDato})",
        ["Melding Kontroll 4"] = "Konkludert melding mangler melder(e)",
        ["Melding Kontroll 5"] = "Konkludert melding mangler saksinnhold",
        ["Melding Kontroll 19"] = "Det finnes 2 eller flere meldinger med identisk innhold, men med forskjellige identer",
        ["Melder Kontroll 2"] = "Melder med kode ({Kode}) mangler presisering",
        ["Saksinnhold Kontroll 2"] = "Saksinnhold med kode ({Kode}) mangler presisering",

        ["Undersøkelse Kontroll 2a"] = "Undersøkelsens startdato {StartDato} er etter sluttdato {SluttDato}",
        ["Undersøkelse Kontroll 2c"] = "Undersøkelsens sluttdato {SluttDato} er etter sakens sluttdato {SakSluttDato}",
        ["Undersøkelse Kontroll 2e"] = "Undersøkelsens startdato {StartDato} er før sakens startdato {SakStartDato}",
        ["Undersøkelse Kontroll 3"] = "Vedtaksgrunnlag med kode ({Kode}) mangler presisering",
        ["Undersøkelse Kontroll 7"] = "Undersøkelse konkludert med kode {Kode} mangler vedtaksgrunnlag",
        ["Undersøkelse Kontroll 11"] = "Undersøkelse skal konkluderes innen 7 + 90 dager etter melding sin startdato",
        ["Undersøkelse Kontroll 11.180"] = "Undersøkelse skal konkluderes innen 7 + 180 dager etter melding sin startdato",
        ["Undersøkelse Kontroll 19"] = "Det finnes 2 eller flere Undersøkelser med identisk innhold, men med forskjellige identer",
        ["Undersøkelse Kontroll 20"] = "Undersøkelse mangler en relasjon fra melding",
        ["Undersøkelse Kontroll 21"] = "Konkludert Undersøkelse mangler en relasjon til vedtak",

        ["Vedtak Kontroll 2a"] = "Vedtakets startdato {StartDato} er etter sluttdato {SluttDato}",
        ["Vedtak Kontroll 2c"] = "Vedtakets sluttdato {SluttDato} er etter Sakens sluttdato {SakSluttDato}",
        ["Vedtak Kontroll 2e"] = "Vedtakets startdato {StartDato} er før sakens startdato {SakStartDato}",
        ["Vedtak Kontroll 2f"] = "Kravets startdato {StartDato} er etter sluttdato {SluttDato}",
        ["Vedtak Kontroll 2g"] = "Kravets sluttdato {SluttDato} er etter Vedtakets sluttdato {VedtakSluttDato}",
        ["Vedtak Kontroll 2h"] = "Kravets startdato {StartDato} er før vedtakets startdato {VedtakStartDato}",
        ["Vedtak Kontroll 2i"] = "Status sin endretdato {EndretDato} er etter Vedtakets sluttdato {SluttDato}",
        ["Vedtak Kontroll 2j"] = "Status sin endretdato {EndretDato} er før vedtakets startdato {StartDato}",
        ["Vedtak Kontroll 3"] = "Vedtak med status 3 = 'Utgår / Bortfalt etter BVL' mangler sluttdato",
        ["Vedtak Kontroll 3.4"] = "Vedtak med status 4 = 'Avslått / Avsluttet' mangler sluttdato",
        ["Vedtak Kontroll 4"] = "Lovhjemlene under vedtak inneholder annen verdi for lov enn BVL, BVL2021 eller BL1981. Lov: {lov}.",
        ["Vedtak kontroll 5"] = "Lovhjemmel opprettet før 01. januar 2023 krever lov = 'BVL'",
        ["Vedtak kontroll 5.2021"] = "Lovhjemmel opprettet på 01. januar 2023 eller senere krever lov = 'BVL2021'",
        ["Vedtak Kontroll 19"] = "Det finnes 2 eller flere Vedtak med identisk innhold, men med forskjellige identer",
        ["Vedtak Kontroll 20"] = "Vedtak med status 2 = 'Begjæring oversendt nemnd' skal ha relasjon til OversendelseFylkesnemnd",
        ["Vedtak Kontroll 20.mangler"] = "OversendelseFylkesnemndVedtak skal finnes for Vedtak med status 2 = 'Begjæring oversendt nemnd'",

        ["Tiltak Kontroll 2a"] = "Tiltakets startdato {StartDato} er etter sluttdato {SluttDato}",
        ["Tiltak Kontroll 2c"] = "Tiltakets sluttdato {SluttDato} er etter Sakens sluttdato {SakSluttDato}",
        ["Tiltak Kontroll 2e"] = "Tiltakets startdato {StartDato} er før sakens startdato {SakStartDato}",
        ["Tiltak Kontroll 5"] = "Barnet er over 7 år og i barnehage. Alder: {alder} år.",
        ["Tiltak Kontroll 6"] = "Barnet er over 11 år og i SFO. Alder: {alder} år.",
        ["Tiltak Kontroll 7"] = "Tiltakskategori ({Kode}) mangler presisering.",
        ["Tiltak Kontroll 8"] = "Opphevelse ({Kode}) mangler presisering.",
        ["Tiltak Kontroll 9"] = "Flere plasseringstiltak i samme periode ({PeriodeStartDato} - {PeriodeSluttDato}). Plasseringstiltak kan ikke overlappe med mer enn 90 dager. Antall dager overlapp: {antallDager} dager. Overlapper med tiltak-id {tiltakId}.",
        ["Tiltak Kontroll 12"] = "Omsorgstiltak med sluttdato krever årsak til opphevelse",
        ["Tiltak Kontroll 13"] = "Individet er over 18 år skal dermed ikke ha omsorgstiltak. Alder: {alder} år.",
        ["Tiltak Kontroll 14"] = "Ingen Lovhjemmel sin kapittel, paragraf, ledd eller punktum kan være utfylt med 0",
        ["Tiltak Kontroll 19"] = "Det finnes 2 eller flere tiltak med identisk innhold, men med forskjellige identer",
        ["Tiltak Kontroll 20"] = "Tiltak skal ha relasjon fra Vedtak",
        ["Tiltak Kontroll 21"] = "Tiltak er registrert med annen lovhjemmel enn det som er registrert i vedtak",
        ["Tiltak Kontroll 22"] = "Dette er er en advarsel. Kun plasseringstiltak skal ha kode 1.99. Dersom dette ikke er et plasseringstiltak (institusjon) må tiltakskode endres. Er det et administrative vedtak som er gitt kode 1.99 skal tiltaket slettes.",
        ["Tiltak Kontroll 23"] = "Dette er er en advarsel. Kun plasseringstiltak skal ha kode 2.99. Dersom dette ikke er et plasseringstiltak (fosterhjem) må tiltakskode endres. Er det et administrative vedtak som er gitt kode 2.99 skal tiltaket slettes.",

        ["Plan Kontroll 2a"] = "Planens startdato {StartDato} er etter sluttdato {SluttDato}",
        ["Plan Kontroll 2c"] = "Planens sluttdato {SluttDato} er etter sakens sluttdato {SakSluttDato}",
        ["Plan Kontroll 2e"] = "Planens startdato {StartDato} er før sakens startdato {SakStartDato}",
        ["Plan Kontroll 2f"] = "Utført evaluering {UtfortDato} er etter sakens sluttdato {SakSluttDato}",
        ["Plan Kontroll 2g"] = "Utført evaluering {UtfortDato} er før sakens startdato {SakStartDato}",
        ["Plan Kontroll 19"] = "Det finnes 2 eller flere Planer med identisk innhold, men med forskjellige identer",

        ["Ettervern Kontroll 2a"] = "Ettervernets tilbudSendtDato {TilbudSendtDato} er etter sluttdato {SluttDato}",
        ["Ettervern Kontroll 2c"] = "Ettervern sin sluttdato {SluttDato} er etter sakens sluttdato {SakSluttDato}",
        ["Ettervern Kontroll 2e"] = "Ettervern sin tilbud-sendt-dato {TilbudSendtDato} er før sakens startdato {SakStartDato}",

        ["Flytting Kontroll 2c"] = "Flyttingens sluttdato {SluttDato} er etter sakens sluttdato {SakSluttDato}",
        ["Flytting Kontroll 2f"] = "Flyttingens sluttdato {SluttDato} er før sakens startdato {SakStartDato}",

        ["Oversendelse til fylkesnemnd Kontroll 2e"] = "Oversendelse til fylkesnemndens startdato {StartDato} er før sakens startdato {SakStartDato}",
        ["Oversendelse til fylkesnemnd Kontroll 2f"] = "Oversendelse til fylkesnemndens startdato {StartDato} er etter sakens sluttdato {SakSluttDato}",
        ["Oversendelse til fylkesnemnd Kontroll 5"] = "Lovhjemmel opprettet før 01. januar 2023 krever lov = 'BVL'",
        ["Oversendelse til fylkesnemnd Kontroll 5.2021"] = "Lovhjemmel opprettet på 01. januar 2023 eller senere krever lov = 'BVL2021'",
    };

    /// <summary>The template for a key; throws for an unknown key so a typo fails the first test that hits it.</summary>
    public static string Template(string key) =>
        Templates.TryGetValue(key, out var t) ? t : throw new KeyNotFoundException($"No message template for '{key}'.");

    /// <summary>Fills <c>{Name}</c> placeholders; <c>{{</c> and <c>}}</c> are literal braces. Dates print as yyyy-MM-dd.</summary>
    public static string Format(string key, params (string Name, object? Value)[] values)
    {
        var template = Template(key);
        var sb = new StringBuilder(template.Length + 32);
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                sb.Append(c);
                i++;
                continue;
            }

            if (c != '{')
            {
                sb.Append(c);
                continue;
            }

            var end = template.IndexOf('}', i);
            var name = template.AsSpan(i + 1, end - i - 1);
            var found = false;
            foreach (var (n, v) in values)
            {
                if (name.SequenceEqual(n))
                {
                    sb.Append(Render(v));
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                throw new ArgumentException($"Template '{key}' needs a value for {{{name}}}.", nameof(values));
            }

            i = end;
        }

        return sb.ToString();
    }

    private static string Render(object? value) => value switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
