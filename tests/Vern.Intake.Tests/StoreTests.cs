using Microsoft.Data.Sqlite;
using Npgsql;
using Vern.Domain.Cases;
using Vern.Domain.Intake;
using Vern.Storage.Intake;

namespace Vern.Intake.Tests;

/// <summary>The intake store's contract, for the SQLite, the PostgreSQL (issue 17) and the in-memory adapter alike: idempotent
/// on (sender, message id), one disposition per report; and for SQLite and PostgreSQL, the triggers that keep a received report
/// for good (issue 18, "Retention").</summary>
[Collection(PostgresTestSchema.Collection)]
public sealed class IntakeStoreContractTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vern-intake-store-").FullName;
    private PostgresTestSchema? _pg;
    private Vern.Storage.Postgres.PostgresDatabase? _pgDb;

    public static TheoryData<string> Stores => ["sqlite", "postgres", "memory"];

    private IIntakeStore Open(string kind) => kind switch
    {
        "sqlite" => SqliteIntakeStore.Open(Path.Combine(_dir, "vern.db")),
        "postgres" => Postgres().Intake,
        _ => new InMemoryIntakeStore(),
    };

    /// <summary>The PostgreSQL database of this test (a fresh schema; skipped when no server is configured).</summary>
    private Vern.Storage.Postgres.PostgresDatabase Postgres()
    {
        _pg ??= new PostgresTestSchema();
        return _pgDb ??= Vern.Storage.Postgres.PostgresDatabase.OpenAsync(_pg.ConnectionString).GetAwaiter().GetResult();
    }

    private static ReceivedReport Report(string messageId, string content = "{}", DateTimeOffset? at = null) =>
        new(Guid.NewGuid(), "meldeportal", messageId, "police", "4601", at ?? new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero), "hash-" + content, content);

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task Receive_TheSameMessageTwice_SameReceipt_StoredOnce(string kind)
    {
        var store = Open(kind);
        var first = await store.ReceiveAsync(Report("m-1"));
        var second = await store.ReceiveAsync(Report("m-1"));
        Assert.False(first.Repeated);
        Assert.True(second.Repeated);
        Assert.Equal(first.ReceiptId, second.ReceiptId);
        Assert.Single(await store.ListAsync("4601", waitingOnly: false));
        (store as IDisposable)?.Dispose();
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task Receive_AMessageIdReusedForOtherContent_IsRefused_TheFirstStays(string kind)
    {
        var store = Open(kind);
        var first = await store.ReceiveAsync(Report("m-1", "a"));
        var e = await Assert.ThrowsAsync<MessageIdReusedException>(() => store.ReceiveAsync(Report("m-1", "b")));
        Assert.Equal(first.ReceiptId, e.ReceiptId);
        Assert.Equal("a", Assert.Single(await store.ListAsync("4601", waitingOnly: false)).Report.Json);
        (store as IDisposable)?.Dispose();
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task Dispose_Twice_IsRefused_TheFirstStays(string kind)
    {
        var store = Open(kind);
        var receipt = await store.ReceiveAsync(Report("m-1"));
        await store.DisposeAsync(new IntakeDisposition(receipt.ReceiptId, DispositionKind.Rejected, null, "Testmelding", "leder", DateTimeOffset.UnixEpoch));
        await Assert.ThrowsAsync<Vern.Storage.StoreRefusedException>(() =>
            store.DisposeAsync(new IntakeDisposition(receipt.ReceiptId, DispositionKind.Registered, new CaseId(Guid.NewGuid()), null, "sb", DateTimeOffset.UnixEpoch)));
        var item = await store.FindAsync(receipt.ReceiptId);
        Assert.Equal("Testmelding", item!.Disposition!.Reason);
        Assert.Empty(await store.ListAsync("4601", waitingOnly: true));
        (store as IDisposable)?.Dispose();
    }

    private static IntakeRoute Route(Guid receipt, int sequence, string? from, string to) =>
        new(receipt, sequence, from, to, "leder", new DateTimeOffset(2025, 3, 4, 9, 0, 0, TimeSpan.Zero));

    /// <summary>Issue 15: a report is in one inbox (a bydel's, or the reception's: null) and the store selects a bydel's inbox
    /// itself; a routing is appended (who, when, from, to), moves the report, and keeps where it came and every earlier routing.</summary>
    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task Bydel_IsStored_TheStoreSelectsABydelsInbox_AndARoutingMovesTheReport_KeepingItsHistory(string kind)
    {
        var store = Open(kind);
        var t = new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);
        var one = await store.ReceiveAsync(Report("m-1", "a", t) with { Bydel = "01" });
        var reception = await store.ReceiveAsync(Report("m-2", "b", t.AddMinutes(1)));
        var two = await store.ReceiveAsync(Report("m-3", "c", t.AddMinutes(2)) with { Bydel = "02" });
        Assert.Equal(new[] { one.ReceiptId, reception.ReceiptId, two.ReceiptId }, (await store.ListAsync("4601", waitingOnly: false)).Select(i => i.Report.ReceiptId));
        Assert.Equal(new[] { one.ReceiptId }, (await store.ListAsync("4601", waitingOnly: true, bydel: "01")).Select(i => i.Report.ReceiptId));
        Assert.Equal(new[] { two.ReceiptId }, (await store.ListAsync("4601", waitingOnly: false, bydel: "02")).Select(i => i.Report.ReceiptId));
        Assert.Equal("01", (await store.FindAsync(one.ReceiptId))!.Report.Bydel);

        await store.RouteAsync(Route(reception.ReceiptId, 1, null, "01"));
        Assert.Equal(new[] { one.ReceiptId, reception.ReceiptId }, (await store.ListAsync("4601", waitingOnly: true, bydel: "01")).Select(i => i.Report.ReceiptId));
        await store.RouteAsync(Route(reception.ReceiptId, 2, "01", "02"));
        var item = (await store.FindAsync(reception.ReceiptId))!;
        Assert.Equal(("02", (string?)null), (item.Bydel, item.Report.Bydel));
        Assert.Equal(new[] { Route(reception.ReceiptId, 1, null, "01"), Route(reception.ReceiptId, 2, "01", "02") }, item.Routes!);
        Assert.Equal(new[] { reception.ReceiptId, two.ReceiptId }, (await store.ListAsync("4601", waitingOnly: false, bydel: "02")).Select(i => i.Report.ReceiptId));
        Assert.Equal(2, Assert.Single(await store.ListAsync("4601", waitingOnly: false, bydel: "02"), i => i.Report.ReceiptId == reception.ReceiptId).Routes!.Count);
        Assert.Equal(2, (await store.DeliveriesBySenderAsync("4601", "02"))["meldeportal"].Count);
        Assert.Equal(3, (await store.DeliveriesBySenderAsync("4601"))["meldeportal"].Count);
        (store as IDisposable)?.Dispose();
    }

    /// <summary>A routing that does not follow the report's last one (stale sequence or origin: someone routed it meanwhile), or
    /// of a report already registered or rejected, is refused and stores nothing.</summary>
    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task Route_Stale_OrAfterDisposal_IsRefused_NothingStored(string kind)
    {
        var store = Open(kind);
        var receipt = (await store.ReceiveAsync(Report("m-1"))).ReceiptId;
        await store.RouteAsync(Route(receipt, 1, null, "01"));
        await Assert.ThrowsAsync<Vern.Storage.StoreRefusedException>(() => store.RouteAsync(Route(receipt, 1, null, "02")));
        await Assert.ThrowsAsync<Vern.Storage.StoreRefusedException>(() => store.RouteAsync(Route(receipt, 2, null, "02")));
        await store.DisposeAsync(new IntakeDisposition(receipt, DispositionKind.Rejected, null, "Testmelding", "leder", DateTimeOffset.UnixEpoch));
        await Assert.ThrowsAsync<Vern.Storage.StoreRefusedException>(() => store.RouteAsync(Route(receipt, 2, "01", "02")));
        var item = (await store.FindAsync(receipt))!;
        Assert.Equal("01", item.Bydel);
        Assert.Single(item.Routes!);
        await Assert.ThrowsAsync<ArgumentException>(() => store.RouteAsync(Route(Guid.NewGuid(), 1, null, "01")));
        (store as IDisposable)?.Dispose();
    }

    [Theory]
    [InlineData("DELETE FROM intake_routes", "never deleted")]
    [InlineData("UPDATE intake_routes SET to_bydel = '03'", "never changed")]
    [InlineData("INSERT OR REPLACE INTO intake_routes(receipt_id, seq, from_bydel, to_bydel, by, at) SELECT receipt_id, 1, NULL, '03', 'x', 'y' FROM intake_routes", "never changed")]
    public async Task Sqlite_ARouting_CannotBeChangedOrDeleted_EvenWithSql(string sql, string message)
    {
        var path = Path.Combine(_dir, "vern.db");
        using (var store = SqliteIntakeStore.Open(path))
        {
            var receipt = await store.ReceiveAsync(Report("m-1"));
            await store.RouteAsync(Route(receipt.ReceiptId, 1, null, "01"));
        }
        var e = Assert.Throws<SqliteException>(() => Scalar(path, sql));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Equal(1L, Scalar(path, "SELECT count(*) FROM intake_routes WHERE to_bydel = '01'"));
    }

    [SkippableTheory]
    [InlineData("DELETE FROM intake_routes", "never deleted")]
    [InlineData("UPDATE intake_routes SET to_bydel = '03'", "never changed")]
    [InlineData("TRUNCATE intake_routes", "never deleted")]
    public async Task Postgres_ARouting_CannotBeChangedOrDeleted_EvenWithSql(string sql, string message)
    {
        var db = Postgres();
        var receipt = await db.Intake.ReceiveAsync(Report("m-1"));
        await db.Intake.RouteAsync(Route(receipt.ReceiptId, 1, null, "01"));
        var e = Assert.Throws<PostgresException>(() => PgScalar(sql));
        Assert.Contains(message, e.MessageText, StringComparison.Ordinal);
        Assert.Equal(1L, PgScalar("SELECT count(*) FROM intake_routes WHERE to_bydel = '01'"));
    }

    [Fact]
    public async Task Sqlite_ConcurrentDeliveriesOfOneMessage_OnSeparateConnections_StoredOnce()
    {
        // The uniqueness is the database's (UNIQUE (sender, message_id)), not a read-then-write check: 8 writers, one row.
        var path = Path.Combine(_dir, "vern.db");
        SqliteIntakeStore.Open(path).Dispose();
        var stores = Enumerable.Range(0, 8).Select(_ => SqliteIntakeStore.Open(path, create: false)).ToList();
        var receipts = await Task.WhenAll(stores.Select(s => Task.Run(() => s.ReceiveAsync(Report("m-race")))));
        Assert.Single(receipts.Select(r => r.ReceiptId).Distinct());
        Assert.Single(receipts, r => !r.Repeated);
        foreach (var s in stores) s.Dispose();
        Assert.Equal(1L, Scalar(path, "SELECT count(*) FROM intake_reports"));
    }

    [Theory]
    [InlineData("DELETE FROM intake_reports", "never deleted")]
    [InlineData("UPDATE intake_reports SET report = '{}'", "never changed")]
    [InlineData("DELETE FROM intake_dispositions", "never deleted")]
    [InlineData("UPDATE intake_dispositions SET reason = 'annet'", "never changed")]
    [InlineData("DELETE FROM access_tokens", "never deleted")]
    public async Task Sqlite_ReceivedReportsAndDispositions_CannotBeChangedOrDeleted_EvenWithSql(string sql, string message)
    {
        var path = Path.Combine(_dir, "vern.db");
        using (var store = SqliteIntakeStore.Open(path))
        {
            var receipt = await store.ReceiveAsync(Report("m-1"));
            await store.DisposeAsync(new IntakeDisposition(receipt.ReceiptId, DispositionKind.Rejected, null, "Testmelding", "leder", DateTimeOffset.UnixEpoch));
            await store.AddTokenAsync(new AccessToken(Guid.NewGuid(), AccessTokenKind.System, "x", null, "4601", "h", DateTimeOffset.UnixEpoch, "admin"));
        }
        var e = Assert.Throws<SqliteException>(() => Scalar(path, sql));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sqlite_ARejectionWithoutReason_IsRefusedByTheSchema()
    {
        var path = Path.Combine(_dir, "vern.db");
        using var store = SqliteIntakeStore.Open(path);
        var receipt = await store.ReceiveAsync(Report("m-1"));
        Assert.Throws<SqliteException>(() => Scalar(path, $"INSERT INTO intake_dispositions(receipt_id, kind, by, at) VALUES ('{receipt.ReceiptId}', 'rejected', 'x', 'y')"));
    }

    [Fact]
    public async Task Sqlite_ARevokedToken_CannotBeRevivedOrRevokedAgain()
    {
        var path = Path.Combine(_dir, "vern.db");
        using var store = SqliteIntakeStore.Open(path);
        var id = Guid.NewGuid();
        await store.AddTokenAsync(new AccessToken(id, AccessTokenKind.System, "x", null, "4601", "h", DateTimeOffset.UnixEpoch, "admin"));
        Assert.True(await store.RevokeTokenAsync(id, "admin", DateTimeOffset.UnixEpoch));
        Assert.False(await store.RevokeTokenAsync(id, "admin", DateTimeOffset.UnixEpoch));
        Assert.Throws<SqliteException>(() => Scalar(path, "UPDATE access_tokens SET revoked_at = NULL, revoked_by = NULL"));
    }

    [SkippableFact]
    public async Task Postgres_ConcurrentDeliveriesOfOneMessage_OnSeparateConnections_StoredOnce()
    {
        // The uniqueness is the database's: 8 writers on 8 pooled connections, one row; the other seven wait for the first
        // transaction and get its receipt.
        var store = Postgres().Intake;
        var receipts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.ReceiveAsync(Report("m-race")))));
        Assert.Single(receipts.Select(r => r.ReceiptId).Distinct());
        Assert.Single(receipts, r => !r.Repeated);
        Assert.Equal(1L, PgScalar("SELECT count(*) FROM intake_reports"));
    }

    [SkippableTheory]
    [InlineData("DELETE FROM intake_reports", "never deleted")]
    [InlineData("UPDATE intake_reports SET report = '{}'", "never changed")]
    [InlineData("TRUNCATE intake_reports CASCADE", "never deleted")]
    [InlineData("DELETE FROM intake_dispositions", "never deleted")]
    [InlineData("UPDATE intake_dispositions SET reason = 'annet'", "never changed")]
    [InlineData("DELETE FROM access_tokens", "never deleted")]
    [InlineData("UPDATE access_tokens SET name = 'annet'", "only when it is revoked")]
    public async Task Postgres_ReceivedReportsAndDispositions_CannotBeChangedOrDeleted_EvenWithSql(string sql, string message)
    {
        var db = Postgres();
        var receipt = await db.Intake.ReceiveAsync(Report("m-1"));
        await db.Intake.DisposeAsync(new IntakeDisposition(receipt.ReceiptId, DispositionKind.Rejected, null, "Testmelding", "leder", DateTimeOffset.UnixEpoch));
        await db.AccessTokens.AddTokenAsync(new AccessToken(Guid.NewGuid(), AccessTokenKind.System, "x", null, "4601", "h", DateTimeOffset.UnixEpoch, "admin"));
        var e = Assert.Throws<PostgresException>(() => PgScalar(sql));
        Assert.Contains(message, e.MessageText, StringComparison.Ordinal);
        Assert.Equal(1L, PgScalar("SELECT count(*) FROM intake_dispositions"));
    }

    [SkippableFact]
    public async Task Postgres_ARejectionWithoutReason_IsRefusedByTheSchema_AndARevokedTokenStaysRevoked()
    {
        var db = Postgres();
        var receipt = await db.Intake.ReceiveAsync(Report("m-1"));
        Assert.Throws<PostgresException>(() => PgScalar($"INSERT INTO intake_dispositions(receipt_id, kind, by, at) VALUES ('{receipt.ReceiptId}', 'rejected', 'x', 'y')"));
        var id = Guid.NewGuid();
        await db.AccessTokens.AddTokenAsync(new AccessToken(id, AccessTokenKind.System, "x", null, "4601", "h", DateTimeOffset.UnixEpoch, "admin"));
        Assert.True(await db.AccessTokens.RevokeTokenAsync(id, "admin", DateTimeOffset.UnixEpoch));
        Assert.False(await db.AccessTokens.RevokeTokenAsync(id, "admin", DateTimeOffset.UnixEpoch));
        Assert.Throws<PostgresException>(() => PgScalar("UPDATE access_tokens SET revoked_at = NULL, revoked_by = NULL"));
        Assert.True((await db.AccessTokens.FindTokenAsync(id))!.Revoked);
    }

    private long PgScalar(string sql)
    {
        using var c = new NpgsqlConnection(_pg!.ConnectionString);
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        return cmd.ExecuteScalar() is long n ? n : 0;
    }

    private static long Scalar(string path, string sql)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar() is long n ? n : 0;
    }

    public void Dispose()
    {
        _pgDb?.Dispose();
        _pg?.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
