using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;
using Vern.Domain.Validation;
using Vern.Web.Security;

namespace Vern.Web.Pages.Cases;

/// <summary>Writes a structured assessment (vurdering): the child's best interests (barnevernsloven § 1-3), the alternatives
/// considered and why each was rejected, and why the chosen measure is the least intrusive that is enough. A refused form shows
/// each broken rule at its field with its source; nothing is stored then.</summary>
public sealed class AssessmentsNewModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    /// <summary>How many alternatives the form offers (empty rows are left out).</summary>
    public const int AlternativeRows = 3;

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["on"] = "Dato", ["entry"] = "Gjelder", ["best-interests"] = "Barnets beste", ["alternative"] = "Alternativ 1",
        ["why"] = "Hvorfor alternativ 1 ble forkastet", ["alternative-2"] = "Alternativ 2", ["why-2"] = "Hvorfor alternativ 2 ble forkastet",
        ["alternative-3"] = "Alternativ 3", ["why-3"] = "Hvorfor alternativ 3 ble forkastet", ["least-intrusive"] = "Minste inngrep som er nok",
    };

    public DocForm Form { get; } = new("vurdering", Labels);

    public CaseState State { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(Guid id) => Act(async () =>
    {
        State = (await Vern.ShowCaseAsync(Actor, new CaseId(id), "vurdering: skrive")).State;
        Form.Values = new Dictionary<string, string[]> { ["on"] = [Display.Date(Vern.Today)] };
        return Page();
    }, new CaseId(id));

    public Task<IActionResult> OnPostAsync(Guid id) => Act(() => Form.PostAsync(this, "on", "entry",
        post => post.Date is { } on
            ? new AssessmentInput(on, post.Entry, post.Value("best-interests"), Alternatives(post), post.Value("least-intrusive"))
            : null,
        async input =>
        {
            await Vern.AddAssessmentAsync(Actor, new CaseId(id), input);
            return $"/saker/{id}/dokumentasjon?lagret=vurdering#vurderinger";
        },
        async () => State = (await Vern.ShowCaseAsync(Actor, new CaseId(id), "vurdering: skrive")).State), new CaseId(id));

    /// <summary>The alternatives filled in (a row with neither an alternative nor a reason is left out).</summary>
    private static List<AlternativeConsidered> Alternatives(DocPost post) =>
    [
        .. Enumerable.Range(1, AlternativeRows)
            .Select(i => (Alt: post.Value(i == 1 ? "alternative" : $"alternative-{i}").Trim(), Why: post.Value(i == 1 ? "why" : $"why-{i}").Trim()))
            .Where(a => a.Alt.Length > 0 || a.Why.Length > 0)
            .Select(a => new AlternativeConsidered(a.Alt, a.Why)),
    ];
}
