using Vern.Application;
using Vern.Statistics;
using Vern.Web.Security;

namespace Vern.Web.Api;

/// <summary>The indicators of issue 19 under /api/v1 (the same figures as <c>vern stats indicators</c> and the page /statistikk):
/// a leader gets their own municipality's exact figures; an analyst or auditor gets aggregates with small counts suppressed
/// (1–4 as «:», with secondary suppression) — the application layer decides and logs the read.</summary>
public static class StatisticsApi
{
    /// <summary>The answer: the rule small counts were suppressed by (null when the figures are exact) and the rows.</summary>
    public sealed record IndicatorsView(string? Municipality, int FromYear, int ToYear, long CasesRead, SuppressionView? Suppression, IReadOnlyList<IndicatorRow> Rows);

    /// <summary>How small counts were hidden: counts from 1 to <paramref name="MaxSuppressed"/> are shown as «:».</summary>
    public sealed record SuppressionView(int MaxSuppressed, string Symbol);

    public static IEndpointRouteBuilder MapStatisticsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1").RequireAuthorization().WithTags("Statistikk")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/statistics/indicators", async (VernApp vern, CurrentUser current, string? municipality, int? year, int? years, string? purpose) =>
        {
            var actor = await current.RequireAsync();
            try
            {
                var result = await Indicators(vern, actor, municipality, year, years, purpose ?? "api statistikk");
                return Results.Ok(result);
            }
            catch (AccessDeniedException e)
            {
                return TypedResults.Problem(title: "Ingen tilgang", detail: e.Message, statusCode: StatusCodes.Status403Forbidden);
            }
            catch (ArgumentException e)
            {
                return TypedResults.Problem(title: "Ugyldig forespørsel", detail: e.Message, statusCode: StatusCodes.Status400BadRequest);
            }
        }).WithName("StatisticsIndicators")
            .WithSummary("Indikatorene (issue 19) for kommunen eller landet: lederen ser egen kommune, analytiker og tilsyn ser aggregater med små tall skjult");
        return routes;
    }

    /// <summary>The indicators for the page and the API: a leader's own municipality by default; for an aggregates-only role the
    /// municipality asked for, or the nation. <paramref name="year"/> is the last year (default: last year), <paramref name="years"/>
    /// how many (default 2, 1–12).</summary>
    public static async Task<IndicatorsView> Indicators(VernApp vern, Actor actor, string? municipality, int? year, int? years, string purpose)
    {
        var last = year ?? vern.Today.Year - 1;
        var count = years ?? 2;
        if (count is < 1 or > 12)
            throw new ArgumentException($"years: må være mellom 1 og 12 (fikk {count}).");
        if (last is < 1990 or > 2100)
            throw new ArgumentException($"year: må være et år (fikk {last}).");
        if (municipality is not null && (municipality.Length != 4 || !municipality.All(char.IsAsciiDigit)))
            throw new ArgumentException($"municipality: kommunenummer må være fire siffer (fikk «{municipality}»).");
        municipality ??= actor.Role == Vern.Domain.Access.Role.Leader ? actor.MunicipalityNumber : null;
        var result = await vern.StatisticsAsync(actor, new StatisticsQuery(municipality, last - count + 1, last), purpose: purpose);
        var own = result.Rows.Where(r => r.Origin == "vern" && r.AgeGroup == "alle" && r.Region == (municipality ?? Vern.Statistics.Breakdowns.Regions.Nation)).ToList();
        return new IndicatorsView(municipality, last - count + 1, last, result.CasesRead,
            result.Suppression is { } s ? new SuppressionView(s.MaxSuppressed, s.Symbol) : null, own.Count > 0 ? own : result.Rows);
    }
}
