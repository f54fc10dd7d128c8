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
        var sb = new StringBuilder("indikator;navn;region;år;alder;verdi;per_1000;endring;enhet;opphav;kilde;symbol\n");
        foreach (var r in rows)
            sb.AppendJoin(';', Quote(r.IndicatorId), Quote(r.Label), Quote(r.Region), r.Year.ToString(CultureInfo.InvariantCulture), Quote(r.AgeGroup),
                Number(r.Value), Number(r.Per1000), Number(r.Change), Quote(r.Unit), Quote(r.Origin), Quote(r.Source), Quote(r.Symbol ?? "")).Append('\n');
        return sb.ToString();
    }

    /// <summary>Two decimals, half away from zero; counts stay whole.</summary>
    public static decimal? Round(decimal? v) => v is { } x ? Math.Round(x, 2, MidpointRounding.AwayFromZero) : null;

    public static string Number(decimal? v) => Round(v)?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";

    private static string Quote(string s) => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
