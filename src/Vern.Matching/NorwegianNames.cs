using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Vern.Matching;

/// <summary>How names are compared: folded for Norwegian letters, then reduced to a spelling key by the variant rules in
/// <c>Data/name-variants.json</c> (versioned data, its source named in the file).</summary>
/// <remarks>Folding: lower case; æ → ae, ø and ö → o, å → aa, ä → ae, other diacritics dropped (é → e); «oe» → o (so
/// Søren = Soeren = Soren). The spelling key then applies the rules in order (ch → k, ph → f, th → t, w → v, aa → a …),
/// drops doubled letters (Jenssen → jensen) and maps known transliterations to one form (Mohammed = Muhammad).
/// Example: «Christiansen» and «Kristiansen» both give the key «kristiansen»; «Håkon» and «Haakon» both fold to «haakon».</remarks>
public static class NorwegianNames
{
    private static readonly (string From, string To)[] Rules;
    private static readonly Dictionary<string, string> Equivalents = new(StringComparer.Ordinal);

    /// <summary>The variant data's version (part of the index's key format).</summary>
    public static int DataVersion { get; }

    static NorwegianNames()
    {
        using var stream = typeof(NorwegianNames).Assembly.GetManifestResourceStream("Vern.Matching.Data.name-variants.json")
            ?? throw new InvalidOperationException("Vern.Matching.Data.name-variants.json is not embedded.");
        using var doc = JsonDocument.Parse(stream);
        DataVersion = doc.RootElement.GetProperty("version").GetInt32();
        Rules = [.. doc.RootElement.GetProperty("rules").EnumerateArray().Select(r => (r[0].GetString()!, r[1].GetString()!))];
        foreach (var group in doc.RootElement.GetProperty("equivalents").EnumerateArray())
        {
            var names = group.EnumerateArray().Select(n => n.GetString()!).ToList();
            foreach (var n in names)
                Equivalents[Collapse(Apply(n))] = names[0];
        }
    }

    /// <summary>The name's words (split on space, hyphen and other non-letters), each folded.</summary>
    public static IReadOnlyList<string> Words(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return [];
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var ch in name)
        {
            if (char.IsLetter(ch))
            {
                current.Append(ch);
            }
            else if (ch != '\'' && current.Length > 0)
            {
                words.Add(Fold(current.ToString()));
                current.Clear();
            }
        }
        if (current.Length > 0)
            words.Add(Fold(current.ToString()));
        return words;
    }

    /// <summary>Letters with diacritics in names met in Norway, and their plain letter (the runtime has no Unicode
    /// decomposition under invariant globalization, so the table is explicit).</summary>
    private static readonly Dictionary<char, char> Plain = new()
    {
        ['á'] = 'a', ['à'] = 'a', ['â'] = 'a', ['ã'] = 'a', ['ā'] = 'a', ['ą'] = 'a', ['é'] = 'e', ['è'] = 'e', ['ê'] = 'e', ['ë'] = 'e', ['ę'] = 'e', ['ė'] = 'e',
        ['í'] = 'i', ['ì'] = 'i', ['î'] = 'i', ['ï'] = 'i', ['ı'] = 'i', ['ó'] = 'o', ['ò'] = 'o', ['ô'] = 'o', ['õ'] = 'o', ['ő'] = 'o', ['ú'] = 'u', ['ù'] = 'u',
        ['û'] = 'u', ['ü'] = 'u', ['ű'] = 'u', ['ū'] = 'u', ['ý'] = 'y', ['ÿ'] = 'y', ['ñ'] = 'n', ['ń'] = 'n', ['ç'] = 'c', ['ć'] = 'c', ['č'] = 'c', ['š'] = 's',
        ['ś'] = 's', ['ş'] = 's', ['ž'] = 'z', ['ź'] = 'z', ['ż'] = 'z', ['ł'] = 'l', ['ğ'] = 'g', ['đ'] = 'd', ['ð'] = 'd', ['þ'] = 't', ['ß'] = 's',
    };

    /// <summary>One word folded for Norwegian letters (see the remarks).</summary>
    public static string Fold(string word)
    {
        var sb = new StringBuilder(word.Length + 2);
        foreach (var c in word.ToLowerInvariant())
        {
            switch (c)
            {
                case 'æ' or 'ä': sb.Append("ae"); break;
                case 'ø' or 'ö': sb.Append('o'); break;
                case 'å': sb.Append("aa"); break;
                default:
                    if (Plain.TryGetValue(c, out var plain))
                        sb.Append(plain);
                    else if (char.IsLetter(c))
                        sb.Append(c);
                    break;
            }
        }
        return sb.Replace("oe", "o").ToString();
    }

    /// <summary>The spelling key of a folded word: the variant rules, doubled letters dropped, transliterations joined.</summary>
    public static string SpellingKey(string folded)
    {
        var key = Collapse(Apply(folded));
        return Equivalents.GetValueOrDefault(key, key);
    }

    private static string Apply(string folded)
    {
        var s = folded;
        foreach (var (from, to) in Rules)
            s = s.Replace(from, to, StringComparison.Ordinal);
        return s;
    }

    private static string Collapse(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
            if (sb.Length == 0 || sb[^1] != c)
                sb.Append(c);
        return sb.ToString();
    }

    /// <summary>Optimal string alignment distance (Levenshtein with adjacent transpositions): the number of single-letter
    /// insertions, deletions, substitutions and swaps of neighbours that turn one word into the other.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }

    /// <summary>True when two words differ by a typing error: one edit for words of 4–7 letters, two from 8 letters.</summary>
    public static bool IsTypo(string a, string b)
    {
        var shorter = Math.Min(a.Length, b.Length);
        if (shorter < 4)
            return false;
        var allowed = shorter >= 8 ? 2 : 1;
        return Distance(a, b) <= allowed;
    }
}
