using System.Security.Claims;

namespace Vern.Web.Security;

/// <summary>Who is signed in, for the layout and the pages: read from the login cookie's claims.</summary>
public sealed record SignedIn(string Id, string Name, string Role);

/// <summary>The signed-in user of the current request, or null when anonymous.</summary>
public sealed class CurrentUser(IHttpContextAccessor http)
{
    public Task<SignedIn?> GetAsync()
    {
        var user = http.HttpContext?.User;
        if (user?.Identity?.IsAuthenticated != true)
            return Task.FromResult<SignedIn?>(null);
        return Task.FromResult<SignedIn?>(new SignedIn(
            user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
            user.FindFirstValue(ClaimTypes.Name) ?? "",
            user.FindFirstValue(ClaimTypes.Role) ?? ""));
    }
}
