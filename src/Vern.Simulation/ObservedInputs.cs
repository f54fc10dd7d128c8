namespace Vern.Simulation;

/// <summary>A measure's actual use in a base year, as plain numbers from a case register (Vern's own data, issue 20):
/// the simulation does not know where they come from.</summary>
/// <param name="Source">Where the numbers come from, e.g. "Vern-databasen data/vern.db, kategori 3.8, 2025".</param>
/// <param name="MeasuresPerYear">Measures started in the year (actual use, «dagens bruk»).</param>
/// <param name="MeanDays">Mean duration in days of the measures that ended in the year; null when none ended.</param>
/// <param name="MeasuresEnded">How many ended (the durations' count).</param>
/// <param name="MeanWaitDays">Mean days from the decision to the measure's start; reported, not used by the model.</param>
public sealed record ObservedUse(string Source, int Year, double MeasuresPerYear, double? MeanDays, int MeasuresEnded, double? MeanWaitDays);

/// <summary>Puts observed use in place of a scenario's assumptions.</summary>
/// <remarks>
/// What changes: today's use (<c>currentUse</c>) of every phase is scaled so the phases add up to the observed measures
/// a year, keeping the scenario's split between phases (a case register records the measure — Kodelister 3.8 «Sentre for
/// foreldre og barn» — not the phase, assessment or guidance); need and capacity are scaled by the same factor, keeping the
/// scenario's need/use and capacity/use ratios, so a municipality's data give the scenario at its size; every phase's
/// residential days are scaled so that their use-weighted mean equals the observed mean duration (today's use is
/// residential, Vista 2016 table 6.4 «I dag»). Ranges are scaled with their point, so Monte Carlo keeps its band.
/// What does not: prices, shares, elasticities and the alternatives. The waiting time is reported beside the result:
/// Vista's model has no waiting-time parameter.
/// </remarks>
public static class ObservedInputs
{
    /// <summary>The scenario with observed use in place of its assumptions, and a note per change (bokmål).</summary>
    public static (Scenario Scenario, IReadOnlyList<string> Notes) Apply(Scenario scenario, ObservedUse observed)
    {
        if (observed.MeasuresPerYear <= 0)
            throw new ArgumentOutOfRangeException(nameof(observed), observed.MeasuresPerYear,
                $"{observed.Source}: ingen tiltak startet i {observed.Year}; kan ikke erstatte dagens bruk med 0 (ObservedUse.MeasuresPerYear).");
        var useNow = scenario.Phases.Sum(p => p.CurrentUse.Central);
        if (useNow <= 0)
            throw new ArgumentException($"Scenarioet {scenario.Name} har ingen dagens bruk å skalere (currentUse).", nameof(scenario));
        var factor = observed.MeasuresPerYear / useNow;
        var quantities = scenario.Quantities.ToArray();
        Quantity Scale(Quantity q, double f)
        {
            var scaled = q.IsUniform ? Quantity.Uniform(q.Low * f, q.High * f) : Quantity.Triangular(q.Low * f, q.Mode * f, q.High * f);
            scaled.Slot = q.Slot;
            quantities[q.Slot] = scaled;
            return scaled;
        }

        var notes = new List<string>
        {
            $"Dagens bruk: {observed.MeasuresPerYear:0} tiltak i {observed.Year} ({observed.Source}) i stedet for {useNow:0.#}; " +
            $"behov og kapasitet skalert med samme faktor {factor:0.####} (scenarioets forhold mellom behov, kapasitet og bruk beholdes).",
        };
        var daysFactor = 1.0;
        if (observed.MeanDays is { } mean && mean > 0)
        {
            var scenarioMean = scenario.Phases.Sum(p => p.CurrentUse.Central * p.Residential.Days.Central) / useNow;
            daysFactor = mean / scenarioMean;
            if (scenario.Phases.Any(p => p.Residential.Days.High * daysFactor > 3650))
                throw new ArgumentOutOfRangeException(nameof(observed), mean, $"{observed.Source}: gjennomsnittlig varighet {mean:0} dager gir over 3650 dager i en fase (Scenario.Range).");
            notes.Add($"Varighet: gjennomsnittlig {mean:0.#} dager for {observed.MeasuresEnded} avsluttede tiltak i stedet for {scenarioMean:0.#}; " +
                      $"døgndagene i hver fase skalert med {daysFactor:0.####} (fordelingen mellom fasene er scenarioets).");
        }
        else
        {
            notes.Add($"Varighet: ingen tiltak avsluttet i {observed.Year}; scenarioets varigheter beholdes.");
        }
        if (observed.MeanWaitDays is { } wait)
            notes.Add($"Ventetid fra vedtak til oppstart: gjennomsnittlig {wait:0.#} dager (vises bare; modellen i Vista 2016 har ingen ventetid).");

        var phases = scenario.Phases.Select(p => p with
        {
            Need = Scale(p.Need, factor),
            CurrentUse = Scale(p.CurrentUse, factor),
            Residential = daysFactor == 1.0 ? p.Residential : p.Residential with { Days = Scale(p.Residential.Days, daysFactor) },
        }).ToList();
        var result = scenario with
        {
            Title = $"{scenario.Title} – dagens bruk fra {observed.Source}",
            Sources = [.. scenario.Sources, $"Dagens bruk og varighet: {observed.Source}"],
            Capacity = Scale(scenario.Capacity, factor),
            Phases = phases,
            Quantities = quantities,
        };
        return (result, notes);
    }
}
