using System.Net;
using System.Text.RegularExpressions;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.Law;
using Vern.Storage;
using Vern.Tests;
using Vern.Web.Pages;

namespace Vern.Web.Tests;

/// <summary>The step form «Tilbud om oppfølging etter tilbakeføring» (barnevernsloven from 1 January 2026, regjeringen.no «Endringer i
/// lover og regler fra 1.1.2026»: the child and the parents are offered follow-up for up to six months after a care order is lifted),
/// through the test server and a real SQLite file: it offers only the care placement that ended with the child returned home
/// (Opphevelse 1), stores the offer and shows it in the timeline; an offer for a placement ended otherwise is refused at its field,
/// in the form's words with the rule's source, and nothing is stored.</summary>
public sealed partial class ReturnFollowUpFormTests : IAsyncLifetime
{
    private VernWebFactory _app = null!;
    private EntryId _returned;
    private EntryId _turned18;

    public async Task InitializeAsync()
    {
        _app = await VernWebFactory.StartAsync();
        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        var leader = await app.ActorAsync(TestData.Leader);
        var own = _app.Data.Own;
        var opened = (await app.ShowCaseAsync(leader, own)).State.OpenedOn;
        var decision = Created(await app.RecordAsync(leader, own, new MakeDecision(opened, new LegalBasis("BVL2021", "5", "1"))));
        _returned = Created(await app.RecordAsync(leader, own, new StartMeasure(decision, opened, new CodedValue("2.2"))));
        _turned18 = Created(await app.RecordAsync(leader, own, new StartMeasure(decision, opened, new CodedValue("2.1"))));
        await app.RecordAsync(leader, own, new EndMeasure(_returned, opened.AddDays(10), new CodedValue("1")));
        await app.RecordAsync(leader, own, new EndMeasure(_turned18, opened.AddDays(10), new CodedValue("2")));

        static EntryId Created(CaseChange r) => r.Appended.Select(e => CaseEventFacts.CreatedEntry(e.Event)).OfType<EntryId>().Single();
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private string Path => $"/saker/{_app.Data.Own}/registrer/tilbakeforing-oppfolging";

    private static DateOnly Today => DateOnly.FromDateTime(Norway.Today);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    [Trait("Rule", "tilbakeforing-oppfolging")]
    public async Task Form_OffersTheReturnedPlacement_StoresTheOffer_AndTheTimelineShowsIt()
    {
        var client = await _app.LoginAsync(TestData.Caseworker);
        var form = WebUtility.HtmlDecode(await client.GetStringAsync(Path));
        Assert.Contains("Tilbud om oppfølging etter tilbakeføring", form, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{_returned}\"", form, StringComparison.Ordinal);
        Assert.DoesNotContain($"<option value=\"{_turned18}\"", form, StringComparison.Ordinal); // Opphevelse 2: not a return

        var today = Display.Date(Today);
        var response = await VernWebFactory.PostFormAsync(client, form, Path, new Dictionary<string, string>
        {
            ["__version"] = Version(form), ["measureId"] = _returned.ToString(), ["offeredOn"] = Iso(Today),
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/saker/{_app.Data.Own}"));
        Assert.Contains($"Tilbud om oppfølging etter tilbakeføring gitt {today}", page, StringComparison.Ordinal);

        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        var state = (await app.ShowCaseAsync(await app.ActorAsync(TestData.Leader), _app.Data.Own)).State;
        Assert.Equal([Today], state.FindMeasure(_returned)!.ReturnFollowUpOffers!);
    }

    [Fact]
    [Trait("Rule", "tilbakeforing-oppfolging")]
    public async Task Form_PlacementEndedAt18_IsRefusedAtItsField_AndNothingIsStored()
    {
        var client = await _app.LoginAsync(TestData.Caseworker);
        var form = await client.GetStringAsync(Path);
        var version = Version(form);
        var response = await VernWebFactory.PostFormAsync(client, form, Path, new Dictionary<string, string>
        {
            ["__version"] = version, ["measureId"] = _turned18.ToString(), ["offeredOn"] = Iso(Today),
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await VernWebFactory.HtmlAsync(response);
        var field = html[html.IndexOf("<label for=\"f-measureId\"", StringComparison.Ordinal)..html.IndexOf("<label for=\"f-offeredOn\"", StringComparison.Ordinal)];
        Assert.Contains("Tiltaket barnet kom hjem fra: tiltaket", field, StringComparison.Ordinal); // the field's label, not its JSON name
        Assert.Contains("årsak til opphevelse 2", field, StringComparison.Ordinal);
        Assert.Contains("Kilde:", field, StringComparison.Ordinal);

        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        Assert.Equal(long.Parse(version, System.Globalization.CultureInfo.InvariantCulture),
            (await app.ShowCaseAsync(await app.ActorAsync(TestData.Leader), _app.Data.Own)).State.Version);
    }

    /// <summary>A planned return: the step «Årsak til opphevelse (før tiltaket avsluttes)» records Opphevelse 1 on a care placement
    /// that still runs (Barnevern_v4.xsd Tiltak/Opphevelse), the timeline shows it, and the offer form then offers that placement,
    /// so the offer can be given before the child moves home (docs/deadlines.md: an offer before a planned return is on time).</summary>
    [Fact]
    [Trait("Rule", "tilbakeforing-oppfolging")]
    public async Task PlannedReturn_TheReasonRecordedFirst_ThenTheOfferFormOffersTheRunningPlacement()
    {
        EntryId planned;
        using (var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System))
        {
            var leader = await app.ActorAsync(TestData.Leader);
            var opened = (await app.ShowCaseAsync(leader, _app.Data.Own)).State.OpenedOn;
            var decision = Created(await app.RecordAsync(leader, _app.Data.Own, new MakeDecision(opened, new LegalBasis("BVL2021", "5", "1"))));
            planned = Created(await app.RecordAsync(leader, _app.Data.Own, new StartMeasure(decision, opened, new CodedValue("2.2"))));
        }
        var client = await _app.LoginAsync(TestData.Caseworker);
        Assert.DoesNotContain($"<option value=\"{planned}\"", await client.GetStringAsync(Path), StringComparison.Ordinal);

        var reasonPath = $"/saker/{_app.Data.Own}/registrer/opphevelse-arsak";
        var form = await client.GetStringAsync(reasonPath);
        var response = await VernWebFactory.PostFormAsync(client, form, reasonPath, new Dictionary<string, string>
        {
            ["__version"] = Version(form), ["measureId"] = planned.ToString(), ["termination"] = "1",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Årsak til at tiltaket skal avsluttes: Barnet tilbakeført", WebUtility.HtmlDecode(await client.GetStringAsync($"/saker/{_app.Data.Own}")), StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{planned}\"", await client.GetStringAsync(Path), StringComparison.Ordinal);

        static EntryId Created(CaseChange r) => r.Appended.Select(e => CaseEventFacts.CreatedEntry(e.Event)).OfType<EntryId>().Single();
    }

    /// <summary>The party's copy (partsinnsyn) tells the offer in plain words, as it tells every step of the case.</summary>
    [Fact]
    [Trait("Rule", "tilbakeforing-oppfolging")]
    public async Task PartysCopy_TellsTheOfferInPlainWords()
    {
        string mother;
        using (var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System))
        {
            var leader = await app.ActorAsync(TestData.Leader);
            await app.RecordAsync(leader, _app.Data.Own, new OfferReturnFollowUp(_returned, Today));
            mother = (await app.RecordPersonAsync(leader, _app.Data.Own, new PersonInput(Vern.Domain.Parties.PersonRole.Parent, "Mona Nilsen",
                "03028840011", "Storgata 1, 7777 Vernvik", ParentalResponsibility: true))).Person.Id.ToString();
        }
        var client = await _app.LoginAsync(TestData.Caseworker);
        var page = await client.GetStringAsync($"/saker/{_app.Data.Own}/partsinnsyn");
        var response = await VernWebFactory.PostFormAsync(client, page, $"/saker/{_app.Data.Own}/partsinnsyn?handler=Copy",
            new Dictionary<string, string> { ["party"] = mother, ["format"] = "html" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Barnevernstjenesten tilbød barnet og foreldrene oppfølging etter at barnet flyttet hjem igjen.",
            await VernWebFactory.HtmlAsync(response), StringComparison.Ordinal);
    }

    private static string Version(string form) => VersionField().Match(form).Groups[1].Value;

    [GeneratedRegex("name=\"__version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();
}
