using Vern.Deadlines.Staff;
using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Register;
using Vern.Register.Export;
using Vern.Register.Model;
using Vern.Statistics;
using Vern.Storage;
using Vern.Storage.Sqlite;

namespace Vern.Application.Tests;

/// <summary>Issue 15's authorization matrix: every role × every operation × the actor's own assigned case / another case of
/// the same service / a case of another municipality, allowed or denied as the policy says, and every denial logged.
/// The expected table is written out here as the specification (docs/architecture.md), independent of
/// <see cref="AccessPolicy.Table"/>, and the table is checked against it too.</summary>
public sealed class AuthorizationMatrixTests
{
    /// <summary>Y allowed and the case is included; H allowed but the case is not included (scoped away); N denied.</summary>
    private const char Y = 'Y', H = 'H', N = 'N';

    /// <summary>The specification: per role, per operation, (own assigned case, same service, another municipality).</summary>
    private static readonly Dictionary<Role, Dictionary<Operation, string>> Expected = new()
    {
        [Role.Caseworker] = Intake(Row(open: "YYN", record: "YNN", assign: "NNN", import: "NNN", view: "YNN", list: "YHN", compliance: "NNN", staff: "NNN", export: "NNN", check: "YHN", stats: "NNN", admin: "NNN"), import: "YYN", inbox: "YYN", register: "YYN", reconcile: "NNN"),
        [Role.Leader] = Intake(Row(open: "YYN", record: "YYN", assign: "YYN", import: "YYN", view: "YYN", list: "YYN", compliance: "YYN", staff: "YYN", export: "YYN", check: "YYN", stats: "YYN", admin: "NNN", verify: "YYY"), import: "YYN", inbox: "YYN", register: "YYN", reconcile: "YYN"),
        [Role.BufetatIntake] = Intake(Row(open: "NNN", record: "NNN", assign: "NNN", import: "NNN", view: "NNN", list: "NNN", compliance: "NNN", staff: "NNN", export: "NNN", check: "NNN", stats: "NNN", admin: "NNN"), import: "NNN", inbox: "NNN", register: "NNN", reconcile: "NNN"),
        [Role.Analyst] = Intake(Row(open: "NNN", record: "NNN", assign: "NNN", import: "NNN", view: "NNN", list: "NNN", compliance: "NNN", staff: "NNN", export: "NNN", check: "NNN", stats: "YYY", admin: "NNN"), import: "NNN", inbox: "NNN", register: "NNN", reconcile: "NNN"),
        [Role.Auditor] = Intake(Row(open: "NNN", record: "NNN", assign: "NNN", import: "NNN", view: "YYN", list: "YYN", compliance: "YYN", staff: "NNN", export: "NNN", check: "YYN", stats: "YYY", admin: "NNN", verify: "YYY"), import: "NNN", inbox: "YYN", register: "NNN", reconcile: "YYN"),
        [Role.Administrator] = Intake(Row(open: "NNN", record: "NNN", assign: "NNN", import: "NNN", view: "NNN", list: "NNN", compliance: "NNN", staff: "YYN", export: "NNN", check: "NNN", stats: "NNN", admin: "YYN", verify: "YYY"), import: "NNN", inbox: "NNN", register: "NNN", reconcile: "NNN"),
    };

    private static Dictionary<Operation, string> Row(string open, string record, string assign, string import, string view, string list,
        string compliance, string staff, string export, string check, string stats, string admin, string verify = "NNN") => new()
    {
        [Operation.OpenCase] = open, [Operation.RecordStep] = record, [Operation.AssignCase] = assign,
        [Operation.ImportCase] = import, [Operation.ImportRegister] = import,
        [Operation.ViewCase] = view, [Operation.ExportCase] = view, [Operation.CaseAccessReport] = view,
        [Operation.ListCases] = list, [Operation.Deadlines] = list, [Operation.Worklist] = list,
        [Operation.Compliance] = compliance, [Operation.Capacity] = compliance, [Operation.Staff] = staff,
        [Operation.RegisterExport] = export, [Operation.RegisterCheck] = check, [Operation.Statistics] = stats,
        [Operation.ManageUsers] = admin, [Operation.Configure] = admin,
        // Case documentation (issue 22): read as a case is viewed, written as a step is recorded, searched as cases are listed.
        [Operation.ReadDocumentation] = view, [Operation.WriteDocumentation] = record, [Operation.SearchDocumentation] = list,
        // Duplicate children (issue 18 part 2): candidates are read as a case is viewed; deciding on a pair is case work on both cases.
        [Operation.ChildCandidates] = view, [Operation.DecideChildMatch] = record,
        // Parties (issue 18 part 3): made by the service's case workers only, as a step is recorded.
        [Operation.RecordPerson] = record, [Operation.InnsynExport] = record, [Operation.PartyAccessReport] = record,
        // Co-payment invoices (issue 21): a municipality's bills, seen as its compliance report is.
        [Operation.Invoices] = compliance,
        // Tamper evidence (issue 15): a whole-database check with its own row (administrator, auditor, leader), naming no person.
        [Operation.Verify] = verify,
    };

    /// <summary>The intake's rows (issue 18): importing, reading the inbox and registering are the service's case work;
    /// reconciliation and alarms are the leader's and the auditor's.</summary>
    private static Dictionary<Operation, string> Intake(Dictionary<Operation, string> row, string import, string inbox, string register, string reconcile)
    {
        row[Operation.IntakeImport] = import;
        row[Operation.IntakeInbox] = inbox;
        row[Operation.IntakeRegister] = register;
        row[Operation.IntakeReconcile] = reconcile;
        row[Operation.IntakeAlarms] = reconcile;
        return row;
    }
    /// <summary>The state side's rows (issue 21), in the same notation. For Bufetat inntak "own service" is its region; these
    /// operations act on referrals, not cases, so their allowed/denied behaviour per region and municipality is tested in
    /// tests/Vern.State.Tests (ExchangeTests.Access_…), not by the case-target matrix below.</summary>
    private static readonly Dictionary<Role, Dictionary<Operation, string>> StateExpected = new()
    {
        [Role.Caseworker] = State(send: "YNN", read: "YNN", intake: "NNN", breach: "NNN", exchange: "NNN", reports: "NNN", facilities: "NNN"),
        [Role.Leader] = State(send: "YYN", read: "YYN", intake: "NNN", breach: "YYN", exchange: "YYN", reports: "YYN", facilities: "NNN"),
        [Role.BufetatIntake] = State(send: "NNN", read: "YYN", intake: "YYN", breach: "YYN", exchange: "YYN", reports: "YYN", facilities: "YYN"),
        [Role.Analyst] = State(send: "NNN", read: "NNN", intake: "NNN", breach: "NNN", exchange: "NNN", reports: "YYY", facilities: "NNN"),
        [Role.Auditor] = State(send: "NNN", read: "YYN", intake: "NNN", breach: "NNN", exchange: "NNN", reports: "YYY", facilities: "NNN"),
        [Role.Administrator] = State(send: "NNN", read: "NNN", intake: "NNN", breach: "NNN", exchange: "NNN", reports: "NNN", facilities: "NNN"),
    };

    private static Dictionary<Operation, string> State(string send, string read, string intake, string breach, string exchange, string reports, string facilities) => new()
    {
        [Operation.SendReferral] = send, [Operation.ReadReferrals] = read, [Operation.StateIntake] = intake, [Operation.RecordBreach] = breach,
        [Operation.ExchangeMessages] = exchange, [Operation.StateReports] = reports, [Operation.ManageFacilities] = facilities,
    };

    private static string Spec(Role role, Operation op) => Expected[role].TryGetValue(op, out var spec) ? spec : StateExpected[role][op];

    public static TheoryData<Role> AllRoles => [.. Roles.All];

    [Fact]
    public void ThePolicyTable_IsTheSpecification()
    {
        foreach (var role in Roles.All)
            foreach (var op in Enum.GetValues<Operation>())
            {
                var spec = Spec(role, op);
                var scope = AccessPolicy.ScopeOf(role, op);
                var expected = spec == "NNN" ? Scope.None : spec == "YYY" ? Scope.AggregatesOnly : spec[1] is 'H' or 'N' ? Scope.AssignedCases : Scope.OwnService;
                Assert.True(expected == scope, $"{role} × {op}: table says {scope}, specification says {spec}");
            }
    }

    [Theory]
    [MemberData(nameof(AllRoles))]
    public async Task EveryOperation_OnOwnSameServiceAndOtherMunicipality_IsAllowedOrDeniedAsThePolicySays_AndEveryDenialIsLogged(Role role)
    {
        using var f = await new AppFixture().SeedAsync();
        var actor = await f.As(role);
        var json = new Dictionary<CaseId, string>();
        foreach (var (id, leader) in new[] { (f.Own, "leder-a"), (f.SameService, "leder-a"), (f.Other, "leder-x") })
            json[id] = await f.App.ExportCaseAsync(await f.App.ActorAsync(leader), id, "testoppsett");
        var targets = new[] { (Name: "own", Case: f.Own, M: "4601"), (Name: "same service", Case: f.SameService, M: "4601"), (Name: "other municipality", Case: f.Other, M: "4602") };
        using var log = SqliteAccessLog.Open(f.DbPath, create: false);
        var mismatches = new List<string>();
        var n = 0;
        foreach (var op in Enum.GetValues<Operation>().Where(o => !StateExpected[role].ContainsKey(o)))
            for (var t = 0; t < 3; t++)
            {
                var (name, caseId, m) = targets[t];
                var expected = Expected[role][op][t];
                var before = (await log.ReadAllAsync(actor.UserId)).Count;
                char actual;
                try
                {
                    var bulk = await Invoke(f, actor, op, caseId, m, json[caseId], ++n);
                    if (!bulk)
                        actual = Y;
                    else
                    {
                        var rows = await log.ReadAllAsync(actor.UserId);
                        var last = rows[^1];
                        Assert.True(last.IsBulk && rows.Count == before + 1, $"{role} × {op}: one bulk row expected");
                        actual = (await log.ForCaseAsync(caseId)).Any(r => r.Position == last.Position) ? Y : H;
                    }
                }
                catch (AccessDeniedException)
                {
                    actual = N;
                    var rows = await log.ReadAllAsync(actor.UserId);
                    if (rows.Count != before + 1 || rows[^1].Outcome != AccessEntry.Denied)
                        mismatches.Add($"{role} × {op} × {name}: denied but not logged as denied");
                }
                if (actual != expected)
                    mismatches.Add($"{role} × {op} × {name}: expected {expected}, got {actual}");
            }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    /// <summary>Runs one operation against one target; returns true when it is a logged bulk read.</summary>
    private static async Task<bool> Invoke(AppFixture f, Actor a, Operation op, CaseId caseId, string m, string caseJson, int n)
    {
        const string purpose = "matrisetest";
        var day = new DateOnly(2024, 6, 1);
        switch (op)
        {
            case Operation.OpenCase:
                await f.App.OpenCaseAsync(a, AppFixture.Open(m, $"ny/{n}"));
                return false;
            case Operation.RecordStep:
                await f.App.RecordAsync(a, caseId, new MakePlan(day, "1"));
                return false;
            case Operation.AssignCase:
                await f.App.AssignAsync(a, caseId, (await f.App.ShowCaseAsync(await f.App.ActorAsync(m == "4601" ? "leder-a" : "leder-x"), caseId, "testoppsett")).State.CaseworkerId!, day);
                return false;
            case Operation.ImportCase:
                await f.App.ImportCaseAsync(a, caseJson.Replace(caseId.ToString(), Guid.NewGuid().ToString(), StringComparison.Ordinal));
                return false;
            case Operation.ImportRegister:
                // A register file of the target's municipality: the case exported to SSB's format by its own leader.
                var dir = Path.Combine(Path.GetDirectoryName(f.DbPath)!, $"reg-{n}");
                var leader = await f.App.ActorAsync(m == "4601" ? "leder-a" : "leder-x");
                await f.App.RegisterExportAsync(leader, ExportOptionsFor(m, full: true), dir, "testoppsett");
                var file = Directory.GetFiles(dir, caseId + ".xml").Single();
                var text = File.ReadAllText(file).Replace(caseId.ToString(), Guid.NewGuid().ToString(), StringComparison.OrdinalIgnoreCase);
                File.WriteAllText(file, text);
                var result = await f.App.ImportRegisterAsync(a, file, new RegisterReadOptions(Vern.Register.Schema.RegisterSchema.Load(Vern.Tests.TestReference.Files), SchemaValidator.Fast));
                Assert.True(result.Outcomes.All(o => o.Imported), string.Join("; ", result.Outcomes.SelectMany(o => o.Issues).Select(i => i.Message)));
                return false;
            case Operation.ViewCase:
                await f.App.ShowCaseAsync(a, caseId, purpose);
                return false;
            case Operation.ExportCase:
                await f.App.ExportCaseAsync(a, caseId, purpose);
                return false;
            case Operation.CaseAccessReport:
                await f.App.CaseAccessAsync(a, caseId, purpose);
                return false;
            case Operation.ListCases:
                var listed = await f.App.ListCasesAsync(a, m, null, purpose);
                return true;
            case Operation.Deadlines:
                await f.App.DeadlinesAsync(a, m, day, purpose);
                return true;
            case Operation.Worklist:
                await f.App.WorklistsAsync(a, m, day, null, purpose);
                return true;
            case Operation.Compliance:
                await f.App.ComplianceAsync(a, m, new DateOnly(2024, 1, 1), day, purpose);
                return true;
            case Operation.Capacity:
                await f.App.CapacityAsync(a, m, day, purpose);
                return true;
            case Operation.Staff:
                await f.App.ImportStaffAsync(a, [new StaffMember($"ansatt-{n}", m, "Ansatt", "saksbehandler", Education.RelevantBachelor)]);
                return false;
            case Operation.RegisterExport:
                await f.App.RegisterExportAsync(a, ExportOptionsFor(m, full: true) with { DryRun = true }, Path.Combine(Path.GetDirectoryName(f.DbPath)!, $"x-{n}"), purpose);
                return true;
            case Operation.RegisterCheck:
                var header = new RegisterFile(Guid.NewGuid().ToString("D"), DateTimeOffset.UnixEpoch, null, Reporter.Fagsystem, new Avgiver("000000000", m, "test"));
                await f.App.RegisterCheckAsync(a, m, header, new RegisterValidationOptions(Vern.Tests.TestReference.Files, day), purpose: purpose);
                return true;
            case Operation.Statistics:
                await f.App.StatisticsAsync(a, new StatisticsQuery(m, 2024, 2024), purpose: purpose);
                return true;
            case Operation.ManageUsers:
                await f.App.AddUserAsync(a, $"ny-{n}", "Ny", Role.Caseworker, m);
                return false;
            case Operation.Configure:
                await f.App.SetCaseworkersSeeServiceAsync(a, m, false);
                return false;
            case Operation.ReadDocumentation:
                await f.App.ListNotesAsync(a, caseId, purpose);
                return false;
            case Operation.WriteDocumentation:
                await f.App.WriteNoteAsync(a, caseId, new Vern.Domain.Documentation.WriteNote(day, "telefon", $"Notat {n}."));
                return false;
            case Operation.SearchDocumentation:
                await f.App.WriteNoteAsync(await f.App.ActorAsync(m == "4601" ? "leder-a" : "leder-x"), caseId, new Vern.Domain.Documentation.WriteNote(day, "telefon", $"Matrisetest {n}."));
                await f.App.SearchNotesAsync(a, "matrisetest", purpose: purpose, municipalityNumber: m);
                return true;
            case Operation.IntakeImport:
                await f.App.ImportReportAsync(a, IntakeReport(m, n), "fil");
                return false;
            case Operation.IntakeInbox:
                await f.App.InboxItemAsync(a, await Received(f, m, n), purpose);
                return false;
            case Operation.IntakeRegister:
                await f.App.RejectReportAsync(a, await Received(f, m, n), "matrisetest");
                return false;
            case Operation.IntakeReconcile:
                await f.App.ReconcileIntakeAsync(a, m, day, day, purpose);
                return false;
            case Operation.IntakeAlarms:
                await f.App.IntakeAlarmsAsync(a, m, purpose);
                return false;
            case Operation.ChildCandidates:
                await f.App.CaseCandidatesAsync(a, caseId, purpose);
                return false;
            case Operation.DecideChildMatch:
                // The other case of the pair: a new case in the target's service, assigned to the target's caseworker.
                var owner = await f.App.ActorAsync(m == "4601" ? "leder-a" : "leder-x");
                var pair = (await f.App.OpenCaseAsync(owner, AppFixture.Open(m, $"par/{n}"))).State.Id;
                await f.App.AssignAsync(owner, pair, (await f.App.ShowCaseAsync(owner, caseId, "testoppsett")).State.CaseworkerId!, day);
                await f.App.DismissCandidateAsync(a, caseId, pair, "Matrisetest: ikke samme barn.");
                return false;
            case Operation.RecordPerson:
                await f.App.RecordPersonAsync(a, caseId, new PersonInput(Vern.Domain.Parties.PersonRole.Parent, $"Forelder {n}", ParentalResponsibility: true));
                return false;
            case Operation.InnsynExport:
                var parent = await f.App.RecordPersonAsync(await f.App.ActorAsync(m == "4601" ? "leder-a" : "leder-x"), caseId,
                    new PersonInput(Vern.Domain.Parties.PersonRole.Parent, $"Forelder {n}", ParentalResponsibility: true));
                await f.App.InnsynAsync(a, caseId, parent.Person.Id.ToString(), purpose);
                return false;
            case Operation.PartyAccessReport:
                await f.App.PartyAccessReportAsync(a, caseId, null, purpose);
                return false;
            case Operation.Invoices:
                // Invoices name no case: an allowed call is logged as a bulk read of no cases, so it counts as "included".
                await f.App.InvoicesAsync(a, new Vern.Finance.CsvStaySource([]), new Vern.Finance.YearMonth(2023, 3), m, purpose);
                return false;
            case Operation.Verify:
                // Names no case when nothing differs: an allowed call is one bulk row of no cases.
                Assert.True((await f.App.VerifyAsync(a, purpose)).Ok);
                return false;
            default:
                throw new NotSupportedException(op.ToString());
        }
    }

    private static string IntakeReport(string m, int n) =>
        $$"""{"messageId":"matrise-{{n}}","senderKind":"police","municipalityNumber":"{{m}}","child":{"givenName":"Ola","familyName":"Nordmann","birthDate":"2016-01-01"},"description":"Matrisetest."}""";

    /// <summary>A report received for <paramref name="m"/> from a sender system of that municipality; returns its receipt id.</summary>
    private static async Task<Guid> Received(AppFixture f, string m, int n)
    {
        var token = await f.App.CreateAccessTokenAsync(await f.App.ActorAsync("root"), Vern.Storage.Intake.AccessTokenKind.System, $"avsender-{n}", null, m);
        var sender = (await f.App.AuthenticateTokenAsync(token.Secret))!.System!;
        return (await f.App.ReceiveReportAsync(sender, IntakeReport(m, n))).ReceiptId;
    }

    private static ExportOptions ExportOptionsFor(string m, bool full) =>
        new(m, new Avgiver("974547283", m, "Testkommune"), Reporter.Fagsystem, new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.FromHours(2)), Full: full);
}
