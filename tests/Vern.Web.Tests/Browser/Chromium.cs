using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Vern.Web.Tests.Browser;

/// <summary>Debian's chromium driven by Playwright for .NET, headless, no browser download (.ci/run installs the
/// package). One browser for the whole test run; each test gets its own context (cookies) and its own server.</summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>Where Debian puts chromium; VERN_CHROMIUM overrides.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("VERN_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        // Assertions wait 5 s by default; CI's two cores, shared with the server and the other suites, need more.
        Assertions.SetDefaultExpectTimeout(15_000);
        // In Norwegian bokmål, as a caseworker's browser would be: date fields show dd.mm.åååå and the file button «Velg fil».
        // Chromium on Linux takes its language from LANGUAGE (not --lang), and the bokmål texts from Debian's chromium-l10n, which
        // .ci/run installs; without it chromium falls back to English. The rest of the environment is passed on as it is.
        var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
        env["LANGUAGE"] = "nb";
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true, Env = env });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>The folder the screenshots go to (artifacts/screenshots at the repository root; CI keeps it).</summary>
    public static string Screenshots
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vern.slnx")))
                dir = dir.Parent;
            var folder = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "artifacts", "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    /// <summary>axe-core's WCAG 2.1 A and AA rules on the page as it is now; fails listing every violation.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        Assert.True(result.Violations.Length == 0, $"{page.Url}: " + string.Join("; ", result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}")));
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Chromium>
{
    public const string Name = "chromium";
}

/// <summary>The real server, as <c>vern serve</c> starts it (VernWeb.Build, Kestrel on a free loopback port), on a
/// database file of its own.</summary>
public sealed class LiveServer : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vern-live-").FullName;

    private LiveServer(WebApplication app, string folder)
    {
        App = app;
        _folder = folder;
    }

    public WebApplication App { get; }

    public string Url => App.Urls.First();

    public string Database => Path.Combine(_folder, "vern.db");

    public static async Task<LiveServer> StartAsync(string database, string folder)
    {
        RequestTrace.Start();
        var app = VernWeb.Build([], new Dictionary<string, string?>
        {
            ["Vern:Database"] = database,
            [VernWeb.UrlsKey] = "http://127.0.0.1:0",
        });
        await app.StartAsync();
        return new LiveServer(app, folder);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
