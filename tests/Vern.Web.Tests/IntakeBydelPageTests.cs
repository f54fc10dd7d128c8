using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vern.Application;
using Vern.Domain.Access;
using Vern.Storage.Intake;
using Vern.Tests;
using Vern.Web.Security;

namespace Vern.Web.Tests;

/// <summary>Issue 15 on the web: the inbox (/innboks) divided per bydel. A caseworker of bydel 01 sees only the reports in
/// bydel 01's inbox, never bydel 02's nor the municipality's reception's (barnevernsloven § 13-1: a bydel is its own child
/// welfare service); the municipality's leader sees all and routes a report with the page's form, after which bydel 02 sees it;
/// the API's routing call refuses a bydel acting on another bydel's report (403) and a bydel that is not two digits (422).</summary>
public sealed class IntakeBydelPageTests : IAsyncLifetime
{
    private const string BydelOne = "bente", BydelTwo = "bjarne";

    private VernWebFactory _app = null!;
    private Guid _one, _two, _reception;
    private string _bydelOneToken = "", _leaderToken = "";

    public async Task InitializeAsync()
    {
        _app = await VernWebFactory.StartAsync();
        string sender;
        using (var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System))
        {
            var admin = await app.ActorAsync(TestData.Administrator);
            await app.AddUserAsync(admin, BydelOne, "Bente Bydel", Role.Caseworker, TestData.Municipality, bydel: "01");
            await app.AddUserAsync(admin, BydelTwo, "Bjarne Bydel", Role.Caseworker, TestData.Municipality, bydel: "02");
            foreach (var id in new[] { BydelOne, BydelTwo })
                await app.SetSystemPasswordHashAsync(id, Passwords.Hash(TestData.Password), "test");
            sender = (await app.CreateAccessTokenAsync(admin, AccessTokenKind.System, "meldeportal", null, TestData.Municipality)).Secret;
            _bydelOneToken = (await app.CreateAccessTokenAsync(admin, AccessTokenKind.Personal, "", BydelOne, null)).Secret;
            _leaderToken = (await app.CreateAccessTokenAsync(admin, AccessTokenKind.Personal, "", TestData.Leader, null)).Secret;
        }
        var client = Bearer(sender);
        _one = await PostAsync(client, "m-1", "01", "Eskil");
        _two = await PostAsync(client, "m-2", "02", "Tuva");
        _reception = await PostAsync(client, "m-3", null, "Mikkel");
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private HttpClient Bearer(string secret)
    {
        var client = _app.Client();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    private static async Task<Guid> PostAsync(HttpClient sender, string messageId, string? bydel, string givenName)
    {
        var posted = await sender.PostAsync("/api/v1/intake/reports", new StringContent(JsonSerializer.Serialize(new
        {
            messageId,
            senderKind = "school",
            municipalityNumber = TestData.Municipality,
            bydel,
            child = new { givenName, familyName = "Bydelsen", birthDate = "2016-04-05", sex = "male" },
            description = $"Bekymring for {givenName}.",
        }), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        return (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receiptId").GetGuid();
    }

    private static async Task<string> Inbox(HttpClient client) => WebUtility.HtmlDecode(await client.GetStringAsync("/innboks"));

    [Fact]
    [Trait("Issue", "15")]
    public async Task ABydelsInboxPage_ShowsOnlyItsOwnReports_TheLeaderRoutesOneAndTheOtherBydelSeesIt()
    {
        var one = await Inbox(await _app.LoginAsync(BydelOne));
        Assert.Contains("Du ser innboksen til bydel 01", one, StringComparison.Ordinal);
        Assert.Contains("Eskil Bydelsen", one, StringComparison.Ordinal);
        Assert.DoesNotContain("Tuva", one, StringComparison.Ordinal);
        Assert.DoesNotContain("Mikkel", one, StringComparison.Ordinal);
        Assert.DoesNotContain(_two.ToString(), one, StringComparison.Ordinal);
        Assert.DoesNotContain(_reception.ToString(), one, StringComparison.Ordinal);

        var leader = await _app.LoginAsync(TestData.Leader);
        var all = await Inbox(leader);
        Assert.Contains("Du ser hele kommunens innboks", all, StringComparison.Ordinal);
        foreach (var name in new[] { "Eskil", "Tuva", "Mikkel" })
            Assert.Contains(name + " Bydelsen", all, StringComparison.Ordinal);
        Assert.Contains("Kommunens mottak", all, StringComparison.Ordinal);
        var routed = await leader.PostAsync("/innboks?handler=route", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__vern_af"] = VernWebFactory.Token(all), ["receipt"] = _reception.ToString(), ["bydel"] = "02",
        }));
        Assert.Equal(HttpStatusCode.Redirect, routed.StatusCode);

        var two = await Inbox(await _app.LoginAsync(BydelTwo));
        Assert.Contains("Tuva Bydelsen", two, StringComparison.Ordinal);
        Assert.Contains("Mikkel Bydelsen", two, StringComparison.Ordinal);
        Assert.Contains("fra kommunens mottak til bydel 02", two, StringComparison.Ordinal);
        Assert.DoesNotContain("Eskil", two, StringComparison.Ordinal);
        Assert.DoesNotContain("Mikkel", await Inbox(await _app.LoginAsync(BydelOne)), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Issue", "15")]
    public async Task TheRoutingApi_RefusesABydelOnAnotherBydelsReport_AndABadBydel_TheLeaderRoutes()
    {
        var bydelOne = Bearer(_bydelOneToken);
        var refused = await bydelOne.PostAsJsonAsync($"/api/v1/intake/reports/{_two}/route", new { bydel = "01" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var leader = Bearer(_leaderToken);
        var bad = await leader.PostAsJsonAsync($"/api/v1/intake/reports/{_reception}/route", new { bydel = "1" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("vern.bydel.invalid", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var ok = await leader.PostAsJsonAsync($"/api/v1/intake/reports/{_reception}/route", new { bydel = "01" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var view = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("01", TestData.Leader), (view.GetProperty("toBydel").GetString(), view.GetProperty("by").GetString()));

        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        Assert.Contains(await app.ReadAllAccessForTestsAsync(BydelOne), e => e.Operation == "intake route" && e.Outcome == Vern.Storage.AccessEntry.Denied);
        Assert.Equal("02", (await app.InboxItemAsync(await app.ActorAsync(TestData.Leader), _two, "test")).Bydel);
    }
}
