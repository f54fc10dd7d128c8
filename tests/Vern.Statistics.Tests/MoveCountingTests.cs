using Vern.Statistics.Definitions;
using static Vern.Statistics.Tests.B;

namespace Vern.Statistics.Tests;

/// <summary>SSB's counting rule for moves (table 13353) as Menon 2023 (seed 002, vedlegg B, footnote 57) states it.</summary>
public class MoveCountingTests
{
    [Fact]
    [Trait("Rule", "Menon 2023 vedlegg B fotnote 57")]
    public void Moves_FirstPlacementTypeChangeAndReturnWithNewPlacement_CountsThree()
    {
        var c = Case()
            .Measure(CareOrder, "2.2", D(2020, 3, 1), D(2021, 6, 30))   // first placement: not a move
            .Measure(CareOrder, "1.1", D(2021, 7, 1), D(2021, 12, 31))  // change of type: 1 move
            .Measure(Support, "2.1", D(2022, 3, 1));                     // home in between, then placed again: 2 moves
        Assert.Equal([D(2021, 7, 1), D(2022, 3, 1), D(2022, 3, 1)], MoveCounting.Moves(c.Measures));
    }

    [Fact]
    [Trait("Rule", "Menon 2023 vedlegg B fotnote 57")]
    public void Moves_ReturnHomeWithoutNewPlacementOrSameType_CountsNone()
    {
        var c = Case()
            .Measure(CareOrder, "2.2", D(2020, 3, 1), D(2021, 6, 30))
            .Measure(CareOrder, "2.2", D(2021, 7, 1), D(2022, 1, 31))   // same type straight after: no move
            .Measure(Support, "4.6", D(2022, 2, 1));                     // home with support (not a placement): no move
        Assert.Empty(MoveCounting.Moves(c.Measures));
    }
}
