using Vern.Domain.Cases;
using Vern.Statistics.Definitions;

namespace Vern.Statistics.Breakdowns;

/// <summary>Counts every <see cref="CaseIndicators.All"/> indicator over a stream of cases in one pass, by municipality,
/// year and age band; then adds the bands up to SSB's age groups.</summary>
public sealed class CaseFigures
{
    // One array per municipality and year covered: counts[indicator × BandCount + band]. One look-up per case-year, not
    // one per indicator.
    private readonly Dictionary<(string Municipality, int Year), int[]> _counts = [];

    public CaseFigures(int fromYear, int toYear)
    {
        if (toYear < fromYear)
            throw new ArgumentException($"Til-året {toYear} er før fra-året {fromYear}.", nameof(toYear));
        FromYear = fromYear;
        ToYear = toYear;
    }

    public int FromYear { get; }

    public int ToYear { get; }

    public long CasesRead { get; private set; }

    /// <summary>Adds one case: only the years the case can contribute to (from its opening to its closing or the last
    /// year). Each year is read once into a <see cref="CaseYear"/>, and every indicator reads that.</summary>
    public void Add(StatisticsFacts c)
    {
        CasesRead++;
        var first = Math.Max(FromYear, c.OpenedOn.Year);
        var last = Math.Min(ToYear, c.ClosedOn?.Year ?? ToYear);
        if (first > last) return;
        var indicators = CaseIndicators.All;
        for (var year = first; year <= last; year++)
        {
            if (!_counts.TryGetValue((c.MunicipalityNumber, year), out var counts))
                _counts[(c.MunicipalityNumber, year)] = counts = new int[indicators.Count * AgeGroups.BandCount];
            var band = AgeGroups.Band(AgeGroups.AgeAtYearEnd(c.BirthDate, year));
            var y = new CaseYear(c, new StatisticsYear(year));
            for (var i = 0; i < indicators.Count; i++)
                counts[i * AgeGroups.BandCount + band] += indicators[i].Counter(y);
        }
    }

    /// <summary>Adds one case from its full state (<see cref="StatisticsFacts.From"/>).</summary>
    public void Add(CaseState c) => Add(StatisticsFacts.From(c));

    public CaseFigures AddAll(IEnumerable<StatisticsFacts> cases)
    {
        foreach (var c in cases) Add(c);
        return this;
    }

    public CaseFigures AddAll(IEnumerable<CaseState> cases)
    {
        foreach (var c in cases) Add(c);
        return this;
    }

    /// <summary>Counts the cases on all cores: each share of the array into its own tally, then the tallies added together.
    /// The counts are whole numbers added up, so the result is that of adding the cases one by one.</summary>
    /// <param name="casesPerPart">The fewest cases worth a core of their own.</param>
    public static CaseFigures CountAll(int fromYear, int toYear, StatisticsFacts[] cases, int casesPerPart = 20_000)
    {
        var parts = Math.Clamp(cases.Length / Math.Max(1, casesPerPart), 1, Environment.ProcessorCount);
        var tallies = new CaseFigures[parts];
        Parallel.For(0, parts, p =>
        {
            var tally = new CaseFigures(fromYear, toYear);
            for (var i = (int)((long)cases.Length * p / parts); i < (int)((long)cases.Length * (p + 1) / parts); i++)
                tally.Add(cases[i]);
            tallies[p] = tally;
        });
        var total = tallies[0];
        foreach (var tally in tallies.Skip(1))
        {
            total.CasesRead += tally.CasesRead;
            foreach (var (key, counts) in tally._counts)
            {
                if (!total._counts.TryGetValue(key, out var into))
                {
                    total._counts[key] = counts;
                    continue;
                }
                for (var i = 0; i < into.Length; i++) into[i] += counts[i];
            }
        }
        return total;
    }

    /// <summary>Every municipality that has a count.</summary>
    public IReadOnlyList<string> Municipalities => _counts.Keys.Select(k => k.Municipality).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>The counts by municipality, year and age group. A municipality's year is covered when at least one of its
    /// cases was open in it; zeros are given for covered years only (before Vern holds a municipality's cases, it knows nothing).</summary>
    /// <param name="ageGroups">Only these age groups (null: all of <see cref="AgeGroups.Groups"/>).</param>
    public IReadOnlyList<Figure> ToFigures(IReadOnlyCollection<string>? ageGroups = null)
    {
        var groups = AgeGroups.Groups.Where(g => ageGroups is null || ageGroups.Contains(g.Name)).ToArray();
        var figures = new List<Figure>();
        foreach (var ((m, year), counts) in _counts.OrderBy(k => k.Key.Municipality, StringComparer.Ordinal).ThenBy(k => k.Key.Year))
            for (var i = 0; i < CaseIndicators.All.Count; i++)
                foreach (var (group, members) in groups)
                {
                    var sum = 0;
                    foreach (var b in members) sum += counts[i * AgeGroups.BandCount + b];
                    figures.Add(new Figure(CaseIndicators.All[i].Id, m, year, group, sum, "vern"));
                }
        return figures;
    }
}
