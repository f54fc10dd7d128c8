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

    public static async Task HandleAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Vern.Web").LogError(error, "Unhandled failure on {Path}", context.Request.Path);
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        if (context.Request.Path.StartsWithSegments("/api"))
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
