namespace Vern.Domain.Documentation;

/// <summary>One section of a decision document: its heading and what it holds.</summary>
public sealed record TemplateSection(string Key, string Heading, string Source);

/// <summary>A decision template (vedtaksmal), as data: its sections in order and the notice of the right to complain
/// (forvaltningsloven § 27 third paragraph: the parties are told of the right to complain, the deadline, where to complain
/// and how). Placeholders in braces are filled from the case: {service}, {municipality}, {weeks}, {appealBody}.</summary>
public sealed record DecisionTemplate(
    string Code,
    string Title,
    IReadOnlyList<TemplateSection> Sections,
    int ComplaintWeeks,
    string AppealBody,
    IReadOnlyList<string> ComplaintNotice,
    IReadOnlyList<string> Sources);

/// <summary>The decision templates Vern ships.</summary>
public static class DecisionTemplates
{
    /// <summary>A decision by the municipal child welfare service (barnevernstjenesten) that may be appealed to the county
    /// governor (statsforvalteren). Not for decisions of the county board (barneverns- og helsenemnda), which are brought
    /// before the courts, not complained of.</summary>
    public static readonly DecisionTemplate ServiceDecision = new(
        "barnevernstjenesten-vedtak",
        "Vedtak",
        [
            new("legal-basis", "Hjemmel", "forvaltningsloven § 25 første ledd: reglene vedtaket bygger på"),
            new("facts", "Faktiske forhold", "forvaltningsloven § 25 annet ledd: de faktiske forholdene vedtaket bygger på"),
            new("assessment", "Vurdering", "forvaltningsloven § 25 tredje ledd: hovedhensynene; barnevernsloven § 1-3 (barnets beste)"),
            new("child-views", "Barnets syn", "barnevernsloven § 1-4 (barnets rett til medvirkning)"),
            new("conclusion", "Vedtak", "forvaltningsloven § 23 (skriftlig enkeltvedtak)"),
        ],
        ComplaintWeeks: 3,
        AppealBody: "Statsforvalteren",
        ComplaintNotice:
        [
            "Du kan klage på dette vedtaket. Klagefristen er {weeks} uker fra den dagen du mottok vedtaket (forvaltningsloven § 29). Det er nok at klagen er postlagt før fristen går ut.",
            "Klagen sendes til {service}, som har fattet vedtaket (forvaltningsloven § 32). Hvis vi ikke endrer vedtaket, sender vi klagen videre til {appealBody}, som er klageinstans (forvaltningsloven § 28).",
            "Klagen skal være skriftlig og underskrevet, si hvilket vedtak du klager på og hvilken endring du ønsker. Du bør begrunne klagen.",
            "Du har rett til å se dokumentene i saken (forvaltningsloven §§ 18 og 19), og du kan be om nærmere veiledning fra oss (forvaltningsloven § 11).",
        ],
        Sources:
        [
            "forvaltningsloven § 24 (begrunnelse samtidig med vedtaket), § 25 (begrunnelsens innhold), § 27 tredje ledd (underretning om klagerett, klagefrist, klageinstans og framgangsmåte), § 28 (klageinstans), § 29 (klagefrist tre uker fra underretningen kom fram), § 32 (klagen sendes organet som fattet vedtaket)",
        ]);

    public static readonly IReadOnlyList<DecisionTemplate> All = [ServiceDecision];

    public static DecisionTemplate? Find(string code) => All.FirstOrDefault(t => t.Code == code);
}
