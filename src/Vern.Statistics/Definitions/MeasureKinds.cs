using Vern.Domain.Cases;
using Vern.Domain.Law;

namespace Vern.Statistics.Definitions;

/// <summary>How SSB's child welfare statistics sort a child's measure at a point in time. One child is counted once,
/// in the first class that applies (SSB gives care measures priority over support measures; see the note to
/// figure 5-1 and footnote 35 in Menon 2023, seed 002).</summary>
public enum MeasureClass
{
    /// <summary>Omsorgstiltak: the service has taken over care.</summary>
    Care,
    /// <summary>Akuttiltak: an emergency decision.</summary>
    Emergency,
    /// <summary>Atferdstiltak: placement for serious behavioural problems.</summary>
    Behavioural,
    /// <summary>Plassert som hjelpetiltak: a voluntary placement outside the home.</summary>
    PlacedAsSupport,
    /// <summary>Hjelpetiltak i hjemmet: support measures while the child lives at home.</summary>
    SupportAtHome,
}

/// <summary>Placement types of SSB table 11600 (plasseringstiltak), from the measure's category code
/// (SSB Kodelister, Tiltak/Kategori).</summary>
public enum PlacementType
{
    /// <summary>2.1–2.4, 2.99 Fosterhjem.</summary>
    FosterHome,
    /// <summary>2.5 Beredskapshjem utenom familie og nære nettverk.</summary>
    EmergencyHome,
    /// <summary>2.6 Midlertidig hjem i familie og nære nettverk (new category from 2021).</summary>
    TemporaryHomeInNetwork,
    /// <summary>1.1, 1.2, 1.99 Institusjon.</summary>
    Institution,
    /// <summary>8.2, 8.4, 8.5 Bolig med oppfølging / kommunale botiltak.</summary>
    SupportedHousing,
}

/// <summary>The classification rules as data: which legal bases make a measure a care, emergency or behavioural
/// measure. Source: Menon 2023 (seed 002), note to figure 5-2, which gives both Acts' sections.</summary>
public static class MeasureKinds
{
    /// <summary>A provision: Act code, chapter, section and (optionally) the subsections that count.</summary>
    public sealed record Provision(string Act, string Chapter, string Section, params string[] Subsections)
    {
        public bool Matches(LegalBasis b)
        {
            if (b.Section != Section || b.Chapter != Chapter || b.Act != Act) return false;
            if (Subsections.Length == 0) return true;
            foreach (var s in b.Subsections)
                if (Array.IndexOf(Subsections, s) >= 0) return true;
            return false;
        }
    }

    public static readonly Source ClassSource = new(Source.Menon, "figur 5-2, note (omsorgs-, akutt-, åtferdstiltak, plassert som hjelpetiltak)", "09050, 12845");

    /// <summary>Omsorgstiltak: barnevernloven (1992) §§ 4-12 og 4-8; barnevernsloven (2021) § 5-1 (and § 4-3 as the seed lists it).</summary>
    public static readonly Provision[] Care = [new("BVL", "4", "12"), new("BVL", "4", "8"), new("BVL2021", "5", "1")];

    /// <summary>Akuttiltak: barnevernloven (1992) § 4-6 første og annet ledd, § 4-25 annet ledd, § 4-9 første og annet ledd;
    /// barnevernsloven (2021) §§ 4-1, 4-2, 4-3, 4-4. (The seed lists § 4-3 under both care and emergency; Vern counts it as
    /// emergency, the chapter it stands in: kapittel 4 Akuttvedtak.)</summary>
    public static readonly Provision[] Emergency =
    [
        new("BVL", "4", "6", "1", "2"), new("BVL", "4", "25", "2"), new("BVL", "4", "9", "1", "2"),
        new("BVL2021", "4", "1"), new("BVL2021", "4", "2"), new("BVL2021", "4", "3"), new("BVL2021", "4", "4"),
    ];

    /// <summary>Åtferdstiltak: barnevernloven (1992) §§ 4-24 og 4-26; barnevernsloven (2021) §§ 6-1, 6-2 og 8-4 første ledd.</summary>
    public static readonly Provision[] Behavioural =
    [
        new("BVL", "4", "24"), new("BVL", "4", "26"),
        new("BVL2021", "6", "1"), new("BVL2021", "6", "2"), new("BVL2021", "8", "4", "1"),
    ];

    /// <summary>Plassert som hjelpetiltak under the 1992 Act: § 4-4 annet og sjette ledd. Under the 2021 Act the seed cites
    /// §§ 3-1 og 3-2, which also cover support at home, so Vern tells a voluntary placement by its category instead
    /// (<see cref="PlacementOf"/> not null).</summary>
    public static readonly Provision[] PlacedAsSupport1992 = [new("BVL", "4", "4", "2", "6")];

    /// <summary>The measure's class, ignoring priority between several measures (see <see cref="Classify(IEnumerable{Measure})"/>).</summary>
    public static MeasureClass Classify(Measure m)
    {
        if (AnyMatches(Care, m.LegalBasis)) return MeasureClass.Care;
        if (AnyMatches(Emergency, m.LegalBasis)) return MeasureClass.Emergency;
        if (AnyMatches(Behavioural, m.LegalBasis)) return MeasureClass.Behavioural;
        if (AnyMatches(PlacedAsSupport1992, m.LegalBasis) || PlacementOf(m.Category.Code) is not null) return MeasureClass.PlacedAsSupport;
        return MeasureClass.SupportAtHome;
    }

    private static bool AnyMatches(Provision[] provisions, LegalBasis b)
    {
        foreach (var p in provisions)
            if (p.Matches(b)) return true;
        return false;
    }

    /// <summary>One child's class from the measures in force: the highest-priority class (Care first), or null with none.</summary>
    public static MeasureClass? Classify(IEnumerable<Measure> inForce)
    {
        MeasureClass? best = null;
        foreach (var m in inForce)
        {
            var c = Classify(m);
            if (best is null || c < best) best = c;
        }
        return best;
    }

    /// <summary>The placement type of a category code, or null when the measure is not a placement.</summary>
    public static PlacementType? PlacementOf(string category) => category switch
    {
        "2.5" => PlacementType.EmergencyHome,
        "2.6" => PlacementType.TemporaryHomeInNetwork,
        _ when category.StartsWith("2.", StringComparison.Ordinal) || category == "2" => PlacementType.FosterHome,
        _ when category.StartsWith("1.", StringComparison.Ordinal) || category == "1" => PlacementType.Institution,
        "8.2" or "8.4" or "8.5" => PlacementType.SupportedHousing,
        _ => null,
    };

    /// <summary>Whether the measure is in force on <paramref name="day"/> (start and end inclusive).</summary>
    public static bool InForceOn(Measure m, DateOnly day) => InForceOn(m.StartedOn, m.EndedOn, day);

    /// <summary>Whether a measure from <paramref name="startedOn"/> to <paramref name="endedOn"/> (null: still running) is in
    /// force on <paramref name="day"/> (start and end inclusive).</summary>
    public static bool InForceOn(DateOnly startedOn, DateOnly? endedOn, DateOnly day) => startedOn <= day && (endedOn is null || endedOn >= day);

    /// <summary>Whether the measure was in force at any time in [<paramref name="from"/>, <paramref name="to"/>] (inclusive).</summary>
    public static bool InForceDuring(Measure m, DateOnly from, DateOnly to) => InForceDuring(m.StartedOn, m.EndedOn, from, to);

    /// <summary>As <see cref="InForceDuring(Measure, DateOnly, DateOnly)"/>, from the measure's period.</summary>
    public static bool InForceDuring(DateOnly startedOn, DateOnly? endedOn, DateOnly from, DateOnly to) => startedOn <= to && (endedOn is null || endedOn >= from);
}
