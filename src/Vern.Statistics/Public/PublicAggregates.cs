using System.Globalization;
using Vern.Statistics.Breakdowns;

namespace Vern.Statistics.Public;

/// <summary>Which SSB table rows give which indicator: a row matches when every text in <see cref="Match"/> occurs
/// in one of its dimension values (case-insensitive).</summary>
public sealed record SsbMapping(string Table, string[] Match, string IndicatorId);

/// <summary>Turns imported SSB tables into <see cref="Figure"/>s with the same indicator ids as Vern's own counts, so a
/// municipality can set its own figures beside other municipalities' and the nation's.</summary>
public static class PublicAggregates
{
    /// <summary>The mapping, from the embedded data file <c>Data/ssb-mapping.csv</c> (table;match texts separated by |;indicator).</summary>
    public static readonly IReadOnlyList<SsbMapping> Mappings = LoadMappings();

    public static IReadOnlyList<Figure> ToFigures(SsbTable table)
    {
        var mappings = Mappings.Where(m => m.Table == table.Number).ToList();
        if (mappings.Count == 0)
            throw new SsbCsvException($"Tabell «{table.Number}» er ikke kjent; kjente tabeller: {string.Join(", ", Mappings.Select(m => m.Table).Distinct())}.");
        var regionColumn = table.DimensionNames.FirstOrDefault(d => d.Equals("region", StringComparison.OrdinalIgnoreCase))
            ?? throw new SsbCsvException($"Tabell {table.Number} mangler kolonnen «region».");
        var ageColumn = table.DimensionNames.FirstOrDefault(d => d.Equals("alder", StringComparison.OrdinalIgnoreCase));
        var figures = new List<Figure>();
        foreach (var row in table.Rows)
        {
            var values = row.Dimensions.Where(d => d.Key != regionColumn && d.Key != ageColumn).Select(d => d.Value).ToList();
            var mapping = mappings.FirstOrDefault(m => m.Match.All(t => values.Any(v => v.Contains(t, StringComparison.OrdinalIgnoreCase))));
            if (mapping is null) continue;
            var age = ageColumn is null ? "alle" : SsbTableCsv.AgeGroup(row.Dimensions[ageColumn]);
            figures.Add(new Figure(mapping.IndicatorId, SsbTableCsv.RegionCode(row.Dimensions[regionColumn]), row.Year, age, row.Value, Origin(table.Number), row.Symbol));
        }
        return figures;
    }

    /// <summary>"ssb 09050" for an SSB table, the table's own name for others (e.g. "bufdir-fosterhjem").</summary>
    public static string Origin(string tableNumber) => char.IsAsciiDigit(tableNumber.FirstOrDefault()) ? "ssb " + tableNumber : tableNumber;

    private static List<SsbMapping> LoadMappings()
    {
        using var stream = typeof(PublicAggregates).Assembly.GetManifestResourceStream("Vern.Statistics.Data.ssb-mapping.csv")
            ?? throw new InvalidOperationException("Data/ssb-mapping.csv is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Skip(1).Select(l => l.Split(';')).Select(f => new SsbMapping(f[0], f[1].Split('|'), f[2])).ToList();
    }

    /// <summary>Population by region, year and age group from SSB table 07459 (befolkning), for rates per 1,000.</summary>
    public static Population ToPopulation(SsbTable table)
    {
        if (table.Number != "07459")
            throw new SsbCsvException($"Befolkningstall må komme fra SSB-tabell 07459, ikke «{table.Number}».");
        var pop = new Population();
        var ageColumn = table.DimensionNames.FirstOrDefault(d => d.Equals("alder", StringComparison.OrdinalIgnoreCase));
        foreach (var row in table.Rows)
            if (row.Value is { } v)
                pop.Add(SsbTableCsv.RegionCode(row.Dimensions["region"]), row.Year, ageColumn is null ? "alle" : SsbTableCsv.AgeGroup(row.Dimensions[ageColumn]), v);
        return pop;
    }
}

/// <summary>Inhabitants by region, year and age group (SSB table 07459). Single years of age ("7") and groups ("0-17")
/// are both kept; a group missing from the file is added up from single years when all of them are there.</summary>
public sealed class Population
{
    private readonly Dictionary<(string Region, int Year, string Age), decimal> _values = [];

    // Answers worked out from the single years or the bands, kept: a national run asks for each region, year and age group
    // once per indicator. Emptied by every Add.
    private readonly Dictionary<(string Region, int Year, string Age), decimal?> _computed = [];

    public void Add(string region, int year, string age, decimal value)
    {
        _values[(region, year, age)] = _values.GetValueOrDefault((region, year, age)) + value;
        _computed.Clear();
    }

    public decimal? Get(string region, int year, string ageGroup)
    {
        if (_values.TryGetValue((region, year, ageGroup), out var v)) return v;
        if (_values.Count == 0) return null;
        if (_computed.TryGetValue((region, year, ageGroup), out var known)) return known;
        return _computed[(region, year, ageGroup)] = Compute(region, year, ageGroup);
    }

    private decimal? Compute(string region, int year, string ageGroup)
    {
        var bands = AgeGroups.Groups.FirstOrDefault(g => g.Name == ageGroup).Bands;
        if (bands is { Length: > 1 } && bands.All(b => b < 4))
        {
            var parts = bands.Select(b => _values.TryGetValue((region, year, AgeGroups.BandNames[b]), out var n) ? n : (decimal?)null).ToList();
            if (parts.All(n => n is not null)) return parts.Sum();
        }
        if (ageGroup == "0-24" && Get(region, year, "0-17") is { } young && Get(region, year, "18-24") is { } adults)
            return young + adults;
        var (from, to) = AgeGroups.Range(ageGroup);
        decimal sum = 0;
        for (var a = from; a <= Math.Min(to, 120); a++)
        {
            if (_values.TryGetValue((region, year, a.ToString(CultureInfo.InvariantCulture)), out var single)) sum += single;
            else if (ageGroup != "alle" || a < 100) return null;
        }
        return sum;
    }

    /// <summary>Inhabitants of all ages, for the size class.</summary>
    public decimal? Total(string region, int year) => Get(region, year, "alle");

    public IEnumerable<string> Regions => _values.Keys.Select(k => k.Region).Distinct();
}
