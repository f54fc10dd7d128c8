using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.Intake;
using Vern.Domain.Validation;
using Vern.Storage;
using Vern.Storage.Intake;

namespace Vern.Intake.Tests;

/// <summary>The intake through the application layer on a real SQLite file: receiving, the inbox, registering with the § 2-1
/// clock running from receipt, rejecting with a reason, reconciliation and both alarms on constructed data, and access tokens.</summary>
public sealed class IntakeAppTests
{
    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    [Trait("Law", "barnevernsloven § 2-1 første ledd")]
    public async Task Register_ThreeDaysAfterReceipt_TheReportIsDatedTheReceiptDay_AndTheWeekRunsFromReceipt()
    {
        using var f = await new IntakeFixture(Monday).SeedAsync();
        var receipt = await f.App.ReceiveReportAsync(f.Sender, IntakeFixture.Report("m-1"));
        f.Clock.Now = Monday.AddDays(3);
        var leader = await f.As("leder");
        var (caseId, _) = await f.App.RegisterReportAsync(leader, receipt.ReceiptId, caseId: null);

        var page = await f.App.ShowCaseAsync(leader, caseId);
        var report = Assert.Single(page.State.Reports);
        Assert.Equal(new DateOnly(2025, 3, 3), report.ReceivedOn);
        Assert.Equal(receipt.ReceiptId, report.Id.Value);
        Assert.Equal("Nora", page.State.Child.GivenName);
        // The review duty (melding-gjennomgang): due one week after receipt, 10 March, not a week after registration (13 March).
        var duties = await f.App.DeadlinesAsync(leader, IntakeFixture.Municipality, new DateOnly(2025, 3, 6));
        var review = Assert.Single(duties.Open, o => o.CaseId == caseId && o.Rule.Id == "melding-gjennomgang");
        Assert.Equal(new DateOnly(2025, 3, 10), review.DueDate);
        Assert.Empty(await f.App.InboxAsync(leader));
    }

    [Fact]
    public async Task Register_OnAnExistingCase_PoliceReport_GetsReporterCode8_AndCannotBeRegisteredTwice()
    {
        using var f = await new IntakeFixture(Monday).SeedAsync();
        var leader = await f.As("leder");
        var first = await f.App.ReceiveReportAsync(f.Sender, IntakeFixture.Report("m-1"));
        var (caseId, _) = await f.App.RegisterReportAsync(leader, first.ReceiptId, null);
        var police = await f.App.ReceiveReportAsync(f.Sender, IntakeFixture.Report("m-2", kind: "police"));
        await f.App.RegisterReportAsync(leader, police.ReceiptId, caseId);

        var state = (await f.App.ShowCaseAsync(leader, caseId)).State;
        Assert.Equal(2, state.Reports.Count);
        Assert.Equal("8", Assert.Single(state.FindReport(new EntryId(police.ReceiptId))!.Reporters).Code); // Kodelister.md Melder 8 Politi
        var again = await Assert.ThrowsAsync<ArgumentException>(() => f.App.RegisterReportAsync(leader, police.ReceiptId, caseId));
        Assert.Contains("allerede registrert", again.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await f.App.ShowCaseAsync(leader, caseId)).State.Reports.Count);
    }

    [Fact]
    public async Task Reject_KeepsTheReportAndItsReason_ForGood()
    {
        using var f = await new IntakeFixture(Monday).SeedAsync();
        var sb = await f.As("sb");
        var receipt = await f.App.ReceiveReportAsync(f.Sender, IntakeFixture.Report("m-1"));
        await Assert.ThrowsAsync<ArgumentException>(() => f.App.RejectReportAsync(sb, receipt.ReceiptId, "  "));
        await f.App.RejectReportAsync(sb, receipt.ReceiptId, "Testmelding fra leverandøren");
        Assert.Empty(await f.App.InboxAsync(sb));
        var kept = Assert.Single(await f.App.InboxAsync(sb, all: true));
        Assert.Equal("Testmelding fra leverandøren", kept.Disposition!.Reason);
        Assert.Equal(1, f.Count("SELECT count(*) FROM intake_reports"));
    }

    [Fact]
    public async Task BadInput_IsRefused_NamingTheField_AndNothingIsStored()
    {
        using var f = await new IntakeFixture(Monday).SeedAsync();
        foreach (var (json, field) in new[]
                 {
                     ("{not json", "$"), (IntakeFixture.Report("m-1", municipality: "9999"), "municipalityNumber"),
                     (IntakeFixture.Report("m-2", child: false), "child"), (IntakeFixture.Report("m-3", description: false), "description"),
                 })
        {
            var e = await Assert.ThrowsAsync<DomainRuleException>(() => f.App.ReceiveReportAsync(f.Sender, json));
            Assert.Contains(e.Issues, i => i.Path == field);
        }
        Assert.Equal(0, f.Count("SELECT count(*) FROM intake_reports"));
    }

    [Fact]
    public async Task Inbox_AnotherMunicipalitysLeader_SeesNothing_AndCannotOpenOrRegisterTheReport_TheAttemptIsLogged()
    {
        using var f = await new IntakeFixture(Monday).SeedAsync();
        var receipt = await f.App.ReceiveReportAsync(f.Sender, IntakeFixture.Report("m-1"));
        var other = await f.As("leder-x");
        Assert.Empty(await f.App.InboxAsync(other));
        await Assert.ThrowsAsync<AccessDeniedException>(() => f.App.InboxItemAsync(other, receipt.ReceiptId));
        await Assert.ThrowsAsync<AccessDeniedException>(() => f.App.RegisterReportAsync(other, receipt.ReceiptId, null));
        Assert.True(f.Count("SELECT count(*) FROM access_log WHERE actor_id = 'leder-x' AND outcome = 'denied'") >= 2);
        Assert.Single(await f.App.InboxAsync(await f.As("leder")));
    }

    [Fact]
    public async Task Receive_IsLoggedAsTheSenderSystem_WithRoleSystem()
    {
        using var f = await new IntakeFixture(Monday).SeedAsync();
        await f.App.ReceiveReportAsync(f.Sender, IntakeFixture.Report("m-1"));
        Assert.Equal(1, f.Count("SELECT count(*) FROM access_log WHERE actor_id = 'system:meldeportal' AND role = 'system' AND operation = 'intake receive'"));
    }

    [Fact]
    [Trait("Issue", "18")]
    public async Task Reconcile_ConstructedDay_CountsPerSenderAndDay_AndListsEachDifference()
    {
        using var f = await new IntakeFixture(Monday).SeedAsync();
        var leader = await f.As("leder");
        var reviewed = await f.App.ReceiveReportAsync(f.Sender, IntakeFixture.Report("m-1"));
        var notReviewed = await f.App.ReceiveReportAsync(f.Sender, IntakeFixture.Report("m-2"));
        var rejected = await f.App.ReceiveReportAsync(f.Sender, IntakeFixture.Report("m-3"));
        var waiting = await f.App.ReceiveReportAsync(f.Sender, IntakeFixture.Report("m-4"));
        var fromFile = await f.App.ImportReportAsync(leader, IntakeFixture.Report("f-1"), "fil");
        var vanished = await f.App.ReceiveReportAsync(f.Sender, IntakeFixture.Report("m-5"));
        f.Clock.Now = Monday.AddDays(2);
        var (case1, _) = await f.App.RegisterReportAsync(leader, reviewed.ReceiptId, null);
        await f.App.RecordAsync(leader, case1, new ConcludeReport(new EntryId(reviewed.ReceiptId), new DateOnly(2025, 3, 5), "3",
            Contents: [new CodedValue("1")], Reporters: [new CodedValue("11")]));
        await f.App.RegisterReportAsync(leader, notReviewed.ReceiptId, case1);
        await f.App.RegisterReportAsync(leader, fromFile.ReceiptId, case1);
        await f.App.RejectReportAsync(leader, rejected.ReceiptId, "Sendt to ganger av melder");
        // A disposition that claims a case the report never reached: written past the application layer, as a fault would.
        using (var store = SqliteIntakeStore.Open(f.DbPath, create: false))
            await store.DisposeAsync(new IntakeDisposition(vanished.ReceiptId, DispositionKind.Registered, case1, null, "feil", Monday));
        f.Clock.Now = Monday.AddDays(12);

        var report = await f.App.ReconcileIntakeAsync(leader, null, new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 14));

        var portal = Assert.Single(report.Rows, r => r.Sender == "meldeportal");
        Assert.Equal((new DateOnly(2025, 3, 3), 5, 3, 1, 1, 1), (portal.Day, portal.Received, portal.Registered, portal.Rejected, portal.Waiting, portal.Reviewed));
        var file = Assert.Single(report.Rows, r => r.Sender == "fil");
        Assert.Equal((1, 1, 0), (file.Received, file.Registered, file.Reviewed));
        Assert.Equal(DifferenceKind.Waiting, Assert.Single(report.Differences, d => d.ReceiptId == waiting.ReceiptId).Kind);
        Assert.Equal(DifferenceKind.NotReviewed, Assert.Single(report.Differences, d => d.ReceiptId == notReviewed.ReceiptId).Kind);
        Assert.Equal(DifferenceKind.NotOnCase, Assert.Single(report.Differences, d => d.ReceiptId == vanished.ReceiptId).Kind);
        Assert.Contains("§ 2-1", Assert.Single(report.Differences, d => d.ReceiptId == notReviewed.ReceiptId).Text, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Differences, d => d.ReceiptId == reviewed.ReceiptId || d.ReceiptId == rejected.ReceiptId);
        Assert.Equal(4, report.Differences.Count); // the three above and the file's report, not reviewed
        var caseworker = await f.As("sb");
        await Assert.ThrowsAsync<AccessDeniedException>(() => f.App.ReconcileIntakeAsync(caseworker, null, new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 14)));
    }

    [Fact]
    [Trait("Issue", "18")]
    public async Task Alarms_ASilentSenderAndAForgottenReport_RaiseBoth_AndGoOutByMailWithoutTheChildsName()
    {
        using var f = await new IntakeFixture(Monday).SeedAsync();
        var leader = await f.As("leder");
        // 20 reports, one a day (λ = 1 a day), each registered at once.
        for (var d = 0; d < 20; d++)
        {
            f.Clock.Now = Monday.AddDays(d);
            var r = await f.App.ReceiveReportAsync(f.Sender, IntakeFixture.Report($"m-{d}"));
            await f.App.RejectReportAsync(leader, r.ReceiptId, "Test");
        }
        // The portal's last report came on day 19. On day 24 (5 quiet days: e^-5 ≈ 0.0067 ≥ α = 0.001) there is no alarm yet;
        // one report comes in from the file drop and is left in the inbox.
        f.Clock.Now = Monday.AddDays(24);
        var forgotten = await f.App.ImportReportAsync(leader, IntakeFixture.Report("f-1"), "fil");
        Assert.Empty(await f.App.IntakeAlarmsAsync(leader));
        // Day 27, 2 hours on: the report has waited 74 hours (limit 24), and the portal has been silent 8 days 2 hours
        // (e^-8.08 ≈ 0.0003 < 0.001).
        f.Clock.Now = Monday.AddDays(27).AddHours(2);
        var alarms = await f.App.IntakeAlarmsAsync(leader);
        Assert.Equal(forgotten.ReceiptId, Assert.Single(alarms, a => a.Kind == AlarmKind.InboxAge).ReceiptId);
        Assert.Equal("meldeportal", Assert.Single(alarms, a => a.Kind == AlarmKind.Silence).Sender);

        var pickup = Path.Combine(f.Dir, "mail");
        await f.App.ConfigureIntakeAsync(await f.As("admin-a"), IntakeFixture.Municipality, mailTo: "leder@kommune.no", mailPickup: pickup);
        var (_, mailed) = await f.App.SendIntakeAlarmsAsync(leader);
        Assert.True(mailed);
        var mail = File.ReadAllText(Assert.Single(Directory.GetFiles(pickup, "*.eml")));
        Assert.Contains("leder@kommune.no", mail, StringComparison.Ordinal);
        Assert.DoesNotContain("Nora", mail, StringComparison.Ordinal);
        Assert.DoesNotContain("Hansen", mail, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Issue", "16")]
    public async Task Tokens_StoredHashed_ShownOnce_Revocable_WithWhoAndWhen()
    {
        using var f = await new IntakeFixture(Monday).SeedAsync();
        var admin = await f.As("admin-a");
        var personal = await f.App.CreateAccessTokenAsync(admin, AccessTokenKind.Personal, "", "leder", null);
        Assert.Equal("leder", (await f.App.AuthenticateTokenAsync(personal.Secret))!.Person!.UserId);
        Assert.Equal(0, f.Count($"SELECT count(*) FROM access_tokens WHERE secret_hash = '{personal.Secret}' OR name = '{personal.Secret}'"));
        Assert.Equal(64, personal.Token.SecretHash.Length); // SHA-256, hex
        Assert.True(personal.Secret.Length >= 40); // 256 random bits, base64url

        await f.App.RevokeAccessTokenAsync(admin, personal.Token.Id);
        Assert.Null(await f.App.AuthenticateTokenAsync(personal.Secret));
        var listed = Assert.Single(await f.App.ListAccessTokensAsync(admin), t => t.Id == personal.Token.Id);
        Assert.Equal(("admin-a", Monday), (listed.RevokedBy, listed.RevokedAt));
        Assert.Null(await f.App.AuthenticateTokenAsync(personal.Secret + "x"));

        var leader = await f.As("leder");
        await Assert.ThrowsAsync<AccessDeniedException>(() => f.App.CreateAccessTokenAsync(leader, AccessTokenKind.System, "x", null, "4601"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => f.App.CreateAccessTokenAsync(admin, AccessTokenKind.System, "x", null, "4602"));
    }

    [Fact]
    public async Task Tokens_APersonalTokenOfADisabledUser_NoLongerWorks()
    {
        using var f = await new IntakeFixture(Monday).SeedAsync();
        var admin = await f.As("admin-a");
        var token = await f.App.CreateAccessTokenAsync(admin, AccessTokenKind.Personal, "", "sb", null);
        await f.App.DisableUserAsync(admin, "sb");
        Assert.Null(await f.App.AuthenticateTokenAsync(token.Secret));
    }
}
