using Vern.Domain.Cases;

namespace Vern.Statistics.Definitions;

/// <summary>One case's facts as the indicators read them, and nothing more: the dates that decide which years the case
/// counts in, each measure's period, category, SSB class and placement type, each report's and investigation's dates and
/// codes, the investigation deadline check, the registered and counted moves, and the foster-home waits. Built from the
/// full state by <see cref="From"/> (the one place the definitions read a <see cref="CaseState"/>); kept per case in the
/// statistics projection (<see cref="Projection.StatisticsProjection"/>) so a warm run reads these, not the snapshots.</summary>
/// <param name="Version">The case's version the facts were taken at (the projection never lets an older one win).</param>
/// <param name="Bydel">The case's bydel (city district whose service has it), or null: a bydel's statistics count its cases only.</param>
/// <param name="Moves">The dates of the moves SSB's counting rule counts (<see cref="MoveCounting"/>).</param>
/// <param name="Waits">The foster-home waits (<see cref="FosterHomeWaiting"/>).</param>
public sealed record StatisticsFacts(
    CaseId Id,
    long Version,
    string MunicipalityNumber,
    string? Bydel,
    DateOnly OpenedOn,
    DateOnly? ClosedOn,
    DateOnly BirthDate,
    MeasureFact[] Measures,
    ReportFact[] Reports,
    InvestigationFact[] Investigations,
    DateOnly[] RegisteredMoves,
    DateOnly[] Moves,
    FosterHomeWait[] Waits)
{
    /// <summary>The facts of one case state: measures classified once (<see cref="MeasureKinds"/>), each investigation's
    /// deadline checked once (Undersøkelse Kontroll 11), moves counted (<see cref="MoveCounting"/>) and waits measured
    /// (<see cref="FosterHomeWaiting"/>). Pure.</summary>
    public static StatisticsFacts From(CaseState c)
    {
        var measures = new MeasureFact[c.Measures.Count];
        for (var i = 0; i < measures.Length; i++)
        {
            var m = c.Measures[i];
            measures[i] = new MeasureFact(m.StartedOn, m.EndedOn, m.Category.Code, MeasureKinds.Classify(m), MeasureKinds.PlacementOf(m.Category.Code));
        }
        var reports = new ReportFact[c.Reports.Count];
        for (var i = 0; i < reports.Length; i++)
        {
            var r = c.Reports[i];
            reports[i] = new ReportFact(r.ReceivedOn, r.Conclusion?.ConcludedOn, r.Conclusion?.Code);
        }
        var investigations = new InvestigationFact[c.Investigations.Count];
        for (var i = 0; i < investigations.Length; i++)
        {
            var v = c.Investigations[i];
            investigations[i] = new InvestigationFact(v.Conclusion?.ConcludedOn, v.Conclusion?.Outcome.Code, CaseIndicators.WithinRegisterDeadline(c, v));
        }
        var moves = c.Measures.Count < 2 ? [] : MoveCounting.Moves(c.Measures).ToArray();
        var waits = FosterHomeWaiting.Waits(c).Select(w => new FosterHomeWait(w.StartedOn, w.Days)).ToArray();
        return new StatisticsFacts(c.Id, c.Version, c.MunicipalityNumber, c.Bydel, c.OpenedOn, c.ClosedOn, c.Child.BirthDate,
            measures, reports, investigations, [.. c.Moves.Select(m => m.MovedOn)], moves, waits);
    }
}

/// <summary>A measure as the indicators read it: its period (both ends inclusive), category code, class on its own and
/// placement type (null when it is not a placement).</summary>
public readonly record struct MeasureFact(DateOnly StartedOn, DateOnly? EndedOn, string Category, MeasureClass Class, PlacementType? Placement)
{
    public bool InForceOn(DateOnly day) => MeasureKinds.InForceOn(StartedOn, EndedOn, day);

    public bool InForceDuring(DateOnly from, DateOnly to) => MeasureKinds.InForceDuring(StartedOn, EndedOn, from, to);
}

/// <summary>A report of concern: received, and when concluded, the date and SSB's conclusion code (Melding/Konklusjon).</summary>
public readonly record struct ReportFact(DateOnly ReceivedOn, DateOnly? ConcludedOn, string? ConclusionCode);

/// <summary>An investigation: when concluded, the date and outcome code, and whether it was concluded within SSB's day
/// count (<see cref="CaseIndicators.WithinRegisterDeadline"/>).</summary>
public readonly record struct InvestigationFact(DateOnly? ConcludedOn, string? OutcomeCode, bool WithinDeadline);

/// <summary>A foster-home placement after a decision: its start and the days waited since the decision.</summary>
public readonly record struct FosterHomeWait(DateOnly StartedOn, int Days);
