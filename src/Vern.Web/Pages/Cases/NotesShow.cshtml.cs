using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;
using Vern.Domain.Validation;
using Vern.Web.Security;

namespace Vern.Web.Pages.Cases;

/// <summary>One journal note (issue 22): its text, its addenda, and for leaders and auditors every version. A draft can be edited
/// (a new draft version; the earlier is kept) and finalised; a finalised note only gets an addendum or a corrected version with
/// its reason. Each read is logged ("note show"); a refused form shows each broken rule at its field, and nothing is stored.</summary>
public sealed class NotesShowModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    public DocForm Edit { get; } = new("endre", NotesNewModel.Labels);

    public DocForm Finalise { get; } = new("ferdigstill", new Dictionary<string, string>());

    public DocForm Addendum { get; } = new("tillegg", new Dictionary<string, string> { ["text"] = "Tillegg" });

    public DocForm Correction { get; } = new("rett", new Dictionary<string, string> { ["text"] = "Rettet tekst", ["reason"] = "Hvorfor teksten rettes" });

    public DocForm Attach { get; } = new("vedlegg", AttachmentsUpload.Labels);

    public NoteInCase Note { get; private set; } = null!;

    public bool MayWrite { get; private set; }

    /// <summary>Staff names by user id, so the page says who wrote what by name ("Sara Saksbehandler", not "sara").</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public string Name(string userId) => Names.TryGetValue(userId, out var name) ? name : userId;


    [BindProperty(SupportsGet = true, Name = "lagret")]
    public string? Saved { get; set; }

    public Task<IActionResult> OnGetAsync(Guid id, Guid noteId) => Act(async () =>
    {
        if (NeedsPurpose)
            return Page();
        await Load(id, noteId);
        return Page();
    }, new CaseId(id));

    public Task<IActionResult> OnPostEditAsync(Guid id, Guid noteId) => Change(id, noteId, Edit, "date", "entry",
        post => post.Date is { } date ? new EditDraft(date, post.Value("type"), post.Value("text"), post.Entry) : null, "utkast");

    public Task<IActionResult> OnPostFinaliseAsync(Guid id, Guid noteId) => Change(id, noteId, Finalise, null, null, _ => new FinaliseNote(), "ferdigstilt");

    public Task<IActionResult> OnPostAddendumAsync(Guid id, Guid noteId) =>
        Change(id, noteId, Addendum, null, null, post => new AddAddendum(post.Value("text")), "tillegg");

    public Task<IActionResult> OnPostCorrectAsync(Guid id, Guid noteId) =>
        Change(id, noteId, Correction, null, null, post => new CorrectNote(post.Value("text"), post.Value("reason")), "rettet");

    /// <summary>Attaches an uploaded file to the note (draft or finalised: an attachment is evidence added, never a change).</summary>
    public Task<IActionResult> OnPostAttachAsync(Guid id, Guid noteId, IFormFile? file) => Act(async () =>
    {
        var issues = await AttachmentsUpload.SaveAsync(Vern, Actor, new CaseId(id), AttachmentOwnerKind.Note, noteId, file);
        if (issues.Count == 0)
            return Redirect($"/saker/{id}/notater/{noteId}?lagret=vedlegg");
        Attach.Issues = issues;
        await Load(id, noteId);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }, new CaseId(id));

    /// <summary>One new version of the note, sent with the case in the URL (the application refuses a note of another case).</summary>
    private Task<IActionResult> Change(Guid id, Guid noteId, DocForm form, string? dateField, string? entryField, Func<DocPost, NoteCommand?> build, string saved) =>
        Act(() => form.PostAsync(this, dateField, entryField, build,
            async command =>
            {
                await Vern.ChangeNoteAsync(Actor, new CaseId(id), new NoteId(noteId), command);
                return $"/saker/{id}/notater/{noteId}?lagret={saved}";
            },
            () => Load(id, noteId)), new CaseId(id));

    private async Task Load(Guid id, Guid noteId)
    {
        Note = await Vern.NoteInCaseAsync(Actor, new CaseId(id), new NoteId(noteId), PurposeOr("journalnotat"));
        MayWrite = Vern.MayWriteDocumentation(Actor, Note.Case);
        Names = await Vern.StaffNamesAsync(Actor);
        var c = Note.Note.Current;
        if (Edit.Values.Count == 0)
        {
            Edit.Values = new Dictionary<string, string[]>
            {
                ["date"] = [Display.Date(c.Date)], ["type"] = [c.TypeCode], ["text"] = [c.Text],
                ["entry"] = [c.Entry is { } e ? $"{EntryKindValue(e.Kind)}:{e.Id}" : ""],
            };
        }
        if (Correction.Values.Count == 0)
            Correction.Values = new Dictionary<string, string[]> { ["text"] = [c.Text] };
    }

    private static string EntryKindValue(EntryKind kind) => kind switch
    {
        EntryKind.Melding => "melding",
        EntryKind.Undersokelse => "undersokelse",
        EntryKind.Vedtak => "vedtak",
        EntryKind.Tiltak => "tiltak",
        EntryKind.Plan => "plan",
        _ => "ettervern",
    };

    public string SavedText => Saved switch
    {
        "utkast" => "Utkastet er lagret.",
        "ferdigstilt" => "Notatet er ferdigstilt. Fra nå kan det bare få tillegg eller en rettet versjon.",
        "tillegg" => "Tillegget er lagret.",
        "rettet" => "Den rettede versjonen er lagret. Den tidligere teksten er beholdt i historikken.",
        "vedlegg" => "Vedlegget er lagret.",
        _ => "Lagret.",
    };
}
