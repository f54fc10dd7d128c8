namespace Vern.Domain.Finance;

/// <summary>One year's growth in the municipal deflator (kommunal deflator), in percent from the year before, with where
/// the figure comes from.</summary>
public sealed record DeflatorYear(int Year, decimal GrowthPercent, string Source);

/// <summary>Constant kroner (faste kroner): turns an amount in one year's kroner into another year's with one edition of
/// the municipal deflator (kommunal deflator), as Menon 2023 (seed 002, ch. 2.1) does ("prisjustere alle priser til
/// 2023-kroner med kommunal deflator").</summary>
/// <remarks>The deflator is re-estimated from budget to budget, so two documents can use two figures for the same year:
/// an edition is named after the figures it reproduces (<see cref="MunicipalDeflator"/>). A conversion across a year the
/// edition lacks is refused, naming the year. Example: 170 000 kr in 2022 with <see cref="MunicipalDeflator.Table52"/>
/// is 178 840 kr in 2023 (× 1.052).</remarks>
public sealed class Deflator
{
    private readonly Dictionary<int, DeflatorYear> _years;

    public Deflator(string name, IEnumerable<DeflatorYear> years)
    {
        Name = name;
        _years = years.ToDictionary(y => y.Year);
    }

    /// <summary>Which edition this is (e.g. "menon-2023-tabell-5-2").</summary>
    public string Name { get; }

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
        : throw new ArgumentOutOfRangeException(nameof(year), year, $"Deflatortabellen «{Name}» har ikke år {year}; legg det til (vekst i prosent og kilde).");
}

/// <summary>The editions of the municipal deflator (kommunal deflator) Vern ships, as data with their sources. Add a year
/// from the final figures of Det tekniske beregningsutvalget for kommunal og fylkeskommunal økonomi (TBU) when it is
/// sourced.</summary>
public static class MunicipalDeflator
{
    /// <summary>The edition behind Menon 2023 (seed 002) table 5-2 (co-payment rates in 2023 kroner).</summary>
    public static Deflator Table52 { get; } = new("menon-2023-tabell-5-2",
    [
        new(2022, 4.112m, "DERIVED, not sourced: the only 2021 nominal figure found is the 2022 rate 37 100 kr kept for foster-home placements made before 2022 "
            + "(regjeringen.no, «Satser for kommunal egenbetaling for barnevernstiltak – 2022», note **: «videreføres uten endringer»); read as the 2021 rate, "
            + "table 5-2's 40 634 (2023-kr) / 1.052 / 37 100 = 1.04112. Not checked against TBU."),
        new(2023, 5.2m, "Implied exactly by Menon 2023 (seed 002) table 5-2 against the nominal 2022 rates (regjeringen.no, 2022 rundskriv): "
            + "170 000 → 178 840, 85 000 → 89 420, 71 000 → 74 692, 11 000 → 11 572, 15 000 → 15 780 (all × 1.052). Not checked against TBU."),
    ]);

    /// <summary>The edition implied by Menon 2023 (seed 002) ch. 5.5's pairs (1.31 bn 2022-kr = 1.39 bn 2023-kr; 0.89 bn =
    /// 0.94 bn), used by the statistics for constant kroner.</summary>
    /// <remarks>It differs from <see cref="Table52"/> for 2023 (6.1 % against 5.2 %): the same report rounds to figures
    /// that no single 2023 growth reproduces (1.31 × 1.052 = 1.38, not 1.39). Both are kept, each with the figures it
    /// reproduces; neither is checked against TBU.</remarks>
    public static Deflator Chapter55 { get; } = new("menon-2023-kap-5-5",
    [
        new(2023, 6.1m, "Implied by Menon 2023 (seed 002) ch. 5.5: 1.31 bn 2022-kr = 1.39 bn 2023-kr and 0.89 bn = 0.94 bn (both give 6.1 % to rounding); not checked against TBU"),
    ]);
}
