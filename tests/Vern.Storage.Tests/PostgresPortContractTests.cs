using Npgsql;
using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Storage.Postgres;
using Vern.Tests;
using static Vern.Tests.ServiceFixture;

namespace Vern.Storage.Tests;

/// <summary>The user store contract on PostgreSQL (issue 17: the same contract tests on both engines).</summary>
[Collection(PostgresTestSchema.Collection)]
public sealed class PostgresUserStoreContractTests : UserStoreContractTests, IDisposable
{
    private readonly PostgresTestSchema _pg = new();
    private PostgresDatabase? _db;

    private PostgresDatabase Db => _db ??= PostgresDatabase.OpenAsync(_pg.ConnectionString).GetAwaiter().GetResult();

    protected override IUserStore Users => Db.Users;
    protected override ISettingsStore Settings => Db.Settings;

    [SkippableFact]
    public async Task Users_AreNeverDeleted_AndTheirHistoryIsAppendOnly()
    {
        await Users.AddAsync(new User("kari", "Kari", Role.Caseworker, "4601", null, null, false, null, DateTimeOffset.UnixEpoch, "admin"));
        await Settings.SetSettingAsync("k", "v", "admin", DateTimeOffset.UnixEpoch);
        using var c = _pg.Connect();
        foreach (var sql in new[] { "DELETE FROM users", "DELETE FROM user_changes", "UPDATE user_changes SET by = 'x'", "UPDATE setting_changes SET value = 'x'" })
        {
            using var cmd = new NpgsqlCommand(sql, c);
            var e = Assert.Throws<PostgresException>(() => cmd.ExecuteNonQuery());
            Assert.Matches("never deleted|append-only", e.MessageText);
        }
        Assert.NotNull(await Users.FindAsync("kari"));
        Assert.Single(await Users.HistoryAsync("kari"));
    }

    /// <summary>The acting user and the change feed's committed cursor by one statement (issue 17, under load: the web host reads both on
    /// every request): the user as <see cref="IUserStore.FindAsync"/> finds it (none when unknown), and the cursor the feed itself gives at
    /// that moment, moving with the server's transactions.</summary>
    [SkippableFact]
    public async Task FindWithCommitted_GivesTheUserAsFound_AndTheFeedsCommittedCursor()
    {
        var both = (IUserWithCursorRead)Users;
        await Users.AddAsync(new User("kari", "Kari", Role.Caseworker, "4601", "05", null, false, "hash", DateTimeOffset.UnixEpoch, "admin"));
        var before = await Db.Events.CommittedAsync();
        var (kari, (committed, _, _)) = await both.FindWithCommittedAsync("kari");
        var after = await Db.Events.CommittedAsync();
        Assert.Equal(await Users.FindAsync("kari"), kari);
        Assert.True(before <= committed && committed <= after, $"{before} ≤ {committed} ≤ {after}");

        await _pg.MoveCursorPastNowAsync(Db.Events);
        var (nobody, (later, _, _)) = await both.FindWithCommittedAsync("ola");
        Assert.Null(nobody);
        Assert.True(later > committed, $"{later} > {committed}");
    }

    /// <summary>Both change marks by one statement (migration 32; the leader's dashboard), as their own stores give them: each moves with a
    /// change of its own store, also one committed by another process (another data source), and with nothing else.</summary>
    [SkippableFact]
    public async Task ChangeMarks_AreTheUsersAndTheStaffRegistrysMarks_EachMovingWithItsOwnStore()
    {
        var both = (IChangeMarksRead)Users;
        async Task<ChangeMarks> Marks()
        {
            var marks = await both.ChangeMarksAsync();
            Assert.Equal(new ChangeMarks(await Users.ChangeMarkAsync(), await Db.Staff.ChangeMarkAsync()), marks);
            return marks;
        }
        var start = await Marks();
        await Users.AddAsync(new User("kari", "Kari", Role.Caseworker, "4601", null, null, false, null, DateTimeOffset.UnixEpoch, "admin"));
        var user = await Marks();
        Assert.True(user.Users != start.Users && user.Staff == start.Staff, $"{start} → {user}");
        using var other = await PostgresDatabase.OpenAsync(_pg.ConnectionString);
        await other.Staff.UpsertAsync([new StaffMember("kari", "4601", "Kari", "saksbehandler", Education.RelevantBachelor)], "admin", DateTimeOffset.UnixEpoch);
        var staff = await Marks();
        Assert.True(staff.Users == user.Users && staff.Staff != user.Staff, $"{user} → {staff}");
        await other.Users.SetDisabledAsync("kari", true, "admin", DateTimeOffset.UnixEpoch);
        var disabled = await Marks();
        Assert.True(disabled.Users != staff.Users && disabled.Staff == staff.Staff, $"{staff} → {disabled}");
    }

    /// <summary>The feed's reading taken with the user (issue 17, under load: it answers the web host's «did any case change» without a
    /// statement of its own) holds the last change before its cursor, and answers as the feed itself does: an empty store has none; after
    /// an append the change is the last one; a change whose transaction began before another's but committed after it is not claimed
    /// absent by a reading taken while it was still open (that reading cannot tell past its cursor), and the next reading sees it.</summary>
    [SkippableFact]
    [Trait("Rule", "issue 17: the change feed never skips a change that commits out of order")]
    public async Task FindWithCommitted_ReadsTheLastChangeBeforeItsCursor_AndAnswersAsTheFeed_AlsoForAChangeCommittedLate()
    {
        var both = (IUserWithCursorRead)Users;
        var feed = Db.Events;
        var (_, empty) = await both.FindWithCommittedAsync("nobody");
        Assert.Equal(FeedCursor.Start, empty.LastChange);
        Assert.False(empty.AnyChanged(FeedCursor.Start, empty.Committed));

        var a = new CaseId(Guid.NewGuid());
        await feed.AppendAsync([EventStoreContractTests.OpenAppendFor(a)]);
        await _pg.MoveCursorPastNowAsync(feed);
        var (_, first) = await both.FindWithCommittedAsync("nobody");
        Assert.True(first.LastChange > new FeedCursor(empty.Committed.Transaction, 0), $"{first.LastChange} after {empty.Committed}");
        Assert.True(first.AnyChanged(empty.Committed, first.Committed));
        Assert.True(await feed.AnyChangedAsync(empty.Committed, first.Committed));
        Assert.False(first.AnyChanged(first.LastChange, first.Committed));
        Assert.False(await feed.AnyChangedAsync(first.LastChange, first.Committed)); // nothing after the last change
        Assert.True(await feed.AnyChangedAsync(first.LastChange with { Position = first.LastChange.Position - 1 }, first.LastChange)); // it is a change
        Assert.True(first.SeesEveryCommit); // nothing committed past its cursor

        // A writer begins first and commits last: its change must not be skipped.
        using var slow = _pg.Connect();
        var (tx, _) = await PostgresTestSchema.BeginLateChangeAsync(slow, a.Value);
        await using var late = tx;
        await feed.AppendAsync([EventStoreContractTests.OpenAppendFor(new CaseId(Guid.NewGuid()), "2024/2")]); // commits first
        var (_, during) = await both.FindWithCommittedAsync("nobody");
        await tx.CommitAsync();
        await _pg.MoveCursorPastNowAsync(feed);
        var (_, after) = await both.FindWithCommittedAsync("nobody");
        Assert.True(after.Committed > during.Committed, $"{after.Committed} > {during.Committed}");
        Assert.Null(during.AnyChanged(during.Committed, after.Committed)); // the earlier reading cannot tell past its cursor
        Assert.True(after.AnyChanged(during.Committed, after.Committed));  // the late commit is after the earlier reading's cursor
        Assert.True(await feed.AnyChangedAsync(during.Committed, after.Committed));
        Assert.Equal(await feed.AnyChangedAsync(first.Committed, during.Committed), during.AnyChanged(first.Committed, during.Committed));
        // The reading taken while the slow writer was open saw a change committed past its cursor (the second case's): a kept case
        // must be checked against its row then. Once the slow writer has ended and the cursor passed both, nothing lies past it.
        Assert.False(during.SeesEveryCommit);
        Assert.True(after.SeesEveryCommit);
    }

    /// <summary>Concurrent requests that keep the store's group read busy until stopped (disposing stops them too, also when the test
    /// failed).</summary>
    private sealed class BusyReaders(CancellationTokenSource stop, Task loops) : IAsyncDisposable
    {
        /// <summary>Stops the loops and rethrows what failed in them.</summary>
        public async Task StopAsync()
        {
            await stop.CancelAsync();
            await loops.WaitAsync(TimeSpan.FromSeconds(60));
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await Task.WhenAny(loops, Task.Delay(TimeSpan.FromSeconds(60)));
            stop.Dispose();
        }
    }

    /// <summary>Keeps the store's group read busy (issue 17, under load): 16 loops asking for other users, and every other time for
    /// «kari» too (her other requests: a statement in flight may hold her key), until stopped, as concurrent requests do, so a statement
    /// is nearly always in flight when the test asks.</summary>
    private async Task<BusyReaders> KeepTheGroupReadBusyAsync(int readers = 16)
    {
        for (var i = 0; i < 4; i++)
            await Users.AddAsync(new User($"sb{i}", $"Saksbehandler {i}", Role.Caseworker, "4601", null, null, false, null, DateTimeOffset.UnixEpoch, "admin"));
        var both = (IUserWithCursorRead)Users;
        var stop = new CancellationTokenSource();
        var loops = Task.WhenAll(Enumerable.Range(0, readers).Select(i => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Assert.Equal($"sb{i % 4}", (await both.FindWithCommittedAsync($"sb{i % 4}")).User?.Id);
                await both.FindWithCommittedAsync("kari");
            }
        })));
        return new BusyReaders(stop, loops);
    }

    /// <summary>Issue 15/17: a user disabled, enabled again or moved to another municipality by another process (its own data source, as
    /// the CLI's <c>vern user disable</c> would) just before a request asks is read so by that request, while many concurrent requests
    /// keep the group read busy: a request is never given the answer of a statement that was already in flight when it asked (that
    /// statement's snapshot may predate the change), only of one that started after. It also shows the reads were shared (fewer
    /// statements than reads).</summary>
    [SkippableFact]
    [Trait("Rule", "issue 15/17: a disabled user is refused, and a changed one re-scoped, on their next request, by any process's change")]
    public async Task GroupRead_WhileBusy_AUserChangedByAnotherProcessJustBefore_IsReadAsChanged()
    {
        var both = (IUserWithCursorRead)Users;
        var store = (PostgresUserStore)Users;
        await Users.AddAsync(new User("kari", "Kari", Role.Caseworker, "4601", null, null, false, null, DateTimeOffset.UnixEpoch, "admin"));
        using var other = await PostgresDatabase.OpenAsync(_pg.ConnectionString);
        await using var busy = await KeepTheGroupReadBusyAsync();
        var (asked, statements) = store.GroupReadCounts;
        for (var round = 1; round <= 40; round++)
        {
            var disabled = round % 2 == 1;
            await other.Users.SetDisabledAsync("kari", disabled, "admin", DateTimeOffset.UnixEpoch);
            Assert.Equal(disabled, (await both.FindWithCommittedAsync("kari")).User!.Disabled);
            var municipality = round % 3 == 0 ? "0301" : "4601";
            await other.Users.ChangeRoleAsync("kari", Role.Caseworker, municipality, null, null, "admin", DateTimeOffset.UnixEpoch);
            Assert.Equal(municipality, (await both.FindWithCommittedAsync("kari")).User!.MunicipalityNumber);
        }
        var (askedAfter, statementsAfter) = store.GroupReadCounts;
        await busy.StopAsync();
        Assert.True(statementsAfter - statements < askedAfter - asked, $"{askedAfter - asked} reads by {statementsAfter - statements} statements");
    }

    /// <summary>Issue 17: a request sees every change committed before it asked, by any process, while the group read is busy: the
    /// reading it is given was taken by a statement that started after the other process's append had committed, so the append's event
    /// is in it (at or before its newest change; and at or before its last change when the cursor has passed it).</summary>
    [SkippableFact]
    [Trait("Rule", "issue 17: a request sees every commit made before it began, by any process")]
    public async Task GroupRead_WhileBusy_ARequestSeesAnEventCommittedByAnotherProcessJustBefore()
    {
        var both = (IUserWithCursorRead)Users;
        using var other = await PostgresDatabase.OpenAsync(_pg.ConnectionString);
        await using var busy = await KeepTheGroupReadBusyAsync();
        using var c = _pg.Connect();
        for (var round = 1; round <= 40; round++)
        {
            var id = new CaseId(Guid.NewGuid());
            await other.Events.AppendAsync([EventStoreContractTests.OpenAppendFor(id, $"2024/{round}")]);
            var (_, reading) = await both.FindWithCommittedAsync("kari");
            await using var cmd = new NpgsqlCommand("SELECT tx, position FROM events WHERE case_id = $1", c);
            cmd.Parameters.AddWithValue(id.Value);
            await using var r = await cmd.ExecuteReaderAsync();
            Assert.True(await r.ReadAsync());
            var appended = new FeedCursor(r.GetInt64(0), r.GetInt64(1));
            Assert.True(reading.Newest >= appended, $"round {round}: newest {reading.Newest} sees {appended}");
            if (appended <= reading.Committed)
                Assert.True(reading.LastChange >= appended, $"round {round}: last change {reading.LastChange} sees {appended}");
        }
        await busy.StopAsync();
    }

    /// <summary>A failed group statement (a real one: the users table is renamed away by another session, which holds its lock while the
    /// first statement waits) fails every request of its group with the server's error — none hangs — and so does the next group's; once
    /// the table is back, the next request is read again.</summary>
    [SkippableFact]
    public async Task GroupRead_AFailedStatement_FailsEveryRequestOfItsGroup_NoneHangs_AndTheNextGroupReadsAgain()
    {
        var both = (IUserWithCursorRead)Users;
        await Users.AddAsync(new User("kari", "Kari", Role.Caseworker, "4601", null, null, false, null, DateTimeOffset.UnixEpoch, "admin"));
        for (var i = 0; i < 6; i++)
            Assert.NotNull((await both.FindWithCommittedAsync("kari")).User); // prepared by now (Max Auto Prepare)
        using var c = _pg.Connect();
        var rename = await c.BeginTransactionAsync();
        await using (var cmd = new NpgsqlCommand("ALTER TABLE users RENAME TO users_away", c, rename))
            await cmd.ExecuteNonQueryAsync();
        var asked = Enumerable.Range(0, 10).Select(_ => both.FindWithCommittedAsync("kari")).ToList();
        await WaitForALockWaitAsync(c);
        Assert.All(asked, t => Assert.False(t.IsCompleted));
        await rename.CommitAsync();
        foreach (var t in asked)
        {
            var e = await Assert.ThrowsAsync<PostgresException>(() => t.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(PostgresErrorCodes.UndefinedTable, e.SqlState);
        }
        await using (var back = new NpgsqlCommand("ALTER TABLE users_away RENAME TO users", c))
            await back.ExecuteNonQueryAsync();
        Assert.Equal("kari", (await both.FindWithCommittedAsync("kari").WaitAsync(TimeSpan.FromSeconds(30))).User!.Id);
    }

    /// <summary>One request's cancellation (its client went away) ends its own wait at once, and not the statement it shares with
    /// others: while another session locks the users table, the group's statements wait; the cancelled request returns, and the others
    /// are answered when the lock is released.</summary>
    [SkippableFact]
    public async Task GroupRead_OneRequestsCancellation_DoesNotCancelTheOthersStatement()
    {
        var both = (IUserWithCursorRead)Users;
        var store = (PostgresUserStore)Users;
        await Users.AddAsync(new User("kari", "Kari", Role.Caseworker, "4601", null, null, false, null, DateTimeOffset.UnixEpoch, "admin"));
        await Users.AddAsync(new User("ola", "Ola", Role.Leader, "4601", null, null, false, null, DateTimeOffset.UnixEpoch, "admin"));
        using var c = _pg.Connect();
        var hold = await c.BeginTransactionAsync();
        await using (var cmd = new NpgsqlCommand("LOCK TABLE users IN ACCESS EXCLUSIVE MODE", c, hold))
            await cmd.ExecuteNonQueryAsync();
        var (asked, statements) = store.GroupReadCounts;
        var first = both.FindWithCommittedAsync("ola");    // in flight, waiting for the lock
        await WaitForALockWaitAsync(c);
        using var cancel = new CancellationTokenSource();
        var leaving = both.FindWithCommittedAsync("kari", cancel.Token);
        var staying = both.FindWithCommittedAsync("kari"); // the same group as «leaving»
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(first.IsCompleted || staying.IsCompleted);
        await hold.RollbackAsync();
        Assert.Equal("ola", (await first.WaitAsync(TimeSpan.FromSeconds(30))).User!.Id);
        Assert.Equal("kari", (await staying.WaitAsync(TimeSpan.FromSeconds(30))).User!.Id);
        Assert.Equal((asked + 3, statements + 2), store.GroupReadCounts);
    }

    /// <summary>Waits until a session waits for the lock <paramref name="holder"/> holds (the group read's statement).</summary>
    private async Task WaitForALockWaitAsync(NpgsqlConnection holder)
    {
        using var watch = _pg.Connect();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var cmd = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid)) AND query LIKE '%ANY($1)%'", watch);
            cmd.Parameters.AddWithValue(holder.ProcessID);
            if ((long)(await cmd.ExecuteScalarAsync())! > 0)
                return;
            Assert.True(DateTime.UtcNow < deadline, "the group read's statement never waited for the lock");
            await Task.Delay(10);
        }
    }

    /// <summary>Two administrators changing one user at once: the row lock orders them, so each history row's old value is
    /// the value the other one left (no lost update in the kept history).</summary>
    [SkippableFact]
    public async Task ConcurrentRoleChanges_EachHistoryRowStartsWhereThePreviousEnded()
    {
        await Users.AddAsync(new User("kari", "Kari", Role.Caseworker, "4601", null, null, false, null, DateTimeOffset.UnixEpoch, "admin"));
        var bydeler = Enumerable.Range(1, 20).Select(i => i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        await Task.WhenAll(bydeler.Select(b => Task.Run(() => Users.ChangeRoleAsync("kari", Role.Leader, "4601", b, null, "admin", DateTimeOffset.UnixEpoch))));
        var history = (await Users.HistoryAsync("kari")).Skip(1).ToList();
        Assert.Equal(20, history.Count);
        for (var i = 1; i < history.Count; i++)
            Assert.Equal(history[i - 1].NewValue, history[i].OldValue);
        Assert.Equal(history[^1].NewValue, UserRules.Describe(Role.Leader, "4601", (await Users.FindAsync("kari"))!.Bydel, null));
    }

    public void Dispose()
    {
        _db?.Dispose();
        _pg.Dispose();
    }
}

/// <summary>The access-log contract on PostgreSQL, with its append-only trigger and the 500,000-case bulk row.</summary>
[Collection(PostgresTestSchema.Collection)]
public sealed class PostgresAccessLogContractTests : AccessLogContractTests, IDisposable
{
    private readonly PostgresTestSchema _pg = new();
    private PostgresDatabase? _db;

    private PostgresDatabase Db => _db ??= PostgresDatabase.OpenAsync(_pg.ConnectionString).GetAwaiter().GetResult();

    protected override IAccessLog Log => Db.AccessLog;

    [SkippableFact]
    public async Task TheAccessLog_IsAppendOnly_UpdateDeleteAndTruncateAreRefusedByTriggers()
    {
        var id = Ids.NewCaseId();
        await Log.RecordAsync(new AccessEntry(0, DateTimeOffset.UnixEpoch, "kari", "caseworker", "case show", "", id, null, 1));
        await Log.RecordBulkAsync(new AccessEntry(0, DateTimeOffset.UnixEpoch, "kari", "caseworker", "deadlines", "", null, "4601", 0), [id]);
        using var c = _pg.Connect();
        foreach (var sql in new[] { "UPDATE access_log SET actor_id = 'someone else'", "DELETE FROM access_log", "UPDATE access_log SET case_ids = NULL", "TRUNCATE access_log",
                     "UPDATE access_log SET case_ids_digest = NULL", "UPDATE access_id_sets SET case_ids = '\\x00'", "DELETE FROM access_id_sets", "TRUNCATE access_id_sets" })
        {
            using var cmd = new NpgsqlCommand(sql, c);
            var e = Assert.Throws<PostgresException>(() => cmd.ExecuteNonQuery());
            Assert.Contains("append-only", e.MessageText);
        }
        Assert.Equal(2, (await Log.ForCaseAsync(id)).Count);
    }

    [SkippableFact]
    public async Task ABulkReadOf500000Cases_IsOneCompactRow_AndFoundPerCase()
    {
        var cases = Enumerable.Range(0, 500_000).Select(_ => new Vern.Domain.Cases.CaseId(Guid.NewGuid())).ToList();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Log.RecordBulkAsync(new AccessEntry(0, DateTimeOffset.UnixEpoch, "leder", "leader", "export register", "", null, "0301", 0), cases);
        var written = watch.Elapsed;
        Assert.Equal(500_000, Assert.Single(await Log.ForCaseAsync(cases[123_456], "0301")).CaseCount);
        Assert.Empty(await Log.ForCaseAsync(Ids.NewCaseId(), "0301"));
        using var c = _pg.Connect();
        using var cmd = new NpgsqlCommand("SELECT (SELECT count(*) FROM access_log), (SELECT sum(length(case_ids)) FROM access_id_sets)", c);
        using var r = cmd.ExecuteReader();
        r.Read();
        Assert.Equal((1L, 8_000_000L), (r.GetInt64(0), Convert.ToInt64(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(written < TimeSpan.FromSeconds(10), $"writing took {written}");
    }

    /// <summary>Issue 16: the same set of case ids logged by many requests is stored once on PostgreSQL too; each request has its own
    /// row, and a row stored before migration 28 with its own set is still found per case.</summary>
    [SkippableFact]
    public async Task TheSameIdSet_IsStoredOnce_AndARowFromBeforeMigration28_IsStillFound()
    {
        var ids = new CaseIdList(Enumerable.Range(0, 2000).Select(_ => Ids.NewCaseId()));
        for (var i = 0; i < 20; i++)
            await Log.RecordBulkAsync(new AccessEntry(0, DateTimeOffset.UnixEpoch.AddSeconds(i), "leder", "leader", "worklist", "", null, "4601", 0), ids);
        var old = Ids.NewCaseId();
        using var c = _pg.Connect();
        using (var legacy = new NpgsqlCommand("""
            INSERT INTO access_log(at, actor_id, role, operation, purpose, case_id, scope, case_count, outcome, case_ids)
            VALUES ('2024-01-01T00:00:00.0000000+00:00', 'leder', 'leader', 'worklist', '', NULL, '4601', 1, 'allowed', $1)
            """, c))
        {
            legacy.Parameters.AddWithValue(CaseIdSet.Encode([old, ids[0]]));
            legacy.ExecuteNonQuery();
        }
        Assert.Equal(21, (await Log.ForCaseAsync(ids[0], "4601")).Count);
        Assert.Single(await Log.ForCaseAsync(old, "4601"));
        Assert.Empty(await Log.ForCaseAsync(ids[0], "0301"));
        using var cmd = new NpgsqlCommand("SELECT (SELECT count(*) FROM access_log), (SELECT count(*) FROM access_id_sets)", c);
        using var r = cmd.ExecuteReader();
        r.Read();
        Assert.Equal((21L, 1L), (r.GetInt64(0), r.GetInt64(1)));
    }

    private static readonly DateTimeOffset At = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private static AccessEntry CaseRead(CaseId id, int second, string purpose = "oppfølging") =>
        new(0, At.AddSeconds(second), "sb-01", "caseworker", "case show", purpose, id, null, 1);

    /// <summary>Issue 17, under load: the rows that arrive while a commit runs are written together by the next one (the log's group
    /// commit). 60 writers at once, bulk rows and case rows: every row is stored once with all its fields, each set once however
    /// many rows name it, and each row finds its cases (issue 15: every read logged).</summary>
    [SkippableFact]
    public async Task ConcurrentWriters_EveryRowIsStoredOnceWithItsFields_AndEachSetOnce()
    {
        _ = Db; // the schema, made on first use
        var worklist = new CaseIdList(Enumerable.Range(0, 300).Select(_ => Ids.NewCaseId()));
        var gaps = new CaseIdList(Enumerable.Range(0, 5).Select(_ => Ids.NewCaseId()));
        var single = Ids.NewCaseId();
        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() => (i % 3) switch
        {
            0 => Log.RecordBulkAsync(new AccessEntry(0, At.AddSeconds(i), "sb-01", "caseworker", "worklist", "arbeidsliste", null, "4601", 0), worklist),
            1 => Log.RecordBulkAsync(new AccessEntry(0, At.AddSeconds(i), "sb-01", "caseworker", "register check", "arbeidsliste", null, "4601", 0), gaps),
            _ => Log.RecordAsync(CaseRead(single, i)),
        })));

        var all = await Log.ReadAllAsync();
        Assert.Equal(Enumerable.Range(0, 60).Select(i => At.AddSeconds(i)), all.Select(r => r.At).Order());
        var worklistRows = await Log.ForCaseAsync(worklist[299], "4601");
        Assert.Equal(20, worklistRows.Count);
        Assert.All(worklistRows, r => Assert.Equal(("worklist", "arbeidsliste", "4601", 300, (CaseId?)null, AccessEntry.Allowed), (r.Operation, r.Purpose, r.Scope, r.CaseCount, r.CaseId, r.Outcome)));
        Assert.All(await Log.ForCaseAsync(gaps[0], "4601"), r => Assert.Equal(("register check", 5), (r.Operation, r.CaseCount)));
        var caseRows = await Log.ForCaseAsync(single, "4601");
        Assert.Equal(20, caseRows.Count);
        Assert.All(caseRows, r => Assert.Equal(("case show", "oppfølging", (CaseId?)single, (string?)null, 1), (r.Operation, r.Purpose, r.CaseId, r.Scope, r.CaseCount)));
        Assert.Equal([60L, 2L, 305L * 16], Counts("SELECT (SELECT count(*) FROM access_log), (SELECT count(*) FROM access_id_sets), (SELECT sum(length(case_ids)) FROM access_id_sets)"));
    }

    /// <summary>A read is answered only after its log row is committed (issue 15), also when rows are written together: while another
    /// session holds the table (a lock that stops every INSERT), no writer's task has completed and no row can be seen; when it lets go,
    /// every task completes and every row is there.</summary>
    [SkippableFact]
    public async Task AWriter_ReturnsOnlyAfterItsRowIsCommitted()
    {
        _ = Db; // the schema, made on first use
        var id = Ids.NewCaseId();
        Task[] writes;
        await using (var holder = _pg.Connect())
        await using (var tx = await holder.BeginTransactionAsync())
        {
            await using (var lockIt = new NpgsqlCommand("LOCK TABLE access_log IN SHARE MODE", holder, tx))
                await lockIt.ExecuteNonQueryAsync();
            writes = [.. Enumerable.Range(0, 20).Select(i => Log.RecordAsync(CaseRead(id, i)))];
            await WaitForABlockedInsert();
            await Task.Delay(200);
            Assert.All(writes, w => Assert.False(w.IsCompleted));
            Assert.Equal(0L, Counts("SELECT count(*) FROM access_log")[0]);
            await tx.CommitAsync();
        }
        await Task.WhenAll(writes);
        Assert.Equal(20, (await Log.ForCaseAsync(id)).Count);
    }

    /// <summary>A row the server refuses for what it holds (here a NUL character in the purpose: SQLSTATE 22021) fails its own
    /// caller only: the rows queued with it in one commit are written again one by one, and their callers complete.</summary>
    [SkippableFact]
    public async Task ARowTheServerRefuses_FailsOnlyItsCaller_NotTheOthersOfItsCommit()
    {
        _ = Db; // the schema, made on first use
        var id = Ids.NewCaseId();
        Task first;
        Task[] queued;
        Task refused;
        await using (var holder = _pg.Connect())
        await using (var tx = await holder.BeginTransactionAsync())
        {
            await using (var lockIt = new NpgsqlCommand("LOCK TABLE access_log IN SHARE MODE", holder, tx))
                await lockIt.ExecuteNonQueryAsync();
            first = Log.RecordAsync(CaseRead(id, 0));
            await WaitForABlockedInsert(); // the first row's commit runs; the rows below queue for the next one, together
            queued = [.. Enumerable.Range(1, 10).Select(i => Log.RecordAsync(CaseRead(id, i)))];
            refused = Log.RecordAsync(CaseRead(id, 11, purpose: "opp\0følging"));
            await tx.CommitAsync();
        }
        await Task.WhenAll(queued.Append(first));
        var e = await Assert.ThrowsAsync<PostgresException>(() => refused);
        Assert.Equal(PostgresErrorCodes.CharacterNotInRepertoire, e.SqlState);
        Assert.Equal(Enumerable.Range(0, 11).Select(i => At.AddSeconds(i)), (await Log.ForCaseAsync(id)).Select(r => r.At).Order());
    }

    /// <summary>A commit that fails fails every caller of it: nothing was answered and nothing of it is stored. The log writes again
    /// once the cause is gone. The failure here is a trigger that refuses every insert, standing in for any error of the server.</summary>
    [SkippableFact]
    public async Task AFailedCommit_FailsEveryCallerOfIt_AndTheLogWritesAgainAfterwards()
    {
        _ = Db; // the schema, made on first use
        var id = Ids.NewCaseId();
        using (var c = _pg.Connect())
        using (var refuse = new NpgsqlCommand("""
            CREATE FUNCTION refuse_for_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
            CREATE TRIGGER refuse_for_test BEFORE INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION refuse_for_test();
            """, c))
            refuse.ExecuteNonQuery();
        Task[] writes;
        await using (var holder = _pg.Connect())
        await using (var tx = await holder.BeginTransactionAsync())
        {
            await using (var lockIt = new NpgsqlCommand("LOCK TABLE access_log IN SHARE MODE", holder, tx))
                await lockIt.ExecuteNonQueryAsync();
            var first = Log.RecordAsync(CaseRead(id, 0));
            await WaitForABlockedInsert();
            writes = [first, .. Enumerable.Range(1, 10).Select(i => Log.RecordAsync(CaseRead(id, i)))];
            await tx.CommitAsync();
        }
        foreach (var w in writes)
            Assert.Equal("refused by the test", (await Assert.ThrowsAsync<PostgresException>(() => w)).MessageText);
        Assert.Equal(0L, Counts("SELECT count(*) FROM access_log")[0]);

        using (var c = _pg.Connect())
        using (var allow = new NpgsqlCommand("DROP TRIGGER refuse_for_test ON access_log", c))
            allow.ExecuteNonQuery();
        await Log.RecordAsync(CaseRead(id, 20));
        Assert.Equal([At.AddSeconds(20)], (await Log.ForCaseAsync(id)).Select(r => r.At));
    }

    /// <summary>Waits until an INSERT into this schema's access log waits for a lock (the log's writer is blocked by the test).</summary>
    private async Task WaitForABlockedInsert()
    {
        for (var i = 0; i < 200; i++)
        {
            if (Counts("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO access_log%'")[0] > 0)
                return;
            await Task.Delay(50);
        }
        throw new TimeoutException("The access log's writer never waited for the test's lock.");
    }

    private long[] Counts(string sql)
    {
        using var c = _pg.Connect();
        using var cmd = new NpgsqlCommand(sql, c);
        using var r = cmd.ExecuteReader();
        r.Read();
        return [.. Enumerable.Range(0, r.FieldCount).Select(i => Convert.ToInt64(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))];
    }

    public void Dispose()
    {
        _db?.Dispose();
        _pg.Dispose();
    }
}
