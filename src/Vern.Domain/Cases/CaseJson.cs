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
