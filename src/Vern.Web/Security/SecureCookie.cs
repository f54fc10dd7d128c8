namespace Vern.Web.Security;

/// <summary>A cookie that is always marked Secure, HttpOnly and SameSite=Strict, even when the request came over plain
/// HTTP on the loopback address (the <c>vern serve</c> default, http://127.0.0.1:5080): browsers treat loopback as a
/// secure context and keep such cookies, and <see cref="TransportGuard"/> refuses plain HTTP from anywhere else, so a
/// Secure cookie never travels in clear text over a network. (ASP.NET Core's own <c>CookieSecurePolicy.Always</c>
/// refuses to issue antiforgery tokens over plain HTTP at all, loopback included.)</summary>
public sealed class SecureCookie : CookieBuilder
{
    public SecureCookie(string name)
    {
        Name = name;
        HttpOnly = true;
        SameSite = SameSiteMode.Strict;
        SecurePolicy = CookieSecurePolicy.SameAsRequest;
        IsEssential = true;
        Path = "/";
    }

    public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
    {
        var options = base.Build(context, expiresFrom);
        options.Secure = true;
        return options;
    }
}

/// <summary>Refuses a plain-HTTP request that did not come from the loopback address: outside one's own machine Vern is
/// reached over TLS only (directly, or behind a proxy that sets X-Forwarded-Proto when <c>Vern:ForwardedHeaders</c> is
/// true). HTTPS responses carry Strict-Transport-Security.</summary>
public static class TransportGuard
{
    public static IApplicationBuilder UseTransportGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.IsHttps)
        {
            context.Response.Headers.StrictTransportSecurity = "max-age=31536000";
        }
        else if (context.Connection.RemoteIpAddress is { } remote && !System.Net.IPAddress.IsLoopback(remote))
        {
            context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
            await context.Response.WriteAsync("Vern svarer bare over HTTPS (TLS) utenfor denne maskinen. Se docs/web.md.");
            return;
        }
        await next(context);
    });
}
