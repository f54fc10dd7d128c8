using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Vern.Application;
using Vern.Web.Security;

namespace Vern.Web.Pages;

/// <summary>Login with a local account (user name and password) or, when configured, OpenID Connect.</summary>
public sealed class LoginModel(Accounts accounts, LoginThrottle throttle, VernApp vern, IOptions<VernWebOptions> options) : PageModel
{
    public string? Message { get; private set; }

    public string? UserName { get; private set; }

    public string ReturnUrl { get; private set; } = "/";

    public bool LoggedOut { get; private set; }

    public string? ExternalLogin => options.Value.Oidc.Enabled ? options.Value.Oidc.DisplayName : null;

    public void OnGet([FromQuery(Name = "tilbake")] string? returnUrl, [FromQuery(Name = "ut")] bool loggedOut = false)
    {
        ReturnUrl = SafeReturn(returnUrl);
        LoggedOut = loggedOut;
    }

    public async Task<IActionResult> OnPostAsync([FromForm(Name = "brukernavn")] string? userName, [FromForm(Name = "passord")] string? password,
        [FromForm(Name = "tilbake")] string? returnUrl)
    {
        ReturnUrl = SafeReturn(returnUrl);
        UserName = userName?.Trim();
        if (string.IsNullOrEmpty(UserName) || string.IsNullOrEmpty(password))
            return Refuse("Skriv inn brukernavn og passord.");
        if (await throttle.LockedUntilAsync(vern, UserName) is { } locked)
            return Refuse(Locked(locked));
        var user = await accounts.VerifyAsync(UserName, password, HttpContext.RequestAborted);
        if (user is null)
        {
            var lockedNow = await throttle.FailedAsync(vern, UserName);
            return Refuse(lockedNow is { } until ? Locked(until) : "Feil brukernavn eller passord, eller brukeren er deaktivert.");
        }
        await throttle.SucceededAsync(vern, UserName);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, ActorCookie.Principal(user, "passord"),
            new AuthenticationProperties { IsPersistent = false });
        return LocalRedirect(ReturnUrl);
    }

    public IActionResult OnPostEkstern([FromForm(Name = "tilbake")] string? returnUrl)
    {
        if (!options.Value.Oidc.Enabled)
            return NotFound();
        return Challenge(new AuthenticationProperties { RedirectUri = SafeReturn(returnUrl) }, OpenIdConnectDefaults.AuthenticationScheme);
    }

    private PageResult Refuse(string message)
    {
        Message = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private static string Locked(DateTimeOffset until) =>
        $"For mange mislykkede forsøk: brukeren er låst til {Display.Time(until)}. Prøv igjen senere, eller kontakt administrator.";

    /// <summary>Only a path on this site (no scheme, no host, no "//"), so the login page cannot send anyone elsewhere.</summary>
    private string SafeReturn(string? returnUrl) => returnUrl is { Length: > 0 } && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
