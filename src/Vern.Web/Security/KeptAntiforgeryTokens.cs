using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Vern.Web.Security;

/// <summary>The antiforgery tokens a signed-in user's forms carry, made once per user and antiforgery cookie and kept for a minute
/// (issue 16, speed: every page renders the layout's logout form, and ASP.NET Core's <c>DefaultAntiforgery</c> read the cookie
/// token (a decryption), made a request token and encrypted it, and, when the browser sent no antiforgery cookie, made and
/// encrypted a new cookie token too: 5–8 % of the worklist page's CPU). A request token is valid for exactly one cookie token and
/// one identity (ASP.NET Core binds it to the cookie token's secret and to the claims' digest), so the pair made for one
/// (identity, antiforgery cookie sent) is kept under that key and handed only to a request that is authenticated as the same
/// identity (every claim of every identity, their issuers and the authentication type) and sends the same antiforgery cookie, or
/// none, as the first did. A request that sent none gets the kept cookie set again, as it got a new one before. Anonymous
/// requests (the login form) and everything else (validation) go to ASP.NET Core's antiforgery as before, and a kept pair
/// validates as any other: <c>KeptAntiforgeryTokensTests</c>. What changes: one user's responses within a minute carry the same
/// request token instead of one masked afresh per response, which matters only where responses are compressed with attacker-chosen
/// text in them (BREACH); Vern compresses nothing. Vern registers no <see cref="IAntiforgeryAdditionalDataProvider"/>, whose data
/// would be in the token.</summary>
public sealed class KeptAntiforgeryTokens(IAntiforgery inner, IOptions<AntiforgeryOptions> options, TimeProvider time) : IAntiforgery
{
    /// <summary>How long a pair is kept.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromMinutes(1);

    /// <summary>Pairs kept at most (when full, all are dropped and made again).</summary>
    public const int Capacity = 4096;

    /// <summary>Marks a response that has had its antiforgery cookie set, so a page with several forms sets it once.</summary>
    private static readonly object CookieSet = new();

    private readonly ConcurrentDictionary<(string Identity, string Cookie), (AntiforgeryTokenSet Tokens, DateTimeOffset Until)> _kept = new();

    /// <summary>Replaces ASP.NET Core's antiforgery service in <paramref name="services"/> (registered by <c>AddAntiforgery</c>
    /// and the MVC services) by itself around it.</summary>
    public static void Around(IServiceCollection services)
    {
        var framework = services.Last(s => s.ServiceType == typeof(IAntiforgery));
        var type = framework.ImplementationType ?? throw new InvalidOperationException("ASP.NET Core's antiforgery service is not registered by type.");
        services.Remove(framework);
        services.AddSingleton<IAntiforgery>(sp => new KeptAntiforgeryTokens((IAntiforgery)ActivatorUtilities.CreateInstance(sp, type),
            sp.GetRequiredService<IOptions<AntiforgeryOptions>>(), sp.GetRequiredService<TimeProvider>()));
    }

    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext)
    {
        if (Key(httpContext) is not { } key)
            return inner.GetAndStoreTokens(httpContext);
        var now = time.GetUtcNow();
        if (_kept.TryGetValue(key, out var kept) && now < kept.Until)
        {
            Store(httpContext, kept.Tokens);
            return kept.Tokens;
        }
        var tokens = inner.GetAndStoreTokens(httpContext);
        httpContext.Items[CookieSet] = true;
        if (_kept.Count >= Capacity)
            _kept.Clear();
        _kept[key] = (tokens, now + Kept);
        return tokens;
    }

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext) => inner.GetTokens(httpContext);

    public Task<bool> IsRequestValidAsync(HttpContext httpContext) => inner.IsRequestValidAsync(httpContext);

    public Task ValidateRequestAsync(HttpContext httpContext) => inner.ValidateRequestAsync(httpContext);

    public void SetCookieTokenAndHeader(HttpContext httpContext) => inner.SetCookieTokenAndHeader(httpContext);

    /// <summary>The request's identity (what the request token is bound to) and the antiforgery cookie it sent ("" for none);
    /// null when the request is anonymous.</summary>
    private (string, string)? Key(HttpContext context)
    {
        if (context.User.Identities.All(i => !i.IsAuthenticated))
            return null;
        var identity = new StringBuilder();
        foreach (var i in context.User.Identities)
        {
            identity.Append(i.AuthenticationType).Append('\n');
            foreach (var c in i.Claims)
                identity.Append(c.Type).Append('\0').Append(c.Value).Append('\0').Append(c.Issuer).Append('\n');
        }
        return (identity.ToString(), context.Request.Cookies[options.Value.Cookie.Name!] ?? "");
    }

    /// <summary>What ASP.NET Core's antiforgery does to the response when it hands out tokens: sets a new cookie token (once per
    /// response, with the X-Frame-Options header unless one is set) and marks the response not to be cached.</summary>
    private void Store(HttpContext context, AntiforgeryTokenSet tokens)
    {
        var o = options.Value;
        if (tokens.CookieToken is { } cookie && !context.Items.ContainsKey(CookieSet))
        {
            context.Items[CookieSet] = true;
            context.Response.Cookies.Append(o.Cookie.Name!, cookie, o.Cookie.Build(context));
            if (!o.SuppressXFrameOptionsHeader && !context.Response.Headers.ContainsKey(HeaderNames.XFrameOptions))
                context.Response.Headers.XFrameOptions = "SAMEORIGIN";
        }
        if (context.Response.HasStarted)
            return;
        var headers = context.Response.Headers;
        if (!(CacheControlHeaderValue.TryParse(headers.CacheControl.ToString(), out var cache) && cache.NoCache && cache.NoStore))
            headers.CacheControl = "no-cache, no-store";
        if (!(headers.Pragma.Count > 0 && string.Equals(headers.Pragma[0], "no-cache", StringComparison.OrdinalIgnoreCase)))
            headers.Pragma = "no-cache";
    }
}
