using Vern.Domain.Cases;
using Vern.Statistics.Definitions;

namespace Vern.Statistics.Breakdowns;

/// <summary>Counts every <see cref="CaseIndicators.All"/> indicator over a stream of cases in one pass, by municipality,
/// year and age band; then adds the bands up to SSB's age groups.</summary>
public sealed class CaseFigures
{
    private readonly Dictionary<(int Indicator, string Municipality, int Year), int[]> _counts = [];
    private readonly HashSet<(string Municipality, int Year)> _covered = [];

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

    /// <summary>Adds one case: only the years the case can contribute to (from its opening to its closing or the last year).</summary>
    public void Add(CaseState c)
    {
        CasesRead++;
        var first = Math.Max(FromYear, c.OpenedOn.Year);
        var last = Math.Min(ToYear, c.ClosedOn?.Year ?? ToYear);
        var birth = c.Child.BirthDate;
        for (var year = first; year <= last; year++)
        {
            var y = new StatisticsYear(year);
            _covered.Add((c.MunicipalityNumber, year));
            var band = AgeGroups.Band(AgeGroups.AgeAtYearEnd(birth, year));
            for (var i = 0; i < CaseIndicators.All.Count; i++)
            {
                var n = CaseIndicators.All[i].Count(c, y);
                if (n == 0) continue;
                var key = (i, c.MunicipalityNumber, year);
                if (!_counts.TryGetValue(key, out var bands))
                    _counts[key] = bands = new int[AgeGroups.BandCount];
                bands[band] += n;
            }
        }
    }

    public CaseFigures AddAll(IEnumerable<CaseState> cases)
    {
        foreach (var c in cases) Add(c);
        return this;
    }

    /// <summary>Every municipality that has a count.</summary>
    public IReadOnlyList<string> Municipalities => _covered.Select(k => k.Municipality).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>The counts by municipality, year and age group. A municipality's year is covered when at least one of its
    /// cases was open in it; zeros are given for covered years only (before Vern holds a municipality's cases, it knows nothing).</summary>
    public IReadOnlyList<Figure> ToFigures()
    {
        var figures = new List<Figure>();
        foreach (var (m, year) in _covered.OrderBy(k => k.Municipality, StringComparer.Ordinal).ThenBy(k => k.Year))
                for (var i = 0; i < CaseIndicators.All.Count; i++)
                {
                    var bands = _counts.GetValueOrDefault((i, m, year));
                    foreach (var (group, members) in AgeGroups.Groups)
                        figures.Add(new Figure(CaseIndicators.All[i].Id, m, year, group, bands is null ? 0 : members.Sum(b => bands[b]), "vern"));
                }
        return figures;
    }
}
