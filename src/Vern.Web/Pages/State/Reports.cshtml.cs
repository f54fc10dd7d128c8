using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Domain.State;
using Vern.Web.Security;

namespace Vern.Web.Pages.State;

/// <summary>Bufetat's reports (issue 21): the foster home waiting list by region (`002_…` 5.3), breaches of the duty to assist
/// per year, region and measure type with unique children (`003_…` 6.2.1), and the facilities with places and day prices
/// (`000_…` ch. 2). For an analyst small counts are suppressed: the application layer decides (<see cref="StateSuppression"/>).</summary>
public sealed class ReportsModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    public WaitingTable Waiting { get; private set; } = null!;

    public BreachTable Breaches { get; private set; } = null!;

    public IReadOnlyList<Facility> Facilities { get; private set; } = [];

    /// <summary>The parent-child centres' use this year so far (suppressed for an analyst by the application layer).</summary>
    public FacilityTable Centres { get; private set; } = null!;

    /// <summary>The institutions' use this year so far (suppressed for an analyst, without the single stays).</summary>
    public InstitutionTable Institutions { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync() => Act(async () =>
    {
        if (NeedsPurpose)
            return Page();
        var purpose = PurposeOr("bufetat-rapporter");
        Waiting = await Vern.WaitingTableAsync(Actor, Vern.Today, purpose);
        Breaches = await Vern.BreachTableAsync(Actor, Vern.Today, purpose);
        var today = Vern.Today;
        Centres = await Vern.CentreTableAsync(Actor, new DateOnly(today.Year, 1, 1), today, purpose);
        Institutions = await Vern.InstitutionTableAsync(Actor, new DateOnly(today.Year, 1, 1), today, purpose);
        Facilities = [.. (await Vern.FacilitiesAsync(Actor, Actor.Region)).OrderBy(f => f.Kind).ThenBy(f => f.Region, StringComparer.Ordinal).ThenBy(f => f.Name, StringComparer.Ordinal)];
        return Page();
    });
}
