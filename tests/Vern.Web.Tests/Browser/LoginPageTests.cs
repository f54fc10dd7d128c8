namespace Vern.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class LoginPageTests(Chromium chromium)
{
    [Fact]
    public async Task LoginPage_OverLoopbackHttp_KeepsSecureCookies_AndIsAccessible()
    {
        await using var site = await Site.StartAsync(chromium);
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url + "/logg-inn");
        var cookies = await page.Context.CookiesAsync();
        var af = Assert.Single(cookies, c => c.Name == VernWeb.AntiforgeryCookie);
        Assert.True(af.Secure);
        Assert.True(af.HttpOnly);
        await Chromium.AssertAccessibleAsync(page);
    }
}
