using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Vern.Web.Tests;

/// <summary>The keys that protect the login cookie are kept in the Vern database (migration 29; docs/web.md «Nøklene for
/// informasjonskapslene»): a second host on the same database, installed in another folder, accepts the cookie the first issued,
/// as a restart does; a host with a key ring of its own does not. A configured certificate encrypts the stored keys; a
/// configured folder keeps them there instead.</summary>
public sealed class KeyRingTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("vern-keys-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_folder.FullName, name)).FullName;

    /// <summary>Logs in through the form and returns the login cookie (name=value) the server set.</summary>
    private static async Task<string> LoginCookieAsync(VernWebFactory app)
    {
        var client = app.Client();
        var form = await client.GetStringAsync("/logg-inn");
        var response = await client.PostAsync("/logg-inn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__vern_af"] = VernWebFactory.Token(form),
            ["brukernavn"] = TestData.Leader,
            ["passord"] = TestData.Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var set = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(VernWeb.AuthCookie + "=", StringComparison.Ordinal));
        return set[..set.IndexOf(';', StringComparison.Ordinal)];
    }

    /// <summary>The status of <c>GET /api/v1/me</c> on <paramref name="app"/> with only <paramref name="cookie"/>.</summary>
    private static async Task<HttpStatusCode> MeAsync(VernWebFactory app, string cookie)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = false,
            HandleCookies = false,
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Add("Cookie", cookie);
        return (await client.SendAsync(request)).StatusCode;
    }

    private static List<string> StoredKeys(string database)
    {
        using var c = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT xml FROM web_keys ORDER BY position";
        using var r = cmd.ExecuteReader();
        var keys = new List<string>();
        while (r.Read())
            keys.Add(r.GetString(0));
        return keys;
    }

    [Fact]
    public async Task ALoginOnOneHost_IsAcceptedByAnotherHostOnTheSameDatabase_NotByAHostWithKeysOfItsOwn()
    {
        using var first = await VernWebFactory.StartAsync();
        var cookie = await LoginCookieAsync(first);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(first, cookie));

        using var second = first.Beside(new Dictionary<string, string?> { ["contentRoot"] = Folder("host-2") });
        Assert.Equal(HttpStatusCode.OK, await MeAsync(second, cookie));

        var key = Assert.Single(StoredKeys(first.Database));
        Assert.StartsWith("<key id=", key, StringComparison.Ordinal);

        using var apart = first.Beside(new Dictionary<string, string?> { ["Vern:Keys:Folder"] = Folder("own-keys") });
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(apart, cookie));
    }

    [Fact]
    public async Task AKeyFolder_KeepsTheKeysThere_AndNotInTheDatabase()
    {
        var folder = Folder("keys");
        using var app = await VernWebFactory.StartAsync(new Dictionary<string, string?> { ["Vern:Keys:Folder"] = folder });
        var cookie = await LoginCookieAsync(app);
        Assert.Single(Directory.GetFiles(folder, "key-*.xml"));
        Assert.Empty(StoredKeys(app.Database));
        using var restarted = app.Beside(new Dictionary<string, string?> { ["Vern:Keys:Folder"] = folder });
        Assert.Equal(HttpStatusCode.OK, await MeAsync(restarted, cookie));
    }

    [Fact]
    public async Task ACertificate_EncryptsTheStoredKeys_AndHostsWithItShareThem()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Vern test keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pfx = Path.Combine(_folder.FullName, "keys.pfx");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12, "hemmelig"));
        var settings = new Dictionary<string, string?> { ["Vern:Keys:Certificate"] = pfx, ["Vern:Keys:CertificatePassword"] = "hemmelig" };

        using var app = await VernWebFactory.StartAsync(settings);
        var cookie = await LoginCookieAsync(app);
        var key = Assert.Single(StoredKeys(app.Database));
        Assert.Contains("EncryptedData", key, StringComparison.Ordinal);
        Assert.DoesNotContain("<value>", key, StringComparison.Ordinal); // the master key is not stored in the clear

        using var second = app.Beside(new Dictionary<string, string?>(settings) { ["contentRoot"] = Folder("host-2") });
        Assert.Equal(HttpStatusCode.OK, await MeAsync(second, cookie));
    }
}
