namespace Vern.Simulation;

/// <summary>A policy scenario: the assumptions behind a demand, capacity and cost comparison of alternative
/// systems for state assessment and guidance (statlig utredning og veiledning i sentre for foreldre og barn).</summary>
/// <remarks>The model is the one of Vista Analyse (2016) «Klokere vern av de aller minste», ch. 5–6: a need per
/// phase, demand effects per alternative (price, predictability, duty to assist), a home-based share per phase,
/// and a chain of efficiency steps applied to today's use (table 6.4). docs/simulation.md gives every formula.</remarks>
public sealed record Scenario(
    string Name,
    string Title,
    string Currency,
    IReadOnlyList<string> Sources,
    double DaysPerMonth,
    string Baseline,
    string FreedMeasuresPhase,
    Quantity DutyToAssistEffect,
    Quantity Capacity,
    IReadOnlyList<AgeGroup> AgeGroups,
    IReadOnlyList<Phase> Phases,
    CoPayment CoPayment,
    IReadOnlyList<EfficiencyStep> Steps,
    IReadOnlyList<Alternative> Alternatives,
    IReadOnlyList<Variant> Variants,
    IReadOnlyList<Quantity> Quantities)
{
    // Look-ups built once: the Monte Carlo loop calls them for every draw.
    private Dictionary<string, int>? _phaseIndex;
    private Dictionary<string, Alternative>? _alternatives;
    private Dictionary<string, EfficiencyStep>? _steps;

    public Phase PhaseById(string id) => Phases[PhaseIndex(id)];

    public int PhaseIndex(string id) =>
        (_phaseIndex ??= Phases.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal))[id];

    public Alternative AlternativeById(string id) =>
        (_alternatives ??= Alternatives.ToDictionary(a => a.Id, StringComparer.Ordinal))[id];

    public EfficiencyStep StepById(string id) => (_steps ??= Steps.ToDictionary(s => s.Id, StringComparer.Ordinal))[id];
}

/// <summary>A share of the centres' use by the child's age (aldersfordeling, Vista 2016 table 6.1).</summary>
public sealed record AgeGroup(string Id, Quantity Share);

/// <summary>The two forms a measure can take: a residential stay at the centre (døgnopphold) or home-based work (hjemmebasert).</summary>
public enum Form
{
    Residential,
    HomeBased,
}

/// <summary>Duration and price of one form of a phase.</summary>
public sealed record FormCost(Quantity Days, Quantity DayPrice);

/// <summary>A phase of the stay: assessment (utredning) or guidance (veiledning), with its need, today's use, costs and price response.</summary>
/// <param name="Need">Measures a year the municipalities need (behov), Vista table 6.1.</param>
/// <param name="CurrentUse">Measures a year used today (dagens bruk), the start of the efficiency chain (table 6.4 «I dag»).</param>
/// <param name="PriceElasticity">Per cent change in demand per per cent change in the municipal price (priselastisitet, § 5.2.1).</param>
/// <param name="ChokePriceRatio">Demand falls to zero when the municipal monthly price reaches this multiple of the baseline's (§ 5.2.2); null for none.</param>
public sealed record Phase(
    string Id,
    string Name,
    Quantity Need,
    Quantity CurrentUse,
    FormCost Residential,
    FormCost HomeBased,
    Quantity PriceElasticity,
    Quantity? ChokePriceRatio)
{
    public FormCost Cost(Form form) => form == Form.Residential ? Residential : HomeBased;
}

/// <summary>The municipal co-payment (kommunal egenandel) per form: a monthly rate or a share of the cost.</summary>
public sealed record CoPayment(CoPaymentRate Residential, CoPaymentRate HomeBased)
{
    public CoPaymentRate For(Form form) => form == Form.Residential ? Residential : HomeBased;
}

/// <summary>One co-payment rate: exactly one of <see cref="PerMonth"/> (kroner a month) and <see cref="ShareOfCost"/> (0–1).</summary>
public sealed record CoPaymentRate(Quantity? PerMonth, Quantity? ShareOfCost);

/// <summary>One alternative system (alternativ), Vista 2016 tables 4.1, 6.2 and 6.3.</summary>
/// <param name="DutyToAssist">Statlig bistandsplikt: the state must meet the demand, so the budget frame does not bind.</param>
/// <param name="HomeBasedShare">Share of each phase given home-based, by phase id.</param>
/// <param name="StateFinances">Phases the state co-finances; the municipality pays the full cost of the others.</param>
/// <param name="Steps">Efficiency steps applied, in order, to today's use (Vista § 6.3.2).</param>
public sealed record Alternative(
    string Id,
    string Name,
    string Source,
    bool DutyToAssist,
    IReadOnlyDictionary<string, Quantity> HomeBasedShare,
    IReadOnlySet<string> StateFinances,
    CoPayment? CoPayment,
    IReadOnlyList<DemandEffect> DemandEffects,
    IReadOnlyList<string> Steps);

/// <summary>A change in demand for one phase caused by a feature of an alternative (e.g. −10 % from less predictability).</summary>
public sealed record DemandEffect(string Phase, Quantity Change, string Reason);

/// <summary>An extra chain of efficiency steps reported beside the alternatives (Vista table 6.4, last two rows).</summary>
public sealed record Variant(string Id, string Name, string Alternative, IReadOnlyList<string> Steps);

/// <summary>One step of the efficiency chain (kilder til innsparing, Vista § 6.3.2); a closed hierarchy.</summary>
public abstract record EfficiencyStep(string Id, string Name);

/// <summary>Keep only the age groups named (målgruppen avgrenses): every count is multiplied by their summed share.</summary>
public sealed record AgeLimitStep(string Id, string Name, IReadOnlyList<string> AgeGroups) : EfficiencyStep(Id, Name);

/// <summary>Keep a share of every count (e.g. 1.0 for «stor usikkerhet», which the report finds changes nothing).</summary>
public sealed record TargetShareStep(string Id, string Name, Quantity Share) : EfficiencyStep(Id, Name);

/// <summary>Change one phase's count by a fraction (e.g. −10 % guidance after a real assessment of the need).</summary>
public sealed record PhaseChangeStep(string Id, string Name, string Phase, Quantity Change) : EfficiencyStep(Id, Name);

/// <summary>Split each phase into residential and home-based by the alternative's home-based shares.</summary>
public sealed record FlexibleOfferStep(string Id, string Name) : EfficiencyStep(Id, Name);

/// <summary>The state stops financing a phase: its cost leaves the state budget.</summary>
public sealed record NoStateFinancingStep(string Id, string Name, string Phase) : EfficiencyStep(Id, Name);

/// <summary>A new day price for one form in every phase (e.g. state centres at the price of the non-profit ones).</summary>
public sealed record DayPriceStep(string Id, string Name, Form Form, Quantity DayPrice) : EfficiencyStep(Id, Name);
