namespace Vern.Domain.Finance;

/// <summary>A KOSTRA function (funksjon) for child welfare in the municipal accounts, as specified in seed 002 appendix D
/// table 0-1 (source there: Kommunal- og moderniseringsdepartementet, 2021).</summary>
public enum KostraFunction
{
    /// <summary>244 Barnevernstjeneste: running the service, casework, duty, expert/lawyer help, interpreters.</summary>
    ChildWelfareService = 244,

    /// <summary>251 Barneverntiltak når barnet ikke er plassert av barnevernet: in-home measures, places in centres for
    /// parents and children, measure positions.</summary>
    NotPlacedByChildWelfare = 251,

    /// <summary>252 Barneverntiltak når barnet er plassert av barnevernet: foster homes, emergency placements,
    /// institutions, supported housing; in-home measures in addition to a placement; foster-home supervisors.</summary>
    PlacedByChildWelfare = 252,
}

/// <summary>A KOSTRA type of expense (art), five digits as in seed 001 ("art 13000 og 13700"). Hovedpost 0 is pay,
/// hovedpost 2 purchases that go into the municipality's own production, hovedpost 3 purchases that replace it.</summary>
public enum KostraArt
{
    /// <summary>10100 Lønn (pay to the municipality's own staff), hovedpost 0.</summary>
    Pay = 10100,

    /// <summary>12700 Konsulenttjenester (consultants, experts, lawyers), hovedpost 2.</summary>
    Consultants = 12700,

    /// <summary>13000 Kjøp fra staten (e.g. co-payments to Bufetat), hovedpost 3.</summary>
    PurchaseFromState = 13000,

    /// <summary>13500 Kjøp fra kommuner, hovedpost 3.</summary>
    PurchaseFromMunicipalities = 13500,

    /// <summary>13700 Kjøp fra andre (private providers), hovedpost 3.</summary>
    PurchaseFromPrivate = 13700,
}

/// <summary>What an expense is for, in the words of seed 002 appendix D table 0-1.</summary>
public enum ExpenseKind
{
    /// <summary>Drift av barnevernstjenesten, saksbehandling (244).</summary>
    Casework,
    /// <summary>Barnevernsberedskap/barnevernsvakt (244).</summary>
    Duty,
    /// <summary>Sakkyndig bistand/advokat til utredning og saksbehandling (244).</summary>
    ExpertOrLawyer,
    /// <summary>Tolk (244).</summary>
    Interpreter,
    /// <summary>Hjelpetiltak for barn og familier (251; 252 when in addition to a placement).</summary>
    InHomeMeasure,
    /// <summary>Plass i senter for foreldre og barn (251).</summary>
    ParentChildCentre,
    /// <summary>Tiltaksstilling i barnevernstjenesten (251).</summary>
    MeasurePosition,
    /// <summary>Fosterhjem (252).</summary>
    FosterHome,
    /// <summary>Akuttplassering, beredskapshjem (252).</summary>
    EmergencyPlacement,
    /// <summary>Institusjon (252).</summary>
    Institution,
    /// <summary>Bolig med oppfølging, bofellesskap (252).</summary>
    SupportedHousing,
    /// <summary>Tilsynsfører i fosterhjem (252).</summary>
    FosterHomeSupervisor,
}

/// <summary>Who was paid.</summary>
public enum Supplier
{
    /// <summary>The municipality's own staff (pay).</summary>
    Own,
    /// <summary>The state (Bufetat).</summary>
    State,
    /// <summary>Another municipality.</summary>
    Municipality,
    /// <summary>A private provider.</summary>
    Private,
    /// <summary>A consultant, expert or lawyer.</summary>
    Consultant,
}

/// <summary>An expense posted to a KOSTRA function and art.</summary>
public sealed record KostraPosting(KostraFunction Function, KostraArt Art);

/// <summary>Posts an expense to KOSTRA function 244, 251 or 252 by seed 002 appendix D table 0-1, and to an art by who
/// was paid (seed 001: purchases on art 13000/13700, consultants on 12700).</summary>
public static class KostraPostingRules
{
    /// <summary>The function for an expense of <paramref name="kind"/>; <paramref name="childPlaced"/> matters only for
    /// in-home measures (appendix D: «Utgifter til hjelpetiltak iverksatt i tillegg til plassering» are 252).</summary>
    public static KostraFunction Function(ExpenseKind kind, bool childPlaced) => kind switch
    {
        ExpenseKind.Casework or ExpenseKind.Duty or ExpenseKind.ExpertOrLawyer or ExpenseKind.Interpreter => KostraFunction.ChildWelfareService,
        ExpenseKind.InHomeMeasure => childPlaced ? KostraFunction.PlacedByChildWelfare : KostraFunction.NotPlacedByChildWelfare,
        ExpenseKind.ParentChildCentre or ExpenseKind.MeasurePosition => KostraFunction.NotPlacedByChildWelfare,
        ExpenseKind.FosterHome or ExpenseKind.EmergencyPlacement or ExpenseKind.Institution or ExpenseKind.SupportedHousing
            or ExpenseKind.FosterHomeSupervisor => KostraFunction.PlacedByChildWelfare,
        _ => throw new NotImplementedException($"Utgiftstypen {kind} har ingen KOSTRA-funksjon ennå."),
    };

    /// <summary>The art for a payment to <paramref name="supplier"/>.</summary>
    public static KostraArt Art(Supplier supplier) => supplier switch
    {
        Supplier.Own => KostraArt.Pay,
        Supplier.State => KostraArt.PurchaseFromState,
        Supplier.Municipality => KostraArt.PurchaseFromMunicipalities,
        Supplier.Private => KostraArt.PurchaseFromPrivate,
        Supplier.Consultant => KostraArt.Consultants,
        _ => throw new NotImplementedException($"Leverandørtypen {supplier} har ingen KOSTRA-art ennå."),
    };

    public static KostraPosting Post(ExpenseKind kind, Supplier supplier, bool childPlaced) => new(Function(kind, childPlaced), Art(supplier));

    /// <summary>The expense kind of a co-payment for a state measure (paid to the state: art 13000).</summary>
    public static ExpenseKind KindOf(string copayMeasure) => copayMeasure switch
    {
        CopayMeasures.Institution or CopayMeasures.InstitutionUam => ExpenseKind.Institution,
        CopayMeasures.EmergencyFosterHome => ExpenseKind.EmergencyPlacement,
        CopayMeasures.SpecialisedFosterHome => ExpenseKind.FosterHome,
        CopayMeasures.ParentChildCentreResidential or CopayMeasures.ParentChildCentreHome => ExpenseKind.ParentChildCentre,
        CopayMeasures.Mst or CopayMeasures.Fft => ExpenseKind.InHomeMeasure,
        _ => throw new ArgumentException($"Ukjent tiltakskode «{copayMeasure}».", nameof(copayMeasure)),
    };
}
