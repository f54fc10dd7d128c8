using System.Net;
using Vern.Application;
using Vern.Domain.Parties;
using Vern.Domain.People;

namespace Vern.Web.Tests;

/// <summary>The caseworker's partsinnsyn page (issue 18 part 3): the persons with their party status, and a party's copy
/// downloaded as HTML with what the party may not see left out; the auditor and another municipality get no copy.</summary>
public sealed class InnsynPageTests : IAsyncLifetime
{
    private VernWebFactory _app = null!;
    private string _mother = "";

    public async Task InitializeAsync()
    {
        _app = await VernWebFactory.StartAsync();
        using var vern = VernApp.OpenSqlite(_app.Database, Vern.Tests.TestReference.CodeLists.Value, TimeProvider.System);
        var leader = await vern.ActorAsync(TestData.Leader);
        _mother = (await vern.RecordPersonAsync(leader, _app.Data.Own, new PersonInput(PersonRole.Parent, "Mona Nilsen", "03028840011", "Storgata 1, 7777 Vernvik",
            ParentalResponsibility: true))).Person.Id.ToString();
        await vern.RecordPersonAsync(leader, _app.Data.Own, new PersonInput(PersonRole.Parent, "Per Hansen", null, "Elvegata 7, 7777 Vernvik", ParentalResponsibility: true));
        await vern.RecordPersonAsync(leader, _app.Data.Own, new PersonInput(PersonRole.Child, "", null, "Fjordveien 3, 7777 Vernvik", AddressProtection.StrictlyConfidential));
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Caseworker_downloads_a_partys_copy_without_what_the_party_may_not_see()
    {
        var client = await _app.LoginAsync(TestData.Caseworker);
        var page = await client.GetStringAsync($"/saker/{_app.Data.Own}/partsinnsyn");
        Assert.Contains("Mona Nilsen", page, StringComparison.Ordinal);
        Assert.Contains("Part: Har foreldreansvar", page, StringComparison.Ordinal);
        Assert.Contains($"/saker/{_app.Data.Own}", await client.GetStringAsync($"/saker/{_app.Data.Own}"), StringComparison.Ordinal);
        Assert.Contains("/partsinnsyn", await client.GetStringAsync($"/saker/{_app.Data.Own}"), StringComparison.Ordinal);

        var response = await client.PostAsync($"/saker/{_app.Data.Own}/partsinnsyn?handler=Copy", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__vern_af"] = VernWebFactory.Token(page),
            ["party"] = _mother,
            ["format"] = "html",
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var copy = await response.Content.ReadAsStringAsync();
        Assert.Contains("03028840011", copy, StringComparison.Ordinal);
        Assert.Contains("Storgata 1", copy, StringComparison.Ordinal);
        Assert.DoesNotContain("Elvegata", copy, StringComparison.Ordinal);
        Assert.DoesNotContain("Fjordveien", copy, StringComparison.Ordinal);
        Assert.Contains("folkeregisterloven § 10-4", copy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auditor_and_another_municipality_get_no_copy()
    {
        var auditor = await _app.LoginAsync(TestData.Auditor);
        var page = await auditor.GetStringAsync($"/saker/{_app.Data.Own}/partsinnsyn?formaal=tilsyn");
        var refused = await auditor.PostAsync($"/saker/{_app.Data.Own}/partsinnsyn?handler=Copy", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__vern_af"] = VernWebFactory.Token(page),
            ["party"] = _mother,
            ["format"] = "html",
            ["formaal"] = "tilsyn",
        }));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var olav = await _app.LoginAsync(TestData.OtherLeader);
        // another municipality's case answers as a case that does not exist: 403, and the denial is logged (issue 16)
        Assert.Equal(HttpStatusCode.Forbidden, (await olav.GetAsync($"/saker/{_app.Data.Own}/partsinnsyn")).StatusCode);
    }
}
