using Vern.Domain.Cases;
using Vern.Domain.CodeLists;
using Vern.Domain.Validation;
using Vern.Storage;

namespace Vern.Synthetic;

/// <summary>The cases generated for one municipality, ready to append, and their counts.</summary>
internal sealed record MunicipalityResult(Municipality Municipality, List<CaseAppend> Appends, SummaryCounts Counts);

/// <summary>Generates all cases of one municipality over a period: draws when children are first reported, lets
/// <see cref="CaseSimulator"/> write each case's commands, and runs every command through the domain's decider
/// (<see cref="CaseService.Decide"/>) so each fact passes the same validation as a caseworker's input. Nothing is
/// stored here: the caller appends the returned <see cref="CaseAppend"/>s in batches.</summary>
internal static class MunicipalityRun
{
    /// <summary>Reports per child over the period, measured on generated data (re-reports after a closed case,
    /// reports during an investigation or during measures): the number of children first reported is the report
    /// rate divided by this, so the generated reports per 100 children match <see cref="SyntheticRates.ReportsPerChildPerYear"/>.</summary>
    internal const double ReportsPerChild = 1.12;

    /// <summary>Open cases at the end of the period per child first reported per year, used only to size the
    /// caseworker pool: 0.5 + 0.025 × years (measured on generated data: 0.60 after 3 years, 0.80 after 12, as care
    /// orders that last until 18 pile up).</summary>
    internal static double OpenYearsPerCase(double years) => 0.5 + 0.025 * years;

    public static MunicipalityResult Generate(Municipality municipality, int seed, DateOnly from, DateOnly to, CodeListSet codeLists, IEventStore store, Action<int, int>? onCase = null)
    {
        var rng = new Random(seed);
        var clock = new FixedClock(to);
        var service = new CaseService(store, codeLists, clock, () => Ids.NewUuid(rng));
        var years = (to.DayNumber - from.DayNumber + 1) / 365.25;
        var days = to.DayNumber - from.DayNumber + 1;

        var children = Draw(rng, municipality.Children * SyntheticRates.ReportsPerChildPerYear / ReportsPerChild * years);
        var youngAdults = Draw(rng, municipality.YoungAdults * SyntheticRates.AftercareOnlyPerYoungAdultPerYear * years);
        var starts = new List<(DateOnly Date, bool YoungAdult)>(children + youngAdults);
        for (int i = 0; i < children; i++)
            starts.Add((from.AddDays(rng.Next(days)), false));
        for (int i = 0; i < youngAdults; i++)
            starts.Add((from.AddDays(rng.Next(days)), true));
        starts.Sort((a, b) => a.Date.CompareTo(b.Date) != 0 ? a.Date.CompareTo(b.Date) : a.YoungAdult.CompareTo(b.YoungAdult));

        var expectedOpen = municipality.Children * SyntheticRates.ReportsPerChildPerYear / ReportsPerChild * OpenYearsPerCase(years);
        var caseworkers = Math.Max(1, (int)Math.Ceiling(expectedOpen / SyntheticRates.OpenCasesPerCaseworker));
        var simulator = new CaseSimulator(municipality, from, to, new CodePicker(codeLists), rng, caseworkers);
        var counts = new SummaryCounts { To = to };
        var appends = new List<CaseAppend>(starts.Count);
        foreach (var (date, youngAdult) in starts)
        {
            var simulated = youngAdult ? simulator.YoungAdult(date) : simulator.Child(date);
            var append = Decide(service, municipality, simulated);
            counts.Add(append);
            appends.Add(append);
            onCase?.Invoke(appends.Count, starts.Count);
        }
        return new MunicipalityResult(municipality, appends, counts);
    }

    /// <summary>Runs the case's commands through the decider and collects the events with their audit data:
    /// recorded by the caseworker responsible at the time, in the role <c>caseworker</c> (the synthetic recorder is always a
    /// saksbehandler: issue 15 puts a role on every event), on the legal date during office hours (UTC).</summary>
    /// <summary>The role every generated event records: the synthetic caseworker's.</summary>
    internal static readonly string SyntheticRole = Vern.Domain.Access.Roles.Name(Vern.Domain.Access.Role.Caseworker);

    private static CaseAppend Decide(CaseService service, Municipality municipality, SimulatedCase simulated)
    {
        CaseState? state = null;
        var pending = new List<PendingEvent>(simulated.Commands.Count + 4);
        var recordedBy = simulated.Commands.Select(c => c.Command).OfType<AssignCaseworker>().FirstOrDefault()?.CaseworkerId
            ?? $"sb-{municipality.Number}-01";
        for (int i = 0; i < simulated.Commands.Count; i++)
        {
            var (date, command) = simulated.Commands[i];
            if (command is AssignCaseworker assign)
                recordedBy = assign.CaseworkerId;
            IReadOnlyList<CaseEvent> events;
            try
            {
                (events, state) = service.Decide(state, simulated.Id, command);
            }
            catch (DomainRuleException e)
            {
                throw new InvalidOperationException(
                    $"The synthetic generator made a command the rules refuse (fix the generator, not the rules): "
                    + $"{command.GetType().Name} on {date:yyyy-MM-dd} in case {simulated.Id} ({municipality.Number}): "
                    + string.Join("; ", e.Issues.Select(x => $"{x.Code} {x.Path}: {x.Message}")), e);
            }
            var at = new DateTimeOffset(date.ToDateTime(new TimeOnly(7, 0)), TimeSpan.Zero).AddMinutes(i * 7 % 480);
            foreach (var e in events)
                pending.Add(new PendingEvent(e, recordedBy, at, SyntheticRole));
        }
        return new CaseAppend(simulated.Id, 0, pending, state!);
    }

    /// <summary>A whole number with the given expectation: the integer part, plus one with the fractional part's chance.</summary>
    private static int Draw(Random rng, double expected)
    {
        var whole = (int)Math.Floor(expected);
        return whole + (rng.NextDouble() < expected - whole ? 1 : 0);
    }

    /// <summary>Mixes the run's seed with a municipality's index into that municipality's own seed (SplitMix64), so
    /// municipalities can be generated in parallel and still come out the same.</summary>
    internal static int SeedFor(int seed, int index)
    {
        ulong z = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)index + 1);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}

/// <summary>A clock standing still at noon UTC on the period's last day: the generator's "today".</summary>
internal sealed class FixedClock(DateOnly today) : TimeProvider
{
    private readonly DateTimeOffset _now = new(today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;
}
