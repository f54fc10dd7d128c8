using System.Net;
using System.Text.RegularExpressions;
using Vern.Application;
using Vern.Storage;
using Vern.Web.Forms;
using Vern.Web.Pages;

namespace Vern.Web.Tests;

/// <summary>The case page and the access log as a newcomer reads them (issue 16: "would a caseworker who has never seen Vern find
/// their way?"): the steps in six headed groups in the order a case moves, people by name rather than user id, and every
/// operation in the access log in bokmål words.</summary>
public sealed partial class CasePageTests : IAsyncLifetime
{
    private VernWebFactory _app = null!;

    public async Task InitializeAsync() => _app = await VernWebFactory.StartAsync();

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void StepGroups_HoldEveryStepExactlyOnce()
    {
        var grouped = StepForms.Groups.SelectMany(g => g.Slugs).ToList();
        Assert.Equal(grouped.Count, grouped.Distinct().Count());
        Assert.Equal(StepForms.All.Select(s => s.Slug).Order(), grouped.Order());
    }

    [Fact]
    public async Task CasePage_Leader_SeesTheStepsInHeadedGroups_InTheOrderACaseMoves()
    {
        var client = await _app.LoginAsync(TestData.Leader);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/saker/{_app.Data.Own}"));
        var headings = GroupHeading().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["Bekymringsmelding", "Undersøkelse", "Vedtak og nemnd", "Tiltak og oppfølging", "Planer", "Saken: fordeling, avslutning, rettinger"], headings);
        // Each step link sits under its group's heading: "Tiltak iverksatt" after "Tiltak og oppfølging" and before "Planer".
        var measures = html.IndexOf("id=\"steg-tiltak\"", StringComparison.Ordinal);
        var measure = html.IndexOf("/registrer/tiltak\"", StringComparison.Ordinal);
        Assert.InRange(measure, measures, html.IndexOf("id=\"steg-plan\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CasePage_NamesTheCaseworker_AndWhoRecordedEachStep()
    {
        var client = await _app.LoginAsync(TestData.Caseworker);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/saker/{_app.Data.Own}"));
        Assert.Contains("<dt>Saksbehandler</dt><dd>Sara Saksbehandler (sara)</dd>", html, StringComparison.Ordinal);
        Assert.Contains("registrert av Leif Leder (leif)", html, StringComparison.Ordinal);
        // The timeline says who the case went to by name, not by user id (the screenshot's "Saksbehandler sara fordelt").
        Assert.Contains($"Saken fordelt til Sara Saksbehandler (sara) fra {Display.Date(NorwegianTime.Today(TimeProvider.System).AddDays(-30))}", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Saksbehandler sara fordelt", html, StringComparison.Ordinal);
    }

    [Fact]
    public void OperationLabels_EveryOperationHasABokmalLabel_AndTheLoggedNameFindsIt()
    {
        var missing = Enum.GetValues<Operation>().Where(o => !OperationLabels.ByOperation.ContainsKey(o)).ToList();
        Assert.True(missing.Count == 0, "Operasjoner uten etikett i OperationLabels: " + string.Join(", ", missing));
        foreach (var op in Enum.GetValues<Operation>())
        {
            var entry = new AccessEntry(0, DateTimeOffset.UnixEpoch, "x", "leder", VernApp.OperationName(op), "", null, "7777", 0);
            Assert.Equal(OperationLabels.ByOperation[op], OperationLabels.Of(entry));
            Assert.NotEqual(VernApp.OperationName(op), OperationLabels.Of(entry));
        }
        Assert.Equal(OperationLabels.ByOperation.Count, OperationLabels.ByOperation.Values.Distinct().Count());
    }

    [Fact]
    public async Task AccessLogPage_ShowsNewerOperationsInWords_AndPeopleByName()
    {
        using (var app = VernApp.OpenSqlite(_app.Database, Vern.Tests.TestReference.CodeLists.Value, TimeProvider.System))
        {
            var leader = await app.ActorAsync(TestData.Leader);
            await app.CaseCandidatesAsync(leader, _app.Data.Own, "dublettsjekk");
        }
        var client = await _app.LoginAsync(TestData.Leader);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/saker/{_app.Data.Own}/innsyn"));
        Assert.Contains("Mulige dubletter (samme barn)", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">child candidates<", html, StringComparison.Ordinal);
        Assert.Contains("Leif Leder (leif)", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<h3 id=\"steg-[a-z]+\">([^<]+)</h3>")]
    private static partial Regex GroupHeading();
}
