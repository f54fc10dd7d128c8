using Vern.Storage;
using Vern.Deadlines.Rules;

namespace Vern.Deadlines.Staff;

/// <summary>Kompetansekrav: decides whether an employee meets the competence requirement for core tasks
/// (kjerneoppgaver) in the municipal child welfare service.</summary>
/// <remarks>Met by a master in child welfare or other relevant education at that level; or by a relevant bachelor
/// with four years' documented experience from child welfare and at least 30 study points of relevant further
/// education. Before <see cref="InForceFrom"/> an unmet requirement is a warning (the transition period); from then
/// on, assigning a core task to someone who does not meet it is an error.
/// Source: barnevernsloven § 15-6, as summarised in seed 003 (Riksrevisjonen) kap. 5.2.2 ("innen 2031"); the exact
/// date in 2031 and the regulation's list of core tasks are not verified: Vern treats the duties marked CoreTask in
/// the rule file as core tasks.</remarks>
public static class CompetenceRequirement
{
    public static readonly LegalSource Source = new("barnevernsloven", "15-6", null, "https://lovdata.no/lov/2021-06-18-97/§15-6",
        "Seed 003 kap. 5.2.2: requirement adopted 2022, to be met by 2031.");

    /// <summary>When the requirement binds (seed 003: "innen 2031"; read as 1 January 2031).</summary>
    public static readonly DateOnly InForceFrom = new(2031, 1, 1);

    public const int RequiredYears = 4;

    public const int RequiredCredits = 30;

    /// <summary>Whether <paramref name="m"/> meets the requirement.</summary>
    public static bool IsMet(StaffMember m) => m.Education switch
    {
        Education.ChildWelfareMaster or Education.OtherRelevantMaster => true,
        Education.RelevantBachelor => m.YearsInChildWelfare >= RequiredYears && m.FurtherEducationCredits >= RequiredCredits,
        Education.None => false,
        _ => throw new NotSupportedException($"The education {m.Education} has not been implemented."),
    };

    /// <summary>Bokmål name of an education level.</summary>
    public static string Label(Education e) => e switch
    {
        Education.None => "ingen relevant",
        Education.RelevantBachelor => "relevant bachelor",
        Education.ChildWelfareMaster => "master i barnevern",
        Education.OtherRelevantMaster => "annen relevant master",
        _ => throw new NotSupportedException($"The education {e} has not been implemented."),
    };

    /// <summary>Bokmål reason the requirement is not met, or null when it is.</summary>
    public static string? Gap(StaffMember m) => IsMet(m) ? null : m.Education switch
    {
        Education.RelevantBachelor => $"bachelor med {m.YearsInChildWelfare} års erfaring (krav {RequiredYears}) og {m.FurtherEducationCredits} studiepoeng videreutdanning (krav {RequiredCredits})",
        _ => "mangler relevant utdanning på bachelor- eller masternivå",
    };
}
