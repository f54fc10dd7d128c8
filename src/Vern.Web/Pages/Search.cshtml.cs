using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Web.Security;

namespace Vern.Web.Pages;

/// <summary>Search by name, fødselsnummer or journal number within the actor's scope. A POST: the search text (perhaps a
/// fødselsnummer) never goes in a URL, a log line or the browser's history.</summary>
public sealed class SearchModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    [BindProperty(Name = "sok")]
    public string? Query { get; set; }

    public IReadOnlyList<CaseSummary>? Found { get; private set; }

    public Task<IActionResult> OnGetAsync() => Act(() => Task.FromResult<IActionResult>(Page()));

    public Task<IActionResult> OnPostAsync() => Act(async () =>
    {
        if (string.IsNullOrWhiteSpace(Query) || NeedsPurpose)
            return Page();
        Found = await Vern.SearchCasesAsync(Actor, Query, PurposeOr("søk"));
        return Page();
    });
}
