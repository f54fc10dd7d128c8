using System.Globalization;
using Vern.Domain.Identity;
using Vern.Domain.People;

namespace Vern.Matching;

/// <summary>One reason behind a candidate's score, in bokmål: <see cref="Text"/> names the values (for a viewer who may see
/// both children), <see cref="Generic"/> says the same without any value (for a viewer who may not see the candidate).</summary>
/// <param name="Weight">What it adds to (or takes from) the evidence.</param>
public sealed record MatchReason(string Text, string Generic, double Weight);

/// <summary>A scored comparison of two identities: the score (0–1) and the reasons, strongest first.</summary>
/// <param name="Evidence">The sum of the reasons' weights (log-odds-like).</param>
public sealed record MatchScore(double Score, double Evidence, IReadOnlyList<MatchReason> Reasons)
{
    /// <summary>The score at and above which a pair is shown as a candidate.</summary>
    public const double CandidateThreshold = 0.5;

    public bool IsCandidate => Score >= CandidateThreshold;
}

/// <summary>Scores how likely two identities are the same child, with the reasons in words. A pure function of the two
/// identities (Fellegi–Sunter style: each field agrees, nearly agrees or disagrees, and adds its weight).</summary>
/// <remarks>Weights: the same fødselsnummer/D-nummer +12 (two different fødselsnumre −12: two people); the same DUF-nummer
/// +10; birth date same +4, day and month swapped +2.5, one digit off +2, different −5; family name and given names each
/// same +3, spelling variant +2.5, typo +1.5, different −3, with given names in another order +2.5 and a missing middle
/// name +2; given and family name swapped +2.5 each; sex same +0.5, different −4. The score is the logistic of the sum
/// less 6, so the same name and birth date (10.5) gives 0.95 and a candidate needs a sum of at least 6.
/// Example: «Kristian Hansen» 12.03.2015 and «Christian Hanssen» 03.12.2015: 2.5 + 2.5 + 2.5 + 0.5 = 8.0 → 0.84.</remarks>
public static class MatchScorer
{
    private const double Offset = 6.0;
    private const double Slope = 1.3;

    public static MatchScore Score(ChildIdentity a, ChildIdentity b)
    {
        var reasons = new List<MatchReason>();
        Numbers(a, b, reasons);
        Dates(a.EffectiveBirthDate, b.EffectiveBirthDate, reasons);
        Names(a, b, reasons);
        if (a.Sex is { } sa and not Sex.Unborn && b.Sex is { } sb and not Sex.Unborn)
            reasons.Add(sa == sb
                ? new MatchReason("Samme kjønn", "Samme kjønn", 0.5)
                : new MatchReason("Ulikt kjønn", "Ulikt kjønn", -4));
        var evidence = reasons.Sum(r => r.Weight);
        var score = 1 / (1 + Math.Exp(-(evidence - Offset) / Slope));
        return new MatchScore(Math.Round(score, 3), evidence, [.. reasons.OrderByDescending(r => Math.Abs(r.Weight))]);
    }

    private static void Numbers(ChildIdentity a, ChildIdentity b, List<MatchReason> reasons)
    {
        var ia = a.ParsedIdentifier is { Kind: not IdentifierKind.Incomplete } x ? x : null;
        var ib = b.ParsedIdentifier is { Kind: not IdentifierKind.Incomplete } y ? y : null;
        if (ia is not null && ib is not null)
        {
            if (ia.Value == ib.Value)
                reasons.Add(new($"Samme {Kind(ia)} ({ia.Value})", $"Samme {Kind(ia)}", 12));
            else if (ia.Kind == IdentifierKind.DNummer ^ ib.Kind == IdentifierKind.DNummer)
                reasons.Add(new($"D-nummer på den ene ({(ia.Kind == IdentifierKind.DNummer ? ia : ib).Value}), fødselsnummer på den andre ({(ia.Kind == IdentifierKind.DNummer ? ib : ia).Value}): barnet kan ha fått fødselsnummer etter D-nummeret",
                    "D-nummer på den ene, fødselsnummer på den andre (barnet kan ha fått fødselsnummer)", 0.5));
            else
                reasons.Add(new($"Ulike {Plural(ia)} ({ia.Value} og {ib.Value})", $"Ulike {Plural(ia)}", -12));
        }
        if (a.DufNumber is { Length: > 0 } da && b.DufNumber is { Length: > 0 } db)
            reasons.Add(da == db
                ? new($"Samme DUF-nummer ({da})", "Samme DUF-nummer", 10)
                : new($"Ulike DUF-numre ({da} og {db})", "Ulike DUF-numre", -5));
    }

    private static string Kind(PersonIdentifier id) => id.Kind == IdentifierKind.DNummer ? "D-nummer" : "fødselsnummer";

    private static string Plural(PersonIdentifier id) => id.Kind == IdentifierKind.DNummer ? "D-numre" : "fødselsnumre";

    private static void Dates(DateOnly? a, DateOnly? b, List<MatchReason> reasons)
    {
        var shown = $"{D(a)} og {D(b)}";
        switch (BirthDates.Relate(a, b))
        {
            case BirthDateRelation.Same:
                reasons.Add(new($"Samme fødselsdato ({D(a)})", "Samme fødselsdato", 4));
                break;
            case BirthDateRelation.DayMonthSwapped:
                reasons.Add(new($"Fødselsdatoen med dag og måned byttet om ({shown})", "Fødselsdatoen med dag og måned byttet om", 2.5));
                break;
            case BirthDateRelation.OneDigitOff:
                reasons.Add(new($"Fødselsdatoen skiller seg på ett siffer ({shown})", "Fødselsdatoen skiller seg på ett siffer", 2));
                break;
            case BirthDateRelation.Different:
                reasons.Add(new($"Ulik fødselsdato ({shown})", "Ulik fødselsdato", -5));
                break;
            case BirthDateRelation.Unknown:
                break;
        }
    }

    private static string D(DateOnly? d) => d?.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture) ?? "ukjent";

    private enum Agreement { Missing, Same, Variant, Typo, Reordered, Partial, Different }

    private static void Names(ChildIdentity a, ChildIdentity b, List<MatchReason> reasons)
    {
        var given = Compare(a.GivenName, b.GivenName, orderMatters: true);
        var family = Compare(a.FamilyName, b.FamilyName, orderMatters: false);
        // Given and family name swapped (Hansen Ola / Ola Hansen): each field agrees with the other's.
        if (given is Agreement.Different && family is Agreement.Different
            && Compare(a.GivenName, b.FamilyName, false) is Agreement.Same or Agreement.Variant
            && Compare(a.FamilyName, b.GivenName, false) is Agreement.Same or Agreement.Variant)
        {
            reasons.Add(new($"Fornavn og etternavn byttet om («{a.GivenName} {a.FamilyName}» og «{b.GivenName} {b.FamilyName}»)", "Fornavn og etternavn byttet om", 5));
            return;
        }
        Add(reasons, family, "Etternavn", a.FamilyName, b.FamilyName);
        Add(reasons, given, "Fornavn", a.GivenName, b.GivenName);
    }

    private static void Add(List<MatchReason> reasons, Agreement agreement, string field, string? a, string? b)
    {
        var values = $"«{a}» og «{b}»";
        var lower = field.ToLowerInvariant();
        switch (agreement)
        {
            case Agreement.Same:
                reasons.Add(new($"Samme {lower} ({a}){(a == b ? "" : $", skrevet «{b}»")}", $"Samme {lower}", 3));
                break;
            case Agreement.Variant:
                reasons.Add(new($"{field} i ulik stavemåte ({values})", $"{field} i ulik stavemåte", 2.5));
                break;
            case Agreement.Reordered:
                reasons.Add(new($"{field} i byttet rekkefølge ({values})", $"{field} i byttet rekkefølge", 2.5));
                break;
            case Agreement.Partial:
                reasons.Add(new($"{field} mangler et navn på den ene ({values})", $"{field} mangler et navn på den ene", 2));
                break;
            case Agreement.Typo:
                reasons.Add(new($"{field} med skrivefeil ({values})", $"{field} med skrivefeil", 1.5));
                break;
            case Agreement.Different:
                reasons.Add(new($"Ulikt {lower} ({values})", $"Ulikt {lower}", -3));
                break;
            case Agreement.Missing:
                break;
        }
    }

    private static Agreement Compare(string? a, string? b, bool orderMatters)
    {
        var wa = NorwegianNames.Words(a);
        var wb = NorwegianNames.Words(b);
        if (wa.Count == 0 || wb.Count == 0)
            return Agreement.Missing;
        if (wa.SequenceEqual(wb))
            return Agreement.Same;
        var ka = wa.Select(NorwegianNames.SpellingKey).ToList();
        var kb = wb.Select(NorwegianNames.SpellingKey).ToList();
        if (ka.SequenceEqual(kb))
            return Agreement.Variant;
        if (ka.Count == kb.Count && ka.Order(StringComparer.Ordinal).SequenceEqual(kb.Order(StringComparer.Ordinal)))
            return orderMatters ? Agreement.Reordered : Agreement.Same;
        if (ka.Count != kb.Count)
        {
            var (shortList, longList) = ka.Count < kb.Count ? (ka, kb) : (kb, ka);
            if (shortList.All(longList.Contains))
                return Agreement.Partial;
        }
        if (ka.Count == kb.Count && ka.Zip(kb).All(p => p.First == p.Second || NorwegianNames.IsTypo(p.First, p.Second)))
            return Agreement.Typo;
        return Agreement.Different;
    }
}
