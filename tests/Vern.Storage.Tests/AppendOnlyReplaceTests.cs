using Microsoft.Data.Sqlite;
using Vern.Domain.Cases;
using Vern.Storage.Sqlite;
using Vern.Tests;

namespace Vern.Storage.Tests;

/// <summary>Issue 13 §2, «The append-only rule can be bypassed»: SQLite's <c>INSERT OR REPLACE</c> deletes the row in its
/// way without firing that table's DELETE trigger. Tried here with plain SQL on a real Vern file (another program, or a
/// user with the sqlite3 shell, not through Vern): a conflicting insert into the event log, the access log, the case
/// snapshots and the register delivery log is refused, and the stored row is unchanged.</summary>
public sealed class AppendOnlyReplaceTests : IDisposable
{
    private readonly TempDatabase _db = new();

    private static readonly CaseId Kari = CaseId.Parse("13131313-1313-4131-8131-131313131313");

    /// <summary>A Vern file with one case (one event, one snapshot), one access-log row and one delivery: the last two
    /// written with an ordinary INSERT in plain SQL, which the guard lets through.</summary>
    public AppendOnlyReplaceTests()
    {
        using (var store = SqliteEventStore.Open(_db.Path, create: true))
            store.AppendAsync([EventStoreContractTests.OpenAppendFor(Kari)]).GetAwaiter().GetResult();
        using var c = Plain();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"""
            INSERT INTO access_log(at, actor_id, role, operation, purpose, case_id, scope, case_count, outcome) VALUES ('2026-12-03T12:00:00Z', 'kari', 'Leader', 'ReadCase', 'case show', '{Kari}', NULL, 1, 'allowed');
            INSERT INTO register_deliveries(case_id, municipality, version, delivered_at, file_id, content_hash) VALUES ('{Kari}', '4601', 1, '2026-12-03T12:00:00Z', 'file-1', 'abc');
            """;
        cmd.ExecuteNonQuery();
    }

    private SqliteConnection Plain()
    {
        var c = new SqliteConnection($"Data Source={_db.Path};Pooling=False");
        c.Open();
        return c;
    }

    private string Row(string sql)
    {
        using var c = Plain();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read(), $"no row: {sql}");
        return string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "NULL" : r.GetValue(i).ToString()));
    }

    private void Refused(string sql, string message)
    {
        using var c = Plain();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        var e = Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery());
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InsertOrReplace_OnAStoredEvent_IsRefused_AndTheEventIsUnchanged()
    {
        var before = Row("SELECT * FROM events WHERE position = 1");
        Refused($"INSERT OR REPLACE INTO events(position, case_id, version, type, recorded_by, recorded_at, data, hash) VALUES (1, '{Kari}', 1, 'CaseOpened', 'forger', '2020-01-01', '{{}}', 'x')",
            "events are append-only");
        // the other key of an event, (case_id, version), is guarded as well
        Refused($"REPLACE INTO events(case_id, version, type, recorded_by, recorded_at, data, hash) VALUES ('{Kari}', 1, 'CaseOpened', 'forger', '2020-01-01', '{{}}', 'x')",
            "events are append-only");
        Assert.Equal(before, Row("SELECT * FROM events WHERE position = 1"));
        Assert.Equal("1", Row("SELECT count(*) FROM events"));
    }

    [Fact]
    public void InsertOrReplace_OnAnAccessLogRow_IsRefused_AndTheRowIsUnchanged()
    {
        var before = Row("SELECT * FROM access_log WHERE position = 1");
        Refused("INSERT OR REPLACE INTO access_log(position, at, actor_id, role, operation, purpose, case_id, scope, case_count, outcome) VALUES (1, '2020-01-01', 'nobody', 'Leader', 'x', 'x', NULL, '4601', 0, 'allowed')",
            "the access log is append-only");
        Assert.Equal(before, Row("SELECT * FROM access_log WHERE position = 1"));
    }

    [Fact]
    public void InsertOrReplace_OnACaseSnapshot_IsRefused_AndTheSnapshotIsUnchanged()
    {
        // The export sends the snapshot: a rewritten snapshot would deliver what no event says.
        var before = Row($"SELECT * FROM cases WHERE case_id = '{Kari}'");
        Refused($"INSERT OR REPLACE INTO cases(case_id, municipality, journal_number, version, updated_at, state) VALUES ('{Kari}', '0301', 'forged', 1, '2020-01-01', '{{}}')",
            "an insert over a stored case is refused");
        Assert.Equal(before, Row($"SELECT * FROM cases WHERE case_id = '{Kari}'"));
    }

    [Fact]
    public void InsertOrReplace_UpdateOrDelete_OnTheDeliveryLog_AreRefused_AndTheRowIsUnchanged()
    {
        var before = Row("SELECT * FROM register_deliveries WHERE id = 1");
        Refused("INSERT OR REPLACE INTO register_deliveries(id, case_id, municipality, version, delivered_at, file_id, content_hash) VALUES (1, 'c', '4601', 9, '2020-01-01', 'f', 'forged')",
            "the delivery log is append-only");
        Refused("UPDATE register_deliveries SET content_hash = 'forged'", "the delivery log is append-only");
        Refused("DELETE FROM register_deliveries", "the delivery log is append-only");
        Assert.Equal(before, Row("SELECT * FROM register_deliveries WHERE id = 1"));
    }

    [Fact]
    public async Task TheStore_StillWritesSnapshots_AfterTheGuard()
    {
        // The guard refuses an insert over a stored snapshot; the store itself updates it (UPDATE, then INSERT for a new case).
        using var store = SqliteEventStore.Open(_db.Path, create: false);
        var state = (await store.LoadStateAsync(Kari))!;
        await store.AppendAsync([EventStoreContractTests.NextFor(state, new CaseworkerAssigned("sb-1", ServiceFixture.D(2024, 1, 11)))]);
        Assert.Equal(2, (await store.LoadStateAsync(Kari))!.Version);
        Assert.Equal("2", Row($"SELECT version FROM cases WHERE case_id = '{Kari}'"));
    }

    public void Dispose() => _db.Dispose();
}
