using System.Buffers;
using System.Collections.Frozen;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Vern.Domain.Cases;

/// <summary>The one JSON shape of events, commands and state: camelCase, enums as strings, fixed
/// discriminators from <see cref="CaseEvent"/> and <see cref="CaseCommand"/>. Used by storage and by
/// case import/export, so a stored event and an exported one read the same.</summary>
public static class CaseJson
{
    public static readonly JsonSerializerOptions Options = Create(indented: false);

    public static readonly JsonSerializerOptions Indented = Create(indented: true);

    /// <summary>For reading input from outside (a command file, an imported case): a property that cannot be null must
    /// be present, so a missing date is refused instead of read as 0001-01-01 and a missing record instead of as null.
    /// Nullable properties and those with a default may still be left out, as <see cref="Options"/> writes them.</summary>
    public static readonly JsonSerializerOptions Strict = Create(indented: false, strict: true);

    private static readonly FrozenDictionary<Type, string> EventTypes = typeof(CaseEvent)
        .GetCustomAttributes<JsonDerivedTypeAttribute>()
        .ToFrozenDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    /// <summary>The fixed discriminator an event is written with (e.g. "report-of-concern-received").</summary>
    public static string Discriminator(CaseEvent e) =>
        EventTypes.TryGetValue(e.GetType(), out var name)
            ? name
            : throw new NotSupportedException($"The event type {e.GetType().Name} has no JSON discriminator.");

    /// <summary>Decodes a stored case state: with <see cref="CaseStateReader"/> when the document has the shape <see cref="Options"/>
    /// writes (every state Vern stores), else with System.Text.Json and <see cref="Options"/>; the same state either way.</summary>
    public static CaseState ReadState(ReadOnlySpan<byte> utf8Json) =>
        CaseStateReader.TryRead(utf8Json, out var state) ? state! : JsonSerializer.Deserialize<CaseState>(utf8Json, Options)!;

    /// <summary>Decodes a stored case state given as a .NET string (see <see cref="ReadState(ReadOnlySpan{byte})"/>).</summary>
    public static CaseState ReadState(string json)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            return ReadState(rented.AsSpan(0, Encoding.UTF8.GetBytes(json, rented)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void RequireNonNullable(JsonTypeInfo type)
    {
        foreach (var p in type.Properties)
        {
            if (p.AssociatedParameter is { HasDefaultValue: false, IsNullable: false })
                p.IsRequired = true;
        }
    }

    private static JsonSerializerOptions Create(bool indented, bool strict = false)
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowOutOfOrderMetadataProperties = true,
            RespectNullableAnnotations = true,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        if (strict)
            o.TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { RequireNonNullable } };
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}
