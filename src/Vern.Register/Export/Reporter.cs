using System.Reflection;
using System.Text.RegularExpressions;
using Vern.Register.Model;
using Vern.Storage;

namespace Vern.Register.Export;

/// <summary>The Avgiver as the user gives it (command-line options or configuration); any part may be missing.</summary>
public sealed record ReporterSettings(string? OrganisationNumber = null, string? Name = null, string? DistrictNumber = null, string? DistrictName = null);

/// <summary>Where an Avgiver came from, for the user to see.</summary>
public enum ReporterSource
{
    /// <summary>Given now (--org-number, --municipality-name).</summary>
    Given,
    /// <summary>Recorded earlier: from an imported register file's Avgiver, or given to an earlier export.</summary>
    Recorded,
    /// <summary>Vern's built-in list (Oslo, Bergen, Trondheim: the numbers SSB's Avgiver Kontroll 1 names).</summary>
    BuiltIn,
    /// <summary>A list the caller supplies as data (e.g. the synthetic municipalities' fictional entries).</summary>
    Listed,
}

/// <summary>The municipality's organisation number and name are not known: Vern refuses to make them up (an ArgumentException:
/// the command line reports it as invalid input, exit code 2).</summary>
public sealed class ReporterUnknownException(string message) : ArgumentException(message);

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

    /// <summary>An Avgiver as the reporter log (<see cref="IReporterLog"/>) stores it.</summary>
    public static ReporterRecord ToRecord(Avgiver avgiver) =>
        new(avgiver.Organisasjonsnummer, avgiver.Kommunenummer, avgiver.Kommunenavn, avgiver.Bydelsnummer, avgiver.Bydelsnavn);

    /// <summary>A stored reporter as the file header's Avgiver.</summary>
    public static Avgiver? FromRecord(ReporterRecord? record) =>
        record is null ? null : new Avgiver(record.OrganisationNumber, record.MunicipalityNumber, record.MunicipalityName, record.DistrictNumber, record.DistrictName);

    /// <summary>True when the Avgiver is Oslo, Bergen or Trondheim without Bydelsnummer and Bydelsnavn, which SSB's
    /// Avgiver Kontroll 1 reports as an error on every file.</summary>
    public static bool LacksDistrict(Avgiver avgiver) =>
        Known.Values.Any(k => k.OrgNumber == avgiver.Organisasjonsnummer) && (avgiver.Bydelsnummer is null || avgiver.Bydelsnavn is null);

    /// <summary>The Avgiver for a municipality, never made up. The organisation number and name come, in this order, from
    /// <paramref name="given"/>, from <paramref name="recorded"/> (an imported file's Avgiver, or what an earlier export was
    /// given), from the built-in list (Oslo, Bergen, Trondheim), or from <paramref name="listed"/> (a municipality list the
    /// caller carries as data). A part given overrides that part of the source found; the district comes from
    /// <paramref name="given"/> or <paramref name="recorded"/>.</summary>
    /// <exception cref="ReporterUnknownException">No source gives both the organisation number and the name.</exception>
    /// <exception cref="ArgumentException">The organisation number given is not nine digits.</exception>
    public static Avgiver Resolve(string municipalityNumber, ReporterSettings given, Avgiver? recorded, (string OrgNumber, string Name)? listed, out ReporterSource source)
    {
        if (given.OrganisationNumber is { } org && !NineDigits().IsMatch(org))
            throw new ArgumentException($"--org-number: organisasjonsnummeret {org} må være 9 siffer (Barnevern_v4.xsd Avgiver/@Organisasjonsnummer).");
        if (recorded?.Kommunenummer != municipalityNumber)
            recorded = null;
        (string OrgNumber, string Name)? found = null;
        source = ReporterSource.Given;
        if (recorded is not null)
            (found, source) = ((recorded.Organisasjonsnummer, recorded.Kommunenavn), ReporterSource.Recorded);
        else if (Known.TryGetValue(municipalityNumber, out var known))
            (found, source) = (known, ReporterSource.BuiltIn);
        else if (listed is { } l)
            (found, source) = (l, ReporterSource.Listed);

        var orgNumber = given.OrganisationNumber ?? found?.OrgNumber;
        var name = given.Name ?? found?.Name;
        if (orgNumber is null || string.IsNullOrWhiteSpace(name))
            throw new ReporterUnknownException(
                $"Avgiver for kommune {municipalityNumber} er ukjent: Vern finner ikke på organisasjonsnummer eller kommunenavn. "
                + "Oppgi --org-number (9 siffer) og --municipality-name (Barnevern_v4.xsd Avgiver/@Organisasjonsnummer og @Kommunenavn), "
                + "eller importer en registerfil fra kommunen først (Vern husker dens Avgiver).");
        if (given.OrganisationNumber is not null || given.Name is not null)
            source = ReporterSource.Given;
        return new Avgiver(orgNumber, municipalityNumber, name,
            given.DistrictNumber ?? recorded?.Bydelsnummer, given.DistrictName ?? recorded?.Bydelsnavn);
    }
}
