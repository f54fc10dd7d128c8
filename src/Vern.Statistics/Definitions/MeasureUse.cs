using Vern.Domain.Cases;
using Vern.Statistics.Breakdowns;

namespace Vern.Statistics.Definitions;

/// <summary>A measure category's actual use in a year, from Vern's own case data: how many started and ended, how long
/// the ended ones lasted, and how long after their decision they started (the inputs a policy simulation otherwise
/// assumes, issue 20).</summary>
/// <param name="Category">The category code or prefix (SSB Kodelister Tiltak/Kategori), e.g. "3.8" Sentre for foreldre og barn.</param>
/// <param name="Started">Measures started in the year.</param>
/// <param name="Ended">Measures ended in the year (their durations are <see cref="MeanDays"/> and <see cref="MedianDays"/>).</param>
/// <param name="InForce31Dec">Measures in force on 31 December.</param>
/// <param name="DaysInYear">Days of the year the category's measures were in force, summed (measure-days of use).</param>
/// <param name="MeanDays">Mean days from start to end (both inclusive) of the measures ended in the year.</param>
/// <param name="MeanWaitDays">Mean days from the decision to the measure's start, for the measures started in the year.</param>
public sealed record MeasureUseFigures(
    string Category,
    int Year,
    string? Municipality,
    int Started,
    int Ended,
    int InForce31Dec,
    long DaysInYear,
    decimal? MeanDays,
    decimal? MedianDays,
    decimal? MeanWaitDays,
    long CasesRead);

public static class MeasureUse
{
    /// <summary>Kodelister Tiltak/Kategori 3.8 «Sentre for foreldre og barn»: the measure Vista 2016 (seed 000) models.</summary>
    public const string CentresForParentsAndChildren = "3.8";

    /// <summary>Whether a category code is <paramref name="category"/> or below it ("3.8" matches "3.8" and "3.8.1").</summary>
    public static bool Matches(string code, string category) =>
        code == category || code.StartsWith(category + ".", StringComparison.Ordinal);

    /// <summary>The figures for one category and year over a stream of cases (one municipality's, or all).</summary>
    public static MeasureUseFigures Compute(IEnumerable<CaseState> cases, string category, int year, string? municipality)
    {
        var y = new StatisticsYear(year);
        int started = 0, inForce = 0;
        long daysInYear = 0, cases_ = 0, waitDays = 0;
        var durations = new List<decimal>();
        foreach (var c in cases)
        {
            cases_++;
            if (municipality is not null && c.MunicipalityNumber != municipality) continue;
            foreach (var m in c.Measures)
            {
                if (!Matches(m.Category.Code, category)) continue;
                if (y.Contains(m.StartedOn))
                {
                    started++;
                    if (c.FindDecision(m.DecisionId) is { } d && d.DecidedOn <= m.StartedOn)
                        waitDays += m.StartedOn.DayNumber - d.DecidedOn.DayNumber;
                }
                if (m.EndedOn is { } end && y.Contains(end))
                    durations.Add(end.DayNumber - m.StartedOn.DayNumber + 1);
                if (MeasureKinds.InForceOn(m, y.Last)) inForce++;
                if (MeasureKinds.InForceDuring(m, y.First, y.Last))
                {
                    var from = Math.Max(m.StartedOn.DayNumber, y.First.DayNumber);
                    var to = Math.Min((m.EndedOn ?? y.Last).DayNumber, y.Last.DayNumber);
                    daysInYear += to - from + 1;
                }
            }
        }
        return new MeasureUseFigures(category, year, municipality, started, durations.Count, inForce, daysInYear,
            Summary.Mean(durations), Summary.Median(durations), started == 0 ? null : (decimal)waitDays / started, cases_);
    }
}
