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

    public Task<IActionResult> OnPostAsync(Guid id) => Act(() => Form.PostAsync(this, "on", "entry", post =>
    {
        var heard = post.Value("heard") == "ja";
        NotHeardReason? notHeard = !heard && Enum.TryParse<NotHeardReason>(post.Value("heard"), out var r) ? r : null;
        if (!heard && notHeard is null)
            post.Issues.Add(new ValidationIssue("vern.web.choice", Severity.Error, "heard", "Velg om barnet ble hørt, og hvis ikke, hvorfor.", "barnevernsloven § 1-4"));
        return post.Date is not { } on || (!heard && notHeard is null) ? null
            : new ParticipationInput(on, post.Entry, post.Value("heard-by"), post.Value("place"), heard ? post.Value("views") : null, heard ? post.Value("weight") : null,
                notHeard, heard ? null : post.Value("explanation"));
    },
        async input =>
        {
            await Vern.AddParticipationAsync(Actor, new CaseId(id), input);
            return $"/saker/{id}/dokumentasjon?lagret=medvirkning#medvirkning";
        },
        async () => State = (await Vern.ShowCaseAsync(Actor, new CaseId(id), "medvirkning: registrere")).State), new CaseId(id));
}
