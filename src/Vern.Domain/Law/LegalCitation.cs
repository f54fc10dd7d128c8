namespace Vern.Domain.Law;

/// <summary>A legal basis in the words a reader of a decision expects (lovhenvisning): "barnevernsloven § 3-1 første ledd",
/// "barnevernloven (1992) § 4-12 første ledd bokstav a". The 2021 Act is named without its year, as it is cited today; the
/// 1992 Act carries its year and its own spelling ("barnevernloven") so the two are never confused. Pure.</summary>
public static class LegalCitation
{
    public static string Words(LegalBasis basis)
    {
        var act = basis.Act switch
        {
            "BVL2021" => "barnevernsloven",
            "BVL" => "barnevernloven (1992)",
            "BL1981" => "barneloven",
            _ => basis.Act,
        };
        var ledd = basis.Subsections.Length == 0 ? "" : " " + Join(basis.Subsections.Select(Ordinal)) + " ledd";
        var sentences = basis.Sentences.Length == 0 ? "" : " " + Join(basis.Sentences.Select(Ordinal)) + " punktum";
        var letters = basis.Letters.Length == 0 ? "" : " bokstav " + Join(basis.Letters);
        return $"{act} § {basis.Chapter}-{basis.Section}{ledd}{sentences}{letters}";
    }

    /// <summary>"første", "annet" … as the statutes number their paragraphs (ledd) and sentences (punktum).</summary>
    public static string Ordinal(string n) => n switch
    {
        "1" => "første",
        "2" => "annet",
        "3" => "tredje",
        "4" => "fjerde",
        "5" => "femte",
        "6" => "sjette",
        "7" => "sjuende",
        "8" => "åttende",
        "9" => "niende",
        "10" => "tiende",
        _ => n + ".",
    };

    private static string Join(IEnumerable<string> parts)
    {
        var list = parts.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list.Take(list.Count - 1)) + " og " + list[^1];
    }
}
