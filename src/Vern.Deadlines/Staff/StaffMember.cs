namespace Vern.Deadlines.Staff;

/// <summary>Utdanning: the highest relevant education of an employee, as the competence requirement distinguishes it.</summary>
public enum Education
{
    /// <summary>No relevant higher education recorded.</summary>
    None,
    /// <summary>Relevant bachelor (barnevernspedagog, sosionom, vernepleier or similar).</summary>
    RelevantBachelor,
    /// <summary>Master in child welfare (barnevernsfaglig mastergrad).</summary>
    ChildWelfareMaster,
    /// <summary>Other relevant education at master level.</summary>
    OtherRelevantMaster,
}

/// <summary>Ansatt: an employee of a municipal child welfare service, with position and competence, in the staff
/// registry (<see cref="StaffRegistry"/>). <see cref="Id"/> is the id used as CaseworkerId on cases.</summary>
/// <param name="Position">Stilling, e.g. "saksbehandler", "leder", "stedfortreder", "fagkonsulent".</param>
/// <param name="YearsInChildWelfare">Documented years of work experience from child welfare.</param>
/// <param name="FurtherEducationCredits">Relevant further education (videreutdanning) in study points.</param>
/// <param name="FullTimeEquivalent">Stillingsprosent as a fraction (1.0 = full time).</param>
public sealed record StaffMember(
    string Id,
    string MunicipalityNumber,
    string Name,
    string Position,
    Education Education,
    int YearsInChildWelfare = 0,
    int FurtherEducationCredits = 0,
    double FullTimeEquivalent = 1.0);
