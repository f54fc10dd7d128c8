using System.Text.Json;
using Vern.Storage;

namespace Vern.Deadlines.Staff;

/// <summary>Ansattregister as a JSON file (what <c>vern staff import/export</c> reads and writes). The registry itself is
/// the storage port <see cref="IStaffRegistry"/>.</summary>
public static class StaffFile
{
    private static readonly JsonSerializerOptions Json = StaffJson.Options;

    /// <summary>Reads a JSON array of <see cref="StaffMember"/> (camelCase; education as its enum name).</summary>
    public static IReadOnlyList<StaffMember> ParseJson(string json)
    {
        var list = JsonSerializer.Deserialize<List<StaffMember>>(json, Json) ?? [];
        for (int i = 0; i < list.Count; i++)
        {
            if (StaffRules.Check(list[i]) is [var first, ..])
                throw new FormatException($"staff[{i}].{first.Message}");
        }
        return list;
    }

    public static string ToJson(IEnumerable<StaffMember> staff) => JsonSerializer.Serialize(staff, new JsonSerializerOptions(Json) { WriteIndented = true });
}
