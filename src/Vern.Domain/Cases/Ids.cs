using System.Text.Json.Serialization;

namespace Vern.Domain.Cases;

/// <summary>Identity of a child welfare case (Sak/@Id in Barnevern_v4.xsd): a UUID of version 1–5.</summary>
[JsonConverter(typeof(CaseIdJsonConverter))]
public readonly record struct CaseId(Guid Value)
{
    public override string ToString() => Value.ToString("D");

    public static CaseId Parse(string text) => new(Guid.Parse(text));
}

/// <summary>Identity of one entry in a case (the @Id of a Melding, Undersokelse, Vedtak, Tiltak, Plan, …):
/// a UUID of version 1–5, unique within the case, as the register requires.</summary>
[JsonConverter(typeof(EntryIdJsonConverter))]
public readonly record struct EntryId(Guid Value)
{
    public override string ToString() => Value.ToString("D");

    public static EntryId Parse(string text) => new(Guid.Parse(text));
}

/// <summary>Makes register-compatible UUIDs (version 4, RFC 4122 variant). A seeded <see cref="Random"/>
/// gives reproducible ids for synthetic data; without one, the system's random generator is used.</summary>
public static class Ids
{
    public static Guid NewUuid(Random? random = null)
    {
        if (random is null)
            return Guid.NewGuid();
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (Guid byte order: bytes 6–7 are little-endian)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }

    public static CaseId NewCaseId(Random? random = null) => new(NewUuid(random));

    public static EntryId NewEntryId(Random? random = null) => new(NewUuid(random));
}

internal sealed class CaseIdJsonConverter : JsonConverter<CaseId>
{
    public override CaseId Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        new(reader.GetGuid());

    public override void Write(System.Text.Json.Utf8JsonWriter writer, CaseId value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}

internal sealed class EntryIdJsonConverter : JsonConverter<EntryId>
{
    public override EntryId Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        new(reader.GetGuid());

    public override void Write(System.Text.Json.Utf8JsonWriter writer, EntryId value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
