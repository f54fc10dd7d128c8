using System.Collections.Immutable;
using Vern.Application;
using Vern.Deadlines.Reports;
using Vern.Deadlines.Staff;
using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Domain.People;
using Vern.Storage;

namespace Vern.Web.Api;

// Request and view records of the API (style habit 30): separate from the domain's, each with its one mapping beside it.

public sealed record MeView(string UserId, string Name, string Role, string? MunicipalityNumber)
{
    public static MeView From(Actor a) => new(a.UserId, a.Name, Roles.Name(a.Role), a.MunicipalityNumber);
}

public sealed record WorklistView(string MunicipalityNumber, string Caseworker, int Open, int Overdue, IReadOnlyList<ObligationView> Items);

/// <summary>One page of the worklists (issue 16: a leader's worklist of a 20,000-case service was 3 MB of JSON in one answer): the
/// duties of every list, in the lists' order and each list's urgency order, cut in pages of <see cref="PageSize"/>. <see cref="Total"/>
/// is every duty in the actor's scope; each list keeps its own totals and carries the duties on this page.</summary>
public sealed record WorklistPage(int Page, int PageSize, int Total, int Pages, string? Next, IReadOnlyList<WorklistView> Lists)
{
    public const int DefaultPageSize = 500;

    public const int MaxPageSize = 5000;

    public static WorklistPage Of(IReadOnlyList<Worklist> lists, DateOnly today, int page, int pageSize, string? caseworker)
    {
        var total = lists.Sum(l => l.Items.Count);
        var pages = Math.Max(1, (total + pageSize - 1) / pageSize);
        var skip = (long)(page - 1) * pageSize;
        var views = new List<WorklistView>();
        long at = 0;
        foreach (var l in lists)
        {
            var from = Math.Max(0, skip - at);
            var to = Math.Min(l.Items.Count, skip + pageSize - at);
            if (from < to)
                views.Add(new WorklistView(l.MunicipalityNumber, l.Owner, l.Items.Count, l.Overdue,
                    [.. l.Items.Skip((int)from).Take((int)(to - from)).Select(o => ObligationView.From(o, today))]));
            at += l.Items.Count;
        }
        var next = page < pages
            ? $"/api/v1/worklist?page={page + 1}&pageSize={pageSize}" + (caseworker is null ? "" : "&caseworker=" + Uri.EscapeDataString(caseworker))
            : null;
        return new WorklistPage(page, pageSize, total, pages, next, views);
    }
}

public sealed record OpenCaseRequest(string JournalNumber, DateOnly OpenedOn, string? Identifier, DateOnly? BirthDate, Sex Sex, string? GivenName, string? FamilyName)
{
    public OpenCase ToCommand(string municipalityNumber) =>
        new(municipalityNumber, JournalNumber, OpenedOn, new ChildInput(Identifier, BirthDate, Sex, null, GivenName, FamilyName));
}

public sealed record SearchRequest(string? Text, string? Purpose);

/// <summary>A documentation search hit: its kind (note, participation, assessment, decision-document), case, id, date, label,
/// excerpt, and the web page that shows it.</summary>
public sealed record DocumentationHitView(string Kind, string CaseId, string Id, DateOnly Date, string Label, string Excerpt, string? DecisionId, string Page)
{
    public static DocumentationHitView From(SearchHit h) => new(h.Kind switch
    {
        SearchHitKind.Note => "note",
        SearchHitKind.Participation => "participation",
        SearchHitKind.Assessment => "assessment",
        _ => "decision-document",
    }, h.CaseId.ToString(), h.Id.ToString("D"), h.Date, h.Label, h.Excerpt, h.DecisionId?.ToString(), Vern.Web.Pages.DocumentationLinks.Path(h));
}

public sealed record EventView(long Version, string Type, string RecordedBy, DateTimeOffset RecordedAt, string? RecordedRole = null)
{
    public static EventView From(RecordedEvent e) => new(e.Version, CaseJson.Discriminator(e.Event), e.RecordedBy, e.RecordedAt, e.RecordedRole);
}

public sealed record ChangeView(string CaseId, long Version, IReadOnlyList<EventView> Events, IReadOnlyList<string> CreatedEntries)
{
    public static ChangeView From(CaseChange c) => new(c.State.Id.ToString(), c.State.Version, [.. c.Appended.Select(EventView.From)],
        [.. c.Appended.Select(e => CaseEventFacts.CreatedEntry(e.Event)).OfType<EntryId>().Select(e => e.ToString())]);
}

public sealed record FindingView(string Code, string Severity, string Path, string Message, string Source);

public sealed record CaseView(string Id, long Version, string MunicipalityNumber, string JournalNumber, DateOnly OpenedOn, DateOnly? ClosedOn,
    string? Caseworker, ChildView Child, IReadOnlyList<ObligationView> OpenDuties, IReadOnlyList<FindingView> RegisterFindings,
    IReadOnlyList<EventView> Timeline)
{
    /// <summary>The view of an overview, made once per overview object: the application layer hands out the same overview while the
    /// case is unchanged (<c>CaseLookup.KeptOverview</c>), and the view holds nothing of the reader.</summary>
    public static CaseView Of(CaseOverview o) => Made.GetValue(o, From);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CaseOverview, CaseView> Made = new();

    private static CaseView From(CaseOverview o) => new(o.State.Id.ToString(), o.State.Version, o.State.MunicipalityNumber, o.State.JournalNumber,
        o.State.OpenedOn, o.State.ClosedOn, o.State.CaseworkerId, ChildView.From(o.State.Child),
        [.. o.OpenDuties.Select(d => ObligationView.From(d, o.AsOf))],
        [.. o.RegisterFindings.Select(f => new FindingView(f.Code, f.Severity.ToString(), f.Path, f.Message, f.Source))],
        [.. o.Timeline.Select(EventView.From)]);
}

public sealed record ChildView(string? Identifier, DateOnly BirthDate, string Sex, string? GivenName, string? FamilyName)
{
    public static ChildView From(PersonalDetails p) => new(p.Identifier, p.BirthDate, p.Sex.ToString(), p.GivenName, p.FamilyName);
}

public sealed record CaseSummaryView(string Id, string JournalNumber, string? GivenName, string? FamilyName, DateOnly BirthDate, string? Caseworker, bool Closed)
{
    public static CaseSummaryView From(CaseSummary s) => new(s.Id.ToString(), s.JournalNumber, s.GivenName, s.FamilyName, s.BirthDate, s.CaseworkerId, s.IsClosed);
}

public sealed record AccessView(DateTimeOffset At, string Actor, string Role, string Operation, string Purpose, bool Bulk, int CaseCount, string Outcome)
{
    public static AccessView From(AccessEntry e) => new(e.At, e.ActorId, e.Role, e.Operation, e.Purpose, e.IsBulk, e.CaseCount, e.Outcome);
}

public sealed record IndicatorView(string Id, string Label, int Met, int Counted, string Source);

/// <summary>One caseworker's load; <paramref name="Left"/>: they left the service (the staff registry's last day) and bring no årsverk.</summary>
public sealed record CaseloadView(string? Caseworker, int OpenCases, int OpenDuties, int Overdue, double? FullTimeEquivalent, bool Left = false);

public sealed record DashboardView(string MunicipalityNumber, DateOnly PeriodFrom, DateOnly AsOf, IReadOnlyList<IndicatorView> Compliance,
    IReadOnlyList<CaseloadView> Caseload, IReadOnlyList<ObligationView> ReportsWaitingForReview)
{
    public static DashboardView From(LeaderOverview o) => new(o.MunicipalityNumber, o.From, o.AsOf,
        [.. o.Compliance.Indicators.Select(i => new IndicatorView(i.Id, i.Label, i.Met, i.Counted, i.Source))],
        [.. o.Capacity.Rows.Select(r => new CaseloadView(r.CaseworkerId, r.OpenCases, r.OpenObligations, r.Overdue, r.FullTimeEquivalent, r.Left))],
        [.. o.OpenDuties.Where(d => d.Rule.Id == Pages.LeaderModel.ReviewRule).Select(d => ObligationView.From(d, o.AsOf))]);
}

public sealed record UserView(string Id, string Name, string Role, string? MunicipalityNumber, bool Disabled, bool HasPassword)
{
    public static UserView From(User u) => new(u.Id, u.Name, Roles.Name(u.Role), u.MunicipalityNumber, u.Disabled, u.PasswordHash is not null);
}

/// <summary>An employee in the ansattregister, with whether they meet the competence requirement for core tasks (barnevernsloven
/// § 15-6) and, when not, what is missing; <paramref name="LeftOn"/> is their last day in the service (sluttdato), null while they work there.</summary>
public sealed record StaffView(string Id, string MunicipalityNumber, string Name, string Position, string Education, int YearsInChildWelfare,
    int FurtherEducationCredits, double FullTimeEquivalent, bool MeetsCompetence, string? CompetenceGap, DateOnly? LeftOn = null)
{
    public static StaffView From(StaffMember m) => new(m.Id, m.MunicipalityNumber, m.Name, m.Position, m.Education.ToString(), m.YearsInChildWelfare,
        m.FurtherEducationCredits, m.FullTimeEquivalent, CompetenceRequirement.IsMet(m), CompetenceRequirement.Gap(m), m.LeftOn);
}

/// <summary>An employee to add or replace (the user name is in the path; the municipality is the caller's own). Education is one of
/// None, RelevantBachelor, ChildWelfareMaster, OtherRelevantMaster. <paramref name="LeftOn"/>: the last day in the service (yyyy-MM-dd)
/// for someone who has left; omitted or null while they work there.</summary>
public sealed record StaffRequest(string? Name, string? Position, string? Education, int YearsInChildWelfare = 0, int FurtherEducationCredits = 0,
    double FullTimeEquivalent = 1.0, DateOnly? LeftOn = null);

public sealed record CaseFindingsView(string CaseId, string JournalNumber, string? Caseworker, IReadOnlyList<FindingView> Findings);

public sealed record RegisterFindingsView(int CasesChecked, IReadOnlyList<CaseFindingsView> CasesWithFindings);

/// <summary>One export in the delivery history: when, how many cases, who exported (user id) and how (<c>web-download</c>, <c>cli-zip</c>,
/// <c>cli-folder</c>); both null for an export recorded before Vern recorded them (migration 35).</summary>
public sealed record DeliveryView(DateTimeOffset DeliveredAt, int Cases, string? ExportedBy, string? How);
