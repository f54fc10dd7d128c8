using System.Globalization;
using Vern.Domain.Validation;
using Vern.Storage;

namespace Vern.Deadlines.Staff;

/// <summary>What an entry of the ansattregister must hold before it is stored, whether it comes from the CLI's file or the web's
/// form: every broken rule names its field (the <see cref="StaffMember"/> property in camelCase, as the file spells it).</summary>
/// <remarks>The registry feeds the leader's capacity figures (cases per årsverk) and the competence check of barnevernsloven
/// § 15-6 (<see cref="CompetenceRequirement"/>), so an employee without a position or with an impossible share of a position
/// would make those figures wrong.</remarks>
public static class StaffRules
{
    public const string Code = "vern.ansatt";

    private const string Source = "Vern: ansattregisteret (kapasitet per årsverk; kompetansekravet, barnevernsloven § 15-6)";

    /// <summary>The education level by its name as the file, the form and the API spell it («RelevantBachelor»); null for any other
    /// text, a number included.</summary>
    public static Education? EducationNamed(string? name) =>
        Enum.TryParse<Education>(name, out var e) && Enum.IsDefined(e) && !int.TryParse(name, out _) ? e : null;

    /// <summary>The rules <paramref name="m"/> breaks; empty when it may be stored.</summary>
    public static IReadOnlyList<ValidationIssue> Check(StaffMember m)
    {
        var issues = new List<ValidationIssue>();
        void Broken(string field, string message) => issues.Add(new ValidationIssue(Code, Severity.Error, field, message, Source));
        if (string.IsNullOrWhiteSpace(m.Id)) Broken("id", "id må fylles ut.");
        if (m.MunicipalityNumber is null || m.MunicipalityNumber.Length != 4 || !m.MunicipalityNumber.All(char.IsAsciiDigit))
            Broken("municipalityNumber", $"municipalityNumber ({m.MunicipalityNumber}) må være 4 siffer.");
        if (string.IsNullOrWhiteSpace(m.Name)) Broken("name", "name må fylles ut.");
        if (string.IsNullOrWhiteSpace(m.Position)) Broken("position", "position må fylles ut.");
        if (!Enum.IsDefined(m.Education)) Broken("education", $"education ({m.Education}) er ikke et kjent utdanningsnivå.");
        if (m.FullTimeEquivalent is <= 0 or > 1 || double.IsNaN(m.FullTimeEquivalent))
            Broken("fullTimeEquivalent", $"fullTimeEquivalent ({m.FullTimeEquivalent.ToString("0.###", CultureInfo.InvariantCulture).Replace('.', ',')}) må være over 0 og høyst 1.");
        if (m.YearsInChildWelfare < 0) Broken("yearsInChildWelfare", $"yearsInChildWelfare ({m.YearsInChildWelfare}) kan ikke være negativ.");
        if (m.FurtherEducationCredits < 0) Broken("furtherEducationCredits", $"furtherEducationCredits ({m.FurtherEducationCredits}) kan ikke være negativ.");
        return issues;
    }
}
