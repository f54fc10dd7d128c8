using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace Vern.Web.Tests;

/// <summary>How the server reads its settings (docs/web.md, «Settings»).</summary>
public sealed class HostSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vern-host-").FullName;

    /// <summary>appsettings.json is read at start and not watched: a watcher of the working folder woke on every write to the
    /// database and its WAL beneath it, and no setting of Vern's is reloaded while the server runs.</summary>
    [Fact]
    public async Task TheSettingsFiles_AreNotWatched()
    {
        await using var app = VernWeb.Build([], new Dictionary<string, string?> { ["Vern:Database"] = Path.Combine(_folder, "vern.db") });

        var json = ((IConfigurationRoot)app.Configuration).Providers.OfType<JsonConfigurationProvider>().ToList();
        Assert.NotEmpty(json); // appsettings.json and appsettings.{Environment}.json are still read
        Assert.All(json, p => Assert.False(p.Source.ReloadOnChange, p.Source.Path));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
