namespace Vern.Simulation;

/// <summary>Mean and percentiles of one figure over the draws.</summary>
public sealed record Percentiles(double Mean, double P5, double P25, double P50, double P75, double P95);

/// <summary>One alternative's figures over all draws, keyed by metric name (<see cref="MonteCarlo.Metrics"/>).</summary>
public sealed record MonteCarloAlternative(string Id, string Name, IReadOnlyDictionary<string, Percentiles> Metrics);

/// <summary>The result of a Monte Carlo run: the same draws are used for every alternative (common random numbers),
/// so differences between alternatives are not blurred by sampling noise.</summary>
public sealed record MonteCarloResult(string Scenario, int Draws, ulong Seed, IReadOnlyList<MonteCarloAlternative> Alternatives);

/// <summary>Draws every ranged assumption of a scenario <c>draws</c> times and evaluates each alternative on each draw.
/// Reproducible: the same seed gives the same result on any machine and any number of cores (each block of draws
/// has its own generator seeded from the seed and the block number).</summary>
public static class MonteCarlo
{
    public const int BlockSize = 4096;

    /// <summary>The figures summarised, in order.</summary>
    public static IReadOnlyList<string> Metrics { get; } =
    [
        "demand", "capacityGap", "savings", "freedResidential", "remainingGap", "extraFunding",
        "served", "grossCost", "municipalCost", "stateCost",
    ];

    /// <param name="progress">Receives the number of draws done so far, once per block.</param>
    public static MonteCarloResult Run(Scenario scenario, int draws, ulong seed, IProgress<int>? progress = null)
    {
        if (draws < 1)
            throw new ArgumentOutOfRangeException(nameof(draws), draws, "--draws must be at least 1.");
        var alternatives = scenario.Alternatives;
        var m = Metrics.Count;
        // samples[alternative][metric][draw]
        var samples = alternatives.Select(_ => Enumerable.Range(0, m).Select(_ => new double[draws]).ToArray()).ToArray();
        var blocks = (draws + BlockSize - 1) / BlockSize;
        var done = 0;
        var quantities = scenario.Quantities;
        var plans = alternatives.Select(a => SimulationEngine.Plan.For(scenario, a, a.Steps)).ToArray();
        Parallel.For(0, blocks, block =>
        {
            var rng = new Xoshiro256(SplitMix(seed, (ulong)block));
            var values = new double[quantities.Count];
            var start = block * BlockSize;
            var end = Math.Min(draws, start + BlockSize);
            for (var d = start; d < end; d++)
            {
                for (var q = 0; q < values.Length; q++)
                    values[q] = quantities[q].Draw(rng.NextDouble());
                for (var a = 0; a < alternatives.Count; a++)
                {
                    var o = plans[a].Evaluate(values, null, null);
                    var s = samples[a];
                    s[0][d] = o.Demand;
                    s[1][d] = o.CapacityGap;
                    s[2][d] = o.Savings;
                    s[3][d] = o.FreedResidential;
                    s[4][d] = o.RemainingGap;
                    s[5][d] = o.ExtraFunding;
                    s[6][d] = o.Served;
                    s[7][d] = o.GrossCost;
                    s[8][d] = o.MunicipalCost;
                    s[9][d] = o.StateCost;
                }
            }
            progress?.Report(Interlocked.Add(ref done, end - start));
        });
        var results = new MonteCarloAlternative[alternatives.Count];
        var summaries = new Percentiles[alternatives.Count * m];
        Parallel.For(0, summaries.Length, k => summaries[k] = Summarise(samples[k / m][k % m]));
        for (var a = 0; a < alternatives.Count; a++)
        {
            var metrics = new Dictionary<string, Percentiles>(StringComparer.Ordinal);
            for (var k = 0; k < m; k++)
                metrics[Metrics[k]] = summaries[a * m + k];
            results[a] = new MonteCarloAlternative(alternatives[a].Id, alternatives[a].Name, metrics);
        }
        return new MonteCarloResult(scenario.Name, draws, seed, results);
    }

    /// <summary>Percentiles of sorted values by linear interpolation between closest ranks (the «R7» / Excel PERCENTILE.INC rule).</summary>
    public static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 1)
            return sorted[0];
        var rank = p * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>Mean and percentiles of the values, which it reorders: the ranks needed are found by selection
    /// (average linear time) instead of a full sort; the result is the same as <see cref="Percentile"/> on sorted values.</summary>
    public static Percentiles Summarise(double[] values)
    {
        var sum = 0d;
        foreach (var x in values)
            sum += x;
        var from = 0;
        double At(double p)
        {
            var rank = p * (values.Length - 1);
            var lo = (int)Math.Floor(rank);
            Select(values, from, values.Length - 1, lo);
            var low = values[lo];
            var high = low;
            if (lo + 1 < values.Length)
            {
                high = values[lo + 1];
                for (var i = lo + 2; i < values.Length; i++)
                    high = Math.Min(high, values[i]);
            }
            from = lo;
            return low + (rank - lo) * (high - low);
        }
        return new Percentiles(sum / values.Length, At(0.05), At(0.25), At(0.50), At(0.75), At(0.95));
    }

    /// <summary>Hoare's quickselect: puts the k-th smallest of a[left..right] at a[k], smaller ones before it, larger after.</summary>
    private static void Select(double[] a, int left, int right, int k)
    {
        while (right > left)
        {
            var pivot = a[left + (right - left) / 2];
            int i = left, j = right;
            while (i <= j)
            {
                while (a[i] < pivot)
                    i++;
                while (a[j] > pivot)
                    j--;
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j)
                right = j;
            else if (k >= i)
                left = i;
            else
                return;
        }
    }

    /// <summary>SplitMix64 (Steele, Lea, Flood 2014) of the seed and the block number: the block generator's seed.</summary>
    private static ulong SplitMix(ulong seed, ulong block)
    {
        var z = seed + (block + 1) * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>xoshiro256** (Blackman and Vigna, https://prng.di.unimi.it/), seeded by SplitMix64 as its authors advise.
    /// Written out here so that a seed gives the same draws on every .NET version.</summary>
    private struct Xoshiro256
    {
        private ulong _s0, _s1, _s2, _s3;

        public Xoshiro256(ulong seed)
        {
            _s0 = Next(ref seed);
            _s1 = Next(ref seed);
            _s2 = Next(ref seed);
            _s3 = Next(ref seed);
        }

        private static ulong Next(ref ulong x)
        {
            var z = x += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>A double in [0, 1) from the top 53 bits.</summary>
        public double NextDouble()
        {
            var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
            var t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = ulong.RotateLeft(_s3, 45);
            return (result >> 11) * (1.0 / (1UL << 53));
        }
    }
}
