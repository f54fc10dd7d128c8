using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vern.Domain.Cases;
using Vern.Statistics.Breakdowns;
using Vern.Statistics.Cases;
using Vern.Statistics.Definitions;
using Vern.Statistics.Projection;
using Vern.Statistics.Public;
using Vern.Storage;

namespace Vern.Statistics;

/// <summary>What to compute: Vern's own case data for a municipality (or all), the years, and imported SSB tables.</summary>
/// <param name="PublicTables">SSB table exports (CSV) to set beside Vern's figures; a 07459 table gives population.</param>
/// <param name="AllAgeGroups">All age groups, or only "alle", "0-17" and "18-24".</param>
public sealed record StatisticsQuery(
    string? Municipality,
    int FromYear,
    int ToYear,
    IReadOnlyList<string>? PublicTables = null,
    bool AllAgeGroups = false);

/// <summary>One line of output: an indicator for a region, year and age group, with its rate per 1,000 children of the age
/// group (when population is known), the change from the year before (in percent; in percentage points for a share),
/// and its source.</summary>
public sealed record IndicatorRow(
    string IndicatorId,
    string Label,
    string Region,
    int Year,
    string AgeGroup,
    decimal? Value,
    decimal? Per1000,
    decimal? Change,
    string Unit,
    string Origin,
    string Source,
    string? Symbol = null);

/// <summary>The result: the rows, and what they were computed from.</summary>
public sealed record StatisticsResult(StatisticsQuery Query, long CasesRead, IReadOnlyList<IndicatorRow> Rows)
{
    /// <summary>Each municipality's SSB size class («størrelse N») per year, where population was imported; used by
    /// <see cref="Suppression"/> to protect the size classes' totals.</summary>
    public IReadOnlyDictionary<(string Municipality, int Year), string> SizeClasses { get; init; } = new Dictionary<(string, int), string>();

    /// <summary>The rule small counts were suppressed by, or null when the figures are exact (the service's own view).</summary>
    public SuppressionRule? Suppression { get; init; }

    public IEnumerable<IndicatorRow> For(string indicatorId, string region, string ageGroup = "alle") =>
        Rows.Where(r => r.IndicatorId == indicatorId && r.Region == region && r.AgeGroup == ageGroup).OrderBy(r => r.Year);
}

/// <summary>The annual report's files: the page, and the PDF or why there is none.</summary>
public sealed record AnnualReportFiles(string Html, string? Pdf, string? PdfNote);

/// <summary>The statistics feature's one entry point: indicators from Vern's case data and imported SSB tables, with
/// breakdowns by municipality, county, SSB size class, the nation with and without Oslo, age group and year.</summary>
/// <remarks>With a <see cref="StatisticsProjection"/> the indicators are counted from its compact facts, brought up to date
/// first (issue 19, speed); without one from the case snapshots. Both give the facts of <see cref="StatisticsFacts.From"/>,
/// so every indicator has one definition. A caller whose snapshots are narrowed (a bydel's service: its listings of its
/// municipality give its bydel only) passes the same narrowing as <paramref name="narrow"/>, and the projection is read
/// for the narrowed scope.</remarks>
public sealed class StatisticsService(ICaseSnapshots store, StatisticsProjection? projection = null, Func<MunicipalityScope, MunicipalityScope>? narrow = null)
{
    private static readonly string[] MainAgeGroups = ["alle", "0-17", "18-24"];

    /// <summary>Computes every indicator for the query. <paramref name="progress"/> gets the number of cases read so far.
    /// <paramref name="read"/> gets the ids of every case read, once they are read and before any figure is counted (the
    /// application logs them as one bulk read: exactly the cases counted, with no second listing of the store). With
    /// <paramref name="suppression"/> the result is <see cref="Suppression.Apply(StatisticsResult, SuppressionRule)"/> of the
    /// exact one, the spread across municipalities worked out once, from the published cells.</summary>
    public async Task<StatisticsResult> ComputeAsync(StatisticsQuery query, IProgress<long>? progress = null, CancellationToken cancellationToken = default,
        Func<IReadOnlyCollection<CaseId>, Task>? read = null, SuppressionRule? suppression = null)
    {
        var facts = await ReadFactsAsync(MunicipalityScope.OneOrNational(query.Municipality), progress, cancellationToken);
        if (read is not null)
            await read(Array.ConvertAll(facts, f => f.Id));
        var counts = CaseFigures.CountAll(query.FromYear, query.ToYear, facts);
        progress?.Report(counts.CasesRead);

        // Only the age groups shown are made and summed: every figure, share and derived figure is of one age group, and the
        // derived figures read «alle» (always shown), so the others would be worked out only to be dropped.
        var keep = query.AllAgeGroups ? null : MainAgeGroups;
        var own = counts.ToFigures(keep).ToList();
        var imported = new List<Figure>();
        var population = new Population();
        foreach (var path in query.PublicTables ?? [])
        {
            var table = SsbTableCsv.ReadFile(path);
            if (table.Number == "07459")
                foreach (var r in table.Rows.Where(r => r.Value is not null))
                    population.Add(SsbTableCsv.RegionCode(r.Dimensions["region"]), r.Year, AgeOf(table, r), r.Value!.Value);
            else
                imported.AddRange(PublicAggregates.ToFigures(table).Where(f => keep is null || keep.Contains(f.AgeGroup)));
        }

        if (query.Municipality is null)
            own.AddRange(Aggregate(own, population));
        var all = own.Concat(imported).ToList();
        all.AddRange(SharesOf(all).ToList());
        var lookup = new FigureLookup(all, population);
        all.AddRange(DerivedOf(all, lookup).ToList());

        var rows = ToRows(all.Where(f => keep is null || keep.Contains(f.AgeGroup)), population);
        var sizeClasses = new Dictionary<(string, int), string>();
        foreach (var (m, year) in own.Where(f => f.Region.Length == 4 && f.Region.All(char.IsAsciiDigit)).Select(f => (f.Region, f.Year)).Distinct())
            if (population.Total(m, year) is { } p)
                sizeClasses[(m, year)] = Regions.SizeClassName(Regions.SizeClass((long)p));
        // Suppressing the exact table drops its spread rows and works them out again from the published cells; so with a rule
        // the spread is worked out once, after it (the same rows as Suppression.Apply of the exact result).
        var result = new StatisticsResult(query, counts.CasesRead, rows) { SizeClasses = sizeClasses };
        if (suppression is not null)
            result = Suppression.Apply(result, suppression);
        if (query.Municipality is null)
            result = result with { Rows = [.. result.Rows, .. MeanAndMedian(result.Rows)] };
        return result;
    }

    /// <summary>The council's annual report (tilstandsrapport, <see cref="Output.AnnualReport.LegalBasis"/>) for one
    /// municipality and year: computes five years over every case (so the municipality is set beside the others and the
    /// nation) and writes <c>index.html</c> with its charts into <paramref name="directory"/>, and <c>report.pdf</c> printed
    /// from the same page when headless Chromium is installed (else <see cref="AnnualReportFiles.PdfNote"/> says why not).
    /// With <paramref name="suppression"/>, every figure on the page and in the charts has small counts suppressed.</summary>
    public async Task<AnnualReportFiles> WriteAnnualReportAsync(string municipality, int year, string directory, DateOnly generatedOn,
        IReadOnlyList<string>? publicTables = null, IProgress<long>? progress = null, SuppressionRule? suppression = null, CancellationToken cancellationToken = default)
    {
        var result = await ComputeAsync(new StatisticsQuery(null, year - 4, year, publicTables, AllAgeGroups: false), progress, cancellationToken, suppression: suppression);
        if (!result.Rows.Any(r => r.Region == municipality && r.Origin == "vern"))
            throw new ArgumentException($"Kommune {municipality} har ingen saker i databasen for {year - 4}–{year}.", nameof(municipality));
        var html = Output.AnnualReport.Write(result, municipality, year, directory, generatedOn);
        if (Vern.Rendering.PdfPrinter.FindChromium() is not { } chromium)
            return new AnnualReportFiles(html, null, "PDF ikke laget: fant ikke chromium (apt-get install chromium, eller sett VERN_CHROMIUM).");
        var pdf = Path.Combine(directory, "report.pdf");
        Vern.Rendering.PdfPrinter.PrintFile(html, pdf, TimeSpan.FromMinutes(2), chromium);
        return new AnnualReportFiles(html, pdf, null);
    }

    /// <summary>A measure category's actual use in a year (started, ended, durations, days from decision to start), for
    /// one municipality or all: inputs for a policy simulation in place of assumptions (issue 20). Plain numbers.</summary>
    public async Task<MeasureUseFigures> MeasureUseAsync(string category, int year, string? municipality = null, CancellationToken cancellationToken = default) =>
        Definitions.MeasureUse.Compute(await new CaseStatesSource(store).ReadAsync(MunicipalityScope.OneOrNational(municipality), cancellationToken).ToListAsync(cancellationToken),
            category, year, municipality);

    /// <summary>The facts of every case of the scope: from the projection (refreshed first) when there is one, else from
    /// the snapshots.</summary>
    private async Task<StatisticsFacts[]> ReadFactsAsync(MunicipalityScope scope, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (projection is not null)
        {
            await projection.RefreshAsync(cancellationToken: cancellationToken);
            return await projection.LoadAsync(narrow?.Invoke(scope) ?? scope, cancellationToken);
        }
        var facts = new List<StatisticsFacts>();
        await foreach (var c in new CaseStatesSource(store).ReadAsync(scope, cancellationToken))
        {
            facts.Add(StatisticsFacts.From(c));
            if (facts.Count % 5_000 == 0) progress?.Report(facts.Count);
        }
        return [.. facts];
    }

    private static string AgeOf(SsbTable t, SsbRow r) =>
        t.DimensionNames.FirstOrDefault(d => d.Equals("alder", StringComparison.OrdinalIgnoreCase)) is { } a ? SsbTableCsv.AgeGroup(r.Dimensions[a]) : "alle";

    /// <summary>Sums municipal counts to counties, size classes (when population is known) and the nation with and without Oslo.</summary>
    public static IEnumerable<Figure> Aggregate(IReadOnlyList<Figure> municipal, Population population)
    {
        // One sum per indicator, region, year and age group, in the order the keys first occur (a loop, not GroupBy: a
        // national run sums some 700,000 municipal figures into their regions).
        var sums = new Dictionary<(string IndicatorId, string Region, int Year, string AgeGroup), decimal>();
        var regions = new Dictionary<(string Municipality, int Year), string[]>();
        foreach (var f in municipal)
        {
            if (!regions.TryGetValue((f.Region, f.Year), out var of))
            {
                var size = population.Total(f.Region, f.Year) is { } p ? Regions.SizeClassName(Regions.SizeClass((long)p)) : null;
                regions[(f.Region, f.Year)] = of = new[] { Regions.County(f.Region), Regions.Nation, f.Region == Regions.Oslo ? null : Regions.NationWithoutOslo, size }
                    .OfType<string>().ToArray();
            }
            foreach (var region in of)
            {
                ref var sum = ref CollectionsMarshal.GetValueRefOrAddDefault(sums, (f.IndicatorId, region, f.Year, f.AgeGroup), out _);
                sum += f.Value ?? 0;
            }
        }
        return sums.Select(kv => new Figure(kv.Key.IndicatorId, kv.Key.Region, kv.Key.Year, kv.Key.AgeGroup, kv.Value, "vern"));
    }

    private static IEnumerable<Figure> SharesOf(IReadOnlyList<Figure> figures)
    {
        var denominators = CaseIndicators.Shares.Select(s => s.DenominatorId).ToHashSet(StringComparer.Ordinal);
        var byKey = new Dictionary<(string, string, int, string, string), decimal?>();
        foreach (var f in figures)
            if (denominators.Contains(f.IndicatorId))
                byKey.TryAdd((f.IndicatorId, f.Region, f.Year, f.AgeGroup, f.Origin), f.Value); // the first of equal keys, as before
        var numerators = CaseIndicators.Shares.Select(s => s.NumeratorId).ToHashSet();
        var byNumerator = figures.Where(f => numerators.Contains(f.IndicatorId)).ToLookup(f => f.IndicatorId);
        foreach (var share in CaseIndicators.Shares)
            foreach (var num in byNumerator[share.NumeratorId])
                if (byKey.GetValueOrDefault((share.DenominatorId, num.Region, num.Year, num.AgeGroup, num.Origin)) is { } d && d != 0 && num.Value is { } n)
                    yield return new Figure(share.Id, num.Region, num.Year, num.AgeGroup, n / d * share.Scale, num.Origin);
    }

    private static IEnumerable<Figure> DerivedOf(IReadOnlyList<Figure> figures, FigureLookup lookup)
    {
        foreach (var (region, year, origin) in figures.Where(f => f.AgeGroup == "alle").Select(f => (f.Region, f.Year, f.Origin)).Distinct())
            foreach (var d in Kostra.Derived)
                if (d.Compute(lookup, region, year) is { } v)
                    yield return new Figure(d.Id, region, year, "alle", v, origin);
    }

    private static List<IndicatorRow> ToRows(IEnumerable<Figure> figures, Population population)
    {
        // The first figure of each key (indicator, region, year, age group, origin), and its value for the next year's change.
        var previous = new Dictionary<(string, string, int, string, string), decimal?>();
        var list = new List<Figure>();
        foreach (var f in figures)
            if (previous.TryAdd((f.IndicatorId, f.Region, f.Year, f.AgeGroup, f.Origin), f.Value))
                list.Add(f);
        var described = new Dictionary<string, (string Label, string Unit, string Source)>();
        return Sorted(list.Select(f =>
        {
            if (!described.TryGetValue(f.IndicatorId, out var d))
                described[f.IndicatorId] = d = Describe(f.IndicatorId);
            var (label, unit, source) = d;
            decimal? per1000 = unit == "barn" && f.Value is { } v && population.Get(f.Region, f.Year, RateBase(f.AgeGroup)) is { } p && p > 0 ? v / p * 1000m : null;
            var before = previous.GetValueOrDefault((f.IndicatorId, f.Region, f.Year - 1, f.AgeGroup, f.Origin));
            var change = unit == "%" ? before is { } b && f.Value is { } a ? a - b : null : Summary.ChangePercent(before, f.Value);
            return new IndicatorRow(f.IndicatorId, label, f.Region, f.Year, f.AgeGroup, f.Value, per1000, change, unit, f.Origin, source, f.Symbol);
        }).ToList());
    }

    /// <summary>The rows by indicator, region (municipalities, counties, size classes, the nation, the nation without Oslo,
    /// the rest; each group in ordinal order), year, age group and origin, equal rows in their given order.</summary>
    /// <remarks>The order of <c>OrderBy(indicator).ThenBy(region order).ThenBy(region)…</c> with ordinal string order, sorted
    /// on each distinct string's rank (worked out once) instead of comparing strings: a national table has some 500,000 rows.</remarks>
    private static List<IndicatorRow> Sorted(List<IndicatorRow> rows)
    {
        static Dictionary<string, int> Ranks(IEnumerable<string> names, Comparison<string> order)
        {
            var distinct = names.Distinct(StringComparer.Ordinal).ToArray();
            Array.Sort(distinct, order);
            var ranks = new Dictionary<string, int>(distinct.Length, StringComparer.Ordinal);
            for (var i = 0; i < distinct.Length; i++) ranks[distinct[i]] = i;
            return ranks;
        }
        var ids = Ranks(rows.Select(r => r.IndicatorId), string.CompareOrdinal);
        var regions = Ranks(rows.Select(r => r.Region), (a, b) => RegionOrder(a) != RegionOrder(b) ? RegionOrder(a).CompareTo(RegionOrder(b)) : string.CompareOrdinal(a, b));
        var ages = Ranks(rows.Select(r => r.AgeGroup), string.CompareOrdinal);
        var origins = Ranks(rows.Select(r => r.Origin), string.CompareOrdinal);
        var keys = new (int Id, int Region, int Year, int Age, int Origin, int Index)[rows.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            var r = rows[i];
            keys[i] = (ids[r.IndicatorId], regions[r.Region], r.Year, ages[r.AgeGroup], origins[r.Origin], i);
        }
        Array.Sort(keys);
        var sorted = new List<IndicatorRow>(keys.Length);
        foreach (var k in keys) sorted.Add(rows[k.Index]);
        return sorted;
    }

    /// <summary>Across municipalities: mean and median of each indicator's value, and of its rate per 1,000 where at least two
    /// municipalities have one, per year and age group (the spread a municipality sets itself against).</summary>
    internal static IEnumerable<IndicatorRow> MeanAndMedian(IReadOnlyList<IndicatorRow> rows) =>
        rows.Where(r => r.Region.Length == 4 && r.Region.All(char.IsAsciiDigit) && r.Origin == "vern")
            .GroupBy(r => (r.IndicatorId, r.Year, r.AgeGroup))
            .SelectMany(g =>
            {
                var first = g.First() with { Per1000 = null, Change = null, Symbol = null };
                var values = g.Select(r => r.Value).OfType<decimal>().ToList();
                var rates = g.Select(r => r.Per1000).OfType<decimal>().ToList();
                var result = new List<IndicatorRow>();
                if (values.Count > 1)
                {
                    result.Add(first with { Region = "kommunene, gjennomsnitt", Value = Summary.Mean(values) });
                    result.Add(first with { Region = "kommunene, median", Value = Summary.Median(values) });
                }
                if (rates.Count > 1)
                {
                    result.Add(first with { Region = "kommunene, gjennomsnitt per 1000", Value = Summary.Mean(rates), Unit = "per 1000" });
                    result.Add(first with { Region = "kommunene, median per 1000", Value = Summary.Median(rates), Unit = "per 1000" });
                }
                return result;
            });

    /// <summary>The population a rate per 1,000 is taken of: the age group itself, except "alle" (all ages with a measure),
    /// which is set against children and young people 0–24, the ages the Act's measures reach.</summary>
    public static string RateBase(string ageGroup) => ageGroup == "alle" ? "0-24" : ageGroup;

    private static int RegionOrder(string region) => region switch
    {
        _ when region.Length == 4 && region.All(char.IsAsciiDigit) => 0,
        _ when region.StartsWith("fylke", StringComparison.Ordinal) => 1,
        _ when region.StartsWith("størrelse", StringComparison.Ordinal) => 2,
        Regions.Nation => 3,
        Regions.NationWithoutOslo => 4,
        _ => 5,
    };

    /// <summary>Label, unit and source of any indicator id (case, share or derived).</summary>
    public static (string Label, string Unit, string Source) Describe(string id)
    {
        if (CaseIndicators.Find(id) is { } c) return (c.Label, UnitName(c.Unit), c.Source.ToString());
        if (CaseIndicators.Shares.FirstOrDefault(s => s.Id == id) is { } s) return (s.Label, s.Unit, s.Source.ToString());
        if (Kostra.Derived.FirstOrDefault(d => d.Id == id) is { } d) return (d.Label, d.Unit, d.Source.ToString());
        return id switch
        {
            "kostra-expenses-total" => ("Utgifter barnevern i alt (244, 251, 252)", "kr", "SSB tabell 12362 (KOSTRA)"),
            "kostra-expenses-244" => ("Utgifter funksjon 244 barnevernstjeneste", "kr", "SSB tabell 12362 (KOSTRA)"),
            "kostra-expenses-251" => ("Utgifter funksjon 251 tiltak når barnet ikke er plassert", "kr", "SSB tabell 12362 (KOSTRA)"),
            "kostra-expenses-252" => ("Utgifter funksjon 252 tiltak når barnet er plassert", "kr", "SSB tabell 12362 (KOSTRA)"),
            "kostra-purchases-251" => ("Kjøp som erstatter kommunal tjenesteproduksjon, funksjon 251", "kr", "SSB tabell 12362 (KOSTRA, art 3)"),
            "bufdir-foster-home-wait-days-mean" => ("Gjennomsnittlig ventetid på fosterhjem fra Bufetat, per 31.12. (dager fra ønsket oppstart)", "dager", BufdirWaiting),
            "bufdir-foster-home-wait-days-median" => ("Median ventetid på fosterhjem fra Bufetat, per 31.12. (dager fra ønsket oppstart)", "dager", BufdirWaiting),
            "bufdir-children-waiting-foster-home-31dec" => ("Barn som venter på fosterhjem fra Bufetat, per 31.12.", "barn", BufdirWaiting),
            _ => (id, "", ""),
        };
    }

    private const string BufdirWaiting = "Bufdir, gjengitt i Menon 2023 (seed 002) kap. 5.3, figur 5-7 og 5-8";

    private static string UnitName(Unit unit) => unit switch
    {
        Unit.Days => "dager",
        Unit.Children => "barn",
        Unit.Measures => "tiltak",
        Unit.Reports => "meldinger",
        Unit.Investigations => "undersøkelser",
        Unit.Moves => "flyttinger",
        _ => throw new NotSupportedException($"Unit {unit} has not been implemented."),
    };
}
