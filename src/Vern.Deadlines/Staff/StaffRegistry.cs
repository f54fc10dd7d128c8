using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;

namespace Vern.Deadlines.Staff;

/// <summary>Ansattregister: the staff of the services, stored in the case database's own <c>staff</c> table (this
/// feature's table; the event store is not touched). Import replaces an employee's row by id.</summary>
public sealed class StaffRegistry : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly SqliteConnection _connection;

    private StaffRegistry(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens the registry in the database file at <paramref name="path"/> (which must exist).</summary>
    public static StaffRegistry Open(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Databasen {path} finnes ikke.", path);
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            PRAGMA busy_timeout=10000;
            CREATE TABLE IF NOT EXISTS staff (
                staff_id TEXT PRIMARY KEY,
                municipality TEXT NOT NULL,
                name TEXT NOT NULL,
                position TEXT NOT NULL,
                education TEXT NOT NULL,
                years_in_child_welfare INTEGER NOT NULL,
                further_education_credits INTEGER NOT NULL,
                fte REAL NOT NULL);
            """;
        cmd.ExecuteNonQuery();
        return new StaffRegistry(c);
    }

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

    /// <summary>Adds or replaces the given employees in one transaction.</summary>
    public void Upsert(IReadOnlyList<StaffMember> staff)
    {
        using var tx = _connection.BeginTransaction();
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO staff VALUES ($id, $m, $n, $p, $e, $y, $c, $f)
            ON CONFLICT(staff_id) DO UPDATE SET municipality = $m, name = $n, position = $p, education = $e,
                years_in_child_welfare = $y, further_education_credits = $c, fte = $f
            """;
        var ps = new[] { "$id", "$m", "$n", "$p", "$e", "$y", "$c", "$f" }.Select(n => cmd.Parameters.Add(n, SqliteType.Text)).ToArray();
        foreach (var s in staff)
        {
            ps[0].Value = s.Id; ps[1].Value = s.MunicipalityNumber; ps[2].Value = s.Name; ps[3].Value = s.Position;
            ps[4].Value = s.Education.ToString(); ps[5].Value = s.YearsInChildWelfare; ps[6].Value = s.FurtherEducationCredits;
            ps[7].Value = s.FullTimeEquivalent;
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    /// <summary>All employees, optionally of one municipality, by id.</summary>
    public IReadOnlyList<StaffMember> List(string? municipalityNumber = null)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT staff_id, municipality, name, position, education, years_in_child_welfare, further_education_credits, fte FROM staff"
            + (municipalityNumber is null ? "" : " WHERE municipality = $m") + " ORDER BY municipality, staff_id";
        if (municipalityNumber is not null) cmd.Parameters.AddWithValue("$m", municipalityNumber);
        using var r = cmd.ExecuteReader();
        var list = new List<StaffMember>();
        while (r.Read())
            list.Add(new StaffMember(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
                Enum.Parse<Education>(r.GetString(4)), r.GetInt32(5), r.GetInt32(6), r.GetDouble(7)));
        return list;
    }

    public void Dispose() => _connection.Dispose();

}
