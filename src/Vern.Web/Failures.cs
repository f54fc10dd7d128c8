using Microsoft.AspNetCore.Diagnostics;

namespace Vern.Web;

/// <summary>The last resort for an unexpected failure: a ProblemDetails for the API, the error page for a person; never
/// the exception's text (it may hold personal data), which goes only to the server's log.</summary>
public static class Failures
{
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
        context.Response.Redirect("/feil/500");
    }
}
