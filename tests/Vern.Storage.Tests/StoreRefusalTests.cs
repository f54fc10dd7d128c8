using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Vern.Domain.Cases;
using Vern.Domain.Intake;
using Vern.Storage.Intake;
using Vern.Storage.Postgres;
using Vern.Storage.Sqlite;
using Vern.Tests;

namespace Vern.Storage.Tests;

/// <summary>Issue 17, «the same refusal on both engines»: a write the schema refuses (an append-only table's UPDATE or DELETE,
/// a received report disposed of twice) comes out as the one Vern exception, <see cref="StoreRefusedException"/>, with the
/// same rule text on SQLite and PostgreSQL, whichever driver raised it; the stored rows are unchanged. (A person on a second
/// case: <see cref="PartyAndLockoutStoreContractTests"/>; an invoice number twice: the invoice store tests.)</summary>
[Collection(PostgresTestSchema.Collection)]
public sealed class StoreRefusalTests : IDisposable
{
    private static readonly CaseId Kari = CaseId.Parse("17171717-1717-4171-8171-171717171717");

    private readonly TempDatabase _sqlite = new();
    private readonly PostgresTestSchema _pg = new();
    private readonly List<IDisposable> _open = [];

    private static ReceivedReport Report() =>
        new(Guid.NewGuid(), "meldeportal", "m-1", "police", "4601", new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero), "hash", "{}");

    /// <summary>A Vern database on <paramref name="engine"/> with one case (one event) and one disposed report; returns its
    /// intake store and a plain connection (another program, not Vern).</summary>
    private async Task<(IIntakeStore Intake, DbConnection Plain, ReceivedReport Report)> SeededAsync(string engine)
    {
        IIntakeStore intake;
        IEventStore events;
        DbConnection plain;
        if (engine == "postgres")
        {
            var db = await PostgresDatabase.OpenAsync(_pg.ConnectionString);
            _open.Add(db);
            (intake, events) = (db.Intake, db.Events);
            plain = new NpgsqlConnection(_pg.ConnectionString);
        }
        else
        {
            var db = SqliteDatabase.Open(_sqlite.Path, create: true);
            _open.Add(db);
            (intake, events) = (db.Intake, db.Events);
            plain = new SqliteConnection($"Data Source={_sqlite.Path};Pooling=False");
        }
        _open.Add(plain);
        plain.Open();
        await events.AppendAsync([EventStoreContractTests.OpenAppendFor(Kari)]);
        var report = Report();
        await intake.ReceiveAsync(report);
        await intake.DisposeAsync(new IntakeDisposition(report.ReceiptId, DispositionKind.Rejected, null, "Testmelding", "leder", DateTimeOffset.UnixEpoch));
        return (intake, plain, report);
    }

    private static long Count(DbConnection c, string table)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT count(*) FROM {table}";
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [SkippableTheory]
    [InlineData("sqlite", "UPDATE events SET hash = 'x'", "events are append-only: corrections are new events")]
    [InlineData("postgres", "UPDATE events SET hash = 'x'", "events are append-only: corrections are new events")]
    [InlineData("sqlite", "UPDATE intake_reports SET report = '[]'", "received reports are never changed")]
    [InlineData("postgres", "UPDATE intake_reports SET report = '[]'", "received reports are never changed")]
    [InlineData("sqlite", "DELETE FROM intake_dispositions", "what became of a received report is never deleted")]
    [InlineData("postgres", "DELETE FROM intake_dispositions", "what became of a received report is never deleted")]
    public async Task AnAppendOnlyUpdateOrDelete_IsTheSameVernRefusal_OnBothEngines(string engine, string sql, string rule)
    {
        var (_, plain, _) = await SeededAsync(engine);
        using var cmd = plain.CreateCommand();
        cmd.CommandText = sql;
        var raw = Assert.ThrowsAny<DbException>(() => cmd.ExecuteNonQuery());
        var refused = StoreRefusal.Translate(raw);
        Assert.NotNull(refused);
        Assert.Equal(rule, refused.Rule);
        Assert.StartsWith("Databasen avviste skrivingen", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Ingenting ble lagret", refused.Message, StringComparison.Ordinal);
        Assert.Equal((1L, 1L, 1L), (Count(plain, "events"), Count(plain, "intake_reports"), Count(plain, "intake_dispositions")));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AReportDisposedOfTwice_IsTheSameVernRefusal_OnBothEngines(string engine)
    {
        var (intake, plain, report) = await SeededAsync(engine);
        var e = await Assert.ThrowsAsync<StoreRefusedException>(() =>
            intake.DisposeAsync(new IntakeDisposition(report.ReceiptId, DispositionKind.Rejected, null, "Igjen", "leder-b", DateTimeOffset.UnixEpoch)));
        Assert.Equal("what became of a received report is decided once", e.Rule);
        Assert.Contains("allerede behandlet", e.Message, StringComparison.Ordinal);
        Assert.Equal(1L, Count(plain, "intake_dispositions"));
    }

    /// <summary>Any other failure is no refusal: a missing table is not turned into one.</summary>
    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AnotherDatabaseFailure_IsNoRefusal(string engine)
    {
        var (_, plain, _) = await SeededAsync(engine);
        using var cmd = plain.CreateCommand();
        cmd.CommandText = "UPDATE no_such_table SET x = 1";
        Assert.Null(StoreRefusal.Translate(Assert.ThrowsAny<DbException>(() => cmd.ExecuteNonQuery())));
    }

    public void Dispose()
    {
        foreach (var o in Enumerable.Reverse(_open))
            o.Dispose();
        SqliteConnection.ClearAllPools();
        _pg.Dispose();
        _sqlite.Dispose();
    }
}
