using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Intake;
using Vern.Web.Security;

namespace Vern.Web.Pages;

/// <summary>The intake on the leader's dashboard (issue 18): the alarms now and the reconciliation of the last 14 days, from
/// the application layer (so the reads are scoped and logged). Shown only to those who may see them.</summary>
public sealed class IntakeOverviewViewComponent(VernApp vern, CurrentUser current) : ViewComponent
{
    public const int Days = 14;

    public sealed record Model(IReadOnlyList<IntakeAlarm> Alarms, ReconciliationReport Reconciliation);

    public async Task<IViewComponentResult> InvokeAsync(string purpose)
    {
        var actor = await current.RequireAsync();
        if (AccessPolicy.ScopeOf(actor.Role, Operation.IntakeReconcile) == Scope.None)
            return Content("");
        var today = vern.Today;
        var alarms = await vern.IntakeAlarmsAsync(actor, null, purpose);
        var report = await vern.ReconcileIntakeAsync(actor, null, today.AddDays(1 - Days), today, purpose);
        return View(new Model(alarms, report));
    }
}
