using System.Collections.Immutable;

namespace Vern.Domain.State;

/// <summary>What a referral (henvisning) to the state asks for: the three groups of Bufetat's services.</summary>
public enum MeasureGroup
{
    /// <summary>Plassering utenfor hjemmet: foster home, emergency home or institution (Bufetat's duty to assist applies).</summary>
    Placement,

    /// <summary>Senter for foreldre og barn: residential or home-based assessment or guidance (no duty to assist).</summary>
    ParentChildCentre,

    /// <summary>Spesialisert hjelpetiltak i hjemmet: MST, FFT and the like (no duty to assist).</summary>
    SpecialisedMeasure,
}

/// <summary>What a stay in a parent and child centre is for (utredning or veiledning; `000_…` ch. 2.3).</summary>
public enum CentrePurpose
{
    Assessment,
    Guidance,
}

/// <summary>A measure type (tiltakstype) the municipality can ask Bufetat for.</summary>
/// <param name="Code">The code in Vern's CLI, API and storage, e.g. "foster-home".</param>
/// <param name="Name">The Norwegian term.</param>
/// <param name="DutyToAssist">True when Bufetat's duty to assist (bistandsplikt) applies to it: placements outside the home
/// (barnevernsloven § 16-3 andre ledd bokstav a, as cited by Bufdir's tolkningsuttalelse 2023/73305-4); not parent and child
/// centres (`000_…` 4.1.3 "Bufetat har ikke bistandsplikt") nor specialised measures at home.</param>
/// <param name="Residential">True when the child lives there (stays of one child may not overlap).</param>
/// <param name="WaitsForFosterHome">True when a referral of this type puts the child on the foster home waiting list (`002_…` 5.3).</param>
/// <param name="InstitutionType">For institutions: the type (omsorg, atferd, akutt …) approved places are counted by.</param>
/// <param name="CopayCode">The code of the co-payment (egenandel) measure this stay is billed under (issue 21: the finance
/// side's codes), with "institution" becoming "institution-uam" for an unaccompanied minor until settled.</param>
public sealed record MeasureType(string Code, string Name, MeasureGroup Group, bool DutyToAssist, bool Residential, bool WaitsForFosterHome,
    string? InstitutionType, string CopayCode);

/// <summary>The measure types, as data. Names from the seeds: `002_…` 5.2–5.3 (fosterhjem, beredskapshjem, institusjon),
/// `003_…` 6.2.1 (omsorgsinstitusjon, atferdsinstitusjon, akuttinstitusjon, rusinstitusjon, MultifunC), `000_…` ch. 2
/// (sentre for foreldre og barn), `002_…` table 5-2 (MST, FFT).</summary>
public static class MeasureTypes
{
    public static readonly ImmutableArray<MeasureType> All =
    [
        new("foster-home", "Fosterhjem", MeasureGroup.Placement, true, true, true, null, "foster-home"),
        new("specialised-foster-home", "Spesialisert fosterhjem", MeasureGroup.Placement, true, true, true, null, "specialised-foster-home"),
        new("emergency-foster-home", "Beredskapshjem", MeasureGroup.Placement, true, true, false, null, "emergency-foster-home"),
        new("institution-care", "Omsorgsinstitusjon", MeasureGroup.Placement, true, true, false, "omsorg", "institution"),
        new("institution-behaviour", "Atferdsinstitusjon", MeasureGroup.Placement, true, true, false, "atferd", "institution"),
        new("institution-emergency", "Akuttinstitusjon", MeasureGroup.Placement, true, true, false, "akutt", "institution"),
        new("institution-substance", "Rusinstitusjon", MeasureGroup.Placement, true, true, false, "rus", "institution"),
        new("multifunc", "MultifunC", MeasureGroup.Placement, true, true, false, "multifunc", "institution"),
        new("parent-child-centre-residential", "Senter for foreldre og barn, døgnopphold", MeasureGroup.ParentChildCentre, false, true, false, null, "parent-child-centre-residential"),
        new("parent-child-centre-home", "Senter for foreldre og barn, hjemmebasert", MeasureGroup.ParentChildCentre, false, false, false, null, "parent-child-centre-home"),
        new("mst", "MST (multisystemisk terapi)", MeasureGroup.SpecialisedMeasure, false, false, false, null, "mst"),
        new("fft", "FFT (funksjonell familieterapi)", MeasureGroup.SpecialisedMeasure, false, false, false, null, "fft"),
    ];

    public static MeasureType? Find(string code) => All.FirstOrDefault(m => string.Equals(m.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>The measure type for a code, or an <see cref="ArgumentException"/> naming the field and the valid codes.</summary>
    public static MeasureType Get(string code) =>
        Find(code) ?? throw new ArgumentException($"--measure: ukjent tiltakstype «{code}». Gyldige: {string.Join(", ", All.Select(m => m.Code))}.");
}

/// <summary>Bufetat's regions (barnevernsregioner) and Oslo, where Barne- og familieetaten (BFE) has the state's tasks
/// (`002_…` table 5-1 and figure 5-9 report by these regions; `000_…` table 2.1 places the centres in them).</summary>
public static class BufetatRegions
{
    public const string East = "Øst", South = "Sør", West = "Vest", Middle = "Midt", North = "Nord", Oslo = "Oslo";

    public static readonly ImmutableArray<string> All = [East, South, West, Middle, North, Oslo];

    /// <summary>The region of a municipality by its county (the first two digits of the kommunenummer, counties of 2024),
    /// or null for a number whose county is not in the table (the caller then names the region).</summary>
    /// <remarks>The county → region table is Vern's reading of Bufetat's regions (Øst: Østfold, Akershus, Innlandet;
    /// Sør: Buskerud, Vestfold, Telemark, Agder; Vest: Rogaland, Vestland; Midt: Møre og Romsdal, Trøndelag; Nord: Nordland,
    /// Troms, Finnmark). Not verified against Bufdir's own list; Buskerud is in Sør as in `000_…` table 2.1.</remarks>
    public static string? OfMunicipality(string municipalityNumber) => municipalityNumber.Length < 2 ? null : municipalityNumber[..2] switch
    {
        "03" => Oslo,
        "31" or "32" or "34" => East,
        "33" or "39" or "40" or "42" => South,
        "11" or "46" => West,
        "15" or "50" => Middle,
        "18" or "55" or "56" => North,
        _ => null,
    };

    /// <summary>The region as written (any case), or null.</summary>
    public static string? Find(string text) => All.FirstOrDefault(r => string.Equals(r, text, StringComparison.OrdinalIgnoreCase));

    /// <summary>The region as written (any case), or an <see cref="ArgumentException"/> naming the field.</summary>
    public static string Parse(string text) =>
        Find(text)
        ?? throw new ArgumentException($"--region: ukjent region «{text}». Gyldige: {string.Join(", ", All)}.");
}

/// <summary>Who owns a facility: the state (Bufetat), a private non-profit (ideell) or commercial provider, or Oslo kommune
/// (`000_…` table 2.1: "Sentre under Bufetat", "Ideelle sentre", "Oslo kommune").</summary>
public enum FacilityOwner
{
    State,
    NonProfit,
    Commercial,
    Oslo,
}

/// <summary>What a facility is: a parent and child centre, an institution, or a foster home/emergency home placement unit.</summary>
public enum FacilityKind
{
    ParentChildCentre,
    Institution,
    FosterHome,
}

/// <summary>A place a child (or family) stays: a senter for foreldre og barn or a barnevernsinstitusjon, with its approved places
/// (godkjente plasser) and day price (døgnpris). A change is a new version from <see cref="ValidFrom"/>; nothing is overwritten.</summary>
/// <param name="InstitutionType">For institutions: the type approved places are counted by (omsorg, atferd, akutt, rus, multifunc).</param>
/// <param name="DayPrice">Døgnpris in NOK (`000_…` 2.2.2: 5 400 in the non-profit centres, about 7 500 in Bufetat's).</param>
public sealed record Facility(string Id, string Name, FacilityKind Kind, FacilityOwner Owner, string Region, int Places, decimal DayPrice,
    DateOnly ValidFrom, string? InstitutionType = null)
{
    /// <summary>The facility's own rules: an id, a name, a known region, at least one place, a price not below zero.</summary>
    public static void Validate(Facility f)
    {
        if (string.IsNullOrWhiteSpace(f.Id) || f.Id.Any(char.IsWhiteSpace))
            throw new ArgumentException("--id: et tiltakssted trenger en id (ett ord).");
        if (string.IsNullOrWhiteSpace(f.Name))
            throw new ArgumentException("--name: tiltaksstedet trenger et navn.");
        BufetatRegions.Parse(f.Region);
        if (f.Places < 1)
            throw new ArgumentException($"--places: et tiltakssted har minst én godkjent plass (fikk {f.Places}).");
        if (f.DayPrice < 0)
            throw new ArgumentException($"--day-price: døgnprisen kan ikke være negativ (fikk {f.DayPrice}).");
    }
}

/// <summary>The 19 parent and child centres of `000_…` table 2.1 (per 2016): region, owner and places as the table gives them;
/// day prices from `000_…` 2.2.2 (non-profit 5 400 kr, Oslo kommune 5 200 kr on average, Bufetat's about 7 500 kr: Vern uses
/// the report's own estimate of 7 590 kr per day for the state centres, `000_…` table 6.1).</summary>
public static class SeedCentres
{
    private static Facility C(string id, string name, string region, FacilityOwner owner, int places) =>
        new(id, name, FacilityKind.ParentChildCentre, owner, region, places,
            owner switch { FacilityOwner.State => 7590m, FacilityOwner.Oslo => 5200m, _ => 5400m }, new DateOnly(2016, 1, 1));

    public static readonly ImmutableArray<Facility> All =
    [
        C("spfb-gullhella", "Gullhella", BufetatRegions.East, FacilityOwner.State, 5),
        C("spfb-seljelia", "Seljelia", BufetatRegions.East, FacilityOwner.State, 5),
        C("spfb-moringen", "Moringen", BufetatRegions.East, FacilityOwner.State, 5),
        C("spfb-telemark", "Telemark", BufetatRegions.South, FacilityOwner.State, 4),
        C("spfb-vestfold", "Vestfold", BufetatRegions.South, FacilityOwner.State, 2),
        C("spfb-buskerud", "Buskerud", BufetatRegions.South, FacilityOwner.State, 4),
        C("spfb-nygardsveien", "Nygårdsveien", BufetatRegions.South, FacilityOwner.State, 2),
        C("spfb-bergen", "Bergen", BufetatRegions.West, FacilityOwner.State, 7),
        C("spfb-stavanger-fonna", "Stavanger/Fonna", BufetatRegions.West, FacilityOwner.State, 3),
        C("spfb-forde", "Førde", BufetatRegions.West, FacilityOwner.State, 3),
        C("spfb-molde", "Molde", BufetatRegions.Middle, FacilityOwner.State, 4),
        C("spfb-viktoria", "Viktoria", BufetatRegions.Middle, FacilityOwner.State, 6),
        C("spfb-solbakken", "Solbakken", BufetatRegions.North, FacilityOwner.State, 4),
        C("spfb-vilde", "Vilde", BufetatRegions.South, FacilityOwner.NonProfit, 8),
        C("spfb-solstrand", "Solstrand", BufetatRegions.West, FacilityOwner.NonProfit, 6),
        C("spfb-aglo", "Aglo", BufetatRegions.Middle, FacilityOwner.NonProfit, 5),
        C("spfb-sebbelow", "Sebbelow", BufetatRegions.Oslo, FacilityOwner.NonProfit, 10),
        C("spfb-nanna-marie", "Nanna Marie", BufetatRegions.Oslo, FacilityOwner.NonProfit, 10),
        C("spfb-aline", "Aline", BufetatRegions.Oslo, FacilityOwner.Oslo, 6),
        C("spfb-frydenberg", "Frydenberg", BufetatRegions.Oslo, FacilityOwner.Oslo, 4),
    ];
}
