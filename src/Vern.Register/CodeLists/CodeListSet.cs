using System.Globalization;

namespace Vern.Register.CodeLists;

/// <summary>One code (kode) of an SSB code list with its validity (Gyldig fra / Gyldig til, both inclusive;
/// null means open).</summary>
public sealed record CodeListEntry(string Code, string Meaning, DateOnly? ValidFrom, DateOnly? ValidTo)
{
    /// <summary>True if the code may be used on <paramref name="date"/>.</summary>
    public bool IsValidOn(DateOnly date) => (ValidFrom is null || ValidFrom <= date) && (ValidTo is null || date <= ValidTo);
}

/// <summary>A code list (kodeliste) for one path in the register file, e.g. /Barnevern/Sak/Melding/Melder/@Kode.</summary>
public sealed class CodeList(string path, string title, IReadOnlyList<CodeListEntry> entries)
{
    public string Path { get; } = path;
    public string Title { get; } = title;
    public IReadOnlyList<CodeListEntry> Entries { get; } = entries;

    /// <summary>The entry for a code, or null if the list does not have it.</summary>
    public CodeListEntry? Find(string code)
    {
        foreach (var e in Entries)
        {
            if (e.Code == code)
            {
                return e;
            }
        }

        return null;
    }
}

/// <summary>SSB's code lists parsed from Kodelister.md (markdown tables under "Brukes på stien …"), keyed by
/// register path. Lists that say "Bruker samme kodeliste som [X](#path)" share X's entries.</summary>
public sealed class CodeListSet
{
    /// <summary>File name of the code lists in the reference folder.</summary>
    public const string FileName = "Kodelister.md";

    private readonly Dictionary<string, CodeList> _byPath;

    private CodeListSet(Dictionary<string, CodeList> byPath, IReadOnlyList<string> problems)
    {
        _byPath = byPath;
        Problems = problems;
    }

    /// <summary>Every path that has a code list.</summary>
    public IEnumerable<string> Paths => _byPath.Keys;

    /// <summary>Oddities found while parsing (e.g. a date written yyyy-dd-MM), each with its line number.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The list for a path such as "/Barnevern/Sak/Tiltak/Kategori/@Kode", or null.</summary>
    public CodeList? For(string path) => _byPath.GetValueOrDefault(path);

    /// <summary>Reads and parses Kodelister.md from the reference folder.</summary>
    public static CodeListSet Load(string referenceDir) => Parse(File.ReadAllText(Path.Combine(referenceDir, FileName)));

    /// <summary>Parses the markdown text of Kodelister.md.</summary>
    public static CodeListSet Parse(string markdown)
    {
        var lists = new Dictionary<string, CodeList>(StringComparer.Ordinal);
        var aliases = new List<(string Path, string Title, string Target)>();
        var problems = new List<string>();
        var lines = markdown.Split('\n');
        string title = "";
        string? path = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r').Trim();
            if (line.StartsWith('#'))
            {
                title = line.TrimStart('#').Trim();
                path = null;
                continue;
            }

            if (line.StartsWith("Brukes på stien ", StringComparison.Ordinal))
            {
                path = line["Brukes på stien ".Length..].Replace("<br/>", "", StringComparison.Ordinal).Trim();
                continue;
            }

            if (path is not null && line.StartsWith("som [", StringComparison.Ordinal))
            {
                var start = line.IndexOf("(#", StringComparison.Ordinal);
                var end = line.IndexOf(')', start + 2);
                if (start > 0 && end > start)
                {
                    aliases.Add((path, title, line[(start + 2)..end]));
                }

                continue;
            }

            if (path is null || !line.StartsWith("| Kode", StringComparison.Ordinal))
            {
                continue;
            }

            var header = Cells(line);
            int Col(string name) => header.FindIndex(h => h.Equals(name, StringComparison.Ordinal));
            int code = Col("Kode"), meaning = Col("Betydning"), from = Col("Gyldig fra"), to = Col("Gyldig til");
            var entries = new List<CodeListEntry>();
            i += 2; // skip the header and the |---| line
            for (; i < lines.Length && lines[i].TrimStart().StartsWith('|'); i++)
            {
                var cells = Cells(lines[i].Trim());
                var c = At(cells, code);
                if (c.Length == 0)
                {
                    continue;
                }

                entries.Add(new CodeListEntry(
                    c,
                    At(cells, meaning).Replace("<br>", " ", StringComparison.Ordinal),
                    ParseDate(At(cells, from), i + 1, problems),
                    ParseDate(At(cells, to), i + 1, problems)));
            }

            i--;
            lists[path] = new CodeList(path, title, entries);
            path = null;
        }

        foreach (var (p, t, target) in aliases)
        {
            if (lists.TryGetValue(target, out var shared))
            {
                lists[p] = new CodeList(p, t, shared.Entries);
            }
            else
            {
                problems.Add($"{p}: refers to the unknown list {target}");
            }
        }

        return new CodeListSet(lists, problems);
    }

    private static List<string> Cells(string row)
    {
        var parts = row.Split('|');
        var cells = new List<string>(parts.Length);
        for (var i = 1; i < parts.Length - 1; i++)
        {
            cells.Add(parts[i].Trim());
        }

        return cells;
    }

    private static string At(List<string> cells, int index) => index >= 0 && index < cells.Count ? cells[index] : "";

    private static DateOnly? ParseDate(string text, int line, List<string> problems)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }

        // Kodelister.md has at least one date written yyyy-dd-MM (2025-31-12); read it as meant and note it.
        if (DateOnly.TryParseExact(text, "yyyy-dd-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out d))
        {
            problems.Add($"line {line}: date '{text}' is written yyyy-dd-MM; read as {d:yyyy-MM-dd}");
            return d;
        }

        problems.Add($"line {line}: '{text}' is not a date; ignored");
        return null;
    }
}
