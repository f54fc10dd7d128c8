using Vern.Deadlines.Index;
using Vern.Domain.Cases;
using Vern.Storage;
using Vern.Storage.Postgres;
using Vern.Tests;
using static Vern.Deadlines.Tests.F;

namespace Vern.Deadlines.Tests.Index;

/// <summary>The deadline index's readers on PostgreSQL (issue 17), where the change feed's committed cursor moves with every
/// transaction on the server — a reader's own access-log row included — not only with case changes.</summary>
[Collection(PostgresTestSchema.Collection)]
public sealed class PostgresDeadlineIndexTests : IDisposable
{
    private readonly PostgresTestSchema _pg = new();

    public void Dispose() => _pg.Dispose();

    private static async Task<DeadlineIndexMark?> Mark(PostgresDatabase db) => await db.DeadlineIndex.ReadMarkAsync();

    [SkippableFact]
    [Trait("Rule", "issue 17: a read that finds the index current writes nothing")]
    public async Task AReaderWritesNothing_WhenOnlyOtherTransactionsMovedTheCursor_AndPicksUpTheNextChange()
    {
        using var db = await PostgresDatabase.OpenAsync(_pg.ConnectionString);
        var (service, ids) = DeadlineIndexTests.Build(db.Events);
        var deadlines = new DeadlineService(db.Events, db.Events, db.DeadlineIndex, db.Staff);
        // The build's mark must cover the setup's own transactions: until the committed cursor has passed them (another session on
        // the server can hold it back), a later read rightly finds them changed and writes (seen once in CI: mark 1172 → 1186).
        await _pg.MoveCursorPastNowAsync(db.Events);
        Assert.Equal(3, (await deadlines.LoadFactsAsync(MunicipalityScope.National)).Count);
        var built = await Mark(db);
        Assert.NotNull(built);

        // Transactions that change no case (as the access-log rows of reads do) move the committed cursor.
        await _pg.MoveCursorPastNowAsync(db.Events);
        Assert.True(await db.Events.CommittedAsync() > built!.Cursor);

        var facts = await deadlines.LoadFactsAsync(MunicipalityScope.National);
        Assert.Equal(3, facts.Count);
        Assert.Equal(built, await Mark(db)); // nothing changed: no write, the mark stays

        await service.ExecuteAsync(ids[1], new AssignCaseworker("sb9", D(2024, 6, 1)), "test");
        await _pg.MoveCursorPastNowAsync(db.Events);
        facts = await deadlines.LoadFactsAsync(MunicipalityScope.National);
        Assert.Equal("sb9", facts.Single(f => f.Id == ids[1]).CaseworkerId);
        Assert.True((await Mark(db))!.Cursor > built.Cursor);
    }
}
