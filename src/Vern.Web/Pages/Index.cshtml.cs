using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
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

    /// <summary><c>?alle=true</c> (MVC binds a bool from true/false only): every duty of the selection, not only the first <see cref="FirstShown"/>.</summary>
    [BindProperty(SupportsGet = true, Name = "alle")]
    public bool ShowAll { get; set; }

    /// <summary>Each list's duties and overdue duties in the selection (its heading), before cutting at <see cref="FirstShown"/>.</summary>
    public IReadOnlyDictionary<string, (int Count, int Overdue)> Counts { get; private set; } = new Dictionary<string, (int, int)>();

    /// <summary>The duties the selection holds (before cutting at <see cref="FirstShown"/>).</summary>
    public int Selected { get; private set; }

    /// <summary>The same selection with every duty shown.</summary>
    public string ShowAllLink => QueryString.Create(new Dictionary<string, string?>
    {
        ["saksbehandler"] = Caseworker, ["oppgave"] = Rule, ["haster"] = Urgency, ["alle"] = "true",
    }.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent() is var q ? "/" + q : "/";

    /// <summary>What the cases in view still lack before they are sent to SSB (register gaps), oldest first.</summary>
    public IReadOnlyList<CaseRegisterGap> Gaps { get; private set; } = [];

    public Task<IActionResult> OnGetAsync() => Act(async () =>
    {
        if (Actor.Role is not (Role.Caseworker or Role.Leader))
            return Redirect(Navigation.Home(Actor));
        Today = Vern.Today;
        // Both reads are checked against the policy and logged on every request, whether or not the body is kept.
        (_lists, _gaps) = await Vern.WorklistPageAsync(Actor, Today, purpose: "arbeidsliste");
        Names = Actor.Role == Role.Leader ? await Vern.StaffNamesAsync(Actor) : new Dictionary<string, string> { [Actor.UserId] = Actor.Name };
        // The names the headings use: a leader's are the host's kept names of the service (the same dictionary until a user changes,
        // so matched as that object); a caseworker's are their own, matched by value.
        _key = new BodyKey(Actor.Role, Today, Caseworker, Rule, Urgency, ShowAll, _gaps,
            Actor.Role == Role.Leader ? Names : Actor.UserId + "\t" + Actor.Name);
        return Page();
    });

    private IReadOnlyList<Worklist> _lists = [];
    private IReadOnlyList<CaseRegisterGap> _gaps = [];
    private BodyKey? _key;

    /// <summary>What the page's body shows besides the worklists object it is kept with: the role (a leader's page has the owner
    /// filter), the date, the selection, the register gaps (the object the application layer hands out, the same until the store
    /// changes) and the staff names the headings use (the actor's own for a caseworker, so no other user's body is ever served).</summary>
    private sealed record BodyKey(Role Role, DateOnly Today, string? Caseworker, string? Rule, string? Urgency, bool ShowAll,
        IReadOnlyList<CaseRegisterGap> Gaps, object Names);

    /// <summary>Bodies kept per worklists object (the selections used most; others are rendered each time).</summary>
    private const int KeptBodies = 16;

    /// <summary>The rendered bodies per worklists object. The application layer hands out the same immutable worklists until the
    /// store changes (<c>CaseLookup</c>), so the body of one selection of them is the same HTML until then (issue 16, speed: the
    /// table was rendered again on every request); a new worklists object (a change) starts afresh and the old one's bodies go
    /// with it. The layout (navigation, the logout form's antiforgery token), the policy checks and the access-log rows are
    /// still done per request.</summary>
    private static readonly ConditionalWeakTable<IReadOnlyList<Worklist>, ConcurrentDictionary<BodyKey, HtmlString>> Kept = new();

    /// <summary>The page's body (<c>_WorklistBody.cshtml</c>, HTML-encoded as any Razor output) for this request's worklists and
    /// selection: kept from an earlier request when the same, else selected and rendered by <paramref name="render"/> now.</summary>
    public async Task<IHtmlContent> BodyAsync(Func<Task<IHtmlContent>> render)
    {
        var bodies = Kept.GetValue(_lists, _ => new());
        if (_key is not null && bodies.TryGetValue(_key, out var kept))
            return kept;
        Select();
        using var writer = new StringWriter();
        (await render()).WriteTo(writer, HttpContext.RequestServices.GetRequiredService<HtmlEncoder>());
        var html = new HtmlString(writer.ToString());
        if (_key is not null && bodies.Count < KeptBodies)
            bodies.TryAdd(_key, html);
        return html;
    }

    /// <summary>Narrows the worklists and register gaps to the selection (the filters only narrow what the application layer returned).</summary>
    private void Select()
    {
        var lists = _lists;
        Owners = [.. lists.Select(l => l.Owner)];
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
        Gaps = [.. _gaps.Where(g => string.IsNullOrEmpty(Caseworker) || g.CaseworkerId == Caseworker)];
    }

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
