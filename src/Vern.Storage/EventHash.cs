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
/// fields contain.</remarks>
public static class EventHash
{
    public const string Format = "vern-event/1";

    /// <summary>The instant as the stores write it (and as the canonical form hashes it).</summary>
    public static string Instant(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    public static string Compute(CaseId caseId, long version, string type, string payloadJson, string recordedBy, string recordedAt, string? previous)
    {
        var text = new StringBuilder(payloadJson.Length + 200).Append(Format).Append('\n');
        Field(text, caseId.Value.ToString("D"));
        Field(text, version.ToString(CultureInfo.InvariantCulture));
        Field(text, type);
        Field(text, payloadJson);
        Field(text, recordedBy);
        Field(text, recordedAt);
        Field(text, previous ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static string Compute(StoredEvent e, string? previous) =>
        Compute(e.CaseId, e.Version, e.Type, e.PayloadJson, e.RecordedBy, e.RecordedAt, previous);

    private static void Field(StringBuilder text, string value) =>
        text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
}
