using Vern.Domain.Access;
using Vern.Domain.State;
using Vern.State.Reports;

namespace Vern.Application;

/// <summary>One facility (or one owner's sum) over a period as a table row. Stays, days of stay, occupancy and cost per stay are
/// null where suppressed: a stay count of 1–4, or one that would give such a count away; the days, occupancy and cost of such a
/// row go with it (days and cost per stay of one child are that child's length of stay).</summary>
public sealed record FacilityRow(string Name, FacilityOwner Owner, string Region, int Places, decimal DayPrice, int? Stays, int? Days, double? Occupancy,
    decimal? CostPerStay);

/// <summary>The parent-child centres (<c>000_…</c> ch. 2, table 6.1) over a period: per centre and per owner.
/// <paramref name="Suppressed"/>: small counts were suppressed because the reader sees aggregates only.</summary>
public sealed record FacilityTable(DateOnly From, DateOnly To, IReadOnlyList<FacilityRow> Facilities, IReadOnlyList<FacilityRow> PerOwner, bool Suppressed);

/// <summary>One institution type over a period: approved places, stays, days and occupancy; null cells suppressed as in
/// <see cref="FacilityRow"/>.</summary>
public sealed record InstitutionTypeRow(string Type, int Places, int? Stays, int? Days, double? Occupancy);

/// <summary>Institutions over a period (<c>003_…</c> ch. 7.2.1–7.2.2): per type, and the stays without an intake assessment or
/// follow-up. For an aggregates-only reader the list of those stays (each one a child's referral) is left out and the counts are
/// suppressed.</summary>
public sealed record InstitutionTable(DateOnly From, DateOnly To, IReadOnlyList<InstitutionTypeRow> PerType, int? Stays, int? WithoutIntakeAssessment,
    int? WithoutFollowUp, IReadOnlyList<(ReferralId Referral, Stay Stay, bool IntakeAssessment, bool FollowUp)> StaysMissing, bool Suppressed);

/// <summary>Small-count suppression for the facility reports, with <see cref="StateSuppression"/>'s rule (1–4 hidden, then
/// secondary suppression within each sum).</summary>
public static class FacilitySuppression
{
    /// <summary>The centre report as a table. Groups: each owner's stays are the sum of its centres' stays.</summary>
    public static FacilityTable Centres(FacilityReport r, bool suppress)
    {
        var owners = r.PerOwner.ToList();
        var rows = r.Facilities.Count + owners.Count;
        var grid = new StateSuppression.Grid(rows, 1);
        for (var i = 0; i < r.Facilities.Count; i++)
            grid[i, 0] = r.Facilities[i].Stays;
        for (var j = 0; j < owners.Count; j++)
        {
            var row = r.Facilities.Count + j;
            grid[row, 0] = owners[j].Stays;
            grid.Group((row, 0), [.. Enumerable.Range(0, r.Facilities.Count).Where(i => r.Facilities[i].Facility.Owner == owners[j].Owner).Select(i => (i, 0))]);
        }
        if (suppress)
            grid.Run();
        bool Hidden(int i) => suppress && grid.Hidden(i, 0);
        var facilities = r.Facilities.Select((u, i) => Hidden(i)
            ? new FacilityRow(u.Facility.Name, u.Facility.Owner, u.Facility.Region, u.Facility.Places, u.Facility.DayPrice, null, null, null, null)
            : new FacilityRow(u.Facility.Name, u.Facility.Owner, u.Facility.Region, u.Facility.Places, u.Facility.DayPrice, u.Stays, u.Days, u.Occupancy, u.CostPerStay)).ToList();
        var perOwner = owners.Select((o, j) => Hidden(r.Facilities.Count + j)
            ? new FacilityRow(OwnerName(o.Owner), o.Owner, "", o.Places, 0, null, null, null, null)
            : new FacilityRow(OwnerName(o.Owner), o.Owner, "", o.Places, 0, o.Stays, o.Days, o.Occupancy, null)).ToList();
        return new FacilityTable(r.From, r.To, facilities, perOwner, suppress);
    }

    /// <summary>The institution report as a table. <paramref name="stays"/>: the institutions' use per facility (for the stays per
    /// type). Groups: the types' stays sum to all stays. The stays without intake assessment or follow-up are counts (1–4 hidden,
    /// each on its own: they are not parts of a sum shown), and their list is left out when suppressed.</summary>
    public static InstitutionTable Institutions(InstitutionReport r, FacilityReport stays, bool suppress)
    {
        var perTypeStays = stays.Facilities.GroupBy(u => u.Facility.InstitutionType ?? "ukjent").ToDictionary(g => g.Key, g => g.Sum(u => u.Stays), StringComparer.Ordinal);
        var types = r.PerType.ToList();
        var grid = new StateSuppression.Grid(types.Count + 3, 1);
        for (var i = 0; i < types.Count; i++)
            grid[i, 0] = perTypeStays.GetValueOrDefault(types[i].Type);
        var all = types.Count;
        grid[all, 0] = r.Stays;
        grid[all + 1, 0] = r.WithoutIntakeAssessment;
        grid[all + 2, 0] = r.WithoutFollowUp;
        grid.Group((all, 0), [.. Enumerable.Range(0, types.Count).Select(i => (i, 0))]);
        if (suppress)
            grid.Run();
        int? Cell(int i) => suppress ? grid.Shown(i, 0) : grid[i, 0];
        var rows = types.Select((t, i) => Cell(i) is { } n
            ? new InstitutionTypeRow(t.Type, t.Places, n, t.Days, t.Occupancy)
            : new InstitutionTypeRow(t.Type, t.Places, null, null, null)).ToList();
        return new InstitutionTable(r.From, r.To, rows, Cell(all), Cell(all + 1), Cell(all + 2), suppress ? [] : r.StaysMissing, suppress);
    }

    private static string OwnerName(FacilityOwner owner) => owner switch
    {
        FacilityOwner.State => "Bufetat",
        FacilityOwner.NonProfit => "Ideell",
        FacilityOwner.Commercial => "Privat",
        _ => "Oslo kommune",
    };
}

public sealed partial class VernApp
{
    /// <summary>The parent-child centres over [from, to] as a table, with small counts suppressed for aggregates-only roles.</summary>
    public async Task<FacilityTable> CentreTableAsync(Actor actor, DateOnly from, DateOnly to, string purpose = "")
    {
        var referrals = await ReportReferrals(actor, purpose);
        var report = StateReports.Facilities(await StateSide.Store.ListFacilitiesAsync(null), referrals, FacilityKind.ParentChildCentre, from, to);
        return FacilitySuppression.Centres(report, await AggregatesOnly(actor, Operation.StateReports));
    }

    /// <summary>The institutions over [from, to] as a table, with small counts suppressed (and the list of single stays left out)
    /// for aggregates-only roles.</summary>
    public async Task<InstitutionTable> InstitutionTableAsync(Actor actor, DateOnly from, DateOnly to, string purpose = "")
    {
        var referrals = await ReportReferrals(actor, purpose);
        var facilities = await StateSide.Store.ListFacilitiesAsync(null);
        return FacilitySuppression.Institutions(StateReports.Institutions(facilities, referrals, from, to),
            StateReports.Facilities(facilities, referrals, FacilityKind.Institution, from, to), await AggregatesOnly(actor, Operation.StateReports));
    }
}
