using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vern.Domain.Finance;

namespace Vern.Simulation;

/// <summary>Municipal co-payment rates for state child welfare measures by year, in constant kroner of one year, as Menon
/// 2023 (seed 002) table 5-2 shows them: the Domain's nominal rate tables (<see cref="CopayRates"/>, each with its source)
/// converted with the municipal deflator of that table (<see cref="MunicipalDeflator.Table52"/>). The simulation keeps no
/// copy of the rates.</summary>
/// <param name="Rates">Rate per month by year and measure code (<see cref="CopayMeasures"/>); null where there is none.</param>
/// <param name="KronerOf">The year whose kroner the rates are in.</param>
public sealed record CoPaymentRates(
    string Source,
    IReadOnlyList<string> ExcludedFromBlockGrant,
    double CostKeyShare,
    double TransitionalShare,
    IReadOnlyDictionary<string, string> Measures,
    IReadOnlyDictionary<int, IReadOnlyDictionary<string, double?>> Rates,
    int KronerOf = 2023)
{
    /// <summary>Menon 2023 footnote 49: the block grant increase went to every municipality except Oslo (0301), half through
    /// the child welfare cost key (delkostnadsnøkkelen for barnevern), half through a transitional scheme based on each
    /// municipality's actual use in 2021 of Bufetat's measures with a co-payment (transitional period 2022–2024).</summary>
    public static readonly IReadOnlyList<string> OutsideBlockGrant = ["0301"];

    /// <summary>The Domain's tables in 2023 kroner, as table 5-2.</summary>
    public static CoPaymentRates Shipped { get; } = FromDomain(2023);

    /// <summary>The Domain's rate tables (<see cref="CopayRates.Tables"/>) in kroner of <paramref name="kronerOf"/>, rounded to
    /// whole kroner as table 5-2 prints them.</summary>
    public static CoPaymentRates FromDomain(int kronerOf)
    {
        var measures = CopayMeasures.All.ToDictionary(m => m.Code, m => m.Name, StringComparer.Ordinal);
        var rates = CopayRates.Tables.ToDictionary(t => t.Year, t => (IReadOnlyDictionary<string, double?>)CopayMeasures.All.ToDictionary(
            m => m.Code,
            m => t.MonthlyNok.TryGetValue(m.Code, out var nominal) ? (double?)(double)CopayRates.ToConstantKroner(nominal, t.Year, kronerOf) : null,
            StringComparer.Ordinal));
        var source = $"Vern.Domain.Finance.CopayRates (nominelle satser {string.Join(", ", CopayRates.Tables.Select(t => t.Year))}, hver med kilde) "
            + $"i {kronerOf}-kroner med kommunal deflator som Menon 2023 tabell 5-2 (MunicipalDeflator.Table52)";
        return new CoPaymentRates(source, OutsideBlockGrant, 0.5, 0.5, measures, rates, kronerOf);
    }
}

/// <summary>One municipality's use of state measures in the base year, in months per measure id.</summary>
/// <param name="CostKeyWeight">The municipality's weight in the child welfare cost key (delkostnadsnøkkelen for barnevern
/// in the income system: its cost-key index × inhabitants, or its share); normalised over the municipalities that get the grant.</param>
public sealed record MunicipalityUse(string Number, string Name, double CostKeyWeight, IReadOnlyDictionary<string, double> MonthsByMeasure);

/// <summary>A financing analysis: the municipalities, the years whose rates are compared, and optionally the pool.</summary>
/// <param name="Pool">The block grant increase to distribute, kroner; null for the sum of the computed changes.</param>
/// <param name="UseYear">The year the use was observed in, when it is not <paramref name="BaseYear"/> (Vern's own data of a
/// later year priced at the rates before and after); null for the base year.</param>
/// <param name="UseSource">Where the use comes from (a file, or Vern's database), for the output.</param>
public sealed record FinancingInput(int BaseYear, int AfterYear, double? Pool, IReadOnlyList<MunicipalityUse> Municipalities, int? UseYear = null, string? UseSource = null);

/// <summary>One municipality's result: its cost before and after the rate change for its base-year use, and its
/// compensation through the cost key and the transitional scheme (Menon 2023, footnote 49).</summary>
public sealed record MunicipalityFinancing(
    string Number,
    string Name,
    bool InBlockGrant,
    double CostBefore,
    double CostAfter,
    double CostKeyCompensation,
    double TransitionalCompensation)
{
    /// <summary>The use behind the costs: months per measure code.</summary>
    public IReadOnlyDictionary<string, double> MonthsByMeasure { get; init; } = new Dictionary<string, double>();

    public double Change => CostAfter - CostBefore;
    public double Compensation => CostKeyCompensation + TransitionalCompensation;

    /// <summary>Compensation minus the cost change: positive is a municipality that gains.</summary>
    public double Net => Compensation - Change;
}

/// <summary>The financing result for every municipality.</summary>
public sealed record FinancingResult(int BaseYear, int AfterYear, double Pool, double CostKeyShare, double TransitionalShare, string Source, IReadOnlyList<MunicipalityFinancing> Municipalities)
{
    /// <summary>The year the use was observed in (the base year unless stated).</summary>
    public int UseYear { get; init; } = BaseYear;

    /// <summary>Where the use comes from, when known.</summary>
    public string? UseSource { get; init; }

    /// <summary>The year whose kroner the amounts are in.</summary>
    public int KronerOf { get; init; } = 2023;
}

/// <summary>The 2022 child welfare reform's financing (barnevernsreformen): the change in each municipality's cost when
/// the co-payment rates change for the same use, and the block grant compensation split between the cost key and the
/// transitional scheme.</summary>
/// <remarks>
/// Cost change = Σ months × (rate after − rate before), per measure, on the base-year use. The pool (by default the
/// summed change of the municipalities that get the grant) is split: <c>costKeyShare</c> in proportion to each
/// municipality's cost-key weight, <c>transitionalShare</c> in proportion to its own cost change (its actual base-year
/// use priced at the rate change). Oslo (0301) is outside the grant (Menon 2023, footnote 49).
/// Example: two municipalities with change 100 and 300, weights 1 and 1, pool 400: cost key 100 + 100, transitional
/// 50 + 150, so totals 150 and 250 and net +50 and −50.
/// </remarks>
public static class ReformFinancing
{
    public static FinancingResult Compute(FinancingInput input, CoPaymentRates rates)
    {
        foreach (var year in new[] { input.BaseYear, input.AfterYear })
            if (!rates.Rates.ContainsKey(year))
                throw new ScenarioException([new ScenarioError(input.UseSource ?? "", 0, year == input.BaseYear ? "baseYear" : "afterYear", "Financing.Year",
                    $"{year} har ingen satstabell ({string.Join(", ", rates.Rates.Keys)})")]);
        var before = rates.Rates[input.BaseYear];
        var after = rates.Rates[input.AfterYear];
        var rows = input.Municipalities.Select(m =>
        {
            var costBefore = 0d;
            var costAfter = 0d;
            foreach (var (measure, months) in m.MonthsByMeasure)
            {
                costBefore += months * (before[measure] ?? 0);
                costAfter += months * (after[measure] ?? 0);
            }
            return (m, costBefore, costAfter, inGrant: !rates.ExcludedFromBlockGrant.Contains(m.Number));
        }).ToList();
        var granted = rows.Where(r => r.inGrant).ToList();
        var pool = input.Pool ?? granted.Sum(r => r.costAfter - r.costBefore);
        var weights = granted.Sum(r => r.m.CostKeyWeight);
        var changes = granted.Sum(r => r.costAfter - r.costBefore);
        var result = rows.Select(r => new MunicipalityFinancing(r.m.Number, r.m.Name, r.inGrant, r.costBefore, r.costAfter,
            r.inGrant && weights != 0 ? pool * rates.CostKeyShare * r.m.CostKeyWeight / weights : 0,
            r.inGrant && changes != 0 ? pool * rates.TransitionalShare * (r.costAfter - r.costBefore) / changes : 0)
        {
            MonthsByMeasure = r.m.MonthsByMeasure,
        }).ToList();
        return new FinancingResult(input.BaseYear, input.AfterYear, pool, rates.CostKeyShare, rates.TransitionalShare, rates.Source, result)
        {
            UseYear = input.UseYear ?? input.BaseYear,
            UseSource = input.UseSource,
            KronerOf = rates.KronerOf,
        };
    }

    /// <summary>Reads a financing input file (JSON or YAML); every error names the line, the field and the rule.</summary>
    /// <exception cref="ScenarioException">The file is malformed or breaks a rule.</exception>
    public static FinancingInput Read(string text, string file, CoPaymentRates rates)
    {
        var doc = ScenarioDocument.Parse(text, file);
        var errors = new List<ScenarioError>();
        void Error(string path, string rule, string message) => errors.Add(new ScenarioError(file, doc.LineOf(path), path, rule, message));
        if (doc.Root is not JsonObject o)
            throw new ScenarioException([new ScenarioError(file, 1, "", "Financing.Type", "filen må være et objekt")]);

        int Year(string name)
        {
            if (o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var y) && rates.Rates.ContainsKey((int)y) && y == Math.Floor(y))
                return (int)y;
            Error(name, "Financing.Year", $"må være et år med satser i tabellen ({string.Join(", ", rates.Rates.Keys)})");
            return 0;
        }
        var baseYear = Year("baseYear");
        var afterYear = Year("afterYear");
        int? useYear = null;
        if (o["useYear"] is { } uy)
        {
            if (uy is JsonValue uyv && uyv.GetValueKind() == JsonValueKind.Number && uyv.TryGetValue<double>(out var y) && y == Math.Floor(y) && y is >= 1990 and <= 2100)
                useYear = (int)y;
            else
                Error("useYear", "Financing.Type", "må være et år (året bruken ble målt i), eller utelates for basisåret");
        }
        double? pool = null;
        if (o["pool"] is { } p)
        {
            if (p is JsonValue pv && pv.GetValueKind() == JsonValueKind.Number)
                pool = pv.GetValue<double>();
            else
                Error("pool", "Financing.Type", "må være et tall (kroner) eller utelates");
        }
        var list = new List<MunicipalityUse>();
        if (o["municipalities"] is not JsonArray arr || arr.Count == 0)
        {
            Error("municipalities", "Financing.Required", "mangler (en ikke-tom liste over kommuner)");
            arr = [];
        }
        for (var i = 0; i < arr.Count; i++)
        {
            var path = $"municipalities[{i}]";
            if (arr[i] is not JsonObject m)
            {
                Error(path, "Financing.Type", "må være et objekt");
                continue;
            }
            var number = m["number"] is JsonValue nv && nv.TryGetValue<string>(out var n) && n.Length == 4 && n.All(char.IsAsciiDigit) ? n : null;
            if (number is null)
                Error(path + ".number", "Financing.MunicipalityNumber", "må være et kommunenummer med fire sifre, som tekst (\"4601\")");
            var name = m["name"] is JsonValue namev && namev.TryGetValue<string>(out var nm) ? nm : "";
            var weight = m["costKeyWeight"] is JsonValue wv && wv.GetValueKind() == JsonValueKind.Number ? wv.GetValue<double>() : -1;
            if (weight < 0)
                Error(path + ".costKeyWeight", "Financing.Range", "må være et tall ≥ 0 (kommunens vekt i delkostnadsnøkkelen for barnevern)");
            var use = new Dictionary<string, double>(StringComparer.Ordinal);
            if (m["use"] is not JsonObject u)
            {
                Error(path + ".use", "Financing.Required", "mangler (måneder per tiltak i basisåret)");
                continue;
            }
            foreach (var (measure, value) in u)
            {
                var fieldPath = $"{path}.use.{measure}";
                if (!rates.Measures.ContainsKey(measure))
                {
                    Error(fieldPath, "Financing.Measure", $"ukjent tiltak; kjente: {string.Join(", ", rates.Measures.Keys)}");
                    continue;
                }
                if (value is not JsonValue mv || mv.GetValueKind() != JsonValueKind.Number || mv.GetValue<double>() < 0)
                {
                    Error(fieldPath, "Financing.Range", "må være et antall måneder ≥ 0");
                    continue;
                }
                var months = mv.GetValue<double>();
                foreach (var year in new[] { baseYear, afterYear })
                {
                    if (months > 0 && year != 0 && rates.Rates[year][measure] is null)
                        Error(fieldPath, "Financing.NoRate", $"tabell 5-2 har ingen sats for dette tiltaket i {year.ToString(CultureInfo.InvariantCulture)} («-»)");
                }
                use[measure] = months;
            }
            list.Add(new MunicipalityUse(number ?? "", name, weight, use));
        }
        foreach (var dup in list.GroupBy(m => m.Number).Where(g => g.Key.Length > 0 && g.Count() > 1))
            Error("municipalities", "Financing.UniqueNumber", $"kommune {dup.Key} står mer enn én gang");
        if (errors.Count > 0)
            throw new ScenarioException(errors);
        return new FinancingInput(baseYear, afterYear, pool, list, useYear, file);
    }
}
