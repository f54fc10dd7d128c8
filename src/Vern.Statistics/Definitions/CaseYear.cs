using Vern.Domain.Cases;

namespace Vern.Statistics.Definitions;

/// <summary>One case's facts read once for every indicator and year: arrays in place of the snapshot's immutable lists,
/// each measure's SSB class and placement type, each investigation's deadline check, and the moves and foster-home waits,
/// all computed once per case instead of once per indicator and year.</summary>
public sealed class CaseView
{
    private IReadOnlyList<DateOnly>? _moves;
    private IReadOnlyList<(DateOnly StartedOn, int Days)>? _waits;

    public CaseView(CaseState c)
    {
        Case = c;
        Measures = c.Measures.Count == 0 ? [] : [.. c.Measures];
        Classes = Measures.Length == 0 ? [] : new MeasureClass[Measures.Length];
        Placements = Measures.Length == 0 ? [] : new PlacementType?[Measures.Length];
        for (var i = 0; i < Measures.Length; i++)
        {
            Classes[i] = MeasureKinds.Classify(Measures[i]);
            Placements[i] = MeasureKinds.PlacementOf(Measures[i].Category.Code);
        }
        Reports = c.Reports.Count == 0 ? [] : [.. c.Reports];
        Investigations = c.Investigations.Count == 0 ? [] : [.. c.Investigations];
        WithinDeadline = Investigations.Length == 0 ? [] : new bool[Investigations.Length];
        for (var i = 0; i < Investigations.Length; i++)
            WithinDeadline[i] = WithinRegisterDeadline(Investigations[i], Reports);
        RegisteredMoves = c.Moves.Count == 0 ? [] : [.. c.Moves];
    }

    public CaseState Case { get; }

    /// <summary><see cref="CaseIndicators.WithinRegisterDeadline"/> over the case's reports as an array (the same rule).</summary>
    private static bool WithinRegisterDeadline(Investigation i, ReportOfConcern[] reports)
    {
        if (i.Conclusion is null) return false;
        for (var k = reports.Length - 1; k >= 0; k--)
            if (reports[k].Id == i.ReportId)
                return i.Conclusion.ConcludedOn <= reports[k].ReceivedOn.AddDays(i.Extension is { Granted: true } ? 7 + 180 : 7 + 90);
        return false;
    }

    public Measure[] Measures { get; }

    /// <summary>Each measure's class on its own (<see cref="MeasureKinds.Classify(Measure)"/>).</summary>
    public MeasureClass[] Classes { get; }

    /// <summary>Each measure's placement type, or null when it is not a placement.</summary>
    public PlacementType?[] Placements { get; }

    public ReportOfConcern[] Reports { get; }

    public Investigation[] Investigations { get; }

    /// <summary>Each investigation: concluded within SSB's day count (Undersøkelse Kontroll 11).</summary>
    public bool[] WithinDeadline { get; }

    public Move[] RegisteredMoves { get; }

    /// <summary>The dates of the moves SSB's counting rule counts (<see cref="MoveCounting"/>).</summary>
    public IReadOnlyList<DateOnly> Moves => _moves ??= Measures.Length < 2 ? [] : MoveCounting.Moves(Measures);

    /// <summary>The foster-home waits (<see cref="FosterHomeWaiting"/>).</summary>
    public IReadOnlyList<(DateOnly StartedOn, int Days)> Waits => _waits ??= FosterHomeWaiting.Waits(Case);
}

/// <summary>One case in one year: which measures were in force on 31 December and during the year, the child's SSB
/// class at both times (care before emergency before behavioural before placed before support at home), and its
/// placement type at 31 December (the latest started placement in force).</summary>
public sealed class CaseYear
{
    private static readonly int[] None = [];

    public CaseYear(CaseView view, StatisticsYear year)
    {
        View = view;
        Year = year;
        var measures = view.Measures;
        if (measures.Length == 0)
        {
            AtYearEnd = DuringYear = None;
            return;
        }
        List<int>? end = null, during = null;
        Measure? latestPlacement = null;
        for (var i = 0; i < measures.Length; i++)
        {
            var m = measures[i];
            if (!MeasureKinds.InForceDuring(m, year.First, year.Last)) continue;
            (during ??= []).Add(i);
            var k = view.Classes[i];
            if (ClassDuringYear is null || k < ClassDuringYear) ClassDuringYear = k;
            if (!MeasureKinds.InForceOn(m, year.Last)) continue;
            (end ??= []).Add(i);
            if (ClassAtYearEnd is null || k < ClassAtYearEnd) ClassAtYearEnd = k;
            if (view.Placements[i] is { } p && (latestPlacement is null || m.StartedOn > latestPlacement.StartedOn))
            {
                latestPlacement = m;
                PlacementAtYearEnd = p;
            }
        }
        AtYearEnd = end?.ToArray() ?? None;
        DuringYear = during?.ToArray() ?? None;
    }

    public CaseView View { get; }

    public StatisticsYear Year { get; }

    /// <summary>Indices into <see cref="CaseView.Measures"/> of the measures in force on 31 December.</summary>
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
        foreach (var r in View.Reports)
        {
            if (r.ReceivedOn.Year == year) t[(int)Tally.ReportsReceived]++;
            if (r.Conclusion is { } k && k.ConcludedOn.Year == year)
            {
                t[(int)Tally.ReportsReviewed]++;
                if (k.Code == "2") t[(int)Tally.ReportsInvestigated]++;
            }
        }
        var investigations = View.Investigations;
        for (var i = 0; i < investigations.Length; i++)
        {
            if (investigations[i].Conclusion is not { } k || k.ConcludedOn.Year != year) continue;
            t[(int)Tally.InvestigationsConcluded]++;
            t[k.Outcome.Code is "1" or "2" ? (int)Tally.InvestigationsToMeasures : (int)Tally.InvestigationsDropped]++;
            if (View.WithinDeadline[i]) t[(int)Tally.InvestigationsWithinDeadline]++;
        }
        foreach (var m in View.RegisteredMoves)
            if (m.MovedOn.Year == year) t[(int)Tally.MovesRegistered]++;
        if (View.Measures.Length >= 2)
            foreach (var d in View.Moves)
                if (d.Year == year) t[(int)Tally.Moves]++;
        var fosterHome = false;
        foreach (var i in DuringYear)
            fosterHome |= View.Placements[i] == PlacementType.FosterHome;
        if (fosterHome)
            foreach (var (started, days) in View.Waits)
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
    public int CountAtYearEnd(Func<CaseView, int, bool> test)
    {
        var n = 0;
        foreach (var i in AtYearEnd)
            if (test(View, i)) n++;
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
