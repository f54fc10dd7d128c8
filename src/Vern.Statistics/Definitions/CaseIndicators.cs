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
/// <param name="Counter">The case's contribution for the year, read from the case-year view (<see cref="CaseYear"/>).</param>
public sealed record CaseIndicator(string Id, string Label, Unit Unit, Source Source, string Definition, Func<CaseYear, int> Counter)
{
    /// <summary>The case's contribution for the year (builds the case-year view; <see cref="Breakdowns.CaseFigures"/> builds it once for all indicators).</summary>
    public int Count(CaseState c, StatisticsYear y) => Counter(new CaseYear(StatisticsFacts.From(c), y));
}

/// <summary>A share: one indicator's sum divided by another's, for the same municipality, year and age group, times
/// <paramref name="Scale"/> (100 for a percentage; 1 for a mean such as days per placement).</summary>
public sealed record ShareIndicator(string Id, string Label, string NumeratorId, string DenominatorId, Source Source, string Definition,
    string Unit = "%", decimal Scale = 100m);

/// <summary>The indicator set of Menon 2023 (seed 002, table 2-1 and ch. 5) and the register-based indicators of the
/// KOSTRA analyses in seeds 001 and 004 that Vern's case data can answer, each defined once with its source.</summary>
public static class CaseIndicators
{
    private static int Is(bool b) => b ? 1 : 0;

    private static readonly Source Ssb09050 = new(Source.Menon, "tabell 2-1; kap. 5.1, figur 5-1", "09050");
    private static readonly Source Ssb11600 = new(Source.Menon, "tabell 2-1; kap. 5.2, figur 5-3 til 5-6", "11600");
    private static readonly Source Ssb10660 = new(Source.Menon, "tabell 2-1; kap. 5.4, figur 5-10", "10660");
    private static readonly Source Ssb10673 = new(Source.Menon, "tabell 2-1; kap. 5.3", "10673");
    private static readonly Source SandnesInvestigations = new(Source.Sandnes, "figur 7–12 (undersøkelser og andel som fører til tiltak)", "12870");

    public static readonly IReadOnlyList<CaseIndicator> All =
    [
        new("children-with-measures-year", "Barn med barnevernstiltak i løpet av året", Unit.Children, Ssb09050,
            "Barn med minst ett tiltak i kraft en dag i året.", y => Is(y.DuringYear.Length > 0)),
        new("children-with-measures-31dec", "Barn med barnevernstiltak per 31.12.", Unit.Children, Ssb09050,
            "Barn med minst ett tiltak i kraft 31. desember.", y => Is(y.AtYearEnd.Length > 0)),
        new("care-measures-31dec", "Barn med omsorgstiltak per 31.12.", Unit.Children, MeasureKinds.ClassSource,
            "Barn med et tiltak på omsorgshjemmel i kraft 31. desember (omsorgstiltak går foran hjelpetiltak).",
            y => Is(y.ClassAtYearEnd == MeasureClass.Care)),
        new("support-measures-31dec", "Barn med hjelpetiltak per 31.12.", Unit.Children, Ssb09050,
            "Barn med tiltak 31. desember uten omsorgstiltak (SSBs «hjelpetiltak» i tabell 09050).",
            y => Is(y.ClassAtYearEnd is { } k && k != MeasureClass.Care)),
        new("emergency-measures-31dec", "Barn med akuttiltak per 31.12.", Unit.Children, MeasureKinds.ClassSource,
            "Barn uten omsorgstiltak med et akuttvedtak i kraft 31. desember.", y => Is(y.ClassAtYearEnd == MeasureClass.Emergency)),
        new("behavioural-measures-31dec", "Barn med atferdstiltak per 31.12.", Unit.Children, MeasureKinds.ClassSource,
            "Barn uten omsorgs- eller akuttiltak med et atferdstiltak i kraft 31. desember.", y => Is(y.ClassAtYearEnd == MeasureClass.Behavioural)),
        new("placed-as-support-31dec", "Barn plassert som hjelpetiltak per 31.12.", Unit.Children, MeasureKinds.ClassSource,
            "Barn med frivillig plassering utenfor hjemmet som hjelpetiltak 31. desember.", y => Is(y.ClassAtYearEnd == MeasureClass.PlacedAsSupport)),
        new("care-measures-year", "Barn med omsorgstiltak i løpet av året", Unit.Children, MeasureKinds.ClassSource,
            "Barn med et tiltak på omsorgshjemmel i kraft en dag i året.", y => Is(y.ClassDuringYear == MeasureClass.Care)),
        new("emergency-measures-year", "Barn med akuttiltak i løpet av året", Unit.Children, MeasureKinds.ClassSource,
            "Barn med et akuttvedtak i kraft en dag i året.", y => Is(Array.Exists(y.DuringYear, i => y.Facts.Measures[i].Class == MeasureClass.Emergency))),
        new("placements-31dec", "Barn med plasseringstiltak per 31.12.", Unit.Children, Ssb11600,
            "Barn med et plasseringstiltak (kategori 1.x, 2.x, 8.2/8.4/8.5) i kraft 31. desember.",
            y => Is(y.PlacementAtYearEnd is not null)),
        new("placement-foster-home-31dec", "Plassert i fosterhjem per 31.12.", Unit.Children, Ssb11600,
            "Barn hvis siste plassering i kraft 31. desember er fosterhjem (2.1–2.4, 2.99).", y => Is(y.PlacementAtYearEnd == PlacementType.FosterHome)),
        new("placement-emergency-home-31dec", "Plassert i beredskapshjem per 31.12.", Unit.Children, Ssb11600,
            "Barn i beredskapshjem utenom familie og nære nettverk (2.5) 31. desember.", y => Is(y.PlacementAtYearEnd == PlacementType.EmergencyHome)),
        new("placement-temporary-network-31dec", "Midlertidig hjem i familie og nære nettverk per 31.12.", Unit.Children, Ssb11600,
            "Barn i midlertidig hjem i familie og nære nettverk (2.6) 31. desember.", y => Is(y.PlacementAtYearEnd == PlacementType.TemporaryHomeInNetwork)),
        new("placement-institution-31dec", "Plassert i institusjon per 31.12.", Unit.Children, Ssb11600,
            "Barn i institusjon (1.1, 1.2, 1.99) 31. desember.", y => Is(y.PlacementAtYearEnd == PlacementType.Institution)),
        new("placement-supported-housing-31dec", "Bolig med oppfølging per 31.12.", Unit.Children, Ssb11600,
            "Barn og unge i bolig med oppfølging (8.2, 8.4, 8.5) 31. desember.", y => Is(y.PlacementAtYearEnd == PlacementType.SupportedHousing)),
        new("collaboration-measures-31dec", "Samarbeidstiltak per 31.12.", Unit.Measures, Ssb10660,
            "Tiltak i kategori 6 (nettverksarbeid/samarbeid med andre tjenester) i kraft 31. desember.",
            y => y.CountAtYearEnd(m => m.Category.StartsWith("6.", StringComparison.Ordinal))),
        new("other-services-measures-31dec", "Undersøkelse og behandling fra andre tjenester per 31.12.", Unit.Measures, Ssb10660,
            "Tiltak i kategori 7 i kraft 31. desember.", y => y.CountAtYearEnd(m => m.Category.StartsWith("7.", StringComparison.Ordinal))),
        new("moves-year", "Flyttinger mellom plasseringer i året (SSBs telleregel)", Unit.Moves, MoveCounting.Source,
            "Endringer i type plasseringstiltak datert i året; første plassering og hjemflytting uten ny plassering telles ikke.",
            y => y.Get(Tally.Moves)),
        new("moves-registered-year", "Registrerte flyttinger i året (Flytting)", Unit.Moves, new(Source.SsbRegister, "Sak/Flytting (fra 2022)"),
            "Flytting-oppføringer med flyttedato i året.", y => y.Get(Tally.MovesRegistered)),
        new("reports-received-year", "Bekymringsmeldinger mottatt", Unit.Reports, Ssb10673,
            "Meldinger med mottaksdato i året.", y => y.Get(Tally.ReportsReceived)),
        new("reports-reviewed-year", "Meldinger gjennomgått", Unit.Reports, Ssb10673,
            "Meldinger med konklusjonsdato i året.", y => y.Get(Tally.ReportsReviewed)),
        new("reports-investigated-year", "Meldinger som gikk til undersøkelse", Unit.Reports, Ssb10673,
            "Meldinger konkludert i året med kode 2 (ikke henlagt – undersøkelse).",
            y => y.Get(Tally.ReportsInvestigated)),
        new("investigations-concluded-year", "Undersøkelser avsluttet", Unit.Investigations, SandnesInvestigations,
            "Undersøkelser med konklusjonsdato i året.", y => y.Get(Tally.InvestigationsConcluded)),
        new("investigations-to-measures-year", "Undersøkelser som førte til tiltak", Unit.Investigations, SandnesInvestigations,
            "Undersøkelser konkludert i året med kode 1 (vedtak om tiltak) eller 2 (begjæring til nemnda).",
            y => y.Get(Tally.InvestigationsToMeasures)),
        new("investigations-dropped-year", "Undersøkelser henlagt", Unit.Investigations, SandnesInvestigations,
            "Undersøkelser konkludert i året med en henleggelseskode (3–9).",
            y => y.Get(Tally.InvestigationsDropped)),
        new("investigations-within-deadline-year", "Undersøkelser avsluttet innen fristen (7 + 90/180 dager)", Unit.Investigations,
            new(Source.SsbRegister, "Undersøkelse Kontroll 11 (7 + 90 dager, 7 + 180 med innvilget utvidet frist)"),
            "Undersøkelser konkludert i året senest 97 (187 ved innvilget utvidelse) dager etter meldingens mottaksdato.",
            y => y.Get(Tally.InvestigationsWithinDeadline)),
        new("foster-home-placements-after-decision-year", "Fosterhjemsplasseringer etter vedtak (ventetid målt)", Unit.Measures, FosterHomeWaiting.Source,
            "Første fosterhjemstiltak (2.1–2.4, 2.99) under et vedtak, startet i året, når barnet ikke var i fosterhjem dagen før.",
            y => y.Get(Tally.FosterHomeWaits)),
        new("foster-home-wait-days-year", "Ventedager fra vedtak til fosterhjem, i alt", Unit.Days, FosterHomeWaiting.Source,
            "Summen av dager fra vedtaket til fosterhjemstiltaket startet, for plasseringene over.",
            y => y.Get(Tally.FosterHomeWaitDays)),
        .. FosterHomeWaiting.Buckets.Select((b, k) => new CaseIndicator($"foster-home-wait-{b.Id}-year", $"Fosterhjemsplasseringer etter ventetid {b.Label}", Unit.Measures,
            FosterHomeWaiting.Source, $"Plasseringene over der ventetiden fra vedtak var {b.Label}.", y => y.Get(Tally.FosterHomeWaitBucket0 + k))),
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
