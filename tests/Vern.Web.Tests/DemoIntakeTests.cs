using System.Net;
using Vern.Application;
using Vern.Intake;
using Vern.Tests;

namespace Vern.Web.Tests;

/// <summary>Issue 18 part 1 in the demo: `vern demo` puts a handful of received reports in the demo service's inbox, one older than
/// the inbox-age limit (24 hours by default), and one about a child the service has a case for, so /innboks shows a possible
/// duplicate and the dashboard an alarm. Planted on TestData's service (7777) through the same method the demo calls.</summary>
public sealed class DemoIntakeTests : IAsyncLifetime
{
    private VernWebFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = await VernWebFactory.StartAsync();
        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        Assert.Equal(4, await app.PlantDemoIntakeAsync(TestData.Municipality, seed: 42));
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task DemoReports_WaitInTheInbox_OneRaisesTheInboxAgeAlarm()
    {
        using var app = VernApp.OpenSqlite(_app.Database, TestReference.CodeLists.Value, TimeProvider.System);
        var leader = await app.ActorAsync(TestData.Leader);
        var inbox = await app.InboxAsync(leader);
        Assert.Equal(4, inbox.Count);
        Assert.All(inbox, i => Assert.Null(i.Disposition));
        var alarm = Assert.Single(await app.IntakeAlarmsAsync(leader), a => a.Kind == AlarmKind.InboxAge);
        Assert.Equal(inbox.MinBy(i => i.Report.ReceivedAt)!.Report.ReceiptId, alarm.ReceiptId);
    }

    [Fact]
    public async Task DemoReports_ShowOnTheInboxPage_WithTheKnownChildsCase_AndTheAlarmOnTheDashboard()
    {
        var client = await _app.LoginAsync(TestData.Leader);
        var inbox = WebUtility.HtmlDecode(await client.GetStringAsync("/innboks"));
        Assert.Contains("Sak 2026-0042: Nora Nilsen", inbox, StringComparison.Ordinal);
        Assert.Contains("fra politiet", inbox, StringComparison.Ordinal);
        var dashboard = WebUtility.HtmlDecode(await client.GetStringAsync("/leder"));
        Assert.Contains("har ligget", dashboard, StringComparison.Ordinal);
    }
}
