using System.Data.Common;
using Microsoft.Extensions.Options;
using Vern.Application;

namespace Vern.Web;

/// <summary>Keeps the statistics projection caught up in the background (issue 19), so that a statistics read (the page
/// /statistikk, the API, the dashboard) does not pay for the catch-up after changes: every
/// <see cref="VernWebOptions.StatisticsCatchUpSeconds"/> it asks whether the change feed has moved past the projection's mark
/// (two small reads) and, when it has, re-projects the changed cases (<see cref="VernApp.CatchUpStatisticsAsync"/>); at
/// start-up it builds an empty projection. Every refresh in the process — this one and each read's own — goes through
/// <see cref="Gate"/>, one at a time, so a read that comes during a catch-up waits for it and then finds nothing left to do.
/// A read is correct without this service: it still catches up itself first.</summary>
public sealed class StatisticsCatchUp(IServiceScopeFactory scopes, IOptions<VernWebOptions> options, ILogger<StatisticsCatchUp> log) : BackgroundService
{
    /// <summary>The one gate for the projection's refreshes in this process (<see cref="VernApp.UseStatisticsGate"/>).</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Cases re-projected by this service since start (for tests and the log).</summary>
    public long Updated => Interlocked.Read(ref _updated);

    private long _updated;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = options.Value.StatisticsCatchUpSeconds;
        if (seconds <= 0)
            return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        do
        {
            try
            {
                using var scope = scopes.CreateScope();
                var app = scope.ServiceProvider.GetRequiredService<VernApp>();
                if (await app.CatchUpStatisticsAsync(stoppingToken) is { Updated: > 0 } result)
                {
                    Interlocked.Add(ref _updated, result.Updated);
                    log.LogInformation("Statistikkprojeksjonen oppdatert i bakgrunnen: {Cases} saker på {Ms} ms{Full}", result.Updated,
                        (long)result.Elapsed.TotalMilliseconds, result.Full ? " (bygd på nytt)" : "");
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbException or IOException or InvalidOperationException or InvalidDataException)
            {
                // The database may not exist yet (a host started before «vern init») or be busy; the next tick tries again,
                // and every read still catches up itself.
                log.LogWarning("Statistikkprojeksjonen ble ikke oppdatert i bakgrunnen: {Error}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override void Dispose()
    {
        Gate.Dispose();
        base.Dispose();
    }
}
