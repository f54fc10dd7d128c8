using System.Net;
using Vern.Application;
using Vern.Domain.State;
using Vern.Tests;

namespace Vern.Web.Tests;

/// <summary>The state side's and finance pages through the real pipeline (TestServer, real SQLite): who may open which page, the
/// case page's referral block, and a refused form (bad input) that stores nothing. Browser and axe: Browser/StatePagesTests.</summary>
public sealed class StatePagesHttpTests : IAsyncLifetime
{
    private VernWebFactory _app = null!;

    public async Task InitializeAsync() => _app = await VernWebFactory.StartAsync();

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private async Task<ReferralId> SendAsync()
    {
        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        var r = await app.SendReferralAsync(await app.ActorAsync(TestData.Caseworker),
            new ReferralInput(_app.Data.Own, "foster-home", "Trenger fosterhjem.", app.Today, Region: BufetatRegions.East));
        return r.Id;
    }

    [Theory]
    [InlineData("/henvisninger", TestData.Caseworker, HttpStatusCode.OK)]
    [InlineData("/henvisninger", TestData.BufetatIntake, HttpStatusCode.OK)]
    [InlineData("/henvisninger", TestData.Analyst, HttpStatusCode.Forbidden)]
    [InlineData("/bufetat", TestData.Leader, HttpStatusCode.OK)]
    [InlineData("/bufetat", TestData.BufetatIntake, HttpStatusCode.OK)]
    [InlineData("/bufetat", TestData.Analyst, HttpStatusCode.OK)]
    [InlineData("/bufetat", TestData.Caseworker, HttpStatusCode.Forbidden)]
    [InlineData("/okonomi", TestData.Analyst, HttpStatusCode.OK)]
    [InlineData("/okonomi", TestData.BufetatIntake, HttpStatusCode.OK)]
    [InlineData("/okonomi", TestData.Leader, HttpStatusCode.OK)]
    public async Task Pages_ByRole_FollowThePolicy(string path, string user, HttpStatusCode expected)
    {
        var client = await _app.LoginAsync(user);
        Assert.Equal(expected, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task CasePage_ShowsTheCasesReferrals_WithTheDutyToAssistClock()
    {
        var id = await SendAsync();
        var client = await _app.LoginAsync(TestData.Caseworker);
        var html = await client.GetStringAsync($"/saker/{_app.Data.Own}");
        Assert.Contains("Henvisninger til Bufetat", html, StringComparison.Ordinal);
        Assert.Contains($"/henvisninger/{id}", html, StringComparison.Ordinal);
        // Foster home: 90 days, Vern's assumption for «forsvarlig tid» (DutyToAssist, labelled there).
        Assert.Contains("90 dager igjen", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithdrawForm_WithoutReason_Is422AtTheField_AndStoresNothing()
    {
        var id = await SendAsync();
        var client = await _app.LoginAsync(TestData.Caseworker);
        var page = await client.GetStringAsync($"/henvisninger/{id}");
        var response = await VernWebFactory.PostFormAsync(client, page, $"/henvisninger/{id}?handler=withdraw", new()
        {
            ["reason"] = "",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        // Headed by the form's label, not the CLI option («--reason: …»).
        var html = await VernWebFactory.HtmlAsync(response);
        Assert.Contains("Begrunnelse: oppgi hvorfor henvisningen trekkes.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("--reason", html, StringComparison.Ordinal);
        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        Assert.Equal(ReferralStatus.Open, (await app.ShowReferralAsync(await app.ActorAsync(TestData.Leader), id, "test")).State.Status);
    }

    /// <summary>The state side names a field by its command-line option («--region: …»), right for the CLI; a form names it by the
    /// label the caseworker sees. Municipality 7777 has no county in Vern's region table, so without a region (and here without
    /// the child's needs too) the referral is refused with both messages at once, each at its field in the form's words, and
    /// nothing is sent (barnevernsloven § 16-3: Bufetat's duty to assist is triggered by the referral, so a half-sent one must
    /// not exist).</summary>
    [Fact]
    public async Task NewReferralForm_WithoutRegionOrNeeds_SaysBothAtTheirFieldsInTheFormsWords_AndSendsNothing()
    {
        var client = await _app.LoginAsync(TestData.Caseworker);
        var page = await client.GetStringAsync($"/saker/{_app.Data.Own.Value}/henvisning");
        var response = await VernWebFactory.PostFormAsync(client, page, $"/saker/{_app.Data.Own.Value}/henvisning", new()
        {
            ["Measure"] = "foster-home",
            ["Needs"] = "",
            ["DesiredStartOn"] = Norway.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Region"] = "",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await VernWebFactory.HtmlAsync(response);
        Assert.Contains("<p class=\"field-error\">Bufetat-region: kommune 7777 har ikke noe fylke i Verns regionstabell", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"field-error\">Barnets behov: henvisningen må beskrive barnets behov", html, StringComparison.Ordinal);
        Assert.DoesNotContain("--region", html, StringComparison.Ordinal);
        Assert.DoesNotContain("--needs", html, StringComparison.Ordinal);
        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        Assert.Empty(await app.ListReferralsAsync(await app.ActorAsync(TestData.Leader), "test"));
    }

    /// <summary>The administrator's add-user form: a user name with a space is refused as «Brukernavn: …», the form's label.</summary>
    [Fact]
    public async Task AddUserForm_BadUserName_NamesTheLabel_AndAddsNoOne()
    {
        var client = await _app.LoginAsync(TestData.Administrator);
        var page = await client.GetStringAsync("/admin/brukere");
        var response = await VernWebFactory.PostFormAsync(client, page, "/admin/brukere?handler=add", new()
        {
            ["id"] = "to ord",
            ["name"] = "Test Testesen",
            ["role"] = "caseworker",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await VernWebFactory.HtmlAsync(response);
        Assert.Contains("Brukernavn: brukerens id må være ett ord uten mellomrom.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("--id", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Test Testesen", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfferForm_ByTheMunicipality_IsRefused_AndStoresNothing()
    {
        var id = await SendAsync();
        var client = await _app.LoginAsync(TestData.Leader);
        var page = await client.GetStringAsync($"/henvisninger/{id}");
        Assert.DoesNotContain("Gi tilsagn", page, StringComparison.Ordinal);
        var response = await VernWebFactory.PostFormAsync(client, page, $"/henvisninger/{id}?handler=offer", new()
        {
            ["place"] = "Fosterhjem",
            ["startOn"] = Norway.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        Assert.Equal(ReferralStatus.Open, (await app.ShowReferralAsync(await app.ActorAsync(TestData.Leader), id, "test")).State.Status);
    }

    [Fact]
    public async Task FinancePage_Calculator_ShowsTheLinesWithTheirSource()
    {
        var client = await _app.LoginAsync(TestData.Analyst);
        var html = await client.GetStringAsync("/okonomi?tiltak=institution&fra=2023-03-10&til=2023-04-15");
        // 175 000 × 22/31 + 175 000 × 15/30 (table 5-2, 2023; part months by days).
        Assert.Contains("211", html, StringComparison.Ordinal);
        Assert.Contains("693,55", html, StringComparison.Ordinal);
        Assert.Contains("tabell 5-2", html, StringComparison.Ordinal); // the rate table's source, in bokmål on the page
    }
}
