using Vern.Web.Security;

namespace Vern.Web;

public static class ApplicationServices
{
    public static IServiceCollection AddVernApplication(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddSingleton<Accounts>();
        return services;
    }
}
