using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Vern.Deadlines.Reports;

namespace Vern.Web.Api;

/// <summary>The worklist API's JSON (<see cref="WorklistPage"/>), serialised once per page of the same worklists. The application
/// layer hands out the same immutable lists object until the store changes (<c>CaseLookup</c>: the duties are computed once per
/// change, and each actor's narrowing and worklists once per computation), so the bytes of a page of it are the same until then
/// (issue 16, speed: the JSON of a leader's 500 duties was serialised again on every request). The read itself is still checked
/// and logged by <c>VernApp.WorklistsAsync</c> on every call; a new lists object (a change) starts afresh, and the old one's
/// bytes go with it.</summary>
internal static class WorklistJson
{
    /// <summary>Pages kept per lists object (the first pages at the usual sizes); other pages are serialised each time.</summary>
    private const int KeptPages = 8;

    private static readonly ConditionalWeakTable<IReadOnlyList<Worklist>, ConcurrentDictionary<(DateOnly Today, int Page, int Size, string? Caseworker), byte[]>> Kept = new();

    public static byte[] Of(IReadOnlyList<Worklist> lists, DateOnly today, int page, int size, string? caseworker, HttpContext http)
    {
        var pages = Kept.GetValue(lists, _ => new());
        var key = (today, page, size, caseworker);
        if (pages.TryGetValue(key, out var json))
            return json;
        var options = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        json = JsonSerializer.SerializeToUtf8Bytes(WorklistPage.Of(lists, today, page, size, caseworker), options);
        if (pages.Count < KeptPages)
            pages.TryAdd(key, json);
        return json;
    }
}
