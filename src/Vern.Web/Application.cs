using Microsoft.Extensions.Options;
using Vern.Application;
using Vern.Storage;
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
            return VernApp.Open(options.Database, sp.GetRequiredService<SsbReference>().CodeLists, sp.GetRequiredService<TimeProvider>());
        });
        services.AddScoped<CurrentUser>();
        services.AddScoped<Accounts>();
        return services;
    }
}
