using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;

namespace Vern.Web.Pages;

/// <summary>The API's reference page, rendered on the server from the endpoints themselves (the same names and summaries the
/// OpenAPI document at /openapi/v1.json carries); no script, no external viewer.</summary>
public sealed class ApiReferenceModel(EndpointDataSource endpoints) : PageModel
{
    public sealed record Operation(string Method, string Path, string Name, string Summary);

    public IReadOnlyList<Operation> Operations { get; private set; } = [];

    public void OnGet() => Operations = [.. endpoints.Endpoints.OfType<RouteEndpoint>()
        .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
        .Select(e => new Operation(
            string.Join(", ", e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []),
            e.RoutePattern.RawText!.Replace(":guid", "", StringComparison.Ordinal),
            e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "",
            e.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary ?? ""))
        .OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.Method, StringComparer.Ordinal)];
}
