using Microsoft.Data.Sqlite;
using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Storage.Sqlite;
using Vern.Tests;

namespace Vern.Storage.Tests;

/// <summary>The user store contract (issue 15: users and roles stored, nothing erased), on every implementation.</summary>
public abstract class UserStoreContractTests
{
    protected abstract IUserStore Users { get; }

    protected abstract ISettingsStore Settings { get; }

    private static readonly DateTimeOffset At = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static User Kari(string id = "kari") => new(id, "Kari Nordmann", Role.Caseworker, "4601", null, null, false, null, At, "admin");

    [SkippableFact]
    public async Task Add_ThenFind_ReturnsTheUserAsStored()
    {
        await Users.AddAsync(Kari());
        Assert.Equal(Kari(), await Users.FindAsync("kari"));
        Assert.Null(await Users.FindAsync("ola"));
    }

    [SkippableFact]
    public async Task Add_SameIdTwice_IsRefusedAndTheFirstStays()
    {
        await Users.AddAsync(Kari());
        await Assert.ThrowsAsync<UserExistsException>(() => Users.AddAsync(Kari() with { Name = "Someone Else" }));
        Assert.Equal("Kari Nordmann", (await Users.FindAsync("kari"))!.Name);
        Assert.Single(await Users.ListAsync());
    }

    [SkippableFact]
    public async Task RoleChangeAndDisabling_KeepTheWholeHistory()
    {
        await Users.AddAsync(Kari());
        await Users.ChangeRoleAsync("kari", Role.Leader, "4601", "03", null, "admin", At.AddDays(1));
        await Users.SetDisabledAsync("kari", true, "admin", At.AddDays(2));
        var now = (await Users.FindAsync("kari"))!;
        Assert.Equal((Role.Leader, "03", true), (now.Role, now.Bydel, now.Disabled));
        var history = await Users.HistoryAsync("kari");
        Assert.Equal(["created", "role", "disabled"], history.Select(h => h.Change));
        Assert.Equal("caseworker 4601", history[1].OldValue);
        Assert.Equal("leader 4601/03", history[1].NewValue);
        Assert.Equal(At.AddDays(2), history[2].At);
        Assert.Single(await Users.ListAsync()); // disabled, not erased
    }

    /// <summary>The mark a kept copy of the users is checked against (the web host's staff names, issue 16) moves with every change.</summary>
    [SkippableFact]
    public async Task ChangeMark_MovesWithEveryChangeOfAnyUser()
    {
        var marks = new List<long> { await Users.ChangeMarkAsync() };
        await Users.AddAsync(Kari());
        marks.Add(await Users.ChangeMarkAsync());
        Assert.Equal(marks[^1], await Users.ChangeMarkAsync()); // a read changes nothing
        await Users.AddAsync(Kari("ola") with { Name = "Ola Nordmann" });
        marks.Add(await Users.ChangeMarkAsync());
        await Users.ChangeRoleAsync("kari", Role.Leader, "4601", null, null, "admin", At.AddDays(1));
        marks.Add(await Users.ChangeMarkAsync());
        await Users.SetDisabledAsync("ola", true, "admin", At.AddDays(2));
        marks.Add(await Users.ChangeMarkAsync());
        await Users.SetPasswordHashAsync("kari", "hash", "admin", At.AddDays(3));
        marks.Add(await Users.ChangeMarkAsync());
        Assert.Equal(marks.Count, marks.Distinct().Count());
    }

    [SkippableFact]
    public async Task ChangingAnUnknownUser_IsRefused()
    {
        await Assert.ThrowsAsync<UnknownUserException>(() => Users.SetDisabledAsync("ingen", true, "admin", At));
        await Assert.ThrowsAsync<UnknownUserException>(() => Users.ChangeRoleAsync("ingen", Role.Leader, "4601", null, null, "admin", At));
    }

    [SkippableFact]
    public async Task Settings_AreStoredAndReplaced()
    {
        Assert.Null(await Settings.GetSettingAsync("caseworkers-see-service:4601"));
        await Settings.SetSettingAsync("caseworkers-see-service:4601", "true", "admin", At);
        await Settings.SetSettingAsync("caseworkers-see-service:4601", "false", "admin", At.AddHours(1));
        Assert.Equal("false", await Settings.GetSettingAsync("caseworkers-see-service:4601"));
    }
}

public sealed class InMemoryUserStoreContractTests : UserStoreContractTests
{
    private readonly InMemoryUserStore _store = new();
    protected override IUserStore Users => _store;
    protected override ISettingsStore Settings => _store;
}

public sealed class SqliteUserStoreContractTests : UserStoreContractTests, IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly SqliteUserStore _store;

    public SqliteUserStoreContractTests() => _store = SqliteUserStore.Open(_db.Path);

    protected override IUserStore Users => _store;
    protected override ISettingsStore Settings => _store;

    [SkippableFact]
    public async Task Users_AreNeverDeleted_AndTheirHistoryIsAppendOnly()
    {
        await _store.AddAsync(new User("kari", "Kari", Role.Caseworker, "4601", null, null, false, null, DateTimeOffset.UnixEpoch, "admin"));
        using var c = new SqliteConnection($"Data Source={_db.Path};Pooling=False");
        c.Open();
        foreach (var sql in new[] { "DELETE FROM users", "DELETE FROM user_changes", "UPDATE user_changes SET by = 'x'" })
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery());
        }
        Assert.NotNull(await _store.FindAsync("kari"));
        Assert.Single(await _store.HistoryAsync("kari"));
    }

    public void Dispose()
    {
        _store.Dispose();
        _db.Dispose();
    }
}

/// <summary>The access-log contract (issue 15: every read logged; bulk reads found per case; append-only), on every implementation.</summary>
public abstract class AccessLogContractTests
{
    protected abstract IAccessLog Log { get; }

    private static readonly DateTimeOffset At = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static AccessEntry Read(CaseId id, string op = "case show") => new(0, At, "kari", "caseworker", op, "oppfølging", id, null, 1);

    [SkippableFact]
    public async Task CaseReads_AreReturnedForThatCaseOnly_InOrder_WithAllTheirFields()
    {
        var a = Ids.NewCaseId();
        var b = Ids.NewCaseId();
        await Log.RecordAsync(Read(a));
        await Log.RecordAsync(Read(b));
        await Log.RecordAsync(Read(a, "case export") with { Outcome = AccessEntry.Denied });
        var rows = await Log.ForCaseAsync(a);
        Assert.Equal(["case show", "case export"], rows.Select(r => r.Operation));
        Assert.Equal([AccessEntry.Allowed, AccessEntry.Denied], rows.Select(r => r.Outcome));
        Assert.All(rows, r => Assert.Equal(("kari", "caseworker", "oppfølging", At, (CaseId?)a), (r.ActorId, r.Role, r.Purpose, r.At, r.CaseId)));
        Assert.True(rows[0].Position < rows[1].Position);
    }

    [SkippableFact]
    public async Task ABulkRead_IsOneRow_FoundFromEveryCaseItIncluded_AndNotFromOthers()
    {
        var included = Enumerable.Range(0, 1000).Select(_ => Ids.NewCaseId()).ToList();
        var other = Ids.NewCaseId();
        await Log.RecordBulkAsync(new AccessEntry(0, At, "leder", "leader", "deadlines", "", null, "4601", 0), included);
        Assert.Single(await Log.ReadAllAsync());
        foreach (var id in included.Take(50).Append(included[^1]))
        {
            var rows = await Log.ForCaseAsync(id, "4601");
            var row = Assert.Single(rows);
            Assert.Equal(("deadlines", "4601", 1000, (CaseId?)null), (row.Operation, row.Scope, row.CaseCount, row.CaseId));
        }
        Assert.Empty(await Log.ForCaseAsync(other, "4601"));
        Assert.Empty(await Log.ForCaseAsync(included[0], "0301")); // the bulk row's scope was 4601
    }

    /// <summary>A kept read's ids (<see cref="CaseIdList"/>, encoded once) logged by two requests: two rows, each finding its cases.</summary>
    [SkippableFact]
    public async Task BulkRead_OfAKeptIdList_LoggedTwice_IsTwoRowsThatEachFindTheirCases()
    {
        var ids = new CaseIdList(Enumerable.Range(0, 300).Select(_ => Ids.NewCaseId()));
        Assert.Equal(CaseIdSet.Encode([.. ids]), CaseIdSet.Encode(ids));
        await Log.RecordBulkAsync(new AccessEntry(0, At, "leder", "leader", "worklist", "", null, "4601", 0), ids);
        await Log.RecordBulkAsync(new AccessEntry(0, At.AddSeconds(1), "leder", "leader", "worklist", "", null, "4601", 0), ids);
        Assert.Equal(2, (await Log.ReadAllAsync()).Count);
        foreach (var id in new[] { ids[0], ids[150], ids[^1] })
            Assert.Equal(2, (await Log.ForCaseAsync(id, "4601")).Count);
        Assert.Empty(await Log.ForCaseAsync(Ids.NewCaseId(), "4601"));
    }

    [SkippableFact]
    public async Task ARowWithoutCaseOrScope_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Log.RecordAsync(new AccessEntry(0, At, "kari", "caseworker", "x", "", null, null, 0)));
        Assert.Empty(await Log.ReadAllAsync());
    }

    [SkippableFact]
    public async Task ReadAll_ByActor_GivesThatActorsRows()
    {
        await Log.RecordAsync(Read(Ids.NewCaseId()));
        await Log.RecordAsync(Read(Ids.NewCaseId()) with { ActorId = "ola" });
        Assert.Equal(["ola"], (await Log.ReadAllAsync("ola")).Select(r => r.ActorId));
    }
}

public sealed class InMemoryAccessLogContractTests : AccessLogContractTests
{
    protected override IAccessLog Log { get; } = new InMemoryAccessLog();
}

public sealed class SqliteAccessLogContractTests : AccessLogContractTests, IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly SqliteAccessLog _log;

    public SqliteAccessLogContractTests() => _log = SqliteAccessLog.Open(_db.Path);

    protected override IAccessLog Log => _log;

    [SkippableFact]
    public async Task TheAccessLog_IsAppendOnly_UpdateAndDeleteAreRefusedByTriggers()
    {
        var id = Ids.NewCaseId();
        await _log.RecordAsync(new AccessEntry(0, DateTimeOffset.UnixEpoch, "kari", "caseworker", "case show", "", id, null, 1));
        await _log.RecordBulkAsync(new AccessEntry(0, DateTimeOffset.UnixEpoch, "kari", "caseworker", "deadlines", "", null, "4601", 0), [id]);
        using var c = new SqliteConnection($"Data Source={_db.Path};Pooling=False");
        c.Open();
        foreach (var sql in new[] { "UPDATE access_log SET actor_id = 'someone else'", "DELETE FROM access_log", "UPDATE access_log SET case_ids = NULL",
                     "UPDATE access_log SET case_ids_digest = NULL", "UPDATE access_id_sets SET case_ids = x'00'", "DELETE FROM access_id_sets" })
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            var e = Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery());
            Assert.Contains("append-only", e.Message);
        }
        // A REPLACE over a stored set is ignored by its insert trigger: the set stays as it was, and the row still finds the case.
        using (var replace = c.CreateCommand())
        {
            replace.CommandText = "INSERT OR REPLACE INTO access_id_sets(digest, case_ids) SELECT digest, x'00' FROM access_id_sets";
            replace.ExecuteNonQuery();
        }
        Assert.Equal(2, (await _log.ForCaseAsync(id)).Count);
    }

    /// <summary>Issue 16: the same set of case ids logged by many requests (a leader's page) is stored once; each request still has
    /// its own row, and each finds its cases. A different set is stored beside it.</summary>
    [SkippableFact]
    public async Task TheSameIdSet_LoggedByManyRequests_IsStoredOnce_AndEveryRowFindsItsCases()
    {
        var ids = new CaseIdList(Enumerable.Range(0, 2000).Select(_ => Ids.NewCaseId()));
        for (var i = 0; i < 20; i++)
            await _log.RecordBulkAsync(new AccessEntry(0, DateTimeOffset.UnixEpoch.AddSeconds(i), "leder", "leader", "worklist", "", null, "4601", 0), ids);
        await _log.RecordBulkAsync(new AccessEntry(0, DateTimeOffset.UnixEpoch, "leder", "leader", "dashboard", "", null, "4601", 0), ids.Take(10).ToList());
        Assert.Equal(21, (await _log.ForCaseAsync(ids[0], "4601")).Count);
        Assert.Equal(20, (await _log.ForCaseAsync(ids[1999], "4601")).Count);
        Assert.Equal([21L, 2L, 2010L * 16, 0L], Counts("SELECT (SELECT count(*) FROM access_log), (SELECT count(*) FROM access_id_sets), (SELECT sum(length(case_ids)) FROM access_id_sets), (SELECT count(*) FROM access_log WHERE case_ids IS NOT NULL)"));
    }

    /// <summary>Issue 16, speed: on a file a host serves, the rows that arrive together are written in one transaction through two
    /// statements prepared once (<c>SqliteAccessLog.RowWriter</c>). Every row is still its own row with all its fields, each set is
    /// stored once however many rows of the commit name it, and each row finds its cases (issue 15: every read logged).</summary>
    [SkippableFact]
    public async Task RowsWrittenTogether_OnAServedFile_AreEachStoredWithTheirFields_AndEachSetOnce()
    {
        var at = new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);
        SqliteConnections.Serve(_db.Path);
        try
        {
            using var served = SqliteAccessLog.Open(_db.Path, create: false);
            var worklist = new CaseIdList(Enumerable.Range(0, 300).Select(_ => Ids.NewCaseId()));
            var gaps = new CaseIdList(Enumerable.Range(0, 5).Select(_ => Ids.NewCaseId()));
            var single = Ids.NewCaseId();
            var writes = Enumerable.Range(0, 60).Select(i => (i % 3) switch
            {
                0 => served.RecordBulkAsync(new AccessEntry(0, at.AddSeconds(i), "sb-01", "caseworker", "worklist", "arbeidsliste", null, "4601", 0), worklist),
                1 => served.RecordBulkAsync(new AccessEntry(0, at.AddSeconds(i), "sb-01", "caseworker", "register check", "arbeidsliste", null, "4601", 0), gaps),
                _ => served.RecordAsync(new AccessEntry(0, at.AddSeconds(i), "sb-01", "caseworker", "case show", "oppfølging", single, null, 1)),
            }).ToList();
            await Task.WhenAll(writes);

            var all = await served.ReadAllAsync();
            Assert.Equal(60, all.Count);
            Assert.Equal(Enumerable.Range(0, 60).Select(i => at.AddSeconds(i)).Order(), all.Select(r => r.At).Order());
            var worklistRows = await served.ForCaseAsync(worklist[299], "4601");
            Assert.Equal(20, worklistRows.Count);
            Assert.All(worklistRows, r => Assert.Equal(("worklist", "arbeidsliste", "4601", 300, (CaseId?)null, AccessEntry.Allowed), (r.Operation, r.Purpose, r.Scope, r.CaseCount, r.CaseId, r.Outcome)));
            var gapRows = await served.ForCaseAsync(gaps[0], "4601");
            Assert.Equal(20, gapRows.Count);
            Assert.All(gapRows, r => Assert.Equal(("register check", 5), (r.Operation, r.CaseCount)));
            var caseRows = await served.ForCaseAsync(single, "4601");
            Assert.Equal(20, caseRows.Count);
            Assert.All(caseRows, r => Assert.Equal(("case show", "oppfølging", (CaseId?)single, (string?)null, 1), (r.Operation, r.Purpose, r.CaseId, r.Scope, r.CaseCount)));
            Assert.Empty(await served.ForCaseAsync(Ids.NewCaseId(), "4601"));
        }
        finally
        {
            SqliteConnections.Unserve(_db.Path);
        }
        Assert.Equal([2L, 305L * 16], Counts("SELECT (SELECT count(*) FROM access_id_sets), (SELECT sum(length(case_ids)) FROM access_id_sets)"));
    }

    /// <summary>A bulk row written before migration 28 keeps its set in its own <c>case_ids</c>: it is still found per case, beside the
    /// rows that name a stored set.</summary>
    [SkippableFact]
    public async Task ABulkRowStoredBeforeMigration28_IsStillFoundPerCase()
    {
        var old = Ids.NewCaseId();
        using (var c = new SqliteConnection($"Data Source={_db.Path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                INSERT INTO access_log(at, actor_id, role, operation, purpose, case_id, scope, case_count, outcome, case_ids)
                VALUES ('2024-01-01T00:00:00.0000000+00:00', 'leder', 'leader', 'worklist', '', NULL, '4601', 1, 'allowed', $ids)
                """;
            cmd.Parameters.Add("$ids", SqliteType.Blob).Value = CaseIdSet.Encode([old]);
            cmd.ExecuteNonQuery();
        }
        await _log.RecordBulkAsync(new AccessEntry(0, DateTimeOffset.UnixEpoch, "leder", "leader", "worklist", "", null, "4601", 0), [old]);
        Assert.Equal(2, (await _log.ForCaseAsync(old, "4601")).Count);
        Assert.Empty(await _log.ForCaseAsync(Ids.NewCaseId(), "4601"));
    }

    /// <summary>A register export of a national-size municipality reads 500,000 cases: it is ONE row of 8 MB (16 bytes per case),
    /// written in well under a second, and a per-case lookup finds it.</summary>
    [SkippableFact]
    public async Task ABulkReadOf500000Cases_IsOneCompactRow_AndFoundPerCase()
    {
        var cases = Enumerable.Range(0, 500_000).Select(_ => new CaseId(Guid.NewGuid())).ToList();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await _log.RecordBulkAsync(new AccessEntry(0, DateTimeOffset.UnixEpoch, "leder", "leader", "export register", "", null, "0301", 0), cases);
        var written = watch.Elapsed;
        watch.Restart();
        var found = await _log.ForCaseAsync(cases[123_456], "0301");
        var lookup = watch.Elapsed;
        Assert.Equal(500_000, Assert.Single(found).CaseCount);
        Assert.Empty(await _log.ForCaseAsync(Ids.NewCaseId(), "0301"));
        Assert.Equal([1L, 8_000_000L], Counts("SELECT (SELECT count(*) FROM access_log), (SELECT sum(length(case_ids)) FROM access_id_sets)"));
        Assert.True(written < TimeSpan.FromSeconds(5), $"writing took {written}");
        Assert.True(lookup < TimeSpan.FromSeconds(2), $"lookup took {lookup}");
    }

    /// <summary>The one row of <paramref name="sql"/>'s counts, read beside the log on a connection of its own.</summary>
    private long[] Counts(string sql)
    {
        using var c = new SqliteConnection($"Data Source={_db.Path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        r.Read();
        return [.. Enumerable.Range(0, r.FieldCount).Select(r.GetInt64)];
    }

    public void Dispose()
    {
        _log.Dispose();
        _db.Dispose();
    }
}
