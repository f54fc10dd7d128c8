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

    public Task<IActionResult> OnPostAsync(Guid id) => Act(() => Form.PostAsync(this, "date", "entry",
        post => post.Date is { } date ? new WriteNote(date, post.Value("type"), post.Value("text"), post.Entry) : null,
        async command => $"/saker/{id}/notater/{(await Vern.WriteNoteAsync(Actor, new CaseId(id), command)).Id}?lagret=utkast",
        async () => State = (await Vern.ShowCaseAsync(Actor, new CaseId(id), "journalnotat: skrive")).State), new CaseId(id));
}
