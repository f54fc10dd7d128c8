using Microsoft.Playwright;
using Vern.Application;
using Vern.Domain.Access;
using Vern.Storage.Intake;
using Vern.Tests;

namespace Vern.Web.Tests.Browser;

/// <summary>Issue 18's must-show "the reconciliation and both alarms … on the dashboard in a browser test": a sender that
/// delivered a report a day for two weeks and then went quiet for twelve days (the silence alarm), a report from the file
/// drop left in the inbox for three days (the inbox-age alarm, limit 24 hours), and the reconciliation table with the
/// difference. The history is planted through the application layer with its clock set back, as a sender and a leader
/// would have made it. axe (WCAG 2.1 A/AA) on the page; screenshot artifacts/screenshots/dashboard-intake-alarms.png.</summary>
[Collection(BrowserCollection.Name)]
public sealed class IntakeDashboardTests(Chromium chromium)
{
    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static string Report(string messageId, DateTimeOffset receivedAt) => System.Text.Json.JsonSerializer.Serialize(new
    {
        messageId,
        senderKind = "national-form",
        municipalityNumber = TestData.Municipality,
        child = new { givenName = "Ella", familyName = "Strand", birthDate = "2016-05-04", sex = "female" },
        description = "Barnet har vært borte fra skolen i to uker uten at hjemmet svarer på henvendelser.",
        reporter = new { name = "Kontaktlærer", role = "lærer", anonymous = true },
        receivedAt,
    });

    [Fact]
    [Trait("Issue", "18")]
    public async Task Dashboard_ShowsTheSilentSender_TheForgottenReport_AndTheReconciliation()
    {
        await using var site = await Site.StartAsync(chromium);
        var now = DateTimeOffset.UtcNow;
        var clock = new SettableClock(now.AddDays(-25));
        using (var app = VernApp.OpenSqlite(site.Database, TestReference.CodeLists.Value, clock))
        {
            var admin = await app.ActorAsync(TestData.Administrator);
            var leader = await app.ActorAsync(TestData.Leader);
            var token = await app.CreateAccessTokenAsync(admin, AccessTokenKind.System, "meldeportal", null, TestData.Municipality);
            var portal = (await app.AuthenticateTokenAsync(token.Secret))!.System!;
            // A report a day from 25 to 12 days ago (λ = 1 a day), each dealt with at once; then 12 quiet days: e^-12 is far
            // below the alarm's α.
            for (var d = 25; d >= 12; d--)
            {
                clock.Now = now.AddDays(-d);
                var r = await app.ReceiveReportAsync(portal, Report($"portal-{d}", clock.Now));
                await app.RejectReportAsync(leader, r.ReceiptId, "Gjelder et barn som bor i en annen kommune");
            }
            clock.Now = now.AddDays(-3);
            await app.ImportReportAsync(leader, Report("fil-1", clock.Now), "fil");
        }

        var page = await site.LoginAsync(TestData.Leader);
        await page.GotoAsync(site.Url + "/leder");
        var intake = page.GetByRole(AriaRole.Region, new() { Name = "Mottak av meldinger: alarmer og avstemming" });
        await Assertions.Expect(intake.GetByRole(AriaRole.Heading, new() { Name = "Alarmer (2)" })).ToBeVisibleAsync();
        await Assertions.Expect(intake.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Stille avsender" })).ToContainTextAsync("meldeportal");
        await Assertions.Expect(intake.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Venter i innboksen" })).ToBeVisibleAsync();
        // The reconciliation: the file drop's report received and still waiting, listed as a difference.
        var fileRow = intake.GetByRole(AriaRole.Row).Filter(new() { HasText = "fil" });
        await Assertions.Expect(fileRow).ToHaveCountAsync(1);
        await Assertions.Expect(fileRow.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("1");
        await Assertions.Expect(intake.GetByRole(AriaRole.Heading, new() { Name = "Avvik (1)" })).ToBeVisibleAsync();
        await Assertions.Expect(intake.GetByRole(AriaRole.List, new() { Name = "Avvik (1)" })).ToContainTextAsync("I innboksen");
        await Chromium.AssertAccessibleAsync(page);
        await Site.ScreenshotAsync(page, "dashboard-intake-alarms");
    }
}
