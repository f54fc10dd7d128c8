using Vern.Domain.Cases;

namespace Vern.Statistics.Definitions;

/// <summary>One case in one year: which measures were in force on 31 December and during the year, the child's SSB
/// class at both times (care before emergency before behavioural before placed before support at home), and its
/// placement type at 31 December (the latest started placement in force).</summary>
public sealed class CaseYear
{
    private static readonly int[] None = [];

    public CaseYear(StatisticsFacts facts, StatisticsYear year)
    {
        Facts = facts;
        Year = year;
        var measures = facts.Measures;
        if (measures.Length == 0)
        {
            AtYearEnd = DuringYear = None;
            return;
        }
        List<int>? end = null, during = null;
        DateOnly? latestPlacement = null;
        for (var i = 0; i < measures.Length; i++)
        {
            var m = measures[i];
            if (!m.InForceDuring(year.First, year.Last)) continue;
            (during ??= []).Add(i);
            var k = m.Class;
            if (ClassDuringYear is null || k < ClassDuringYear) ClassDuringYear = k;
            if (!m.InForceOn(year.Last)) continue;
            (end ??= []).Add(i);
            if (ClassAtYearEnd is null || k < ClassAtYearEnd) ClassAtYearEnd = k;
            if (m.Placement is { } p && (latestPlacement is null || m.StartedOn > latestPlacement))
            {
                latestPlacement = m.StartedOn;
                PlacementAtYearEnd = p;
            }
        }
        AtYearEnd = end?.ToArray() ?? None;
        DuringYear = during?.ToArray() ?? None;
    }

    public StatisticsFacts Facts { get; }

    public StatisticsYear Year { get; }

    /// <summary>Indices into <see cref="StatisticsFacts.Measures"/> of the measures in force on 31 December.</summary>
    public int[] AtYearEnd { get; }

    /// <summary>Indices of the measures in force some day of the year.</summary>
    public int[] DuringYear { get; }

    public MeasureClass? ClassAtYearEnd { get; }

    public MeasureClass? ClassDuringYear { get; }

    public PlacementType? PlacementAtYearEnd { get; }

    private int[]? _tallies;

    /// <summary>The year's counts of reports, investigations, moves and foster-home waits, each list read once in a plain
    /// loop (indexed by <see cref="Tally"/>).</summary>
    public int Get(Tally t) => (_tallies ??= Count())[(int)t];

    private int[] Count()
    {
        var t = new int[(int)Tally.Count];
        var year = Year.Year;
        foreach (var r in Facts.Reports)
        {
            if (r.ReceivedOn.Year == year) t[(int)Tally.ReportsReceived]++;
            if (r.ConcludedOn is { } concluded && concluded.Year == year)
            {
                t[(int)Tally.ReportsReviewed]++;
                if (r.ConclusionCode == "2") t[(int)Tally.ReportsInvestigated]++;
            }
        }
        foreach (var i in Facts.Investigations)
        {
            if (i.ConcludedOn is not { } concluded || concluded.Year != year) continue;
            t[(int)Tally.InvestigationsConcluded]++;
            t[i.OutcomeCode is "1" or "2" ? (int)Tally.InvestigationsToMeasures : (int)Tally.InvestigationsDropped]++;
            if (i.WithinDeadline) t[(int)Tally.InvestigationsWithinDeadline]++;
        }
        foreach (var d in Facts.RegisteredMoves)
            if (d.Year == year) t[(int)Tally.MovesRegistered]++;
        foreach (var d in Facts.Moves)
            if (d.Year == year) t[(int)Tally.Moves]++;
        var fosterHome = false;
        foreach (var i in DuringYear)
            fosterHome |= Facts.Measures[i].Placement == PlacementType.FosterHome;
        if (fosterHome)
            foreach (var (started, days) in Facts.Waits)
            {
                if (started.Year != year) continue;
                t[(int)Tally.FosterHomeWaits]++;
                t[(int)Tally.FosterHomeWaitDays] += days;
                for (var b = 0; b < FosterHomeWaiting.Buckets.Count; b++)
                    if (days >= FosterHomeWaiting.Buckets[b].From && days <= FosterHomeWaiting.Buckets[b].To)
                        t[(int)Tally.FosterHomeWaitBucket0 + b]++;
            }
        return t;
    }

    /// <summary>How many measures in force on 31 December satisfy <paramref name="test"/>.</summary>
    public int CountAtYearEnd(Func<MeasureFact, bool> test)
    {
        var n = 0;
        foreach (var i in AtYearEnd)
            if (test(Facts.Measures[i])) n++;
        return n;
    }
}

/// <summary>The per-year counts <see cref="CaseYear.Get"/> computes in one pass over each list.</summary>
public enum Tally
{
    ReportsReceived,
    ReportsReviewed,
    ReportsInvestigated,
    InvestigationsConcluded,
    InvestigationsToMeasures,
    InvestigationsDropped,
    InvestigationsWithinDeadline,
    MovesRegistered,
    Moves,
    FosterHomeWaits,
    FosterHomeWaitDays,
    /// <summary>The first of <see cref="FosterHomeWaiting.Buckets"/>' four buckets; the others follow.</summary>
    FosterHomeWaitBucket0,
    Count = FosterHomeWaitBucket0 + 4,
}
