using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;
using Vern.Domain.Validation;

namespace Vern.Web.Pages.Cases;

/// <summary>An uploaded file handed to the application layer as an attachment of a note or a decision (issue 22). The type is
/// decided by the content there; here only an absent or oversized file is refused before it is read.</summary>
public static class AttachmentsUpload
{
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string> { ["file"] = "Fil", ["name"] = "Fil", ["owner"] = "Fil" };

    public static async Task<IReadOnlyList<ValidationIssue>> SaveAsync(VernApp vern, Actor actor, CaseId caseId, AttachmentOwnerKind kind, Guid owner, IFormFile? file)
    {
        const string source = "Vern: vedlegg (docs/documentation.md)";
        if (file is null || file.Length == 0)
            return [new ValidationIssue("vern.attachment.empty", Severity.Error, "file", "Velg en fil som ikke er tom.", source)];
        if (file.Length > AttachmentRules.MaxBytes)
            return [new ValidationIssue("vern.attachment.too-large", Severity.Error, "file", $"Filen er større enn {AttachmentRules.MaxBytes / 1024 / 1024} MiB.", source)];
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer);
        try
        {
            await vern.AddAttachmentAsync(actor, caseId, kind, owner, file.FileName, buffer.ToArray());
            return [];
        }
        catch (DomainRuleException e)
        {
            return e.Issues;
        }
    }

    public static string Size(long bytes) => bytes < 1024 ? $"{bytes} B" : bytes < 1024 * 1024 ? $"{bytes / 1024.0:0.#} KiB" : $"{bytes / 1024.0 / 1024.0:0.#} MiB";
}

/// <summary>What the <c>AttachmentsBlock</c> partial shows: the attachments, and the upload form when the actor may write.</summary>
public sealed record AttachmentsView(CaseId CaseId, IReadOnlyList<Attachment> Attachments, DocForm Form, bool MayWrite, string? Purpose,
    IReadOnlyDictionary<string, string>? Names = null);
