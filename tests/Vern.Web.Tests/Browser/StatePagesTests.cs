using Microsoft.Playwright;
using Vern.Application;
using Vern.Domain.State;
using Vern.Tests;

namespace Vern.Web.Tests.Browser;

/// <summary>The state side and money in the browser (issue 21): the caseworker refers the child from the case page, Bufetat's
/// intake (region Øst) sees it in its intake list with the duty-to-assist clock and gives an offer, the caseworker sees the offer;
/// the reports page (suppressed for the analyst) and the finance page. axe (WCAG 2.1 A/AA) on every page; screenshots in
/// artifacts/screenshots/state-*.png.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StatePagesTests(Chromium chromium)
{
    private static string Iso(DateTime d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Referral_FromTheCasePage_ToBufetatsOffer_AndBack_EveryPageAccessible()
    {
        await using var site = await Site.StartAsync(chromium);
        var caseworker = await site.LoginAsync(TestData.Caseworker);
        await caseworker.GotoAsync($"{site.Url}/saker/{site.Data.Own}");
        await Assertions.Expect(caseworker.GetByRole(AriaRole.Heading, new() { Name = "Henvisninger til Bufetat" })).ToBeVisibleAsync();
        await caseworker.GetByRole(AriaRole.Link, new() { Name = "Ny henvisning" }).ClickAsync();
        await Chromium.AssertAccessibleAsync(caseworker);

        // Bad input first: no needs described and no region (7777 has no county in Vern's table) – refused at the fields, nothing stored.
        await caseworker.GetByLabel("Ønsket oppstart").FillAsync(Iso(Norway.Now.AddDays(14)));
        await caseworker.GetByRole(AriaRole.Button, new() { Name = "Send henvisningen" }).ClickAsync();
        await Assertions.Expect(caseworker.GetByRole(AriaRole.Alert)).ToContainTextAsync("Ingenting ble lagret");
        await Chromium.AssertAccessibleAsync(caseworker);
        await Site.ScreenshotAsync(caseworker, "state-new-referral-refused");

        await caseworker.GetByLabel("Tiltak").SelectOptionAsync("foster-home");
        await caseworker.GetByLabel("Barnets behov").FillAsync("Trenger et stabilt fosterhjem nær skolen; to søsken bor i Øst.");
        await caseworker.GetByLabel("Ønsket oppstart").FillAsync(Iso(Norway.Now.AddDays(14)));
        await caseworker.GetByLabel("Bufetat-region").SelectOptionAsync(BufetatRegions.East);
        await caseworker.GetByRole(AriaRole.Button, new() { Name = "Send henvisningen" }).ClickAsync();
        await Assertions.Expect(caseworker.GetByRole(AriaRole.Status)).ToContainTextAsync("Lagret");
        await Assertions.Expect(caseworker.GetByText("Sendt, ikke besvart")).ToBeVisibleAsync();
        await Assertions.Expect(caseworker.GetByText("dager igjen")).ToBeVisibleAsync();
        await Chromium.AssertAccessibleAsync(caseworker);
        var referralUrl = caseworker.Url.Split('?')[0];

        var bufetat = await site.LoginAsync(TestData.BufetatIntake);
        Assert.EndsWith("/henvisninger", bufetat.Url, StringComparison.Ordinal);
        await Assertions.Expect(bufetat.GetByRole(AriaRole.Heading, new() { Name = "Nye og ubesvarte (1)" })).ToBeVisibleAsync();
        await Chromium.AssertAccessibleAsync(bufetat);
        await Site.ScreenshotAsync(bufetat, "state-intake-list");
        await bufetat.GotoAsync(referralUrl);
        await Chromium.AssertAccessibleAsync(bufetat);
        await bufetat.GetByLabel("Sted eller fosterhjem som tilbys").FillAsync("Fosterhjem Berg, Hamar");
        await bufetat.GetByLabel("Oppstart").FillAsync(Iso(Norway.Now.AddDays(20)));
        await bufetat.GetByRole(AriaRole.Button, new() { Name = "Gi tilsagn" }).ClickAsync();
        await Assertions.Expect(bufetat.GetByRole(AriaRole.Status)).ToContainTextAsync("tilsagnet");
        await Site.ScreenshotAsync(bufetat, "state-referral-offered");

        await caseworker.GotoAsync($"{site.Url}/saker/{site.Data.Own}");
        await Assertions.Expect(caseworker.GetByText("Tilsagn gitt")).ToBeVisibleAsync();

        // Bufetat of another region does not see it.
        using (var app = VernApp.OpenSqlite(site.Database, TestReference.CodeLists.Value, TimeProvider.System))
        {
            await app.AddSystemUserAsync(new Vern.Storage.User("bjorn", "Bjørn Vest", Vern.Domain.Access.Role.BufetatIntake, null, null, BufetatRegions.West, false, null, default, "test"));
            await app.SetSystemPasswordHashAsync("bjorn", Vern.Web.Security.Passwords.Hash(TestData.Password), "test");
        }
        var west = await site.LoginAsync("bjorn");
        await Assertions.Expect(west.GetByRole(AriaRole.Heading, new() { Name = "Alle henvisninger (0)" })).ToBeVisibleAsync();
        var response = await west.GotoAsync(referralUrl);
        Assert.Equal(404, response!.Status);
    }

    [Fact]
    public async Task Reports_AndFinance_AsBufetatLeaderAndAnalyst_AreAccessible_AndTheAnalystSeesSuppression()
    {
        await using var site = await Site.StartAsync(chromium);
        using (var app = VernApp.OpenSqlite(site.Database, TestReference.CodeLists.Value, TimeProvider.System))
        {
            var sara = await app.ActorAsync(TestData.Caseworker);
            foreach (var region in new[] { BufetatRegions.East, BufetatRegions.East, BufetatRegions.East, BufetatRegions.East, BufetatRegions.East, BufetatRegions.East, BufetatRegions.West })
                await app.SendReferralAsync(sara, new ReferralInput(site.Data.Own, "foster-home", "Trenger fosterhjem.", app.Today, Region: region));
        }
        var bufetat = await site.LoginAsync(TestData.BufetatIntake);
        await bufetat.GotoAsync(site.Url + "/bufetat");
        await Assertions.Expect(bufetat.GetByRole(AriaRole.Heading, new() { Name = "Barn som venter på fosterhjem" })).ToBeVisibleAsync();
        await Chromium.AssertAccessibleAsync(bufetat);
        await Site.ScreenshotAsync(bufetat, "state-reports-bufetat");
        await bufetat.GotoAsync(site.Url + "/okonomi?tiltak=parent-child-centre-residential&fra=2023-02-01&til=2023-02-28&foresatte=2&barn=1");
        await Assertions.Expect(bufetat.GetByText("Sum: 109")).ToBeVisibleAsync();
        await Assertions.Expect(bufetat.GetByText("4.1.4").First).ToBeVisibleAsync();
        await Chromium.AssertAccessibleAsync(bufetat);
        await Site.ScreenshotAsync(bufetat, "finance-page-bufetat");

        var analyst = await site.LoginAsync(TestData.Analyst);
        await analyst.GotoAsync(site.Url + "/bufetat");
        await Assertions.Expect(analyst.GetByText("Tall fra 1 til 4 er prikket")).ToBeVisibleAsync();
        var west = analyst.GetByRole(AriaRole.Row).Filter(new() { HasText = BufetatRegions.West }).First;
        await Assertions.Expect(west).ToContainTextAsync(":");
        await Chromium.AssertAccessibleAsync(analyst);
        await Site.ScreenshotAsync(analyst, "state-reports-analyst");

        var leader = await site.LoginAsync(TestData.Leader);
        foreach (var path in new[] { "/henvisninger", "/bufetat", "/okonomi" })
        {
            await leader.GotoAsync(site.Url + path);
            await Chromium.AssertAccessibleAsync(leader);
        }
        await Site.ScreenshotAsync(leader, "state-referrals-leader");
    }
}
