using Vern.Domain.Law;

namespace Vern.Domain.Cases;

/// <summary>Which measures are care orders (omsorgsovertakelse) and which are placements (plasseringstiltak), as SSB's
/// Kravspesifikasjon defines them under "Definisjoner" (used by Tiltak Kontroll 12 and 13).</summary>
public static class MeasureKinds
{
    /// <summary>Kategori codes of a placement measure: 1.1, 1.2, 1.99, 2.1–2.6, 2.99 and 8.2
    /// (Kravspesifikasjon, Definisjoner: Plasseringstiltak).</summary>
    private static readonly HashSet<string> PlacementCategories = new(StringComparer.Ordinal)
    {
        "1.1", "1.2", "1.99", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.99", "8.2",
    };

    public static bool IsPlacement(string categoryCode) => PlacementCategories.Contains(categoryCode);

    /// <summary>Whether a measure on this legal basis is a care order (Kravspesifikasjon, Definisjoner: Omsorgsovertakelse):
    /// BVL § 4-12; BVL § 4-8 second or third paragraph, or § 4-8 read with § 4-12; BVL2021 § 5-1.</summary>
    public static bool IsCareOrder(LegalBasis basis, IEnumerable<LegalBasis>? comparedWith) => basis.Act switch
    {
        "BVL" when basis.Chapter == "4" && basis.Section == "12" => true,
        "BVL" when basis.Chapter == "4" && basis.Section == "8" =>
            basis.Subsections.Any(x => x is "2" or "3") || (comparedWith ?? []).Any(j => j.Chapter == "4" && j.Section == "12"),
        "BVL2021" when basis.Chapter == "5" && basis.Section == "1" => true,
        _ => false,
    };

    /// <summary>A care order that is also a placement: ending it needs a reason (Opphevelse), Tiltak Kontroll 12.</summary>
    public static bool NeedsTerminationReason(Measure m) => IsCareOrder(m.LegalBasis, m.ComparedWith) && IsPlacement(m.Category.Code);

    /// <summary>Opphevelse code 1: «Barnet tilbakeført til foreldre/ familien jamfør BVL2021 § 5-7 (tidligere BVL1992 § 4-21)»
    /// (SSB Kodelister, Tiltak/Opphevelse).</summary>
    public const string ReturnedHome = "1";

    /// <summary>A care placement whose reason for ending (recorded at or before its end) is the child's return home: the care order
    /// was lifted (tilbakeføring), which from 2026 brings the duty to offer follow-up.</summary>
    public static bool IsReturnHome(Measure m) => NeedsTerminationReason(m) && m.Termination?.Code == ReturnedHome;
}
