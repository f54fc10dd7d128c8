using Microsoft.AspNetCore.Diagnostics;

namespace Vern.Web;

/// <summary>The last resort for an unexpected failure: a ProblemDetails for the API, the error page for a person; never
/// the exception's text (it may hold personal data), which goes only to the server's log.</summary>
public static class Failures
{
    private const string Page = """
        <!DOCTYPE html>
        <html lang="nb"><head><meta charset="utf-8"><title>Noe gikk galt – Vern</title><link rel="stylesheet" href="/css/vern.css"></head>
        <body><main id="innhold"><h1>Noe gikk galt</h1><p>Vern kunne ikke fullføre forespørselen. Ingenting ble lagret.
        Prøv igjen, eller kontakt administrator.</p><p><a href="/">Til forsiden</a></p></main></body></html>
        """;

    /// <summary>A call to the JSON API: a path under /api/ (the reference page /api itself is a page).</summary>
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", out var rest) && rest.HasValue && rest != "/";

    /// <summary>An API answer with an error status and no body of its own (the login challenge's 401, the authorization's 403,
    /// an unknown path's 404, a wrong method's 405 …): a ProblemDetails in bokmål, never the HTML error page.</summary>
    public static Task ApiStatusAsync(StatusCodeContext context)
    {
        var status = context.HttpContext.Response.StatusCode;
        var (title, detail) = status switch
        {
            StatusCodes.Status400BadRequest => ("Ugyldig forespørsel", "Forespørselen kunne ikke behandles. Se API-referansen (/api)."),
            StatusCodes.Status401Unauthorized => ("Ikke innlogget", "Logg inn, eller send en tilgangsnøkkel (Authorization: Bearer vern_…)."),
            StatusCodes.Status403Forbidden => ("Ingen tilgang", "Du har ikke tilgang til dette. Forsøket er logget."),
            StatusCodes.Status404NotFound => ("Finnes ikke", "Adressen finnes ikke i APIet. Se API-referansen (/api)."),
            StatusCodes.Status405MethodNotAllowed => ("Metoden er ikke tillatt", "Adressen finnes, men ikke med denne HTTP-metoden."),
            StatusCodes.Status415UnsupportedMediaType => ("Feil innholdstype", "Send JSON (Content-Type: application/json)."),
            _ => (Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status), null as string),
        };
        return Results.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(context.HttpContext);
    }

    public static async Task HandleAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (error is not null && Vern.Storage.StoreRefusal.Translate(error) is { } refused)
        {
            // A write the database refused by one of Vern's schema rules (issue 17): 409 on both engines, nothing stored.
            context.Response.StatusCode = StatusCodes.Status409Conflict;
            if (IsApi(context.Request))
                await Results.Problem(title: "Avvist av databasen", detail: refused.Message, statusCode: StatusCodes.Status409Conflict,
                    extensions: new Dictionary<string, object?> { ["rule"] = refused.Rule }).ExecuteAsync(context);
            else
            {
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync(Page);
            }
            return;
        }
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Vern.Web").LogError(error, "Unhandled failure on {Path}", context.Request.Path);
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        if (IsApi(context.Request))
        {
            await Results.Problem(title: "Noe gikk galt", detail: "Vern kunne ikke fullføre forespørselen; ingenting ble lagret.",
                statusCode: StatusCodes.Status500InternalServerError).ExecuteAsync(context);
            return;
        }
        // A plain page of its own: no layout, no services, so a failing database cannot make the error page fail too.
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(Page);
    }
}
