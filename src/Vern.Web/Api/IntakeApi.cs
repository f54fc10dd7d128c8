using Vern.Application;
using Vern.Domain.Intake;
using Vern.Domain.Validation;
using Vern.Web.Security;

namespace Vern.Web.Api;

/// <summary>A routing of a received report to a bydel (issue 15), as the API returns it.</summary>
public sealed record RouteView(Guid ReceiptId, int Sequence, string? FromBydel, string ToBydel, string By, DateTimeOffset At)
{
    public static RouteView From(IntakeRoute r) => new(r.ReceiptId, r.Sequence, r.FromBydel, r.ToBydel, r.By, r.At);
}

/// <summary>The body of a routing: the bydel (two digits) the report is sent to.</summary>
public sealed record RouteRequest(string? Bydel);

/// <summary>The receipt as the sender gets it (kvittering).</summary>
public sealed record ReceiptView(Guid ReceiptId, string Sender, string MessageId, DateTimeOffset ReceivedAt, bool Repeated)
{
    public static ReceiptView From(IntakeReceipt r) => new(r.ReceiptId, r.Sender, r.MessageId, r.ReceivedAt, r.Repeated);
}

/// <summary>The receiving endpoint for sender systems (issue 18): <c>POST /api/v1/intake/reports</c> with a system access
/// token. 201 with the receipt once the report is committed; 200 with the same receipt for a resend of the same message id;
/// 400 for a body that is not JSON of the right shape; 422 naming each broken field and rule; 409 for a message id reused
/// for other content. Nothing is stored unless a receipt is returned.</summary>
public static class IntakeApi
{
    public const string ReportsPath = "/api/v1/intake/reports";

    /// <summary>The largest report body accepted (a report is text; attachments are not part of this API).</summary>
    public const int MaxBody = 1_000_000;

    public static IEndpointRouteBuilder MapIntakeApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(ReportsPath, ReceiveAsync)
            .RequireAuthorization(p => p.AddAuthenticationSchemes(AccessTokens.Scheme).RequireAuthenticatedUser())
            .WithTags("Mottak").WithName("ReceiveReport")
            .WithSummary("Lever en bekymringsmelding (avsendersystemer med tilgangsnøkkel); kvittering først når meldingen er lagret")
            // No Accepts<> metadata: it would answer a missing Content-Type with a bare 415; the body is read as text and any
            // fault in it is a ProblemDetails naming the field. Its shape: IncomingReport, docs/intake.md.
            .WithDescription("Kroppen er en bekymringsmelding som JSON (IncomingReport; docs/intake.md). Samme avsender og meldings-id gir samme kvittering.")
            .Produces<ReceiptView>(StatusCodes.Status201Created).Produces<ReceiptView>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        routes.MapPost(ReportsPath + "/{receipt:guid}/route", RouteAsync)
            .RequireAuthorization()
            .WithTags("Mottak").WithName("RouteReport")
            .WithSummary("Videresend en mottatt melding til en bydels innboks (hvem, når, fra og til lagres; § 2-1-fristen går fra mottak)")
            .Produces<RouteView>(StatusCodes.Status200OK).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    /// <summary>A person (a session or a personal token) routes a report; the application layer decides who may (a bydel only
    /// its own reports; the municipality's reception any) and logs a refusal. Another service's report is 403 or 404, as a case is.</summary>
    private static async Task<IResult> RouteAsync(Guid receipt, RouteRequest request, VernApp vern, CurrentUser current)
    {
        try
        {
            var actor = await current.RequireAsync();
            return TypedResults.Ok(RouteView.From(await vern.RouteReportAsync(actor, receipt, request.Bydel ?? "")));
        }
        catch (DomainRuleException e)
        {
            return Problems.RuleBroken(e.Issues);
        }
        catch (AccessDeniedException e)
        {
            return TypedResults.Problem(title: "Ingen tilgang", detail: e.Message, statusCode: StatusCodes.Status403Forbidden);
        }
        catch (Vern.Storage.StoreRefusedException e)
        {
            return TypedResults.Problem(title: "Ikke lagret", detail: e.Message, statusCode: StatusCodes.Status409Conflict);
        }
        catch (ArgumentException e) when (e.Message.StartsWith("Fant ingen", StringComparison.Ordinal))
        {
            return TypedResults.Problem(title: "Finnes ikke", detail: e.Message, statusCode: StatusCodes.Status404NotFound);
        }
        catch (ArgumentException e)
        {
            return TypedResults.Problem(title: "Ikke utført", detail: e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, VernApp vern)
    {
        if (AccessTokens.Sender(http.User) is not { } sender)
            return TypedResults.Problem(title: "Ingen tilgang", statusCode: StatusCodes.Status403Forbidden,
                detail: "Bare avsendersystemer (med en systemnøkkel, «vern token create --system») leverer meldinger hit.");
        if (http.Request.ContentLength > MaxBody)
            return TypedResults.Problem(title: "For stor melding", statusCode: StatusCodes.Status413PayloadTooLarge, detail: $"Høyst {MaxBody} byte. Ingenting ble lagret.");
        string body;
        using (var reader = new StreamReader(http.Request.Body))
            body = await reader.ReadToEndAsync(http.RequestAborted);
        try
        {
            var receipt = await vern.ReceiveReportAsync(sender, body);
            var view = ReceiptView.From(receipt);
            return receipt.Repeated ? TypedResults.Ok(view) : TypedResults.Created($"{ReportsPath}/{receipt.ReceiptId}", view);
        }
        catch (DomainRuleException e) when (e.Issues is [{ Code: IntakeRules.Malformed } issue])
        {
            return TypedResults.Problem(title: "Ugyldig JSON. Ingenting ble lagret.", detail: issue.Message, statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["field"] = issue.Path, ["rule"] = issue.Code });
        }
        catch (DomainRuleException e)
        {
            return Problems.RuleBroken(e.Issues);
        }
        catch (MessageIdReusedException e)
        {
            return TypedResults.Problem(title: "Meldings-id brukt før", detail: e.Message, statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["field"] = "messageId", ["receiptId"] = e.ReceiptId });
        }
    }
}
