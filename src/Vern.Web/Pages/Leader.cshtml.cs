using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Deadlines.Engine;
using Vern.Web.Security;

namespace Vern.Web.Pages;

/// <summary>The leader's dashboard: compliance per duty and per caseworker over the last twelve months, caseload per
/// caseworker, and reports of concern waiting for review. All figures come from the application layer.</summary>
public sealed class LeaderModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    public const string ReviewRule = "melding-gjennomgang";

    public LeaderOverview Overview { get; private set; } = null!;

    public IReadOnlyList<Obligation> WaitingForReview { get; private set; } = [];

    /// <summary>Per caseworker: breaches in the period, open and overdue duties now, open cases.</summary>
    public IReadOnlyList<(string Caseworker, int Breaches, int Open, int Overdue, int Cases, double? Fte)> PerCaseworker { get; private set; } = [];

    public Task<IActionResult> OnGetAsync() => Act(async () =>
    {
        var today = Vern.Today;
        Overview = await Vern.LeaderOverviewAsync(Actor, today.AddYears(-1).AddDays(1), today, PurposeOr("ledelse"));
        WaitingForReview = [.. Overview.OpenDuties.Where(o => o.Rule.Id == ReviewRule)];
        var breaches = Overview.Compliance.Breaches.GroupBy(b => b.Responsible ?? "").ToDictionary(g => g.Key, g => g.Count());
        PerCaseworker = [.. Overview.Capacity.Rows
            .Select(r => (r.CaseworkerId ?? "Ikke fordelt", breaches.GetValueOrDefault(r.CaseworkerId ?? ""), r.OpenObligations, r.Overdue, r.OpenCases, r.Staff?.FullTimeEquivalent))
            .OrderByDescending(r => r.Item4).ThenBy(r => r.Item1, StringComparer.Ordinal)];
        return Page();
    });
}
