using System.Text.Json;
using Microsoft.Data.Sqlite;
using Vern.Domain.Cases;
using Vern.Domain.People;
using Vern.Storage.Sqlite;
using Vern.Tests;
using static Vern.Tests.ServiceFixture;

namespace Vern.Storage.Tests;

/// <summary>The event store contract, run against every implementation (SQLite file and in-memory).</summary>
public abstract class EventStoreContractTests : IDisposable
{
    protected abstract IEventStore Store { get; }

    private static readonly DateTimeOffset At = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    protected static CaseAppend OpenAppend(CaseId id, string journal = "2024/1")
    {
        var opened = new CaseOpened("4601", journal, D(2024, 1, 10),
            new PersonalDetails(new EntryId(Guid.NewGuid()), D(2024, 1, 10), null, D(2015, 3, 14), Sex.Female, null, "Kari", null));
        return new CaseAppend(id, 0, [new PendingEvent(opened, "tester", At)], CaseProjection.Apply(null, id, opened));
    }

    private static CaseAppend Next(CaseState state, CaseEvent e, long? expected = null) =>
        new(state.Id, expected ?? state.Version, [new PendingEvent(e, "tester", At)], CaseProjection.Apply(state, state.Id, e));

    [Fact]
    public void Append_ThenRead_ReturnsEventsInOrderWithWhoAndWhen()
    {
        var id = Ids.NewCaseId();
        var open = OpenAppend(id);
        Store.Append([open]);
        Store.Append([Next(open.NewState, new CaseworkerAssigned("sb-1", D(2024, 1, 11)))]);
        var events = Store.ReadStream(id);
        Assert.Equal([1L, 2L], events.Select(e => e.Version));
        Assert.All(events, e => Assert.Equal("tester", e.RecordedBy));
        Assert.All(events, e => Assert.Equal(At, e.RecordedAt));
        Assert.IsType<CaseworkerAssigned>(events[1].Event);
        Assert.Equal("sb-1", Store.LoadState(id)!.CaseworkerId);
    }

    [Fact]
    public void Append_WrongExpectedVersion_ThrowsAndStoresNothing()
    {
        var id = Ids.NewCaseId();
        var open = OpenAppend(id);
        Store.Append([open]);
        var stale = Next(open.NewState, new CaseworkerAssigned("sb-1", D(2024, 1, 11)));
        Store.Append([stale]);
        var conflicting = Next(open.NewState, new CaseworkerAssigned("sb-2", D(2024, 1, 11))); // written from version 1 again
        var e = Assert.Throws<ConcurrencyException>(() => Store.Append([conflicting]));
        Assert.Equal((1L, 2L), (e.Expected, e.Actual));
        Assert.Equal(2, Store.ReadStream(id).Count);
        Assert.Equal("sb-1", Store.LoadState(id)!.CaseworkerId);
    }

    [Fact]
    public void Append_SecondOpenOfSameCase_IsAConflict()
    {
        var id = Ids.NewCaseId();
        Store.Append([OpenAppend(id)]);
        Assert.Throws<ConcurrencyException>(() => Store.Append([OpenAppend(id)]));
    }

    [Fact]
    public void Append_SeveralCasesOneFails_NoneStored()
    {
        var a = Ids.NewCaseId();
        var b = Ids.NewCaseId();
        Store.Append([OpenAppend(b)]);
        Assert.Throws<ConcurrencyException>(() => Store.Append([OpenAppend(a), OpenAppend(b)]));
        Assert.Empty(Store.ReadStream(a));
        Assert.Null(Store.LoadState(a));
    }

    [Fact]
    public void ListCasesAndReadStates_FilterByMunicipality()
    {
        Store.Append([OpenAppend(Ids.NewCaseId(), "2024/2"), OpenAppend(Ids.NewCaseId(), "2024/1")]);
        Assert.Equal(["2024/1", "2024/2"], Store.ListCases("4601").Select(c => c.JournalNumber));
        Assert.Empty(Store.ListCases("0301"));
        Assert.Equal(2, Store.ReadStates("4601").Count());
        Assert.Equal(2, Store.CountEvents());
    }

    [Fact]
    public void StoredSnapshot_EqualsReplayOfStoredEvents()
    {
        var id = Ids.NewCaseId();
        var open = OpenAppend(id);
        Store.Append([open]);
        var report = new ReportOfConcernReceived(Ids.NewEntryId(), D(2024, 1, 10), Codes("11"), Codes("8"));
        var s2 = Next(open.NewState, report);
        Store.Append([s2]);
        Store.Append([Next(s2.NewState, new ReportOfConcernConcluded(report.ReportId, D(2024, 1, 15), "1"))]);
        var replayed = CaseProjection.Replay(id, Store.ReadStream(id).Select(e => e.Event));
        Assert.Equal(JsonSerializer.Serialize(Store.LoadState(id), CaseJson.Options), JsonSerializer.Serialize(replayed, CaseJson.Options));
    }

    [Fact]
    public void ReadStatesChangedAfter_ReturnsOnlyCasesWithLaterEvents()
    {
        var a = Ids.NewCaseId();
        var b = Ids.NewCaseId();
        Assert.Equal(0, Store.LastPosition());
        var openA = OpenAppend(a);
        Store.Append([openA, OpenAppend(b)]);
        var mark = Store.LastPosition();
        Assert.Equal(2, mark);
        Assert.Empty(Store.ReadStatesChangedAfter(mark));
        Store.Append([Next(openA.NewState, new CaseworkerAssigned("sb-1", D(2024, 1, 11)))]);
        Assert.Equal(3, Store.LastPosition());
        var changed = Assert.Single(Store.ReadStatesChangedAfter(mark));
        Assert.Equal((a, "sb-1"), (changed.Id, changed.CaseworkerId));
        Assert.Equal(2, Store.ReadStatesChangedAfter(0).Count());
    }

    public abstract void Dispose();
}

public sealed class SqliteEventStoreContractTests : EventStoreContractTests
{
    private readonly TempDatabase _db = new();
    private readonly SqliteEventStore _store;

    public SqliteEventStoreContractTests() => _store = SqliteEventStore.Open(_db.Path);

    protected override IEventStore Store => _store;

    [Fact]
    public void Open_UsesWalAndFullSync()
    {
        using var c = new SqliteConnection($"Data Source={_db.Path}");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", cmd.ExecuteScalar());
    }

    [Fact]
    public void Append_TypeColumn_IsTheEventsDiscriminator()
    {
        _store.Append([OpenAppend(Ids.NewCaseId())]);
        using var c = new SqliteConnection($"Data Source={_db.Path}");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT type, json_extract(data, '$.type') FROM events";
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal(("case-opened", "case-opened"), (r.GetString(0), r.GetString(1)));
    }

    [Theory]
    [InlineData("UPDATE events SET recorded_by = 'someone else'")]
    [InlineData("DELETE FROM events")]
    public void Events_UpdateOrDelete_IsRefusedByTheDatabase(string sql)
    {
        _store.Append([OpenAppend(Ids.NewCaseId())]);
        using var c = new SqliteConnection($"Data Source={_db.Path}");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        var e = Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery());
        Assert.Contains("append-only", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, _store.CountEvents());
    }

    [Fact]
    public void Reopen_AfterDispose_KeepsEverything()
    {
        var id = Ids.NewCaseId();
        _store.Append([OpenAppend(id, "2024/9")]);
        _store.Dispose();
        using var again = SqliteEventStore.Open(_db.Path, create: false);
        Assert.Equal("2024/9", again.LoadState(id)!.JournalNumber);
    }

    public override void Dispose()
    {
        _store.Dispose();
        _db.Dispose();
    }
}

public sealed class InMemoryEventStoreContractTests : EventStoreContractTests
{
    private readonly InMemoryEventStore _store = new();

    protected override IEventStore Store => _store;

    public override void Dispose() => _store.Dispose();
}
