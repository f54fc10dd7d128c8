using Vern.Domain.Cases;

namespace Vern.Statistics.Definitions;

/// <summary>Waiting time for a foster home (ventetid på fosterhjem), the indicator of Menon 2023 (seed 002) ch. 5.3,
/// figures 5-7 to 5-9, as far as Vern's own case data allow it.</summary>
/// <remarks>
/// Bufdir's figure (seed 002, figure 5-8) counts the days a child has waited for a foster home <i>from Bufetat</i>,
/// «målt i antall dager etter dato for ønsket oppstart» — from the desired start date in the municipality's request to
/// Bufetat. <b>Neither the request to Bufetat nor its desired start date is recorded in Vern's domain</b> (nor in SSB's
/// register, Barnevern_v4.xsd): a case holds decisions (Vedtak, with their date) and measures (Tiltak, with the decision
/// they carry out and their start). So Vern computes the nearest figure its events allow, and says so in the label:
/// the days from the decision to the start of the first foster-home measure under it (categories 2.1–2.4 and 2.99,
/// SSB Kodelister Tiltak/Kategori), counted in the year the placement starts. A foster-home measure that follows
/// another foster home the day before is a move, not a wait, and is left out. Bufdir's own figures (mean, median,
/// children waiting) are read as imported aggregates (<c>bufdir-fosterhjem</c>, see docs/statistics.md).
/// The buckets are those of seed 002's table 2-1 and figure 5-9: under 30 days, 30–90, 91–180 and over 180.
/// </remarks>
public static class FosterHomeWaiting
{
    public static readonly Source Source = new(Source.Menon, "kap. 5.3, figur 5-8 og 5-9 (Bufdir: ventetid på fosterhjem); Vern: fra vedtak til fosterhjemstiltaket starter");

    /// <summary>Seed 002 table 2-1: «Antall barn som venter under 30 dager, 30-90 dager, 91-180 dager og over 180 dager».</summary>
    public static readonly IReadOnlyList<(string Id, string Label, int From, int To)> Buckets =
    [
        ("under-30", "under 30 dager", 0, 29),
        ("30-90", "30–90 dager", 30, 90),
        ("91-180", "91–180 dager", 91, 180),
        ("over-180", "over 180 dager", 181, int.MaxValue),
    ];

    /// <summary>Each decision's first foster-home measure: its start and the days waited since the decision.</summary>
    public static IReadOnlyList<(DateOnly StartedOn, int Days)> Waits(CaseState c)
    {
        List<(DateOnly, int)>? waits = null;
        HashSet<EntryId>? seen = null;
        foreach (var m in c.Measures.OrderBy(m => m.StartedOn))
        {
            if (MeasureKinds.PlacementOf(m.Category.Code) != PlacementType.FosterHome) continue;
            seen ??= [];
            if (!seen.Add(m.DecisionId)) continue;
            if (c.FindDecision(m.DecisionId) is not { } decision || decision.DecidedOn > m.StartedOn) continue;
            var dayBefore = m.StartedOn.AddDays(-1);
            if (c.Measures.Any(o => !ReferenceEquals(o, m) && MeasureKinds.PlacementOf(o.Category.Code) == PlacementType.FosterHome && MeasureKinds.InForceOn(o, dayBefore)))
                continue;
            (waits ??= []).Add((m.StartedOn, m.StartedOn.DayNumber - decision.DecidedOn.DayNumber));
        }
        return waits ?? (IReadOnlyList<(DateOnly, int)>)[];
    }
}
