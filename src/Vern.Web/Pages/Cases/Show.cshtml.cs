using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Domain.Identity;
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

    /// <summary>The possible duplicates of the case's child (issue 18 part 2), for the roles that may see them; null for the others.</summary>
    public IReadOnlyList<ChildCandidate>? Candidates { get; private set; }

    /// <summary>Whether the actor may link or dismiss a candidate (case work; the application layer decides per case).</summary>
    public bool CanDecide => Actor.Role is Role.Leader or Role.Caseworker;

    /// <summary>The decision just recorded (after a redirect): "koblet" or "avvist".</summary>
    [BindProperty(SupportsGet = true, Name = "dublett")]
    public string? MatchDecided { get; set; }

    /// <summary>Why a link or dismissal was refused (nothing stored), and for which candidate.</summary>
    public string? MatchError { get; private set; }

    public Guid? MatchErrorFor { get; private set; }

    public Task<IActionResult> OnGetAsync(Guid id) => Act(async () =>
    {
        if (NeedsPurpose)
            return Page();
        await Load(id);
        return Page();
    }, new CaseId(id));

    /// <summary>Links the case with a candidate (<paramref name="valg"/> "koble": the same child) or dismisses the candidate
    /// ("avvis": not the same child, never proposed again), with the reason; both are recorded decisions (who, when, why). A
    /// candidate outside the actor's service (or none) gets the same 403 as such a case's page (<see cref="VernPageModel"/>).</summary>
    public Task<IActionResult> OnPostDublettAsync(Guid id, Guid kandidat, string? valg, string? begrunnelse) => Act(async () =>
    {
        var (self, other) = (new CaseId(id), new CaseId(kandidat));
        var refusal = valg is not ("koble" or "avvis") ? "Velg «Samme barn: koble sakene» eller «Ikke samme barn: avvis»."
            : MatchDecision.Refusal(self, other, begrunnelse ?? "")?.Replace("--reason: begrunnelsen", "Begrunnelsen", StringComparison.Ordinal);
        if (refusal is not null)
        {
            (MatchError, MatchErrorFor) = (refusal, kandidat);
            await Load(id);
            return Page();
        }
        if (valg == "koble")
            await Vern.LinkChildrenAsync(Actor, self, other, begrunnelse!);
        else
            await Vern.DismissCandidateAsync(Actor, self, other, begrunnelse!);
        return Redirect($"/saker/{id}?dublett={(valg == "koble" ? "koblet" : "avvist")}#dubletter");
    }, new CaseId(kandidat));

    private async Task Load(Guid id)
    {
        Case = await Vern.CaseOverviewAsync(Actor, new CaseId(id), reference, PurposeOr("saksside"));
        Staff = await Vern.StaffNamesAsync(Actor);
        Text = new CaseText(Vern.CodeLists, Case.State, Staff);
        Steps = Actor.Role switch
        {
            Role.Leader => [.. StepForms.All.Where(s => s.OfferedFor(Case.State.IsClosed))],
            Role.Caseworker => [.. StepForms.All.Where(s => !s.LeaderOnly && s.OfferedFor(Case.State.IsClosed))],
            _ => [],
        };
        if (AccessPolicy.ScopeOf(Actor.Role, Operation.ChildCandidates) is not (Scope.None or Scope.AggregatesOnly))
            Candidates = await Vern.CaseCandidatesAsync(Actor, Case.State.Id, PurposeOr("saksside: mulige dubletter"));
    }
}
