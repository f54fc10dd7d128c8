using Vern.Domain.Validation;

namespace Vern.Domain.Finance;

/// <summary>One year's co-payment rates (satser for kommunal egenbetaling for statlige barnevernstiltak), nominal kroner
/// per child per month, with their source.</summary>
/// <param name="Year">The calendar year the rates apply to (a bill uses the rate of the month it bills).</param>
/// <param name="MonthlyNok">Rate per measure code (<see cref="CopayMeasures"/>), nominal kroner of <paramref name="Year"/>.</param>
/// <param name="PreReformFosterHomeMonthlyNok">The rate kept for emergency and specialised foster-home placements made
/// before 1 January 2022 (the reform's transitional rule); null for years before the reform.</param>
/// <param name="Source">Where the nominal rates come from, in bokmål: the finance page, the CLI and each invoice line show it.</param>
public sealed record CopayRateTable(int Year, IReadOnlyDictionary<string, decimal> MonthlyNok, decimal? PreReformFosterHomeMonthlyNok, string Source);

/// <summary>The co-payment rate tables Vern ships, one per year. Adding a year is adding a table here (and its test).</summary>
/// <remarks>Menon 2023 (seed 002) table 5-2 gives 2021 and 2022 in 2023 kroner; these tables keep NOMINAL rates and
/// <see cref="ToConstantKroner"/> converts them with <see cref="MunicipalDeflator.Table52"/>, reproducing the table.</remarks>
public static class CopayRates
{
    /// <summary>The reform (barnevernsreformen, Prop. 73 L (2016–2017)) took effect on this date.</summary>
    public static readonly DateOnly ReformDate = new(2022, 1, 1);

    public static IReadOnlyList<CopayRateTable> Tables { get; } =
    [
        new(2021, Rates(institution: 78_812m, uam: 39_457m, centreResidential: 78_812m, centreHome: 28_491m, fosterHome: 37_100m, mst: 18_550m, fft: 18_550m), null,
            "AVLEDET, ikke fra kilde: Menon 2023 (seed 002) tabell 5-2, kolonnen for 2021 (2023-kroner), regnet tilbake med kommunal deflator "
            + "(÷ 1,052 ÷ 1,04112), hele kroner. Rundskrivet med de nominelle satsene for 2021 er ikke funnet; fosterhjemssatsen for 2021 er lest som "
            + "de 37 100 kr som videreføres i 2022 for plasseringer før 2022. Erstattes med rundskrivets tall når det er funnet."),
        new(2022, Rates(institution: 170_000m, uam: 85_000m, centreResidential: 71_000m, centreHome: 11_000m, fosterHome: 85_000m, mst: 15_000m, fft: 15_000m), 37_100m,
            "BFD, «Satser for kommunal egenbetaling for barnevernstiltak – 2022» (regjeringen.no id2902438), jf. Prop. 1 S (2021–2022); "
            + "note **: eksisterende plasseringer i beredskapshjem og spesialiserte fosterhjem videreføres uendret i 2022 med 37 100 kr."),
        new(2023, Rates(institution: 175_000m, uam: 87_500m, centreResidential: 73_000m, centreHome: 11_500m, fosterHome: 87_500m, mst: 15_500m, fft: 15_500m), 38_100m,
            "Menon 2023 (seed 002) tabell 5-2, kolonnen for 2023 (2023-kroner, altså nominelt); note ***: plasseringer i beredskapshjem og "
            + "spesialiserte fosterhjem gjort før 2022 videreføres uendret i 2023 med 38 100 kr."),
    ];

    /// <summary>The shipped tables as a rate book; <see cref="CopayRateBook.With"/> adds a year as data.</summary>
    public static CopayRateBook Shipped { get; } = new(Tables);

    /// <summary>The shipped table for <paramref name="year"/>, or null when Vern has none.</summary>
    public static CopayRateTable? For(int year) => Shipped.For(year);

    /// <summary>A nominal amount of <paramref name="year"/> in 2023 kroner, as table 5-2 shows it (rounded to whole kroner).</summary>
    public static decimal ToConstantKroner(decimal nominal, int year, int toYear = 2023) =>
        Math.Round(MunicipalDeflator.Table52.Convert(nominal, year, toYear), 0, MidpointRounding.AwayFromZero);

    private static Dictionary<string, decimal> Rates(decimal institution, decimal uam, decimal centreResidential, decimal centreHome, decimal fosterHome, decimal mst, decimal fft) => new(StringComparer.Ordinal)
    {
        [CopayMeasures.Institution] = institution,
        [CopayMeasures.InstitutionUam] = uam,
        [CopayMeasures.ParentChildCentreResidential] = centreResidential,
        [CopayMeasures.ParentChildCentreHome] = centreHome,
        [CopayMeasures.EmergencyFosterHome] = fosterHome,
        [CopayMeasures.SpecialisedFosterHome] = fosterHome,
        [CopayMeasures.Mst] = mst,
        [CopayMeasures.Fft] = fft,
    };
}

/// <summary>A set of yearly rate tables, one per year: the shipped ones (<see cref="CopayRates.Shipped"/>), or those plus a year
/// added as data (<see cref="With"/>, e.g. from a rates file: <see cref="Parse"/>). The calculator and the invoices take one.</summary>
public sealed class CopayRateBook
{
    private readonly Dictionary<int, CopayRateTable> _byYear;

    public CopayRateBook(IEnumerable<CopayRateTable> tables)
    {
        Tables = [.. tables.OrderBy(t => t.Year)];
        _byYear = Tables.ToDictionary(t => t.Year);
    }

    public IReadOnlyList<CopayRateTable> Tables { get; }

    /// <summary>The table for <paramref name="year"/>, or null when the book has none.</summary>
    public CopayRateTable? For(int year) => _byYear.GetValueOrDefault(year);

    /// <summary>This book with one more year. Refused (naming the field) when the year is already there, a measure's rate is
    /// missing or not positive, or the source is empty: a rate without its source is not taken.</summary>
    public CopayRateBook With(CopayRateTable table)
    {
        var issues = new List<ValidationIssue>();
        void Add(string field, string message) => issues.Add(new ValidationIssue("vern.copay.rate-table", Severity.Error, field, $"{field}: {message}", "Vern: satstabeller (docs/finance.md)"));
        if (table.Year is < 2000 or > 2100)
            Add("year", $"året {table.Year} er utenfor 2000–2100.");
        if (_byYear.ContainsKey(table.Year))
            Add("year", $"Vern har allerede en satstabell for {table.Year}; en tabell endres ikke, den erstattes i koden med kilde.");
        foreach (var m in CopayMeasures.All)
            if (table.MonthlyNok is null || !table.MonthlyNok.TryGetValue(m.Code, out var rate))
                Add($"monthlyNok.{m.Code}", $"satsen for {m.Code} mangler.");
            else if (rate <= 0)
                Add($"monthlyNok.{m.Code}", $"satsen for {m.Code} ({rate}) må være positiv.");
        foreach (var code in table.MonthlyNok?.Keys ?? [])
            if (CopayMeasures.Find(code) is null)
                Add($"monthlyNok.{code}", $"ukjent tiltakskode «{code}».");
        if (table.Year >= CopayRates.ReformDate.Year && table.PreReformFosterHomeMonthlyNok is null)
            Add("preReformFosterHomeMonthlyNok", $"fra {CopayRates.ReformDate.Year} må tabellen ha satsen som videreføres for beredskapshjem og spesialiserte fosterhjem plassert før reformen.");
        if (string.IsNullOrWhiteSpace(table.Source))
            Add("source", "kilden mangler (rundskrivets tittel og adresse).");
        if (issues.Count > 0)
            throw new DomainRuleException(issues);
        return new CopayRateBook([.. Tables, table]);
    }

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>Reads a rates file: one table or an array of tables as JSON (<c>year</c>, <c>monthlyNok</c> per measure code,
    /// <c>preReformFosterHomeMonthlyNok</c>, <c>source</c>). A text that is not one is refused, naming the file.</summary>
    public static IReadOnlyList<CopayRateTable> Parse(string json, string what)
    {
        try
        {
            var trimmed = json.TrimStart();
            var tables = trimmed.StartsWith('[')
                ? System.Text.Json.JsonSerializer.Deserialize<List<CopayRateTable>>(json, Json)
                : [System.Text.Json.JsonSerializer.Deserialize<CopayRateTable>(json, Json)!];
            return tables is null || tables.Any(t => t is null) ? throw new DomainRuleException([Issue(what, "filen er tom.")]) : tables;
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new DomainRuleException([Issue(what, $"ikke en satstabell i JSON ({e.Message}).")]);
        }
    }

    private static ValidationIssue Issue(string what, string message) =>
        new("vern.copay.rate-file", Severity.Error, "rates", $"--rates {what}: {message}", "Vern: satstabeller (docs/finance.md)");
}
