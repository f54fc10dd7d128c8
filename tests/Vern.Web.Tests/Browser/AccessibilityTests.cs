using Microsoft.Playwright;

namespace Vern.Web.Tests.Browser;

/// <summary>axe-core (WCAG 2.1 A and AA rules) on every page, each as the role that uses it; the leader's dashboard is also
/// photographed. One test does the whole report-of-concern flow with the keyboard only.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(Chromium chromium)
{
    private static string Today => Norway.Now.ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task EveryPage_HasNoWcag21AaViolation()
    {
        await using var site = await Site.StartAsync(chromium);
        var anonymous = await site.NewPageAsync();
        foreach (var path in new[] { "/logg-inn", "/api", "/feil/404" })
        {
            await anonymous.GotoAsync(site.Url + path);
            await Chromium.AssertAccessibleAsync(anonymous);
        }

        var caseworker = await site.LoginAsync(TestData.Caseworker);
        var own = $"/saker/{site.Data.Own}";
        foreach (var path in new[] { "/", own, "/saker/ny", "/sok", "/konto/passord" }
            .Concat(Vern.Web.Forms.StepForms.All.Where(s => !s.LeaderOnly).Select(s => $"{own}/registrer/{s.Slug}")))
        {
            await caseworker.GotoAsync(site.Url + path);
            await Chromium.AssertAccessibleAsync(caseworker);
        }
        await caseworker.GotoAsync(site.Url + "/sok");
        await caseworker.GetByLabel("Navn, fødselsnummer eller journalnummer").FillAsync("Nora");
        await caseworker.GetByRole(AriaRole.Button, new() { Name = "Søk", Exact = true }).ClickAsync();
        await Assertions.Expect(caseworker.GetByRole(AriaRole.Heading, new() { Name = "1 treff" })).ToBeVisibleAsync();
        Assert.DoesNotContain("Nora", caseworker.Url, StringComparison.Ordinal);
        await Chromium.AssertAccessibleAsync(caseworker);

        var leader = await site.LoginAsync(TestData.Leader);
        foreach (var path in new[] { "/leder", "/register", $"{own}/innsyn", $"{own}/registrer/fordel" })
        {
            await leader.GotoAsync(site.Url + path);
            await Chromium.AssertAccessibleAsync(leader);
        }
        await leader.GotoAsync(site.Url + "/leder");
        await Site.ScreenshotAsync(leader, "dashboard");
        await leader.GotoAsync(site.Url + "/register");
        await Site.ScreenshotAsync(leader, "register");
        // The export downloaded in a real browser (issue 14: recorded once the browser has the whole zip), then the history says
        // when, how many cases, who and how (migration 35).
        await leader.GetByLabel("Organisasjonsnummer (valgfritt)").FillAsync("974547283");
        await leader.GetByLabel("Kommunenavn (valgfritt)").FillAsync("Testkommune");
        var download = await leader.RunAndWaitForDownloadAsync(() =>
            leader.GetByRole(AriaRole.Button, new() { Name = "Lag og last ned eksporten" }).ClickAsync());
        Assert.EndsWith(".zip", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Null(await download.FailureAsync());
        await leader.GotoAsync(site.Url + "/register");
        await Assertions.Expect(leader.GetByRole(AriaRole.Cell, new() { Name = "lastet ned på registersiden" })).ToBeVisibleAsync();
        await Assertions.Expect(leader.GetByRole(AriaRole.Cell, new() { Name = "Leif Leder (leif)" })).ToBeVisibleAsync();
        // The Avgiver given once is kept, and the page says which one the next export will use.
        await Assertions.Expect(leader.Locator("#avgiver")).ToContainTextAsync("974547283 Testkommune");
        await Chromium.AssertAccessibleAsync(leader);
        await Site.ScreenshotAsync(leader, "register-deliveries");
        // The staff registry (ansattregisteret), reached from the dashboard's note about a caseworker not in it, with a refused
        // form: the broken rule at its field.
        await leader.GotoAsync(site.Url + "/leder");
        await leader.GetByRole(AriaRole.Link, new() { Name = "Legg inn i ansattregisteret" }).ClickAsync();
        await Assertions.Expect(leader.GetByLabel("Navn", new() { Exact = true })).ToHaveValueAsync("Sara Saksbehandler");
        await leader.GetByLabel("Årsverk").FillAsync("1,5");
        await leader.GetByRole(AriaRole.Button, new() { Name = "Legg til" }).ClickAsync();
        await Assertions.Expect(leader.Locator(".field.invalid").GetByText("Årsverk (1,5) må være over 0 og høyst 1.")).ToBeVisibleAsync();
        await Chromium.AssertAccessibleAsync(leader);
        await Site.ScreenshotAsync(leader, "staff-refused");
        await leader.GetByLabel("Årsverk").FillAsync("0,8");
        await leader.GetByRole(AriaRole.Button, new() { Name = "Legg til" }).ClickAsync();
        await Assertions.Expect(leader.GetByRole(AriaRole.Status)).ToContainTextAsync("Lagret: sara i ansattregisteret.");
        await Chromium.AssertAccessibleAsync(leader);
        await Site.ScreenshotAsync(leader, "staff");
        // Sara leaves: her last day is entered; the employee's page shows the history under the form, and the dashboard asks for
        // her cases to be given to someone else.
        await leader.GetByRole(AriaRole.Link, new() { Name = "Endre Sara Saksbehandler" }).ClickAsync();
        await leader.GetByLabel("Siste arbeidsdag").FillAsync("01.01.2020");
        await leader.GetByRole(AriaRole.Button, new() { Name = "Lagre endringen" }).ClickAsync();
        await Assertions.Expect(leader.GetByRole(AriaRole.Cell, new() { Name = "Sluttet 01.01.2020" })).ToBeVisibleAsync();
        await leader.GetByRole(AriaRole.Link, new() { Name = "Endre Sara Saksbehandler" }).ClickAsync();
        await Assertions.Expect(leader.GetByRole(AriaRole.Cell, new() { Name = "Siste arbeidsdag: – → 01.01.2020" })).ToBeVisibleAsync();
        await Chromium.AssertAccessibleAsync(leader);
        await Site.ScreenshotAsync(leader, "staff-history");
        await leader.GotoAsync(site.Url + "/leder");
        await Assertions.Expect(leader.GetByText("Sara Saksbehandler sluttet 01.01.2020").First).ToBeVisibleAsync();
        await Chromium.AssertAccessibleAsync(leader);

        var auditor = await site.LoginAsync(TestData.Auditor);
        await auditor.GotoAsync(site.Url + own);
        await Chromium.AssertAccessibleAsync(auditor);
        await auditor.GetByLabel("Formål").FillAsync("Tilsyn med saksbehandlingstid");
        await auditor.GetByRole(AriaRole.Button, new() { Name = "Vis" }).ClickAsync();
        await Assertions.Expect(auditor.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(site.Data.OwnJournal);
        await Chromium.AssertAccessibleAsync(auditor);

        var admin = await site.LoginAsync(TestData.Administrator);
        await admin.GotoAsync(site.Url + "/admin/brukere");
        await Chromium.AssertAccessibleAsync(admin);
        await Site.ScreenshotAsync(admin, "users");
        await admin.GotoAsync(site.Url + "/ansatte");
        await Chromium.AssertAccessibleAsync(admin);
    }

    /// <summary>The pages issue 18 added, with data on them: the case page's "Mulige dubletter" (a planted twin case with a strengt
    /// fortrolig adresse) and the inbox with the demo's received reports and their candidates; axe on both, and a
    /// photograph of each, and of the dashboard with the inbox-age alarm.</summary>
    [Fact]
    public async Task DuplicatesAndInbox_HaveNoWcag21AaViolation()
    {
        await using var site = await Site.StartAsync(chromium);
        using (var app = Vern.Application.VernApp.OpenSqlite(site.Database, Vern.Tests.TestReference.CodeLists.Value, TimeProvider.System))
        {
            var leif = await app.ActorAsync(TestData.Leader);
            var nora = (await app.ShowCaseAsync(leif, site.Data.Own)).State.Child;
            await app.OpenCaseAsync(leif, new Vern.Domain.Cases.OpenCase(TestData.Municipality, "2026-0099", app.Today.AddDays(-3),
                new Vern.Domain.Cases.ChildInput(null, nora.BirthDate, Vern.Domain.People.Sex.Female, GivenName: "Nora", FamilyName: "Nilsen",
                    AddressProtection: Vern.Domain.People.AddressProtection.StrictlyConfidential)));
            await app.PlantDemoIntakeAsync(TestData.Municipality, seed: 42);
        }
        var leader = await site.LoginAsync(TestData.Leader);
        await leader.GotoAsync($"{site.Url}/saker/{site.Data.Own}");
        await Assertions.Expect(leader.GetByRole(AriaRole.Heading, new() { Name = "Mulige dubletter" })).ToBeVisibleAsync();
        await Assertions.Expect(leader.GetByText("Strengt fortrolig adresse: adressen vises ikke").First).ToBeVisibleAsync();
        await Chromium.AssertAccessibleAsync(leader);
        await Site.ScreenshotAsync(leader, "case-duplicates");
        await leader.GotoAsync(site.Url + "/innboks");
        await Assertions.Expect(leader.GetByRole(AriaRole.Heading, new() { Name = "Barnet kan ha sak fra før" }).First).ToBeVisibleAsync();
        await Chromium.AssertAccessibleAsync(leader);
        await Site.ScreenshotAsync(leader, "inbox");
        await leader.GotoAsync(site.Url + "/leder");
        await Chromium.AssertAccessibleAsync(leader);
        await Site.ScreenshotAsync(leader, "dashboard-alarms");
    }

    [Fact]
    public async Task ReportOfConcern_ByKeyboardOnly()
    {
        await using var site = await Site.StartAsync(chromium);
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url + "/logg-inn");

        // Log in: the user name field has focus (autofocus is applied at the next rendering
        // step, which may come after the load event on a busy machine); type, Tab, type, Enter.
        await Assertions.Expect(page.GetByLabel("Brukernavn")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(TestData.Caseworker);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(TestData.Password);
        await EnterAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Arbeidsliste", Level = 1 })).ToBeVisibleAsync();

        // Worklist → the case → "Melding mottatt".
        await TabToAsync(page, a => a.Text == site.Data.OwnJournal);
        await EnterAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(site.Data.OwnJournal);
        await TabToAsync(page, a => a.Text == "Melding mottatt");
        await EnterAsync(page);

        // The form: date, a reporter (Space ticks the box), then Enter on "Lagre".
        await TabToAsync(page, a => a.Label == "Mottatt dato");
        await page.Keyboard.TypeAsync(Today);
        await TabToAsync(page, a => a.Label.Contains("Barnehage (9)", StringComparison.Ordinal));
        await page.Keyboard.PressAsync("Space");
        await TabToAsync(page, a => a.Text == "Lagre");
        await EnterAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Lagret: Melding mottatt");

        // Review it: choose the report, the date and the conclusion from the keyboard.
        await TabToAsync(page, a => a.Text == "Melding gjennomgått og konkludert");
        await EnterAsync(page);
        await TabToAsync(page, a => a.Label == "Melding");
        await page.Keyboard.TypeAsync($"Melding mottatt {Today}");
        await TabToAsync(page, a => a.Label == "Konkludert dato");
        await page.Keyboard.TypeAsync(Today);
        await TabToAsync(page, a => a.Label == "Konklusjon");
        await page.Keyboard.TypeAsync("2");
        await TabToAsync(page, a => a.Label.Contains("Psykisk helse og utvikling (1.1.02)", StringComparison.Ordinal));
        await page.Keyboard.PressAsync("Space");
        await TabToAsync(page, a => a.Text == "Lagre");
        await EnterAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Lagret: Melding gjennomgått og konkludert");
        await Assertions.Expect(page.Locator("ol.timeline")).ToContainTextAsync($"konkludert {Today}: Ikke henlagt");
    }

    /// <summary>Presses Enter on the focused link or button and waits for the page it leads to.</summary>
    private static async Task EnterAsync(IPage page)
    {
        var before = page.Url;
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => url != before);
    }

    private sealed record Focused(string Label, string Text);

    /// <summary>Presses Tab until the focused element matches (its label, or its own text), as a keyboard user would.</summary>
    private static async Task TabToAsync(IPage page, Func<Focused, bool> match)
    {
        for (var i = 0; i < 250; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var parts = await page.EvaluateAsync<string[]>("""
                () => { const e = document.activeElement;
                        const label = e && e.labels && e.labels.length ? e.labels[0].innerText.trim() : '';
                        return [label, e ? (e.innerText || '').trim() : '']; }
                """);
            if (match(new Focused(parts[0], parts[1])))
                return;
        }
        throw new InvalidOperationException("Tab never reached the element.");
    }
}
