using Vern.Domain.Finance;

namespace Vern.Application;

/// <summary>One municipality's use of the state measures with a co-payment in one year, from the state side's stored stays:
/// months per measure code (<see cref="CopayMeasures"/>), part months counted by days (a stay of 10–31 March is 22/31 of a
/// month, the co-payment's own rule in <see cref="CopayCalculator"/>).</summary>
public sealed record StateMeasureUse(string MunicipalityNumber, IReadOnlyDictionary<string, double> MonthsByMeasure, int Stays);

public sealed partial class VernApp
{
    // ---- Statistics: state measure use for the reform financing (issue 20) ---------------------------------------------------

    /// <summary>Each municipality's months in Bufetat's measures with a co-payment in <paramref name="year"/> (the input of
    /// the reform financing, Menon 2023 footnote 49: «faktisk bruk … av Bufetats tiltak med egenandel»), from the stays the
    /// state side stored. Access and logging as <see cref="StaysAsync"/> (the referrals read, as one bulk read): a leader
    /// reads their own municipality. A stay in a measure without a co-payment (an ordinary foster home) is left out; an
    /// unaccompanied minor's institution stay counts as <c>institution-uam</c> until the child was settled, as billed.</summary>
    public async Task<IReadOnlyList<StateMeasureUse>> StateMeasureUseAsync(Actor actor, int year, string? municipalityNumber, string purpose = "")
    {
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);
        var stays = await StaysAsync(actor, first, last, municipalityNumber, purpose: purpose);
        var result = new SortedDictionary<string, (Dictionary<string, double> Months, int Stays)>(StringComparer.Ordinal);
        foreach (var s in stays)
        {
            var code = s.UnaccompaniedMinor && s.CopayCode == CopayMeasures.Institution ? CopayMeasures.InstitutionUam : s.CopayCode;
            if (CopayMeasures.Find(code) is null)
                continue;
            var from = s.From > first ? s.From : first;
            var to = s.To is { } end && end < last ? end : last;
            if (to < from)
                continue;
            if (!result.TryGetValue(s.MunicipalityNumber, out var m))
                result[s.MunicipalityNumber] = m = (new Dictionary<string, double>(StringComparer.Ordinal), 0);
            // The reduced rate ends the day the minor is settled: from then the stay is an ordinary institution stay.
            if (code == CopayMeasures.InstitutionUam && s.SettledOn is { } settled && settled <= to)
            {
                if (settled > from)
                    Add(m.Months, code, from, settled.AddDays(-1));
                Add(m.Months, CopayMeasures.Institution, settled > from ? settled : from, to);
            }
            else
            {
                Add(m.Months, code, from, to);
            }
            result[s.MunicipalityNumber] = (m.Months, m.Stays + 1);
        }
        return [.. result.Select(p => new StateMeasureUse(p.Key, p.Value.Months, p.Value.Stays))];

        static void Add(Dictionary<string, double> months, string code, DateOnly from, DateOnly to) =>
            months[code] = months.GetValueOrDefault(code) + MonthsIn(from, to);
    }

    /// <summary>Months from <paramref name="from"/> to <paramref name="to"/> (both inclusive), each calendar month counted as
    /// its days in the span divided by its days: 1–31 January is 1, 10–31 March is 22/31.</summary>
    public static double MonthsIn(DateOnly from, DateOnly to)
    {
        var months = 0.0;
        for (var start = from; start <= to;)
        {
            var days = DateTime.DaysInMonth(start.Year, start.Month);
            var monthEnd = new DateOnly(start.Year, start.Month, days);
            var end = monthEnd < to ? monthEnd : to;
            months += (end.DayNumber - start.DayNumber + 1) / (double)days;
            start = monthEnd.AddDays(1);
        }
        return months;
    }
}
