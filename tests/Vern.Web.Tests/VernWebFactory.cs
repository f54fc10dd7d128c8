using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Vern.Web.Tests;

/// <summary>The web app in memory (TestServer) on a real SQLite file of its own; each test builds its own (style habit 38).
/// The client speaks https so the Secure cookies travel, and does not follow redirects, so tests see them.</summary>
public sealed partial class VernWebFactory : WebApplicationFactory<Program>
{
    private readonly string? _folder;

    public VernWebFactory()
    {
        _folder = Directory.CreateTempSubdirectory("vern-web-").FullName;
        Database = Path.Combine(_folder, "vern.db");
    }

    private VernWebFactory(string database) => Database = database;

    public string Database { get; }

    /// <summary>A new server on the same database file, as after a restart (the file stays this factory's to delete).</summary>
    public VernWebFactory Restarted() => new(Database) { Data = Data };

    /// <summary>A second server on the same database with settings of its own (e.g. another host, installed in another folder).</summary>
    public VernWebFactory Beside(IReadOnlyDictionary<string, string?> settings) => new(Database) { Data = Data, Settings = settings };

    /// <summary>Settings on top of the database (keys as in docs/web.md, e.g. <c>Vern:Keys:Folder</c>).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>A factory on a freshly seeded database, with <paramref name="settings"/>.</summary>
    public static async Task<VernWebFactory> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var factory = new VernWebFactory { Settings = settings };
        factory.Data = await TestData.SeedAsync(factory.Database);
        return factory;
    }

    /// <summary>The seeded users and cases (<see cref="TestData"/>).</summary>
    internal TestData Data { get; private set; } = null!;

    /// <summary>A factory on a freshly seeded database.</summary>
    public static async Task<VernWebFactory> StartAsync()
    {
        var factory = new VernWebFactory();
        factory.Data = await TestData.SeedAsync(factory.Database);
        return factory;
    }

    /// <summary>A factory on a freshly seeded database named by <paramref name="database"/> (e.g. a PostgreSQL connection string,
    /// issue 17: the web app on both engines); the database stays the caller's to drop.</summary>
    public static async Task<VernWebFactory> StartAsync(string database)
    {
        var factory = new VernWebFactory(database);
        factory.Data = await TestData.SeedAsync(database);
        return factory;
    }

    /// <summary>A client logged in as <paramref name="user"/> through the login form (antiforgery token and all).</summary>
    public async Task<HttpClient> LoginAsync(string user, string password = TestData.Password)
    {
        var client = Client();
        var form = await client.GetStringAsync("/logg-inn");
        var response = await client.PostAsync("/logg-inn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__vern_af"] = Token(form),
            ["brukernavn"] = user,
            ["passord"] = password,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Login as {user} failed: {(int)response.StatusCode}");
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Vern:Database", Database);
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value); // "contentRoot" too: UseContentRoot is that setting
        builder.UseEnvironment("Production");
    }

    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    /// <summary>Posts a form of <paramref name="page"/> (its antiforgery token added) to <paramref name="url"/>, without following a redirect.</summary>
    public static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string url, Dictionary<string, string> fields)
    {
        fields["__vern_af"] = Token(page);
        return client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    /// <summary>The answer's HTML with entities decoded, as the caseworker reads it.</summary>
    public static async Task<string> HtmlAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    /// <summary>The antiforgery token of the first form on a page.</summary>
    public static string Token(string html) =>
        TokenField().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("No antiforgery token on the page.");

    [GeneratedRegex("name=\"__vern_af\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (_folder is null)
            return;
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment longer; the temp folder is cleaned by the OS.
        }
    }
}
