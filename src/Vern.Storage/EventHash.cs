using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Vern.Domain.Cases;

namespace Vern.Storage;

/// <summary>The tamper-evidence chain: each stored event's SHA-256 over a canonical form of the event and the hash of the
/// event before it in the same stream. Changing, removing or reordering any stored event breaks the chain from there
/// on, and <see cref="StoreVerifier"/> names the first broken version.</summary>
/// <remarks>Canonical form (UTF-8): the line <c>vern-event/1</c>, then each field as its length in UTF-16 code units,
/// a colon, the text and a line feed, in this order: case id (Guid "D"), version (decimal), event type (the JSON
/// discriminator), payload JSON exactly as stored, recorded by, recorded at (ISO 8601 round-trip "O" as stored), and the
/// previous event's hash (lower-case hex; empty for version 1). Length prefixes make the form unambiguous whatever the
/// fields contain. An event that records its recorder's role (migration 16) is hashed in the form <c>vern-event/2</c>: the
/// same fields and then the role; an event without a role (every event stored before, and the role column's null) keeps
/// form 1, so old chains verify unchanged and the role cannot be added, removed or changed without breaking the chain.</remarks>
public static class EventHash
{
    public const string Format = "vern-event/1";

    /// <summary>The form of an event that records its recorder's role.</summary>
    public const string FormatWithRole = "vern-event/2";

    /// <summary>The instant as the stores write it (and as the canonical form hashes it).</summary>
    public static string Instant(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    public static string Compute(CaseId caseId, long version, string type, string payloadJson, string recordedBy, string recordedAt, string? previous,
        string? recordedRole = null)
    {
        var text = new StringBuilder(payloadJson.Length + 200).Append(recordedRole is null ? Format : FormatWithRole).Append('\n');
        Field(text, caseId.Value.ToString("D"));
        Field(text, version.ToString(CultureInfo.InvariantCulture));
        Field(text, type);
        Field(text, payloadJson);
        Field(text, recordedBy);
        Field(text, recordedAt);
        Field(text, previous ?? "");
        if (recordedRole is not null)
            Field(text, recordedRole);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static string Compute(StoredEvent e, string? previous) =>
        Compute(e.CaseId, e.Version, e.Type, e.PayloadJson, e.RecordedBy, e.RecordedAt, previous, e.RecordedRole);

    private static void Field(StringBuilder text, string value) =>
        text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
}
