using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Vern.Application;
using Vern.Web.Api;

namespace Vern.Web.Security;

/// <summary>Access tokens (tilgangsnøkler) for integrations: <c>Authorization: Bearer vern_…</c> on <c>/api/v1</c>. A personal
/// token acts as its user (the same role and scope as that user's login); a system token is a sender system that may only
/// deliver reports (<see cref="IntakeApi"/>): on any other path it is refused with 403, and the refusal is in the access log
/// with the role "system". Pages keep the login cookie; a request with a bearer header is judged by the token alone.</summary>
public static class AccessTokens
{
    /// <summary>The default scheme: the token when the request carries one, else the login cookie.</summary>
    public const string PolicyScheme = "vern";

    public const string Scheme = "vern-token";

    public const string SystemClaim = "vern:system";
    public const string SystemMunicipalityClaim = "vern:system-municipality";
    public const string TokenIdClaim = "vern:token";

    public static AuthenticationBuilder AddVernAccessTokens(this AuthenticationBuilder auth) => auth
        .AddPolicyScheme(PolicyScheme, "Vern", o => o.ForwardDefaultSelector = c =>
            HasBearer(c.Request) ? Scheme : CookieAuthenticationDefaults.AuthenticationScheme)
        .AddScheme<AuthenticationSchemeOptions, AccessTokenHandler>(Scheme, "Tilgangsnøkkel", null);

    /// <summary>True for an API request with a bearer token (pages always use the login cookie).</summary>
    public static bool HasBearer(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") && request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>The sender system the request's token speaks for, or null for a person (or anonymous).</summary>
    public static SenderSystem? Sender(ClaimsPrincipal user) =>
        user.FindFirstValue(SystemClaim) is { } name && Guid.TryParse(user.FindFirstValue(TokenIdClaim), out var id)
            ? new SenderSystem(id, name, user.FindFirstValue(SystemMunicipalityClaim))
            : null;
}

/// <summary>Checks a bearer token through the application layer (hash lookup; revoked or unknown → 401).</summary>
public sealed class AccessTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string SystemRefused = "vern:system-refused";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AccessTokens.HasBearer(Request))
            return AuthenticateResult.NoResult();
        var secret = Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        var vern = Context.RequestServices.GetRequiredService<VernApp>();
        var identity = await vern.AuthenticateTokenAsync(secret);
        if (identity is null)
            return AuthenticateResult.Fail("Ukjent eller tilbakekalt tilgangsnøkkel.");
        List<Claim> claims;
        if (identity.System is { } system)
        {
            if (!Request.Path.StartsWithSegments(IntakeApi.ReportsPath))
            {
                await vern.LogSystemDenialAsync(system, $"{Request.Method} {Request.Path}");
                Context.Items[SystemRefused] = true;
                return AuthenticateResult.Fail("Et avsendersystem kan bare levere meldinger.");
            }
            claims = [new(AccessTokens.SystemClaim, system.Name), new(AccessTokens.TokenIdClaim, system.TokenId.ToString()), new(ClaimTypes.Name, system.LogId)];
            if (system.MunicipalityNumber is { } m)
                claims.Add(new(AccessTokens.SystemMunicipalityClaim, m));
        }
        else
        {
            var person = identity.Person!;
            claims = [new(ClaimTypes.NameIdentifier, person.UserId), new(ClaimTypes.Name, person.Name)];
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name, ClaimTypes.Name, ClaimTypes.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = Context.Items.ContainsKey(SystemRefused) ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
