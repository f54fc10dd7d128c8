using System.Collections.Immutable;

namespace Vern.Domain.Law;

/// <summary>An Act a legal basis can cite (Lov in Barnevern_v4.xsd LovhjemmelType), with the period it governs.</summary>
/// <param name="Code">The register's code: "BVL" (barnevernloven 1992), "BVL2021", "BL1981" (barneloven).</param>
public sealed record Act(string Code, string Name, DateOnly ValidFrom, DateOnly? ValidTo, string LovdataUrl)
{
    public bool IsInForceOn(DateOnly on) => on >= ValidFrom && (ValidTo is null || on <= ValidTo);
}

/// <summary>The Acts of the register's Lov code list (Barnevern_v4.xsd, LovhjemmelType/Lov appinfo).</summary>
public static class Acts
{
    /// <summary>Barnevernloven 1992 (lov 17. juli 1992 nr. 100), repealed 31 December 2022.</summary>
    public static readonly Act ChildWelfareAct1992 = new("BVL", "barnevernloven (1992)", new(1993, 1, 1), new(2022, 12, 31), "https://lovdata.no/lov/1992-07-17-100");

    /// <summary>Barnevernsloven 2021 (lov 18. juni 2021 nr. 97), in force from 1 January 2023.</summary>
    public static readonly Act ChildWelfareAct2021 = new("BVL2021", "barnevernsloven (2021)", new(2023, 1, 1), null, "https://lovdata.no/lov/2021-06-18-97");

    /// <summary>Barneloven (lov 8. april 1981 nr. 7).</summary>
    public static readonly Act ChildrenAct1981 = new("BL1981", "barneloven", new(1981, 1, 1), null, "https://lovdata.no/lov/1981-04-08-7");

    public static readonly ImmutableArray<Act> All = [ChildWelfareAct1992, ChildWelfareAct2021, ChildrenAct1981];

    public static Act? Find(string code) => All.FirstOrDefault(a => a.Code == code);

    /// <summary>The child welfare Act that governs a fact dated <paramref name="on"/>: the 1992 Act before
    /// 2023-01-01, the 2021 Act from then (barnevernsloven 2021 § 16-1 and § 16-2).</summary>
    public static Act ChildWelfareActOn(DateOnly on) =>
        ChildWelfareAct2021.IsInForceOn(on) ? ChildWelfareAct2021 : ChildWelfareAct1992;
}

/// <summary>Lovhjemmel: the provision a decision, measure or referral rests on
/// (Barnevern_v4.xsd LovhjemmelType: Lov, Kapittel, Paragraf, Ledd*, Bokstav*, Punktum*).</summary>
/// <param name="Act">Register code of the Act ("BVL2021", "BVL", "BL1981").</param>
/// <param name="Chapter">Kapittel, e.g. "3".</param>
/// <param name="Section">Paragraf within the chapter, e.g. "1" for § 3-1.</param>
/// <param name="Subsections">Ledd numbers.</param>
/// <param name="Letters">Bokstav letters.</param>
/// <param name="Sentences">Punktum numbers.</param>
public sealed record LegalBasis(
    string Act,
    string Chapter,
    string Section,
    ImmutableArray<string> Subsections = default,
    ImmutableArray<string> Letters = default,
    ImmutableArray<string> Sentences = default)
{
    public ImmutableArray<string> Subsections { get; init; } = Subsections.IsDefault ? [] : Subsections;
    public ImmutableArray<string> Letters { get; init; } = Letters.IsDefault ? [] : Letters;
    public ImmutableArray<string> Sentences { get; init; } = Sentences.IsDefault ? [] : Sentences;

    /// <summary>Readable citation, e.g. "BVL2021 § 3-1 første ledd" style: "BVL2021 § 3-1 (1)".</summary>
    public override string ToString() =>
        $"{Act} § {Chapter}-{Section}" + (Subsections.Length > 0 ? $" ({string.Join(", ", Subsections)})" : "")
        + (Letters.Length > 0 ? $" {string.Join(", ", Letters)}" : "");

    public bool Equals(LegalBasis? other) =>
        other is not null && Act == other.Act && Chapter == other.Chapter && Section == other.Section
        && Subsections.SequenceEqual(other.Subsections) && Letters.SequenceEqual(other.Letters)
        && Sentences.SequenceEqual(other.Sentences);

    public override int GetHashCode() => HashCode.Combine(Act, Chapter, Section, Subsections.Length);
}
