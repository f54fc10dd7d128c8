namespace Vern.Register.Model;

// The national register file (SSB barnevern, Barnevern_v4.xsd) as immutable records.
// Names follow the XSD exactly (Norwegian) so that a reader can map element to property one to one.
// The model is tolerant: it holds values that break SSB's controls (end before start, unknown codes),
// so that the controls can report them. Codes are kept as the strings in the file. Required xs:date
// attributes are DateOnly, optional ones DateOnly?. Element order of lists is the file order.

/// <summary>Root element <c>Barnevern</c> without its <c>Sak</c>: the file header (filhode).
/// XSD: BarnevernType attributes Id, DatoUttrekk, ForrigeId; child elements Fagsystem and Avgiver.</summary>
/// <param name="Id">Uttrekkets id (UUID).</param>
/// <param name="DatoUttrekk">Time of extraction (datouttrekk), xs:dateTime with offset (Norwegian time).</param>
/// <param name="ForrigeId">Id of the previous delivery for this case, if any.</param>
public sealed record RegisterFile(
    string Id,
    DateTimeOffset DatoUttrekk,
    string? ForrigeId,
    Fagsystem Fagsystem,
    Avgiver Avgiver);

/// <summary>Element <c>Fagsystem</c>: the case system that made the file (leverandør, navn, versjon).</summary>
public sealed record Fagsystem(string Leverandor, string Navn, string Versjon);

/// <summary>Element <c>Avgiver</c>: the reporting municipality (avgiver). Bydelsnummer/Bydelsnavn are for
/// Oslo, Bergen and Trondheim (Avgiver Kontroll 1).</summary>
public sealed record Avgiver(
    string Organisasjonsnummer,
    string Kommunenummer,
    string Kommunenavn,
    string? Bydelsnummer = null,
    string? Bydelsnavn = null);

/// <summary>Element <c>Sak</c> (SakType): one child's case folder. Exactly one per register file.</summary>
/// <param name="Id">Sakens id (UUID).</param>
/// <param name="MigrertId">Id from a migrated KOSTRA delivery; when present ERROR controls become WARNING.</param>
/// <param name="StartDato">Sakens startdato.</param>
/// <param name="SluttDato">Sakens sluttdato, when the case is closed.</param>
/// <param name="Journalnummer">Saksnummer/journalnummer in the case system.</param>
public sealed record RegisterCase(
    string Id,
    string? MigrertId,
    DateOnly StartDato,
    DateOnly? SluttDato,
    string Journalnummer,
    bool? Avsluttet,
    bool? ErSlettet,
    ValueList<Personalia> Personalia,
    ValueList<Melding> Melding,
    ValueList<Undersokelse> Undersokelse,
    ValueList<Plan> Plan,
    ValueList<Tiltak> Tiltak,
    ValueList<Vedtak> Vedtak,
    ValueList<Ettervern> Ettervern,
    ValueList<OversendelseFylkesnemnd> OversendelseFylkesnemnd,
    ValueList<Flytting> Flytting,
    ValueList<Relasjon> Relasjon,
    ValueList<Slettet> Slettet);

/// <summary>Element <c>Sak/Personalia</c>: the child's identity from a date (personalia).</summary>
/// <param name="Fodselsnummer">11 digits: fødselsnummer, D-nummer, or SSB's special forms
/// (DDMMÅÅ+00100, DDMMÅÅ+00200, termindato+99999); see Personalia kontroll 12.</param>
/// <param name="Fodseldato">Fødselsdato (the XSD spells it Fodseldato).</param>
/// <param name="Kjonn">Kjønn: "0" unknown, "1" male, "2" female.</param>
/// <param name="DUFnummer">12-digit DUF number (UDI), optional.</param>
public sealed record Personalia(
    string Id,
    DateOnly StartDato,
    string Fodselsnummer,
    DateOnly Fodseldato,
    string Kjonn,
    string? DUFnummer = null,
    bool? ErSlettet = null);

/// <summary>Element <c>Sak/Melding</c> (MeldingType): a report of concern (bekymringsmelding).</summary>
public sealed record Melding(
    string Id,
    string? MigrertId,
    DateOnly StartDato,
    bool? ErSlettet,
    ValueList<Melder> Melder,
    ValueList<Saksinnhold> Saksinnhold,
    MeldingKonklusjon? Konklusjon);

/// <summary>Element <c>Melding/Melder</c> (MelderType): who reported; code list Melder.</summary>
public sealed record Melder(string Kode, string? Presisering = null);

/// <summary>SaksinnholdType: the content of a case. Used as <c>Melding/Saksinnhold</c>,
/// <c>Undersokelse/Vedtaksgrunnlag</c> and <c>Tiltak/Tiltaksgrunnlag</c>; code list Saksinnhold.</summary>
public sealed record Saksinnhold(string Kode, string? Presisering = null);

/// <summary>Element <c>Melding/Konklusjon</c>: how the report was concluded (henlagt, undersøkelse …).</summary>
public sealed record MeldingKonklusjon(DateOnly SluttDato, string Kode, bool? ErSlettet = null);

/// <summary>Element <c>Sak/Undersokelse</c> (UndersokelseType): an investigation (undersøkelse).</summary>
public sealed record Undersokelse(
    string Id,
    string? MigrertId,
    DateOnly StartDato,
    bool? ErSlettet,
    ValueList<Saksinnhold> Vedtaksgrunnlag,
    BarnetsMedvirkning? BarnetsMedvirkning,
    UtvidetFrist? UtvidetFrist,
    UndersokelseKonklusjon? Konklusjon);

/// <summary>Element <c>Undersokelse/BarnetsMedvirkning</c>: the child's participation (barnets medvirkning).
/// In the XSD both parts are child elements, not attributes.</summary>
public sealed record BarnetsMedvirkning(DateOnly StartDato, string MedvirkningType);

/// <summary>Element <c>Undersokelse/UtvidetFrist</c>: extended deadline; Innvilget "1" = ja, "2" = nei.</summary>
public sealed record UtvidetFrist(DateOnly StartDato, string? Innvilget = null);

/// <summary>Element <c>Undersokelse/Konklusjon</c>: outcome of the investigation; Kode 1/2 lead to vedtak.</summary>
public sealed record UndersokelseKonklusjon(DateOnly SluttDato, string Kode, string? Presisering = null);

/// <summary>Element <c>Sak/Plan</c> (PlanType): a plan (tiltaksplan, omsorgsplan …); code list Plantype.</summary>
public sealed record Plan(
    string Id,
    string? MigrertId,
    DateOnly StartDato,
    string Plantype,
    bool? ErSlettet,
    ValueList<Evaluering> Evaluering,
    SluttKonklusjon? Konklusjon);

/// <summary>Element <c>Plan/Evaluering</c>: an evaluation done on UtfortDato.</summary>
public sealed record Evaluering(DateOnly UtfortDato);

/// <summary>A <c>Konklusjon</c> that only carries SluttDato (Plan, Tiltak and Vedtak).</summary>
public sealed record SluttKonklusjon(DateOnly SluttDato);

/// <summary>Element <c>Sak/Tiltak</c> (TiltakType): a measure (tiltak), e.g. foster home 2.x.</summary>
public sealed record Tiltak(
    string Id,
    string? MigrertId,
    DateOnly StartDato,
    bool? ErSlettet,
    Lovhjemmel Lovhjemmel,
    ValueList<Lovhjemmel> JmfrLovhjemmel,
    Kategori Kategori,
    ValueList<Saksinnhold> Tiltaksgrunnlag,
    Tilsyn? Tilsyn,
    Oppfolging? Oppfolging,
    Opphevelse? Opphevelse,
    SluttKonklusjon? Konklusjon);

/// <summary>LovhjemmelType: a legal basis (lovhjemmel) as child elements Lov, Kapittel, Paragraf, Ledd*,
/// Bokstav*, Punktum*. Lov is "BVL" (1992), "BVL2021" or "BL1981".</summary>
public sealed record Lovhjemmel(
    string Lov,
    string Kapittel,
    string Paragraf,
    ValueList<string> Ledd,
    ValueList<string> Bokstav,
    ValueList<string> Punktum);

/// <summary>Element <c>Tiltak/Kategori</c>: the measure category (code list Kategori, e.g. "2.1").</summary>
public sealed record Kategori(string Kode, string? Presisering = null);

/// <summary>Element <c>Tiltak/Tilsyn</c> (TilsynType): supervision of a foster home (tilsyn).</summary>
public sealed record Tilsyn(
    ValueList<TilsynAnsvarlig> Ansvarlig,
    ValueList<Hyppighet> Hyppighet,
    ValueList<Utfort> Utfort);

/// <summary>Element <c>Tilsyn/Ansvarlig</c>: the municipality responsible for supervision from StartDato.</summary>
public sealed record TilsynAnsvarlig(string Id, DateOnly StartDato, string Kommunenummer);

/// <summary>Element <c>Hyppighet</c> of Tilsyn or Oppfolging: planned frequency (Kode "4" or "2" per year).</summary>
public sealed record Hyppighet(string Id, DateOnly StartDato, string Kode);

/// <summary>Element <c>Utfort</c> of Tilsyn or Oppfolging: a visit done on UtfortDato.</summary>
public sealed record Utfort(string Id, DateOnly UtfortDato);

/// <summary>Element <c>Tiltak/Oppfolging</c> (OppfolgingType): follow-up visits (oppfølgingsbesøk).</summary>
public sealed record Oppfolging(ValueList<Hyppighet> Hyppighet, ValueList<Utfort> Utfort);

/// <summary>Element <c>Tiltak/Opphevelse</c>: why a measure ended (code list Opphevelse; 4 needs Presisering).</summary>
public sealed record Opphevelse(string Kode, string? Presisering = null);

/// <summary>Element <c>Sak/Vedtak</c> (VedtakType): a decision (vedtak) with its status history.</summary>
public sealed record Vedtak(
    string Id,
    string? MigrertId,
    DateOnly StartDato,
    bool? ErSlettet,
    Lovhjemmel Lovhjemmel,
    ValueList<Lovhjemmel> JmfrLovhjemmel,
    ValueList<Krav> Krav,
    ValueList<VedtakStatus> Status,
    SluttKonklusjon? Konklusjon);

/// <summary>Element <c>Vedtak/Krav</c> (OversendelsePrivatKravType): a private party's claim (krav).</summary>
public sealed record Krav(string Id, DateOnly StartDato, KravKonklusjon? Konklusjon);

/// <summary>Element <c>Krav/Konklusjon</c>: Kode "1", "2" or "9".</summary>
public sealed record KravKonklusjon(DateOnly SluttDato, string Kode, string? Presisering = null);

/// <summary>Element <c>Vedtak/Status</c>: status change on EndretDato; Kode 1–4 (2 = begjæring oversendt nemnd,
/// 3 = utgår/bortfalt, 4 = avslått/avsluttet).</summary>
public sealed record VedtakStatus(string Id, DateOnly EndretDato, string Kode);

/// <summary>Element <c>Sak/Ettervern</c> (EttervernType): aftercare offered on TilbudSendtDato.</summary>
public sealed record Ettervern(
    string Id,
    string? MigrertId,
    DateOnly TilbudSendtDato,
    bool? ErSlettet,
    EttervernKonklusjon? Konklusjon);

/// <summary>Element <c>Ettervern/Konklusjon</c>: Kode "1", "2" or "3".</summary>
public sealed record EttervernKonklusjon(DateOnly SluttDato, string Kode);

/// <summary>Element <c>Sak/OversendelseFylkesnemnd</c> (OversendelseBarneverntjenesteType): a case sent
/// to the county board (fylkesnemnda / barneverns- og helsenemnda).</summary>
public sealed record OversendelseFylkesnemnd(
    string Id,
    string? MigrertId,
    DateOnly StartDato,
    bool? ErSlettet,
    Lovhjemmel Lovhjemmel,
    ValueList<Lovhjemmel> JmfrLovhjemmel);

/// <summary>Element <c>Sak/Flytting</c> (FlyttingType): a move out of a placement on SluttDato.</summary>
public sealed record Flytting(
    string Id,
    string? MigrertId,
    DateOnly SluttDato,
    bool? ErSlettet,
    ArsakFra ArsakFra,
    FlyttingTil FlyttingTil);

/// <summary>Element <c>Flytting/ArsakFra</c>: reason for the move (code list ÅrsakFra).</summary>
public sealed record ArsakFra(string Kode, string? Presisering = null);

/// <summary>Element <c>Flytting/FlyttingTil</c>: where the child moved to (code list FlyttingTil).</summary>
public sealed record FlyttingTil(string Kode, string? Presisering = null);

/// <summary>Element <c>Sak/Relasjon</c> (RelasjonType): a link FraId/FraType → TilId/TilType, e.g.
/// Melding → Undersokelse or Vedtak → Tiltak. Types are BegrepsType names (e.g. "Undersokelse").</summary>
public sealed record Relasjon(
    string Id,
    string FraId,
    string FraType,
    string TilId,
    string TilType,
    bool? ErSlettet = null);

/// <summary>Element <c>Sak/Slettet</c>: an element of type Type with Id deleted on SluttDato.</summary>
public sealed record Slettet(string Id, string Type, DateOnly SluttDato);

/// <summary>Names of BegrepsType (the XSD's element kinds used by Relasjon and Slettet).</summary>
public static class BegrepsType
{
    public const string Personalia = "Personalia";
    public const string Melding = "Melding";
    public const string Undersokelse = "Undersokelse";
    public const string Plan = "Plan";
    public const string Tiltak = "Tiltak";
    public const string Vedtak = "Vedtak";
    public const string Ettervern = "Ettervern";
    public const string OversendelseFylkesnemnd = "OversendelseFylkesnemnd";
    public const string Flytting = "Flytting";
    public const string Relasjon = "Relasjon";
}
