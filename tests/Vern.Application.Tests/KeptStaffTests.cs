using Vern.Domain.Access;
using Vern.Storage;
using Vern.Storage.Postgres;
using Vern.Tests;

namespace Vern.Application.Tests;

/// <summary>The staff registry's list kept per host for the leader's dashboard (<see cref="StaffNames.RegistryOfAsync"/>, issue 17, under
/// load; migration 32): the dashboard's capacity shows the registry as it is, an import committed by another process (its own app and
/// connections on the same database) shows on the next request, and while nothing changed the list is not read again, only the mark (on
/// PostgreSQL the users' and the registry's marks by one statement, <see cref="IChangeMarksRead"/>).
/// Real SQLite file and real PostgreSQL.</summary>
[Collection(PostgresTestSchema.Collection)]
public sealed class KeptStaffTests
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>The real registry, counting its reads.</summary>
    private sealed class CountingStaff(IStaffRegistry inner) : IStaffRegistry
    {
        public int Lists, Marks;
        public Task UpsertAsync(IReadOnlyList<StaffMember> staff, string by, DateTimeOffset at, CancellationToken cancellationToken = default) =>
            inner.UpsertAsync(staff, by, at, cancellationToken);

        public Task<IReadOnlyList<StaffChange>> HistoryAsync(string municipalityNumber, string staffId, CancellationToken cancellationToken = default) =>
            inner.HistoryAsync(municipalityNumber, staffId, cancellationToken);

        public Task<IReadOnlyList<StaffMember>> ListAsync(MunicipalityScope scope, CancellationToken cancellationToken = default)
        {
            Lists++;
            return inner.ListAsync(scope, cancellationToken);
        }

        public Task<long> ChangeMarkAsync(CancellationToken cancellationToken = default)
        {
            Marks++;
            return inner.ChangeMarkAsync(cancellationToken);
        }
    }

    private static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2024, 6, 1, 10, 0, 0, TimeSpan.Zero));
    private static readonly DateOnly Today = new(2024, 6, 1);

    [Fact]
    public async Task Sqlite_TheKeptStaffList_ChangesWithTheRegistry_AlsoByAnotherProcess()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vern-kept-staff-{Guid.NewGuid():N}.db");
        try
        {
            await TheKeptStaffList_ChangesWithTheRegistry_AlsoByAnotherProcess(path, marksInOneStatement: false);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { path, path + "-wal", path + "-shm" })
                File.Delete(f);
        }
    }

    [SkippableFact]
    public async Task Postgres_TheKeptStaffList_ChangesWithTheRegistry_AlsoByAnotherProcess()
    {
        using var pg = new PostgresTestSchema();
        await TheKeptStaffList_ChangesWithTheRegistry_AlsoByAnotherProcess(pg.ConnectionString, marksInOneStatement: true);
    }

    private static async Task TheKeptStaffList_ChangesWithTheRegistry_AlsoByAnotherProcess(string database, bool marksInOneStatement)
    {
        // The other process: makes the database, its administrator and 4601's leader, and imports staff later.
        using var other = VernApp.Open(database, TestReference.CodeLists.Value, Clock, create: true);
        var root = Actor.From(await other.AddUserAsync(null, "root", "Root", Role.Administrator, null));
        await other.AddUserAsync(root, "leder-a", "Leder A", Role.Leader, "4601");
        var otherLeader = await other.ActorAsync("leder-a");

        using var db = VernDatabase.Open(database, clock: Clock);
        var kept = new StaffNames();
        async Task<(double? Fte, int Lists, int Marks)> Request()
        {
            var staff = new CountingStaff(db.Staff);
            using var app = new VernApp(db.Events, db.Users, db.Settings, db.AccessLog, TestReference.CodeLists.Value, Clock,
                new FeatureStores(db.DeadlineIndex, staff, db.Deliveries, db.Reporters, db.OpenStatistics));
            app.UseStaffNames(kept);
            if (marksInOneStatement)
                app.UseChangeMarksRead((IChangeMarksRead)db.Users);
            var overview = await app.LeaderOverviewAsync(await app.ActorAsync("leder-a"), Today.AddYears(-1), Today, "test");
            return (overview.Capacity.Rows.SingleOrDefault(r => r.CaseworkerId == "sb-k")?.Staff?.FullTimeEquivalent, staff.Lists, staff.Marks);
        }
        var markReads = marksInOneStatement ? 0 : 1; // PostgreSQL: the registry's mark came with the users' in one statement

        Assert.Equal((null, 1, markReads), await Request()); // an empty registry, read and kept
        Assert.Equal((null, 0, markReads), await Request()); // unchanged: not read again

        await other.ImportStaffAsync(otherLeader, [new StaffMember("sb-k", "4601", "Kari", "saksbehandler", Education.RelevantBachelor, 2, 0, 0.5)]);
        Assert.Equal((0.5, 1, markReads), await Request()); // another process's import: on the very next request
        Assert.Equal((0.5, 0, markReads), await Request());

        await other.ImportStaffAsync(otherLeader, [new StaffMember("sb-k", "4601", "Kari", "saksbehandler", Education.RelevantBachelor, 2, 0, 0.8)]);
        Assert.Equal((0.8, 1, markReads), await Request()); // a changed employee, too
    }
}
