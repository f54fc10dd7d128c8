using Microsoft.Data.Sqlite;
using Vern.Domain.Cases;
using Vern.Domain.Identity;
using Vern.Domain.People;
using Vern.Storage;
using Vern.Storage.Matching;

namespace Vern.Matching.Tests;

/// <summary>The same contract on the in-memory, the SQLite and the PostgreSQL (issue 17) matching store.</summary>
public abstract class StoreContractTests
{
    private static readonly DateTimeOffset At = new(2024, 6, 1, 10, 0, 0, TimeSpan.Zero);

    protected abstract IMatchingStore Store { get; }

    private static ChildIndexRow Row(CaseId id, string m, long version, params string[] keys) =>
        new(id, m, version, MatchKeys.Format, "2024/1", "sb-a", AddressProtection.None,
            [new ChildIdentity(null, null, "Kari", "Nordmann", new DateOnly(2015, 3, 14), Sex.Female)], keys);

    protected static CaseId New() => new(Guid.NewGuid());

    [SkippableFact]
    public async Task Lookup_FindsRowsSharingAKey_OnlyInTheMunicipality()
    {
        CaseId a = New(), b = New(), other = New();
        await Store.WriteIndexAsync([Row(a, "4601", 1, "b:20150314", "n:nordman:kari"), Row(b, "4601", 1, "b:20160101"), Row(other, "4602", 1, "b:20150314")],
            new MatchIndexMark(new FeedCursor(0, 3), MatchKeys.Format));
        var found = await Store.LookupAsync("4601", ["b:20150314", "x:none"]);
        Assert.Equal([a], found.Select(r => r.CaseId));
        Assert.Equal("Kari", found[0].Identities[0].GivenName);
        Assert.Equal(new MatchIndexMark(new FeedCursor(0, 3), MatchKeys.Format), await Store.ReadMarkAsync());
        Assert.Equal((3L, 4L), await Store.CountAsync());
    }

    [SkippableFact]
    public async Task Write_ReplacesTheCasesKeys_AndAnOlderVersionNeverWins()
    {
        var a = New();
        await Store.WriteIndexAsync([Row(a, "4601", 2, "b:20150314")], null);
        await Store.WriteIndexAsync([Row(a, "4601", 1, "b:20990101")], null);
        Assert.Single(await Store.LookupAsync("4601", ["b:20150314"]));
        Assert.Empty(await Store.LookupAsync("4601", ["b:20990101"]));
        await Store.WriteIndexAsync([Row(a, "4601", 3, "b:20160101")], null);
        Assert.Empty(await Store.LookupAsync("4601", ["b:20150314"]));
        Assert.Equal(3, (await Store.ReadRowAsync(a))!.Version);
        await Store.ClearIndexAsync();
        Assert.Null(await Store.ReadMarkAsync());
        Assert.Null(await Store.ReadRowAsync(a));
    }

    [SkippableFact]
    public async Task Decisions_AreKeptInOrder_ForEitherCaseOfThePair()
    {
        CaseId a = New(), b = New();
        await Store.RecordDecisionAsync(new MatchDecision(a, b, "4601", MatchVerdict.Dismissed, "Ulike barn: tvillinger.", "sb-a", At, 0.6));
        await Store.RecordDecisionAsync(new MatchDecision(b, a, "4601", MatchVerdict.Linked, "Samme barn likevel.", "leder-a", At.AddHours(1)));
        var forA = await Store.DecisionsAsync("4601", a);
        Assert.Equal([MatchVerdict.Dismissed, MatchVerdict.Linked], forA.Select(d => d.Verdict));
        Assert.Equal(("sb-a", "Ulike barn: tvillinger.", At, 0.6), (forA[0].DecidedBy, forA[0].Reason, forA[0].DecidedAt, forA[0].Score!.Value));
        Assert.Equal(2, (await Store.DecisionsAsync("4601", b)).Count);
        Assert.Empty(await Store.DecisionsAsync("4602", a));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.RecordDecisionAsync(new MatchDecision(a, b, "4601", MatchVerdict.Linked, " ", "sb-a", At)));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.RecordDecisionAsync(new MatchDecision(a, a, "4601", MatchVerdict.Linked, "x", "sb-a", At)));
    }

    [SkippableFact]
    public async Task Aliases_AreFoundByKey_InTheirMunicipalityOnly()
    {
        CaseId a = New();
        await Store.WriteIndexAsync([Row(a, "4601", 1, "b:20150314")], null);
        var alias = new IdentityAlias(a, "4601", AliasKind.DNummer, "52031550130", "D-nummer fra UDI", "sb-a", At);
        await Store.AddAliasAsync(alias, MatchKeys.Alias(alias));
        Assert.Equal([a], (await Store.LookupAsync("4601", ["id:52031550130"])).Select(r => r.CaseId));
        Assert.Empty(await Store.LookupAsync("4602", ["id:52031550130"]));
        Assert.Equal([alias], await Store.AliasesAsync([a]));
    }
}

public sealed class InMemoryStoreContractTests : StoreContractTests
{
    protected override IMatchingStore Store { get; } = new InMemoryMatchingStore();
}

public sealed class SqliteStoreContractTests : StoreContractTests, IDisposable
{
    private readonly TempDir _dir = new();
    private readonly SqliteMatchingStore _store;

    public SqliteStoreContractTests() => _store = SqliteMatchingStore.Open(_dir.Db);

    protected override IMatchingStore Store => _store;

    /// <summary>Decisions and aliases are append-only in the file itself: plain SQL cannot change or remove them.</summary>
    [Fact]
    public async Task DecisionsAndAliases_CannotBeChangedOrDeleted_WithPlainSql()
    {
        CaseId a = new(Guid.NewGuid()), b = new(Guid.NewGuid());
        await _store.RecordDecisionAsync(new MatchDecision(a, b, "4601", MatchVerdict.Dismissed, "Ulike barn.", "sb-a", DateTimeOffset.UnixEpoch));
        var alias = new IdentityAlias(a, "4601", AliasKind.DNummer, "52031550130", "D-nummer fra UDI", "sb-a", DateTimeOffset.UnixEpoch);
        await _store.AddAliasAsync(alias, MatchKeys.Alias(alias));
        using var c = new SqliteConnection($"Data Source={_dir.Db}");
        c.Open();
        foreach (var sql in new[] { "UPDATE child_match_decisions SET verdict = 'linked'", "DELETE FROM child_match_decisions", "UPDATE child_aliases SET value = 'x'", "DELETE FROM child_aliases" })
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            var e = Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery());
            Assert.Contains("append-only", e.Message, StringComparison.Ordinal);
        }
        Assert.Single(await _store.DecisionsAsync("4601", a));
    }

    /// <summary>The lookup is index seeks: SQLite's plan uses the keys' primary key and the aliases' index, and scans no table.</summary>
    [Fact]
    public void Lookup_UsesTheIndex_NotAScan()
    {
        using var c = new SqliteConnection($"Data Source={_dir.Db}");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "EXPLAIN QUERY PLAN " + SqliteMatchingStore.LookupSql;
        cmd.Parameters.AddWithValue("$m", "4601");
        cmd.Parameters.AddWithValue("$k", "[\"b:20150314\"]");
        using var r = cmd.ExecuteReader();
        var plan = new List<string>();
        while (r.Read())
            plan.Add(r.GetString(3));
        Assert.DoesNotContain(plan, p => p.StartsWith("SCAN child_index", StringComparison.Ordinal) || p.StartsWith("SCAN child_aliases", StringComparison.Ordinal));
        Assert.Contains(plan, p => p.Contains("child_index_keys USING PRIMARY KEY", StringComparison.Ordinal) || p.Contains("child_index_keys USING COVERING INDEX", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }
}

[Collection(PostgresTestSchema.Collection)]
public sealed class PostgresStoreContractTests : StoreContractTests, IDisposable
{
    private readonly PostgresTestSchema _pg = new();
    private Vern.Storage.Postgres.PostgresDatabase? _db;

    protected override IMatchingStore Store => (_db ??= Vern.Storage.Postgres.PostgresDatabase.OpenAsync(_pg.ConnectionString).GetAwaiter().GetResult()).Matching;

    /// <summary>Decisions and aliases are append-only in the database itself: plain SQL cannot change, delete or truncate them.</summary>
    [SkippableFact]
    public async Task DecisionsAndAliases_CannotBeChangedOrDeleted_WithPlainSql()
    {
        CaseId a = new(Guid.NewGuid()), b = new(Guid.NewGuid());
        await Store.RecordDecisionAsync(new MatchDecision(a, b, "4601", MatchVerdict.Dismissed, "Ulike barn.", "sb-a", DateTimeOffset.UnixEpoch));
        var alias = new IdentityAlias(a, "4601", AliasKind.DNummer, "52031550130", "D-nummer fra UDI", "sb-a", DateTimeOffset.UnixEpoch);
        await Store.AddAliasAsync(alias, MatchKeys.Alias(alias));
        using var c = new Npgsql.NpgsqlConnection(_pg.ConnectionString);
        c.Open();
        foreach (var sql in new[] { "UPDATE child_match_decisions SET verdict = 'linked'", "DELETE FROM child_match_decisions", "TRUNCATE child_match_decisions",
                     "UPDATE child_aliases SET value = 'x'", "DELETE FROM child_aliases", "TRUNCATE child_aliases" })
        {
            using var cmd = new Npgsql.NpgsqlCommand(sql, c);
            var e = Assert.Throws<Npgsql.PostgresException>(() => cmd.ExecuteNonQuery());
            Assert.Contains("append-only", e.MessageText, StringComparison.Ordinal);
        }
        Assert.Single(await Store.DecisionsAsync("4601", a));
    }

    /// <summary>Issue 17: on PostgreSQL the feed's committed cursor moves with every transaction on the server (each request's
    /// access-log row included), not only when a case changes. A refresh that finds no changed case writes nothing — no new mark,
    /// no count — and the next real change is indexed and moves the mark.</summary>
    [SkippableFact]
    public async Task Refresh_WritesNothing_WhenOnlyOtherTransactionsMovedTheCursor_AndIndexesTheNextChange()
    {
        var db = _db ??= await Vern.Storage.Postgres.PostgresDatabase.OpenAsync(_pg.ConnectionString);
        var service = new CaseService(db.Events, Vern.Tests.TestReference.CodeLists.Value, TimeProvider.System);
        var id = New();
        await service.OpenAsync(new OpenCase("4601", "2024/1", new DateOnly(2024, 5, 20),
            new ChildInput(null, new DateOnly(2015, 3, 14), Sex.Female, GivenName: "Kari", FamilyName: "Nordmann")), "test", id);
        await _pg.MoveCursorPastNowAsync(db.Events);
        var matcher = new ChildMatcher(db.Events, db.Matching);
        Assert.Equal(1, (await matcher.RefreshAsync()).Updated);
        var mark = await db.Matching.ReadMarkAsync();

        await _pg.MoveCursorPastNowAsync(db.Events);
        Assert.True(await db.Events.CommittedAsync() > mark!.Cursor); // the cursor moved; no case changed
        Assert.Equal(0, (await matcher.RefreshAsync()).Updated);
        Assert.Equal(mark, await db.Matching.ReadMarkAsync());

        await service.ExecuteAsync(id, new AssignCaseworker("sb1", new DateOnly(2024, 5, 21)), "test");
        await _pg.MoveCursorPastNowAsync(db.Events);
        Assert.Equal(1, (await matcher.RefreshAsync()).Updated);
        Assert.True((await db.Matching.ReadMarkAsync())!.Cursor > mark.Cursor);
        Assert.Equal("sb1", (await db.Matching.ReadRowAsync(id))!.CaseworkerId);
    }

    /// <summary>The lookup is index seeks on PostgreSQL too: with sequential scans priced out, the plan reads the keys through
    /// their primary key and the aliases through their index (the planner would scan a table this small otherwise).</summary>
    [SkippableFact]
    public async Task Lookup_UsesTheIndex_NotAScan()
    {
        _ = await Store.CountAsync();
        using var c = new Npgsql.NpgsqlConnection(_pg.ConnectionString);
        c.Open();
        using (var off = new Npgsql.NpgsqlCommand("SET enable_seqscan = off", c))
            off.ExecuteNonQuery();
        using var cmd = new Npgsql.NpgsqlCommand("EXPLAIN " + Vern.Storage.Postgres.Features.PostgresMatchingStore.LookupSql.Replace("$m", "'4601'").Replace("$k", "ARRAY['b:20150314']"), c);
        using var r = cmd.ExecuteReader();
        var plan = new List<string>();
        while (r.Read())
            plan.Add(r.GetString(0));
        Assert.DoesNotContain(plan, p => p.Contains("Seq Scan", StringComparison.Ordinal));
        Assert.Contains(plan, p => p.Contains("child_index_keys_pkey", StringComparison.Ordinal));
        Assert.Contains(plan, p => p.Contains("child_aliases_key", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _db?.Dispose();
        _pg.Dispose();
    }
}

internal sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vern-matching-tests", Guid.NewGuid().ToString("N"));

    public TempDir() => Directory.CreateDirectory(Path);

    public string Db => System.IO.Path.Combine(Path, "vern.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
