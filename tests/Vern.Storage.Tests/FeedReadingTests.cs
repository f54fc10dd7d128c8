namespace Vern.Storage.Tests;

/// <summary><see cref="FeedReading.AnyChanged"/>: a reading of the change feed (its committed cursor C and the last change L at or before
/// it) answers «did any case change in (after, upTo]» exactly where it knows, and says it cannot tell elsewhere, so a kept structure
/// never keeps a value past a change it was not told of (issue 17, under load).</summary>
public sealed class FeedReadingTests
{
    private static FeedCursor At(long transaction, long position = 0) => new(transaction, position);

    /// <summary>The reading C = 900:0, L = 400:7 (the doc comment's example). Rows: after, upTo, expected (null: cannot tell).</summary>
    [Theory]
    [InlineData(500, 800, false)]  // L ≤ after: nothing in (after, C], so nothing in (after, upTo]
    [InlineData(400, 900, true)]   // 400:7 is after 400:0
    [InlineData(300, 800, true)]   // after < L ≤ upTo: L itself is in the range
    [InlineData(300, 900, true)]
    [InlineData(300, 350, null)]   // L lies past upTo while after is before it: something may be in (300, 350]
    [InlineData(500, 950, null)]   // the range reaches past C: a change may still commit there
    [InlineData(900, 900, false)]  // an empty range
    [InlineData(950, 900, false)]
    public void AnyChanged_FromALastChangeAndItsCursor_AnswersOnlyWhereItKnows(long after, long upTo, bool? expected) =>
        Assert.Equal(expected, new FeedReading(At(900), At(400, 7)).AnyChanged(At(after), At(upTo)));

    [Fact]
    public void AnyChanged_OnAStoreWithNoChangeBeforeTheCursor_IsFalseUpToTheCursor()
    {
        var reading = new FeedReading(At(900), FeedCursor.Start);
        Assert.False(reading.AnyChanged(FeedCursor.Start, At(900)));
        Assert.Null(reading.AnyChanged(FeedCursor.Start, At(901)));
    }

    /// <summary><see cref="FeedReading.SeesEveryCommit"/>: only a reading whose newest change is at or before its cursor says a kept
    /// structure caught up to the cursor is current; a change past the cursor (a later writer committed while an older one is open), or
    /// no newest change read, says check.</summary>
    [Fact]
    public void SeesEveryCommit_OnlyWhenTheNewestChangeIsAtOrBeforeTheCursor()
    {
        Assert.True(new FeedReading(At(900), At(400, 7), At(400, 7)).SeesEveryCommit);
        Assert.True(new FeedReading(At(900), FeedCursor.Start, FeedCursor.Start).SeesEveryCommit); // no change at all
        Assert.False(new FeedReading(At(900), At(400, 7), At(905, 9)).SeesEveryCommit); // committed past the cursor
        Assert.False(new FeedReading(At(900), At(400, 7)).SeesEveryCommit); // the newest change was not read
    }
}
