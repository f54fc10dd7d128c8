using Microsoft.Data.Sqlite;
using Vern.Domain.Cases;
using Vern.Storage.Sqlite;

namespace Vern.Storage.Tests;

/// <summary>Issue 15: the actor's role is carried into every event's metadata (migration 16, <c>events.recorded_role</c>).
/// Events stored before keep a null role («ukjent») and their hash chain verifies unchanged (form <c>vern-event/1</c>); an
/// event with a role is hashed with it (<c>vern-event/2</c>), so the role cannot be changed, added or removed with plain SQL
/// without <c>vern verify</c> naming the event.</summary>
public sealed class EventRoleTests : IDisposable
{
    private readonly TempDatabase _db = new();

    private static readonly CaseId Kari = CaseId.Parse("11111111-1111-4111-8111-111111111111");

    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "Fixtures", "vern-main-1f8ecc9.db");

    private void Exec(string sql)
    {
        using var c = new SqliteConnection($"Data Source={_db.Path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>A database made by main before roles (and before the migration runner): its events keep a null role and verify;
    /// a new event on the same case records its role, and the whole chain (old form, then new) still verifies.</summary>
    private async Task<SqliteEventStore> OldDatabaseWithOneNewEvent()
    {
        File.Copy(Fixture, _db.Path);
        var store = SqliteEventStore.Open(_db.Path, create: false, upgrade: true); // vern init's upgrade (issue 13: only it migrates)
        var state = (await store.LoadStateAsync(Kari))!;
        var e = new CaseworkerAssigned("sb-2", new DateOnly(2024, 3, 1));
        await store.AppendAsync([new CaseAppend(Kari, state.Version, [new PendingEvent(e, "leder-a", DateTimeOffset.UnixEpoch.AddYears(54), "leader")],
            CaseProjection.Apply(state, Kari, e))]);
        return store;
    }

    [Fact]
    public async Task OldEvents_KeepNoRole_NewEventRecordsIt_AndTheChainVerifies()
    {
        using var store = await OldDatabaseWithOneNewEvent();
        var events = await store.ReadStreamAsync(Kari);
        Assert.All(events.SkipLast(1), e => Assert.Null(e.RecordedRole));
        Assert.Equal(("leder-a", "leader"), (events[^1].RecordedBy, events[^1].RecordedRole));
        Assert.Equal("ukjent", Vern.Domain.Access.Roles.NorwegianOrUnknown(events[0].RecordedRole));
        Assert.Equal("leder", Vern.Domain.Access.Roles.NorwegianOrUnknown(events[^1].RecordedRole));
        var report = await StoreVerifier.VerifyAsync(store);
        Assert.True(report.Ok, string.Join("\n", report.Findings));
        var stored = await store.ReadAllStoredAsync().Where(s => s.CaseId == Kari).ToListAsync();
        Assert.Equal("leader", stored[^1].RecordedRole);
        // The old events' hashes are the form-1 hashes migration 3 computed: a role of null changes nothing.
        Assert.Equal(stored[0].Hash, EventHash.Compute(stored[0].CaseId, stored[0].Version, stored[0].Type, stored[0].PayloadJson, stored[0].RecordedBy, stored[0].RecordedAt, null));
    }

    [Theory]
    [InlineData("UPDATE events SET recorded_role = 'administrator' WHERE recorded_role = 'leader'", false)]   // a role changed
    [InlineData("UPDATE events SET recorded_role = NULL WHERE recorded_role = 'leader'", false)]              // a role removed
    [InlineData("UPDATE events SET recorded_role = 'leader' WHERE version = 1 AND case_id = '11111111-1111-4111-8111-111111111111'", true)]                       // a role added to an old event
    public async Task RoleEditedWithPlainSql_VerifyNamesTheEvent(string sql, bool oldEvent)
    {
        long newVersion;
        using (var store = await OldDatabaseWithOneNewEvent())
            newVersion = (await store.LoadStateAsync(Kari))!.Version;
        SqliteConnection.ClearAllPools();
        Exec("DROP TRIGGER events_append_only_update");
        Exec(sql);
        using var again = SqliteEventStore.Open(_db.Path, create: false);
        var report = await StoreVerifier.VerifyAsync(again);
        Assert.False(report.Ok);
        var finding = report.Findings.First(f => f.Kind == VerifyFindingKind.HashMismatch);
        Assert.Equal(oldEvent ? 1 : newVersion, finding.Version);
    }

    public void Dispose() => _db.Dispose();
}
