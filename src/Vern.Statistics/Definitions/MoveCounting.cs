using Vern.Domain.Cases;

namespace Vern.Statistics.Definitions;

/// <summary>Counts a child's moves between placements by SSB's rule for table 13353, as Menon 2023 (seed 002, vedlegg B,
/// footnote 57) describes it.</summary>
/// <remarks>
/// A move is a change in the type of placement measure (the category code, e.g. 2.1 → 1.1). Two changes are not moves:
/// the first placement out of the home, and a return home that is not followed by a new placement. A return home
/// followed by a new placement counts as two moves. A new measure of the same type straight after the last one is no
/// move. Both moves of a return-and-replacement are dated on the new placement's start.
/// Example: 2.2 from 1 Mar 2020 to 30 Jun 2021, 1.1 from 1 Jul 2021, ended 31 Dec 2021, home, 2.1 from 1 Mar 2022 →
/// 1 move (1 Jul 2021) + 2 moves (1 Mar 2022) = 3; the first placement (1 Mar 2020) is not counted.
/// </remarks>
public static class MoveCounting
{
    public static readonly Source Source = new(Source.Menon, "vedlegg B, fotnote 57 (SSBs telleregel for flyttinger)", "13353");

    /// <summary>The dates of every counted move, in order (a return-and-replacement gives the same date twice).</summary>
    public static IReadOnlyList<DateOnly> Moves(IEnumerable<Measure> measures)
    {
        var placements = measures.Where(m => MeasureKinds.PlacementOf(m.Category.Code) is not null)
            .OrderBy(m => m.StartedOn).ThenBy(m => m.EndedOn ?? DateOnly.MaxValue).ToList();
        var moves = new List<DateOnly>();
        for (var i = 1; i < placements.Count; i++)
        {
            var previous = placements[i - 1];
            var next = placements[i];
            var wentHomeBetween = previous.EndedOn is { } end && end.AddDays(1) < next.StartedOn;
            if (wentHomeBetween)
            {
                moves.Add(next.StartedOn);
                moves.Add(next.StartedOn);
            }
            else if (next.Category.Code != previous.Category.Code)
            {
                moves.Add(next.StartedOn);
            }
        }
        return moves;
    }
}
