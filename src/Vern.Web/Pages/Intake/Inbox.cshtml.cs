using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.People;
using Vern.Domain.Validation;
using Vern.Web.Security;

namespace Vern.Web.Pages.Intake;

/// <summary>The service's inbox (innboks, issue 18): received reports waiting to be registered on a case or rejected with a
/// reason. Every read is logged by the application layer; registering dates the report the day of receipt (§ 2-1).</summary>
public sealed class InboxModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    public IReadOnlyList<InboxView> Items { get; private set; } = [];

    /// <summary>Why the last action was refused (shown at the top; nothing was stored).</summary>
    public string? Error { get; private set; }

    public DateOnly Today { get; private set; }

    /// <summary>Whether the actor may route reports to a bydel (issue 15: whoever holds a report in their service).</summary>
    public bool MayRoute => AccessPolicy.ScopeOf(Actor.Role, Operation.RouteReport) == Scope.OwnService;

    /// <summary>Per received report, the service's cases whose child may be the reported one (issue 18 part 2), shown before the
    /// person picks a new or an existing case; empty for a role that may not see candidates.</summary>
    public IReadOnlyDictionary<Guid, IReadOnlyList<ChildCandidate>> Candidates { get; private set; } = new Dictionary<Guid, IReadOnlyList<ChildCandidate>>();

    public Task<IActionResult> OnGetAsync() => Act(async () =>
    {
        await Load();
        return Page();
    });

    public Task<IActionResult> OnPostRegisterAsync(Guid receipt, string? caseId, string? sex) => Act(async () =>
    {
        try
        {
            CaseId? target = string.IsNullOrWhiteSpace(caseId) ? null
                : Guid.TryParse(caseId.Trim(), out var g) ? new CaseId(g) : throw new ArgumentException($"Saksnummer: «{caseId}» er ikke en sak-id.");
            Sex? s = Enum.TryParse<Sex>(sex, out var parsed) ? parsed : null;
            var (registered, _) = await Vern.RegisterReportAsync(Actor, receipt, target, s);
            return Redirect($"/saker/{registered}");
        }
        catch (Exception e) when (e is ArgumentException or DomainRuleException)
        {
            Error = e is DomainRuleException d && d.Issues.Count > 0 ? string.Join(" ", d.Issues.Select(i => i.Message)) : e.Message;
            await Load();
            return Page();
        }
    });

    public Task<IActionResult> OnPostRouteAsync(Guid receipt, string? bydel) => Act(async () =>
    {
        try
        {
            await Vern.RouteReportAsync(Actor, receipt, bydel ?? "");
            return Redirect("/innboks");
        }
        catch (Exception e) when (e is ArgumentException or DomainRuleException or global::Vern.Storage.StoreRefusedException)
        {
            Error = e is DomainRuleException d && d.Issues.Count > 0 ? string.Join(" ", d.Issues.Select(i => i.Message)) : e.Message;
            await Load();
            return Page();
        }
    });

    public Task<IActionResult> OnPostRejectAsync(Guid receipt, string? reason) => Act(async () =>
    {
        try
        {
            await Vern.RejectReportAsync(Actor, receipt, reason ?? "");
            return Redirect("/innboks");
        }
        catch (ArgumentException e)
        {
            Error = e.Message;
            await Load();
            return Page();
        }
    });

    private async Task Load()
    {
        Today = Vern.Today;
        Items = await Vern.InboxAsync(Actor, null, all: false, PurposeOr("innboks"));
        if (AccessPolicy.ScopeOf(Actor.Role, Operation.ChildCandidates) is Scope.None or Scope.AggregatesOnly)
            return;
        var candidates = new Dictionary<Guid, IReadOnlyList<ChildCandidate>>();
        foreach (var i in Items)
            if (i.Content.Child is { } child)
                candidates[i.Report.ReceiptId] = await Vern.FindChildCandidatesAsync(Actor, i.Report.MunicipalityNumber, VernApp.ReportedChild(child),
                    PurposeOr("innboks: mulige dubletter"));
        Candidates = candidates;
    }
}
