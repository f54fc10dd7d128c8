using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Vern.Web.Security;

/// <summary>OpenID Connect as an option (ID-porten, Entra ID): the provider authenticates; Vern's user store authorizes.
/// A person the provider knows but Vern does not (or a disabled user) is refused.</summary>
public static class ExternalLogin
{
    public static void Configure(OpenIdConnectOptions o, OidcOptions oidc)
    {
        o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        o.Authority = oidc.Authority;
        o.ClientId = oidc.ClientId;
        o.ClientSecret = oidc.ClientSecret;
        o.ResponseType = "code";
        o.UsePkce = true;
        o.SaveTokens = false;
        o.MapInboundClaims = false;
        o.CallbackPath = "/logg-inn/oidc";
        o.SignedOutCallbackPath = "/logg-ut/oidc";
        o.Scope.Clear();
        o.Scope.Add("openid");
        o.Scope.Add("profile");
        foreach (var scope in oidc.Scopes)
            o.Scope.Add(scope);
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.Always;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.Always;
        o.Events = new OpenIdConnectEvents
        {
            OnTokenValidated = async context =>
            {
                var name = context.Principal?.FindFirst(oidc.UserClaim)?.Value;
                var accounts = context.HttpContext.RequestServices.GetRequiredService<Accounts>();
                var user = name is null ? null : await accounts.FindActiveAsync(name, context.HttpContext.RequestAborted);
                if (user is null)
                {
                    context.Fail($"Innloggingen gjelder ingen aktiv bruker i Vern (kravet {oidc.UserClaim}).");
                    return;
                }
                context.Principal = ActorCookie.Principal(user, "oidc");
            },
            OnRemoteFailure = context =>
            {
                context.Response.Redirect("/logg-inn?ekstern=feil");
                context.HandleResponse();
                return Task.CompletedTask;
            },
        };
    }
}
