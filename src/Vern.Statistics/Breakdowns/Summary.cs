namespace Vern.Statistics.Breakdowns;

/// <summary>Mean, median and change over time, as the seed reports use them.</summary>
public static class Summary
{
    /// <summary>The arithmetic mean: the sum of the values divided by their number (Menon 2023, note to figure 5-8).</summary>
    public static decimal? Mean(IEnumerable<decimal> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? null : list.Sum() / list.Count;
    }

    /// <summary>The median: the middle value when sorted, or the mean of the two middle values (Menon 2023, note to figure 5-8).</summary>
    public static decimal? Median(IEnumerable<decimal> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return null;
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>Change from <paramref name="before"/> to <paramref name="after"/> in percent, or null when before is 0 or missing.
    /// Example (Menon 2023, ch. 5.3): reports 53,468 → 49,778 is −6.9 %, "7 prosent" in the text.</summary>
    public static decimal? ChangePercent(decimal? before, decimal? after) =>
        before is { } b && after is { } a && b != 0 ? (a - b) / b * 100m : null;

    /// <summary>A weighted mean, e.g. a mean length of stay over regions weighted by the number of children.</summary>
    public static decimal? WeightedMean(IEnumerable<(decimal Value, decimal Weight)> values)
    {
        var list = values.ToList();
        var weight = list.Sum(v => v.Weight);
        return weight == 0 ? null : list.Sum(v => v.Value * v.Weight) / weight;
    }

    /// <summary>Rounds half away from zero, as published tables do.</summary>
    public static decimal Round(decimal value, int decimals = 0) => Math.Round(value, decimals, MidpointRounding.AwayFromZero);
}
