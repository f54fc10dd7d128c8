using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Deadlines.Engine;
using Vern.Deadlines.Reports;
using Vern.Domain.Access;
using Vern.Web.Security;

namespace Vern.Web.Pages;

/// <summary>My worklist (arbeidsliste): open duties by urgency, overdue marked, with § and due date; filters by caseworker
/// (leaders), duty and urgency. The duties and their order come from the application layer; the filters only narrow what it returned.</summary>
public sealed class IndexModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    [BindProperty(SupportsGet = true, Name = "saksbehandler")]
    public string? Caseworker { get; set; }

    [BindProperty(SupportsGet = true, Name = "oppgave")]
    public string? Rule { get; set; }

    [BindProperty(SupportsGet = true, Name = "haster")]
    public string? Urgency { get; set; }

    public DateOnly Today { get; private set; }

    public IReadOnlyList<Worklist> Lists { get; private set; } = [];

    /// <summary>Every owner and duty in the unfiltered lists, for the filter choices.</summary>
    public IReadOnlyList<string> Owners { get; private set; } = [];

    public IReadOnlyList<(string Id, string Title)> Rules { get; private set; } = [];

    public int Total { get; private set; }

    /// <summary>What the cases in view still lack before they are sent to SSB (register gaps), oldest first.</summary>
    public IReadOnlyList<CaseRegisterGap> Gaps { get; private set; } = [];

    public Task<IActionResult> OnGetAsync() => Act(async () =>
    {
        if (Actor.Role is not (Role.Caseworker or Role.Leader))
            return Redirect(Navigation.Home(Actor));
        Today = Vern.Today;
        var lists = await Vern.WorklistsAsync(Actor, null, Today, purpose: "arbeidsliste");
        Owners = [.. lists.Select(l => l.Owner)];
        Rules = [.. lists.SelectMany(l => l.Items).Select(o => (o.Rule.Id, o.Rule.Title)).Distinct().OrderBy(r => r.Title, StringComparer.Ordinal)];
        Total = lists.Sum(l => l.Items.Count);
        Lists = [.. lists
            .Where(l => string.IsNullOrEmpty(Caseworker) || l.Owner == Caseworker)
            .Select(l => l with { Items = [.. l.Items.Where(Keep)] })
            .Where(l => l.Items.Count > 0)];
        if (Actor.MunicipalityNumber is { } municipality)
            Gaps = [.. (await Vern.RegisterGapsAsync(Actor, municipality, purpose: "arbeidsliste"))
                .Where(g => string.IsNullOrEmpty(Caseworker) || g.CaseworkerId == Caseworker)];
        return Page();
    });

    private bool Keep(Obligation o) =>
        (string.IsNullOrEmpty(Rule) || o.Rule.Id == Rule)
        && Urgency switch
        {
            "over" => o.Status == ObligationStatus.Overdue,
            "7" => o.DaysLeft(Today) <= 7,
            "30" => o.DaysLeft(Today) <= 30,
            _ => true,
        };

    public string Status(Obligation o) => Display.DaysLeft(o.DaysLeft(Today));
}
