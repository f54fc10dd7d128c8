using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Deadlines.Engine;
using Vern.Deadlines.Reports;
using Vern.Domain.Validation;
using Vern.Web.Security;

namespace Vern.Web.Pages;

/// <summary>The leader's dashboard: compliance per duty and per caseworker over the last twelve months, caseload per
/// caseworker, and reports of concern waiting for review. All figures come from the application layer.</summary>
public sealed class LeaderModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    public const string ReviewRule = "melding-gjennomgang";

    public LeaderOverview Overview { get; private set; } = null!;

    public IReadOnlyList<Obligation> WaitingForReview { get; private set; } = [];

    /// <summary>Per caseworker: breaches in the period, open and overdue duties now, open cases, årsverk (0 for someone who has left).</summary>
    public IReadOnlyList<(string Caseworker, int Breaches, int Open, int Overdue, int Cases, double? Fte, bool Left)> PerCaseworker { get; private set; } = [];

    /// <summary>User id → name for the service's staff; an id not in it (a generator's caseworker) shows as the id.</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    /// <summary>A caseworker as a leader reads them: «Sara Saksbehandler», or the id where no stored user has it.</summary>
    public string Person(string? userId) => userId is null ? "Ikke fordelt" : Names.TryGetValue(userId, out var name) ? name : userId;

    /// <summary>The user name a capacity warning is about («saksbehandler[sara]» → sara), or null when it is about no one.</summary>
    public static string? StaffId(ValidationIssue warning) =>
        warning.Path.StartsWith("saksbehandler[", StringComparison.Ordinal) && warning.Path.EndsWith(']') && warning.Code != CapacityReport.UnassignedCode
            ? warning.Path["saksbehandler[".Length..^1]
            : null;

    public Task<IActionResult> OnGetAsync() => Act(async () =>
    {
        var today = Vern.Today;
        Overview = await Vern.LeaderOverviewAsync(Actor, today.AddYears(-1).AddDays(1), today, PurposeOr("ledelse"));
        WaitingForReview = [.. Overview.OpenDuties.Where(o => o.Rule.Id == ReviewRule)];
        Names = await Vern.StaffNamesAsync(Actor);
        var breaches = Overview.Compliance.Breaches.GroupBy(b => b.Responsible ?? "").ToDictionary(g => g.Key, g => g.Count());
        PerCaseworker = [.. Overview.Capacity.Rows
            .Select(r => (Person(r.CaseworkerId), breaches.GetValueOrDefault(r.CaseworkerId ?? ""), r.OpenObligations, r.Overdue, r.OpenCases, r.FullTimeEquivalent, r.Left))
            .OrderByDescending(r => r.Item4).ThenBy(r => r.Item1, StringComparer.Ordinal)];
        return Page();
    });
}
