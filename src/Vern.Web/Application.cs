using Microsoft.Extensions.Options;
using Vern.Application;
using Vern.Storage;
using Vern.Storage.Sqlite;
using Vern.Web.Security;

namespace Vern.Web;

/// <summary>Wires the application layer: SSB's reference files once, and one <see cref="VernApp"/> per request on the
/// configured database (SQLite in WAL mode serves concurrent requests, each on its own connections).</summary>
public static class ApplicationServices
{
    public static IServiceCollection AddVernApplication(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton(sp => ReferenceFiles.Resolve(sp.GetRequiredService<IOptions<VernWebOptions>>().Value.Reference));
        services.AddScoped(sp =>
        {
            var options = sp.GetRequiredService<IOptions<VernWebOptions>>().Value;
            if (VernDatabase.EngineOf(options.Database) == Engine.Sqlite && !File.Exists(options.Database))
                throw new FileNotFoundException($"Databasen {options.Database} finnes ikke. Lag en med «vern demo» eller «vern init».");
            var app = VernApp.Open(options.Database, sp.GetRequiredService<SsbReference>().CodeLists, sp.GetRequiredService<TimeProvider>());
            if (options.CaseLookup)
                app.UseCaseLookup(sp.GetRequiredService<CaseLookup>());
            app.UseStaffNames(sp.GetRequiredService<StaffNames>());
            app.UseStatisticsGate(sp.GetRequiredService<StatisticsCatchUp>().Gate);
            return app;
        });
        services.AddSingleton<CaseLookup>();
        services.AddSingleton<StaffNames>();
        services.AddHostedService<CaseLookupBuild>();
        services.AddSingleton<StatisticsCatchUp>();
        services.AddHostedService(sp => sp.GetRequiredService<StatisticsCatchUp>());
        services.AddScoped<CurrentUser>();
        services.AddScoped<Accounts>();
        return services;
    }

    /// <summary>At start-up, on a SQLite file: the migration check runs once here, and each request's stores then take pooled
    /// connections without checking the schema again (<see cref="SqliteConnections"/>); the pool is closed when the host stops.
    /// A file that does not exist yet is left to the first request (which refuses it, as before).</summary>
    public static void ServeDatabase(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<VernWebOptions>>().Value;
        if (!options.PooledConnections || VernDatabase.EngineOf(options.Database) != Engine.Sqlite)
            return;
        var path = VernDatabase.SqlitePath(options.Database);
        if (!File.Exists(path))
            return;
        SqliteConnections.Serve(path, app.Services.GetRequiredService<TimeProvider>());
        app.Lifetime.ApplicationStopped.Register(() => SqliteConnections.Unserve(path));
    }
}
