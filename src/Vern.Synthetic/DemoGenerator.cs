using System.Diagnostics;
using Vern.Domain.CodeLists;
using Vern.Storage;

namespace Vern.Synthetic;

/// <summary>Entry point for <c>vern demo</c>: one fictional municipality, <see cref="Municipality"/>, with
/// about 20,000 inhabitants and every case of a few years, written into an empty event store.</summary>
public static class DemoGenerator
{
    /// <summary>7777 Vernvik: a made-up municipality. No real Norwegian kommunenummer starts with 7 (real numbers
    /// begin with a county number: 03, 11, 15, 18, 31–34, 39–56), so the data can never be taken for a real place.</summary>
    public static readonly Municipality Municipality = new("7777", "Vernvik", 20_000, 4_000, 1_300);

    /// <summary>Generates the demo data into <paramref name="store"/>, which must hold no events.</summary>
    /// <exception cref="InvalidOperationException">The store already holds events.</exception>
    /// <exception cref="ArgumentException">The period starts before <see cref="SyntheticRates.EarliestStart"/> or is empty.</exception>
    public static async Task<GenerationSummary> GenerateAsync(IEventStore store, CodeListSet codeLists, DemoOptions options, IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(codeLists);
        ArgumentNullException.ThrowIfNull(options);
        var from = Period.From(options.To, options.Years);
        if (options.Scale is < 1 or > 1000)
            throw new ArgumentException($"Skalaen må være mellom 1 og 1000 (fikk {options.Scale}).", nameof(options));
        var municipality = Scaled(options.Scale);
        await Period.EnsureEmptyAsync(store, cancellationToken);
        var watch = Stopwatch.StartNew();
        // Deciding the commands takes most of the time: 70 % of the bar, writing the rest.
        var result = MunicipalityRun.Generate(municipality, MunicipalityRun.SeedFor(options.Seed, 0), from, options.To, codeLists, store,
            (done, total) => { if (done % 50 == 0) progress?.Report(new GenerationProgress(0.7 * done / total, 0, 1, 0, 0)); });
        long cases = 0, events = 0;
        foreach (var batch in result.Appends.Chunk(500))
        {
            await store.AppendAsync(batch, cancellationToken);
            cases += batch.Length;
            events += batch.Sum(a => a.Events.Count);
            progress?.Report(new GenerationProgress(0.7 + 0.3 * cases / result.Appends.Count, 0, 1, cases, events));
        }
        progress?.Report(new GenerationProgress(1, 1, 1, cases, events));
        return result.Counts.ToSummary(options.Seed, from, 1, municipality.Population, municipality.Children, watch.Elapsed);
    }

    /// <summary>Vernvik with <paramref name="scale"/> times its inhabitants (same number and name): a larger service for speed
    /// measurements. Scale 1 is <see cref="Municipality"/> itself.</summary>
    public static Municipality Scaled(int scale) => scale == 1 ? Municipality : Municipality with
    {
        Population = Municipality.Population * scale,
        Children = Municipality.Children * scale,
        YoungAdults = Municipality.YoungAdults * scale,
    };
}

/// <summary>Checks shared by the generators.</summary>
internal static class Period
{
    /// <summary>The first day of a period of <paramref name="years"/> years ending on <paramref name="to"/> (inclusive).</summary>
    public static DateOnly From(DateOnly to, int years)
    {
        if (years < 1)
            throw new ArgumentException($"Antall år må være minst 1 (fikk {years}).", nameof(years));
        var from = to.AddYears(-years).AddDays(1);
        if (from < SyntheticRates.EarliestStart)
            throw new ArgumentException(
                $"Perioden {from:yyyy-MM-dd}–{to:yyyy-MM-dd} starter før {SyntheticRates.EarliestStart:yyyy-MM-dd}: SSBs kodeliste for "
                + "vedtaksstatus (Vedtak/Status) gjelder først fra da, så vedtak før den datoen avvises. Velg færre år eller en senere sluttdato "
                + $"(--to {SyntheticRates.EarliestStart.AddYears(years).AddDays(-1):yyyy-MM-dd} eller senere).", nameof(years));
        return from;
    }

    public static async Task EnsureEmptyAsync(ICaseSnapshots store, CancellationToken cancellationToken)
    {
        var events = await store.CountEventsAsync(cancellationToken);
        if (events > 0)
            throw new InvalidOperationException(
                $"Databasen inneholder allerede {events} hendelser. Syntetiske data lages bare i en tom database; bruk en ny fil med --db.");
    }
}
