using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Web.Security;

namespace Vern.Web.Pages.Cases;

/// <summary>The case's documentation (issue 22): journal notes, the child's participation (also where the child was not heard, and
/// why), assessments, and the decisions with their reasoned documents; decisions for a child of 7 or older without documented
/// participation are flagged. One logged read of the case ("documentation overview").</summary>
public sealed class NotesModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    public CaseDocumentation Documentation { get; private set; } = null!;

    public bool MayWrite { get; private set; }

    /// <summary>What was just stored (after a redirect), for the confirmation.</summary>
    [BindProperty(SupportsGet = true, Name = "lagret")]
    public string? Saved { get; set; }

    public Task<IActionResult> OnGetAsync(Guid id) => Act(async () =>
    {
        if (NeedsPurpose)
            return Page();
        Documentation = await Vern.CaseDocumentationAsync(Actor, new CaseId(id), PurposeOr("saksdokumentasjon"));
        MayWrite = Vern.MayWriteDocumentation(Actor, Documentation.Case);
        return Page();
    }, new CaseId(id));

    public string Purposed(string path) => path + DocForm.PurposeQuery(Purpose);
}
