using System.Collections.Immutable;
using Vern.Application;
using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Domain.Law;
using Vern.Domain.People;
using Vern.Tests;

namespace Vern.Documentation.Tests;

internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>A real SQLite Vern database in a temporary folder, opened through the application layer (migrations 1–3), with one
/// user per role in 4601 and a caseworker and a leader in 4602, and three cases: Own (4601, sb-a), SameService (4601, sb-b),
/// Other (4602, sb-x). Each has a report and a decision (hjelpetiltak, barnevernsloven § 3-1) on 2024-05-10 for a child born
/// 2015-03-14 (9 years old on the decision's date).</summary>
internal sealed class DocsFixture : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vern-docs-tests", Guid.NewGuid().ToString("N"));

    public DocsFixture()
    {
        Directory.CreateDirectory(_dir);
        DbPath = Path.Combine(_dir, "vern.db");
        App = VernApp.OpenSqlite(DbPath, TestReference.CodeLists.Value, Clock, create: true);
    }

    public FixedClock Clock { get; } = new(new DateTimeOffset(2024, 6, 1, 10, 0, 0, TimeSpan.Zero));

    public VernApp App { get; }

    public string DbPath { get; }

    public string Dir => _dir;

    public CaseId Own { get; private set; }
    public CaseId SameService { get; private set; }
    public CaseId Other { get; private set; }
    public Dictionary<CaseId, EntryId> Decision { get; } = [];

    public static readonly DateOnly Birth = new(2015, 3, 14);
    public static readonly DateOnly DecidedOn = new(2024, 5, 10);

    public async Task<DocsFixture> SeedAsync()
    {
        var root = Actor.From(await App.AddUserAsync(null, "root", "Root", Role.Administrator, null));
        await App.AddUserAsync(root, "sb-a", "Siri Saksbehandler", Role.Caseworker, "4601");
        await App.AddUserAsync(root, "sb-b", "Bjørn Saksbehandler", Role.Caseworker, "4601");
        await App.AddUserAsync(root, "leder-a", "Lene Leder", Role.Leader, "4601");
        await App.AddUserAsync(root, "analytiker-a", "Anne Analytiker", Role.Analyst, "4601");
        await App.AddUserAsync(root, "tilsyn-a", "Tore Tilsyn", Role.Auditor, "4601");
        await App.AddUserAsync(root, "admin-a", "Ada Admin", Role.Administrator, "4601");
        await App.AddUserAsync(root, "sb-x", "Xander Saksbehandler", Role.Caseworker, "4602");
        await App.AddUserAsync(root, "leder-x", "Lars Leder", Role.Leader, "4602");
        Own = await OpenAssigned(await App.ActorAsync("leder-a"), "4601", "2024/1", "sb-a");
        SameService = await OpenAssigned(await App.ActorAsync("leder-a"), "4601", "2024/2", "sb-b");
        Other = await OpenAssigned(await App.ActorAsync("leder-x"), "4602", "2024/9", "sb-x");
        return this;
    }

    private async Task<CaseId> OpenAssigned(Actor leader, string m, string journal, string caseworker)
    {
        var change = await App.OpenCaseAsync(leader, new OpenCase(m, journal, new DateOnly(2024, 5, 1),
            new ChildInput(null, Birth, Sex.Female, GivenName: "Kari", FamilyName: "Nordmann")));
        var id = change.State.Id;
        await App.RecordAsync(leader, id, new ReceiveReport(new DateOnly(2024, 5, 2), [new CodedValue("11")], [new CodedValue("8")]));
        await App.AssignAsync(leader, id, caseworker, new DateOnly(2024, 5, 2));
        var decision = await App.RecordAsync(leader, id, new MakeDecision(DecidedOn, new LegalBasis("BVL2021", "3", "1", ["1"])));
        Decision[id] = decision.State.Decisions[^1].Id;
        return id;
    }

    public Task<Actor> As(string userId) => App.ActorAsync(userId);

    public void Dispose()
    {
        App.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

/// <summary>A case state for the pure domain tests, built by replaying commands through the real decider.</summary>
internal static class TestCases
{
    public static readonly DateOnly Today = new(2024, 6, 1);

    public static (CaseState State, EntryId Decision) WithDecision(DateOnly birth, DateOnly decidedOn)
    {
        var ctx = new DecisionContext(Today, TestReference.CodeLists.Value, Guid.NewGuid);
        var id = new CaseId(Guid.NewGuid());
        CaseState? state = null;
        foreach (var command in new CaseCommand[]
                 {
                     new OpenCase("4601", "2024/1", new DateOnly(2024, 1, 2), new ChildInput(null, birth, Sex.Male, GivenName: "Ola", FamilyName: "Nordmann")),
                     new MakeDecision(decidedOn, new LegalBasis("BVL2021", "3", "1", ImmutableArray.Create("1"))),
                 })
            foreach (var e in CaseDecider.Decide(state, id, command, ctx))
                state = CaseProjection.Apply(state, id, e);
        return (state!, state!.Decisions[^1].Id);
    }
}
