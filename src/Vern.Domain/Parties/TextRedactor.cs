using System.Text.RegularExpressions;

namespace Vern.Domain.Parties;

/// <summary>What kind of value a secret is: it decides which forms of it are looked for in free text.</summary>
public enum SecretKind
{
    /// <summary>A fødselsnummer or D-nummer: also written «DDMMÅÅ NNNNN».</summary>
    IdentityNumber,

    /// <summary>A name: also each of its parts.</summary>
    Name,

    /// <summary>An address: also its first part (street and number, before the first comma).</summary>
    Address,

    /// <summary>A passage of the child's statements withheld from the reader: the whole passage only.</summary>
    Passage,
}

/// <summary>A value the reader of a copy may not see, wherever it occurs in free text, and the rule that hides it.</summary>
public sealed record Secret(string Value, SecretKind Kind, RedactionRule Rule);

/// <summary>Cuts known secret values out of free text (a decision document's reasons, a retraction's reason): the safety
/// net under the field-by-field redactions, so a caseworker who typed a protected address into «faktiske forhold» does not
/// leak it. Pure.</summary>
/// <remarks>Matching: case-insensitive, whole words; an 11-digit number also when written «DDMMÅÅ NNNNN»; a name also by
/// each of its parts of two letters or more (a reporter's given name alone still identifies them); an address also by its
/// street part. Longer values are cut first. Over-redacting a word that merely equals a secret is accepted: leaving a secret in is not.</remarks>
public static class TextRedactor
{
    public static CopyText Redact(string text, IReadOnlyList<Secret> secrets)
    {
        if (text.Length == 0 || secrets.Count == 0)
            return CopyText.Plain(text);
        var patterns = new List<(Regex Pattern, RedactionRule Rule, int Length)>();
        foreach (var s in secrets)
            foreach (var variant in Variants(s.Value, s.Kind))
                patterns.Add((new Regex(@"(?<![\p{L}\p{N}])" + variant + @"(?![\p{L}\p{N}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), s.Rule, variant.Length));
        // Mark every character covered by a secret; the longest (first in order) match decides the rule of a character.
        var rule = new RedactionRule?[text.Length];
        foreach (var (pattern, r, _) in patterns.OrderByDescending(p => p.Length))
            foreach (Match m in pattern.Matches(text))
                for (var i = m.Index; i < m.Index + m.Length; i++)
                    rule[i] ??= r;
        var pieces = new List<TextPiece>();
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
            if (i == text.Length || rule[i] != rule[start])
            {
                pieces.Add(rule[start] is { } hidden ? TextPiece.Hidden(hidden) : new TextPiece(text[start..i]));
                start = i;
            }
        return new CopyText(pieces);
    }

    /// <summary>The regex forms of one secret value.</summary>
    private static IEnumerable<string> Variants(string value, SecretKind kind)
    {
        var v = value.Trim();
        if (v.Length == 0)
            yield break;
        // The whole value, with any run of spaces and commas matching any other such run.
        yield return string.Join(@"[\s,]+", v.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape));
        switch (kind)
        {
            case SecretKind.IdentityNumber when v.Length == 11:
                yield return Regex.Escape(v[..6]) + @"[\s.-]?" + Regex.Escape(v[6..]);
                break;
            case SecretKind.Name:
                foreach (var part in v.Split([' ', ',', '-'], StringSplitOptions.RemoveEmptyEntries).Where(p => p.Length >= 2 && p.Any(char.IsLetter)))
                    yield return Regex.Escape(part);
                break;
            case SecretKind.Address when v.IndexOf(',', StringComparison.Ordinal) is > 3 and var comma:
                yield return string.Join(@"\s+", v[..comma].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape));
                break;
        }
    }
}
