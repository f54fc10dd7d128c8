namespace Vern.Domain.Law;

/// <summary>Where the investigation deadline starts counting.</summary>
public enum InvestigationClockStart
{
    /// <summary>The day the report of concern was received.</summary>
    ReportReceived,
    /// <summary>The day the one-week review deadline for the report expires (received + 7 days).</summary>
    ReviewDeadlineExpired,
    /// <summary>The day the report was reviewed (Melding/Konklusjon), but never later than the review deadline.</summary>
    ReportReviewed,
}

/// <summary>Undersøkelsesfrist under one Act: where the clock starts, the review week, and the months allowed (more in
/// special cases, when an extension is granted).</summary>
/// <param name="Act">Register code of the Act ("BVL", "BVL2021").</param>
/// <param name="Citation">The provisions, as cited in the deadline rule file.</param>
public sealed record InvestigationDeadlineDefinition(
    string Act, InvestigationClockStart ClockStart, int ReviewDays, int Months, int ExtendedMonths, string Citation);

/// <summary>The one definition of when an investigation (undersøkelse) must be concluded. The deadline engine, the
/// compliance report and the synthetic generator's summary all count with it, so their overdue counts agree.</summary>
/// <remarks>
/// 2021 Act (reports received from 1 January 2023), barnevernsloven § 2-2: the investigation is to be carried out
/// «snarest og senest innen tre måneder etter at fristen på én uke i § 2-1 første ledd er utløpt», six months in
/// special cases. Received 24 January 2024 → clock starts 31 January → due 30 April 2024 (months added in one step,
/// clamped to the month's last day); received 23 November 2023 → due 29 February 2024.
/// 1992 Act, barnevernloven § 6-9 første ledd: investigations under § 4-3 «skal gjennomføres snarest og senest innen tre
/// måneder», six in special cases, counted from the report's review, which § 4-2 første ledd requires within one
/// week of receipt: reviewed 10 March 2022 → due 10 June 2022; not reviewed in time → from receipt + 7 days.
/// SSB's Undersøkelse Kontroll 11 counts 7 + 90 (7 + 180) calendar days from receipt instead; the deadline engine keeps
/// that date too.
/// </remarks>
public static class InvestigationDeadline
{
    /// <summary>Barnevernloven 1992 § 6-9 første ledd, jf. §§ 4-2 første ledd og 4-3.</summary>
    public static readonly InvestigationDeadlineDefinition Act1992 = new(
        "BVL", InvestigationClockStart.ReportReviewed, 7, 3, 6, "barnevernloven (1992) § 6-9 første ledd, jf. §§ 4-2 og 4-3");

    /// <summary>Barnevernsloven § 2-2, jf. § 2-1 første ledd.</summary>
    public static readonly InvestigationDeadlineDefinition Act2021 = new(
        "BVL2021", InvestigationClockStart.ReviewDeadlineExpired, 7, 3, 6, "barnevernsloven § 2-2, jf. § 2-1 første ledd");

    /// <summary>The definition that governs a report received on <paramref name="reportReceivedOn"/>.</summary>
    public static InvestigationDeadlineDefinition For(DateOnly reportReceivedOn) =>
        Acts.ChildWelfareActOn(reportReceivedOn) == Acts.ChildWelfareAct2021 ? Act2021 : Act1992;

    /// <summary>The day the investigation clock starts.</summary>
    public static DateOnly ClockStartsOn(DateOnly reportReceivedOn, DateOnly? reportReviewedOn)
    {
        var d = For(reportReceivedOn);
        var reviewDeadline = reportReceivedOn.AddDays(d.ReviewDays);
        return d.ClockStart switch
        {
            InvestigationClockStart.ReportReceived => reportReceivedOn,
            InvestigationClockStart.ReviewDeadlineExpired => reviewDeadline,
            InvestigationClockStart.ReportReviewed => reportReviewedOn is { } reviewed && reviewed < reviewDeadline ? reviewed : reviewDeadline,
            _ => throw new NotSupportedException($"The clock start {d.ClockStart} has not been implemented."),
        };
    }

    /// <summary>The last day (inclusive) to conclude an investigation of a report received on <paramref name="reportReceivedOn"/>.</summary>
    /// <param name="extensionGranted">UtvidetFrist/@Innvilget: only a granted extension gives the longer limit.</param>
    public static DateOnly DueOn(DateOnly reportReceivedOn, DateOnly? reportReviewedOn, bool extensionGranted)
    {
        var d = For(reportReceivedOn);
        return ClockStartsOn(reportReceivedOn, reportReviewedOn).AddMonths(extensionGranted ? d.ExtendedMonths : d.Months);
    }
}
