using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using Vern.Application;

namespace Vern.Web;

/// <summary>Builds the process's <see cref="CaseLookup"/> once in the background at start-up (<see cref="VernApp.BuildCaseLookupAsync"/>),
/// so that the first search, worklist or case read does not wait while every case of the database is read (issue 16/17: seconds
/// on the national set). The server answers meanwhile: a case read does not wait for the build (<see cref="CaseLookup.IsBuilt"/>)
/// but reads its case directly, checked and logged as always, and so do search and the register gaps (their scope); only a bydel's
/// worklist, narrowed through the lookup's entries, waits for the build.</summary>
public sealed class CaseLookupBuild(IServiceScopeFactory scopes, IOptions<VernWebOptions> options, ILogger<CaseLookupBuild> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.CaseLookup)
            return;
        await Task.Yield(); // never hold up the host's start
        try
        {
            var watch = Stopwatch.StartNew();
            using var scope = scopes.CreateScope();
            await scope.ServiceProvider.GetRequiredService<VernApp>().BuildCaseLookupAsync(stoppingToken);
            log.LogInformation("Saksoppslaget bygd ved oppstart på {Ms} ms", watch.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is DbException or IOException or InvalidOperationException or InvalidDataException)
        {
            // The database may not exist yet (a host started before «vern init») or be busy: the first request that needs the
            // lookup builds it then, as without this service.
            log.LogWarning("Saksoppslaget ble ikke bygd ved oppstart: {Error}", e.Message);
        }
    }
}
