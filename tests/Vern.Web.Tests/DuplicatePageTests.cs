using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.Identity;
using Vern.Domain.Parties;
using Vern.Domain.People;
using Vern.Storage.Intake;
using Vern.Tests;

namespace Vern.Web.Tests;

/// <summary>Issue 18 part 2 on the web: "Mulige dubletter" on the case page (candidates with score and reasons in bokmål; link or
/// dismiss with a reason, as a recorded decision through the application layer; a dismissed pair does not come back; a candidate
/// shows only what the viewer may see; a strengt fortrolig adresse is flagged and never shown), and the inbox showing the
/// candidates for a received report's child before the person picks a new or an existing case.</summary>
public sealed class DuplicatePageTests : IAsyncLifetime
{
    private const string ProtectedAddress = "Hemmeligveien 7, 7777 Vernvik";

    private VernWebFactory _app = null!;
    private CaseId _twin;

    public async Task InitializeAsync()
    {
        _app = await VernWebFactory.StartAsync();
        // The same child (TestData's Nora Nilsen, same birth date) opened again by the leader as another case, with a strengt
        // fortrolig adresse and that address recorded on the case (persons on the case, issue 18 part 3).
        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        var leader = await app.ActorAsync(TestData.Leader);
        var nora = (await app.ShowCaseAsync(leader, _app.Data.Own)).State.Child;
        _twin = new CaseId(Guid.NewGuid());
        await app.OpenCaseAsync(leader, new OpenCase(TestData.Municipality, "2026-0099", app.Today.AddDays(-3),
            new ChildInput(null, nora.BirthDate, Sex.Female, GivenName: "Nora", FamilyName: "Nilsen", AddressProtection: AddressProtection.StrictlyConfidential)), _twin);
        await app.RecordPersonAsync(leader, _twin, new PersonInput(PersonRole.Child, "Nora Nilsen", Address: ProtectedAddress, Protection: AddressProtection.StrictlyConfidential));
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private async Task<string> Page(HttpClient client, CaseId id) => WebUtility.HtmlDecode(await client.GetStringAsync($"/saker/{id}"));

    [Fact]
    public async Task CasePage_Leader_SeesTheCandidate_WithScoreAndReasons_AndTheProtectionFlag_NeverTheAddress()
    {
        var client = await _app.LoginAsync(TestData.Leader);
        var html = await Page(client, _app.Data.Own);
        Assert.Contains("<h2 id=\"dubletter\">Mulige dubletter</h2>", html, StringComparison.Ordinal);
        var block = html[html.IndexOf("id=\"dubletter\"", StringComparison.Ordinal)..html.IndexOf("id=\"registrer\"", StringComparison.Ordinal)];
        Assert.Contains("Sak 2026-0099: Nora Nilsen", block, StringComparison.Ordinal);
        Assert.Matches(@"Likhet \d+\u00A0%", block);
        Assert.Contains("Strengt fortrolig adresse: adressen vises ikke", block, StringComparison.Ordinal);
        Assert.Contains("<li>", block[block.IndexOf("class=\"reasons\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Contains("Samme barn: koble sakene", block, StringComparison.Ordinal);
        Assert.DoesNotContain("Hemmeligveien", html, StringComparison.Ordinal);
        // And the other way: the protected child's own case page lists Nora's case, and still shows no address.
        var twin = await Page(client, _twin);
        Assert.Contains("Sak 2026-0042: Nora Nilsen", twin, StringComparison.Ordinal);
        Assert.DoesNotContain("Hemmeligveien", twin, StringComparison.Ordinal);
    }

    /// <summary>A caseworker sees a candidate she is not the caseworker of only as a score and reasons without values (the
    /// application layer's view), and gets no link/dismiss form for it.</summary>
    [Fact]
    public async Task CasePage_Caseworker_SeesAColleaguesCandidateWithoutItsValues()
    {
        var client = await _app.LoginAsync(TestData.Caseworker);
        var html = await Page(client, _app.Data.Own);
        var block = html[html.IndexOf("id=\"dubletter\"", StringComparison.Ordinal)..html.IndexOf("id=\"registrer\"", StringComparison.Ordinal)];
        Assert.Contains("En sak du ikke er saksbehandler for", block, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-0099", block, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"kandidat\"", block, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dismiss_WithoutAReason_IsRefusedAtTheField_AndNothingIsStored_ThenWithAReason_ItIsRecordedAndDoesNotComeBack()
    {
        var client = await _app.LoginAsync(TestData.Leader);
        var form = await client.GetStringAsync($"/saker/{_app.Data.Own}");
        var refused = await client.PostAsync($"/saker/{_app.Data.Own}?handler=dublett", Form(form, "avvis", ""));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains($"id=\"grunn-{_twin}-feil\">Begrunnelsen for avgjørelsen må oppgis", html, StringComparison.Ordinal);
        Assert.Contains("Ingenting ble lagret.", html, StringComparison.Ordinal);
        Assert.Empty(await Decisions());

        var saved = await client.PostAsync($"/saker/{_app.Data.Own}?handler=dublett", Form(form, "avvis", "Tvillingsøster, ikke samme barn"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/saker/{_app.Data.Own}?dublett=avvist#dubletter", saved.Headers.Location?.OriginalString);
        var decision = Assert.Single(await Decisions());
        Assert.Equal(MatchVerdict.Dismissed, decision.Verdict);
        Assert.Equal(TestData.Leader, decision.DecidedBy);
        Assert.Equal("Tvillingsøster, ikke samme barn", decision.Reason);

        var after = WebUtility.HtmlDecode(await client.GetStringAsync(saved.Headers.Location!.OriginalString));
        Assert.Contains("Lagret: kandidaten er avvist og foreslås ikke igjen.", after, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-0099", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Link_IsRecorded_AndTheCandidateStaysMarkedLinked()
    {
        var client = await _app.LoginAsync(TestData.Leader);
        var form = await client.GetStringAsync($"/saker/{_app.Data.Own}");
        var saved = await client.PostAsync($"/saker/{_app.Data.Own}?handler=dublett", Form(form, "koble", "Samme fødselsdato og navn; bekreftet med skolen"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(MatchVerdict.Linked, Assert.Single(await Decisions()).Verdict);
        var after = await Page(client, _app.Data.Own);
        Assert.Contains("Koblet: samme barn", after, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{_twin}\"", after, StringComparison.Ordinal);
    }

    /// <summary>A decision about a case in another municipality is refused with the same 403 as that case's page, and logged.</summary>
    [Fact]
    public async Task Decide_OnAnotherMunicipalitysCase_Is403()
    {
        var client = await _app.LoginAsync(TestData.Leader);
        var form = await client.GetStringAsync($"/saker/{_app.Data.Own}");
        var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__vern_af"] = VernWebFactory.Token(form), ["kandidat"] = _app.Data.Other.ToString(), ["valg"] = "koble", ["begrunnelse"] = "forsøk",
        });
        var response = await client.PostAsync($"/saker/{_app.Data.Own}?handler=dublett", content);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await Decisions());
    }

    [Fact]
    public async Task Inbox_ShowsTheCandidatesForAReportedChild_BeforeRegistering_AndRegistersOnTheChosenCase()
    {
        string secret;
        using (var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System))
            secret = (await app.CreateAccessTokenAsync(await app.ActorAsync(TestData.Administrator), AccessTokenKind.System, "meldeportal", null, TestData.Municipality)).Secret;
        var nora = await BirthDate();
        var sender = _app.Client();
        sender.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        var posted = await sender.PostAsync("/api/v1/intake/reports", new StringContent(JsonSerializer.Serialize(new
        {
            messageId = "m-nora",
            senderKind = "national-form",
            municipalityNumber = TestData.Municipality,
            child = new { givenName = "Nora", familyName = "Nilsen", birthDate = nora.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), sex = "female" },
            description = "Nora har vært borte fra skolen i to uker uten beskjed.",
            reporter = new { name = "Kari Lærer", role = "lærer" },
        }), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var receipt = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receiptId").GetGuid();

        var client = await _app.LoginAsync(TestData.Leader);
        var inbox = WebUtility.HtmlDecode(await client.GetStringAsync("/innboks"));
        Assert.Contains("Barnet kan ha sak fra før", inbox, StringComparison.Ordinal);
        Assert.Contains("Sak 2026-0042: Nora Nilsen", inbox, StringComparison.Ordinal);
        Assert.Contains("Sak 2026-0099: Nora Nilsen", inbox, StringComparison.Ordinal);
        Assert.Contains("Strengt fortrolig adresse: adressen vises ikke", inbox, StringComparison.Ordinal);
        Assert.Contains("Registrer på sak 2026-0042", inbox, StringComparison.Ordinal);
        Assert.DoesNotContain("Hemmeligveien", inbox, StringComparison.Ordinal);

        var registered = await client.PostAsync("/innboks?handler=register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__vern_af"] = VernWebFactory.Token(inbox), ["receipt"] = receipt.ToString(), ["caseId"] = _app.Data.Own.ToString(),
        }));
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Equal($"/saker/{_app.Data.Own}", registered.Headers.Location?.OriginalString);
        using var check = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        var leader = await check.ActorAsync(TestData.Leader);
        Assert.Equal(2, (await check.ShowCaseAsync(leader, _app.Data.Own)).State.Reports.Count);
        Assert.Contains(await check.ReadAllAccessForTestsAsync(TestData.Leader), e => e.Operation == "child candidates" && e.Purpose == "innboks: mulige dubletter");
    }

    private async Task<DateOnly> BirthDate()
    {
        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        return (await app.ShowCaseAsync(await app.ActorAsync(TestData.Leader), _app.Data.Own)).State.Child.BirthDate;
    }

    private FormUrlEncodedContent Form(string page, string choice, string reason) => new(new Dictionary<string, string>
    {
        ["__vern_af"] = VernWebFactory.Token(page), ["kandidat"] = _twin.ToString(), ["valg"] = choice, ["begrunnelse"] = reason,
    });

    private async Task<IReadOnlyList<MatchDecision>> Decisions()
    {
        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        return await app.MatchDecisionsAsync(await app.ActorAsync(TestData.Leader), _app.Data.Own);
    }
}
