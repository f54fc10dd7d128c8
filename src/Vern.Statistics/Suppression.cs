using Vern.Statistics.Breakdowns;
using Vern.Statistics.Definitions;
using Vern.Statistics.Public;

namespace Vern.Statistics;

/// <summary>How small counts are hidden before figures leave the service (prikking): counts from 1 to
/// <see cref="MaxSuppressed"/> (and 0 too when <see cref="SuppressZeros"/>) are primary suppressed and shown as
/// <see cref="Symbol"/>; then as many other cells as needed are suppressed so that no suppressed cell can be
/// recovered by subtraction from a total (secondary suppression).</summary>
/// <param name="Id">Stable id, e.g. "vern-1-4".</param>
/// <param name="MaxSuppressed">The largest count that is suppressed (GaussSuppression's <c>maxN</c>).</param>
/// <param name="SuppressZeros">Whether a 0 is suppressed too (GaussSuppression's <c>protectZeros</c>).</param>
/// <param name="Symbol">What a suppressed cell shows: SSB's «:» (vises ikke av konfidensialitetshensyn).</param>
/// <param name="Source">Where the threshold and the rule come from, and what could not be verified.</param>
public sealed record SuppressionRule(string Id, int MaxSuppressed, bool SuppressZeros, string Symbol, string Source)
{
    /// <summary>Vern's default: counts 1–4 are suppressed, 0 is shown, «:» as in SSB's tables.</summary>
    /// <remarks>The threshold 1–4 is issue 19's own example («counts below a threshold (e.g. 1–4) are suppressed the way SSB
    /// does»). SSB's published disclosure-control tool, the R package GaussSuppression (Statistics Norway, Langsrud), primary
    /// suppresses cells with frequency ≤ <c>maxN</c> (default 3 in its <c>PrimaryDefault</c>) and protects them by secondary
    /// suppression; SSB's table symbol «:» means «vises ikke av konfidensialitetshensyn». <b>Not verified</b>: which
    /// <c>maxN</c> SSB or Bufdir actually use for the child welfare tables (09050, 11600, 10673 …) — neither SSB's
    /// documentation of those tables nor Bufdir's statistics pages could be read here. Set <see cref="MaxSuppressed"/> to
    /// the rule the municipality's data protection officer decides.</remarks>
    public static readonly SuppressionRule Default = new("vern-1-4", 4, false, ":",
        "Issue 19 (tall 1–4 prikkes); regel som SSBs GaussSuppression (primærprikking av celler ≤ maxN, sekundærprikking mot " +
        "summer); symbol «:» som i SSBs tabeller. Ikke verifisert mot SSBs/Bufdirs faktiske grense for barnevernstabellene.");

    /// <summary>Whether a count is primary suppressed by this rule.</summary>
    public bool IsSmall(decimal count) => count == 0 ? SuppressZeros : count > 0 && count <= MaxSuppressed;

    /// <summary>The rule, or an error naming the field and the rule broken.</summary>
    public SuppressionRule Validated()
    {
        if (MaxSuppressed < 1 || MaxSuppressed > 100)
            throw new ArgumentOutOfRangeException(nameof(MaxSuppressed), MaxSuppressed, "Prikkegrensen må være mellom 1 og 100 (Suppression.Threshold).");
        if (string.IsNullOrWhiteSpace(Symbol))
            throw new ArgumentException("Prikkesymbolet kan ikke være tomt (Suppression.Symbol).", nameof(Symbol));
        return this;
    }
}

/// <summary>Small-count suppression of an indicator table (issue 19, privacy): the one step every output (terminal, CSV,
/// JSON, charts, the annual report) and the analyst role go through.</summary>
/// <remarks>
/// Which cells: counts (children, measures, reports, investigations, moves) computed from Vern's own case data. Imported
/// public tables are left as published (SSB has suppressed them already).
///
/// Primary: counts the rule calls small. Secondary: the table's additive relations (total = Σ parts + an unpublished
/// remainder) — age groups (alle ⊇ 0–24 = 0–17 + 18–24, 0–17 = 0–5 + 6–12 + 13–17), regions (county = its municipalities,
/// size class = its municipalities, the nation = counties = size classes = without Oslo + Oslo) and indicators (children
/// with measures = care + support; support = emergency + behavioural + placed + at home; placements = the five types;
/// investigations concluded = to measures + dropped; and subsets whose complement SSB publishes, e.g. reports reviewed ⊇
/// investigated). Until nothing changes: a relation in which exactly one cell is unknown, and that cell is suppressed or
/// an unpublished remainder that is itself small, gets one more cell suppressed — its smallest non-zero published part,
/// else its total, else a zero part. An unpublished remainder that is not 0 counts as unknown.
///
/// Then: rates per 1,000 and changes of suppressed cells are removed, and the change of a cell whose previous year is
/// suppressed; shares whose numerator or denominator is suppressed are suppressed; the means and medians across
/// municipalities are recomputed from the published cells only.
///
/// Limit (said plainly): every single relation is left with zero or at least two unknowns, which is what SSB's older
/// hypercube-style practice guarantees; a combination of several relations can in rare patterns still narrow a cell
/// down. SSB's GaussSuppression checks the whole linear system; Vern does not.
/// </remarks>
public static class Suppression
{
    private static readonly HashSet<string> CountUnits = ["barn", "tiltak", "meldinger", "undersøkelser", "flyttinger"];

    /// <summary>Age groups: total and parts (parts missing from the table fall into the remainder).</summary>
    private static readonly (string Total, string[] Parts)[] AgeRelations =
    [
        ("alle", ["0-24"]), ("alle", ["0-17", "18-24"]), ("alle", ["0-5", "6-12", "13-17", "18-24"]),
        ("0-24", ["0-17", "18-24"]), ("0-24", ["0-5", "6-12", "13-17", "18-24"]), ("0-17", ["0-5", "6-12", "13-17"]),
    ];

    /// <summary>Indicators: total and parts for the same region, year and age group (CaseIndicators' definitions).</summary>
    private static readonly (string Total, string[] Parts)[] IndicatorRelations =
    [
        ("children-with-measures-31dec", ["care-measures-31dec", "support-measures-31dec"]),
        ("support-measures-31dec", ["emergency-measures-31dec", "behavioural-measures-31dec", "placed-as-support-31dec", "support-at-home-31dec"]),
        ("placements-31dec", ["placement-foster-home-31dec", "placement-emergency-home-31dec", "placement-temporary-network-31dec", "placement-institution-31dec", "placement-supported-housing-31dec"]),
        ("investigations-concluded-year", ["investigations-to-measures-year", "investigations-dropped-year"]),
        ("investigations-concluded-year", ["investigations-within-deadline-year"]),
        ("reports-reviewed-year", ["reports-investigated-year"]),
        ("children-with-measures-year", ["care-measures-year"]),
        ("children-with-measures-year", ["emergency-measures-year"]),
        ("children-with-measures-year", ["children-with-measures-31dec"]),
        ("children-with-measures-31dec", ["placements-31dec"]),
        ("foster-home-placements-after-decision-year", [.. FosterHomeWaiting.Buckets.Select(b => $"foster-home-wait-{b.Id}-year")]),
    ];

    /// <summary>Figures computed from others: which cells (same region and age group, year + offset) each depends on.</summary>
    private static readonly IReadOnlyDictionary<string, (string Id, int YearOffset)[]> Dependencies =
        CaseIndicators.Shares.ToDictionary(s => s.Id, s => new[] { (s.NumeratorId, 0), (s.DenominatorId, 0) })
            .Append(new("kostra-cost-per-child-support", [("support-at-home-31dec", -1)]))
            .Append(new("foster-home-wait-days-year", [("foster-home-placements-after-decision-year", 0)]))
            .ToDictionary(p => p.Key, p => p.Value);

    private sealed record Relation(int Total, int[] Parts, decimal Remainder);

    /// <summary>The result with small counts suppressed by <paramref name="rule"/> (see the remarks for the method).</summary>
    public static StatisticsResult Apply(StatisticsResult result, SuppressionRule rule) =>
        result with { Rows = Apply(result.Rows, rule.Validated(), result.SizeClasses), Suppression = rule };

    /// <summary>Suppresses small counts in a list of rows. <paramref name="sizeClasses"/> gives each municipality's size class
    /// per year, so that the size classes' totals are protected too (<see cref="StatisticsResult.SizeClasses"/>).</summary>
    public static IReadOnlyList<IndicatorRow> Apply(IReadOnlyList<IndicatorRow> rows, SuppressionRule rule,
        IReadOnlyDictionary<(string Municipality, int Year), string>? sizeClasses = null)
    {
        rule.Validated();
        var hadSpread = rows.Any(IsSpread);
        var table = rows.Where(r => !IsSpread(r)).ToList();

        // The cells: Vern's own counts.
        var index = new Dictionary<(string Id, string Region, int Year, string Age), int>();
        var values = new List<decimal>();
        var own = new bool[table.Count];
        var cellOf = new int[table.Count]; // an own count's cell, found as the cells are made (-1: look it up)
        for (var i = 0; i < table.Count; i++)
        {
            var r = table[i];
            own[i] = IsOwnCount(r);
            cellOf[i] = -1;
            if (own[i] && r.Value is { } v && index.TryAdd((r.IndicatorId, r.Region, r.Year, r.AgeGroup), values.Count))
            {
                cellOf[i] = values.Count;
                values.Add(v);
            }
        }
        var suppressed = new bool[values.Count];
        foreach (var (_, i) in index)
            suppressed[i] = rule.IsSmall(values[i]);

        var relations = Relations(index, values, sizeClasses);
        ProtectBySecondarySuppression(relations, values, suppressed, rule);

        bool IsSuppressed(string id, string region, int year, string age) =>
            index.TryGetValue((id, region, year, age), out var i) && suppressed[i];

        var output = new List<IndicatorRow>(table.Count);
        for (var i = 0; i < table.Count; i++)
        {
            var r = table[i];
            bool hidden = false, previousHidden = false;
            if (own[i])
            {
                hidden = cellOf[i] >= 0 ? suppressed[cellOf[i]] : IsSuppressed(r.IndicatorId, r.Region, r.Year, r.AgeGroup);
                previousHidden = IsSuppressed(r.IndicatorId, r.Region, r.Year - 1, r.AgeGroup);
            }
            // A share is Vern's when its origin is; a KOSTRA ratio may mix imported kroner with Vern's counts, so it is checked whatever its origin.
            else if (Dependencies.TryGetValue(r.IndicatorId, out var deps) && (r.Origin == "vern" || Kostra.Derived.Any(k => k.Id == r.IndicatorId)))
                foreach (var (id, offset) in deps)
                {
                    hidden |= IsSuppressed(id, r.Region, r.Year + offset, r.AgeGroup);
                    previousHidden |= IsSuppressed(id, r.Region, r.Year - 1 + offset, r.AgeGroup);
                }
            if (hidden)
                output.Add(r with { Value = null, Per1000 = null, Change = null, Symbol = rule.Symbol });
            else if (previousHidden)
                output.Add(r with { Change = null });
            else
                output.Add(r);
        }
        if (hadSpread)
            output.AddRange(StatisticsService.MeanAndMedian(output));
        return output;
    }

    /// <summary>Whether a row is one of Vern's own counts (not a share, a kroner figure or an imported table's cell).</summary>
    public static bool IsOwnCount(IndicatorRow r) => r.Origin == "vern" && CountUnits.Contains(r.Unit) && !IsSpread(r);

    private static bool IsSpread(IndicatorRow r) => r.Region.StartsWith("kommunene", StringComparison.Ordinal);

    private static bool IsMunicipality(string region) => region.Length == 4 && region.All(char.IsAsciiDigit);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Counties = new(StringComparer.Ordinal);

    /// <summary>The county region a municipality's figures add up to («fylke NN», the first two digits).</summary>
    private static string CountyOf(string municipality) => Counties.GetOrAdd(municipality, m => "fylke " + m[..2]);

    /// <summary>Every additive relation among the cells, in a fixed order (the order decides which cell a sweep suppresses):
    /// the age groups of each indicator, region and year; the indicators of each region, year and age group; the regions of
    /// each indicator, year and age group — each in the order its cells first occur in the table.</summary>
    /// <remarks>A cell is found by a packed number (indicator, region, year, age group, each numbered once), not by its
    /// strings: a national table has some 400,000 cells and its relations look cells up millions of times. The parts of a
    /// relation are distinct cells by construction (distinct keys), so a relation is its present parts other than its total.</remarks>
    private static List<Relation> Relations(Dictionary<(string Id, string Region, int Year, string Age), int> index, List<decimal> values,
        IReadOnlyDictionary<(string Municipality, int Year), string>? sizeClasses)
    {
        var idNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var regionNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var ageNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var regionNames = new List<string>();
        static int Number(Dictionary<string, int> numbers, string s, List<string>? names = null)
        {
            if (!numbers.TryGetValue(s, out var n))
            {
                numbers[s] = n = numbers.Count;
                names?.Add(s);
            }
            return n;
        }

        // Cell i is the i-th key added to the index (its value is its position in values).
        var count = values.Count;
        var cellId = new int[count];
        var cellRegion = new int[count];
        var cellYear = new int[count];
        var cellAge = new int[count];
        foreach (var ((id, region, year, age), i) in index)
        {
            cellId[i] = Number(idNumbers, id);
            cellRegion[i] = Number(regionNumbers, region, regionNames);
            cellYear[i] = year;
            cellAge[i] = Number(ageNumbers, age);
        }
        static long Pack(int id, int region, int year, int age) => ((long)id << 44) | ((long)region << 24) | ((long)(year & 0xFFFF) << 8) | (uint)age;
        var cells = new Dictionary<long, int>(count);
        for (var i = 0; i < count; i++)
            cells[Pack(cellId[i], cellRegion[i], cellYear[i], cellAge[i])] = i;
        int Find(int id, int region, int year, int age) => id >= 0 && region >= 0 && age >= 0 && cells.TryGetValue(Pack(id, region, year, age), out var c) ? c : -1;
        static int[] Numbers(Dictionary<string, int> numbers, IEnumerable<string> names) =>
            [.. names.Select(n => numbers.TryGetValue(n, out var x) ? x : -1)];

        var relations = new List<Relation>();
        var parts = new List<int>();
        void Make(int total)
        {
            if (total >= 0)
            {
                var sum = 0m;
                var present = new List<int>(parts.Count);
                foreach (var p in parts)
                    if (p >= 0 && p != total)
                    {
                        present.Add(p);
                        sum += values[p];
                    }
                if (present.Count > 0)
                    relations.Add(new Relation(total, [.. present], values[total] - sum));
            }
            parts.Clear();
        }

        // Age groups, for each indicator, region and year.
        var ageRelations = AgeRelations.Select(a => (Total: Numbers(ageNumbers, [a.Total])[0], Parts: Numbers(ageNumbers, a.Parts))).ToArray();
        var seen = new HashSet<long>();
        for (var i = 0; i < count; i++)
        {
            if (!seen.Add(Pack(cellId[i], cellRegion[i], cellYear[i], 0))) continue;
            foreach (var (total, ageParts) in ageRelations)
            {
                var t = Find(cellId[i], cellRegion[i], cellYear[i], total);
                if (t < 0) continue;
                foreach (var a in ageParts) parts.Add(Find(cellId[i], cellRegion[i], cellYear[i], a));
                Make(t);
            }
        }

        // Indicators, for each region, year and age group.
        var indicatorRelations = IndicatorRelations.Select(r => (Total: Numbers(idNumbers, [r.Total])[0], Parts: Numbers(idNumbers, r.Parts))).ToArray();
        seen.Clear();
        for (var i = 0; i < count; i++)
        {
            if (!seen.Add(Pack(0, cellRegion[i], cellYear[i], cellAge[i]))) continue;
            foreach (var (total, idParts) in indicatorRelations)
            {
                var t = Find(total, cellRegion[i], cellYear[i], cellAge[i]);
                if (t < 0) continue;
                foreach (var id in idParts) parts.Add(Find(id, cellRegion[i], cellYear[i], cellAge[i]));
                Make(t);
            }
        }

        // Regions, for each indicator, year and age group: the group's cells in table order.
        var kind = regionNames.Select(r => IsMunicipality(r) ? 'm' : r.StartsWith("fylke ", StringComparison.Ordinal) ? 'c' : r.StartsWith("størrelse ", StringComparison.Ordinal) ? 's' : '-').ToArray();
        var countyOf = regionNames.Select(r => IsMunicipality(r) ? CountyOf(r) : null).ToArray();
        var groups = new Dictionary<long, List<int>>();
        var groupOrder = new List<List<int>>();
        for (var i = 0; i < count; i++)
        {
            var key = Pack(cellId[i], 0, cellYear[i], cellAge[i]);
            if (!groups.TryGetValue(key, out var members))
            {
                groups[key] = members = [];
                groupOrder.Add(members);
            }
            members.Add(i);
        }
        var nationNumber = regionNumbers.GetValueOrDefault(Regions.Nation, -1);
        var withoutOsloNumber = regionNumbers.GetValueOrDefault(Regions.NationWithoutOslo, -1);
        var osloNumber = regionNumbers.GetValueOrDefault(Regions.Oslo, -1);
        var osloCounty = "fylke " + Regions.Oslo[..2];
        var municipalities = new List<int>();
        var counties = new List<int>();
        var sizes = new List<int>();
        var byCounty = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var bySize = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var members in groupOrder)
        {
            municipalities.Clear(); counties.Clear(); sizes.Clear();
            foreach (var list in byCounty.Values) list.Clear();
            foreach (var list in bySize.Values) list.Clear();
            int nation = -1, withoutOslo = -1, oslo = -1;
            var year = cellYear[members[0]];
            foreach (var c in members)
            {
                var region = cellRegion[c];
                switch (kind[region])
                {
                    case 'm':
                        municipalities.Add(c);
                        Add(byCounty, countyOf[region]!, c);
                        if (sizeClasses is not null)
                            Add(bySize, sizeClasses.GetValueOrDefault((regionNames[region], year)) ?? "", c);
                        break;
                    case 'c': counties.Add(c); break;
                    case 's': sizes.Add(c); break;
                }
                if (region == nationNumber) nation = c;
                else if (region == withoutOsloNumber) withoutOslo = c;
                if (region == osloNumber) oslo = c;
            }

            foreach (var county in counties)
            {
                if (byCounty.TryGetValue(regionNames[cellRegion[county]], out var of)) parts.AddRange(of);
                Make(county);
            }
            if (sizeClasses is not null)
                foreach (var size in sizes)
                {
                    if (bySize.TryGetValue(regionNames[cellRegion[size]], out var of)) parts.AddRange(of);
                    Make(size);
                }
            parts.AddRange(counties); Make(nation);
            parts.AddRange(sizes); Make(nation);
            parts.AddRange(municipalities); Make(nation);
            parts.Add(withoutOslo); parts.Add(oslo); Make(nation);
            foreach (var c in counties)
                if (regionNames[cellRegion[c]] != osloCounty) parts.Add(c);
            Make(withoutOslo);
            foreach (var m in municipalities)
                if (m != oslo) parts.Add(m);
            Make(withoutOslo);
        }
        return relations;

        static void Add(Dictionary<string, List<int>> lists, string key, int cell)
        {
            if (!lists.TryGetValue(key, out var list))
                lists[key] = list = [];
            list.Add(cell);
        }
    }

    /// <summary>Until no relation changes: a relation with exactly one unknown that needs protecting gets one more cell suppressed.</summary>
    /// <remarks>Sweeps the relations in order, as often as a sweep changes something. A relation is looked at again only when
    /// one of its cells was suppressed since it was last looked at (a relation none of whose cells changed gives the same
    /// answer again: nothing to do), so the result is that of looking at every relation in every sweep, at a fraction of the
    /// work on a national table (≈ a million relations).</remarks>
    private static void ProtectBySecondarySuppression(List<Relation> relations, List<decimal> values, bool[] suppressed, SuppressionRule rule)
    {
        // Which relations each cell is in (total or part), to mark them for another look when the cell is suppressed.
        var count = new int[suppressed.Length + 1];
        foreach (var r in relations)
        {
            count[r.Total + 1]++;
            foreach (var p in r.Parts) count[p + 1]++;
        }
        for (var i = 1; i < count.Length; i++) count[i] += count[i - 1];
        var members = new int[count[^1]];
        var fill = count[..^1];
        for (var k = 0; k < relations.Count; k++)
        {
            members[fill[relations[k].Total]++] = k;
            foreach (var p in relations[k].Parts) members[fill[p]++] = k;
        }
        var dirty = new bool[relations.Count];
        Array.Fill(dirty, true);

        var changed = true;
        while (changed)
        {
            changed = false;
            for (var k = 0; k < relations.Count; k++)
            {
                if (!dirty[k]) continue;
                dirty[k] = false;
                var r = relations[k];
                var unknown = (suppressed[r.Total] ? 1 : 0) + (r.Remainder != 0 ? 1 : 0);
                var needsProtection = suppressed[r.Total] || rule.IsSmall(r.Remainder) && r.Remainder != 0;
                foreach (var p in r.Parts)
                    if (suppressed[p])
                    {
                        unknown++;
                        needsProtection = true;
                    }
                if (!needsProtection || unknown != 1) continue;

                var candidate = -1;
                foreach (var p in r.Parts)
                    if (!suppressed[p] && values[p] != 0 && (candidate < 0 || values[p] < values[candidate]))
                        candidate = p;
                if (candidate < 0 && !suppressed[r.Total]) candidate = r.Total;
                if (candidate < 0)
                    foreach (var p in r.Parts)
                        if (!suppressed[p]) { candidate = p; break; }
                if (candidate < 0) continue;
                suppressed[candidate] = true;
                for (var m = count[candidate]; m < count[candidate + 1]; m++) dirty[members[m]] = true;
                changed = true;
            }
        }
    }
}
