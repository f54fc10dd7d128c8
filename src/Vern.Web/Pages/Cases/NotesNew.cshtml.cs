using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;
using Vern.Domain.Validation;
using Vern.Web.Security;

namespace Vern.Web.Pages.Cases;

/// <summary>Writes a new journal note as a draft (issue 22). A refused form shows each broken rule at its field with its source;
/// nothing is stored then.</summary>
public sealed class NotesNewModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["date"] = "Dato", ["type"] = "Type", ["text"] = "Tekst", ["entry"] = "Gjelder",
    };

    public DocForm Form { get; } = new("notat", Labels);

    public CaseState State { get; private set; } = null!;

    public static IReadOnlyList<(string, string)> TypeOptions => [.. NoteTypes.All.Select(t => (t.Code, t.Name))];

    public Task<IActionResult> OnGetAsync(Guid id) => Act(async () =>
    {
        State = (await Vern.ShowCaseAsync(Actor, new CaseId(id), "journalnotat: skrive")).State;
        Form.Values = new Dictionary<string, string[]> { ["date"] = [Display.Date(Vern.Today)] };
        return Page();
    }, new CaseId(id));

    public Task<IActionResult> OnPostAsync(Guid id) => Act(async () =>
    {
        var caseId = new CaseId(id);
        Form.Values = Request.Form.ToDictionary(f => f.Key, f => f.Value.Select(v => v ?? "").ToArray());
        var issues = new List<ValidationIssue>();
        var date = DocForm.ParseDate(Form.Value("date"), "date", issues);
        var entry = DocForm.ParseEntry(Form.Value("entry"), "entry", issues);
        if (issues.Count == 0)
        {
            try
            {
                var note = await Vern.WriteNoteAsync(Actor, caseId, new WriteNote(date!.Value, Form.Value("type"), Form.Value("text"), entry));
                return Redirect($"/saker/{id}/notater/{note.Id}?lagret=utkast");
            }
            catch (DomainRuleException e)
            {
                issues.AddRange(e.Issues);
            }
        }
        Form.Issues = issues;
        State = (await Vern.ShowCaseAsync(Actor, caseId, "journalnotat: skrive")).State;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }, new CaseId(id));
}
