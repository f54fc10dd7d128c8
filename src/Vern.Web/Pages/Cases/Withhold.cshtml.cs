using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;
using Vern.Domain.Parties;
using Vern.Web.Security;

namespace Vern.Web.Pages.Cases;

/// <summary>Withholds the child's views in one participation record – all of them, or a passage – from one party's access copy, on a
/// legal ground (barnevernsloven § 12-6 andre ledd; forvaltningsloven § 19 første ledd bokstav d), with the reason for the file
/// (issue 22). A refused form shows each broken rule at its field; nothing is stored then.</summary>
public sealed class WithholdModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["party"] = "Parten det holdes tilbake fra", ["ground"] = "Grunnlag", ["part"] = "Delen som holdes tilbake", ["reason"] = "Begrunnelse (for saken, ikke for parten)",
    };

    public static IReadOnlyList<(string, string)> GroundOptions => [.. WithholdingGrounds.All.Select(g => (g.Code, g.LegalBasis))];

    public DocForm Form { get; } = new("tilbakehold", Labels);

    public CaseState State { get; private set; } = null!;

    public ParticipationRecord Record { get; private set; } = null!;

    public IReadOnlyList<(string, string)> PartyOptions { get; private set; } = [];

    public IReadOnlyList<ViewsWithheld> Withheld { get; private set; } = [];

    /// <summary>Staff names by user id, so the page says who decided by name.</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    /// <summary>Set after the redirect that follows a stored decision, for the confirmation.</summary>
    [BindProperty(SupportsGet = true, Name = "lagret")]
    public string? Saved { get; set; }

    public string Name(string userId) => Names.TryGetValue(userId, out var name) ? name : userId;

    public Task<IActionResult> OnGetAsync(Guid id, Guid record) => Act(async () =>
    {
        await Load(id, record);
        Form.Values = new Dictionary<string, string[]> { ["ground"] = [WithholdingGrounds.DangerToChild.Code] };
        return Page();
    }, new CaseId(id));

    public Task<IActionResult> OnPostAsync(Guid id, Guid record) => Act(() => Form.PostAsync(this, null, null,
        post => new[] { post.Value("party"), post.Value("ground"), post.Value("part"), post.Value("reason") },
        async values =>
        {
            await Vern.WithholdViewsAsync(Actor, new CaseId(id), record, values[0] ?? "", values[1] ?? "", values[2], values[3] ?? "");
            return $"/saker/{id}/medvirkning/{record}/tilbakehold?lagret=1";
        },
        () => Load(id, record)), new CaseId(id));

    private async Task Load(Guid id, Guid record)
    {
        var caseId = new CaseId(id);
        var documentation = await Vern.CaseDocumentationAsync(Actor, caseId, "tilbakehold av barnets uttalelser");
        State = documentation.Case;
        Record = documentation.Participation.FirstOrDefault(p => p.Id == record) ?? throw new NotInCaseException($"Medvirkningen {record} finnes ikke i saken {State.JournalNumber}.");
        PartyOptions = [.. (await Vern.CasePersonsAsync(Actor, caseId, "tilbakehold av barnets uttalelser")).Where(p => p.Status.IsParty && p.Person.Role != PersonRole.Child)
            .Select(p => (p.Person.Id.ToString(), $"{p.Person.Name} ({PersonText.Role(p.Person.Role)})"))];
        Withheld = [.. (await Vern.WithholdingsAsync(Actor, caseId)).Where(w => w.ParticipationId == record)];
        Names = await Vern.StaffNamesAsync(Actor);
    }
}
