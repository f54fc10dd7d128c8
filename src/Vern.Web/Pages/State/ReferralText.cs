using Vern.Domain.State;

namespace Vern.Web.Pages.State;

/// <summary>How the state side's pages word a referral (bokmål): its status, its measure, and the duty-to-assist clock
/// (bistandsplikt, barnevernsloven § 16-3; the days are Vern's rule data in <see cref="DutyToAssist"/>, labelled there).</summary>
public static class ReferralText
{
    public static string Status(ReferralStatus s) => s switch
    {
        ReferralStatus.Open => "Sendt, ikke besvart",
        ReferralStatus.Offered => "Tilsagn gitt",
        ReferralStatus.Rejected => "Avslått",
        ReferralStatus.Withdrawn => "Trukket",
        ReferralStatus.Placed => "Plassert",
        ReferralStatus.Ended => "Opphold avsluttet",
        _ => s.ToString(),
    };

    public static string Measure(string code) => MeasureTypes.Find(code)?.Name ?? code;

    /// <summary>The clock in words, with the CSS tag class: where the duty applies, days left to the deadline, or the breach.</summary>
    public static (string Text, string Tag) Clock(ReferralState r, DateOnly today)
    {
        if (DutyToAssist.Evaluate(r, today) is not { } o)
            return ("Bistandsplikten gjelder ikke", "");
        if (o.Breach != BreachKind.None)
            return (o.Breach == BreachKind.ConfirmedByCountyGovernor ? $"Brudd konstatert av statsforvalteren {Display.Date(o.BreachOn)}"
                : $"Brudd: fristen {Display.Date(o.Deadline)} er passert uten tilbud", "tag bad");
        if (r.Offer is not null)
            return ($"Tilbud etter {o.DaysToOffer} dager (frist {Display.Date(o.Deadline)})", "tag ok");
        if (r.Status is ReferralStatus.Withdrawn or ReferralStatus.Rejected)
            return ("Avsluttet uten tilbud", "");
        var left = o.Deadline.DayNumber - today.DayNumber;
        return (left == 0 ? $"Frist i dag ({Display.Date(o.Deadline)})" : $"{left} dager igjen (frist {Display.Date(o.Deadline)})", left <= 7 ? "tag warn" : "tag");
    }

    /// <summary>True when the duty to assist is breached at <paramref name="today"/> and the referral is still unanswered.</summary>
    public static bool Overdue(ReferralState r, DateOnly today) =>
        r.Offer is null && r.Status == ReferralStatus.Open && DutyToAssist.Evaluate(r, today) is { Breach: not BreachKind.None };

    /// <summary>A count, or «:» where it is suppressed (Vern.Statistics' mark).</summary>
    public static string Count(int? n) => n is { } v ? Display.Number(v) : ":";

    /// <summary>An amount in kroner with øre: "109 500,00 kr".</summary>
    public static string Kroner(decimal d) => d.ToString("#,0.00", Vern.Domain.Text.Bokmal.Numbers) + " kr";

    /// <summary>A rate factor: "1", "1,5".</summary>
    public static string Factor(decimal f) => f.ToString("0.#", Vern.Domain.Text.Bokmal.Numbers);

    public static string Days(double? d) => d is { } v ? Display.Decimal(Math.Round(v, 1)) : "–";

    /// <summary>A waiting-list row's mean or median: the figure where the application layer gave one; «:» where it was held back
    /// (the row's count is prikket, or fewer than 5 children: a mean of one child is that child's wait); «–» where no child
    /// waits. The same rule for the regions and for «I alt» (<see cref="Vern.Application.StateSuppression.Waiting"/>).</summary>
    public static string WaitDays(double? d, int? children) => d is { } v ? Display.Decimal(Math.Round(v, 1)) : children is 0 ? "–" : ":";
}
