using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Web.Security;

namespace Vern.Web.Pages.Cases;

/// <summary>Downloads an attachment (issue 22): always as a file (Content-Disposition: attachment, never inline), with the type
/// found by its content; the download is logged in the case's access log by the application layer before the bytes go out.</summary>
public sealed class AttachmentsModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    public Task<IActionResult> OnGetAsync(Guid id, Guid attachmentId) => Act(async () =>
    {
        if (NeedsPurpose)
            return Page();
        var file = await Vern.DownloadAttachmentAsync(Actor, new CaseId(id), attachmentId, PurposeOr("vedlegg"));
        Response.Headers["X-Content-Type-Options"] = "nosniff";
        Response.Headers["Content-Security-Policy"] = "default-src 'none'; sandbox";
        return File(file.Content, file.Attachment.ContentType, file.Attachment.FileName);
    }, new CaseId(id));
}
