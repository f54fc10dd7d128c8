using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Domain.State;
using Vern.Web.Security;

namespace Vern.Web.Pages.State;

/// <summary>The small "Henvisninger" block on the case page: the case's referrals to Bufetat with status and the duty-to-assist
/// clock, and a link to make one. Read through the application layer (scoped, logged); empty for roles that may not.</summary>
public sealed class CaseReferralsViewComponent(VernApp vern, CurrentUser current) : ViewComponent
{
    public sealed record Model(CaseId CaseId, IReadOnlyList<ReferralState> Referrals, DateOnly Today, bool MaySend);

    public async Task<IViewComponentResult> InvokeAsync(CaseId caseId, string purpose)
    {
        var actor = await current.RequireAsync();
        if (AccessPolicy.ScopeOf(actor.Role, Operation.ReadReferrals) is Scope.None or Scope.AggregatesOnly)
            return Content("");
        try
        {
            var list = await vern.CaseReferralsAsync(actor, caseId, purpose);
            return View("/Pages/Shared/State/_CaseReferrals.cshtml", new Model(caseId, list, vern.Today, AccessPolicy.ScopeOf(actor.Role, Operation.SendReferral) != Scope.None));
        }
        catch (AccessDeniedException)
        {
            return Content("");
        }
    }
}
