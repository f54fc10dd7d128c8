using Vern.Domain.Cases;
using Vern.Domain.Intake;

namespace Vern.Intake;

/// <summary>What a registered report's case says about it: whether the case has the report of concern at all, and when it
/// was reviewed (concluded: henlagt or followed up by an investigation), if it was.</summary>
public sealed record CaseReportStatus(bool OnCase, DateOnly? ReviewedOn);

/// <summary>One sender's day (avstemming per avsender og dag): received against registered against reviewed.</summary>
/// <param name="Day">The Norwegian calendar day the reports were received.</param>
public sealed record ReconciliationRow(string Sender, DateOnly Day, int Received, int Registered, int Rejected, int Waiting, int Reviewed);

public enum DifferenceKind
{
    /// <summary>Received, neither registered nor rejected: still in the inbox.</summary>
    Waiting,

    /// <summary>Marked registered, but the case has no such report: the one difference that must never happen.</summary>
    NotOnCase,

    /// <summary>Registered, not yet reviewed (concluded).</summary>
    NotReviewed,

    /// <summary>Reviewed later than the week of barnevernsloven § 2-1 første ledd, counted from receipt.</summary>
    ReviewedLate,
}

/// <summary>One difference, naming the report by its receipt id (no personal data).</summary>
public sealed record ReconciliationDifference(Guid ReceiptId, string Sender, DateOnly Day, DifferenceKind Kind, string Text);

/// <summary>One inbox's counts over the period (avstemming per bydel): a bydel's, or the municipality's reception (null).</summary>
public sealed record ReconciliationBydelRow(string? Bydel, int Received, int Registered, int Rejected, int Waiting, int Reviewed);

/// <param name="ByBydel">The same counts per inbox where the report is now (a bydel, or the reception: null), in bydel order
/// with the reception first.</param>
public sealed record ReconciliationReport(DateOnly From, DateOnly To, IReadOnlyList<ReconciliationRow> Rows, IReadOnlyList<ReconciliationDifference> Differences,
    IReadOnlyList<ReconciliationBydelRow>? ByBydel = null)
{
    public int Received => Rows.Sum(r => r.Received);

    public int Registered => Rows.Sum(r => r.Registered);

    public int Reviewed => Rows.Sum(r => r.Reviewed);
}

/// <summary>Reconciliation (avstemming, issue 18): sets, per sender and per day, what the intake received against what was
/// registered on a case and what was reviewed, and lists each difference. In 2020–2023 reports from the national form
/// never reached 22 municipalities' case systems while senders were told "sent"; this is the check that would have shown it.</summary>
public static class Reconciliation
{
    /// <summary>The week of barnevernsloven § 2-1 første ledd ("snarest og senest innen en uke"), counted from receipt.</summary>
    public const int ReviewDays = 7;

    /// <param name="items">The received reports of the period with their dispositions.</param>
    /// <param name="cases">For each registered report (by receipt id), what its case says.</param>
    /// <param name="norway">The zone of the legal calendar day (Europe/Oslo).</param>
    /// <param name="today">Today's Norwegian date: a report still within its week is not "late".</param>
    public static ReconciliationReport Compute(DateOnly from, DateOnly to, IReadOnlyList<InboxItem> items, IReadOnlyDictionary<Guid, CaseReportStatus> cases,
        TimeZoneInfo norway, DateOnly today)
    {
        var differences = new List<ReconciliationDifference>();
        var rows = new List<ReconciliationRow>();
        var perBydel = new SortedDictionary<string, int[]>(StringComparer.Ordinal); // "" = the reception; received, registered, rejected, waiting, reviewed
        foreach (var g in items.GroupBy(i => (i.Report.Sender, Day: i.Report.ReceivedOn(norway))).OrderBy(g => g.Key.Day).ThenBy(g => g.Key.Sender, StringComparer.Ordinal))
        {
            int registered = 0, rejected = 0, waiting = 0, reviewed = 0;
            foreach (var item in g.OrderBy(i => i.Report.ReceivedAt))
            {
                var id = item.Report.ReceiptId;
                var day = g.Key.Day;
                var (reg0, rej0, wait0, rev0) = (registered, rejected, waiting, reviewed);
                switch (item.Disposition?.Kind)
                {
                    case null:
                        waiting++;
                        differences.Add(new(id, g.Key.Sender, day, DifferenceKind.Waiting,
                            $"Mottatt {day:dd.MM.yyyy}, ikke registrert eller avvist (ligger i innboksen)."));
                        break;
                    case DispositionKind.Rejected:
                        rejected++;
                        break;
                    case DispositionKind.Registered:
                        registered++;
                        var status = cases.GetValueOrDefault(id);
                        if (status is null || !status.OnCase)
                        {
                            differences.Add(new(id, g.Key.Sender, day, DifferenceKind.NotOnCase,
                                $"Markert som registrert på sak {item.Disposition.CaseId}, men saken har ingen slik melding."));
                        }
                        else if (status.ReviewedOn is { } on)
                        {
                            reviewed++;
                            if (on > day.AddDays(ReviewDays))
                                differences.Add(new(id, g.Key.Sender, day, DifferenceKind.ReviewedLate,
                                    $"Gjennomgått {on:dd.MM.yyyy}, {on.DayNumber - day.DayNumber} dager etter mottak (frist en uke, barnevernsloven § 2-1 første ledd)."));
                        }
                        else
                        {
                            differences.Add(new(id, g.Key.Sender, day, DifferenceKind.NotReviewed,
                                today > day.AddDays(ReviewDays)
                                    ? $"Registrert på sak {item.Disposition.CaseId}, ikke gjennomgått; fristen {day.AddDays(ReviewDays):dd.MM.yyyy} er passert (barnevernsloven § 2-1 første ledd)."
                                    : $"Registrert på sak {item.Disposition.CaseId}, ikke gjennomgått ennå (frist {day.AddDays(ReviewDays):dd.MM.yyyy})."));
                        }
                        break;
                }
                if (!perBydel.TryGetValue(item.Bydel ?? "", out var counts))
                    perBydel[item.Bydel ?? ""] = counts = new int[5];
                counts[0]++;
                counts[1] += registered - reg0;
                counts[2] += rejected - rej0;
                counts[3] += waiting - wait0;
                counts[4] += reviewed - rev0;
            }
            rows.Add(new ReconciliationRow(g.Key.Sender, g.Key.Day, g.Count(), registered, rejected, waiting, reviewed));
        }
        return new ReconciliationReport(from, to, rows, differences,
            [.. perBydel.Select(p => new ReconciliationBydelRow(p.Key.Length == 0 ? null : p.Key, p.Value[0], p.Value[1], p.Value[2], p.Value[3], p.Value[4]))]);
    }

    /// <summary>What a case says about the report with entry id <paramref name="receiptId"/> (registration uses the receipt
    /// id as the report's entry id).</summary>
    public static CaseReportStatus StatusIn(CaseState? state, Guid receiptId) =>
        state?.FindReport(new EntryId(receiptId)) is { } report ? new CaseReportStatus(true, report.Conclusion?.ConcludedOn) : new CaseReportStatus(false, null);
}
