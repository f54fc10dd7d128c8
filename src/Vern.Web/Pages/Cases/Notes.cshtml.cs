using System.Text;
using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Documentation;
using Vern.Rendering;
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

    /// <summary>Staff names by user id, so the page says who wrote what by name ("Sara Saksbehandler", not "sara").</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public string Name(string userId) => Names.TryGetValue(userId, out var name) ? name : userId;


    /// <summary>What was just stored (after a redirect), for the confirmation.</summary>
    [BindProperty(SupportsGet = true, Name = "lagret")]
    public string? Saved { get; set; }

    public Task<IActionResult> OnGetAsync(Guid id) => Act(async () =>
    {
        if (NeedsPurpose)
            return Page();
        Documentation = await Vern.CaseDocumentationAsync(Actor, new CaseId(id), PurposeOr("saksdokumentasjon"));
        MayWrite = Vern.MayWriteDocumentation(Actor, Documentation.Case);
        Names = await Vern.StaffNamesAsync(Actor);
        return Page();
    }, new CaseId(id));

    /// <summary>The case dossier for the county board or the supervisory authority, as a file (never inline): PDF when Chromium is
    /// there, else HTML. Logged by the application layer ("case dossier").</summary>
    public Task<IActionResult> OnGetDossierAsync(Guid id) => Act(async () =>
    {
        if (NeedsPurpose)
            return Page();
        var dossier = await Vern.CaseDossierAsync(Actor, new CaseId(id), PurposeOr("saksdokumentasjon til nemnda eller tilsynet"));
        var html = CaseDossierRenderer.Html(dossier);
        var name = $"saksdokumentasjon-{dossier.Case.JournalNumber.Replace('/', '-')}-{dossier.MadeOn:yyyy-MM-dd}";
        if (DecisionsShowModel.PdfAvailable)
        {
            var path = Path.Combine(Path.GetTempPath(), "vern-dossier-" + Guid.NewGuid().ToString("N") + ".pdf");
            try
            {
                PdfPrinter.Print(html, path, TimeSpan.FromSeconds(90));
                return File(System.IO.File.ReadAllBytes(path), "application/pdf", name + ".pdf");
            }
            finally
            {
                System.IO.File.Delete(path);
            }
        }
        return File(Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", name + ".html");
    }, new CaseId(id));

    public string Purposed(string path) => path + DocForm.PurposeQuery(Purpose);
}
