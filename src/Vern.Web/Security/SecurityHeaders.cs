namespace Vern.Web.Security;

/// <summary>Headers every response carries (the duty of confidentiality, barnevernsloven § 13-1): a strict
/// Content-Security-Policy with no inline script and no framing, no MIME sniffing, no referrer, and no caching of
/// anything but the style sheet, so no page with personal data stays in a browser's or proxy's cache.</summary>
public static class SecurityHeaders
{
    /// <summary>Only Vern's own origin; no inline script or style, no plugins, no framing, forms post only to Vern.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Paths whose responses hold no personal data and may be cached.</summary>
    public static bool IsCacheable(PathString path) => path.StartsWithSegments("/css");

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            h.ContentSecurityPolicy = ContentSecurityPolicy;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            h["Cross-Origin-Resource-Policy"] = "same-origin";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            if (!IsCacheable(context.Request.Path))
            {
                h.CacheControl = "no-store";
                h.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        });
        await next(context);
    });
}
