using Microsoft.Playwright;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.Law;
using Vern.Tests;

namespace Vern.Web.Tests.Browser;

/// <summary>The case documentation's pages in a real browser (issue 22): a caseworker writes a journal note (a refused form first,
/// each rule at its field), finalises it and adds an addendum, records that the child was not heard and why, and writes an
/// assessment; the leader sees the note's every version and writes, then finalises, the decision's reasoned document. axe-core
/// (WCAG 2.1 A and AA) checks every page on the way; the pages are photographed to artifacts/screenshots.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DocumentationBrowserTests(Chromium chromium)
{
    private static string Today => Norway.Now.ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Caseworker_and_leader_document_a_case_through_the_pages()
    {
        await using var site = await Site.StartAsync(chromium);
        EntryId decision;
        using (var vern = VernApp.OpenSqlite(site.Database, TestReference.CodeLists.Value, TimeProvider.System))
        {
            var leif = await vern.ActorAsync(TestData.Leader);
            decision = (await vern.RecordAsync(leif, site.Data.Own, new MakeDecision(vern.Today.AddDays(-2), new LegalBasis("BVL2021", "3", "1", ["1"])))).State.Decisions[^1].Id;
        }

        var page = await site.LoginAsync(TestData.Caseworker);
        await page.GotoAsync($"{site.Url}/saker/{site.Data.Own}");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new("^Saksdokumentasjon") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Saksdokumentasjon");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Barnets medvirkning er ikke dokumentert" })).ToBeVisibleAsync();
        await Chromium.AssertAccessibleAsync(page);

        // A note: refused first (no text), each rule at its field, then written, finalised, and given an addendum.
        await page.GetByRole(AriaRole.Link, new() { Name = "Skriv journalnotat" }).ClickAsync();
        await Chromium.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre utkast" }).ClickAsync();
        await Assertions.Expect(page.Locator("#notat-text-feil")).ToContainTextAsync("Tekst må fylles ut");
        await Assertions.Expect(page.Locator("#notat-text-feil")).ToContainTextAsync("Kilde: forvaltningsloven § 11 d");
        await Chromium.AssertAccessibleAsync(page);
        await Site.ScreenshotAsync(page, "note-refused");
        await page.GetByLabel("Type").SelectOptionAsync(new SelectOptionValue { Label = "Samtale med barnet" });
        await page.GetByLabel("Tekst", new() { Exact = true }).FillAsync("Samtale med Nora på skolen.\n\nHun fortalte om fotballtreningen og om at hun gruer seg til helgene.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre utkast" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Utkastet er lagret");
        await Chromium.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ferdigstill notatet" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Notatet er ferdigstilt");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Endre utkastet" })).ToHaveCountAsync(0);
        await page.GetByLabel("Tillegg", new() { Exact = true }).FillAsync("Læreren bekreftet samme dag at Nora har vært sliten.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre tillegg" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Tillegget er lagret");
        await Chromium.AssertAccessibleAsync(page);
        await Site.ScreenshotAsync(page, "note");
        var notePath = new Uri(page.Url).AbsolutePath;

        // Participation: the child declined, and why.
        await page.GotoAsync($"{site.Url}/saker/{site.Data.Own}/medvirkning/ny");
        await Chromium.AssertAccessibleAsync(page);
        await page.GetByLabel("Gjelder").SelectOptionAsync($"vedtak:{decision}");
        await page.GetByLabel("Ble barnet hørt?").SelectOptionAsync(new SelectOptionValue { Label = "Nei: barnet ønsket ikke" });
        await page.GetByLabel("Forklaring").FillAsync("Nora ville ikke snakke om saken nå; vi spør igjen om to uker.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Lagret");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Barnets medvirkning er ikke dokumentert" })).ToHaveCountAsync(0);

        // An assessment with one alternative.
        await page.GetByRole(AriaRole.Link, new() { Name = "Skriv vurdering" }).ClickAsync();
        await Chromium.AssertAccessibleAsync(page);
        await page.GetByLabel("Barnets beste").FillAsync("Nora trenger ro og forutsigbarhet hjemme.");
        await page.GetByLabel("Alternativ 1", new() { Exact = true }).FillAsync("Besøkshjem");
        await page.GetByLabel("Hvorfor alternativ 1 ble forkastet").FillAsync("Mor ønsker ikke det nå, og behovet er ikke stort nok.");
        await page.GetByLabel("Minste inngrep som er nok").FillAsync("Foreldreveiledning hjemme.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre vurdering" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Mor ønsker ikke det nå")).ToBeVisibleAsync();
        await Chromium.AssertAccessibleAsync(page);
        await Site.ScreenshotAsync(page, "documentation");

        // The leader: the note's every version, and the decision's reasoned document.
        var leader = await site.LoginAsync(TestData.Leader);
        await leader.GotoAsync(site.Url + notePath);
        await Assertions.Expect(leader.GetByRole(AriaRole.Heading, new() { Name = "Alle versjoner" })).ToBeVisibleAsync();
        await Assertions.Expect(leader.Locator("table").Last).ToContainTextAsync("Ferdigstilt");
        await Chromium.AssertAccessibleAsync(leader);
        await Site.ScreenshotAsync(leader, "note-history");
        await leader.GotoAsync($"{site.Url}/saker/{site.Data.Own}/vedtak/{decision}");
        await Chromium.AssertAccessibleAsync(leader);
        await leader.GetByLabel("Hjemmel").FillAsync("Barnevernsloven § 3-1 første ledd.");
        await leader.GetByLabel("Faktiske forhold").FillAsync("Mor har bedt om hjelp med rutiner.");
        await leader.GetByLabel("Vurdering", new() { Exact = true }).FillAsync("Hjelpetiltak hjemme er det minst inngripende som er nok.");
        await leader.GetByLabel("Barnets syn").FillAsync("Nora ville ikke snakke om saken nå.");
        await leader.GetByRole(AriaRole.Button, new() { Name = "Lagre utkast" }).ClickAsync();
        await Assertions.Expect(leader.GetByRole(AriaRole.Status)).ToContainTextAsync("Utkastet er lagret");
        await leader.GetByRole(AriaRole.Button, new() { Name = "Ferdigstill vedtaksdokumentet" }).ClickAsync();
        await Assertions.Expect(leader.Locator("#utkast-conclusion-feil")).ToContainTextAsync("må fylles ut");
        await Chromium.AssertAccessibleAsync(leader);
        await Site.ScreenshotAsync(leader, "decision-refused");
        await leader.GetByLabel("Vedtak (konklusjon)").FillAsync("Familien får foreldreveiledning hjemme i seks måneder.");
        await leader.GetByRole(AriaRole.Button, new() { Name = "Lagre utkast" }).ClickAsync();
        await leader.GetByRole(AriaRole.Button, new() { Name = "Ferdigstill vedtaksdokumentet" }).ClickAsync();
        await Assertions.Expect(leader.GetByRole(AriaRole.Status)).ToContainTextAsync("ferdigstilt");
        await Chromium.AssertAccessibleAsync(leader);
        await Site.ScreenshotAsync(leader, "decision");

        var auditor = await site.LoginAsync(TestData.Auditor);
        await auditor.GotoAsync($"{site.Url}/saker/{site.Data.Own}/dokumentasjon?formaal=Tilsyn");
        await Assertions.Expect(auditor.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Saksdokumentasjon");
        await Chromium.AssertAccessibleAsync(auditor);
    }

    /// <summary>Issue 22: the caseworker withholds one passage of the child's views from the father's innsyn copy (barnevernsloven
    /// § 12-6 andre ledd). A passage that is not in the child's views is refused at its field first; the stored decision is listed
    /// with its ground and who made it. axe on both; photographed as withholding-refused.png and withholding.png.</summary>
    [Fact]
    public async Task Caseworker_withholds_a_passage_from_one_parent_through_the_form()
    {
        await using var site = await Site.StartAsync(chromium);
        Guid record;
        using (var vern = VernApp.OpenSqlite(site.Database, TestReference.CodeLists.Value, TimeProvider.System))
        {
            var sara = await vern.ActorAsync(TestData.Caseworker);
            record = (await vern.AddParticipationAsync(sara, site.Data.Own, new ParticipationInput(vern.Today, null, "Sara", "skolen",
                "Jeg liker skolen og fotballen. Pappa skriker om natta, og da gjemmer jeg meg.", "Stor vekt: hun var tydelig."))).Id;
            await vern.RecordPersonAsync(sara, site.Data.Own, new PersonInput(Vern.Domain.Parties.PersonRole.Parent, "Per Hansen", ParentalResponsibility: true));
            await vern.RecordPersonAsync(sara, site.Data.Own, new PersonInput(Vern.Domain.Parties.PersonRole.Parent, "Mona Nilsen", ParentalResponsibility: true));
        }

        var page = await site.LoginAsync(TestData.Caseworker);
        await page.GotoAsync($"{site.Url}/saker/{site.Data.Own}/dokumentasjon");
        await page.Locator($"a[href$='/medvirkning/{record}/tilbakehold']").First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Holde tilbake barnets uttalelser");
        await Chromium.AssertAccessibleAsync(page);

        await page.GetByLabel("Parten det holdes tilbake fra").SelectOptionAsync(new SelectOptionValue { Label = "Per Hansen (forelder)" });
        await page.GetByLabel("Delen som holdes tilbake").FillAsync("Pappa roper om natta");
        await page.GetByLabel("Begrunnelse (for saken, ikke for parten)").FillAsync("Nora er redd for hvordan far vil reagere.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Holde tilbake" }).ClickAsync();
        await Assertions.Expect(page.Locator("#tilbakehold-part-feil")).ToBeVisibleAsync();
        await Chromium.AssertAccessibleAsync(page);
        await Site.ScreenshotAsync(page, "withholding-refused");

        await page.GetByLabel("Delen som holdes tilbake").FillAsync("Pappa skriker om natta, og da gjemmer jeg meg.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Holde tilbake" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Lagret");
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Holdt tilbake" });
        await Assertions.Expect(table).ToContainTextAsync("Per Hansen");
        await Assertions.Expect(table).ToContainTextAsync("barnevernsloven § 12-6 andre ledd");
        await Chromium.AssertAccessibleAsync(page);
        await Site.ScreenshotAsync(page, "withholding");
    }
}
