using System.Net;
using System.Text.RegularExpressions;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.People;
using Vern.Tests;
using Vern.Web.Pages;

namespace Vern.Web.Tests;

/// <summary>A leader's worklist shows the <see cref="IndexModel.FirstShown"/> most urgent duties of a large selection, and its
/// «Vis alle» link shows every one (issue 16: "My worklist: open duties by urgency … filters").</summary>
public sealed partial class WorklistShowAllTests : IAsyncLifetime
{
    private VernWebFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = await VernWebFactory.StartAsync();
        // 110 more cases with a report each: a review duty (§ 2-1) and a feedback duty (§ 13-4) apiece, 220 duties and more.
        using var app = VernApp.Open(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        var leader = await app.ActorAsync(TestData.Leader);
        for (var i = 0; i < 110; i++)
        {
            var id = new CaseId(Guid.NewGuid());
            await app.OpenCaseAsync(leader, new OpenCase(TestData.Municipality, $"2026-{1000 + i}", app.Today.AddDays(-20),
                new ChildInput(null, app.Today.AddYears(-8), Sex.Male, GivenName: "Barn", FamilyName: $"Nummer{i}")), id);
            await app.RecordAsync(leader, id, new ReceiveReport(app.Today.AddDays(-5), [new CodedValue("1")], [new CodedValue("1.1.02")]));
        }
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TheFirstDutiesAreShown_AndTheLinkShowsThemAll()
    {
        var client = await _app.LoginAsync(TestData.Leader);
        var first = WebUtility.HtmlDecode(await client.GetStringAsync("/"));
        var link = ShowAll().Match(first);
        Assert.True(link.Success, "no «Vis alle» link on a selection of more than the first duties");
        var selected = int.Parse(link.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(selected > IndexModel.FirstShown, $"{selected} duties");
        Assert.Equal(IndexModel.FirstShown, Rows(first));

        var all = WebUtility.HtmlDecode(await client.GetStringAsync(link.Groups[1].Value));
        Assert.Equal(selected, Rows(all));
        Assert.DoesNotMatch(ShowAll(), all);
    }

    /// <summary>The duties' rows: each starts with its due date, and the register gaps' table below them is not counted.</summary>
    private static int Rows(string html)
    {
        var gaps = html.IndexOf("id=\"registerhull\"", StringComparison.Ordinal);
        return DutyRow().Count(gaps < 0 ? html : html[..gaps]);
    }

    [GeneratedRegex("<a href=\"(/[^\"]*)\">Vis alle (\\d+)</a>")]
    private static partial Regex ShowAll();

    [GeneratedRegex("<tr[^>]*>\\s*<td><time datetime=")]
    private static partial Regex DutyRow();
}
