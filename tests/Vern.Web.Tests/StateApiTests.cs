using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vern.Application;
using Vern.Domain.Access;
using Vern.Domain.State;
using Vern.Storage;
using Vern.Tests;
using Vern.Web.Security;

namespace Vern.Web.Tests;

/// <summary>The state side's API (issue 21) over HTTP on a real SQLite file: every <c>/api/v1/referrals</c> and
/// <c>/api/v1/state/*</c> endpoint by each role that may and one that may not (municipal caseworker and leader, Bufetat intake
/// of the referral's region and of another region, analyst), ProblemDetails naming the field on bad input, and nothing stored on
/// a refusal. Who may do what is <c>AccessPolicy.Table</c> (Vern.Application); Bufetat's duty is barnevernsloven § 16-3.</summary>
public sealed class StateApiTests : IAsyncLifetime
{
    /// <summary>Bufetat intake in region Vest: the wrong region for the referrals these tests send (to Øst).</summary>
    private const string OtherRegionIntake = "bjorn";

    private VernWebFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = await VernWebFactory.StartAsync();
        using var app = Open();
        await app.AddSystemUserAsync(new User(OtherRegionIntake, "Bjørn Bufetat Vest", Role.BufetatIntake, null, null, BufetatRegions.West, false, null, default, "test"));
        await app.SetSystemPasswordHashAsync(OtherRegionIntake, Passwords.Hash(TestData.Password), "test");
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private VernApp Open() => VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);

    private static string Iso(DateTime d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string Today => Iso(Norway.Now);

    private object Referral(string region = BufetatRegions.East, string measure = "foster-home", string needs = "Trenger et stabilt fosterhjem nær skolen.") =>
        new { caseId = _app.Data.Own.Value, measure, needs, desiredStartOn = Today, region };

    /// <summary>Sends a referral as the caseworker and returns its id.</summary>
    private async Task<Guid> SendAsync(string region = BufetatRegions.East, string measure = "foster-home")
    {
        var client = await _app.LoginAsync(TestData.Caseworker);
        var response = await client.PostAsJsonAsync("/api/v1/referrals", Referral(region, measure));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<IReadOnlyList<RecordedReferralEvent>> EventsAsync(Guid id)
    {
        using var app = Open();
        return (await app.ShowReferralAsync(await app.ActorAsync(TestData.Leader), new ReferralId(id), "test")).Events;
    }

    private async Task<int> StoredReferralsAsync()
    {
        using var app = Open();
        return (await app.ListReferralsAsync(await app.ActorAsync(TestData.Leader), "test")).Count;
    }

    // ---- POST /api/v1/referrals ----------------------------------------------------------------------------------------

    [Theory]
    [InlineData(TestData.Caseworker, HttpStatusCode.Created)]
    [InlineData(TestData.Leader, HttpStatusCode.Created)]
    [InlineData(TestData.BufetatIntake, HttpStatusCode.Forbidden)]
    [InlineData(OtherRegionIntake, HttpStatusCode.Forbidden)]
    [InlineData(TestData.Analyst, HttpStatusCode.Forbidden)]
    public async Task SendReferral_ByRole_FollowsThePolicy_AndARefusalStoresNothing(string user, HttpStatusCode expected)
    {
        var client = await _app.LoginAsync(user);
        var response = await client.PostAsJsonAsync("/api/v1/referrals", Referral());
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.Created ? 1 : 0, await StoredReferralsAsync());
        if (expected == HttpStatusCode.Forbidden)
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("needs", "foster-home", "  ", BufetatRegions.East)]
    [InlineData("measure", "fosterhjem-typo", "behov", BufetatRegions.East)]
    [InlineData("region", "foster-home", "behov", "Atlantis")]
    public async Task SendReferral_BadInput_Is422NamingTheField_AndStoresNothing(string field, string measure, string needs, string region)
    {
        var client = await _app.LoginAsync(TestData.Caseworker);
        var response = await client.PostAsJsonAsync("/api/v1/referrals", new { caseId = _app.Data.Own.Value, measure, needs, desiredStartOn = Today, region });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await StoredReferralsAsync());
    }

    [Fact]
    public async Task SendReferral_MunicipalityWithoutRegion_AndNoRegionGiven_Is422NamingRegion()
    {
        // 7777 (the test municipality) has no county in Vern's region table, so the caller must name the region.
        var client = await _app.LoginAsync(TestData.Caseworker);
        var response = await client.PostAsJsonAsync("/api/v1/referrals", new { caseId = _app.Data.Own.Value, measure = "foster-home", needs = "behov", desiredStartOn = Today });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("region", out _));
    }

    [Fact]
    public async Task SendReferral_DesiredStartBeforeSending_Is422NamingDesiredStart()
    {
        var client = await _app.LoginAsync(TestData.Caseworker);
        var response = await client.PostAsJsonAsync("/api/v1/referrals",
            new { caseId = _app.Data.Own.Value, measure = "foster-home", needs = "behov", desiredStartOn = Iso(Norway.Now.AddDays(-3)), region = BufetatRegions.East });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("desiredStart", out _), problem.ToString());
        Assert.Equal(0, await StoredReferralsAsync());
    }

    [Fact]
    public async Task SendReferral_OtherMunicipalitysCase_Is403_AndStoresNothing()
    {
        var client = await _app.LoginAsync(TestData.Leader);
        var response = await client.PostAsJsonAsync("/api/v1/referrals", new { caseId = _app.Data.Other.Value, measure = "foster-home", needs = "behov", desiredStartOn = Today, region = BufetatRegions.Oslo });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var app = Open();
        Assert.Empty(await app.ListReferralsAsync(await app.ActorAsync(TestData.OtherLeader), "test"));
    }

    // ---- GET /api/v1/referrals and /referrals/{id} ----------------------------------------------------------------------

    [Theory]
    [InlineData(TestData.Caseworker, HttpStatusCode.OK, 1)]
    [InlineData(TestData.Leader, HttpStatusCode.OK, 1)]
    [InlineData(TestData.BufetatIntake, HttpStatusCode.OK, 1)]
    [InlineData(OtherRegionIntake, HttpStatusCode.OK, 0)]
    [InlineData(TestData.Analyst, HttpStatusCode.Forbidden, 0)]
    [InlineData(TestData.OtherLeader, HttpStatusCode.OK, 0)]
    public async Task ListReferrals_ByRole_SeesItsOwnScopeOnly(string user, HttpStatusCode expected, int count)
    {
        await SendAsync();
        var client = await _app.LoginAsync(user);
        var response = await client.GetAsync("/api/v1/referrals");
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
            Assert.Equal(count, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
    }

    [Theory]
    [InlineData(TestData.Caseworker, HttpStatusCode.OK)]
    [InlineData(TestData.Leader, HttpStatusCode.OK)]
    [InlineData(TestData.BufetatIntake, HttpStatusCode.OK)]
    [InlineData(OtherRegionIntake, HttpStatusCode.NotFound)]
    [InlineData(TestData.OtherLeader, HttpStatusCode.NotFound)]
    [InlineData(TestData.Analyst, HttpStatusCode.Forbidden)]
    public async Task GetReferral_ByRole_OutsideTheScopeIsNotFound_AndLogged(string user, HttpStatusCode expected)
    {
        var id = await SendAsync();
        var client = await _app.LoginAsync(user);
        var response = await client.GetAsync($"/api/v1/referrals/{id}");
        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("fosterhjem nær skolen", body, StringComparison.Ordinal);
            using var app = Open();
            Assert.Contains(await app.ReadAllAccessForTestsAsync(user), e => e.Outcome == AccessEntry.Denied);
        }
        else
            Assert.Equal("Open", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    // ---- POST offer / reject (Bufetat) and withdraw (municipality) ------------------------------------------------------

    [Theory]
    [InlineData(TestData.BufetatIntake, HttpStatusCode.OK)]
    [InlineData(OtherRegionIntake, HttpStatusCode.NotFound)]
    [InlineData(TestData.Leader, HttpStatusCode.Forbidden)]
    [InlineData(TestData.Caseworker, HttpStatusCode.Forbidden)]
    [InlineData(TestData.Analyst, HttpStatusCode.Forbidden)]
    public async Task Offer_ByRole_OnlyTheReferralsRegion_AndARefusalStoresNothing(string user, HttpStatusCode expected)
    {
        var id = await SendAsync();
        var client = await _app.LoginAsync(user);
        var response = await client.PostAsJsonAsync($"/api/v1/referrals/{id}/offer", new { offeredOn = Today, place = "Fosterhjem Berg", startOn = Iso(Norway.Now.AddDays(7)) });
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? 2 : 1, (await EventsAsync(id)).Count);
    }

    [Theory]
    [InlineData(TestData.BufetatIntake, HttpStatusCode.OK)]
    [InlineData(OtherRegionIntake, HttpStatusCode.NotFound)]
    [InlineData(TestData.Leader, HttpStatusCode.Forbidden)]
    [InlineData(TestData.Analyst, HttpStatusCode.Forbidden)]
    public async Task Reject_ByRole_OnlyTheReferralsRegion_AndARefusalStoresNothing(string user, HttpStatusCode expected)
    {
        var id = await SendAsync();
        var client = await _app.LoginAsync(user);
        var response = await client.PostAsJsonAsync($"/api/v1/referrals/{id}/reject", new { on = Today, reason = "Ikke ledig plass som dekker behovene." });
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? 2 : 1, (await EventsAsync(id)).Count);
    }

    [Theory]
    [InlineData(TestData.Caseworker, HttpStatusCode.OK)]
    [InlineData(TestData.Leader, HttpStatusCode.OK)]
    [InlineData(TestData.BufetatIntake, HttpStatusCode.Forbidden)]
    [InlineData(TestData.OtherLeader, HttpStatusCode.NotFound)]
    [InlineData(TestData.Analyst, HttpStatusCode.Forbidden)]
    public async Task Withdraw_ByRole_OnlyTheMunicipality_AndARefusalStoresNothing(string user, HttpStatusCode expected)
    {
        var id = await SendAsync();
        var client = await _app.LoginAsync(user);
        var response = await client.PostAsJsonAsync($"/api/v1/referrals/{id}/withdraw", new { on = Today, reason = "Familien fikk hjelp i kommunen." });
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? 2 : 1, (await EventsAsync(id)).Count);
    }

    [Fact]
    public async Task Offer_StartBeforeOffer_Is422NamingStartOn_AndStoresNothing()
    {
        var id = await SendAsync();
        var client = await _app.LoginAsync(TestData.BufetatIntake);
        var response = await client.PostAsJsonAsync($"/api/v1/referrals/{id}/offer", new { offeredOn = Today, place = "Fosterhjem Berg", startOn = Iso(Norway.Now.AddDays(-1)) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("startOn", out _), problem.ToString());
        Assert.Contains(problem.GetProperty("issues").EnumerateArray(), i => i.GetProperty("source").GetString()!.Contains("§ 16-3", StringComparison.Ordinal));
        Assert.Single(await EventsAsync(id));
    }

    [Fact]
    public async Task Offer_NoPlaceAndNoStart_Is422NamingEach()
    {
        var id = await SendAsync();
        var client = await _app.LoginAsync(TestData.BufetatIntake);
        var noStart = await client.PostAsJsonAsync($"/api/v1/referrals/{id}/offer", new { place = "Fosterhjem Berg" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noStart.StatusCode);
        Assert.True((await noStart.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("startOn", out _));
        var noPlace = await client.PostAsJsonAsync($"/api/v1/referrals/{id}/offer", new { startOn = Today, place = " " });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noPlace.StatusCode);
        Assert.True((await noPlace.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("place", out _));
        Assert.Single(await EventsAsync(id));
    }

    /// <summary>Issue 21 "bad input": an offer to a withdrawn referral gets a clear error and stores nothing.</summary>
    [Fact]
    public async Task Offer_ToAWithdrawnReferral_Is422NamingStatus_AndStoresNothing()
    {
        var id = await SendAsync();
        var caseworker = await _app.LoginAsync(TestData.Caseworker);
        Assert.Equal(HttpStatusCode.OK, (await caseworker.PostAsJsonAsync($"/api/v1/referrals/{id}/withdraw", new { on = Today, reason = "Ikke lenger behov." })).StatusCode);
        var bufetat = await _app.LoginAsync(TestData.BufetatIntake);
        var response = await bufetat.PostAsJsonAsync($"/api/v1/referrals/{id}/offer", new { offeredOn = Today, place = "Fosterhjem Berg", startOn = Today });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("status", out var status));
        Assert.Contains("trukket", status[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(2, (await EventsAsync(id)).Count);
    }

    [Fact]
    public async Task Withdraw_WithoutReason_Is422NamingReason_AndStoresNothing()
    {
        var id = await SendAsync();
        var client = await _app.LoginAsync(TestData.Caseworker);
        var response = await client.PostAsJsonAsync($"/api/v1/referrals/{id}/withdraw", new { on = Today });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Single(await EventsAsync(id));
    }

    // ---- GET /api/v1/state/* ------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("/api/v1/state/waiting-list", TestData.Leader, HttpStatusCode.OK)]
    [InlineData("/api/v1/state/waiting-list", TestData.BufetatIntake, HttpStatusCode.OK)]
    [InlineData("/api/v1/state/waiting-list", OtherRegionIntake, HttpStatusCode.OK)]
    [InlineData("/api/v1/state/waiting-list", TestData.Analyst, HttpStatusCode.OK)]
    [InlineData("/api/v1/state/waiting-list", TestData.Caseworker, HttpStatusCode.Forbidden)]
    [InlineData("/api/v1/state/breaches", TestData.Leader, HttpStatusCode.OK)]
    [InlineData("/api/v1/state/breaches", TestData.BufetatIntake, HttpStatusCode.OK)]
    [InlineData("/api/v1/state/breaches", TestData.Analyst, HttpStatusCode.OK)]
    [InlineData("/api/v1/state/breaches", TestData.Caseworker, HttpStatusCode.Forbidden)]
    [InlineData("/api/v1/state/breaches", TestData.Administrator, HttpStatusCode.Forbidden)]
    [InlineData("/api/v1/state/facilities", TestData.BufetatIntake, HttpStatusCode.OK)]
    [InlineData("/api/v1/state/facilities", TestData.Leader, HttpStatusCode.OK)]
    [InlineData("/api/v1/state/facilities", TestData.Analyst, HttpStatusCode.OK)]
    [InlineData("/api/v1/state/facilities", TestData.Caseworker, HttpStatusCode.Forbidden)]
    public async Task StateReports_ByRole_FollowThePolicy_AndDenialsAreLogged(string path, string user, HttpStatusCode expected)
    {
        var client = await _app.LoginAsync(user);
        var response = await client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            using var app = Open();
            Assert.Contains(await app.ReadAllAccessForTestsAsync(user), e => e.Outcome == AccessEntry.Denied);
        }
    }

    [Theory]
    [InlineData(TestData.Leader, HttpStatusCode.OK, 1)]
    [InlineData(TestData.Caseworker, HttpStatusCode.OK, 1)]
    [InlineData(TestData.BufetatIntake, HttpStatusCode.OK, 1)]
    [InlineData(OtherRegionIntake, HttpStatusCode.OK, 0)]
    [InlineData(TestData.Analyst, HttpStatusCode.Forbidden, 0)]
    [InlineData(TestData.Administrator, HttpStatusCode.Forbidden, 0)]
    public async Task Stays_ByRole_SeesItsOwnScopeOnly(string user, HttpStatusCode expected, int count)
    {
        var id = await SendAsync();
        using (var app = Open())
        {
            var berit = await app.ActorAsync(TestData.BufetatIntake);
            await app.OfferAsync(berit, new ReferralId(id), new MakeOffer(app.Today, null, "Fosterhjem Berg", app.Today, null));
            await app.StartStayAsync(berit, new ReferralId(id), app.Today);
        }
        var client = await _app.LoginAsync(user);
        var response = await client.GetAsync($"/api/v1/state/stays?from={Iso(Norway.Now.AddDays(-31))}&to={Today}");
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
            Assert.Equal(count, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
    }

    [Fact]
    public async Task Stays_MissingFrom_Is400_AndNamesTheParameter()
    {
        var client = await _app.LoginAsync(TestData.Leader);
        var response = await client.GetAsync($"/api/v1/state/stays?to={Today}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>Small counts are suppressed for the analyst (counts 1–4 hidden, then the smallest other part so the total does not
    /// give it away, as Vern.Statistics does); the leader, who may see the municipality's referrals, sees them unsuppressed.</summary>
    [Fact]
    public async Task WaitingList_Analyst_SeesSmallCountsSuppressed_TheLeaderSeesThem()
    {
        for (var i = 0; i < 6; i++)
            await SendAsync(BufetatRegions.East);
        for (var i = 0; i < 2; i++)
            await SendAsync(BufetatRegions.West);
        var asOf = Iso(Norway.Now.AddDays(40));
        var leader = await (await _app.LoginAsync(TestData.Leader)).GetFromJsonAsync<JsonElement>($"/api/v1/state/waiting-list?asOf={asOf}");
        JsonElement Region(JsonElement t, string r) => t.GetProperty("regions").EnumerateArray().Single(x => x.GetProperty("region").GetString() == r);
        Assert.False(leader.GetProperty("suppressed").GetBoolean());
        Assert.Equal(6, Region(leader, BufetatRegions.East).GetProperty("waiting").GetInt32());
        Assert.Equal(2, Region(leader, BufetatRegions.West).GetProperty("waiting").GetInt32());
        Assert.Equal(8, leader.GetProperty("total").GetProperty("waiting").GetInt32());
        // 40 days after the desired start: the 30–90 band (002_… figure 5-9).
        Assert.Equal(8, leader.GetProperty("total").GetProperty("from30To90").GetInt32());

        var analyst = await (await _app.LoginAsync(TestData.Analyst)).GetFromJsonAsync<JsonElement>($"/api/v1/state/waiting-list?asOf={asOf}");
        Assert.True(analyst.GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, Region(analyst, BufetatRegions.West).GetProperty("waiting").ValueKind);
        Assert.Equal(JsonValueKind.Null, Region(analyst, BufetatRegions.West).GetProperty("meanDays").ValueKind);
        // Secondary: with the total (8) shown, Øst's 6 would give Vest's 2 away, so it is hidden too.
        Assert.Equal(JsonValueKind.Null, Region(analyst, BufetatRegions.East).GetProperty("waiting").ValueKind);
        Assert.Equal(8, analyst.GetProperty("total").GetProperty("waiting").GetInt32());
        Assert.Equal(0, Region(analyst, BufetatRegions.North).GetProperty("waiting").GetInt32());
        Assert.DoesNotContain("Nora", analyst.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheStateEndpoints()
    {
        var doc = await _app.Client().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        foreach (var p in new[] { "/api/v1/referrals", "/api/v1/referrals/{referral}", "/api/v1/referrals/{referral}/offer", "/api/v1/referrals/{referral}/reject",
                     "/api/v1/referrals/{referral}/withdraw", "/api/v1/state/waiting-list", "/api/v1/state/breaches", "/api/v1/state/stays", "/api/v1/state/facilities" })
            Assert.True(paths.TryGetProperty(p, out _), p);
    }
}
