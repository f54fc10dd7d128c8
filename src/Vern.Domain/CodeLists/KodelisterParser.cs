using System.Globalization;
using System.Text.RegularExpressions;

namespace Vern.Domain.CodeLists;

/// <summary>Reads SSB's code lists from the markdown of <c>Kodelister.md</c>
/// (github.com/statisticsnorway, MIT): each list is introduced by a line "Brukes på stien PATH",
/// followed by a table with the columns Kode, Betydning, Gyldig fra and (optionally) Gyldig til,
/// or by "Bruker samme kodeliste som [Name](#PATH)" for a list shared with another path.</summary>
/// <remarks>SSB's file has one date written day-before-month ("2025-31-12"); a date whose month
/// part is above 12 is read as YYYY-DD-MM. Rows without a code (group headings) are skipped.</remarks>
public static partial class KodelisterParser
{
    [GeneratedRegex(@"^Brukes på stien\s+(\S+)")]
    private static partial Regex PathLine();

    [GeneratedRegex(@"^Bruker samme kodeliste.*\(#(/[^)]+)\)")]
    private static partial Regex AliasLine();

    [GeneratedRegex(@"^####\s+(.+)$")]
    private static partial Regex Heading();

    public static CodeListSet Parse(string markdown)
    {
        var lists = new List<CodeList>();
        var aliases = new List<(string Path, string Target, string Title)>();
        string? path = null;
        string title = "";
        string? pendingAliasPath = null;
        List<string>? header = null;
        var entries = new List<CodeListEntry>();

        void Flush()
        {
            if (path is not null && entries.Count > 0)
                lists.Add(new CodeList(path, title, entries.ToList()));
            entries.Clear();
            header = null;
            path = null;
        }

        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (Heading().Match(line) is { Success: true } h)
            {
                Flush();
                title = h.Groups[1].Value.Trim();
                continue;
            }
            if (PathLine().Match(line.Replace("<br/>", "", StringComparison.Ordinal)) is { Success: true } p)
            {
                Flush();
                path = p.Groups[1].Value;
                pendingAliasPath = path;
                continue;
            }
            if (AliasLine().Match(line) is { Success: true } a && pendingAliasPath is not null)
            {
                aliases.Add((pendingAliasPath, a.Groups[1].Value, title));
                continue;
            }
            if (line.StartsWith("som [", StringComparison.Ordinal) && pendingAliasPath is not null
                && Regex.Match(line, @"\(#(/[^)]+)\)") is { Success: true } a2)
            {
                aliases.Add((pendingAliasPath, a2.Groups[1].Value, title));
                continue;
            }
            if (path is null || !line.StartsWith('|'))
                continue;
            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToList();
            if (header is null)
            {
                header = cells;
                continue;
            }
            if (cells.All(c => c.Length == 0 || c.All(ch => ch is '-' or ':')))
                continue;
            var code = Cell(cells, header, "Kode");
            var from = Cell(cells, header, "Gyldig fra");
            if (string.IsNullOrEmpty(code) || string.IsNullOrEmpty(from))
                continue;
            var meaning = Cell(cells, header, "Betydning") ?? "";
            var to = Cell(cells, header, "Gyldig til");
            entries.Add(new CodeListEntry(
                code,
                Regex.Replace(meaning.Replace("<br/>", " ", StringComparison.Ordinal).Replace("<br>", " ", StringComparison.Ordinal), @"\s+", " ").Trim(),
                ParseDate(from),
                string.IsNullOrEmpty(to) ? null : ParseDate(to),
                meaning.Contains("krever presisering", StringComparison.OrdinalIgnoreCase)
                    || meaning.Contains("spesifiser", StringComparison.OrdinalIgnoreCase)));
        }
        Flush();

        foreach (var (aliasPath, target, aliasTitle) in aliases)
        {
            var source = lists.FirstOrDefault(l => l.Path == target)
                ?? throw new FormatException($"Kodelister: {aliasPath} refers to {target}, which has no code list.");
            lists.RemoveAll(l => l.Path == aliasPath);
            lists.Add(source with { Path = aliasPath, Title = aliasTitle });
        }
        return new CodeListSet(lists);
    }

    private static string? Cell(List<string> cells, List<string> header, string column)
    {
        var i = header.FindIndex(h => h.Equals(column, StringComparison.OrdinalIgnoreCase));
        return i >= 0 && i < cells.Count ? cells[i] : null;
    }

    private static DateOnly ParseDate(string text)
    {
        var parts = text.Split('-');
        if (parts.Length == 3 && int.Parse(parts[1], CultureInfo.InvariantCulture) > 12)
            text = $"{parts[0]}-{parts[2]}-{parts[1]}";
        return DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
