namespace Vern.Web.Api;

/// <summary>The JSON API under /api/v1: the same operations as the pages, through the same application layer.</summary>
public static class VernApi
{
    public static IEndpointRouteBuilder MapVernApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1").RequireAuthorization().WithTags("Vern");
        api.MapGet("/me", (HttpContext c) => Results.Ok(new { name = c.User.Identity?.Name })).WithName("Me").WithSummary("Hvem er innlogget");
        return routes;
    }
}
