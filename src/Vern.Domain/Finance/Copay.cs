using System.Globalization;
using Vern.Domain.Validation;

namespace Vern.Domain.Finance;

/// <summary>A stay (opphold) in a state measure to bill: the municipality's co-payment is owed for each day of it.</summary>
/// <param name="Measure">Measure code (<see cref="CopayMeasures"/>).</param>
/// <param name="From">First day billed (inclusive).</param>
/// <param name="To">Last day billed (inclusive).</param>
/// <param name="PlacedOn">When the child was placed in the measure (defaults to <paramref name="From"/>); decides the
/// transitional rule for emergency and specialised foster homes placed before 2022.</param>
/// <param name="SettledOn">For <c>institution-uam</c>: the day the unaccompanied minor was settled (bosatt) in a
/// municipality; from that day the ordinary institution rate applies.</param>
/// <param name="Parents">For <c>parent-child-centre-residential</c>: the parents (foresatte) staying, 1 or 2.</param>
/// <param name="Children">For <c>parent-child-centre-residential</c>: the children staying, 1 or more.</param>
public sealed record CopayStay(string Measure, DateOnly From, DateOnly To, DateOnly? PlacedOn = null, DateOnly? SettledOn = null, int Parents = 1, int Children = 1)
{
    /// <summary>The family-size factor of a stay in a centre for parents and children: one parent and one child pay one rate,
    /// two parents and one child one and a half, and each further child half a rate. Source: BFD, «Satser for kommunal
    /// egenbetaling for barnevernstiltak – 2022» (regjeringen.no id2902438): «Satsene over gjelder per barn, men for senter for
    /// foreldre og barn gjelder følgende: Ved plassering av én foresatt og ett barn betaler kommunen én sats. Ved plassering av
    /// to foresatte og ett barn betaler kommunen en og en halv sats. For hvert øvrige barn betaler kommunen halv sats.» – the
    /// same rule as `000_…` 4.1.4 («jf. forskrift om egenbetaling § 4», per 2016). The 2022 text names centres without
    /// limiting the rule to the residential rate, so Vern applies it to both centre rates (døgn and hjemmebasert). Vern applies
    /// it to every year it has rates for; the 2023 rundskriv's own text was not found. 1 for every other measure.</summary>
    public decimal FamilyFactor => CopayMeasures.FamilyRated(Measure) ? 1m + 0.5m * (Parents - 1) + 0.5m * (Children - 1) : 1m;
}

/// <summary>Which rate a line uses.</summary>
public enum CopayRateKind
{
    /// <summary>The measure's rate for the year.</summary>
    Ordinary,
    /// <summary>The old terms kept for emergency/specialised foster-home placements made before 2022.</summary>
    PreReformPlacement,
    /// <summary>The ordinary institution rate for an unaccompanied minor who has been settled (bosatt).</summary>
    SettledMinor,
}

/// <summary>One line behind a co-payment: a part of one calendar month at one rate.</summary>
/// <param name="Days">Days of the stay in the month, inclusive.</param>
/// <param name="DaysInMonth">Days in the calendar month; the amount is <c>MonthlyRate × Days / DaysInMonth</c>, rounded to øre.</param>
/// <param name="FamilyFactor">Rates owed for the family (1; 1.5 for two parents and a child in a centre, + 0.5 per further
/// child): the amount is <c>MonthlyRate × FamilyFactor × Days / DaysInMonth</c>.</param>
public sealed record CopayLine(DateOnly From, DateOnly To, string Measure, CopayRateKind RateKind, decimal MonthlyRate, int Days, int DaysInMonth, decimal Amount, string Source,
    decimal FamilyFactor = 1m);

/// <summary>What the municipality owes for a stay: the sum of its lines, in NOK.</summary>
public sealed record CopayResult(CopayStay Stay, decimal Total, IReadOnlyList<CopayLine> Lines);

/// <summary>Computes the municipal co-payment (kommunal egenbetaling) for a stay in a state measure, month by month.</summary>
/// <remarks>
/// Rules, each with its source:
/// <list type="bullet">
/// <item>Rate: the nominal monthly rate of the billed month's year (<see cref="CopayRates"/>); a year without a table is
/// refused, naming the year and the field.</item>
/// <item>Part months, pro rata by days: a month partly in the stay costs <c>rate × days / days in the month</c>, rounded to
/// øre per line. Example: 10–31 March 2023 in an institution = 175 000 × 22 / 31 = 124 193.55. The rates are «sats per
/// måned» (rundskriv 2022; table 5-2); NOT VERIFIED: Vern did not find the rundskriv's text on part months, and counts
/// calendar days (both ends inclusive) against the calendar month.</item>
/// <item>Transitional rule: emergency and specialised foster-home placements made before 1 January 2022 keep the old
/// terms: 37 100 kr in 2022 (rundskriv 2022, note **), 38 100 kr in 2023 (table 5-2, note ***).</item>
/// <item>Unaccompanied minors: the reduced institution rate applies until the child is settled (bosatt); from the day of
/// settlement the ordinary institution rate («Kommunene skal betale ordinær egenandel for opphold i
/// barnevernsinstitusjon for bosatte enslige mindreårige flyktninger», table 5-2 note *).</item>
/// </list>
/// </remarks>
public static class CopayCalculator
{
    /// <summary>The co-payment for <paramref name="stay"/>; refuses bad input with a <see cref="DomainRuleException"/>
    /// naming the field (nothing is computed in part).</summary>
    public static CopayResult Compute(CopayStay stay, CopayRateBook? rates = null)
    {
        var issues = Validate(stay, "", rates);
        if (issues.Count > 0) throw new DomainRuleException(issues);
        var lines = new List<CopayLine>();
        AddLines(stay, lines, rates);
        return new CopayResult(stay, lines.Sum(l => l.Amount), lines);
    }

    /// <summary>The rules a stay breaks (empty when it can be billed). Field names are the command's option names.</summary>
    public static IReadOnlyList<ValidationIssue> Validate(CopayStay stay, string pathPrefix = "", CopayRateBook? rates = null)
    {
        rates ??= CopayRates.Shipped;
        var issues = new List<ValidationIssue>();
        void Add(string code, string field, string message) =>
            issues.Add(new ValidationIssue(code, Severity.Error, pathPrefix + field, pathPrefix + message, "Vern: kommunal egenbetaling (docs/finance.md)"));
        var measure = CopayMeasures.Find(stay.Measure);
        if (measure is null)
            Add("vern.copay.measure", "measure", $"measure: ukjent tiltakskode «{stay.Measure}»; gyldige er {string.Join(", ", CopayMeasures.All.Select(m => m.Code))}.");
        if (stay.To < stay.From)
            Add("vern.copay.period", "to", $"to: oppholdet slutter ({Iso(stay.To)}) før det begynner ({Iso(stay.From)}).");
        if (stay.PlacedOn is { } placed && placed > stay.From)
            Add("vern.copay.placed-on", "placed-on", $"placed-on: plasseringsdatoen ({Iso(placed)}) er etter første fakturerte dag ({Iso(stay.From)}).");
        if ((stay.Parents != 1 || stay.Children != 1) && !CopayMeasures.FamilyRated(stay.Measure))
            Add("vern.copay.family", "parents", $"parents/children: familiestørrelsen endrer bare satsen for senter for foreldre og barn ({CopayMeasures.ParentChildCentreResidential}, {CopayMeasures.ParentChildCentreHome}; rundskriv 2022), ikke «{stay.Measure}».");
        if (stay.Parents is < 1 or > 2)
            Add("vern.copay.parents", "parents", $"parents: {stay.Parents} foresatte; regelen (`000_…` 4.1.4) gjelder én eller to foresatte.");
        if (stay.Children < 1)
            Add("vern.copay.children", "children", $"children: {stay.Children} barn; minst ett barn er med på oppholdet.");
        if (stay.SettledOn is not null && stay.Measure != CopayMeasures.InstitutionUam)
            Add("vern.copay.settled-on", "settled-on", $"settled-on: bosettingsdato gjelder bare {CopayMeasures.InstitutionUam}, ikke «{stay.Measure}».");
        for (var year = stay.From.Year; year <= stay.To.Year; year++)
            if (rates.For(year) is null)
                Add("vern.copay.rate-year", year == stay.From.Year ? "from" : "to",
                    $"{(year == stay.From.Year ? "from" : "to")}: Vern har ingen satstabell for {year} (har {string.Join(", ", rates.Tables.Select(t => t.Year))}); legg til årets satser.");
        return issues;
    }

    /// <summary>Appends the stay's lines (one per month and rate) to <paramref name="lines"/>; the stay must be valid.</summary>
    public static void AddLines(CopayStay stay, List<CopayLine> lines, CopayRateBook? rates = null)
    {
        rates ??= CopayRates.Shipped;
        var placedOn = stay.PlacedOn ?? stay.From;
        for (var monthStart = new DateOnly(stay.From.Year, stay.From.Month, 1); monthStart <= stay.To; monthStart = monthStart.AddMonths(1))
        {
            var daysInMonth = DateTime.DaysInMonth(monthStart.Year, monthStart.Month);
            var monthEnd = monthStart.AddDays(daysInMonth - 1);
            var from = stay.From > monthStart ? stay.From : monthStart;
            var to = stay.To < monthEnd ? stay.To : monthEnd;
            var table = rates.For(monthStart.Year)!;
            if (stay.Measure == CopayMeasures.InstitutionUam && stay.SettledOn is { } settled && settled <= to)
            {
                if (settled > from)
                    lines.Add(Line(stay.Measure, from, settled.AddDays(-1), CopayRateKind.Ordinary, table.MonthlyNok[CopayMeasures.InstitutionUam], daysInMonth, table.Source));
                lines.Add(Line(stay.Measure, settled > from ? settled : from, to, CopayRateKind.SettledMinor, table.MonthlyNok[CopayMeasures.Institution], daysInMonth, table.Source));
            }
            else if (CopayMeasures.KeepsPreReformTerms(stay.Measure) && placedOn < CopayRates.ReformDate && table.PreReformFosterHomeMonthlyNok is { } old)
                lines.Add(Line(stay.Measure, from, to, CopayRateKind.PreReformPlacement, old, daysInMonth, table.Source));
            else if (stay.FamilyFactor != 1m)
                lines.Add(Line(stay.Measure, from, to, CopayRateKind.Ordinary, table.MonthlyNok[stay.Measure], daysInMonth,
                    table.Source + "; familiestørrelse: rundskriv 2022 (regjeringen.no id2902438), `000_…` 4.1.4", stay.FamilyFactor));
            else
                lines.Add(Line(stay.Measure, from, to, CopayRateKind.Ordinary, table.MonthlyNok[stay.Measure], daysInMonth, table.Source));
        }
    }

    private static CopayLine Line(string measure, DateOnly from, DateOnly to, CopayRateKind kind, decimal rate, int daysInMonth, string source, decimal factor = 1m)
    {
        var days = to.DayNumber - from.DayNumber + 1;
        var amount = days == daysInMonth ? rate * factor : Math.Round(rate * factor * days / daysInMonth, 2, MidpointRounding.AwayFromZero);
        return new CopayLine(from, to, measure, kind, rate, days, daysInMonth, amount, source, factor);
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
