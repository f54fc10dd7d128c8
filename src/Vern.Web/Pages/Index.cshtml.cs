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

    /// <summary>Staff names by user id, so a list is headed «Sara Saksbehandler», not «sara». A caseworker sees only their own
    /// list and has their name in the actor (nothing more is read on that path); a leader's page reads the service's names.</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public string Person(string userId) => Names.TryGetValue(userId, out var name) ? name : userId;

    public IReadOnlyList<(string Id, string Title)> Rules { get; private set; } = [];

    public int Total { get; private set; }

    /// <summary>How many duties the page shows before «Vis alle» (a leader's whole service has thousands: issue 16, speed).</summary>
    public const int FirstShown = 200;

    /// <summary><c>?alle=1</c>: every duty of the selection, not only the first <see cref="FirstShown"/>.</summary>
    [BindProperty(SupportsGet = true, Name = "alle")]
    public bool ShowAll { get; set; }

    /// <summary>Each list's duties and overdue duties in the selection (its heading), before cutting at <see cref="FirstShown"/>.</summary>
    public IReadOnlyDictionary<string, (int Count, int Overdue)> Counts { get; private set; } = new Dictionary<string, (int, int)>();

    /// <summary>The duties the selection holds (before cutting at <see cref="FirstShown"/>).</summary>
    public int Selected { get; private set; }

    /// <summary>The same selection with every duty shown.</summary>
    public string ShowAllLink => QueryString.Create(new Dictionary<string, string?>
    {
        ["saksbehandler"] = Caseworker, ["oppgave"] = Rule, ["haster"] = Urgency, ["alle"] = "1",
    }.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent() is var q ? "/" + q : "/";

    /// <summary>What the cases in view still lack before they are sent to SSB (register gaps), oldest first.</summary>
    public IReadOnlyList<CaseRegisterGap> Gaps { get; private set; } = [];

    public Task<IActionResult> OnGetAsync() => Act(async () =>
    {
        if (Actor.Role is not (Role.Caseworker or Role.Leader))
            return Redirect(Navigation.Home(Actor));
        Today = Vern.Today;
        var lists = await Vern.WorklistsAsync(Actor, null, Today, purpose: "arbeidsliste");
        Owners = [.. lists.Select(l => l.Owner)];
        Names = Actor.Role == Role.Leader ? await Vern.StaffNamesAsync(Actor) : new Dictionary<string, string> { [Actor.UserId] = Actor.Name };
        Rules = [.. lists.SelectMany(l => l.Items).Select(o => (o.Rule.Id, o.Rule.Title)).Distinct().OrderBy(r => r.Title, StringComparer.Ordinal)];
        Total = lists.Sum(l => l.Items.Count);
        Lists = [.. lists
            .Where(l => string.IsNullOrEmpty(Caseworker) || l.Owner == Caseworker)
            .Select(l => l with { Items = [.. l.Items.Where(Keep)] })
            .Where(l => l.Items.Count > 0)];
        Selected = Lists.Sum(l => l.Items.Count);
        Counts = Lists.ToDictionary(l => l.Owner, l => (l.Items.Count, l.Overdue), StringComparer.Ordinal);
        if (!ShowAll && Selected > FirstShown)
            Lists = First(Lists, FirstShown);
        if (Actor.MunicipalityNumber is { } municipality)
            Gaps = [.. (await Vern.RegisterGapsAsync(Actor, municipality, purpose: "arbeidsliste"))
                .Where(g => string.IsNullOrEmpty(Caseworker) || g.CaseworkerId == Caseworker)];
        return Page();
    });

    /// <summary>The first <paramref name="n"/> duties of the lists, in their order (a list's heading keeps its own count).</summary>
    private static IReadOnlyList<Worklist> First(IReadOnlyList<Worklist> lists, int n)
    {
        var kept = new List<Worklist>();
        foreach (var l in lists)
        {
            if (n <= 0)
                break;
            kept.Add(l with { Items = [.. l.Items.Take(n)] });
            n -= l.Items.Count;
        }
        return kept;
    }

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
