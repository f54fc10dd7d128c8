using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Storage;
using Vern.Web.Security;

namespace Vern.Web.Pages.Cases;

/// <summary>Who looked at the case (innsynslogg): every read of it, every refused attempt, and every list or export that
/// included it. For leaders and auditors; reading the log is itself logged.</summary>
public sealed class AccessModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    public CaseId CaseId { get; private set; }

    public IReadOnlyList<AccessEntry> Rows { get; private set; } = [];

    /// <summary>The service's staff by user id, to show a name beside the id.</summary>
    public IReadOnlyDictionary<string, string> Staff { get; private set; } = new Dictionary<string, string>();

    public Task<IActionResult> OnGetAsync(Guid id) => Act(async () =>
    {
        CaseId = new CaseId(id);
        if (NeedsPurpose)
            return Page();
        Rows = await Vern.CaseAccessAsync(Actor, CaseId, PurposeOr("innsynslogg"));
        Staff = await Vern.StaffNamesAsync(Actor);
        return Page();
    }, new CaseId(id));
}
