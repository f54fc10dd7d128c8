using System.Buffers.Binary;
using System.Text;
using Vern.Domain.Cases;
using Vern.Domain.Validation;

namespace Vern.Domain.Documentation;

/// <summary>What an attachment (vedlegg) belongs to: a journal note or a decision's document.</summary>
public enum AttachmentOwnerKind
{
    Note,
    Decision,
}

/// <summary>A type of file Vern accepts as an attachment, recognised by its content (never by its name or the browser's claim).</summary>
public sealed record AttachmentType(string Code, string Name, string ContentType, string Extension);

/// <summary>Vedlegg: a file attached to a journal note or a decision document (a letter, a report from the school, a photo, an
/// office document). Stored by the SHA-256 of its content, append-only: an attachment once added is never changed or erased
/// (forvaltningsloven § 11 d and arkivlova: what the case was decided on is kept). Never served inline: it is always a download.</summary>
/// <param name="Sha256">Lower-case hex SHA-256 of the content: the content's key in the store.</param>
public sealed record Attachment(
    Guid Id,
    CaseId CaseId,
    AttachmentOwnerKind OwnerKind,
    Guid OwnerId,
    string FileName,
    string TypeCode,
    string ContentType,
    long Size,
    string Sha256,
    string AuthorId,
    DateTimeOffset RecordedAt);

/// <summary>The attachment rules (pure): the size limit, the allowed types as data, type by content sniffing, a safe file
/// name. A refused file gets each broken rule with its source; nothing is stored.</summary>
public static class AttachmentRules
{
    /// <summary>The largest attachment: 20 MiB (Vern's limit: a scanned letter or a phone photo is well under it; video is not a
    /// journal attachment).</summary>
    public const long MaxBytes = 20L * 1024 * 1024;

    public const int MaxFileNameLength = 200;

    public static readonly AttachmentType Pdf = new("pdf", "PDF", "application/pdf", ".pdf");
    public static readonly AttachmentType Png = new("png", "PNG-bilde", "image/png", ".png");
    public static readonly AttachmentType Jpeg = new("jpeg", "JPEG-bilde", "image/jpeg", ".jpg");
    public static readonly AttachmentType Docx = new("docx", "Word-dokument", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx");
    public static readonly AttachmentType Xlsx = new("xlsx", "Excel-regneark", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx");
    public static readonly AttachmentType Pptx = new("pptx", "PowerPoint-presentasjon", "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx");
    public static readonly AttachmentType Odt = new("odt", "OpenDocument-tekst", "application/vnd.oasis.opendocument.text", ".odt");
    public static readonly AttachmentType Ods = new("ods", "OpenDocument-regneark", "application/vnd.oasis.opendocument.spreadsheet", ".ods");

    /// <summary>The types accepted (PDF, images, office files; issue 22). Not HTML, not SVG (script), not macro-enabled office
    /// files, not archives.</summary>
    public static readonly IReadOnlyList<AttachmentType> Allowed = [Pdf, Png, Jpeg, Docx, Xlsx, Pptx, Odt, Ods];

    public static AttachmentType? Find(string code) => Allowed.FirstOrDefault(t => t.Code == code);

    private const string Source = "Vern: vedlegg (docs/documentation.md): PDF, bilder og kontordokumenter, typen avgjøres av innholdet";

    /// <summary>Checks a file offered as an attachment: not empty, within the size limit, of an allowed type by its content, with a
    /// usable name. Returns the issues (empty when it may be stored) and the type found.</summary>
    public static IReadOnlyList<ValidationIssue> Validate(string? fileName, ReadOnlySpan<byte> content, out AttachmentType? type)
    {
        var issues = new List<ValidationIssue>();
        type = null;
        if (content.Length == 0)
            issues.Add(Issue("vern.attachment.empty", "file", "Filen er tom."));
        else if (content.Length > MaxBytes)
            issues.Add(Issue("vern.attachment.too-large", "file", $"Filen er {content.Length / 1024.0 / 1024.0:0.0} MiB; et vedlegg kan være høyst {MaxBytes / 1024 / 1024} MiB."));
        else if ((type = Sniff(content)) is null)
            issues.Add(Issue("vern.attachment.type", "file",
                $"Filens innhold er ikke en tillatt type (tillatt: {string.Join(", ", Allowed.Select(t => t.Name))}). Typen avgjøres av innholdet, ikke av filnavnet."));
        var name = CleanFileName(fileName);
        if (name.Length == 0)
            issues.Add(Issue("vern.attachment.name", "name", "Filen mangler navn."));
        else if (name.Length > MaxFileNameLength)
            issues.Add(Issue("vern.attachment.name", "name", $"Filnavnet kan ha høyst {MaxFileNameLength} tegn."));
        return issues;
    }

    /// <summary>The file's name without any folder part and without control or format characters, trimmed.</summary>
    public static string CleanFileName(string? fileName)
    {
        var name = (fileName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var b = new StringBuilder(name.Length);
        foreach (var ch in name)
        {
            var cat = char.GetUnicodeCategory(ch);
            if (cat is not (System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format) && ch != '"')
                b.Append(ch);
        }
        return b.ToString().Trim().TrimStart('.');
    }

    /// <summary>The allowed type the content is, by its leading bytes (and for zip-based office files, by the archive's entries),
    /// or null.</summary>
    public static AttachmentType? Sniff(ReadOnlySpan<byte> c)
    {
        if (c.StartsWith("%PDF-"u8))
            return Pdf;
        if (c.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            return Png;
        if (c.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
            return Jpeg;
        if (!c.StartsWith("PK\u0003\u0004"u8))
            return null;
        var entries = ZipEntries(c);
        if (entries is null || entries.Any(e => e.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase)))
            return null;
        if (entries.Contains("[Content_Types].xml"))
        {
            if (entries.Contains("word/document.xml"))
                return Docx;
            if (entries.Contains("xl/workbook.xml"))
                return Xlsx;
            if (entries.Contains("ppt/presentation.xml"))
                return Pptx;
            return null;
        }
        // OpenDocument: the first entry is "mimetype", stored uncompressed, holding the media type.
        if (c.Length > 30 && c.Slice(26, 2).SequenceEqual((ReadOnlySpan<byte>)[8, 0]) && c.Slice(30).StartsWith("mimetype"u8))
        {
            var extra = BinaryPrimitives.ReadUInt16LittleEndian(c.Slice(28, 2));
            var body = c.Slice(Math.Min(c.Length, 38 + extra));
            foreach (var t in new[] { Odt, Ods })
                if (body.StartsWith(Encoding.ASCII.GetBytes(t.ContentType)) && (body.Length == t.ContentType.Length || body[t.ContentType.Length] == (byte)'P'))
                    return entries.Contains("content.xml") ? t : null;
        }
        return null;
    }

    /// <summary>The entry names of a zip archive from its central directory, or null when the archive is not well formed.</summary>
    private static HashSet<string>? ZipEntries(ReadOnlySpan<byte> c)
    {
        // End of central directory: 22 bytes plus a comment of up to 65535 bytes, at the end.
        var from = Math.Max(0, c.Length - 22 - 65535);
        var eocd = -1;
        for (var i = c.Length - 22; i >= from; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(c.Slice(i, 4)) == 0x06054b50)
            {
                eocd = i;
                break;
            }
        }
        if (eocd < 0)
            return null;
        var count = BinaryPrimitives.ReadUInt16LittleEndian(c.Slice(eocd + 10, 2));
        var at = (long)BinaryPrimitives.ReadUInt32LittleEndian(c.Slice(eocd + 16, 4));
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var n = 0; n < count; n++)
        {
            if (at < 0 || at + 46 > c.Length || BinaryPrimitives.ReadUInt32LittleEndian(c.Slice((int)at, 4)) != 0x02014b50)
                return null;
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(c.Slice((int)at + 28, 2));
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(c.Slice((int)at + 30, 2));
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(c.Slice((int)at + 32, 2));
            if (at + 46 + nameLength > c.Length)
                return null;
            names.Add(Encoding.UTF8.GetString(c.Slice((int)at + 46, nameLength)));
            at += 46 + nameLength + extraLength + commentLength;
        }
        return names;
    }

    private static ValidationIssue Issue(string code, string field, string message) => new(code, Severity.Error, field, message, Source);
}
