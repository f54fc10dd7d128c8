using System.Text.Json;
using System.Text.Json.Serialization;
using Vern.Storage;

namespace Vern.Deadlines.Staff;

/// <summary>Ansattregister as a JSON file (what <c>vern staff import/export</c> reads and writes). The registry itself is
/// the storage port <see cref="IStaffRegistry"/>.</summary>
public static class StaffFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Reads a JSON array of <see cref="StaffMember"/> (camelCase; education as its enum name).</summary>
    public static IReadOnlyList<StaffMember> ParseJson(string json)
    {
        var list = JsonSerializer.Deserialize<List<StaffMember>>(json, Json) ?? [];
        for (int i = 0; i < list.Count; i++)
        {
            var m = list[i];
            if (string.IsNullOrWhiteSpace(m.Id)) throw new FormatException($"staff[{i}].id må fylles ut.");
            if (m.MunicipalityNumber is null || m.MunicipalityNumber.Length != 4 || !m.MunicipalityNumber.All(char.IsAsciiDigit))
                throw new FormatException($"staff[{i}].municipalityNumber ({m.MunicipalityNumber}) må være 4 siffer.");
            if (string.IsNullOrWhiteSpace(m.Name)) throw new FormatException($"staff[{i}].name må fylles ut.");
            if (string.IsNullOrWhiteSpace(m.Position)) throw new FormatException($"staff[{i}].position må fylles ut.");
            if (m.FullTimeEquivalent is <= 0 or > 1) throw new FormatException($"staff[{i}].fullTimeEquivalent ({m.FullTimeEquivalent}) må være over 0 og høyst 1.");
            if (m.YearsInChildWelfare < 0 || m.FurtherEducationCredits < 0) throw new FormatException($"staff[{i}]: erfaring og studiepoeng kan ikke være negative.");
        }
        return list;
    }

    public static string ToJson(IEnumerable<StaffMember> staff) => JsonSerializer.Serialize(staff, new JsonSerializerOptions(Json) { WriteIndented = true });
}
