using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vern.Application;
using Vern.Storage;
using Vern.Tests;

namespace Vern.Web.Tests;

/// <summary>The ansattregister in the browser and the API (/ansatte, /api/v1/staff) through the real pipeline (TestServer, real
/// SQLite): the leader adds a caseworker the dashboard warned about and the dashboard then counts cases per årsverk and checks the
/// competence requirement (barnevernsloven § 15-6); a refused form shows each broken rule at its field and stores nothing; the
/// caseworker may not open it; another municipality's leader never sees this service's staff.</summary>
public sealed class StaffPageTests : IAsyncLifetime
{
    private VernWebFactory _app = null!;

    public async Task InitializeAsync() => _app = await VernWebFactory.StartAsync();

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private async Task<IReadOnlyList<StaffMember>> StaffAsync(string user = TestData.Leader)
    {
        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        return await app.ListStaffAsync(await app.ActorAsync(user), null);
    }

    [Fact]
    public async Task Dashboard_LinksAnUnregisteredCaseworker_ToTheForm_AndCountsTheirÅrsverkOnceAdded()
    {
        var client = await _app.LoginAsync(TestData.Leader);
        var dashboard = await VernWebFactory.HtmlAsync(await client.GetAsync("/leder"));
        Assert.Contains("finnes ikke i ansattregisteret", dashboard, StringComparison.Ordinal);
        Assert.Contains("/ansatte?id=sara&navn=Sara%20Saksbehandler#skjema", dashboard, StringComparison.Ordinal);

        var page = await client.GetStringAsync("/ansatte?id=sara&navn=Sara%20Saksbehandler");
        Assert.Contains("value=\"Sara Saksbehandler\"", page, StringComparison.Ordinal); // the name carried from the dashboard
        var response = await VernWebFactory.PostFormAsync(client, page, "/ansatte", new()
        {
            ["id"] = "sara", ["name"] = "Sara Saksbehandler", ["position"] = "barnevernspedagog", ["education"] = "RelevantBachelor",
            ["yearsInChildWelfare"] = "2", ["furtherEducationCredits"] = "0", ["fullTimeEquivalent"] = "0,8",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/ansatte?lagret=sara#ansatte", response.Headers.Location?.OriginalString);

        var sara = Assert.Single(await StaffAsync());
        Assert.Equal(new StaffMember("sara", TestData.Municipality, "Sara Saksbehandler", "barnevernspedagog", Education.RelevantBachelor, 2, 0, 0.8), sara);
        var list = await VernWebFactory.HtmlAsync(await client.GetAsync("/ansatte?lagret=sara"));
        Assert.Contains("Lagret: sara i ansattregisteret.", list, StringComparison.Ordinal);
        // A bachelor with 2 years and no further education does not meet § 15-6 (4 years and 30 credits).
        Assert.Contains("Ikke oppfylt: bachelor med 2 års erfaring (krav 4) og 0 studiepoeng videreutdanning (krav 30)", list, StringComparison.Ordinal);

        dashboard = await VernWebFactory.HtmlAsync(await client.GetAsync("/leder"));
        Assert.DoesNotContain("finnes ikke i ansattregisteret", dashboard, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">0,8</td>", dashboard, StringComparison.Ordinal); // the dashboard's årsverk column
    }

    [Fact]
    public async Task RefusedForm_ShowsEachBrokenRuleAtItsField_AndStoresNothing()
    {
        var client = await _app.LoginAsync(TestData.Leader);
        var page = await client.GetStringAsync("/ansatte");
        var response = await VernWebFactory.PostFormAsync(client, page, "/ansatte", new()
        {
            ["id"] = "ny", ["name"] = " ", ["position"] = "saksbehandler", ["education"] = "None",
            ["yearsInChildWelfare"] = "tre", ["furtherEducationCredits"] = "0", ["fullTimeEquivalent"] = "1,5",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await VernWebFactory.HtmlAsync(response);
        Assert.Contains("Ingenting ble lagret", html, StringComparison.Ordinal);
        // Each message in the form's own words, at its field (aria-invalid), with the rule's source.
        Assert.Contains("År med erfaring fra barnevernet: «tre» er ikke et helt tall.", html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("yearsInChildWelfare:", html, StringComparison.Ordinal);
        Assert.Empty(await StaffAsync());

        // With the number mended, the rules of the registry itself speak: the name and the årsverk, both at once.
        response = await VernWebFactory.PostFormAsync(client, page, "/ansatte", new()
        {
            ["id"] = "ny", ["name"] = " ", ["position"] = "saksbehandler", ["education"] = "None",
            ["yearsInChildWelfare"] = "3", ["furtherEducationCredits"] = "0", ["fullTimeEquivalent"] = "1,5",
        });
        html = await VernWebFactory.HtmlAsync(response);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Navn må fylles ut.", html, StringComparison.Ordinal);
        Assert.Contains("Årsverk (1,5) må være over 0 og høyst 1.", html, StringComparison.Ordinal);
        Assert.Contains("Kilde: Vern: ansattregisteret", html, StringComparison.Ordinal);
        Assert.Empty(await StaffAsync());
    }

    /// <summary>An employee who leaves (migration 33): the leader enters the last day; the row stays in the registry, marked «Sluttet»;
    /// the dashboard counts no årsverk for them and asks for their open cases to be given to someone else. A date that cannot be read
    /// is refused at its field, and nothing is stored.</summary>
    [Fact]
    public async Task LastDay_KeepsTheRow_AndTheDashboardAsksForTheirCasesToBeReassigned()
    {
        var client = await _app.LoginAsync(TestData.Leader);
        var page = await client.GetStringAsync("/ansatte");
        var fields = new Dictionary<string, string>
        {
            ["id"] = "sara", ["name"] = "Sara Saksbehandler", ["position"] = "saksbehandler", ["education"] = "ChildWelfareMaster",
            ["yearsInChildWelfare"] = "6", ["furtherEducationCredits"] = "0", ["fullTimeEquivalent"] = "1", ["leftOn"] = "31.02.2020",
        };
        var refused = await VernWebFactory.PostFormAsync(client, page, "/ansatte", fields);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Siste arbeidsdag: «31.02.2020» er ikke en dato på formen dd.mm.åååå.", await VernWebFactory.HtmlAsync(refused), StringComparison.Ordinal);
        Assert.Empty(await StaffAsync());

        fields["leftOn"] = "31.01.2020";
        Assert.Equal(HttpStatusCode.Redirect, (await VernWebFactory.PostFormAsync(client, page, "/ansatte", fields)).StatusCode);
        Assert.Equal(new DateOnly(2020, 1, 31), Assert.Single(await StaffAsync()).LeftOn);
        var list = await VernWebFactory.HtmlAsync(await client.GetAsync("/ansatte"));
        Assert.Contains("<td>Sluttet 31.01.2020</td>", list, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>Oppfylt</td>", list, StringComparison.Ordinal); // no competence verdict for someone who has left
        var edit = await VernWebFactory.HtmlAsync(await client.GetAsync("/ansatte?id=sara"));
        Assert.Contains("value=\"31.01.2020\"", edit, StringComparison.Ordinal); // the form shows the stored last day

        var dashboard = await VernWebFactory.HtmlAsync(await client.GetAsync("/leder"));
        Assert.Contains("Sara Saksbehandler sluttet 31.01.2020, men har fortsatt", dashboard, StringComparison.Ordinal);
        Assert.Contains("de må fordeles til en annen saksbehandler.", dashboard, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">sluttet</td>", dashboard, StringComparison.Ordinal); // no årsverk
        Assert.DoesNotContain("finnes ikke i ansattregisteret", dashboard, StringComparison.Ordinal);

        // The API reads and clears it the same way.
        var staff = await client.GetFromJsonAsync<JsonElement>("/api/v1/staff");
        Assert.Equal("2020-01-31", Assert.Single(staff.EnumerateArray()).GetProperty("leftOn").GetString());
        var back = await client.PutAsJsonAsync("/api/v1/staff/sara", new { name = "Sara Saksbehandler", position = "saksbehandler", education = "ChildWelfareMaster", fullTimeEquivalent = 1.0 });
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Null(Assert.Single(await StaffAsync()).LeftOn);

        // The history (migration 34): who stored what, when — the refused form left no trace.
        edit = await VernWebFactory.HtmlAsync(await client.GetAsync("/ansatte?id=sara"));
        var history = edit[edit.IndexOf("id=\"historikk\"", StringComparison.Ordinal)..];
        Assert.Equal(2, history.Split("<tr><td>").Length - 1);
        Assert.Contains("Lagt inn", history, StringComparison.Ordinal);
        Assert.Contains("Siste arbeidsdag: 31.01.2020 → –", history, StringComparison.Ordinal);
        Assert.Contains("Leif Leder", history, StringComparison.Ordinal); // by whom, by name
    }

    [Theory]
    [InlineData(TestData.Caseworker, HttpStatusCode.Forbidden)]
    [InlineData(TestData.Auditor, HttpStatusCode.Forbidden)]
    [InlineData(TestData.Leader, HttpStatusCode.OK)]
    [InlineData(TestData.Administrator, HttpStatusCode.OK)]
    public async Task Page_FollowsThePolicy(string user, HttpStatusCode expected)
    {
        var client = await _app.LoginAsync(user);
        Assert.Equal(expected, (await client.GetAsync("/ansatte")).StatusCode);
    }

    [Fact]
    public async Task Api_PutsAndLists_RefusesABrokenRuleByField_AndKeepsEachServiceToItself()
    {
        var client = await _app.LoginAsync(TestData.Leader);
        var put = await client.PutAsJsonAsync("/api/v1/staff/sara", new { name = "Sara Saksbehandler", position = "saksbehandler", education = "ChildWelfareMaster", fullTimeEquivalent = 1.0 });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/v1/staff");
        var one = Assert.Single(listed.EnumerateArray());
        Assert.Equal("sara", one.GetProperty("id").GetString());
        Assert.Equal(TestData.Municipality, one.GetProperty("municipalityNumber").GetString());
        Assert.True(one.GetProperty("meetsCompetence").GetBoolean()); // a master in child welfare meets § 15-6

        var refused = await client.PutAsJsonAsync("/api/v1/staff/sara", new { name = "Sara", position = "", education = "Doktorgrad", fullTimeEquivalent = 0 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("education", out _));
        refused = await client.PutAsJsonAsync("/api/v1/staff/sara", new { name = "Sara", position = "", education = "None", fullTimeEquivalent = 0 });
        problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("position", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("fullTimeEquivalent", out _));
        Assert.Equal("Sara Saksbehandler", Assert.Single(await StaffAsync()).Name); // unchanged

        // Another municipality's leader sees none of it; cannot take this service's employee over by her user name (the row would
        // have moved to Oslo before this was refused); and what they store goes in their own municipality.
        var other = await _app.LoginAsync(TestData.OtherLeader);
        Assert.Empty((await other.GetFromJsonAsync<JsonElement>("/api/v1/staff")).EnumerateArray());
        var takeover = await other.PutAsJsonAsync("/api/v1/staff/sara", new { name = "Sara Oslo", position = "leder", education = "None" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, takeover.StatusCode);
        var message = (await takeover.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("id")[0].GetString();
        Assert.Contains("står allerede i en annen kommunes ansattregister", message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestData.Municipality, message, StringComparison.Ordinal);
        Assert.Equal(("Sara Saksbehandler", TestData.Municipality), Assert.Single(await StaffAsync()) is var sara ? (sara.Name, sara.MunicipalityNumber) : default);
        Assert.Equal(HttpStatusCode.OK, (await other.PutAsJsonAsync("/api/v1/staff/olav", new { name = "Olav Oslo", position = "leder", education = "None" })).StatusCode);
        Assert.Equal(TestData.OtherMunicipality, Assert.Single(await StaffAsync(TestData.OtherLeader)).MunicipalityNumber);
        Assert.Single(await StaffAsync());
    }
}
