namespace Vern.Statistics.Breakdowns;

/// <summary>One published number: an indicator for a region, year and age group. <see cref="Value"/> is null when the
/// cell is missing or suppressed; <see cref="Symbol"/> then says why, with SSB's symbols (":" suppressed for
/// confidentiality, "." cannot occur, ".." not available).</summary>
/// <param name="Region">A municipality number ("4601"), a county ("fylke 46"), a size class ("størrelse 3"),
/// "landet" or "landet uten Oslo".</param>
/// <param name="Origin">"vern" (computed from Vern's case data) or "ssb 09050" etc. (an imported public table).</param>
public sealed record Figure(string IndicatorId, string Region, int Year, string AgeGroup, decimal? Value, string Origin, string? Symbol = null);
