using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Vern.Application;

namespace Vern.Web.Api;

/// <summary>The API case read's JSON (<see cref="CaseView"/>), serialised once per overview object. The application layer hands out
/// the same overview while the case is unchanged (<c>CaseLookup.KeptOverview</c>), and the view holds nothing of the reader, so its
/// bytes are the same until the case changes (issue 17, under load: the case read is half the load mix, and serialising its view was
/// most of its CPU). The read itself is still checked and logged by <c>VernApp.CaseOverviewAsync</c> on every call; a changed case
/// is a new overview object, which starts afresh, and the old one's bytes go with it.</summary>
internal static class CaseReadJson
{
    private static readonly ConditionalWeakTable<CaseOverview, byte[]> Kept = new();

    public static byte[] Of(CaseOverview overview, HttpContext http)
    {
        if (Kept.TryGetValue(overview, out var json))
            return json;
        var options = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        json = JsonSerializer.SerializeToUtf8Bytes(CaseView.Of(overview), options);
        Kept.AddOrUpdate(overview, json);
        return json;
    }
}
