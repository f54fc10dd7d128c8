using System.Globalization;
using System.Text.RegularExpressions;

namespace Vern.Statistics.Public;

/// <summary>One row of an SSB table: its dimension values (e.g. region "3201 Bærum", alder "0-17 år"), year and value.</summary>
/// <param name="Symbol">SSB's symbol when there is no number: ":" suppressed (confidentiality), "." cannot occur,
/// ".." / "..." not available; "-" is read as 0.</param>
public sealed record SsbRow(IReadOnlyDictionary<string, string> Dimensions, int Year, decimal? Value, string? Symbol);

/// <summary>An SSB statistics table as exported from the statbank (PxWeb) as semicolon-separated CSV with a heading.</summary>
/// <param name="Number">The table number, e.g. "09050", from the title line.</param>
public sealed record SsbTable(string Number, string Title, IReadOnlyList<string> DimensionNames, IReadOnlyList<SsbRow> Rows);

/// <summary>Bad input in an SSB CSV file: names the file, line and column and the rule broken.</summary>
public sealed class SsbCsvException(string message) : FormatException(message);

/// <summary>Reads SSB's table-export CSV: an optional quoted title line ("09050: Barn med barnevernstiltak, etter …"),
/// then a header of quoted column names, then rows separated by semicolons.</summary>
/// <remarks>
/// Two layouts are read. Long: a column "år" holds the year and the last column holds the value. Wide: every column
/// whose heading ends in a year ("… 2022") holds that year's value. Numbers may use a decimal comma. A region cell
/// "3201 Bærum" gives the code 3201; "0 Hele landet" is the nation.
/// </remarks>
public static partial class SsbTableCsv
{
    [GeneratedRegex(@"^(?<n>\d{5}|bufdir-[a-z]+)\s*:\s*(?<t>.*)$")]
    private static partial Regex TitlePattern();

    [GeneratedRegex(@"(?<y>(19|20)\d\d)\s*$")]
    private static partial Regex YearAtEnd();

    public static SsbTable ReadFile(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path), Path.GetFileName(path)) : throw new SsbCsvException($"Filen {path} finnes ikke.");

    public static SsbTable Parse(string text, string name = "tabell")
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var i = 0;
        string number = "", title = "";
        for (; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = Split(line);
            if (fields.Count == 1)
            {
                var m = TitlePattern().Match(fields[0]);
                if (m.Success) { number = m.Groups["n"].Value; title = m.Groups["t"].Value; }
                else title = fields[0];
                continue;
            }
            break;
        }
        if (i >= lines.Length)
            throw new SsbCsvException($"{name}: fant ingen overskriftsrad (kolonnenavn adskilt med semikolon).");
        var header = Split(lines[i]);
        var yearColumn = header.FindIndex(h => h.Equals("år", StringComparison.OrdinalIgnoreCase));
        var wideYears = header.Select((h, idx) => (idx, m: YearAtEnd().Match(h))).Where(x => x.idx != yearColumn && x.m.Success && !IsDimensionLike(header[x.idx]))
            .ToDictionary(x => x.idx, x => int.Parse(x.m.Groups["y"].Value, CultureInfo.InvariantCulture));
        List<int> valueColumns;
        List<int> dimensionColumns;
        if (yearColumn >= 0)
        {
            valueColumns = [header.Count - 1];
            dimensionColumns = Enumerable.Range(0, header.Count - 1).Where(c => c != yearColumn).ToList();
        }
        else if (wideYears.Count > 0)
        {
            valueColumns = wideYears.Keys.Order().ToList();
            dimensionColumns = Enumerable.Range(0, header.Count).Where(c => !wideYears.ContainsKey(c)).ToList();
        }
        else
        {
            throw new SsbCsvException($"{name} linje {i + 1}: overskriften har verken en kolonne «år» eller kolonner som slutter på et årstall.");
        }
        if (number.Length == 0 && yearColumn >= 0 && TitlePattern().Match(header[^1]) is { Success: true } vm)
        {
            number = vm.Groups["n"].Value;
            title = vm.Groups["t"].Value;
        }

        var rows = new List<SsbRow>();
        for (i++; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var cells = Split(line);
            if (cells.Count != header.Count)
                throw new SsbCsvException($"{name} linje {i + 1}: {cells.Count} felt, men overskriften har {header.Count}.");
            var dims = dimensionColumns.ToDictionary(c => header[c], c => cells[c]);
            foreach (var vc in valueColumns)
            {
                int year;
                if (yearColumn >= 0)
                {
                    if (!int.TryParse(cells[yearColumn], NumberStyles.None, CultureInfo.InvariantCulture, out year))
                        throw new SsbCsvException($"{name} linje {i + 1}, kolonne «år»: «{cells[yearColumn]}» er ikke et årstall.");
                }
                else
                {
                    year = wideYears[vc];
                }
                var (value, symbol) = ParseValue(cells[vc], name, i + 1, header[vc]);
                rows.Add(new SsbRow(dims, year, value, symbol));
            }
        }
        return new SsbTable(number, title, dimensionColumns.Select(c => header[c]).ToList(), rows);
    }

    private static bool IsDimensionLike(string heading) =>
        heading.Equals("region", StringComparison.OrdinalIgnoreCase) || heading.Equals("alder", StringComparison.OrdinalIgnoreCase);

    /// <summary>A value cell: a number (decimal point or comma, spaces ignored), or one of SSB's symbols.</summary>
    public static (decimal? Value, string? Symbol) ParseValue(string cell, string name, int line, string column)
    {
        var s = cell.Trim().Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal);
        switch (s)
        {
            case "-": return (0m, null);
            case "." or ".." or "..." or ":": return (null, s);
        }
        if (s.Contains(',', StringComparison.Ordinal) && !s.Contains('.', StringComparison.Ordinal))
            s = s.Replace(',', '.');
        return decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v)
            ? (v, null)
            : throw new SsbCsvException($"{name} linje {line}, kolonne «{column}»: «{cell}» er verken et tall eller et av SSBs symboler (. .. ... : -).");
    }

    /// <summary>Splits one line on semicolons, honouring double quotes ("" inside quotes is a quote).</summary>
    public static List<string> Split(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var k = 0; k < line.Length; k++)
        {
            var ch = line[k];
            if (quoted)
            {
                if (ch == '"' && k + 1 < line.Length && line[k + 1] == '"') { current.Append('"'); k++; }
                else if (ch == '"') quoted = false;
                else current.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ';') { fields.Add(current.ToString().Trim()); current.Clear(); }
            else current.Append(ch);
        }
        fields.Add(current.ToString().Trim());
        return fields;
    }

    /// <summary>The code of a region cell: "3201 Bærum" → "3201", "0 Hele landet" / "Hele landet" → "landet",
    /// "EAKUO Hele landet uten Oslo" style cells → "landet uten Oslo"; a county "46 Vestland" → "fylke 46".</summary>
    public static string RegionCode(string cell)
    {
        var c = cell.Trim();
        if (c.Contains("uten Oslo", StringComparison.OrdinalIgnoreCase)) return Breakdowns.Regions.NationWithoutOslo;
        if (c.Contains("Hele landet", StringComparison.OrdinalIgnoreCase) || c == "0") return Breakdowns.Regions.Nation;
        var code = c.Split(' ', 2)[0];
        if (code.Length == 4 && code.All(char.IsAsciiDigit)) return code;
        if (code.Length == 2 && code.All(char.IsAsciiDigit)) return "fylke " + code;
        return c;
    }

    /// <summary>The age group of an "alder" cell: "0-17 år" → "0-17", "Alder i alt" → "alle".</summary>
    public static string AgeGroup(string cell)
    {
        var c = cell.Trim().Replace('–', '-');
        if (c.Contains("i alt", StringComparison.OrdinalIgnoreCase)) return "alle";
        return c.Replace(" år", "", StringComparison.Ordinal).Trim();
    }
}
