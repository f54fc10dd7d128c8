using System.Security.Claims;
using Vern.Application;
using Vern.Storage;

namespace Vern.Web.Security;

/// <summary>The actor of the current request: the stored user named by the login cookie, read from the user store on every
/// request (so a disabled user or a changed role takes effect at once). Null when anonymous.</summary>
public sealed class CurrentUser(IHttpContextAccessor http, VernApp vern)
{
    private Actor? _actor;
    private bool _resolved;

    public async Task<Actor?> GetAsync()
    {
        if (_resolved)
            return _actor;
        _resolved = true;
        var id = http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null)
            return null;
        try
        {
            _actor = await vern.ActorAsync(id);
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
