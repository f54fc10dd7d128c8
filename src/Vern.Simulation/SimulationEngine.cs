namespace Vern.Simulation;

/// <summary>Demand for one phase in one alternative (Vista 2016 table 6.3).</summary>
/// <param name="Effect">Sum of the relative demand effects (predictability, duty to assist, price), e.g. −0.10.</param>
/// <param name="Choked">The municipal price reached the choke ratio, so demand is zero (§ 5.2.2).</param>
public sealed record PhaseDemand(string Phase, string Name, double Need, double Effect, bool Choked, double Demand, double Residential, double HomeBased);

/// <summary>One phase's counts and costs after a step of the efficiency chain (one half of a row of Vista table 6.4).</summary>
public sealed record ChainPhase(string Phase, double Residential, double HomeBased, double ResidentialUnitCost, double HomeBasedUnitCost, double Cost, bool StateFinanced)
{
    public double Count => Residential + HomeBased;
}

/// <summary>A row of the efficiency chain: the state budget for today's volume after the steps so far (Vista table 6.4).</summary>
/// <param name="Cost">State-financed cost, kroner.</param>
/// <param name="Change">Cost minus today's cost (negative is a saving).</param>
/// <param name="FreedResidential">−Change as residential measures of the freed phase at the row's unit cost (Vista table 6.5).</param>
/// <param name="FreedHomeBased">The same as home-based measures.</param>
public sealed record ChainRow(string Step, string Name, IReadOnlyList<ChainPhase> Phases, double Cost, double Change, double FreedResidential, double FreedHomeBased);

/// <summary>The figures of one alternative (or one draw of it): demand, capacity, budget, freed measures and costs.</summary>
/// <param name="Demand">Measures a year the municipalities demand.</param>
/// <param name="CapacityGap">Demand minus capacity (Vista § 6.2.3: 0, 80, 180 measures).</param>
/// <param name="BudgetToday">State cost of today's use (Vista table 6.4 «I dag», 187.1 mill.).</param>
/// <param name="BudgetAfter">State cost of today's volume after the alternative's efficiency steps.</param>
/// <param name="Savings">BudgetToday − BudgetAfter (Vista table 6.5, first column).</param>
/// <param name="FreedResidential">Measures the savings pay for as residential measures of the freed phase (table 6.5 «døgnplasser»).</param>
/// <param name="FreedHomeBased">The same as home-based measures (table 6.5 «hjemme»).</param>
/// <param name="RemainingGap">Demand not met by capacity plus freed residential measures.</param>
/// <param name="ExtraFunding">With a duty to assist: what the remaining gap costs the state as residential measures (§ 6.3.3).</param>
/// <param name="Served">Measures delivered: all demand with a duty to assist, else at most capacity plus freed measures.</param>
/// <param name="GrossCost">Cost of the served measures.</param>
/// <param name="MunicipalCost">The municipalities' part: co-payments, and the full cost of phases the state does not finance.</param>
/// <param name="StateCost">GrossCost − MunicipalCost.</param>
public readonly record struct Outcome(
    double Demand,
    double Capacity,
    double CapacityGap,
    double BudgetToday,
    double BudgetAfter,
    double Savings,
    double FreedResidential,
    double FreedHomeBased,
    double RemainingGap,
    double ExtraFunding,
    double Served,
    double GrossCost,
    double MunicipalCost,
    double StateCost);

/// <summary>One alternative's result with the tables behind it.</summary>
public sealed record AlternativeResult(string Id, string Name, string Source, bool DutyToAssist, IReadOnlyList<PhaseDemand> Demand, IReadOnlyList<ChainRow> Chain, Outcome Outcome);

/// <summary>An extra efficiency chain's result (Vista table 6.4's last rows).</summary>
public sealed record VariantResult(string Id, string Name, IReadOnlyList<ChainRow> Chain, Outcome Outcome);

/// <summary>The deterministic result of a scenario: every alternative side by side.</summary>
public sealed record SimulationResult(string Scenario, string Title, string Currency, IReadOnlyList<string> Sources, IReadOnlyList<AlternativeResult> Alternatives, IReadOnlyList<VariantResult> Variants);

/// <summary>Computes demand, capacity gap, state and municipal cost and freed measures per alternative. Pure: the same
/// scenario and values give the same figures; nothing is rounded (the report's printed roundings are compared in tests).</summary>
/// <remarks>The formulas are Vista Analyse (2016) ch. 6 made explicit; docs/simulation.md states each one.</remarks>
public static class SimulationEngine
{
    /// <summary>Runs every alternative and variant on the central values of the scenario's assumptions.</summary>
    public static SimulationResult Run(Scenario scenario)
    {
        var values = CentralValues(scenario);
        var alternatives = scenario.Alternatives.Select(a =>
        {
            var demand = new List<PhaseDemand>();
            var chain = new List<ChainRow>();
            var outcome = Evaluate(scenario, a, a.Steps, values, demand, chain);
            return new AlternativeResult(a.Id, a.Name, a.Source, a.DutyToAssist, demand, chain, outcome);
        }).ToList();
        var variants = scenario.Variants.Select(v =>
        {
            var chain = new List<ChainRow>();
            var outcome = Evaluate(scenario, scenario.AlternativeById(v.Alternative), v.Steps, values, null, chain);
            return new VariantResult(v.Id, v.Name, chain, outcome);
        }).ToList();
        return new SimulationResult(scenario.Name, scenario.Title, scenario.Currency, scenario.Sources, alternatives, variants);
    }

    /// <summary>The value vector of a deterministic run: each quantity's central value.</summary>
    public static double[] CentralValues(Scenario scenario) => scenario.Quantities.Select(q => q.Central).ToArray();

    /// <summary>Evaluates one alternative with the efficiency <paramref name="steps"/> on the value vector
    /// <paramref name="v"/> (indexed by <see cref="Quantity.Slot"/>); fills the traces when given.</summary>
    public static Outcome Evaluate(Scenario s, Alternative a, IReadOnlyList<string> steps, double[] v, List<PhaseDemand>? demandTrace, List<ChainRow>? chainTrace) =>
        Plan.For(s, a, steps).Evaluate(v, demandTrace, chainTrace);

    /// <summary>The municipality's monthly price for a form of a phase: the co-payment, or the full cost where the state
    /// does not finance the phase (day price × days per month).</summary>
    public static double MonthlyPrice(Scenario s, Alternative a, Phase phase, Form form, double[] v) =>
        MonthlyPrice(s, a.CoPayment ?? s.CoPayment, phase, form, a.StateFinances.Contains(phase.Id), v);

    private static double MonthlyPrice(Scenario s, CoPayment rates, Phase phase, Form form, bool financed, double[] v)
    {
        var full = v[phase.Cost(form).DayPrice.Slot] * s.DaysPerMonth;
        if (!financed)
            return full;
        var rate = rates.For(form);
        var monthly = rate.PerMonth is { } pm ? v[pm.Slot] : v[rate.ShareOfCost!.Slot] * full;
        return Math.Min(monthly, full);
    }

    private static double MunicipalShare(Scenario s, CoPaymentRate rate, FormCost cost, double unitCost, bool financed, double[] v)
    {
        if (!financed)
            return unitCost;
        var share = rate.PerMonth is { } pm
            ? v[pm.Slot] * v[cost.Days.Slot] / s.DaysPerMonth
            : v[rate.ShareOfCost!.Slot] * unitCost;
        return Math.Min(share, unitCost);
    }

    /// <summary>An alternative with its references resolved to indices once (phases, steps, age groups, shares), so that
    /// a Monte Carlo run evaluates it for every draw without a look-up by name.</summary>
    internal sealed class Plan
    {
        private readonly Scenario _s;
        private readonly Alternative _a;
        private readonly Alternative _baseline;
        private readonly EfficiencyStep[] _steps;
        private readonly int[] _stepPhase;
        private readonly Quantity[][] _stepKeep;
        private readonly Quantity[] _homeShare;
        private readonly bool[] _financed;
        private readonly bool[] _baselineFinanced;
        private readonly (int Phase, Quantity Change)[] _effects;
        private readonly int _fp;

        private Plan(Scenario s, Alternative a, IReadOnlyList<string> steps)
        {
            _s = s;
            _a = a;
            _baseline = s.AlternativeById(s.Baseline);
            _steps = steps.Select(s.StepById).ToArray();
            _stepPhase = _steps.Select(step => step switch
            {
                PhaseChangeStep c => s.PhaseIndex(c.Phase),
                NoStateFinancingStep none => s.PhaseIndex(none.Phase),
                _ => -1,
            }).ToArray();
            _stepKeep = _steps.Select(step => step is AgeLimitStep age
                ? s.AgeGroups.Where(g => age.AgeGroups.Contains(g.Id)).Select(g => g.Share).ToArray()
                : []).ToArray();
            _homeShare = s.Phases.Select(p => a.HomeBasedShare[p.Id]).ToArray();
            _financed = s.Phases.Select(p => a.StateFinances.Contains(p.Id)).ToArray();
            _baselineFinanced = s.Phases.Select(p => _baseline.StateFinances.Contains(p.Id)).ToArray();
            _effects = a.DemandEffects.Select(e => (s.PhaseIndex(e.Phase), e.Change)).ToArray();
            _fp = s.PhaseIndex(s.FreedMeasuresPhase);
        }

        public static Plan For(Scenario s, Alternative a, IReadOnlyList<string> steps) => new(s, a, steps);

        public Outcome Evaluate(double[] v, List<PhaseDemand>? demandTrace, List<ChainRow>? chainTrace)
        {
            var s = _s;
            var a = _a;
            var phases = s.Phases;
            var n = phases.Count;
            var fp = _fp;

            // The efficiency chain on today's use (§ 6.3.2: each step includes the ones before it).
            // Small per-phase vectors on the stack: this runs once per draw and alternative in a Monte Carlo run.
            Span<double> res = n <= 16 ? stackalloc double[n] : new double[n];
            Span<double> home = n <= 16 ? stackalloc double[n] : new double[n];
            Span<double> unitRes = n <= 16 ? stackalloc double[n] : new double[n];
            Span<double> unitHome = n <= 16 ? stackalloc double[n] : new double[n];
            Span<bool> financed = n <= 16 ? stackalloc bool[n] : new bool[n];
            for (var i = 0; i < n; i++)
            {
                var p = phases[i];
                res[i] = v[p.CurrentUse.Slot];
                home[i] = 0;
                unitRes[i] = v[p.Residential.Days.Slot] * v[p.Residential.DayPrice.Slot];
                unitHome[i] = v[p.HomeBased.Days.Slot] * v[p.HomeBased.DayPrice.Slot];
                financed[i] = true;
            }
            var budgetToday = ChainCost(res, home, unitRes, unitHome, financed);
            chainTrace?.Add(Row("today", "I dag", phases, res, home, unitRes, unitHome, financed, 0, fp));
            for (var k = 0; k < _steps.Length; k++)
            {
                var step = _steps[k];
                switch (step)
                {
                    case AgeLimitStep:
                        var keep = 0d;
                        foreach (var share in _stepKeep[k])
                            keep += v[share.Slot];
                        Scale(res, home, keep);
                        break;
                    case TargetShareStep target:
                        Scale(res, home, v[target.Share.Slot]);
                        break;
                    case PhaseChangeStep change:
                        res[_stepPhase[k]] *= 1 + v[change.Change.Slot];
                        home[_stepPhase[k]] *= 1 + v[change.Change.Slot];
                        break;
                    case FlexibleOfferStep:
                        for (var i = 0; i < n; i++)
                        {
                            var total = res[i] + home[i];
                            home[i] = total * v[_homeShare[i].Slot];
                            res[i] = total - home[i];
                        }
                        break;
                    case NoStateFinancingStep:
                        financed[_stepPhase[k]] = false;
                        break;
                    case DayPriceStep price:
                        for (var i = 0; i < n; i++)
                        {
                            if (price.Form == Form.Residential)
                                unitRes[i] = v[phases[i].Residential.Days.Slot] * v[price.DayPrice.Slot];
                            else
                                unitHome[i] = v[phases[i].HomeBased.Days.Slot] * v[price.DayPrice.Slot];
                        }
                        break;
                    default:
                        throw new NotImplementedException($"Efficiency step {step.GetType().Name} has not been implemented.");
                }
                if (chainTrace is not null)
                {
                    var cost = ChainCost(res, home, unitRes, unitHome, financed);
                    chainTrace.Add(Row(step.Id, step.Name, phases, res, home, unitRes, unitHome, financed, cost - budgetToday, fp));
                }
            }
            var budgetAfter = ChainCost(res, home, unitRes, unitHome, financed);
            var savings = budgetToday - budgetAfter;
            var freedRes = unitRes[fp] > 0 ? savings / unitRes[fp] : 0;
            var freedHome = unitHome[fp] > 0 ? savings / unitHome[fp] : 0;

            // Demand (§ 6.2.2, table 6.3): need × (1 + the alternative's effects); relative effects add up.
            Span<double> demandRes = n <= 16 ? stackalloc double[n] : new double[n];
            Span<double> demandHome = n <= 16 ? stackalloc double[n] : new double[n];
            var rates = a.CoPayment ?? s.CoPayment;
            var baselineRates = _baseline.CoPayment ?? s.CoPayment;
            var demand = 0d;
            for (var i = 0; i < n; i++)
            {
                var phase = phases[i];
                var effect = a.DutyToAssist ? v[s.DutyToAssistEffect.Slot] : 0;
                foreach (var (p, change) in _effects)
                {
                    if (p == i)
                        effect += v[change.Slot];
                }
                var before = MonthlyPrice(s, baselineRates, phase, Form.Residential, _baselineFinanced[i], v);
                var after = MonthlyPrice(s, rates, phase, Form.Residential, _financed[i], v);
                var ratio = before > 0 ? after / before : 1;
                var choked = phase.ChokePriceRatio is { } choke && ratio >= v[choke.Slot];
                effect += v[phase.PriceElasticity.Slot] * (ratio - 1);
                var d = choked ? 0 : v[phase.Need.Slot] * Math.Max(0, 1 + effect);
                demandHome[i] = d * v[_homeShare[i].Slot];
                demandRes[i] = d - demandHome[i];
                demand += d;
                demandTrace?.Add(new PhaseDemand(phase.Id, phase.Name, v[phase.Need.Slot], choked ? -1 : effect, choked, d, demandRes[i], demandHome[i]));
            }

            // Capacity, freed measures and cost (§ 6.2.3, § 6.3.3).
            var capacity = v[s.Capacity.Slot];
            var freedUsable = Math.Max(0, freedRes);
            var remainingGap = Math.Max(0, demand - capacity - freedUsable);
            var extraFunding = a.DutyToAssist ? remainingGap * unitRes[fp] : 0;
            var served = a.DutyToAssist ? demand : Math.Min(demand, capacity + freedUsable);
            var fraction = demand > 0 ? served / demand : 0;
            var gross = 0d;
            var municipal = 0d;
            for (var i = 0; i < n; i++)
            {
                var phase = phases[i];
                gross += fraction * (demandRes[i] * unitRes[i] + demandHome[i] * unitHome[i]);
                municipal += fraction * (demandRes[i] * MunicipalShare(s, rates.Residential, phase.Residential, unitRes[i], _financed[i], v)
                                       + demandHome[i] * MunicipalShare(s, rates.HomeBased, phase.HomeBased, unitHome[i], _financed[i], v));
            }
            return new Outcome(demand, capacity, demand - capacity, budgetToday, budgetAfter, savings, freedRes, freedHome,
                remainingGap, extraFunding, served, gross, municipal, gross - municipal);
        }
    }

    private static void Scale(Span<double> res, Span<double> home, double factor)
    {
        for (var i = 0; i < res.Length; i++)
        {
            res[i] *= factor;
            home[i] *= factor;
        }
    }

    private static double ChainCost(ReadOnlySpan<double> res, ReadOnlySpan<double> home, ReadOnlySpan<double> unitRes, ReadOnlySpan<double> unitHome, ReadOnlySpan<bool> financed)
    {
        var cost = 0d;
        for (var i = 0; i < res.Length; i++)
        {
            if (financed[i])
                cost += res[i] * unitRes[i] + home[i] * unitHome[i];
        }
        return cost;
    }

    private static ChainRow Row(string id, string name, IReadOnlyList<Phase> phases, ReadOnlySpan<double> res, ReadOnlySpan<double> home, ReadOnlySpan<double> unitRes, ReadOnlySpan<double> unitHome, ReadOnlySpan<bool> financed, double change, int fp)
    {
        var rows = new List<ChainPhase>(phases.Count);
        var total = 0d;
        for (var i = 0; i < phases.Count; i++)
        {
            var cost = financed[i] ? res[i] * unitRes[i] + home[i] * unitHome[i] : 0;
            total += cost;
            rows.Add(new ChainPhase(phases[i].Id, res[i], home[i], unitRes[i], unitHome[i], cost, financed[i]));
        }
        return new ChainRow(id, name, rows, total, change,
            unitRes[fp] > 0 ? -change / unitRes[fp] : 0, unitHome[fp] > 0 ? -change / unitHome[fp] : 0);
    }
}
