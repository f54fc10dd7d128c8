using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Web.Api;
using Vern.Web.Security;

namespace Vern.Web.Pages.Statistics;

/// <summary>The statistics page (issue 19): the indicators of the service (a leader's own municipality) or of the nation
/// (analyst, auditor: small counts suppressed), for the last two years, with the year's change, and the link to the same figures
/// in the API. The annual report (§ 15-3) is made with <c>vern report annual</c>.</summary>
public sealed class IndexModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    public StatisticsApi.IndicatorsView Figures { get; private set; } = null!;

    [BindProperty(SupportsGet = true, Name = "aar")]
    public int? Year { get; set; }

    public Task<IActionResult> OnGetAsync() => Act(async () =>
    {
        if (NeedsPurpose)
            return Page();
        Figures = await StatisticsApi.Indicators(Vern, Actor, null, Year, 2, PurposeOr("statistikk"));
        return Page();
    });
}
