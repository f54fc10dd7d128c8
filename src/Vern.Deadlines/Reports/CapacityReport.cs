using Vern.Storage;
using Vern.Deadlines.Engine;
using Vern.Deadlines.Facts;
using Vern.Deadlines.Staff;
using Vern.Domain.Text;
using Vern.Domain.Validation;

namespace Vern.Deadlines.Reports;

/// <summary>One caseworker's load: open cases, open and overdue duties, and whether they meet the competence
/// requirement for the core tasks among them. <see cref="CaseworkerId"/> null is the service's unassigned cases.
/// <see cref="Left"/>: the registry says they left the service before the report's date (<see cref="StaffMember.LeftOn"/>), so
/// they bring no capacity and their cases need a new caseworker.</summary>
public sealed record CaseworkerLoad(
    string? CaseworkerId,
    StaffMember? Staff,
    int OpenCases,
    int OpenObligations,
    int Overdue,
    int CoreTaskObligations,
    bool Left = false)
{
    public bool? MeetsCompetence => Staff is null || Left ? null : CompetenceRequirement.IsMet(Staff);

    /// <summary>The årsverk they bring on the report's date: none once they have left; null when the employee is unknown.</summary>
    public double? FullTimeEquivalent => Left ? 0 : Staff?.FullTimeEquivalent;

    /// <summary>Open cases per full-time equivalent, when the employee is known and still works there.</summary>
    public double? CasesPerFte => FullTimeEquivalent is > 0 and var f ? OpenCases / f : null;
}

/// <summary>Kapasitet: staff behind the deadlines for one municipality on a date (seed 003 kap. 6.1, seed 004): caseload
/// and open duties per caseworker, and warnings where a core task is assigned to someone who lacks the competence the
/// law requires (barnevernsloven § 15-6), to someone not in the staff registry, or to no one.</summary>
public sealed record CapacityReport(string MunicipalityNumber, DateOnly AsOf, IReadOnlyList<CaseworkerLoad> Rows, IReadOnlyList<ValidationIssue> Warnings)
{
    public const string CompetenceCode = "vern.kompetanse.kjerneoppgave";
    public const string UnknownCaseworkerCode = "vern.ansatt.ukjent";
    public const string UnassignedCode = "vern.sak.ikke-fordelt";
    public const string LeftCode = "vern.ansatt.sluttet";

    /// <param name="names">User id → name (the application layer's user store), so that a warning about someone not in the staff
    /// registry names them («Sara Saksbehandler har 1 sak …») rather than giving their user id; an id not in it is shown as is.</param>
    public static CapacityReport Compute(string municipalityNumber, DateOnly asOf, IReadOnlyList<CaseFacts> cases, IReadOnlyList<Obligation> open,
        IReadOnlyList<StaffMember> staff, IReadOnlyDictionary<string, string>? names = null)
    {
        var byId = staff.Where(s => s.MunicipalityNumber == municipalityNumber).ToDictionary(s => s.Id);
        var openCases = cases.Where(c => c.MunicipalityNumber == municipalityNumber && c.OpenedOn <= asOf && (c.ClosedOn is null || c.ClosedOn > asOf))
            .GroupBy(c => c.CaseworkerId ?? "").ToDictionary(g => g.Key, g => g.Count());
        var duties = open.Where(o => o.IsOpen && o.Case.MunicipalityNumber == municipalityNumber)
            .GroupBy(o => o.Responsible ?? "").ToDictionary(g => g.Key, g => g.ToList());
        // Someone who has left is a row only while cases or duties are still theirs.
        var ids = openCases.Keys.Union(duties.Keys).Union(byId.Values.Where(s => s.EmployedOn(asOf)).Select(s => s.Id)).ToList();
        var rows = ids.Select(id =>
        {
            var list = duties.GetValueOrDefault(id) ?? [];
            var member = byId.GetValueOrDefault(id);
            return new CaseworkerLoad(id == "" ? null : id, member, openCases.GetValueOrDefault(id),
                list.Count, list.Count(o => o.Status == ObligationStatus.Overdue), list.Count(o => o.Rule.CoreTask),
                Left: member is not null && !member.EmployedOn(asOf));
        })
        .OrderBy(r => r.CaseworkerId is null).ThenByDescending(r => r.OpenObligations).ThenBy(r => r.CaseworkerId, StringComparer.Ordinal)
        .ToList();

        var warnings = new List<ValidationIssue>();
        var binding = asOf >= CompetenceRequirement.InForceFrom;
        foreach (var r in rows)
        {
            if (r.CaseworkerId is null)
            {
                if (r.OpenCases > 0 || r.OpenObligations > 0)
                    warnings.Add(new ValidationIssue(UnassignedCode, Severity.Warning, "saksbehandler[ikke fordelt]",
                        $"{Bokmal.Count(r.OpenCases, "åpen sak", "åpne saker")} med {Bokmal.Count(r.OpenObligations, "åpen oppgave", "åpne oppgaver")} ({Bokmal.Number(r.Overdue)} over fristen) har ingen saksbehandler.",
                        "Vern: hver oppgave skal ha en ansvarlig"));
                continue;
            }
            if (r.Staff is null)
            {
                warnings.Add(new ValidationIssue(UnknownCaseworkerCode, Severity.Warning, $"saksbehandler[{r.CaseworkerId}]",
                    $"{names?.GetValueOrDefault(r.CaseworkerId) ?? r.CaseworkerId} har {Bokmal.Count(r.OpenCases, "sak", "saker")}, men finnes ikke i ansattregisteret; kompetansen kan ikke kontrolleres.",
                    "vern staff import"));
                continue;
            }
            if (r.Left)
            {
                warnings.Add(new ValidationIssue(LeftCode, Severity.Warning, $"saksbehandler[{r.CaseworkerId}]",
                    $"{r.Staff.Name} sluttet {r.Staff.LeftOn:dd.MM.yyyy}, men har fortsatt {Bokmal.Count(r.OpenCases, "åpen sak", "åpne saker")} og {Bokmal.Count(r.OpenObligations, "åpen oppgave", "åpne oppgaver")} ({Bokmal.Number(r.Overdue)} over fristen); de må fordeles til en annen saksbehandler.",
                    "Vern: hver oppgave skal ha en ansvarlig; ansattregisterets sluttdato"));
                continue;
            }
            if (r.CoreTaskObligations > 0 && CompetenceRequirement.Gap(r.Staff) is { } gap)
                warnings.Add(new ValidationIssue(CompetenceCode, binding ? Severity.Error : Severity.Warning, $"saksbehandler[{r.CaseworkerId}]",
                    $"{r.Staff.Name} ({r.Staff.Position}) har {r.CoreTaskObligations} kjerneoppgaver, men oppfyller ikke kompetansekravet: {gap}."
                    + (binding ? "" : $" Kravet gjelder fullt fra {CompetenceRequirement.InForceFrom:yyyy-MM-dd}."),
                    CompetenceRequirement.Source.Citation));
        }
        return new CapacityReport(municipalityNumber, asOf, rows, warnings);
    }
}
