namespace Vern.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class LoginPageTests(Chromium chromium)
{
    [Fact]
    public async Task LoginPage_OverLoopbackHttp_KeepsSecureCookies_AndIsAccessible()
    {
        var folder = Directory.CreateTempSubdirectory("vern-live-").FullName;
        await using var server = await LiveServer.StartAsync(Path.Combine(folder, "vern.db"), folder);
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(server.Url + "/logg-inn");
        var cookies = await context.CookiesAsync();
        var af = Assert.Single(cookies, c => c.Name == VernWeb.AntiforgeryCookie);
        Assert.True(af.Secure);
        Assert.True(af.HttpOnly);
        await Chromium.AssertAccessibleAsync(page);
    }
}
