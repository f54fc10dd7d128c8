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
/// the same service / a case of another municipality / a case of the same municipality but another bydel, allowed or denied
/// as the policy says, and every denial logged. It runs twice: with actors whose service is a bydel (01 of 4601: Oslo's
/// bydeler are separate child welfare services, Barnevern_v4.xsd Avgiver/@Bydelsnummer), where the fourth column is written
/// out below, and with actors of the whole municipality, who see all its bydeler (the fourth column is then the second's).
/// The expected table is written out here as the specification (docs/architecture.md), independent of
/// <see cref="AccessPolicy.Table"/>, and the table is checked against it too.</summary>
public sealed class AuthorizationMatrixTests
{
    /// <summary>Y allowed and the case is included; H allowed but the case is not included (scoped away); N denied.</summary>
    private const char Y = 'Y', H = 'H', N = 'N';

    /// <summary>The specification: per role, per operation, (own assigned case, same service, another municipality, same
    /// municipality but another bydel — for an actor whose service is a bydel).</summary>
    private static readonly Dictionary<Role, Dictionary<Operation, string>> Expected = new()
    {
        [Role.Caseworker] = Intake(Row(open: "YYNN", record: "YNNN", assign: "NNNN", import: "NNNN", view: "YNNN", list: "YHNH", compliance: "NNNN", staff: "NNNN", export: "NNNN", check: "YHNH", stats: "NNNN", admin: "NNNN"), import: "YYNN", inbox: "YYNN", register: "YYNN", reconcile: "NNNN", route: "YYNN"),
        [Role.Leader] = Intake(Row(open: "YYNN", record: "YYNN", assign: "YYNN", import: "YYNN", view: "YYNN", list: "YYNH", compliance: "YYNH", staff: "YYNY", export: "YYNH", check: "YYNH", stats: "YYNH", admin: "NNNN", verify: "YYYY", invoices: "YYNY"), import: "YYNN", inbox: "YYNN", register: "YYNN", reconcile: "YYNH", route: "YYNN"),
        [Role.BufetatIntake] = Intake(Row(open: "NNNN", record: "NNNN", assign: "NNNN", import: "NNNN", view: "NNNN", list: "NNNN", compliance: "NNNN", staff: "NNNN", export: "NNNN", check: "NNNN", stats: "NNNN", admin: "NNNN"), import: "NNNN", inbox: "NNNN", register: "NNNN", reconcile: "NNNN"),
        [Role.Analyst] = Intake(Row(open: "NNNN", record: "NNNN", assign: "NNNN", import: "NNNN", view: "NNNN", list: "NNNN", compliance: "NNNN", staff: "NNNN", export: "NNNN", check: "NNNN", stats: "YYYY", admin: "NNNN"), import: "NNNN", inbox: "NNNN", register: "NNNN", reconcile: "NNNN"),
        [Role.Auditor] = Intake(Row(open: "NNNN", record: "NNNN", assign: "NNNN", import: "NNNN", view: "YYNN", list: "YYNH", compliance: "YYNH", staff: "NNNN", export: "NNNN", check: "YYNH", stats: "YYYY", admin: "NNNN", verify: "YYYY", invoices: "YYNY"), import: "NNNN", inbox: "YYNN", register: "NNNN", reconcile: "YYNH"),
        [Role.Administrator] = Intake(Row(open: "NNNN", record: "NNNN", assign: "NNNN", import: "NNNN", view: "NNNN", list: "NNNN", compliance: "NNNN", staff: "YYNY", export: "NNNN", check: "NNNN", stats: "NNNN", admin: "YYNN", verify: "YYYY", configure: "YYNY"), import: "NNNN", inbox: "NNNN", register: "NNNN", reconcile: "NNNN"),
    };

    /// <remarks>The fourth column's Y where a bydel's actor reaches another bydel's data is where that data has no bydel: the
    /// staff registry, the service's setting (which is the bydel's own) and the municipality's invoices are kept per
    /// municipality (docs/architecture.md, "Bydel"). Aggregates (analyst, auditor, verify) are not narrowed. The intake is
    /// divided per bydel (issue 15): each report is in one bydel's inbox or the reception's.</remarks>
    private static Dictionary<Operation, string> Row(string open, string record, string assign, string import, string view, string list,
        string compliance, string staff, string export, string check, string stats, string admin, string verify = "NNNN", string? invoices = null,
        string? configure = null) => new()
    {
        [Operation.OpenCase] = open, [Operation.RecordStep] = record, [Operation.AssignCase] = assign,
        [Operation.ImportCase] = import, [Operation.ImportRegister] = import,
        [Operation.ViewCase] = view, [Operation.ExportCase] = view, [Operation.CaseAccessReport] = view,
        [Operation.ListCases] = list, [Operation.Deadlines] = list, [Operation.Worklist] = list,
        [Operation.Compliance] = compliance, [Operation.Capacity] = compliance, [Operation.Staff] = staff,
        [Operation.RegisterExport] = export, [Operation.RegisterCheck] = check, [Operation.Statistics] = stats,
        [Operation.ManageUsers] = admin, [Operation.Configure] = configure ?? admin,
        // Case documentation (issue 22): read as a case is viewed, written as a step is recorded, searched as cases are listed.
        [Operation.ReadDocumentation] = view, [Operation.WriteDocumentation] = record, [Operation.SearchDocumentation] = list,
        // Duplicate children (issue 18 part 2): candidates are read as a case is viewed; deciding on a pair is case work on both cases.
        [Operation.ChildCandidates] = view, [Operation.DecideChildMatch] = record,
        // Parties (issue 18 part 3): made by the service's case workers only, as a step is recorded.
        [Operation.RecordPerson] = record, [Operation.InnsynExport] = record, [Operation.PartyAccessReport] = record,
        // Withholding the child's statements from a party (issue 22): case work, as the copy it changes.
        [Operation.WithholdFromParty] = record,
        // Co-payment invoices (issue 21): a municipality's bills, seen as its compliance report is.
        [Operation.Invoices] = invoices ?? compliance,
        // Tamper evidence (issue 15): a whole-database check with its own row (administrator, auditor, leader), naming no person.
        [Operation.Verify] = verify,
    };

    /// <summary>The intake's rows (issue 18): importing, reading the inbox, registering and routing (issue 15) are the service's
    /// case work; reconciliation and alarms are the leader's and the auditor's. The target is a report received for the target
    /// case's municipality and bydel; for reconciliation and alarms, H is "allowed, but that report is not counted".</summary>
    private static Dictionary<Operation, string> Intake(Dictionary<Operation, string> row, string import, string inbox, string register, string reconcile,
        string route = "NNNN")
    {
        row[Operation.IntakeImport] = import;
        row[Operation.IntakeInbox] = inbox;
        row[Operation.IntakeRegister] = register;
        row[Operation.IntakeReconcile] = reconcile;
        row[Operation.IntakeAlarms] = reconcile;
        row[Operation.RouteReport] = route;
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
        // Bufetat issues the co-payment invoices for its own region (issue 21); the municipality reads them as Invoices.
        [Operation.IssueInvoices] = intake,
    };

    private static string Spec(Role role, Operation op) => Expected[role].TryGetValue(op, out var spec) ? spec : StateExpected[role][op];

    public static TheoryData<Role> AllRoles => [.. Roles.All];

    [Fact]
    public void ThePolicyTable_IsTheSpecification()
    {
        foreach (var role in Roles.All)
            foreach (var op in Enum.GetValues<Operation>())
            {
                var spec = Spec(role, op)[..3];
                var scope = AccessPolicy.ScopeOf(role, op);
                var expected = spec == "NNN" ? Scope.None : spec == "YYY" ? Scope.AggregatesOnly : spec[1] is 'H' or 'N' ? Scope.AssignedCases : Scope.OwnService;
                Assert.True(expected == scope, $"{role} × {op}: table says {scope}, specification says {spec}");
            }
    }

    public static TheoryData<Role, bool> AllRolesAsBydelOrMunicipality
    {
        get
        {
            var data = new TheoryData<Role, bool>();
            foreach (var role in Roles.All)
            {
                data.Add(role, true);
                data.Add(role, false);
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(AllRolesAsBydelOrMunicipality))]
    public async Task EveryOperation_OnOwnSameServiceOtherMunicipalityAndOtherBydel_IsAllowedOrDeniedAsThePolicySays_AndEveryDenialIsLogged(Role role, bool bydelActor)
    {
        using var f = await new AppFixture(bydel: bydelActor).SeedAsync(otherBydel: true);
        var actor = await f.As(role);
        Assert.Equal(role == Role.BufetatIntake || !bydelActor ? null : "01", actor.Bydel);
        var json = new Dictionary<CaseId, string>();
        foreach (var (id, leader) in new[] { (f.Own, "leder-4601"), (f.SameService, "leder-4601"), (f.Other, "leder-x"), (f.OtherBydel, "leder-4601") })
            json[id] = await f.App.ExportCaseAsync(await f.App.ActorAsync(leader), id, "testoppsett");
        var targets = new[]
        {
            new Target("own", f.Own, "4601", f.ServiceBydel), new Target("same service", f.SameService, "4601", f.ServiceBydel),
            new Target("other municipality", f.Other, "4602", null), new Target("same municipality, other bydel", f.OtherBydel, "4601", "02"),
        };
        using var log = SqliteAccessLog.Open(f.DbPath, create: false);
        var mismatches = new List<string>();
        var n = 0;
        foreach (var op in Enum.GetValues<Operation>().Where(o => !StateExpected[role].ContainsKey(o)))
            for (var t = 0; t < targets.Length; t++)
            {
                var target = targets[t];
                var spec = Expected[role][op];
                // An actor of the whole municipality sees all its bydeler: another bydel is their own service.
                var expected = t == 3 && !bydelActor ? spec[1] : spec[t];
                var before = (await log.ReadAllAsync(actor.UserId)).Count;
                char actual;
                try
                {
                    var outcome = new Outcome();
                    var bulk = await Invoke(f, actor, op, target, json[target.Case], ++n, outcome);
                    if (!bulk)
                        actual = outcome.Included is false ? H : Y;
                    else
                    {
                        var rows = await log.ReadAllAsync(actor.UserId);
                        var last = rows[^1];
                        Assert.True(last.IsBulk && rows.Count == before + 1, $"{role} × {op}: one bulk row expected");
                        actual = (await log.ForCaseAsync(target.Case)).Any(r => r.Position == last.Position) ? Y : H;
                    }
                }
                catch (AccessDeniedException)
                {
                    actual = N;
                    var rows = await log.ReadAllAsync(actor.UserId);
                    if (rows.Count != before + 1 || rows[^1].Outcome != AccessEntry.Denied)
                        mismatches.Add($"{role} × {op} × {target.Name}: denied but not logged as denied");
                }
                if (actual != expected)
                    mismatches.Add($"{role} × {op} × {target.Name}: expected {expected}, got {actual}");
            }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    /// <summary>One target of the matrix: a case, its municipality and bydel.</summary>
    private sealed record Target(string Name, CaseId Case, string M, string? Bydel)
    {
        /// <summary>The leader who set the target up: the whole municipality's (sees every bydel).</summary>
        public string Owner => M == "4601" ? "leder-4601" : "leder-x";
    }

    /// <summary>What an allowed call that is not a bulk read over cases found: whether the target was in its answer (null: not asked).</summary>
    private sealed class Outcome
    {
        public bool? Included { get; set; }
    }

    /// <summary>Runs one operation against one target; returns true when it is a logged bulk read.</summary>
    private static async Task<bool> Invoke(AppFixture f, Actor a, Operation op, Target target, string caseJson, int n, Outcome outcome)
    {
        var (caseId, m) = (target.Case, target.M);
        const string purpose = "matrisetest";
        var day = new DateOnly(2024, 6, 1);
        switch (op)
        {
            case Operation.OpenCase:
                await f.App.OpenCaseAsync(a, AppFixture.Open(m, $"ny/{n}") with { Bydel = target.Bydel });
                return false;
            case Operation.RecordStep:
                await f.App.RecordAsync(a, caseId, new MakePlan(day, "1"));
                return false;
            case Operation.AssignCase:
                await f.App.AssignAsync(a, caseId, (await f.App.ShowCaseAsync(await f.App.ActorAsync(target.Owner), caseId, "testoppsett")).State.CaseworkerId!, day);
                return false;
            case Operation.ImportCase:
                await f.App.ImportCaseAsync(a, caseJson.Replace(caseId.ToString(), Guid.NewGuid().ToString(), StringComparison.Ordinal));
                return false;
            case Operation.ImportRegister:
                // A register file of the target's municipality: the case exported to SSB's format by its own leader.
                var dir = Path.Combine(Path.GetDirectoryName(f.DbPath)!, $"reg-{n}");
                var leader = await f.App.ActorAsync(target.Owner);
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
                await f.App.AddUserAsync(a, $"ny-{n}", "Ny", Role.Caseworker, m, bydel: target.Bydel);
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
                await f.App.WriteNoteAsync(await f.App.ActorAsync(target.Owner), caseId, new Vern.Domain.Documentation.WriteNote(day, "telefon", $"Matrisetest {n}."));
                await f.App.SearchDocumentationAsync(a, "matrisetest", purpose: purpose, municipalityNumber: m);
                return true;
            case Operation.IntakeImport:
                await f.App.ImportReportAsync(a, IntakeReport(m, n, target.Bydel), "fil");
                return false;
            case Operation.IntakeInbox:
                await f.App.InboxItemAsync(a, await Received(f, m, n, target.Bydel), purpose);
                return false;
            case Operation.IntakeRegister:
                await f.App.RejectReportAsync(a, await Received(f, m, n, target.Bydel), "matrisetest");
                return false;
            case Operation.RouteReport:
                // On to another bydel of the municipality, one that some user serves (a routing to an unserved bydel is refused).
                var to = target.Bydel == "02" ? "03" : "02";
                var received = await Received(f, m, n, target.Bydel);
                await f.App.AddUserAsync(await f.App.ActorAsync("root"), $"bydel-{to}-{n}", "Bydel", Role.Caseworker, m, bydel: to);
                await f.App.RouteReportAsync(a, received, to);
                return false;
            case Operation.IntakeReconcile:
                // A report of the target's service, registered on the target case by its owner: the reconciliation reads that case
                // (a bulk row naming it) only when the report is in the actor's service.
                var registered = await Received(f, m, n, target.Bydel);
                await f.App.RegisterReportAsync(await f.App.ActorAsync(target.Owner), registered, caseId);
                await f.App.ReconcileIntakeAsync(a, m, f.App.Today, f.App.Today, purpose);
                return true;
            case Operation.IntakeAlarms:
                // A report received 25 hours ago, still waiting: it raises the inbox-age alarm for the services that see it.
                f.Clock.Now = f.Clock.Now.AddHours(-25);
                var waiting = await Received(f, m, n, target.Bydel);
                f.Clock.Now = f.Clock.Now.AddHours(25);
                outcome.Included = (await f.App.IntakeAlarmsAsync(a, m, purpose)).Any(x => x.ReceiptId == waiting);
                return false;
            case Operation.ChildCandidates:
                await f.App.CaseCandidatesAsync(a, caseId, purpose);
                return false;
            case Operation.DecideChildMatch:
                // The other case of the pair: a new case in the target's service, assigned to the target's caseworker.
                var owner = await f.App.ActorAsync(target.Owner);
                var pair = (await f.App.OpenCaseAsync(owner, AppFixture.Open(m, $"par/{n}") with { Bydel = target.Bydel })).State.Id;
                await f.App.AssignAsync(owner, pair, (await f.App.ShowCaseAsync(owner, caseId, "testoppsett")).State.CaseworkerId!, day);
                await f.App.DismissCandidateAsync(a, caseId, pair, "Matrisetest: ikke samme barn.");
                return false;
            case Operation.RecordPerson:
                await f.App.RecordPersonAsync(a, caseId, new PersonInput(Vern.Domain.Parties.PersonRole.Parent, $"Forelder {n}", ParentalResponsibility: true));
                return false;
            case Operation.InnsynExport:
                var parent = await f.App.RecordPersonAsync(await f.App.ActorAsync(target.Owner), caseId,
                    new PersonInput(Vern.Domain.Parties.PersonRole.Parent, $"Forelder {n}", ParentalResponsibility: true));
                await f.App.InnsynAsync(a, caseId, parent.Person.Id.ToString(), purpose);
                return false;
            case Operation.PartyAccessReport:
                await f.App.PartyAccessReportAsync(a, caseId, null, purpose);
                return false;
            case Operation.WithholdFromParty:
                var writer = await f.App.ActorAsync(target.Owner);
                var father = await f.App.RecordPersonAsync(writer, caseId, new PersonInput(Vern.Domain.Parties.PersonRole.Parent, $"Far {n}", ParentalResponsibility: true));
                var heard = await f.App.AddParticipationAsync(writer, caseId, new ParticipationInput(day, null, "Saksbehandler", "skolen", $"Matrisetest {n}.", "Stor vekt."));
                await f.App.WithholdViewsAsync(a, caseId, heard.Id, father.Person.Id.ToString(), Vern.Domain.Documentation.WithholdingGrounds.DangerToChild.Code, null, "Matrisetest.");
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

    private static string IntakeReport(string m, int n, string? bydel) =>
        $$"""{"messageId":"matrise-{{n}}","senderKind":"police","municipalityNumber":"{{m}}",{{(bydel is null ? "" : $"\"bydel\":\"{bydel}\",")}}"child":{"givenName":"Ola","familyName":"Nordmann","birthDate":"2016-01-01"},"description":"Matrisetest."}""";

    /// <summary>A report received for <paramref name="m"/> (and <paramref name="bydel"/>'s inbox) from a sender system of that
    /// municipality; returns its receipt id.</summary>
    private static async Task<Guid> Received(AppFixture f, string m, int n, string? bydel)
    {
        var token = await f.App.CreateAccessTokenAsync(await f.App.ActorAsync("root"), Vern.Storage.Intake.AccessTokenKind.System, $"avsender-{n}", null, m);
        var sender = (await f.App.AuthenticateTokenAsync(token.Secret))!.System!;
        var receipt = (await f.App.ReceiveReportAsync(sender, IntakeReport(m, n, bydel))).ReceiptId;
        Assert.Equal(bydel, (await f.App.InboxItemAsync(await f.App.ActorAsync(m == "4601" ? "leder-4601" : "leder-x"), receipt, "testoppsett")).Bydel);
        return receipt;
    }

    private static ExportOptions ExportOptionsFor(string m, bool full) =>
        new(m, new Avgiver("974547283", m, "Testkommune"), Reporter.Fagsystem, new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.FromHours(2)), Full: full);
}
