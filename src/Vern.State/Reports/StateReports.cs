using System.Collections.Immutable;
using Vern.Domain.State;

namespace Vern.State.Reports;

/// <summary>Mean and median of a list of day counts (median: the middle value, or the mean of the two middle ones).</summary>
public sealed record DayStatistics(int Count, double? Mean, double? Median)
{
    public static DayStatistics Of(IReadOnlyCollection<int> days)
    {
        if (days.Count == 0)
            return new(0, null, null);
        var sorted = days.Order().ToArray();
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
        return new(sorted.Length, sorted.Average(), median);
    }
}

/// <summary>The foster home waiting list of one region (or "I alt") at a date: children waiting, mean and median waiting days
/// counted from the desired start date, and the bands of `002_…` figure 5-9.</summary>
/// <param name="Under30">Waited fewer than 30 days.</param>
/// <param name="From30To90">30–90 days (both inclusive).</param>
/// <param name="From91To180">91–180 days.</param>
/// <param name="Over180">More than 180 days.</param>
public sealed record WaitingListRow(string Region, DayStatistics Waiting, int Under30, int From30To90, int From91To180, int Over180);

public sealed record WaitingListReport(DateOnly AsOf, IReadOnlyList<WaitingListRow> Regions, WaitingListRow Total);

/// <summary>Length of stay in emergency foster homes (beredskapshjem): ended stays (`002_…` 5.2, "avsluttede tiltak") and the
/// children living there at a date (table 5-1, "botid").</summary>
public sealed record EmergencyStayReport(DateOnly From, DateOnly To, DayStatistics Ended, DayStatistics CurrentAtTo, IReadOnlyList<(string Region, DayStatistics Current)> CurrentByRegion);

/// <summary>One count of breaches of the duty to assist under a key (a year, a region, a measure type).</summary>
public sealed record BreachCount(string Key, int Breaches, int UniqueChildren, int ReferralsWithDuty, int ConfirmedByCountyGovernor);

/// <summary>Breaches of the duty to assist as of a date, as `003_…` 6.2.1 counts them: per year, per region, per measure type,
/// and per unique child (note 41).</summary>
public sealed record BreachReport(DateOnly AsOf, IReadOnlyList<BreachCount> PerYear, IReadOnlyList<BreachCount> PerRegion, IReadOnlyList<BreachCount> PerMeasure,
    BreachCount Total, IReadOnlyList<DutyOutcome> Breaches);

/// <summary>One facility over a period: places, stays, days of stay, occupancy (days used / days available), day price and the
/// mean cost per stay (day price × days of the stay) – `000_…` ch. 2.2 and table 6.1.</summary>
public sealed record FacilityUse(Facility Facility, int Stays, int Days, double Occupancy, decimal CostPerStay, decimal Cost);

/// <summary>Facilities of one kind over a period, with sums per owner (state, non-profit, Oslo).</summary>
public sealed record FacilityReport(DateOnly From, DateOnly To, FacilityKind Kind, IReadOnlyList<FacilityUse> Facilities,
    IReadOnlyList<(FacilityOwner Owner, int Places, int Stays, int Days, double Occupancy)> PerOwner);

/// <summary>Approved places and occupancy by institution type, and the stays without an intake assessment or follow-up that
/// `003_…` ch. 7.2.1–7.2.2 found missing.</summary>
public sealed record InstitutionReport(DateOnly From, DateOnly To, IReadOnlyList<(string Type, int Places, int Days, double Occupancy)> PerType,
    int Stays, int WithoutIntakeAssessment, int WithoutFollowUp, IReadOnlyList<(ReferralId Referral, Stay Stay, bool IntakeAssessment, bool FollowUp)> StaysMissing);

/// <summary>A stay for the co-payment side (finance): who pays (the municipality), which child, which measure, when.</summary>
/// <param name="PlacedOn">The first day of the child's placement under this referral (pre-2022 placements keep the old terms).</param>
/// <param name="SettledOn">For an unaccompanied minor: when the child was settled (the reduced institution rate ends).</param>
public sealed record StayRecord(ReferralId ReferralId, string MunicipalityNumber, string Region, string ChildKey, string MeasureCode, string CopayCode,
    DateOnly From, DateOnly? To, DateOnly PlacedOn, bool UnaccompaniedMinor, DateOnly? SettledOn, string? FacilityId, string PlaceName, int Parents = 1, int Children = 1);

/// <summary>The state side's reports: pure functions of referral states, facilities and a date.</summary>
public static class StateReports
{
    /// <summary>The foster home waiting list at <paramref name="asOf"/>: every referral for a foster home (ordinary or
    /// specialised) whose desired start has come and that has no stay, rejection or withdrawal by then. Waiting days =
    /// <paramref name="asOf"/> − desired start (`002_…` figure 5-8: "antall dager etter dato for ønsket oppstart").</summary>
    public static WaitingListReport WaitingList(IEnumerable<ReferralState> referrals, DateOnly asOf)
    {
        var waiting = referrals.Where(r => r.Measure.WaitsForFosterHome && IsWaiting(r, asOf))
            .Select(r => (r.Details.Region, Days: asOf.DayNumber - r.Details.DesiredStartOn.DayNumber)).ToList();
        static WaitingListRow Row(string region, IReadOnlyList<int> days) => new(region, DayStatistics.Of(days),
            days.Count(d => d < 30), days.Count(d => d is >= 30 and <= 90), days.Count(d => d is >= 91 and <= 180), days.Count(d => d > 180));
        var rows = BufetatRegions.All.Select(region => Row(region, [.. waiting.Where(w => w.Region == region).Select(w => w.Days)])).ToList();
        return new WaitingListReport(asOf, rows, Row("I alt", [.. waiting.Select(w => w.Days)]));
    }

    /// <summary>True when the child of this referral waits at <paramref name="asOf"/>.</summary>
    public static bool IsWaiting(ReferralState r, DateOnly asOf) =>
        r.Details.DesiredStartOn <= asOf
        && !(r.Closed is { } c && c <= asOf)
        && !r.Stays.Any(s => s.StartOn <= asOf);

    /// <summary>Emergency foster home stays: those ended in [from, to] (length = end − start + 1 days) and those going on at
    /// <paramref name="to"/> (length so far), overall and by region.</summary>
    public static EmergencyStayReport EmergencyStays(IEnumerable<ReferralState> referrals, DateOnly from, DateOnly to)
    {
        var emergency = referrals.Where(r => r.Details.MeasureCode == "emergency-foster-home").ToList();
        var ended = emergency.SelectMany(r => r.Stays).Where(s => s.EndOn is { } e && e >= from && e <= to).Select(s => s.EndOn!.Value.DayNumber - s.StartOn.DayNumber + 1).ToList();
        var current = emergency.SelectMany(r => r.Stays.Select(s => (r.Details.Region, Stay: s)))
            .Where(x => x.Stay.StartOn <= to && (x.Stay.EndOn is null || x.Stay.EndOn > to)).Select(x => (x.Region, Days: to.DayNumber - x.Stay.StartOn.DayNumber + 1)).ToList();
        return new EmergencyStayReport(from, to, DayStatistics.Of(ended), DayStatistics.Of([.. current.Select(c => c.Days)]),
            [.. BufetatRegions.All.Select(region => (region, DayStatistics.Of([.. current.Where(c => c.Region == region).Select(c => c.Days)])))]);
    }

    /// <summary>Breaches of the duty to assist as of <paramref name="asOf"/> (<see cref="DutyToAssist.Evaluate"/>), counted by the
    /// year the breach dates from, the region, the measure type and unique children.</summary>
    public static BreachReport Breaches(IEnumerable<ReferralState> referrals, DateOnly asOf)
    {
        var outcomes = referrals.Where(r => r.Details.SentOn <= asOf).Select(r => DutyToAssist.Evaluate(r, asOf)).OfType<DutyOutcome>().ToList();
        var breaches = outcomes.Where(o => o.Breach != BreachKind.None).ToList();
        BreachCount Count(string key, Func<DutyOutcome, bool> inKey) =>
            new(key, breaches.Count(inKey), breaches.Where(inKey).Select(b => b.Referral.Details.Child.Key).Distinct().Count(), outcomes.Count(inKey),
                breaches.Where(inKey).Count(b => b.Breach is BreachKind.ConfirmedByCountyGovernor or BreachKind.Both));
        var years = breaches.Select(b => b.BreachOn!.Value.Year).Distinct().Order();
        return new BreachReport(asOf,
            [.. years.Select(y => Count(y.ToString(System.Globalization.CultureInfo.InvariantCulture), o => o.BreachOn?.Year == y))],
            [.. BufetatRegions.All.Select(region => Count(region, o => o.Referral.Details.Region == region))],
            [.. MeasureTypes.All.Where(m => m.DutyToAssist).Select(m => Count(m.Code, o => o.Referral.Details.MeasureCode == m.Code))],
            Count("I alt", _ => true), breaches);
    }

    /// <summary>Use of the facilities of one kind over [from, to]: stays that overlap the period, their days within it, and
    /// occupancy = days / (places × days in the period). Cost per stay is the day price × the stay's whole length (for stays
    /// that have ended; a stay still going on is counted to <paramref name="to"/>).</summary>
    public static FacilityReport Facilities(IEnumerable<Facility> facilities, IEnumerable<ReferralState> referrals, FacilityKind kind, DateOnly from, DateOnly to)
    {
        if (to < from)
            throw new ArgumentException($"--to {to:yyyy-MM-dd} er før --from {from:yyyy-MM-dd}.");
        var periodDays = to.DayNumber - from.DayNumber + 1;
        var stays = referrals.SelectMany(r => r.Stays).Where(s => s.FacilityId is not null && s.Overlaps(from, to)).ToLookup(s => s.FacilityId!);
        var uses = facilities.Where(f => f.Kind == kind).Select(f =>
        {
            var mine = stays[f.Id].ToList();
            var days = mine.Sum(s => s.DaysWithin(from, to));
            var lengths = mine.Select(s => (s.EndOn ?? to).DayNumber - s.StartOn.DayNumber + 1).ToList();
            var costPerStay = lengths.Count == 0 ? 0m : Math.Round(f.DayPrice * (decimal)lengths.Average(), 0);
            return new FacilityUse(f, mine.Count, days, (double)days / (f.Places * periodDays), costPerStay, f.DayPrice * days);
        }).ToList();
        var perOwner = uses.GroupBy(u => u.Facility.Owner).OrderBy(g => g.Key)
            .Select(g => (g.Key, g.Sum(u => u.Facility.Places), g.Sum(u => u.Stays), g.Sum(u => u.Days), (double)g.Sum(u => u.Days) / (g.Sum(u => u.Facility.Places) * periodDays)))
            .ToList();
        return new FacilityReport(from, to, kind, uses, perOwner);
    }

    /// <summary>Institutions over [from, to]: approved places and occupancy per institution type, and each stay's intake
    /// assessment (any recorded in the stay) and follow-up (any recorded).</summary>
    public static InstitutionReport Institutions(IEnumerable<Facility> facilities, IEnumerable<ReferralState> referrals, DateOnly from, DateOnly to)
    {
        var use = Facilities(facilities, referrals, FacilityKind.Institution, from, to);
        var periodDays = to.DayNumber - from.DayNumber + 1;
        var perType = use.Facilities.GroupBy(u => u.Facility.InstitutionType ?? "ukjent").OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(u => u.Facility.Places), g.Sum(u => u.Days), (double)g.Sum(u => u.Days) / (g.Sum(u => u.Facility.Places) * periodDays))).ToList();
        var stays = referrals.Where(r => r.Measure.InstitutionType is not null)
            .SelectMany(r => r.Stays.Where(s => s.Overlaps(from, to)).Select(s => (r.Id, Stay: s, Intake: s.IntakeAssessments.Count > 0, FollowUp: s.FollowUps.Count > 0))).ToList();
        return new InstitutionReport(from, to, perType, stays.Count, stays.Count(s => !s.Intake), stays.Count(s => !s.FollowUp),
            [.. stays.Where(s => !s.Intake || !s.FollowUp)]);
    }

    /// <summary>Every stay that overlaps [from, to], for the co-payment side, in the referrals given (the caller scopes them).</summary>
    public static IReadOnlyList<StayRecord> Stays(IEnumerable<ReferralState> referrals, DateOnly from, DateOnly to, string? municipality = null, string? childKey = null, string? measure = null) =>
        [.. referrals
            .Where(r => (municipality is null || r.Details.MunicipalityNumber == municipality) && (childKey is null || r.Details.Child.Key == childKey)
                && (measure is null || r.Details.MeasureCode == measure))
            .SelectMany(r => r.Stays.Where(s => s.Overlaps(from, to)).Select(s => new StayRecord(r.Id, r.Details.MunicipalityNumber, r.Details.Region, r.Details.Child.Key,
                r.Details.MeasureCode, r.Measure.CopayCode, s.StartOn, s.EndOn, r.Stays.Min(t => t.StartOn), r.Details.UnaccompaniedMinor, r.SettledOn, s.FacilityId, s.PlaceName,
                r.Details.Parents, r.Details.Children)))
            .OrderBy(s => s.From).ThenBy(s => s.ChildKey, StringComparer.Ordinal)];
}
