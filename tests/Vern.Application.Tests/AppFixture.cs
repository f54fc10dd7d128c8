using System.Collections.Immutable;
using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Domain.People;
using Vern.Storage;
using Vern.Tests;

namespace Vern.Application.Tests;

internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>A real SQLite Vern database in a temporary folder, opened through the application layer, with one user per role in
/// municipality 4601 (and a caseworker and leader in 4602), and cases: "own" (4601, assigned to sb-a), "same service"
/// (4601, assigned to sb-b) and "other" (4602, assigned to sb-x). With <c>bydel</c>, the 4601 users of the table and sb-b work for
/// bydel 01 of 4601 (issue 15: a bydel is its own service), so "own" and "same service" are bydel 01's cases; a municipality-wide
/// leader «leder-4601» exists either way. <see cref="SeedAsync"/> with <c>otherBydel</c> adds "other bydel" (4601, bydel 02, assigned
/// to sb-c of bydel 02).</summary>
internal sealed class AppFixture : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vern-app-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The bydel of the 4601 users (null: they work for the whole municipality).</summary>
    public string? ServiceBydel { get; }

    public AppFixture(bool bydel = false) : this()
    {
        ServiceBydel = bydel ? "01" : null;
    }

    public AppFixture()
    {
        Directory.CreateDirectory(_dir);
        DbPath = Path.Combine(_dir, "vern.db");
        App = VernApp.OpenSqlite(DbPath, TestReference.CodeLists.Value, Clock, create: true);
    }

    public FixedClock Clock { get; } = new(new DateTimeOffset(2024, 6, 1, 10, 0, 0, TimeSpan.Zero));

    public VernApp App { get; }

    public string DbPath { get; }

    public static readonly IReadOnlyDictionary<Role, (string Id, string? Municipality, string? Region)> Users = new Dictionary<Role, (string, string?, string?)>
    {
        [Role.Caseworker] = ("sb-a", "4601", null),
        [Role.Leader] = ("leder-a", "4601", null),
        [Role.BufetatIntake] = ("bufetat-ost", null, "Øst"),
        [Role.Analyst] = ("analytiker-a", "4601", null),
        [Role.Auditor] = ("tilsyn-a", "4601", null),
        [Role.Administrator] = ("admin-a", "4601", null),
    };

    public CaseId Own { get; private set; }
    public CaseId SameService { get; private set; }
    public CaseId Other { get; private set; }

    /// <summary>A case of 4601's bydel 02 (only with <c>otherBydel</c>).</summary>
    public CaseId OtherBydel { get; private set; }

    public async Task<AppFixture> SeedAsync(bool otherBydel = false)
    {
        var admin = await App.AddUserAsync(null, "root", "Root", Role.Administrator, null);
        var root = Actor.From(admin);
        foreach (var (role, (id, m, region)) in Users)
            await App.AddUserAsync(root, id, id, role, m, bydel: m == "4601" ? ServiceBydel : null, region: region);
        await App.AddUserAsync(root, "sb-b", "sb-b", Role.Caseworker, "4601", bydel: ServiceBydel);
        await App.AddUserAsync(root, "sb-x", "sb-x", Role.Caseworker, "4602");
        await App.AddUserAsync(root, "leder-x", "leder-x", Role.Leader, "4602");
        await App.AddUserAsync(root, "leder-4601", "leder-4601", Role.Leader, "4601");
        var leaderA = await App.ActorAsync("leder-a");
        var leaderX = await App.ActorAsync("leder-x");
        Own = await OpenAssigned(leaderA, "4601", "2024/1", "sb-a");
        SameService = await OpenAssigned(leaderA, "4601", "2024/2", "sb-b");
        Other = await OpenAssigned(leaderX, "4602", "2024/9", "sb-x");
        if (otherBydel)
        {
            await App.AddUserAsync(root, "sb-c", "sb-c", Role.Caseworker, "4601", bydel: "02");
            OtherBydel = await OpenAssigned(await App.ActorAsync("leder-4601"), "4601", "2024/3", "sb-c", "02");
        }
        return this;
    }

    private async Task<CaseId> OpenAssigned(Actor leader, string m, string journal, string caseworker, string? bydel = null)
    {
        var change = await App.OpenCaseAsync(leader, Open(m, journal) with { Bydel = bydel, BydelName = bydel is null ? null : "Bydel " + bydel });
        var id = change.State.Id;
        await App.RecordAsync(leader, id, new ReceiveReport(new DateOnly(2024, 5, 2), [new CodedValue("11")], [new CodedValue("8")]));
        await App.AssignAsync(leader, id, caseworker, new DateOnly(2024, 5, 2));
        return id;
    }

    public static OpenCase Open(string m, string journal) =>
        new(m, journal, new DateOnly(2024, 5, 1), new ChildInput(null, new DateOnly(2015, 3, 14), Sex.Female, GivenName: "Kari", FamilyName: "Nordmann"));

    public Task<Actor> As(Role role) => App.ActorAsync(Users[role].Id);

    public void Dispose()
    {
        App.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
