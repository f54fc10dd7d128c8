using System.Reflection;
using System.Text.RegularExpressions;
using Vern.Register.Model;

namespace Vern.Register.Export;

/// <summary>Who delivers the file: the file header's Fagsystem (Vern itself) and Avgiver (the municipality).</summary>
public static partial class Reporter
{
    /// <summary>Municipalities whose organisation number Vern knows without being told: the three that
    /// Kravspesifikasjon Avgiver Kontroll 1 names (they must also give Bydelsnummer and Bydelsnavn).</summary>
    private static readonly Dictionary<string, (string OrgNumber, string Name)> Known = new(StringComparer.Ordinal)
    {
        ["0301"] = ("958935420", "Oslo"),
        ["4601"] = ("964338531", "Bergen"),
        ["5001"] = ("942110464", "Trondheim"),
    };

    [GeneratedRegex(@"^\d{9}$")]
    private static partial Regex NineDigits();

    /// <summary>Fagsystem: Leverandor and Navn "Vern", Versjon the assembly's informational version.</summary>
    public static Fagsystem Fagsystem { get; } = new("Vern", "Vern",
        typeof(Reporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] is { Length: > 0 } v ? v : "0.1.0");

    /// <summary>True when the Avgiver is Oslo, Bergen or Trondheim without Bydelsnummer and Bydelsnavn, which SSB's
    /// Avgiver Kontroll 1 reports as an error on every file.</summary>
    public static bool LacksDistrict(Avgiver avgiver) =>
        Known.Values.Any(k => k.OrgNumber == avgiver.Organisasjonsnummer) && (avgiver.Bydelsnummer is null || avgiver.Bydelsnavn is null);

    /// <summary>The Avgiver for a municipality. The organisation number and name come from the arguments, else from the
    /// built-in list (Oslo, Bergen, Trondheim), else a synthetic number "99" + kommunenummer + "999" is used and
    /// <paramref name="synthetic"/> is true: fine for tests and demos, never for a real delivery.</summary>
    public static Avgiver Avgiver(string municipalityNumber, string? orgNumber, string? name, string? districtNumber, string? districtName, out bool synthetic)
    {
        synthetic = false;
        if (orgNumber is not null && !NineDigits().IsMatch(orgNumber))
            throw new ArgumentException($"--org-number: organisasjonsnummeret {orgNumber} må være 9 siffer (Barnevern_v4.xsd Avgiver/@Organisasjonsnummer).");
        if (Known.TryGetValue(municipalityNumber, out var known))
        {
            orgNumber ??= known.OrgNumber;
            name ??= known.Name;
        }
        if (orgNumber is null)
        {
            orgNumber = "99" + municipalityNumber + "999";
            synthetic = true;
        }
        return new Avgiver(orgNumber, municipalityNumber, name ?? $"Kommune {municipalityNumber}", districtNumber, districtName);
    }
}
