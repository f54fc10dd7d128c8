using Vern.Application;
using Vern.Domain.State;
using Vern.Domain.Validation;
using Vern.Web.Security;

namespace Vern.Web.Api;

/// <summary>The state side under /api/v1 (issue 21): referrals in the caller's scope (a municipality's, or a Bufetat region's),
/// Bufetat's offer, and the reports (foster home waiting list, duty-to-assist breaches, stays for the co-payments). Through the
/// application layer, so every call is scoped and logged; a referral outside the caller's scope is 404.</summary>
public static partial class StateApi
{
    /// <summary>A referral as the API shows it (no municipal case id: that stays with the case).</summary>
    public sealed record ReferralView(ReferralId Id, string Municipality, string Region, string Measure, bool Urgent, string Needs, DateOnly SentOn,
        DateOnly DesiredStartOn, string Status, DateOnly? OfferedOn, string? OfferedPlace, int Stays)
    {
        public static ReferralView From(ReferralState r) => new(r.Id, r.Details.MunicipalityNumber, r.Details.Region, r.Details.MeasureCode, r.Details.Urgent,
            r.Details.Needs, r.Details.SentOn, r.Details.DesiredStartOn, r.Status.ToString(), r.Offer?.OfferedOn, r.Offer?.PlaceName, r.Stays.Count);
    }

    /// <summary>A referral as a municipal caseworker or leader posts it from a case (the app adds the child, municipality and id).</summary>
    /// <param name="Measure">The measure type code (<c>foster-home</c>, <c>institution-care</c>, …).</param>
    /// <param name="CentrePurpose">For a parent and child centre: <c>assessment</c> or <c>guidance</c>.</param>
    /// <param name="Region">The Bufetat region; null: from the municipality's county.</param>
    public sealed record SendReferralRequest(Guid CaseId, string Measure, string Needs, DateOnly? DesiredStartOn, bool Urgent = false,
        string? CentrePurpose = null, bool UnaccompaniedMinor = false, string? Region = null);

    /// <summary>A withdrawal (trukket melding) by the municipality, or a rejection (avslag) by Bufetat: the date and the reason.</summary>
    public sealed record CloseRequest(DateOnly? On, string? Reason);

    /// <summary>An offer (tilsagn) as posted by Bufetat's intake.</summary>
    public sealed record OfferRequest(DateOnly? OfferedOn, string? Place, DateOnly? StartOn, string? FacilityId, string? Note);

    public static IEndpointRouteBuilder MapStateApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1").RequireAuthorization().WithTags("Bufetat").AddEndpointFilter(Refusals)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/referrals", async (VernApp vern, CurrentUser current, string? purpose) =>
        {
            var actor = await current.RequireAsync();
            return TypedResults.Ok((await vern.ListReferralsAsync(actor, purpose ?? "api henvisninger")).Select(ReferralView.From).ToList());
        }).WithName("ListReferrals").WithSummary("Henvisningene til Bufetat brukeren har tilgang til (kommunens eller regionens)");

        api.MapPost("/referrals", async Task<IResult> (SendReferralRequest request, VernApp vern, CurrentUser current) =>
        {
            var actor = await current.RequireAsync();
            if (request.DesiredStartOn is not { } desired)
                return Problems.RuleBroken([Field("desiredStartOn", "desiredStartOn: oppgi ønsket oppstart (dato).")]);
            CentrePurpose? purpose = request.CentrePurpose is null ? null
                : Enum.TryParse<CentrePurpose>(request.CentrePurpose, ignoreCase: true, out var p) ? p
                : throw new DomainRuleException([Field("centrePurpose", $"centrePurpose: «{request.CentrePurpose}» er verken assessment (utredning) eller guidance (veiledning).")]);
            if (MeasureTypes.Find(request.Measure ?? "") is null)
                return Problems.RuleBroken([Field("measure", $"measure: ukjent tiltakstype «{request.Measure}». Gyldige: {string.Join(", ", MeasureTypes.All.Select(m => m.Code))}.")]);
            var r = await vern.SendReferralAsync(actor, new ReferralInput(new Vern.Domain.Cases.CaseId(request.CaseId), request.Measure!, request.Needs ?? "", desired, request.Urgent,
                purpose, request.UnaccompaniedMinor, request.Region));
            return Results.Created($"/api/v1/referrals/{r.Id}", ReferralView.From(r));
        }).WithName("SendReferral").WithSummary("Kommunens henvisning til Bufetat fra en sak (sendes som Fiks-melding henvisning)")
            .Produces<ReferralView>(StatusCodes.Status201Created).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/referrals/{referral:guid}/withdraw", async (Guid referral, CloseRequest request, VernApp vern, CurrentUser current) =>
        {
            var actor = await current.RequireAsync();
            return TypedResults.Ok(ReferralView.From(await vern.WithdrawReferralAsync(actor, new ReferralId(referral), request.On, request.Reason ?? "")));
        }).WithName("WithdrawReferral").WithSummary("Kommunen trekker henvisningen (Fiks-melding trukket melding)")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/referrals/{referral:guid}/reject", async (Guid referral, CloseRequest request, VernApp vern, CurrentUser current) =>
        {
            var actor = await current.RequireAsync();
            return TypedResults.Ok(ReferralView.From(await vern.RejectAsync(actor, new ReferralId(referral), request.On, request.Reason ?? "")));
        }).WithName("RejectReferral").WithSummary("Bufetats avslag på en henvisning, med begrunnelse")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/referrals/{referral:guid}", async (Guid referral, VernApp vern, CurrentUser current, string? purpose) =>
        {
            var actor = await current.RequireAsync();
            return TypedResults.Ok(ReferralView.From((await vern.ShowReferralAsync(actor, new ReferralId(referral), purpose ?? "api henvisning")).State));
        }).WithName("GetReferral").WithSummary("Én henvisning").ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/referrals/{referral:guid}/offer", async Task<IResult> (Guid referral, OfferRequest request, VernApp vern, CurrentUser current) =>
        {
            var actor = await current.RequireAsync();
            if (request.StartOn is not { } start)
                return Problems.RuleBroken([Field("startOn", "startOn: oppgi oppstartsdato for tilbudet.")]);
            var r = await vern.OfferAsync(actor, new ReferralId(referral), new MakeOffer(request.OfferedOn ?? vern.Today, request.FacilityId, request.Place ?? "", start, request.Note));
            return TypedResults.Ok(ReferralView.From(r));
        }).WithName("OfferReferral").WithSummary("Bufetats tilsagn på en henvisning (sendes kommunen som Fiks-melding tilsagn)").Produces<ReferralView>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/state/waiting-list", async (VernApp vern, CurrentUser current, DateOnly? asOf, string? purpose) =>
        {
            var actor = await current.RequireAsync();
            return TypedResults.Ok(await vern.WaitingTableAsync(actor, asOf ?? vern.Today, purpose ?? "api venteliste"));
        }).WithName("FosterHomeWaitingList").WithSummary("Barn som venter på fosterhjem: snitt, median og intervaller per region (002 5.3); små tall prikket (null) for analytikere");

        api.MapGet("/state/breaches", async (VernApp vern, CurrentUser current, DateOnly? asOf, string? purpose) =>
        {
            var actor = await current.RequireAsync();
            return TypedResults.Ok(await vern.BreachTableAsync(actor, asOf ?? vern.Today, purpose ?? "api bistandsplikt"));
        }).WithName("DutyToAssistBreaches").WithSummary("Brudd på bistandsplikten per år, region, tiltakstype og unike barn (003 6.2.1); små tall prikket (null) for analytikere");

        api.MapGet("/state/facilities", async (VernApp vern, CurrentUser current, string? region, string? purpose) =>
        {
            var actor = await current.RequireAsync();
            return TypedResults.Ok(await vern.FacilitiesAsync(actor, region));
        }).WithName("Facilities").WithSummary("Sentre for foreldre og barn og institusjoner: plasser og døgnpris (000 kap. 2)");

        api.MapGet("/state/stays", async (VernApp vern, CurrentUser current, DateOnly from, DateOnly to, string? municipality, string? purpose) =>
        {
            var actor = await current.RequireAsync();
            return TypedResults.Ok(await vern.StaysAsync(actor, from, to, municipality, purpose: purpose ?? "api opphold"));
        }).WithName("Stays").WithSummary("Opphold i perioden (kommune, barn, tiltak, fra, til, plassert, bosatt): grunnlaget for egenandelene");
        return routes;
    }

    private static ValidationIssue Field(string field, string message) => new("vern.api.field", Severity.Error, field, message, "Vern API");

    private static async ValueTask<object?> Refusals(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (DomainRuleException e)
        {
            // The domain names fields as the CLI's options ("start-on"); the API names them as its JSON fields ("startOn").
            return Problems.RuleBroken([.. e.Issues.Select(i => i with { Path = JsonName(i.Path) })]);
        }
        catch (AccessDeniedException e)
        {
            return TypedResults.Problem(title: "Ingen tilgang", detail: e.Message, statusCode: StatusCodes.Status403Forbidden);
        }
        catch (ArgumentException e) when (e.Message.Contains("finnes ikke", StringComparison.Ordinal))
        {
            return TypedResults.Problem(title: "Finnes ikke", detail: e.Message, statusCode: StatusCodes.Status404NotFound);
        }
        catch (ArgumentException e) when (OptionField().Match(e.Message) is { Success: true } m)
        {
            // The application layer names the field as its CLI option (--region: …): the API names it as its JSON field.
            return Problems.RuleBroken([Field(JsonName(m.Groups[1].Value), e.Message)]);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return TypedResults.Problem(title: "Ugyldig forespørsel", detail: e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>"desired-start" → "desiredStart".</summary>
    private static string JsonName(string option) =>
        string.Concat(option.Split('-').Select((w, i) => i == 0 || w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));

    [System.Text.RegularExpressions.GeneratedRegex("^--([a-z][a-z-]*):")]
    private static partial System.Text.RegularExpressions.Regex OptionField();
}
