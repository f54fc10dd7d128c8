using Vern.Statistics.Breakdowns;
using Vern.Statistics.Definitions;

namespace Vern.Statistics.Public;

/// <summary>A figure derived from other figures of the same region and year (KOSTRA analyses of seeds 001 and 004).</summary>
public sealed record DerivedIndicator(string Id, string Label, string Unit, Source Source, string Definition, Func<FigureLookup, string, int, decimal?> Compute);

/// <summary>Looks figures up by indicator, region, year and age group; population for rates.</summary>
public sealed class FigureLookup(IEnumerable<Figure> figures, Population? population = null)
{
    // The figures by indicator, and each indicator's first value per region, year and age group made when it is first asked
    // for: the derived figures ask for a handful of indicators, not the hundreds of thousands of figures of a national run.
    private readonly Dictionary<string, List<Figure>> _byIndicator = ByIndicator(figures);
    private readonly Dictionary<string, Dictionary<(string, int, string), decimal?>> _values = new(StringComparer.Ordinal);

    private static Dictionary<string, List<Figure>> ByIndicator(IEnumerable<Figure> figures)
    {
        var lists = new Dictionary<string, List<Figure>>(StringComparer.Ordinal);
        foreach (var f in figures)
        {
            if (!lists.TryGetValue(f.IndicatorId, out var list))
                lists[f.IndicatorId] = list = [];
            list.Add(f);
        }
        return lists;
    }

    public Population? Population => population;

    /// <summary>The first figure's value for the indicator, region, year and age group, or null.</summary>
    public decimal? Get(string indicator, string region, int year, string ageGroup = "alle")
    {
        if (!_values.TryGetValue(indicator, out var values))
        {
            _values[indicator] = values = [];
            foreach (var f in _byIndicator.GetValueOrDefault(indicator) ?? [])
                values.TryAdd((f.Region, f.Year, f.AgeGroup), f.Value);
        }
        return values.GetValueOrDefault((region, year, ageGroup));
    }
}

/// <summary>KOSTRA's child welfare functions and the ratios the seed reports compute from them: 244 barnevernstjeneste,
/// 251 tiltak når barnet ikke er plassert, 252 tiltak når barnet er plassert (Menon 2023, seed 002, footnote 12;
/// KS 2015, seed 001, "Hva sier KOSTRA-tallene?").</summary>
public static class Kostra
{
    private static readonly Source KsCounty = new(Source.Ks, "Fylkesoversikt (2013)", "12362");

    /// <summary>Kroner per inhabitant of the age group (KS 2015: "Gj.snitt utg. pr innb."). Example: Østfold
    /// 475,500,000 kr / 79,242 children = 6,000.6 → 6,000 kr.</summary>
    public static decimal PerInhabitant(decimal expenses, decimal inhabitants) =>
        inhabitants > 0 ? expenses / inhabitants : throw new ArgumentOutOfRangeException(nameof(inhabitants), inhabitants, "Innbyggertallet må være større enn 0.");

    /// <summary>A share in percent (KS 2015, notes (1) and (2) to the county table). Example: Akershus 137,000,000 kr on
    /// function 251 of 731,200,000 kr = 18.7 %.</summary>
    public static decimal SharePercent(decimal part, decimal whole) =>
        whole != 0 ? part / whole * 100m : throw new ArgumentOutOfRangeException(nameof(whole), whole, "Nevneren kan ikke være 0.");

    /// <summary>Cost per child with support measures at home (KS 2015, "Kostnad pr. barn med hjelpetiltak"): the year's
    /// expenses on function 251 divided by the children with support measures at home at the end of the year before,
    /// as the seed does (2013 expenses 1.15 bn kr / 35,803 children at the end of 2012 = 32,120 kr).</summary>
    public static decimal CostPerChild(decimal expenses251, decimal children) =>
        children > 0 ? expenses251 / children : throw new ArgumentOutOfRangeException(nameof(children), children, "Antall barn må være større enn 0.");

    public static readonly IReadOnlyList<DerivedIndicator> Derived =
    [
        new("kostra-per-child-inhabitant", "Barnevernsutgifter per innbygger 0–22 år", "kr", KsCounty,
            "Utgifter barnevern i alt / barnebefolkning 0–22 år.",
            (l, r, y) => l.Get("kostra-expenses-total", r, y) is { } e && l.Population?.Get(r, y, "0-22") is { } p && p > 0 ? PerInhabitant(e, p) : null),
        new("kostra-share-251", "Andel av utgiftene til barn som bor hjemme (f. 251)", "%", KsCounty,
            "Funksjon 251 / barnevern i alt × 100.",
            (l, r, y) => l.Get("kostra-expenses-251", r, y) is { } f && l.Get("kostra-expenses-total", r, y) is { } t && t != 0 ? SharePercent(f, t) : null),
        new("kostra-share-purchases-251", "Andel av hjelpetiltakene som er kjøpt (art 3)", "%", KsCounty,
            "Kjøp som erstatter kommunal tjenesteproduksjon på funksjon 251 / funksjon 251 × 100.",
            (l, r, y) => l.Get("kostra-purchases-251", r, y) is { } k && l.Get("kostra-expenses-251", r, y) is { } f && f != 0 ? SharePercent(k, f) : null),
        new("kostra-cost-per-child-support", "Utgift per barn med hjelpetiltak i hjemmet (f. 251)", "kr", new(Source.Ks, "Kostnad pr. barn med hjelpetiltak", "12362, 09050"),
            "Funksjon 251 i året / barn med hjelpetiltak i hjemmet 31.12. året før.",
            (l, r, y) => l.Get("kostra-expenses-251", r, y) is { } f && SupportAtHome(l, r, y - 1) is { } n && n > 0 ? CostPerChild(f, n) : null),
        new("support-at-home-31dec", "Barn med hjelpetiltak i hjemmet per 31.12.", "barn", CaseIndicators.SupportAtHomeSource,
            "Hjelpetiltak − akuttiltak − atferdstiltak − plassert som hjelpetiltak.", (l, r, y) => SupportAtHome(l, r, y)),
    ];

    /// <summary>Menon's subtraction rule on whatever figures the lookup has (SSB's or Vern's), all ages.</summary>
    public static decimal? SupportAtHome(FigureLookup l, string region, int year, string age = "alle") =>
        l.Get("support-measures-31dec", region, year, age) is { } s
            ? CaseIndicators.SupportAtHome(s, l.Get("emergency-measures-31dec", region, year, age) ?? 0,
                l.Get("behavioural-measures-31dec", region, year, age) ?? 0, l.Get("placed-as-support-31dec", region, year, age) ?? 0)
            : null;
}
