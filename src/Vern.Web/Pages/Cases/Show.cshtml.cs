using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Storage;
using Vern.Web.Forms;
using Vern.Web.Security;

namespace Vern.Web.Pages.Cases;

/// <summary>The case page: the child, the status, open duties, register controls that would fail now, and the timeline (who,
/// when). One logged read of the case.</summary>
public sealed class ShowModel(VernApp vern, CurrentUser current, SsbReference reference) : VernPageModel(vern, current)
{
    public CaseOverview Case { get; private set; } = null!;

    public CaseText Text { get; private set; } = null!;

    /// <summary>The service's staff by user id: the caseworker and the timeline's "registrert av" by name.</summary>
    public IReadOnlyDictionary<string, string> Staff { get; private set; } = new Dictionary<string, string>();

    /// <summary>The steps this actor may take here (the application layer still decides when one is sent).</summary>
    public IReadOnlyList<StepForm> Steps { get; private set; } = [];

    /// <summary>The step just recorded (after a redirect), for the confirmation.</summary>
    [BindProperty(SupportsGet = true, Name = "lagret")]
    public string? Saved { get; set; }

    /// <summary>The timeline's order: newest first unless the reader asks for the oldest first (<c>?historikk=eldste</c>).</summary>
    [BindProperty(SupportsGet = true, Name = "historikk")]
    public string? TimelineOrder { get; set; }

    public bool OldestFirst => TimelineOrder == "eldste";

    /// <summary>The same page with the timeline in the other order (the purpose kept, for an auditor).</summary>
    public string TimelineOrderLink =>
        $"/saker/{Case.State.Id}?historikk={(OldestFirst ? "nyeste" : "eldste")}"
        + (Purpose is { Length: > 0 } p ? "&formaal=" + Uri.EscapeDataString(p) : "") + "#historikk";

    public Task<IActionResult> OnGetAsync(Guid id) => Act(async () =>
    {
        if (NeedsPurpose)
            return Page();
        Case = await Vern.CaseOverviewAsync(Actor, new CaseId(id), reference, PurposeOr("saksside"));
        Text = new CaseText(Vern.CodeLists, Case.State);
        Staff = await Vern.StaffNamesAsync(Actor);
        Steps = Actor.Role switch
        {
            Role.Leader => [.. StepForms.All.Where(s => s.OfferedFor(Case.State.IsClosed))],
            Role.Caseworker => [.. StepForms.All.Where(s => !s.LeaderOnly && s.OfferedFor(Case.State.IsClosed))],
            _ => [],
        };
        return Page();
    }, new CaseId(id));
}
