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

    /// <summary>An API request whose JSON body or query parameter cannot be read (a <c>sex</c> that is no Kjønn code, a date that
    /// is no date, a <c>page</c> that is no number): 400 with a ProblemDetails that names the field and the rule under
    /// <c>errors</c> and <c>issues</c>, as a broken rule's 422 does (issue 16: "errors are ProblemDetails that name the field and
    /// the rule"). The framework's own 400 named neither; with <c>ThrowOnBadRequest</c> its exception comes here. Nothing was stored.</summary>
    public static async Task BadRequestsAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted && e.StatusCode == StatusCodes.Status400BadRequest)
        {
            var (field, rule) = Unreadable(e);
            var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [rule] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = $"Ugyldig forespørsel: feltet «{field}» kan ikke leses. Ingenting ble lagret.",
                Detail = rule,
            };
            problem.Extensions["issues"] = new[] { new { code = "api.field.unreadable", field, severity = "Error", message = rule, source = "API-referansen (/api, /openapi/v1.json)" } };
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await Results.Problem(problem).ExecuteAsync(context);
        }
    }

    /// <summary>The field a bad request names (the JSON path without «$.», or the query parameter) and what it must be.</summary>
    private static (string Field, string Rule) Unreadable(BadHttpRequestException e)
    {
        if (e.InnerException is System.Text.Json.JsonException json)
        {
            var field = json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : json.Path is { Length: > 0 } p && p != "$" ? p : "(kroppen)";
            var m = json.Message;
            var expected = m.Contains("People.Sex", StringComparison.Ordinal) || field == "sex"
                ? "et kjønn som tall: 1 (gutt), 2 (jente) eller 0 (ufødt barn) (Barnevern_v4.xsd Personalia/@Kjonn)"
                : m.Contains("DateOnly", StringComparison.Ordinal) ? "en dato (åååå-mm-dd)"
                : m.Contains("Int32", StringComparison.Ordinal) || m.Contains("Int64", StringComparison.Ordinal) ? "et heltall"
                : m.Contains("Guid", StringComparison.Ordinal) ? "en id (GUID)"
                : "en verdi av riktig type (se API-referansen)";
            return (field, $"«{field}» må være {expected}.");
        }
        // Query and route values: «Failed to bind parameter "int? page" from "abc".»
        var name = System.Text.RegularExpressions.Regex.Match(e.Message, "parameter \"[^\"]*?(\\w+)\"").Groups[1].Value;
        return name.Length > 0 ? (name, $"«{name}» har en verdi som ikke kan leses (se API-referansen).") : ("(forespørselen)", "Forespørselen kan ikke leses (se API-referansen).");
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
