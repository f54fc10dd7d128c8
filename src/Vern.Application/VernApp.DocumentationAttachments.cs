using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;
using Vern.Domain.Validation;
using Vern.Storage;
using Vern.Storage.Documentation;

namespace Vern.Application;

/// <summary>An attachment with its content, as downloaded.</summary>
public sealed record AttachmentFile(Attachment Attachment, byte[] Content);

// Attachments to journal notes and decision documents (issue 22, migration 13): size limit, type by content, stored by SHA-256,
// append-only. Adding one is a documentation write; listing and downloading are reads of the case, each in its access log.
public sealed partial class VernApp
{
    /// <summary>Attaches a file to a note or a decision of the case. Refused (nothing stored) when the file is empty, too large,
    /// not an allowed type by its content, or when the note or decision is not the case's.</summary>
    public async Task<Attachment> AddAttachmentAsync(Actor actor, CaseId caseId, AttachmentOwnerKind ownerKind, Guid ownerId, string fileName, byte[] content)
    {
        var state = await ReadableCase(actor, Operation.WriteDocumentation, caseId, "");
        var issues = AttachmentRules.Validate(fileName, content, out var type).ToList();
        var ownerFound = ownerKind == AttachmentOwnerKind.Note
            ? (await Docs.ReadNoteAsync(new NoteId(ownerId)))?.CaseId == caseId
            : state.FindDecision(new EntryId(ownerId)) is not null;
        if (!ownerFound)
            issues.Add(new ValidationIssue("vern.attachment.owner", Severity.Error, "owner",
                $"{(ownerKind == AttachmentOwnerKind.Note ? "Journalnotatet" : "Vedtaket")} {ownerId} finnes ikke i saken {state.JournalNumber}.", "Vern: et vedlegg hører til et notat eller et vedtak i saken"));
        DocumentationRules.ThrowIfAny(issues);
        var attachment = new Attachment(Guid.NewGuid(), caseId, ownerKind, ownerId, AttachmentRules.CleanFileName(fileName), type!.Code, type.ContentType,
            content.LongLength, ContentHash.Of(content), actor.UserId, _clock.GetUtcNow());
        await Docs.AddAttachmentAsync(attachment, content, state.MunicipalityNumber);
        return attachment;
    }

    /// <summary>The case's attachments (names, types, sizes, hashes; not the contents); logged ("attachment list").</summary>
    public async Task<IReadOnlyList<Attachment>> ListAttachmentsAsync(Actor actor, CaseId caseId, string purpose = "")
    {
        await ReadableCase(actor, Operation.ReadDocumentation, caseId, purpose);
        var list = await Docs.ReadAttachmentsAsync(caseId);
        await LogDocumentation(actor, caseId, "attachment list", purpose);
        return list;
    }

    /// <summary>One attachment of the case with its content (its hash checked); logged in the case's access log ("attachment
    /// download") before it is handed over. An attachment of another case is refused as not found (the refusal logged) before
    /// its content is read.</summary>
    public async Task<AttachmentFile> DownloadAttachmentAsync(Actor actor, CaseId caseId, Guid attachmentId, string purpose = "")
    {
        var state = await ReadableCase(actor, Operation.ReadDocumentation, caseId, purpose);
        var attachment = await Docs.ReadAttachmentAsync(attachmentId);
        if (attachment is null || attachment.CaseId != caseId)
            await DenyNotInCase(actor, Operation.ReadDocumentation, caseId, $"Vedlegget {attachmentId} finnes ikke i saken {state.JournalNumber}.", purpose);
        var content = await Docs.ReadAttachmentContentAsync(attachment!.Sha256)
            ?? throw new InvalidDataException($"Innholdet i vedlegget {attachmentId} mangler i databasen.");
        await LogDocumentation(actor, caseId, "attachment download", purpose);
        return new AttachmentFile(attachment, content);
    }

    /// <summary>The same, given only the attachment's id (the CLI): the attachment's own case is access-checked.</summary>
    public async Task<AttachmentFile> DownloadAttachmentAsync(Actor actor, Guid attachmentId, string purpose = "")
    {
        var attachment = await Docs.ReadAttachmentAsync(attachmentId);
        if (attachment is null)
            await Deny(actor, Operation.ReadDocumentation, null, actor.MunicipalityNumber ?? "*", $"Vedlegget {attachmentId} finnes ikke.", purpose, notFound: true);
        return await DownloadAttachmentAsync(actor, attachment!.CaseId, attachmentId, purpose);
    }
}
