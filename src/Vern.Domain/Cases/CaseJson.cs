using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vern.Domain.Cases;

/// <summary>The one JSON shape of events, commands and state: camelCase, enums as strings, fixed
/// discriminators from <see cref="CaseEvent"/> and <see cref="CaseCommand"/>. Used by storage and by
/// case import/export, so a stored event and an exported one read the same.</summary>
public static class CaseJson
{
    public static readonly JsonSerializerOptions Options = Create(indented: false);

    public static readonly JsonSerializerOptions Indented = Create(indented: true);

    private static readonly FrozenDictionary<Type, string> EventTypes = typeof(CaseEvent)
        .GetCustomAttributes<JsonDerivedTypeAttribute>()
        .ToFrozenDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    /// <summary>The fixed discriminator an event is written with (e.g. "report-of-concern-received").</summary>
    public static string Discriminator(CaseEvent e) =>
        EventTypes.TryGetValue(e.GetType(), out var name)
            ? name
            : throw new NotSupportedException($"The event type {e.GetType().Name} has no JSON discriminator.");

    private static JsonSerializerOptions Create(bool indented)
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowOutOfOrderMetadataProperties = true,
            RespectNullableAnnotations = true,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}
