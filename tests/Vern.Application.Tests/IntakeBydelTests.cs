using Vern.Domain.Access;
using Vern.Domain.Intake;
using Vern.Domain.Validation;
using Vern.Intake;
using Vern.Storage.Intake;
using Vern.Storage.Sqlite;

namespace Vern.Application.Tests;

/// <summary>Issue 15's last item: the intake inbox divided per bydel, as the cases are. Oslo's bydeler are separate child
/// welfare services (Barnevern_v4.xsd Avgiver/@Bydelsnummer), so a report of concern for bydel 02 is confidential to bydel 02
/// (barnevernsloven § 13-1, taushetsplikt): a bydel's staff list, read, register, reject and route only their own inbox's
/// reports, each refusal is logged before it is thrown; the municipality's reception sees and routes every report. The § 2-1
/// review week still runs from receipt when a report is routed (barnevernsloven § 2-1 første ledd, "senest innen en uke").
/// Runs on a real SQLite file (<see cref="AppFixture"/> with bydel: sb-a, sb-b, leder-a, tilsyn-a work for bydel 01 of 4601;
/// sb-c for bydel 02; leder-4601 for the whole municipality).</summary>
public sealed class IntakeBydelTests
{
    private static string Report(string messageId, string? bydel, string m = "4601", string givenName = "Ola") =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            messageId,
            senderKind = "police",
            municipalityNumber = m,
            bydel,
            child = new { givenName, familyName = "Nordmann", birthDate = "2016-01-01", sex = "female" },
            description = "Bekymring for barnet.",
        });

    private static async Task<SenderSystem> SenderAsync(AppFixture f, string name = "politiet")
    {
        var token = await f.App.CreateAccessTokenAsync(await f.App.ActorAsync("root"), AccessTokenKind.System, name, null, "4601");
        return (await f.App.AuthenticateTokenAsync(token.Secret))!.System!;
    }

    [Fact]
    [Trait("Issue", "15")]
    public async Task ABydel_CannotListReadRegisterRejectOrRouteAnotherBydelsReport_EachRefusalLogged_TheWholeMunicipalitySeesAndRoutesAll()
    {
        using var f = await new AppFixture(bydel: true).SeedAsync(otherBydel: true);
        var sender = await SenderAsync(f);
        var toA = (await f.App.ReceiveReportAsync(sender, Report("m-01", "01", givenName: "Anna"))).ReceiptId;
        f.Clock.Now = f.Clock.Now.AddMinutes(1);
        var toB = (await f.App.ReceiveReportAsync(sender, Report("m-02", "02", givenName: "Bjørn"))).ReceiptId;
        f.Clock.Now = f.Clock.Now.AddMinutes(1);
        var toReception = (await f.App.ReceiveReportAsync(sender, Report("m-00", null, givenName: "Mona"))).ReceiptId;
        var (sbA, sbC, municipality) = (await f.App.ActorAsync("sb-a"), await f.App.ActorAsync("sb-c"), await f.App.ActorAsync("leder-4601"));

        // Listing: each bydel its own inbox; the municipality every inbox (its reception's and every bydel's).
        Assert.Equal(new[] { toA }, (await f.App.InboxAsync(sbA)).Select(i => i.Report.ReceiptId));
        Assert.Equal(new[] { toB }, (await f.App.InboxAsync(sbC)).Select(i => i.Report.ReceiptId));
        Assert.Equal(new[] { toA, toB, toReception }, (await f.App.InboxAsync(municipality)).Select(i => i.Report.ReceiptId));
        Assert.Equal(new string?[] { "01", "02", null }, (await f.App.InboxAsync(municipality)).Select(i => i.Bydel));

        // Bydel 01 acting on bydel 02's report, and on the reception's: refused (AccessDeniedException) and logged first.
        using var log = SqliteAccessLog.Open(f.DbPath, create: false);
        var attempts = new (string Operation, Func<Task> Act)[]
        {
            ("intake inbox", () => f.App.InboxItemAsync(sbA, toB, "")),
            ("intake register", () => f.App.RegisterReportAsync(sbA, toB, null)),
            ("intake register", () => f.App.RejectReportAsync(sbA, toB, "Ikke vår")),
            ("intake route", () => f.App.RouteReportAsync(sbA, toB, "01")),
            ("intake inbox", () => f.App.InboxItemAsync(sbA, toReception, "")),
            ("intake route", () => f.App.RouteReportAsync(sbA, toReception, "01")),
        };
        foreach (var (operation, act) in attempts)
        {
            var before = (await log.ReadAllAsync("sb-a")).Count;
            var e = await Assert.ThrowsAsync<AccessDeniedException>(act);
            Assert.Contains("bare meldinger til sin egen bydel (bydel 01)", e.Message, StringComparison.Ordinal);
            var rows = await log.ReadAllAsync("sb-a");
            Assert.Equal(before + 1, rows.Count);
            Assert.Equal((operation, Vern.Storage.AccessEntry.Denied), (rows[^1].Operation, rows[^1].Outcome));
        }
        // Nothing changed: bydel 02's report still waits in bydel 02's inbox, unrouted.
        var b = await f.App.InboxItemAsync(sbC, toB, "");
        Assert.Null(b.Disposition);
        Assert.Empty(b.Routes!);
        Assert.Equal("02", b.Bydel);

        // The municipality routes the reception's report to bydel 02: bydel 02 sees it, bydel 01 still does not. The routing is
        // a record (who, when, from, to); the report keeps the inbox it came to, and its § 2-1 week still runs from receipt.
        var dueBefore = (await f.App.InboxItemAsync(municipality, toReception, "")).ReviewDue;
        f.Clock.Now = f.Clock.Now.AddDays(2);
        var route = await f.App.RouteReportAsync(municipality, toReception, "02");
        Assert.Equal((1, (string?)null, "02", "leder-4601", f.Clock.Now), (route.Sequence, route.FromBydel, route.ToBydel, route.By, route.At));
        Assert.Equal(new[] { toB, toReception }, (await f.App.InboxAsync(sbC)).Select(i => i.Report.ReceiptId));
        Assert.Equal(new[] { toA }, (await f.App.InboxAsync(sbA)).Select(i => i.Report.ReceiptId));
        var routed = await f.App.InboxItemAsync(sbC, toReception, "");
        Assert.Equal(dueBefore, routed.ReviewDue);
        Assert.Null(routed.Report.Bydel);
        Assert.Equal("02", Assert.Single(routed.Routes!).ToBydel);

        // Registered as a new case (by the municipality's leader), the case is bydel 02's, the inbox the report is in.
        var (caseId, _) = await f.App.RegisterReportAsync(municipality, toReception, null);
        Assert.Equal("02", (await f.App.ShowCaseAsync(await f.App.ActorAsync("leder-4601"), caseId, "test")).State.Bydel);
        await Assert.ThrowsAsync<AccessDeniedException>(() => f.App.InboxItemAsync(sbA, toReception, ""));
    }

    [Fact]
    [Trait("Issue", "15")]
    public async Task Routing_NeedsTwoDigitsAndABydelSomeoneServes_OnlyAWaitingReport_AndNeverLosesTheOldValue()
    {
        using var f = await new AppFixture(bydel: true).SeedAsync(otherBydel: true);
        var sender = await SenderAsync(f);
        var receipt = (await f.App.ReceiveReportAsync(sender, Report("m-1", null))).ReceiptId;
        var leader = await f.App.ActorAsync("leder-4601");

        var bad = await Assert.ThrowsAsync<DomainRuleException>(() => f.App.RouteReportAsync(leader, receipt, "1"));
        Assert.Equal((RuleCodes.BydelInvalid, "bydel"), (Assert.Single(bad.Issues).Code, bad.Issues[0].Path));
        var unserved = await Assert.ThrowsAsync<ArgumentException>(() => f.App.RouteReportAsync(leader, receipt, "07"));
        Assert.Contains("ingen aktive brukere arbeider for bydel 07", unserved.Message, StringComparison.Ordinal);
        Assert.Empty((await f.App.InboxItemAsync(leader, receipt, "")).Routes!);

        // Routed twice (01, then on to 02): both records stay, in order.
        await f.App.RouteReportAsync(leader, receipt, "01");
        await Assert.ThrowsAsync<ArgumentException>(() => f.App.RouteReportAsync(leader, receipt, "01")); // already there
        await f.App.RouteReportAsync(await f.App.ActorAsync("leder-a"), receipt, "02"); // bydel 01 sends its report on
        var item = await f.App.InboxItemAsync(leader, receipt, "");
        Assert.Equal(new (string?, string)[] { (null, "01"), ("01", "02") }, item.Routes!.Select(r => (r.FromBydel, r.ToBydel)));
        Assert.Equal(new[] { 1, 2 }, item.Routes!.Select(r => r.Sequence));

        // Rejected: no more routing.
        await f.App.RejectReportAsync(await f.App.ActorAsync("sb-c"), receipt, "Testmelding");
        await Assert.ThrowsAsync<ArgumentException>(() => f.App.RouteReportAsync(leader, receipt, "01"));
        Assert.Equal(2, (await f.App.InboxItemAsync(leader, receipt, "")).Routes!.Count);
    }

    [Fact]
    [Trait("Issue", "15")]
    public async Task Receiving_TheBydelIsTwoDigits_AnUnservedBydelGoesToTheReception_AndABydelsImportStaysInItsOwnInbox()
    {
        using var f = await new AppFixture(bydel: true).SeedAsync(otherBydel: true);
        var sender = await SenderAsync(f);
        var e = await Assert.ThrowsAsync<DomainRuleException>(() => f.App.ReceiveReportAsync(sender, Report("m-x", "1a")));
        Assert.Equal((RuleCodes.BydelInvalid, "bydel"), (Assert.Single(e.Issues).Code, e.Issues[0].Path));
        var leader = await f.App.ActorAsync("leder-4601");
        Assert.Empty(await f.App.InboxAsync(leader, all: true));

        // Bydel 09 has no service in this Vern: the report is kept, in the reception's inbox, with the sender's field as sent.
        var unserved = (await f.App.ReceiveReportAsync(sender, Report("m-9", "09"))).ReceiptId;
        var item = await f.App.InboxItemAsync(leader, unserved, "");
        Assert.Null(item.Bydel);
        Assert.Equal("09", item.Content.Bydel);

        // A bydel's import: no bydel in the file → its own inbox; another bydel's → refused, logged, nothing stored.
        var sbA = await f.App.ActorAsync("sb-a");
        var own = await f.App.ImportReportAsync(sbA, Report("f-1", null), "fil");
        Assert.Equal("01", (await f.App.InboxItemAsync(sbA, own.ReceiptId, "")).Bydel);
        await Assert.ThrowsAsync<AccessDeniedException>(() => f.App.ImportReportAsync(sbA, Report("f-2", "02"), "fil"));
        Assert.Equal(2, (await f.App.InboxAsync(leader, all: true)).Count);
    }

    [Fact]
    [Trait("Issue", "15")]
    public async Task Registering_OnACaseOfAnotherInbox_IsRefusedUntilTheReportIsRouted()
    {
        using var f = await new AppFixture(bydel: true).SeedAsync(otherBydel: true);
        var receipt = (await f.App.ReceiveReportAsync(await SenderAsync(f), Report("m-1", null))).ReceiptId;
        var leader = await f.App.ActorAsync("leder-4601");
        var e = await Assert.ThrowsAsync<ArgumentException>(() => f.App.RegisterReportAsync(leader, receipt, f.OtherBydel));
        Assert.Contains("Videresend meldingen til sakens bydel først", e.Message, StringComparison.Ordinal);
        Assert.Null((await f.App.InboxItemAsync(leader, receipt, "")).Disposition);
        await f.App.RouteReportAsync(leader, receipt, "02");
        var (caseId, disposition) = await f.App.RegisterReportAsync(leader, receipt, f.OtherBydel);
        Assert.Equal(f.OtherBydel, caseId);
        Assert.Equal(DispositionKind.Registered, disposition.Kind);
    }

    /// <summary>Reconciliation and alarms per service: a bydel's leader counts and is alarmed about its own inbox only; the
    /// municipality's leader counts every report, with the counts per inbox (reception and each bydel).</summary>
    [Fact]
    [Trait("Issue", "15")]
    public async Task ReconciliationAndAlarms_AreThoseOfTheActorsService_WithAPerBydelBreakdownForTheMunicipality()
    {
        using var f = await new AppFixture(bydel: true).SeedAsync(otherBydel: true);
        var sender = await SenderAsync(f);
        var now = f.Clock.Now;
        f.Clock.Now = now.AddDays(-3); // three days in the inbox: over the 24-hour alarm limit
        var a = (await f.App.ReceiveReportAsync(sender, Report("m-a", "01"))).ReceiptId;
        var b = (await f.App.ReceiveReportAsync(sender, Report("m-b", "02"))).ReceiptId;
        var b2 = (await f.App.ReceiveReportAsync(sender, Report("m-b2", "02"))).ReceiptId;
        var r = (await f.App.ReceiveReportAsync(sender, Report("m-r", null))).ReceiptId;
        f.Clock.Now = now;
        var day = DateOnly.FromDateTime(now.AddDays(-3).UtcDateTime);
        await f.App.RejectReportAsync(await f.App.ActorAsync("sb-c"), b2, "Sendt to ganger");

        var leaderA = await f.App.ActorAsync("leder-a");
        var own = await f.App.ReconcileIntakeAsync(leaderA, null, day, day);
        Assert.Equal(1, own.Received);
        Assert.Equal(new[] { a }, own.Differences.Select(d => d.ReceiptId));
        Assert.Equal(new Guid?[] { a }, (await f.App.IntakeAlarmsAsync(leaderA)).Where(x => x.Kind == AlarmKind.InboxAge).Select(x => x.ReceiptId));

        var whole = await f.App.ReconcileIntakeAsync(await f.App.ActorAsync("leder-4601"), null, day, day);
        Assert.Equal(4, whole.Received);
        Assert.Equal(new[] { a, b, r }.Order(), whole.Differences.Select(d => d.ReceiptId).Order());
        Assert.Equal(
            new[] { new ReconciliationBydelRow(null, 1, 0, 0, 1, 0), new ReconciliationBydelRow("01", 1, 0, 0, 1, 0), new ReconciliationBydelRow("02", 2, 0, 1, 1, 0) },
            whole.ByBydel!);
        var alarms = (await f.App.IntakeAlarmsAsync(await f.App.ActorAsync("leder-4601"))).Where(x => x.Kind == AlarmKind.InboxAge).ToList();
        Assert.Equal(new Guid?[] { a, b, r }.Order(), alarms.Select(x => x.ReceiptId).Order());
        Assert.Contains(alarms, x => x.ReceiptId == b && x.Text.Contains("innboksen til bydel 02", StringComparison.Ordinal));
    }
}
