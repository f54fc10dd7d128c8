using System.Reflection;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Vern.Web.Api;
using Vern.Web.Security;

namespace Vern.Web;

/// <summary>The web application's one entry point: <c>vern serve</c> and <see cref="Program"/> both call
/// <see cref="Build"/>. Pages and API call the application layer for every read and write; this class only wires
/// security (headers, login, antiforgery), pages, the API and its OpenAPI document.</summary>
public static class VernWeb
{
    /// <summary>The authentication cookie's name: <c>__Host-</c> makes the browser insist on Secure, Path=/ and no Domain.</summary>
    public const string AuthCookie = "__Host-vern";

    public const string AntiforgeryCookie = "__Host-vern-af";

    /// <summary>The setting with the addresses to listen on (as ASP.NET Core's own <c>urls</c>).</summary>
    public const string UrlsKey = "urls";

    /// <summary>Builds the application. <paramref name="settings"/> override configuration (keys as in docs/web.md,
    /// e.g. <c>Vern:Database</c>, <c>urls</c>).</summary>
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // appsettings.json is read once at start: nothing of Vern's reloads its settings, and the watcher that reloading
            // needs watches the working folder and everything under it, so it woke on every write to ./data/vern.db and its WAL
            // (≈ 1 % of the server's CPU under load). An operator's own argument, coming later, still wins.
            Args = ["--hostBuilder:reloadConfigOnChange=false", .. args],
            // Razor pages are compiled into this assembly; when `vern` is the entry assembly MVC must still find them.
            ApplicationName = typeof(VernWeb).Assembly.GetName().Name,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings.Where(s => s.Value is not null));
            if (settings.GetValueOrDefault(UrlsKey) is { Length: > 0 } urls)
                builder.WebHost.UseUrls(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        // Request logs name paths only (ids, never fødselsnummer: search is a POST); keep the framework quiet.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        ConfigureServices(builder.Services, builder.Configuration);
        var app = builder.Build();
        Configure(app);
        return app;
    }

    private static void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VernWebOptions>().Bind(configuration.GetSection(VernWebOptions.Section));
        var oidc = configuration.GetSection(VernWebOptions.Section).Get<VernWebOptions>()?.Oidc ?? new OidcOptions();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<Vern.Web.Pages.RegisterNotices>();
        services.AddVernApplication();
        services.AddVernRequestLimit();

        services.AddVernKeyRing(configuration);
        services.AddAntiforgery(o =>
        {
            o.Cookie = new SecureCookie(AntiforgeryCookie);
            o.FormFieldName = "__vern_af";
        });

        // A bearer access token (integrations, sender systems: Security/AccessTokens.cs) when the request has one, else the cookie.
        var auth = services.AddAuthentication(AccessTokens.PolicyScheme).AddVernAccessTokens()
            .AddCookie(o =>
            {
                o.Cookie = new SecureCookie(AuthCookie);
                o.LoginPath = "/logg-inn";
                o.LogoutPath = "/logg-ut";
                o.AccessDeniedPath = "/ingen-tilgang";
                o.ReturnUrlParameter = "tilbake";
                o.SlidingExpiration = true;
                o.Events = new CookieAuthenticationEvents
                {
                    OnRedirectToLogin = c => ApiOr(c, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = c => ApiOr(c, StatusCodes.Status403Forbidden),
                    OnValidatePrincipal = ActorCookie.ValidateAsync,
                };
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<VernWebOptions>>((o, vern) => o.ExpireTimeSpan = TimeSpan.FromMinutes(vern.Value.IdleTimeoutMinutes))
            // After the framework's own post-configuration, which made the cookie's data-protected ticket format.
            .PostConfigure<TimeProvider>((o, time) => o.TicketDataFormat = new KeptTickets(o.TicketDataFormat, time));
        if (oidc.Enabled)
            auth.AddOpenIdConnect(OpenIdConnectDefaults.AuthenticationScheme, o => ExternalLogin.Configure(o, oidc));
        services.AddAuthorization();

        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Login");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.AllowAnonymousToPage("/ApiReference");
        });
        // After MVC's services, which register ASP.NET Core's antiforgery too: the forms' tokens kept per user and cookie.
        KeptAntiforgeryTokens.Around(services);
        services.AddProblemDetails();
        // An unreadable body or query value throws, so Failures.BadRequestsAsync can name the field (the default 400 names none).
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Bokmål letters as themselves in the HTML (still encoded against XSS: <, >, &, quotes).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Vern API";
            document.Info.Description = "Fagsystem for barnevernet. Hver lesing og skriving går gjennom applikasjonslaget: avgrenset til brukerens tjeneste og logget.";
            return Task.CompletedTask;
        }));
    }

    private static Task ApiOr(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (Failures.IsApi(context.Request))
            context.Response.StatusCode = status;
        else
            context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static void Configure(WebApplication app)
    {
        app.ServeDatabase();
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = Failures.HandleAsync });
        if (app.Configuration.GetValue<bool>($"{VernWebOptions.Section}:ForwardedHeaders"))
            app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto });
        app.UseTransportGuard();
        app.UseSecurityHeaders();
        // An error status with no body: ProblemDetails JSON under /api (Failures.ApiStatusAsync), the error page for a person.
        app.UseWhen(c => Failures.IsApi(c.Request), api =>
        {
            api.UseStatusCodePages(Failures.ApiStatusAsync);
            api.Use(Failures.BadRequestsAsync);
        });
        app.UseWhen(c => !Failures.IsApi(c.Request), pages => pages.UseStatusCodePagesWithReExecute("/feil/{0}"));
        // A bound on requests served at once; the rest wait their turn (RequestLimit: the database's connections are not exhausted).
        app.UseRateLimiter();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapGet("/css/vern.css", Stylesheet).ExcludeFromDescription().AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapRazorPages();
        app.MapVernApi();
        app.MapIntakeApi();
        app.MapStateApi();
        app.MapStatisticsApi();
        app.MapDeadlinesApi();
    }

    private static readonly Lazy<byte[]> Css = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("vern.css")!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    private static IResult Stylesheet(HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Bytes(Css.Value, "text/css; charset=utf-8");
    }
}
