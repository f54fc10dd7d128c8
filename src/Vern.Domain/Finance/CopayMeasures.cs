namespace Vern.Domain.Finance;

/// <summary>A state child welfare measure (statlig barnevernstiltak) the municipality pays a co-payment (kommunal
/// egenandel/egenbetaling) for (barnevernloven 1992 §§ 9-4 og 9-5 as the 2022 rundskriv cites them; the 2021 act's
/// economic provisions are in its chapter 16, section not verified here), with the KOSTRA
/// function the payment is posted to (seed 002 appendix D, table 0-1).</summary>
/// <param name="Code">Vern's code, as on the command line (e.g. <c>institution-uam</c>).</param>
/// <param name="Name">The line in table 5-2 / the rundskriv, in bokmål.</param>
/// <param name="Function">KOSTRA function: 252 for placements (institution, emergency and specialised foster homes), 251
/// for measures where the child is not placed (centres for parents and children, MST, FFT).</param>
public sealed record CopayMeasure(string Code, string Name, KostraFunction Function);

/// <summary>The measures of Menon 2023 (seed 002) table 5-2 that Vern bills, by code.</summary>
public static class CopayMeasures
{
    public const string Institution = "institution";
    public const string InstitutionUam = "institution-uam";
    public const string ParentChildCentreResidential = "parent-child-centre-residential";
    public const string ParentChildCentreHome = "parent-child-centre-home";
    public const string EmergencyFosterHome = "emergency-foster-home";
    public const string SpecialisedFosterHome = "specialised-foster-home";
    public const string Mst = "mst";
    public const string Fft = "fft";

    public static IReadOnlyList<CopayMeasure> All { get; } =
    [
        new(Institution, "Barnevernsinstitusjoner", KostraFunction.PlacedByChildWelfare),
        new(InstitutionUam, "Barnevernsinstitusjoner – enslige, mindreårige asylsøkere og flyktninger fra omsorgssentre og asylmottak", KostraFunction.PlacedByChildWelfare),
        new(ParentChildCentreResidential, "Senter for foreldre og barn (døgnopphold på senter)", KostraFunction.NotPlacedByChildWelfare),
        new(ParentChildCentreHome, "Senter for foreldre og barn (hjemmebasert/poliklinisk)", KostraFunction.NotPlacedByChildWelfare),
        new(EmergencyFosterHome, "Beredskapshjem", KostraFunction.PlacedByChildWelfare),
        new(SpecialisedFosterHome, "Spesialiserte fosterhjem", KostraFunction.PlacedByChildWelfare),
        new(Mst, "MST (multisystemisk terapi)", KostraFunction.NotPlacedByChildWelfare),
        new(Fft, "FFT (funksjonell familieterapi)", KostraFunction.NotPlacedByChildWelfare),
    ];

    private static readonly Dictionary<string, CopayMeasure> ByCode = All.ToDictionary(m => m.Code, StringComparer.Ordinal);

    /// <summary>The measure with this code, or null.</summary>
    public static CopayMeasure? Find(string code) => ByCode.GetValueOrDefault(code);

    /// <summary>Emergency and specialised foster homes: the measures whose pre-2022 placements keep the old terms.</summary>
    /// <summary>Whether the family rule (one rate for one parent and one child, 1.5 for two parents, ½ per further child;
    /// rundskriv 2022, `000_…` 4.1.4) sets the rate: both rates of a centre for parents and children.</summary>
    public static bool FamilyRated(string code) => code is ParentChildCentreResidential or ParentChildCentreHome;

    public static bool KeepsPreReformTerms(string code) => code is EmergencyFosterHome or SpecialisedFosterHome;
}
