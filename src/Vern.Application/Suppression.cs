using Vern.Statistics;

namespace Vern.Application;

/// <summary>Small-count suppression (prikking) for aggregate-only actors: a count of 1–4 is not shown, and neither is a rate or
/// share computed from one, so no child can be recognised from a small number. The threshold follows the practice of
/// publishing child welfare statistics with small cells suppressed; see docs/architecture.md for the source and what
/// could not be verified.</summary>
public static class Suppression
{
    /// <summary>Counts from 1 up to this are suppressed.</summary>
    public const int MaxSuppressed = 4;

    /// <summary>The symbol shown for a suppressed value (SSB's symbol for a value suppressed for confidentiality).</summary>
    public const string Symbol = ":";

    public static StatisticsResult Apply(StatisticsResult result) =>
        result with { Rows = [.. result.Rows.Select(Apply)] };

    private static IndicatorRow Apply(IndicatorRow row) =>
        row.Value is { } v && v >= 1 && v <= MaxSuppressed && row.Unit != "%"
            ? row with { Value = null, Per1000 = null, Change = null, Symbol = Symbol }
            : row;
}
