using Microsoft.Playwright;

namespace Vern.Web.Tests.Browser;

/// <summary>A seeded database, the real server on it, and a browser context per user.</summary>
public sealed class Site : IAsyncDisposable
{
    private readonly List<IBrowserContext> _contexts = [];
    private readonly Chromium _chromium;

    private Site(Chromium chromium, LiveServer server, TestData data)
    {
        _chromium = chromium;
        Server = server;
        Data = data;
    }

    public LiveServer Server { get; }

    internal TestData Data { get; }

    public string Url => Server.Url;

    public string Database => Server.Database;

    public static async Task<Site> StartAsync(Chromium chromium)
    {
        var folder = Directory.CreateTempSubdirectory("vern-live-").FullName;
        var database = Path.Combine(folder, "vern.db");
        var data = await TestData.SeedAsync(database);
        return new Site(chromium, await LiveServer.StartAsync(database, folder), data);
    }

    /// <summary>A fresh browser (own cookies) on the login page.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "nb-NO", ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    /// <summary>Logs in through the login form and returns the signed-in page. It waits for what only a signed-in page shows, the
    /// logout button in the header, with a locator (which retries across navigations), not for Playwright's navigation or load-state
    /// events. Both of those timed out in CI with the start page already shown:
    /// <list type="bullet">
    /// <item><c>WaitForURL</c>'s default waits for the load event of a navigation that went through two redirects (POST /logg-inn →
    /// 302 /, GET / → 302 /statistikk → 200);</item>
    /// <item>with <c>WaitUntil = Commit</c>, when the address had already left /logg-inn, it waits for the load state instead
    /// (Playwright maps Commit to Load there), and only "networkidle" was seen in 60 s.</item>
    /// </list>
    /// Waiting for the load state alone returned at once while the login page was still the loaded one.</summary>
    public async Task<IPage> LoginAsync(string user, string password = TestData.Password)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(Url + "/logg-inn");
        await page.GetByLabel("Brukernavn").FillAsync(user);
        await page.GetByLabel("Passord").FillAsync(password);
        var answers = new List<string>();
        page.Response += (_, r) => { lock (answers) answers.Add($"{r.Request.Method} {new Uri(r.Url).PathAndQuery} → {r.Status}"); };
        await page.GetByRole(AriaRole.Button, new() { Name = "Logg inn", Exact = true }).ClickAsync();
        try
        {
            await page.Locator("header form[action='/logg-ut'] button").WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 60_000 });
        }
        catch (TimeoutException e)
        {
            // Say what the browser was shown instead (the refusal, an error page), so a failure in CI can be understood.
            var shown = await page.Locator("main").InnerTextAsync(new() { Timeout = 5_000 }).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "(no main)");
            string seen;
            lock (answers) seen = string.Join("; ", answers);
            throw new TimeoutException($"Login as «{user}» showed no signed-in page within 60 s (at {page.Url}). Responses: {seen}. The server's "
                + $"requests: {RequestTrace.Describe(new Uri(Url).Port)}. The page said: {shown}", e);
        }
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.Screenshots, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _contexts)
            await c.DisposeAsync();
        await Server.DisposeAsync();
    }
}
