using System.Collections.Immutable;
using Vern.Application;
using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Domain.People;
using Vern.Storage;
using Vern.Tests;
using Vern.Web.Security;

namespace Vern.Web.Tests;

/// <summary>A real Vern database made through the application layer: one user per role in 7777 (with passwords), a leader in
/// 0301, one case in 7777 assigned to the caseworker with a report of concern received ten days ago (its review, § 2-1, is
/// overdue), and one case in 0301.</summary>
internal sealed class TestData
{
    public const string Password = "riktig-hest-batteri";
    public const string Municipality = "7777";
    public const string OtherMunicipality = "0301";

    public const string Caseworker = "sara";
    public const string Leader = "leif";
    public const string Auditor = "tove";
    public const string Administrator = "ada";
    public const string OtherLeader = "olav";
    public const string BufetatIntake = "berit";
    public const string Analyst = "anna";

    /// <summary>One user per role (the order of <see cref="Role"/>), all in 7777 except Bufetat's, which acts for a region.</summary>
    public static readonly IReadOnlyDictionary<Role, string> ByRole = new Dictionary<Role, string>
    {
        [Role.Caseworker] = Caseworker, [Role.Leader] = Leader, [Role.BufetatIntake] = BufetatIntake,
        [Role.Analyst] = Analyst, [Role.Auditor] = Auditor, [Role.Administrator] = Administrator,
    };

    public required CaseId Own { get; init; }

    public required CaseId Other { get; init; }

    public required string OwnJournal { get; init; }

    public static async Task<TestData> SeedAsync(string database)
    {
        using var app = VernApp.Open(database, TestReference.CodeLists.Value, TimeProvider.System, create: true); // a SQLite path or a PostgreSQL connection string
        var root = Actor.From(await app.AddUserAsync(null, Administrator, "Ada Admin", Role.Administrator, Municipality));
        await app.AddUserAsync(root, Caseworker, "Sara Saksbehandler", Role.Caseworker, Municipality);
        await app.AddUserAsync(root, Leader, "Leif Leder", Role.Leader, Municipality);
        await app.AddUserAsync(root, Auditor, "Tove Tilsyn", Role.Auditor, Municipality);
        await app.AddSystemUserAsync(new User(OtherLeader, "Olav Oslo", Role.Leader, OtherMunicipality, null, null, false, null, default, "test"));
        await app.AddSystemUserAsync(new User(BufetatIntake, "Berit Bufetat", Role.BufetatIntake, null, null, "Øst", false, null, default, "test"));
        await app.AddUserAsync(root, Analyst, "Anna Analytiker", Role.Analyst, Municipality);
        foreach (var id in new[] { Administrator, Caseworker, Leader, Auditor, OtherLeader, BufetatIntake, Analyst })
            await app.SetSystemPasswordHashAsync(id, Passwords.Hash(Password), "test");

        var today = app.Today;
        var leader = await app.ActorAsync(Leader);
        var own = new CaseId(Guid.NewGuid());
        await app.OpenCaseAsync(leader, new OpenCase(Municipality, "2026-0042", today.AddDays(-30),
            new ChildInput(null, today.AddYears(-9), Sex.Female, GivenName: "Nora", FamilyName: "Nilsen")), own);
        await app.AssignAsync(leader, own, Caseworker, today.AddDays(-30));
        await app.RecordAsync(leader, own, new ReceiveReport(today.AddDays(-10), [new CodedValue("1")], [new CodedValue("1.1.02")]));

        var olav = await app.ActorAsync(OtherLeader);
        var other = new CaseId(Guid.NewGuid());
        await app.OpenCaseAsync(olav, new OpenCase(OtherMunicipality, "OSLO-1", today.AddDays(-20),
            new ChildInput(null, today.AddYears(-5), Sex.Male, GivenName: "Ola", FamilyName: "Hansen")), other);
        return new TestData { Own = own, Other = other, OwnJournal = "2026-0042" };
    }
}

/// <summary>The wall clock as the server reads it: Norwegian local time (<see cref="Vern.Storage.NorwegianTime"/>). The tests' dates
/// come from here, not from <see cref="DateTime.Now"/>: the machines run on UTC, and between 23:00 and 24:00 UTC (00:00–01:00 in
/// Norway) a date from DateTime.Now was yesterday for the server, so a referral «starting today» was refused as starting in the past.</summary>
internal static class Norway
{
    public static DateTime Now => TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Vern.Storage.NorwegianTime.Zone).DateTime;

    public static DateTime Today => Now.Date;
}
