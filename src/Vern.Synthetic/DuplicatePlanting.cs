using System.Text;
using Vern.Domain.Cases;
using Vern.Domain.People;

namespace Vern.Synthetic;

/// <summary>How a planted duplicate differs from the child it duplicates (issue 18 part 2: typos, swapped names,
/// transposed dates, D-nummer to fødselsnummer).</summary>
public enum DuplicateKind
{
    /// <summary>One letter of the given or family name mistyped (replaced, left out, doubled or swapped with its neighbour).</summary>
    Typo,
    /// <summary>Another spelling of the name (Kristian/Christian, Hansen/Hanssen, Sofie/Sophie, Håkon/Haakon, ø/oe …).</summary>
    SpellingVariant,
    /// <summary>Two given names in the other order.</summary>
    GivenNamesSwapped,
    /// <summary>The middle name left out.</summary>
    MiddleNameMissing,
    /// <summary>Given and family name swapped.</summary>
    GivenAndFamilySwapped,
    /// <summary>Day and month of the birth date swapped.</summary>
    DayMonthSwapped,
    /// <summary>One digit of the birth date wrong.</summary>
    BirthDateDigit,
    /// <summary>Known by a D-nummer on one and by the fødselsnummer it became on the other.</summary>
    DNummerToFodselsnummer,
}

/// <summary>A child arriving (a report, a case being opened): either a planted duplicate of an existing child (with the
/// index of that child and how it was distorted) or a child the service has not met (<see cref="DuplicateOf"/> null).</summary>
/// <param name="Sibling">For a new child: the index of an existing child it is a twin or sibling of (same family name,
/// the same or a near birth date: the hard cases that must NOT be taken for duplicates).</param>
public sealed record PlantedChild(ChildInput Child, int? DuplicateOf, DuplicateKind? Kind, int? Sibling = null);

/// <summary>A planted set: the children a service already has, and the children arriving, some of them duplicates.</summary>
public sealed record PlantedSet(IReadOnlyList<ChildInput> Existing, IReadOnlyList<PlantedChild> Incoming)
{
    public int Duplicates => Incoming.Count(c => c.DuplicateOf is not null);
}

/// <summary>Plants known duplicates at a given rate, with a seed (same seed and options ⇒ the same set). Children get
/// valid fødselsnumre or D-numre (mod 11), names from the generator's lists (a third with a middle name), and birth dates
/// of children 0–17 years old on <c>today</c>. Half of the arriving children come without a number (a report from the
/// public often has none); a duplicate whose birth date was distorted never carries the number that would reveal it.</summary>
public static class DuplicatePlanting
{
    /// <param name="existing">Children the service already has.</param>
    /// <param name="incoming">Children arriving.</param>
    /// <param name="rate">Share of the arriving children that are duplicates of an existing one (0–1).</param>
    /// <param name="siblingRate">Share of the other arriving children that are a twin or sibling of an existing child.</param>
    public static PlantedSet Generate(int existing, int incoming, double rate, int seed, DateOnly today, double siblingRate = 0.1)
    {
        if (rate is < 0 or > 1)
            throw new ArgumentException($"Andelen dubletter må være mellom 0 og 1 (fikk {rate}).", nameof(rate));
        if (existing < 1 && rate > 0)
            throw new ArgumentException("Dubletter krever minst ett eksisterende barn.", nameof(existing));
        var rng = new Random(seed);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var old = new List<ChildInput>(existing);
        for (var i = 0; i < existing; i++)
            old.Add(NewChild(rng, today, used));
        var arriving = new List<PlantedChild>(incoming);
        for (var i = 0; i < incoming; i++)
        {
            if (rng.NextDouble() < rate)
            {
                var of = rng.Next(old.Count);
                var kind = (DuplicateKind)rng.Next(Enum.GetValues<DuplicateKind>().Length);
                var (child, applied) = Distort(old[of], kind, rng, used);
                arriving.Add(new PlantedChild(child, of, applied));
            }
            else if (old.Count > 0 && rng.NextDouble() < siblingRate)
            {
                var of = rng.Next(old.Count);
                arriving.Add(new PlantedChild(Sibling(old[of], rng, used), null, null, of));
            }
            else
            {
                var child = NewChild(rng, today, used);
                arriving.Add(new PlantedChild(rng.NextDouble() < 0.5 ? child with { Identifier = null } : child, null, null));
            }
        }
        return new PlantedSet(old, arriving);
    }

    /// <summary>A distorted copy of <paramref name="original"/> of the given kind (or, when that kind cannot apply, e.g. no
    /// middle name to leave out, a typo), and the kind applied.</summary>
    public static (ChildInput Child, DuplicateKind Kind) Distort(ChildInput original, DuplicateKind kind, Random rng, HashSet<string>? usedIdentifiers = null)
    {
        var used = usedIdentifiers ?? [];
        var birth = original.BirthDate ?? PersonIdentifier.Parse(original.Identifier!).BirthDate;
        var keepNumber = rng.NextDouble() < 0.3;
        var copy = original with { Identifier = keepNumber ? original.Identifier : null, BirthDate = birth, DufNumber = keepNumber ? original.DufNumber : null };
        var given = original.GivenName!.Split(' ');
        switch (kind)
        {
            case DuplicateKind.Typo:
                return rng.NextDouble() < 0.5
                    ? (copy with { FamilyName = Typo(original.FamilyName!, rng) }, kind)
                    : (copy with { GivenName = string.Join(' ', [Typo(given[0], rng), .. given.Skip(1)]) }, kind);
            case DuplicateKind.SpellingVariant:
                if (Variant(original.FamilyName!, rng) is { } family && (rng.NextDouble() < 0.5 || Variant(given[0], rng) is null))
                    return (copy with { FamilyName = family }, kind);
                if (Variant(given[0], rng) is { } first)
                    return (copy with { GivenName = string.Join(' ', [first, .. given.Skip(1)]) }, kind);
                return Distort(original, DuplicateKind.Typo, rng, used);
            case DuplicateKind.GivenNamesSwapped when given.Length >= 2:
                return (copy with { GivenName = string.Join(' ', given.Reverse()) }, kind);
            case DuplicateKind.MiddleNameMissing when given.Length >= 2:
                return (copy with { GivenName = given[0] }, kind);
            case DuplicateKind.GivenNamesSwapped or DuplicateKind.MiddleNameMissing:
                return Distort(original, DuplicateKind.Typo, rng, used);
            case DuplicateKind.GivenAndFamilySwapped:
                return (copy with { GivenName = original.FamilyName, FamilyName = original.GivenName }, kind);
            case DuplicateKind.DayMonthSwapped when birth.Day <= 12 && birth.Day != birth.Month:
                return (copy with { Identifier = null, DufNumber = null, BirthDate = new DateOnly(birth.Year, birth.Day, birth.Month) }, kind);
            case DuplicateKind.DayMonthSwapped or DuplicateKind.BirthDateDigit:
                return (copy with { Identifier = null, DufNumber = null, BirthDate = OneDigit(birth, rng) }, DuplicateKind.BirthDateDigit);
            case DuplicateKind.DNummerToFodselsnummer:
                var isD = original.Identifier is { } id && PersonIdentifier.Parse(id).Kind == IdentifierKind.DNummer;
                var other = Identifier(birth, original.Sex, isD ? IdentifierKind.Fodselsnummer : IdentifierKind.DNummer, rng, used);
                return (copy with { Identifier = other, BirthDate = null, DufNumber = null }, kind);
            default:
                throw new NotSupportedException($"Duplicate kind {kind} has not been implemented.");
        }
    }

    private static ChildInput NewChild(Random rng, DateOnly today, HashSet<string> used)
    {
        var sex = rng.NextDouble() < 0.5 ? Sex.Male : Sex.Female;
        var birth = today.AddDays(-rng.Next(30, 18 * 365));
        var given = GivenName(sex, rng);
        if (rng.NextDouble() < 0.33)
            given += " " + GivenName(sex, rng, except: given);
        var family = Names.Family[rng.Next(Names.Family.Length)];
        var kind = rng.NextDouble() < SyntheticRates.DNummerShare ? IdentifierKind.DNummer : IdentifierKind.Fodselsnummer;
        var duf = kind == IdentifierKind.DNummer && rng.NextDouble() < 0.5 ? DufNumber.Create(birth.Year, rng.Next(0, 1_000_000)) : null;
        return new ChildInput(Identifier(birth, sex, kind, rng, used), birth, sex, duf, given, family);
    }

    /// <summary>A twin (same birth date) or a sibling born 1–6 years apart: same family name, another given name, own number.</summary>
    private static ChildInput Sibling(ChildInput of, Random rng, HashSet<string> used)
    {
        var sex = rng.NextDouble() < 0.5 ? Sex.Male : Sex.Female;
        var birth = of.BirthDate!.Value;
        if (rng.NextDouble() >= 0.5)
            birth = birth.AddDays(rng.Next(365, 6 * 365) * (rng.NextDouble() < 0.5 ? -1 : 1));
        var given = GivenName(sex, rng, except: of.GivenName!.Split(' ')[0]);
        var id = Identifier(birth, sex, IdentifierKind.Fodselsnummer, rng, used);
        return new ChildInput(rng.NextDouble() < 0.5 ? id : null, birth, sex, null, given, of.FamilyName);
    }

    private static string GivenName(Sex sex, Random rng, string? except = null)
    {
        var list = sex == Sex.Male ? Names.Boys : Names.Girls;
        string name;
        do
            name = list[rng.Next(list.Length)];
        while (name == except);
        return name;
    }

    private static string Identifier(DateOnly birth, Sex sex, IdentifierKind kind, Random rng, HashSet<string> used)
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var individual = rng.Next(250, 500) * 2 + (sex == Sex.Male ? 1 : 0);
            if (PersonIdentifier.Create(birth, individual, kind) is { } id && !id.Value.EndsWith("99999", StringComparison.Ordinal) && used.Add(id.Value))
                return id.Value;
        }
        throw new InvalidOperationException($"No free identifier for birth date {birth:yyyy-MM-dd}.");
    }

    private const string Letters = "abdefghiklmnoprstuvy";

    private static string Typo(string word, Random rng)
    {
        var chars = new StringBuilder(word);
        var at = rng.Next(1, Math.Max(2, word.Length));
        at = Math.Min(at, word.Length - 1);
        switch (rng.Next(4))
        {
            case 0: chars[at] = Different(chars[at], rng); break;
            case 1 when word.Length > 4: chars.Remove(at, 1); break;
            case 2: chars.Insert(at, chars[at]); break;
            case 3 when at + 1 < word.Length && chars[at] != chars[at + 1]: (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]); break;
            default: chars[at] = Different(chars[at], rng); break;
        }
        return chars.ToString();
    }

    private static char Different(char c, Random rng)
    {
        char x;
        do
            x = Letters[rng.Next(Letters.Length)];
        while (x == char.ToLowerInvariant(c));
        return x;
    }

    /// <summary>Common spelling variants of Norwegian names, as (written, also written) pairs tried in random order.</summary>
    private static readonly (string From, string To)[] Spellings =
    [
        ("K", "Ch"), ("Ch", "K"), ("sen", "ssen"), ("ssen", "sen"), ("ph", "f"), ("f", "ph"), ("th", "t"), ("t", "th"), ("å", "aa"), ("Å", "Aa"),
        ("ø", "oe"), ("æ", "ae"), ("c", "k"), ("k", "c"), ("v", "w"), ("ck", "k"),
        ("Mohammed", "Muhammad"), ("Yusuf", "Youssef"), ("Ahmed", "Ahmad"), ("Jakob", "Jacob"), ("Mathias", "Matias"), ("Oskar", "Oscar"),
    ];

    private static string? Variant(string name, Random rng)
    {
        foreach (var (from, to) in Spellings.OrderBy(_ => rng.Next()))
        {
            var at = name.IndexOf(from, StringComparison.Ordinal);
            if (at >= 0)
                return string.Concat(name.AsSpan(0, at), to, name.AsSpan(at + from.Length));
        }
        return null;
    }

    private static DateOnly OneDigit(DateOnly birth, Random rng)
    {
        var digits = birth.ToString("ddMMyyyy", System.Globalization.CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var at = rng.Next(digits.Length);
            if (at is 4 or 5)
                continue; // the century: a child is not born in 1915 or 2215
            var copy = digits.ToCharArray();
            copy[at] = (char)('0' + rng.Next(10));
            if (DateOnly.TryParseExact(new string(copy), "ddMMyyyy", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d) && d != birth)
                return d;
        }
        return birth.AddDays(1);
    }
}
