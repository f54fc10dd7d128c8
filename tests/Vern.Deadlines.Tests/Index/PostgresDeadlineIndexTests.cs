using Npgsql;
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

    /// <summary>As <see cref="DeadlineIndexTests.Refresh_IndexOfFormat4_IsRebuiltNotMisread"/> on PostgreSQL: an index an earlier
    /// Vern wrote in format 4 (its mark, rows and packs say 4) is rebuilt by the readers' next load, not decoded with format 5's
    /// layout (session 19: the measures' reason for ending and the offers of follow-up after a return home).</summary>
    [SkippableFact]
    [Trait("Rule", "tilbakeforing-oppfolging")]
    public async Task AnIndexOfFormat4_IsRebuiltByTheNextRead_NotMisread()
    {
        using var db = await PostgresDatabase.OpenAsync(_pg.ConnectionString);
        DeadlineIndexTests.Build(db.Events);
        var deadlines = new DeadlineService(db.Events, db.Events, db.DeadlineIndex, db.Staff);
        Assert.Equal(3, (await deadlines.LoadFactsAsync(MunicipalityScope.National)).Count);
        await using (var c = new NpgsqlConnection(_pg.ConnectionString))
        {
            await c.OpenAsync();
            await using (var cmd = new NpgsqlCommand(
                "UPDATE deadline_meta SET value = 4 WHERE key = 'format'; UPDATE deadline_facts SET facts = set_byte(facts, 0, 4), format = 4", c))
                await cmd.ExecuteNonQueryAsync();
            var packs = new List<(string Municipality, byte[] Data)>();
            await using (var read = new NpgsqlCommand("SELECT municipality, data FROM deadline_packs", c))
            await using (var r = await read.ExecuteReaderAsync())
                while (await r.ReadAsync())
                    packs.Add((r.GetString(0), (byte[])r.GetValue(1)));
            foreach (var (municipality, data) in packs)
            {
                for (var pos = 0; pos < data.Length; pos += 4 + BitConverter.ToInt32(data, pos))
                    data[pos + 4] = 4;
                await using var write = new NpgsqlCommand("UPDATE deadline_packs SET data = $1 WHERE municipality = $2", c);
                write.Parameters.AddWithValue(data);
                write.Parameters.AddWithValue(municipality);
                Assert.Equal(1, await write.ExecuteNonQueryAsync());
            }
        }
        Assert.Equal(4, (await Mark(db))!.Format);
        var unread = await Assert.ThrowsAnyAsync<Exception>(() => new DeadlineIndex(db.DeadlineIndex).LoadAsync(MunicipalityScope.National));
        Assert.Contains("Fristindeksen har format 4, men denne Vern-versjonen leser 5", unread.ToString(), StringComparison.Ordinal);

        Assert.Equal(3, (await deadlines.LoadFactsAsync(MunicipalityScope.National)).Count);
        Assert.Equal(CaseFactsCodec.FormatVersion, (await Mark(db))!.Format);
    }
}
