using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;
using Vern.Domain.Validation;
using Vern.Web.Security;

namespace Vern.Web.Pages.Cases;

/// <summary>Records the child's participation (barnevernsloven § 1-4): a conversation with the child (who, where, the child's own
/// views in the child's words, what weight they were given), or that the child was not heard, and why. A refused form shows each
/// broken rule at its field with its source; nothing is stored then.</summary>
public sealed class ParticipationNewModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["on"] = "Dato", ["entry"] = "Gjelder", ["heard"] = "Ble barnet hørt?", ["heard-by"] = "Hvem snakket med barnet",
        ["place"] = "Hvor", ["views"] = "Barnets synspunkter, med barnets egne ord", ["weight"] = "Hvilken vekt synspunktene fikk, og hvorfor",
        ["explanation"] = "Forklaring",
    };

    public static IReadOnlyList<(string, string)> HeardOptions =>
    [
        ("ja", "Ja, barnet ble hørt"),
        .. Enum.GetValues<NotHeardReason>().Select(r => (r.ToString(), "Nei: " + ParticipationRecord.Norwegian(r))),
    ];

    public DocForm Form { get; } = new("medvirkning", Labels);

    public CaseState State { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(Guid id) => Act(async () =>
    {
        State = (await Vern.ShowCaseAsync(Actor, new CaseId(id), "medvirkning: registrere")).State;
        Form.Values = new Dictionary<string, string[]> { ["on"] = [Display.Date(Vern.Today)], ["heard"] = ["ja"] };
        return Page();
    }, new CaseId(id));

    public Task<IActionResult> OnPostAsync(Guid id) => Act(async () =>
    {
        var caseId = new CaseId(id);
        Form.Values = Request.Form.ToDictionary(f => f.Key, f => f.Value.Select(v => v ?? "").ToArray());
        var issues = new List<ValidationIssue>();
        var on = DocForm.ParseDate(Form.Value("on"), "on", issues);
        var entry = DocForm.ParseEntry(Form.Value("entry"), "entry", issues);
        NotHeardReason? notHeard = Form.Value("heard") == "ja" ? null
            : Enum.TryParse<NotHeardReason>(Form.Value("heard"), out var r) ? r : null;
        if (Form.Value("heard") != "ja" && notHeard is null)
            issues.Add(new ValidationIssue("vern.web.choice", Severity.Error, "heard", "Velg om barnet ble hørt, og hvis ikke, hvorfor.", "barnevernsloven § 1-4"));
        if (issues.Count == 0)
        {
            try
            {
                await Vern.AddParticipationAsync(Actor, caseId, new ParticipationInput(on!.Value, entry,
                    Form.Value("heard-by"), Form.Value("place"), notHeard is null ? Form.Value("views") : null, notHeard is null ? Form.Value("weight") : null,
                    notHeard, notHeard is null ? null : Form.Value("explanation")));
                return Redirect($"/saker/{id}/dokumentasjon?lagret=medvirkning#medvirkning");
            }
            catch (DomainRuleException e)
            {
                issues.AddRange(e.Issues);
            }
        }
        Form.Issues = issues;
        State = (await Vern.ShowCaseAsync(Actor, caseId, "medvirkning: registrere")).State;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }, new CaseId(id));
}
