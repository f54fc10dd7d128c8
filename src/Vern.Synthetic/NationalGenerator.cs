using System.Diagnostics;
using Vern.Domain.CodeLists;
using Vern.Storage;

namespace Vern.Synthetic;

/// <summary>Entry point for <c>vern generate</c>: a country of municipalities with realistic sizes and the same case
/// flow as the demo, written fast into an empty event store.</summary>
/// <remarks>Municipalities are generated in parallel, each from its own random source seeded from (seed, index), and
/// appended in municipality order in batches of <see cref="NationalOptions.BatchSize"/> cases per transaction, so the
/// output is the same whatever the number of cores. The store keeps its durability settings (SQLite: WAL with
/// synchronous=FULL); with thousands of cases per transaction the one fsync per commit costs little.</remarks>
public static class NationalGenerator
{
    /// <summary>Total inhabitants of the 356-municipality country (Norway: about 5.5 million).</summary>
    public const int NationalPopulation = 5_500_000;

    /// <summary>Norway's size classes as (municipalities, smallest, largest) for 356 municipalities: many small, some
    /// medium, few large. An approximation of SSB's population statistics (not from the seed reports); the
    /// populations are scaled afterwards so they add up to <see cref="NationalPopulation"/>.</summary>
    private static readonly (int Count, int Min, int Max)[] SizeClasses =
    [
        (1, 700_000, 700_000),
        (2, 200_000, 300_000),
        (5, 100_000, 150_000),
        (13, 50_000, 99_999),
        (40, 20_000, 49_999),
        (50, 10_000, 19_999),
        (70, 5_000, 9_999),
        (105, 2_000, 4_999),
        (70, 400, 1_999),
    ];

    /// <summary>The municipalities of a run, largest first, numbered 7001, 7002, … (no real kommunenummer starts
    /// with 7). For a count other than 356 the sizes are taken evenly by rank from the 356-municipality country and
    /// the total is scaled to match (count / 356 × 5.5 million).</summary>
    public static IReadOnlyList<Municipality> Municipalities(int count, int seed)
    {
        if (count is < 1 or > 999)
            throw new ArgumentException($"Antall kommuner må være mellom 1 og 999 (fikk {count}).", nameof(count));
        var rng = new Random(MunicipalityRun.SeedFor(seed, -1));
        var sizes = new List<double>();
        foreach (var (n, min, max) in SizeClasses)
            for (int i = 0; i < n; i++)
                sizes.Add(min + rng.NextDouble() * (max - min));
        sizes.Sort((a, b) => b.CompareTo(a));
        var picked = Enumerable.Range(0, count).Select(i => sizes[(int)((long)i * sizes.Count / count) % sizes.Count]).ToList();
        var scale = NationalPopulation * (count / 356.0) / picked.Sum();
        var result = new List<Municipality>(count);
        for (int i = 0; i < count; i++)
        {
            var population = Math.Max(200, (int)Math.Round(picked[i] * scale));
            var children = (int)Math.Round(population * SyntheticRates.ChildShare * (0.9 + 0.2 * rng.NextDouble()));
            var youngAdults = (int)Math.Round(population * SyntheticRates.YoungAdultShare * (0.85 + 0.3 * rng.NextDouble()));
            result.Add(new Municipality((7001 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), Names.Municipality(i), population, children, youngAdults));
        }
        return result;
    }

    /// <summary>Generates every municipality's cases into <paramref name="store"/>, which must hold no events.</summary>
    /// <exception cref="InvalidOperationException">The store already holds events.</exception>
    /// <exception cref="ArgumentException">Bad options, e.g. a period starting before <see cref="SyntheticRates.EarliestStart"/>.</exception>
    public static async Task<GenerationSummary> GenerateAsync(IEventStore store, CodeListSet codeLists, NationalOptions options, IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(codeLists);
        ArgumentNullException.ThrowIfNull(options);
        if (options.BatchSize < 1)
            throw new ArgumentException($"Batchstørrelsen må være minst 1 (fikk {options.BatchSize}).", nameof(options));
        var from = Period.From(options.To, options.Years);
        var municipalities = Municipalities(options.Municipalities, options.Seed);
        await Period.EnsureEmptyAsync(store, cancellationToken);
        var watch = Stopwatch.StartNew();
        var parallelism = Math.Max(1, options.Parallelism ?? Environment.ProcessorCount);

        var tasks = new Task<MunicipalityResult>?[municipalities.Count];
        int started = 0;
        void StartUpTo(int last)
        {
            for (; started < municipalities.Count && started <= last; started++)
            {
                var index = started;
                tasks[index] = Task.Run(() => MunicipalityRun.Generate(
                    municipalities[index], MunicipalityRun.SeedFor(options.Seed, index), from, options.To, codeLists, store));
            }
        }

        var total = new SummaryCounts { To = options.To };
        // Progress by population written: work grows with the number of children.
        double population = municipalities.Sum(m => (double)m.Population), populationDone = 0;
        long cases = 0, events = 0;
        var batch = new List<CaseAppend>(options.BatchSize);
        async Task FlushAsync()
        {
            if (batch.Count == 0) return;
            await store.AppendAsync(batch, cancellationToken);
            cases += batch.Count;
            events += batch.Sum(a => a.Events.Count);
            batch.Clear();
        }

        for (int i = 0; i < municipalities.Count; i++)
        {
            StartUpTo(i + parallelism);
            var result = await tasks[i]!;
            tasks[i] = null;
            foreach (var append in result.Appends)
            {
                batch.Add(append);
                if (batch.Count >= options.BatchSize)
                {
                    await FlushAsync();
                    progress?.Report(new GenerationProgress(populationDone / population, i, municipalities.Count, cases, events));
                }
            }
            result.Appends.Clear();
            total.Merge(result.Counts);
            populationDone += result.Municipality.Population;
            progress?.Report(new GenerationProgress(populationDone / population, i + 1, municipalities.Count, cases, events));
        }
        await FlushAsync();
        progress?.Report(new GenerationProgress(1, municipalities.Count, municipalities.Count, cases, events));
        return total.ToSummary(options.Seed, from, municipalities.Count,
            municipalities.Sum(m => (long)m.Population), municipalities.Sum(m => (long)m.Children), watch.Elapsed);
    }
}
