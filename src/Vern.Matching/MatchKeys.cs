using System.Globalization;
using Vern.Domain.Identity;
using Vern.Domain.People;

namespace Vern.Matching;

/// <summary>The blocking keys of the duplicate index: a case is stored under a few keys per identity its child has had;
/// a lookup asks for the keys a mistyped version of the new child could share with it. Only cases under a shared key are
/// scored, so a check reads a handful of rows, never the service's whole caseload.</summary>
/// <remarks>Stored keys: <c>id:</c> the fødselsnummer or D-nummer (not the register's incomplete forms), <c>duf:</c> the
/// DUF-nummer, <c>b:</c> the birth date (ÅÅÅÅMMDD), and <c>n:</c> family-name key + given-name key for each pair of words.
/// Looked-up keys: the same for numbers; every <see cref="BirthDates.Variants"/> of the birth date; and the name keys with
/// the given and family names also swapped. A child whose date is mistyped is found by name; one whose name is mistyped, by
/// date.</remarks>
public static class MatchKeys
{
    /// <summary>The key format: changes when a key's definition or the name data changes (the index is then rebuilt).</summary>
    public static int Format => 100 + NorwegianNames.DataVersion;

    public static string Id(string identifier) => "id:" + identifier;

    public static string Duf(string duf) => "duf:" + duf;

    /// <summary>The keys a case is stored under for one identity of its child.</summary>
    public static IEnumerable<string> Stored(ChildIdentity child)
    {
        if (child.ParsedIdentifier is { Kind: not IdentifierKind.Incomplete } id)
            yield return Id(id.Value);
        if (child.DufNumber is { Length: > 0 } duf)
            yield return Duf(duf);
        if (child.EffectiveBirthDate is { } birth)
            yield return Date(birth);
        foreach (var k in Names(child.GivenName, child.FamilyName))
            yield return k;
    }

    /// <summary>The keys to look up for a new child (with variants; see the remarks).</summary>
    public static IReadOnlyCollection<string> Lookup(ChildIdentity child)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (child.ParsedIdentifier is { Kind: not IdentifierKind.Incomplete } id)
            keys.Add(Id(id.Value));
        if (child.DufNumber is { Length: > 0 } duf)
            keys.Add(Duf(duf));
        if (child.EffectiveBirthDate is { } birth)
            foreach (var d in BirthDates.Variants(birth))
                keys.Add(Date(d));
        keys.UnionWith(Names(child.GivenName, child.FamilyName));
        keys.UnionWith(Names(child.FamilyName, child.GivenName));
        return keys;
    }

    /// <summary>The alias key of a number (for <see cref="IdentityAlias"/>).</summary>
    public static string Alias(IdentityAlias alias) => alias.Kind == AliasKind.DufNumber ? Duf(alias.Value) : Id(alias.Value);

    private static string Date(DateOnly d) => "b:" + d.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static IEnumerable<string> Names(string? given, string? family)
    {
        var g = NorwegianNames.Words(given).Select(NorwegianNames.SpellingKey).Distinct().ToList();
        var f = NorwegianNames.Words(family).Select(NorwegianNames.SpellingKey).Distinct().ToList();
        foreach (var fk in f)
            foreach (var gk in g)
                yield return $"n:{fk}:{gk}";
    }
}
