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

    /// <summary>The CSV of <see cref="ToCsv"/>, written in blocks of rows formatted on all cores, in order (a national table
    /// is some 100 MB of text).</summary>
    public static void WriteCsv(TextWriter output, IEnumerable<IndicatorRow> rows)
    {
        output.Write("indikator;navn;region;år;alder;verdi;per_1000;endring;enhet;opphav;kilde;symbol\n");
        foreach (var block in rows.Chunk(4096).AsParallel().AsOrdered().WithMergeOptions(ParallelMergeOptions.NotBuffered).Select(Format))
            output.Write(block);
    }

    private static StringBuilder Format(IndicatorRow[] rows)
    {
        var sb = new StringBuilder(rows.Length * 256);
        foreach (var r in rows)
        {
            Quoted(sb, r.IndicatorId).Append(';');
            Quoted(sb, r.Label).Append(';');
            Quoted(sb, r.Region).Append(';').Append(r.Year.ToString(CultureInfo.InvariantCulture)).Append(';');
            Quoted(sb, r.AgeGroup).Append(';').Append(Number(r.Value)).Append(';').Append(Number(r.Per1000)).Append(';').Append(Number(r.Change)).Append(';');
            Quoted(sb, r.Unit).Append(';');
            Quoted(sb, r.Origin).Append(';');
            Quoted(sb, r.Source).Append(';');
            Quoted(sb, r.Symbol ?? "").Append('\n');
        }
        return sb;
    }

    /// <summary>As <see cref="Quote"/>, appended.</summary>
    private static StringBuilder Quoted(StringBuilder sb, string s) =>
        s.Contains('"', StringComparison.Ordinal) ? sb.Append(Quote(s)) : sb.Append('"').Append(s).Append('"');

    /// <summary>Two decimals, half away from zero; counts stay whole.</summary>
    public static decimal? Round(decimal? v) => v is { } x ? Math.Round(x, 2, MidpointRounding.AwayFromZero) : null;

    public static string Number(decimal? v) => Round(v)?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";

    private static string Quote(string s) => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
