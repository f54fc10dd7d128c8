using Vern.Domain.Cases;

namespace Vern.Statistics.Definitions;

/// <summary>A calendar year as the statistics count it: 1 January to 31 December, both inclusive.</summary>
public readonly record struct StatisticsYear(int Year)
{
    public DateOnly First => new(Year, 1, 1);

    public DateOnly Last => new(Year, 12, 31);

    public bool Contains(DateOnly day) => day.Year == Year;
}

/// <summary>What an indicator counts.</summary>
public enum Unit
{
    /// <summary>Children (one case = one child in a municipality).</summary>
    Children,
    /// <summary>Measures (a child may have several).</summary>
    Measures,
    /// <summary>Reports of concern.</summary>
    Reports,
    /// <summary>Investigations.</summary>
    Investigations,
    /// <summary>Moves between placements.</summary>
    Moves,
    /// <summary>Days (a sum of waiting days).</summary>
    Days,
}

/// <summary>An indicator computed from Vern's own case data: what one case contributes to the count for one year.
/// Children are counted by their age at 31 December of the year (SSB's convention).</summary>
/// <param name="Id">Stable id used in CSV/JSON and charts.</param>
/// <param name="Label">Bokmål label.</param>
/// <param name="Definition">The counting rule in one sentence.</param>
/// <param name="Count">The case's contribution for the year.</param>
public sealed record CaseIndicator(string Id, string Label, Unit Unit, Source Source, string Definition, Func<CaseState, StatisticsYear, int> Count);

/// <summary>A share: one indicator's sum divided by another's, for the same municipality, year and age group, times
/// <paramref name="Scale"/> (100 for a percentage; 1 for a mean such as days per placement).</summary>
public sealed record ShareIndicator(string Id, string Label, string NumeratorId, string DenominatorId, Source Source, string Definition,
    string Unit = "%", decimal Scale = 100m);

/// <summary>The indicator set of Menon 2023 (seed 002, table 2-1 and ch. 5) and the register-based indicators of the
/// KOSTRA analyses in seeds 001 and 004 that Vern's case data can answer, each defined once with its source.</summary>
public static class CaseIndicators
{
    private static IEnumerable<Measure> InForceOn(CaseState c, DateOnly day) => c.Measures.Where(m => MeasureKinds.InForceOn(m, day));

    private static IEnumerable<Measure> InForceDuring(CaseState c, StatisticsYear y) => c.Measures.Where(m => MeasureKinds.InForceDuring(m, y.First, y.Last));

    private static int ClassAtYearEnd(CaseState c, StatisticsYear y, MeasureClass wanted) => MeasureKinds.Classify(InForceOn(c, y.Last)) == wanted ? 1 : 0;

    private static int HasClassAtYearEnd(CaseState c, StatisticsYear y, Func<MeasureClass, bool> wanted) =>
        MeasureKinds.Classify(InForceOn(c, y.Last)) is { } k && wanted(k) ? 1 : 0;

    /// <summary>The placement the child has at 31 December (the latest started if several), by type.</summary>
    private static int PlacementAtYearEnd(CaseState c, StatisticsYear y, PlacementType type) =>
        InForceOn(c, y.Last).Where(m => MeasureKinds.PlacementOf(m.Category.Code) is not null)
            .OrderByDescending(m => m.StartedOn).Select(m => MeasureKinds.PlacementOf(m.Category.Code)).FirstOrDefault() == type ? 1 : 0;

    private static readonly Source Ssb09050 = new(Source.Menon, "tabell 2-1; kap. 5.1, figur 5-1", "09050");
    private static readonly Source Ssb11600 = new(Source.Menon, "tabell 2-1; kap. 5.2, figur 5-3 til 5-6", "11600");
    private static readonly Source Ssb10660 = new(Source.Menon, "tabell 2-1; kap. 5.4, figur 5-10", "10660");
    private static readonly Source Ssb10673 = new(Source.Menon, "tabell 2-1; kap. 5.3", "10673");
    private static readonly Source SandnesInvestigations = new(Source.Sandnes, "figur 7–12 (undersøkelser og andel som fører til tiltak)", "12870");

    public static readonly IReadOnlyList<CaseIndicator> All =
    [
        new("children-with-measures-year", "Barn med barnevernstiltak i løpet av året", Unit.Children, Ssb09050,
            "Barn med minst ett tiltak i kraft en dag i året.", (c, y) => InForceDuring(c, y).Any() ? 1 : 0),
        new("children-with-measures-31dec", "Barn med barnevernstiltak per 31.12.", Unit.Children, Ssb09050,
            "Barn med minst ett tiltak i kraft 31. desember.", (c, y) => InForceOn(c, y.Last).Any() ? 1 : 0),
        new("care-measures-31dec", "Barn med omsorgstiltak per 31.12.", Unit.Children, MeasureKinds.ClassSource,
            "Barn med et tiltak på omsorgshjemmel i kraft 31. desember (omsorgstiltak går foran hjelpetiltak).",
            (c, y) => ClassAtYearEnd(c, y, MeasureClass.Care)),
        new("support-measures-31dec", "Barn med hjelpetiltak per 31.12.", Unit.Children, Ssb09050,
            "Barn med tiltak 31. desember uten omsorgstiltak (SSBs «hjelpetiltak» i tabell 09050).",
            (c, y) => HasClassAtYearEnd(c, y, k => k != MeasureClass.Care)),
        new("emergency-measures-31dec", "Barn med akuttiltak per 31.12.", Unit.Children, MeasureKinds.ClassSource,
            "Barn uten omsorgstiltak med et akuttvedtak i kraft 31. desember.", (c, y) => ClassAtYearEnd(c, y, MeasureClass.Emergency)),
        new("behavioural-measures-31dec", "Barn med atferdstiltak per 31.12.", Unit.Children, MeasureKinds.ClassSource,
            "Barn uten omsorgs- eller akuttiltak med et atferdstiltak i kraft 31. desember.", (c, y) => ClassAtYearEnd(c, y, MeasureClass.Behavioural)),
        new("placed-as-support-31dec", "Barn plassert som hjelpetiltak per 31.12.", Unit.Children, MeasureKinds.ClassSource,
            "Barn med frivillig plassering utenfor hjemmet som hjelpetiltak 31. desember.", (c, y) => ClassAtYearEnd(c, y, MeasureClass.PlacedAsSupport)),
        new("care-measures-year", "Barn med omsorgstiltak i løpet av året", Unit.Children, MeasureKinds.ClassSource,
            "Barn med et tiltak på omsorgshjemmel i kraft en dag i året.", (c, y) => MeasureKinds.Classify(InForceDuring(c, y)) == MeasureClass.Care ? 1 : 0),
        new("emergency-measures-year", "Barn med akuttiltak i løpet av året", Unit.Children, MeasureKinds.ClassSource,
            "Barn med et akuttvedtak i kraft en dag i året.", (c, y) => InForceDuring(c, y).Any(m => MeasureKinds.Classify(m) == MeasureClass.Emergency) ? 1 : 0),
        new("placements-31dec", "Barn med plasseringstiltak per 31.12.", Unit.Children, Ssb11600,
            "Barn med et plasseringstiltak (kategori 1.x, 2.x, 8.2/8.4/8.5) i kraft 31. desember.",
            (c, y) => InForceOn(c, y.Last).Any(m => MeasureKinds.PlacementOf(m.Category.Code) is not null) ? 1 : 0),
        new("placement-foster-home-31dec", "Plassert i fosterhjem per 31.12.", Unit.Children, Ssb11600,
            "Barn hvis siste plassering i kraft 31. desember er fosterhjem (2.1–2.4, 2.99).", (c, y) => PlacementAtYearEnd(c, y, PlacementType.FosterHome)),
        new("placement-emergency-home-31dec", "Plassert i beredskapshjem per 31.12.", Unit.Children, Ssb11600,
            "Barn i beredskapshjem utenom familie og nære nettverk (2.5) 31. desember.", (c, y) => PlacementAtYearEnd(c, y, PlacementType.EmergencyHome)),
        new("placement-temporary-network-31dec", "Midlertidig hjem i familie og nære nettverk per 31.12.", Unit.Children, Ssb11600,
            "Barn i midlertidig hjem i familie og nære nettverk (2.6) 31. desember.", (c, y) => PlacementAtYearEnd(c, y, PlacementType.TemporaryHomeInNetwork)),
        new("placement-institution-31dec", "Plassert i institusjon per 31.12.", Unit.Children, Ssb11600,
            "Barn i institusjon (1.1, 1.2, 1.99) 31. desember.", (c, y) => PlacementAtYearEnd(c, y, PlacementType.Institution)),
        new("placement-supported-housing-31dec", "Bolig med oppfølging per 31.12.", Unit.Children, Ssb11600,
            "Barn og unge i bolig med oppfølging (8.2, 8.4, 8.5) 31. desember.", (c, y) => PlacementAtYearEnd(c, y, PlacementType.SupportedHousing)),
        new("collaboration-measures-31dec", "Samarbeidstiltak per 31.12.", Unit.Measures, Ssb10660,
            "Tiltak i kategori 6 (nettverksarbeid/samarbeid med andre tjenester) i kraft 31. desember.",
            (c, y) => InForceOn(c, y.Last).Count(m => m.Category.Code.StartsWith("6.", StringComparison.Ordinal))),
        new("other-services-measures-31dec", "Undersøkelse og behandling fra andre tjenester per 31.12.", Unit.Measures, Ssb10660,
            "Tiltak i kategori 7 i kraft 31. desember.", (c, y) => InForceOn(c, y.Last).Count(m => m.Category.Code.StartsWith("7.", StringComparison.Ordinal))),
        new("moves-year", "Flyttinger mellom plasseringer i året (SSBs telleregel)", Unit.Moves, MoveCounting.Source,
            "Endringer i type plasseringstiltak datert i året; første plassering og hjemflytting uten ny plassering telles ikke.",
            (c, y) => MoveCounting.Moves(c.Measures).Count(y.Contains)),
        new("moves-registered-year", "Registrerte flyttinger i året (Flytting)", Unit.Moves, new(Source.SsbRegister, "Sak/Flytting (fra 2022)"),
            "Flytting-oppføringer med flyttedato i året.", (c, y) => c.Moves.Count(m => y.Contains(m.MovedOn))),
        new("reports-received-year", "Bekymringsmeldinger mottatt", Unit.Reports, Ssb10673,
            "Meldinger med mottaksdato i året.", (c, y) => c.Reports.Count(r => y.Contains(r.ReceivedOn))),
        new("reports-reviewed-year", "Meldinger gjennomgått", Unit.Reports, Ssb10673,
            "Meldinger med konklusjonsdato i året.", (c, y) => c.Reports.Count(r => r.Conclusion is { } k && y.Contains(k.ConcludedOn))),
        new("reports-investigated-year", "Meldinger som gikk til undersøkelse", Unit.Reports, Ssb10673,
            "Meldinger konkludert i året med kode 2 (ikke henlagt – undersøkelse).",
            (c, y) => c.Reports.Count(r => r.Conclusion is { Code: "2" } k && y.Contains(k.ConcludedOn))),
        new("investigations-concluded-year", "Undersøkelser avsluttet", Unit.Investigations, SandnesInvestigations,
            "Undersøkelser med konklusjonsdato i året.", (c, y) => c.Investigations.Count(i => i.Conclusion is { } k && y.Contains(k.ConcludedOn))),
        new("investigations-to-measures-year", "Undersøkelser som førte til tiltak", Unit.Investigations, SandnesInvestigations,
            "Undersøkelser konkludert i året med kode 1 (vedtak om tiltak) eller 2 (begjæring til nemnda).",
            (c, y) => c.Investigations.Count(i => i.Conclusion is { } k && y.Contains(k.ConcludedOn) && k.Outcome.Code is "1" or "2")),
        new("investigations-dropped-year", "Undersøkelser henlagt", Unit.Investigations, SandnesInvestigations,
            "Undersøkelser konkludert i året med en henleggelseskode (3–9).",
            (c, y) => c.Investigations.Count(i => i.Conclusion is { } k && y.Contains(k.ConcludedOn) && k.Outcome.Code is not ("1" or "2"))),
        new("investigations-within-deadline-year", "Undersøkelser avsluttet innen fristen (7 + 90/180 dager)", Unit.Investigations,
            new(Source.SsbRegister, "Undersøkelse Kontroll 11 (7 + 90 dager, 7 + 180 med innvilget utvidet frist)"),
            "Undersøkelser konkludert i året senest 97 (187 ved innvilget utvidelse) dager etter meldingens mottaksdato.",
            (c, y) => c.Investigations.Count(i => i.Conclusion is { } k && y.Contains(k.ConcludedOn) && WithinRegisterDeadline(c, i))),
        new("foster-home-placements-after-decision-year", "Fosterhjemsplasseringer etter vedtak (ventetid målt)", Unit.Measures, FosterHomeWaiting.Source,
            "Første fosterhjemstiltak (2.1–2.4, 2.99) under et vedtak, startet i året, når barnet ikke var i fosterhjem dagen før.",
            (c, y) => FosterHomeWaiting.Waits(c).Count(w => y.Contains(w.StartedOn))),
        new("foster-home-wait-days-year", "Ventedager fra vedtak til fosterhjem, i alt", Unit.Days, FosterHomeWaiting.Source,
            "Summen av dager fra vedtaket til fosterhjemstiltaket startet, for plasseringene over.",
            (c, y) => FosterHomeWaiting.Waits(c).Where(w => y.Contains(w.StartedOn)).Sum(w => w.Days)),
        .. FosterHomeWaiting.Buckets.Select(b => new CaseIndicator($"foster-home-wait-{b.Id}-year", $"Fosterhjemsplasseringer etter ventetid {b.Label}", Unit.Measures,
            FosterHomeWaiting.Source, $"Plasseringene over der ventetiden fra vedtak var {b.Label}.",
            (c, y) => FosterHomeWaiting.Waits(c).Count(w => y.Contains(w.StartedOn) && w.Days >= b.From && w.Days <= b.To))),
    ];

    public static readonly IReadOnlyList<ShareIndicator> Shares =
    [
        new("share-reports-investigated", "Andel meldinger som gikk til undersøkelse", "reports-investigated-year", "reports-reviewed-year",
            Ssb10673, "Meldinger til undersøkelse / meldinger gjennomgått i året."),
        new("share-investigations-to-measures", "Andel undersøkelser som førte til tiltak", "investigations-to-measures-year", "investigations-concluded-year",
            SandnesInvestigations, "Undersøkelser med konklusjon 1 eller 2 / alle avsluttede undersøkelser i året."),
        new("share-investigations-within-deadline", "Andel undersøkelser avsluttet innen fristen", "investigations-within-deadline-year", "investigations-concluded-year",
            new(Source.SsbRegister, "Undersøkelse Kontroll 11"), "Undersøkelser avsluttet innen 7 + 90 (180) dager / alle avsluttede i året."),
        new("share-placements-foster-home", "Andel plasserte i fosterhjem", "placement-foster-home-31dec", "placements-31dec",
            Ssb11600, "Barn i fosterhjem / barn med plasseringstiltak 31. desember."),
        new("foster-home-wait-days-mean", "Gjennomsnittlig ventetid fra vedtak til fosterhjem (dager)", "foster-home-wait-days-year",
            "foster-home-placements-after-decision-year", FosterHomeWaiting.Source,
            "Ventedager i alt / fosterhjemsplasseringer etter vedtak i året (Bufdir måler fra ønsket oppstart, som Vern ikke har).", "dager", 1m),
    ];

    /// <summary>Support measures at home by the subtraction rule of Menon 2023 (seed 002, note to figure 5-2):
    /// «hjelpetiltak fra tabell 09050 fratrukket akuttiltak, atferdstiltak og plassert som hjelpetiltak fra tabell 12845».
    /// Used on SSB's aggregates and on Vern's own counts alike.</summary>
    public static decimal SupportAtHome(decimal supportMeasures, decimal emergency, decimal behavioural, decimal placedAsSupport) =>
        supportMeasures - emergency - behavioural - placedAsSupport;

    public static readonly Source SupportAtHomeSource = new(Source.Menon, "figur 5-2, note: hjelpetiltak i hjemmet = 09050 − akutt − atferd − plassert (12845)", "09050, 12845");

    /// <summary>SSB's day count (Undersøkelse Kontroll 11): concluded at most 7 + 90 days after the report was received,
    /// 7 + 180 when an extension was granted.</summary>
    public static bool WithinRegisterDeadline(CaseState c, Investigation i)
    {
        if (i.Conclusion is null || c.FindReport(i.ReportId) is not { } report) return false;
        var days = i.Extension is { Granted: true } ? 7 + 180 : 7 + 90;
        return i.Conclusion.ConcludedOn <= report.ReceivedOn.AddDays(days);
    }

    public static CaseIndicator? Find(string id) => All.FirstOrDefault(i => i.Id == id);
}
