using System.Text;
using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Documentation.Innsyn;
using Vern.Domain.Cases;
using Vern.Rendering;
using Vern.Web.Security;

namespace Vern.Web.Pages.Cases;

/// <summary>Partsinnsyn for the caseworker (issue 18 part 3): the persons on the case with their party status, and for a
/// party the access copy (with redactions, each with its reason and legal basis) and «who looked at my case», as PDF
/// (headless Chromium) or HTML to hand over. Making either is logged by the application layer; listing the persons too.</summary>
public sealed class InnsynModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    public CaseId CaseId { get; private set; }

    public IReadOnlyList<CasePersonView> Persons { get; private set; } = [];

    /// <summary>Why a copy could not be made (not a party, unknown person), shown above the list.</summary>
    public string? Problem { get; private set; }

    public static bool PdfAvailable => PdfPrinter.FindChromium() is not null;

    public Task<IActionResult> OnGetAsync(Guid id) => Act(async () =>
    {
        CaseId = new CaseId(id);
        Persons = await Vern.CasePersonsAsync(Actor, CaseId, PurposeOr("partsinnsyn"));
        return Page();
    }, new CaseId(id));

    /// <summary>The party's access copy as a file to download.</summary>
    public Task<IActionResult> OnPostCopyAsync(Guid id, [FromForm] string party, [FromForm] string format) => Act(async () =>
    {
        CaseId = new CaseId(id);
        try
        {
            var copy = await Vern.InnsynAsync(Actor, CaseId, party, PurposeOr("partsinnsyn"));
            return Download(InnsynRenderer.Html(copy), format, $"innsyn-{copy.JournalNumber.Replace('/', '-')}");
        }
        catch (ArgumentException e)
        {
            Problem = e.Message;
            Persons = await Vern.CasePersonsAsync(Actor, CaseId, PurposeOr("partsinnsyn"));
            return Page();
        }
    }, new CaseId(id));

    /// <summary>«Who looked at my case» for the party, as a file to download.</summary>
    public Task<IActionResult> OnPostAccessAsync(Guid id, [FromForm] string party, [FromForm] string format) => Act(async () =>
    {
        CaseId = new CaseId(id);
        try
        {
            var report = await Vern.PartyAccessReportAsync(Actor, CaseId, party, PurposeOr("innsynslogg til part"));
            return Download(AccessReportRenderer.Html(report), format, $"hvem-har-sett-saken-{report.JournalNumber.Replace('/', '-')}");
        }
        catch (ArgumentException e)
        {
            Problem = e.Message;
            Persons = await Vern.CasePersonsAsync(Actor, CaseId, PurposeOr("partsinnsyn"));
            return Page();
        }
    }, new CaseId(id));

    private FileContentResult Download(string html, string format, string name)
    {
        if (format == "pdf" && PdfAvailable)
        {
            var path = Path.Combine(Path.GetTempPath(), "vern-innsyn-" + Guid.NewGuid().ToString("N") + ".pdf");
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
    }
}
