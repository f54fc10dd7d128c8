using Vern.Domain.Intake;

namespace Vern.Intake;

public enum AlarmKind
{
    /// <summary>A report has waited in the inbox longer than the service's limit.</summary>
    InboxAge,

    /// <summary>A sender has been silent for longer than its own history makes likely.</summary>
    Silence,
}

/// <summary>An alarm (alarm) for the leader: no personal data, only the sender, the receipt id and times.</summary>
public sealed record IntakeAlarm(AlarmKind Kind, string Sender, Guid? ReceiptId, DateTimeOffset Since, string Text);

/// <summary>The limits the alarms use, per service (settings, docs/intake.md).</summary>
/// <param name="InboxHours">A report waiting longer than this raises an alarm.</param>
/// <param name="SilenceAlpha">A sender's silence raises an alarm when the chance of it, under the sender's own rate, is below this.</param>
/// <param name="MinimumHistory">Deliveries a sender needs before its rate is trusted (fewer: no silence alarm).</param>
public sealed record AlarmLimits(double InboxHours = 24, double SilenceAlpha = 0.001, int MinimumHistory = 5);

/// <summary>The intake's two alarms (issue 18): a report left in the inbox, and a sender gone silent. The second is what
/// would have shown the national form's silent failure of 2020–2023 within days instead of years.</summary>
public static class Alarms
{
    /// <summary>Both alarms as of <paramref name="now"/>.</summary>
    /// <param name="waiting">Reports still in the inbox.</param>
    /// <param name="deliveries">Every receipt time per sender (oldest first).</param>
    public static IReadOnlyList<IntakeAlarm> Compute(DateTimeOffset now, IReadOnlyList<InboxItem> waiting,
        IReadOnlyDictionary<string, IReadOnlyList<DateTimeOffset>> deliveries, AlarmLimits limits)
    {
        var alarms = new List<IntakeAlarm>();
        foreach (var item in waiting.Where(i => i.Waiting).OrderBy(i => i.Report.ReceivedAt))
        {
            var hours = (now - item.Report.ReceivedAt).TotalHours;
            if (hours > limits.InboxHours)
                alarms.Add(new IntakeAlarm(AlarmKind.InboxAge, item.Report.Sender, item.Report.ReceiptId, item.Report.ReceivedAt,
                    $"Melding {item.Report.ReceiptId} fra {item.Report.Sender} har ligget {hours:0} timer i {(item.Bydel is null ? "innboksen" : "innboksen til bydel " + item.Bydel)} (grense {Nb(limits.InboxHours, "0.#")} timer)."));
        }
        foreach (var (sender, times) in deliveries.OrderBy(d => d.Key, StringComparer.Ordinal))
            if (Silence(sender, times, now, limits) is { } alarm)
                alarms.Add(alarm);
        return alarms;
    }

    /// <summary>The silence alarm for one sender, or null.</summary>
    /// <remarks>Deliveries are taken as a Poisson process with the sender's own rate λ, estimated from its history as
    /// (n − 1) / (t_n − t_1): n deliveries span n − 1 intervals. The chance of no delivery in the time t since the last
    /// is P(0 in t) = e^(−λt); below α it is an alarm. Worked example: 50 reports over 49 days (λ ≈ 1.02 a day) and
    /// α = 0.001 alarm after ln(1000) / λ ≈ 6.8 days of silence. A sender with fewer than
    /// <see cref="AlarmLimits.MinimumHistory"/> deliveries has no trusted rate and raises none. The rate ignores
    /// weekdays and holidays: a sender that is silent every weekend gets a rate that makes a weekend likely.</remarks>
    public static IntakeAlarm? Silence(string sender, IReadOnlyList<DateTimeOffset> times, DateTimeOffset now, AlarmLimits limits)
    {
        if (times.Count < Math.Max(2, limits.MinimumHistory))
            return null;
        var span = (times[^1] - times[0]).TotalDays;
        if (span <= 0)
            return null;
        var perDay = (times.Count - 1) / span;
        var silentDays = (now - times[^1]).TotalDays;
        var p = Math.Exp(-perDay * silentDays);
        if (p >= limits.SilenceAlpha)
            return null;
        return new IntakeAlarm(AlarmKind.Silence, sender, null, times[^1],
            $"Ingen meldinger fra {sender} på {Nb(silentDays, "0.#")} døgn; vanlig er {Nb(perDay, "0.##")} per døgn, så sjansen for så lang stillhet er {Nb(p, "0.######")} (grense {Nb(limits.SilenceAlpha, "0.######")}). Sjekk at avsenderen faktisk sender.");
    }

    /// <summary>A number as a Norwegian reader writes it (decimal comma), whatever the process's culture.</summary>
    private static string Nb(double value, string format) =>
        value.ToString(format, System.Globalization.CultureInfo.InvariantCulture).Replace('.', ',');
}
