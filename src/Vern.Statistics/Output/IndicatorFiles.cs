using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vern.Statistics.Output;

/// <summary>The indicator rows as CSV (semicolon-separated, decimal point, as SSB's exports) and as JSON.</summary>
public static class IndicatorFiles
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string ToJson(StatisticsResult result) => JsonSerializer.Serialize(new
    {
        result.Query.Municipality,
        result.Query.FromYear,
        result.Query.ToYear,
        result.CasesRead,
        Suppression = result.Suppression is { } s ? new { s.Id, s.MaxSuppressed, s.SuppressZeros, s.Symbol, s.Source } : null,
        Rows = result.Rows.Select(r => r with { Value = Round(r.Value), Per1000 = Round(r.Per1000), Change = Round(r.Change) }),
    }, Json);

    public static string ToCsv(IEnumerable<IndicatorRow> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        WriteCsv(text, rows);
        return text.ToString();
    }

    /// <summary>The CSV of <see cref="ToCsv"/>, written row by row (a national table is some 100 MB of text).</summary>
    public static void WriteCsv(TextWriter output, IEnumerable<IndicatorRow> rows)
    {
        var line = new StringBuilder(512);
        output.Write("indikator;navn;region;år;alder;verdi;per_1000;endring;enhet;opphav;kilde;symbol\n");
        foreach (var r in rows)
        {
            line.Clear().AppendJoin(';', Quote(r.IndicatorId), Quote(r.Label), Quote(r.Region), r.Year.ToString(CultureInfo.InvariantCulture), Quote(r.AgeGroup),
                Number(r.Value), Number(r.Per1000), Number(r.Change), Quote(r.Unit), Quote(r.Origin), Quote(r.Source), Quote(r.Symbol ?? "")).Append('\n');
            output.Write(line);
        }
    }

    /// <summary>Two decimals, half away from zero; counts stay whole.</summary>
    public static decimal? Round(decimal? v) => v is { } x ? Math.Round(x, 2, MidpointRounding.AwayFromZero) : null;

    public static string Number(decimal? v) => Round(v)?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";

    private static string Quote(string s) => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
