using Vern.Application;
using Vern.Domain.State;
using Vern.Domain.Validation;
using Vern.Web.Security;

namespace Vern.Web.Api;

/// <summary>The state side under /api/v1 (issue 21): referrals in the caller's scope (a municipality's, or a Bufetat region's),
/// Bufetat's offer, and the reports (foster home waiting list, duty-to-assist breaches, stays for the co-payments). Through the
/// application layer, so every call is scoped and logged; a referral outside the caller's scope is 404.</summary>
public static class StateApi
{
    /// <summary>A referral as the API shows it (no municipal case id: that stays with the case).</summary>
    public sealed record ReferralView(ReferralId Id, string Municipality, string Region, string Measure, bool Urgent, string Needs, DateOnly SentOn,
        DateOnly DesiredStartOn, string Status, DateOnly? OfferedOn, string? OfferedPlace, int Stays)
    {
        public static ReferralView From(ReferralState r) => new(r.Id, r.Details.MunicipalityNumber, r.Details.Region, r.Details.MeasureCode, r.Details.Urgent,
            r.Details.Needs, r.Details.SentOn, r.Details.DesiredStartOn, r.Status.ToString(), r.Offer?.OfferedOn, r.Offer?.PlaceName, r.Stays.Count);
    }

    /// <summary>An offer (tilsagn) as posted by Bufetat's intake.</summary>
    public sealed record OfferRequest(DateOnly? OfferedOn, string Place, DateOnly StartOn, string? FacilityId, string? Note);

    public static IEndpointRouteBuilder MapStateApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1").RequireAuthorization().WithTags("Bufetat").AddEndpointFilter(Refusals)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/referrals", async (VernApp vern, CurrentUser current, string? purpose) =>
        {
            var actor = await current.RequireAsync();
            return TypedResults.Ok((await vern.ListReferralsAsync(actor, purpose ?? "api henvisninger")).Select(ReferralView.From).ToList());
        }).WithName("ListReferrals").WithSummary("Henvisningene til Bufetat brukeren har tilgang til (kommunens eller regionens)");

        api.MapGet("/referrals/{referral:guid}", async (Guid referral, VernApp vern, CurrentUser current, string? purpose) =>
        {
            var actor = await current.RequireAsync();
            return TypedResults.Ok(ReferralView.From((await vern.ShowReferralAsync(actor, new ReferralId(referral), purpose ?? "api henvisning")).State));
        }).WithName("GetReferral").WithSummary("Én henvisning").ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/referrals/{referral:guid}/offer", async (Guid referral, OfferRequest request, VernApp vern, CurrentUser current) =>
        {
            var actor = await current.RequireAsync();
            var r = await vern.OfferAsync(actor, new ReferralId(referral), new MakeOffer(request.OfferedOn ?? vern.Today, request.FacilityId, request.Place ?? "", request.StartOn, request.Note));
            return TypedResults.Ok(ReferralView.From(r));
        }).WithName("OfferReferral").WithSummary("Bufetats tilsagn på en henvisning (sendes kommunen som Fiks-melding tilsagn)")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/state/waiting-list", async (VernApp vern, CurrentUser current, DateOnly? asOf, string? purpose) =>
        {
            var actor = await current.RequireAsync();
            return TypedResults.Ok(await vern.WaitingListAsync(actor, asOf ?? vern.Today, purpose ?? "api venteliste"));
        }).WithName("FosterHomeWaitingList").WithSummary("Barn som venter på fosterhjem: snitt, median og intervaller per region (002 5.3)");

        api.MapGet("/state/breaches", async (VernApp vern, CurrentUser current, DateOnly? asOf, string? purpose) =>
        {
            var actor = await current.RequireAsync();
            var r = await vern.BreachReportAsync(actor, asOf ?? vern.Today, purpose ?? "api bistandsplikt");
            return TypedResults.Ok(new { r.AsOf, r.PerYear, r.PerRegion, r.PerMeasure, r.Total });
        }).WithName("DutyToAssistBreaches").WithSummary("Brudd på bistandsplikten per år, region, tiltakstype og unike barn (003 6.2.1)");

        api.MapGet("/state/stays", async (VernApp vern, CurrentUser current, DateOnly from, DateOnly to, string? municipality, string? purpose) =>
        {
            var actor = await current.RequireAsync();
            return TypedResults.Ok(await vern.StaysAsync(actor, from, to, municipality, purpose: purpose ?? "api opphold"));
        }).WithName("Stays").WithSummary("Opphold i perioden (kommune, barn, tiltak, fra, til, plassert, bosatt): grunnlaget for egenandelene");
        return routes;
    }

    private static async ValueTask<object?> Refusals(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (DomainRuleException e)
        {
            return Problems.RuleBroken(e.Issues);
        }
        catch (AccessDeniedException e)
        {
            return TypedResults.Problem(title: "Ingen tilgang", detail: e.Message, statusCode: StatusCodes.Status403Forbidden);
        }
        catch (ArgumentException e) when (e.Message.Contains("finnes ikke", StringComparison.Ordinal))
        {
            return TypedResults.Problem(title: "Finnes ikke", detail: e.Message, statusCode: StatusCodes.Status404NotFound);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return TypedResults.Problem(title: "Ugyldig forespørsel", detail: e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }
}
