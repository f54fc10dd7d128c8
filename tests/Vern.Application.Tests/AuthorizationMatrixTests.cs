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
        [Role.Caseworker] = Row(open: "YYN", record: "YNN", assign: "NNN", import: "NNN", view: "YNN", list: "YHN", compliance: "NNN", staff: "NNN", export: "NNN", check: "YHN", stats: "NNN", admin: "NNN"),
        [Role.Leader] = Row(open: "YYN", record: "YYN", assign: "YYN", import: "YYN", view: "YYN", list: "YYN", compliance: "YYN", staff: "YYN", export: "YYN", check: "YYN", stats: "YYN", admin: "NNN"),
        [Role.BufetatIntake] = Row(open: "NNN", record: "NNN", assign: "NNN", import: "NNN", view: "NNN", list: "NNN", compliance: "NNN", staff: "NNN", export: "NNN", check: "NNN", stats: "NNN", admin: "NNN"),
        [Role.Analyst] = Row(open: "NNN", record: "NNN", assign: "NNN", import: "NNN", view: "NNN", list: "NNN", compliance: "NNN", staff: "NNN", export: "NNN", check: "NNN", stats: "YYY", admin: "NNN"),
        [Role.Auditor] = Row(open: "NNN", record: "NNN", assign: "NNN", import: "NNN", view: "YYN", list: "YYN", compliance: "YYN", staff: "NNN", export: "NNN", check: "YYN", stats: "YYY", admin: "NNN"),
        [Role.Administrator] = Row(open: "NNN", record: "NNN", assign: "NNN", import: "NNN", view: "NNN", list: "NNN", compliance: "NNN", staff: "YYN", export: "NNN", check: "NNN", stats: "NNN", admin: "YYN"),
    };

    private static Dictionary<Operation, string> Row(string open, string record, string assign, string import, string view, string list,
        string compliance, string staff, string export, string check, string stats, string admin) => new()
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
        // Co-payment invoices (issue 21): a municipality's bills, seen as its compliance report is.
        [Operation.Invoices] = compliance,
    };

    public static TheoryData<Role> AllRoles => [.. Roles.All];

    [Fact]
    public void ThePolicyTable_IsTheSpecification()
    {
        foreach (var role in Roles.All)
            foreach (var op in Enum.GetValues<Operation>())
            {
                var spec = Expected[role][op];
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
        foreach (var op in Enum.GetValues<Operation>())
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
            case Operation.Invoices:
                // Invoices name no case: an allowed call is logged as a bulk read of no cases, so it counts as "included".
                await f.App.InvoicesAsync(a, new Vern.Finance.CsvStaySource([]), new Vern.Finance.YearMonth(2023, 3), m, purpose);
                return false;
            default:
                throw new NotSupportedException(op.ToString());
        }
    }

    private static ExportOptions ExportOptionsFor(string m, bool full) =>
        new(m, new Avgiver("974547283", m, "Testkommune"), Reporter.Fagsystem, new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.FromHours(2)), Full: full);
}
