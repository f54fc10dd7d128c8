using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Vern.Web.Security;

/// <summary>The login cookie's content (only the user's id and name; never case data: the role and service are read from
/// the user store on every request) and its check on every request.</summary>
public static class ActorCookie
{
    public const string LoginMethod = "vern:login";

    public static ClaimsPrincipal Principal(LoginUser user, string method) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id),
            new Claim(ClaimTypes.Name, user.Name),
            new Claim(LoginMethod, method),
        ], CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>Runs on every request with a cookie: a user who is disabled or gone since login is signed out.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var current = context.HttpContext.RequestServices.GetRequiredService<CurrentUser>();
        if (await current.GetAsync(context.Principal) is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
