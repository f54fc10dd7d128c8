using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Domain.Access;
using Vern.Domain.State;
using Vern.State.Reports;
using Vern.Web.Security;

namespace Vern.Web.Pages.State;

/// <summary>Henvisninger (issue 21): for a municipal role the referrals it may see (a caseworker: of the cases assigned to them;
/// a leader: the municipality's); for Bufetat's intake the region's intake list, grouped as new, waiting for a foster home, and
/// overdue on the duty to assist. One logged bulk read through the application layer.</summary>
public sealed class ReferralsModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    public IReadOnlyList<ReferralState> All { get; private set; } = [];

    public DateOnly Today { get; private set; }

    public bool Bufetat => Actor.Role == Role.BufetatIntake;

    /// <summary>Unanswered referrals whose duty-to-assist deadline has passed (Bufetat's first list).</summary>
    public IEnumerable<ReferralState> Overdue => All.Where(r => ReferralText.Overdue(r, Today)).OrderBy(r => r.Details.SentOn);

    /// <summary>Unanswered referrals not (yet) overdue.</summary>
    public IEnumerable<ReferralState> New => All.Where(r => r.Status == ReferralStatus.Open && !ReferralText.Overdue(r, Today)).OrderBy(r => r.Details.SentOn);

    /// <summary>Children on the foster home waiting list today (`002_…` 5.3: from the desired start).</summary>
    public IEnumerable<ReferralState> Waiting => All.Where(r => r.Measure.WaitsForFosterHome && StateReports.IsWaiting(r, Today)).OrderBy(r => r.Details.DesiredStartOn);

    public Task<IActionResult> OnGetAsync() => Act(async () =>
    {
        if (NeedsPurpose)
            return Page();
        Today = Vern.Today;
        All = [.. (await Vern.ListReferralsAsync(Actor, PurposeOr("henvisninger"))).OrderByDescending(r => r.Details.SentOn)];
        return Page();
    });
}
