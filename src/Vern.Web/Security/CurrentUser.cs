using System.Security.Claims;
using Vern.Application;
using Vern.Storage;

namespace Vern.Web.Security;

/// <summary>The actor of the current request: the stored user named by the login cookie, read from the user store on every
/// request (so a disabled user or a changed role takes effect at once). Null when anonymous.</summary>
public sealed class CurrentUser(IHttpContextAccessor http, IServiceProvider services)
{
    private Actor? _actor;
    private bool _resolved;

    public Task<Actor?> GetAsync() => GetAsync(http.HttpContext?.User);

    /// <summary>The actor for <paramref name="principal"/> (the cookie check calls this before the request's user is set).</summary>
    public async Task<Actor?> GetAsync(ClaimsPrincipal? principal)
    {
        if (_resolved)
            return _actor;
        var id = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null)
            return null;
        _resolved = true;
        try
        {
            _actor = await services.GetRequiredService<VernApp>().ActorAsync(id);
        }
        catch (UnknownUserException)
        {
            _actor = null;
        }
        catch (AccessDeniedException)
        {
            _actor = null;
        }
        return _actor;
    }

    /// <summary>The actor; for pages and endpoints that require login (the cookie check has already refused a disabled user).</summary>
    public async Task<Actor> RequireAsync() => await GetAsync() ?? throw new AccessDeniedException("Du er ikke logget inn.");
}
