using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Web.Security;

namespace Vern.Web.Pages;

/// <summary>Search by name, fødselsnummer or journal number within the actor's scope, and full-text search in the case documentation
/// (journal notes, participation records, assessments, decision documents; issue 22) for those who may read it. A POST: the search
/// text (perhaps a fødselsnummer) never goes in a URL, a log line or the browser's history.</summary>
public sealed class SearchModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    [BindProperty(Name = "sok")]
    public string? Query { get; set; }

    public IReadOnlyList<CaseSummary>? Found { get; private set; }

    [BindProperty(Name = "tekst")]
    public string? Text { get; set; }

    /// <summary>The documentation hits, when a text search was made.</summary>
    public IReadOnlyList<SearchHit>? Hits { get; private set; }

    /// <summary>Whether the actor's role may search the documentation at all (the policy's row: caseworker, leader, auditor).</summary>
    public bool MaySearchDocumentation =>
        AccessPolicy.ScopeOf(Actor.Role, Operation.SearchDocumentation) != Scope.None;

    public Task<IActionResult> OnGetAsync() => Act(() => Task.FromResult<IActionResult>(Page()));

    public Task<IActionResult> OnPostTextAsync() => Act(async () =>
    {
        if (string.IsNullOrWhiteSpace(Text) || NeedsPurpose)
            return Page();
        Hits = await Vern.SearchDocumentationAsync(Actor, Text, purpose: PurposeOr("søk i saksdokumentasjon"));
        return Page();
    });

    public Task<IActionResult> OnPostAsync() => Act(async () =>
    {
        if (string.IsNullOrWhiteSpace(Query) || NeedsPurpose)
            return Page();
        Found = await Vern.SearchCasesAsync(Actor, Query, PurposeOr("søk"));
        return Page();
    });
}
