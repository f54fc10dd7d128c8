using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.CodeLists;
using Vern.Domain.Validation;
using Vern.Storage;
using Vern.Web.Forms;
using Vern.Web.Security;

namespace Vern.Web.Pages.Cases;

/// <summary>A form for one step of <c>vern case record</c>. The form carries the case's version when it was opened; the
/// application layer stores the step only if the case is still at that version (a second editor is told what changed) and
/// only if every rule holds (else each broken rule is shown at its field, with its source, and nothing is stored).</summary>
public sealed class RecordModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    public StepForm Step { get; private set; } = null!;

    public CaseState State { get; private set; } = null!;

    public CaseText Text { get; private set; } = null!;

    /// <summary>Colleagues' names by user id, so "what changed" says who by name.</summary>
    public IReadOnlyDictionary<string, string> Staff { get; private set; } = new Dictionary<string, string>();

    /// <summary>The case's version the form was opened at.</summary>
    public long Version { get; private set; }

    public IReadOnlyList<ValidationIssue> Issues { get; private set; } = [];

    /// <summary>Changes others made after the form was opened (when the case moved on under it).</summary>
    public IReadOnlyList<RecordedEvent> ChangedSince { get; private set; } = [];

    public IReadOnlyDictionary<string, string[]> Values { get; private set; } = new Dictionary<string, string[]>();

    public DateOnly Today { get; private set; }

    public Task<IActionResult> OnGetAsync(Guid id, string step) => Act(async () =>
    {
        if (StepForms.Find(step) is not { } form)
            return NotFound();
        Step = form;
        await Load(new CaseId(id));
        Version = State.Version;
        return Page();
    }, new CaseId(id));

    public Task<IActionResult> OnPostAsync(Guid id, string step, [FromForm(Name = "__version")] long version) => Act(async () =>
    {
        if (StepForms.Find(step) is not { } form)
            return NotFound();
        Step = form;
        var caseId = new CaseId(id);
        Values = Request.Form.ToDictionary(f => f.Key, f => f.Value.Select(v => v ?? "").ToArray());
        Version = version;
        var input = new FormInput(Values);
        var command = form.Build(input);
        if (input.Issues.Count > 0)
            return await Refuse(caseId, input.Issues);
        try
        {
            await Vern.RecordAsync(Actor, caseId, command, version);
        }
        catch (DomainRuleException e)
        {
            return await Refuse(caseId, e.Issues);
        }
        catch (ConcurrencyException e)
        {
            await Load(caseId);
            ChangedSince = [.. State is null ? [] : (await Vern.ShowCaseAsync(Actor, caseId, "registrere: endret av andre")).Timeline.Where(t => t.Version > e.Expected)];
            Version = e.Actual;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        return Redirect($"/saker/{id}?lagret={form.Slug}");
    }, new CaseId(id));

    private async Task<IActionResult> Refuse(CaseId caseId, IReadOnlyList<ValidationIssue> issues)
    {
        var version = Version;
        await Load(caseId);
        Version = version;
        Issues = issues;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task Load(CaseId caseId)
    {
        var page = await Vern.ShowCaseAsync(Actor, caseId, "registrere: " + Step.Slug);
        State = page.State;
        Staff = await Vern.StaffNamesAsync(Actor);
        Text = new CaseText(Vern.CodeLists, State, Staff);
        Today = Vern.Today;
    }

    // ---- For the view ----------------------------------------------------------------------------------------------

    public static string FieldId(FormField f) => "f-" + f.Name.Replace('.', '-');

    public IEnumerable<ValidationIssue> IssuesFor(FormField f) => Issues.Where(i => StepForms.FieldOf(Step, i) == f);

    public IEnumerable<ValidationIssue> CaseIssues => Issues.Where(i => StepForms.FieldOf(Step, i) is null);

    public string Value(string name) => Values.TryGetValue(name, out var v) && v.Length > 0 ? v[0] : "";

    public bool Checked(string name, string value) => Values.TryGetValue(name, out var v) && v.Contains(value);

    /// <summary>The codes of a list that are in force today, in the list's order.</summary>
    public IReadOnlyList<CodeListEntry> CodesOf(FormField f) =>
        f.CodeList is { } path && Vern.CodeLists.TryGet(path, out var list)
            ? [.. list.Entries.Where(e => e.ValidTo is null || e.ValidTo >= Today).GroupBy(e => e.Code).Select(g => g.Last())]
            : [];
}
