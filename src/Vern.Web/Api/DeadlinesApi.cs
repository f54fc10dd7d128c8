using Vern.Application;
using Vern.Web.Security;

namespace Vern.Web.Api;

/// <summary>The national deadline overview (issue 16, speed: "the national deadline list through the API"): open and overdue
/// duties per municipality and duty, small counts suppressed, for analysts and auditors (<see cref="VernApp.NationalDeadlineOverviewAsync"/>).
/// No role gets a national list of children's duties; see docs/web.md.</summary>
public static class DeadlinesApi
{
    /// <summary>A duty (the rule's id and its title in bokmål).</summary>
    public sealed record DutyView(string Id, string Title);

    /// <summary>One municipality's counts, per duty in <see cref="NationalView.Duties"/>' order; null = suppressed («:»).</summary>
    public sealed record CountsView(string Municipality, IReadOnlyList<int?> Open, IReadOnlyList<int?> Overdue, int? OpenInAll, int? OverdueInAll);

    public sealed record NationalView(DateOnly AsOf, int OpenCases, string Suppression, IReadOnlyList<DutyView> Duties, IReadOnlyList<CountsView> Municipalities, CountsView Total);

    public static IEndpointRouteBuilder MapDeadlinesApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1").RequireAuthorization().WithTags("Frister")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/deadlines/national", async (VernApp vern, CurrentUser current, DateOnly? asOf, string? purpose) =>
        {
            var actor = await current.RequireAsync();
            try
            {
                var o = await vern.NationalDeadlineOverviewAsync(actor, asOf ?? vern.Today, purpose ?? "api nasjonal fristoversikt");
                static CountsView Row(DeadlineCountRow r) => new(r.MunicipalityNumber, r.Open, r.Overdue, r.OpenInAll, r.OverdueInAll);
                return Results.Ok(new NationalView(o.AsOf, o.OpenCases, "1–4 og tall som kunne avsløre dem er skjult (null)",
                    [.. o.Duties.Select(d => new DutyView(d.Id, d.Title))], [.. o.Municipalities.Select(Row)], Row(o.Total)));
            }
            catch (AccessDeniedException e)
            {
                return TypedResults.Problem(title: "Ingen tilgang", detail: e.Message, statusCode: StatusCodes.Status403Forbidden);
            }
        }).WithName("NationalDeadlines")
            .WithSummary("Fristoversikt for hele landet: åpne og forfalte lovpålagte oppgaver per kommune og oppgave, små tall skjult (analytiker, tilsyn)");
        return routes;
    }
}
