using System.Globalization;

namespace Vern.Statistics.Public;

/// <summary>One year's growth in the municipal deflator (kommunal deflator), with where the figure comes from.</summary>
public sealed record DeflatorYear(int Year, decimal GrowthPercent, string Source);

/// <summary>Constant kroner: turns an amount in one year's kroner into another year's with the municipal deflator, as Menon
/// 2023 (seed 002, ch. 2.1) does ("prisjustere alle priser til 2023-kroner med kommunal deflator").</summary>
/// <remarks>The table is data (<c>Data/deflator.csv</c>, or a file of the same shape): one row per year with the
/// growth from the year before, in percent, and its source. A conversion across a year the table lacks is refused,
/// naming the year.</remarks>
public sealed class Deflator
{
    private readonly Dictionary<int, DeflatorYear> _years;

    public Deflator(IEnumerable<DeflatorYear> years) => _years = years.ToDictionary(y => y.Year);

    public IReadOnlyCollection<DeflatorYear> Years => _years.Values;

    /// <summary>The amount in <paramref name="from"/>-kroner expressed in <paramref name="to"/>-kroner.</summary>
    public decimal Convert(decimal amount, int from, int to)
    {
        var factor = 1m;
        for (var y = from + 1; y <= to; y++) factor *= 1 + Growth(y) / 100m;
        for (var y = from; y > to; y--) factor /= 1 + Growth(y) / 100m;
        return amount * factor;
    }

    private decimal Growth(int year) => _years.TryGetValue(year, out var d)
        ? d.GrowthPercent
        : throw new ArgumentOutOfRangeException(nameof(year), year, $"Deflatortabellen har ikke år {year}; legg det til (vekst i prosent og kilde).");

    /// <summary>The table embedded with Vern (<c>Data/deflator.csv</c>).</summary>
    public static Deflator Default { get; } = Parse(ReadEmbedded());

    public static Deflator Parse(string csv) => new(csv.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Skip(1)
        .Select(l => l.Split(';', 3)).Select(f => new DeflatorYear(
            int.Parse(f[0], CultureInfo.InvariantCulture), decimal.Parse(f[1], CultureInfo.InvariantCulture), f[2])));

    private static string ReadEmbedded()
    {
        using var stream = typeof(Deflator).Assembly.GetManifestResourceStream("Vern.Statistics.Data.deflator.csv")
            ?? throw new InvalidOperationException("Data/deflator.csv is not embedded.");
        return new StreamReader(stream).ReadToEnd();
    }
}
