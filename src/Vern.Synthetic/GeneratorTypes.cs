namespace Vern.Synthetic;

/// <summary>A synthetic municipality (kommune): the tenant its cases belong to and the population the
/// generator draws children from.</summary>
/// <param name="Number">Kommunenummer, 4 digits. Synthetic municipalities use numbers in the 7000 range, which
/// no real Norwegian municipality has (real numbers start with a county number: 03, 11, 15, 18, 31–34, 39–56).</param>
/// <param name="Name">A made-up name.</param>
/// <param name="Population">Inhabitants.</param>
/// <param name="Children">Inhabitants aged 0–17: the children reports of concern are about.</param>
/// <param name="YoungAdults">Inhabitants aged 18–22: the young adults who may get aftercare (ettervern).</param>
public sealed record Municipality(string Number, string Name, int Population, int Children, int YoungAdults);

/// <summary>Options for <see cref="DemoGenerator.GenerateAsync"/>: one municipality of about 20,000 inhabitants.</summary>
/// <param name="To">The last day of the period and the generator's "today": no fact is dated after it.</param>
/// <param name="Years">Length of the period ending on <paramref name="To"/>.</param>
/// <param name="Seed">Same seed + same options ⇒ identical cases, ids, dates and codes.</param>
/// <param name="Scale">Inhabitants as a multiple of Vernvik's 20,000 (default 1); a larger service for speed measurements
/// (<c>bench/web.sh</c>: 40 gives about 20,000 cases in 3 years).</param>
public sealed record DemoOptions(DateOnly To, int Years = 3, int Seed = 42, int Scale = 1);

/// <summary>Options for <see cref="NationalGenerator.GenerateAsync"/>: many municipalities with realistic sizes.</summary>
/// <param name="To">The last day of the period and the generator's "today": no fact is dated after it.</param>
/// <param name="Years">Length of the period ending on <paramref name="To"/>. The period must start on or after
/// <see cref="SyntheticRates.EarliestStart"/> (the code lists have no decision status before then). About 45,000
/// children are first reported a year nationally, so 500,000 cases need 12 years, e.g. <c>To</c> 2033-12-31.</param>
/// <param name="Municipalities">How many municipalities (Norway had 356 from 2020 to 2023).</param>
/// <param name="Seed">Same seed + same options ⇒ identical cases (each municipality has its own seeded random source).</param>
/// <param name="BatchSize">Cases per database transaction.</param>
/// <param name="Parallelism">Municipalities generated at the same time (default: processor count).</param>
public sealed record NationalOptions(
    DateOnly To,
    int Years = 4,
    int Municipalities = 356,
    int Seed = 42,
    int BatchSize = 2000,
    int? Parallelism = null);

/// <summary>How far a generation has come, for a progress bar.</summary>
/// <param name="Fraction">Share of the work done, 0 to 1.</param>
public sealed record GenerationProgress(double Fraction, int MunicipalitiesDone, int MunicipalitiesTotal, long CasesWritten, long EventsWritten);

/// <summary>What a generator made: counts taken from the generated case states, plus the seed and period.</summary>
/// <param name="From">First day of the period (inclusive).</param>
/// <param name="To">Last day of the period (inclusive); also the "today" the data was generated against.</param>
/// <param name="Cases">Cases (one per child ever reported, plus aftercare-only cases).</param>
/// <param name="ReportsReviewedLate">Reports reviewed more than 7 days after receipt, or still unreviewed more than
/// 7 days after receipt on <paramref name="To"/> (barnevernsloven § 2-1: review within one week).</param>
/// <param name="InvestigationsExtended">Investigations with a granted extension to six months.</param>
/// <param name="InvestigationsOverdue">Concluded after their deadline, or still open past it on <paramref name="To"/>; the
/// deadline is Vern.Domain.Law.InvestigationDeadline (3 months, 6 with a granted extension, counted from the end of the
/// report's review week), the same definition the deadline engine uses.</param>
/// <param name="InvestigationsToMeasures">Concluded investigations whose outcome was a decision on measures or a
/// petition to the county board (Undersokelse/Konklusjon 1 or 2).</param>
/// <param name="SupportMeasures">Hjelpetiltak in the home (categories 3–8 outside placements).</param>
/// <param name="PlacementMeasures">Placements outside the home (foster home 2.x or institution 1.x) of any legal basis.</param>
/// <param name="CareOrders">Care-order decisions (omsorgsovertakelse) approved by the county board.</param>
/// <param name="EmergencyDecisions">Emergency decisions (akuttvedtak).</param>
/// <param name="Visits">Follow-up and supervision visits made.</param>
/// <param name="Aftercare">Aftercare offers (ettervern).</param>
public sealed record GenerationSummary(
    int Seed,
    DateOnly From,
    DateOnly To,
    int Municipalities,
    long Population,
    long Children,
    long Cases,
    long OpenCases,
    long Reports,
    long ReportsReviewedLate,
    long Investigations,
    long InvestigationsOpen,
    long InvestigationsConcluded,
    long InvestigationsExtended,
    long InvestigationsOverdue,
    long InvestigationsToMeasures,
    long Decisions,
    long Measures,
    long SupportMeasures,
    long PlacementMeasures,
    long CareOrders,
    long EmergencyDecisions,
    long Plans,
    long PlanEvaluations,
    long Visits,
    long Aftercare,
    long Moves,
    long Caseworkers,
    long Events,
    TimeSpan Elapsed)
{
    /// <summary>Reports of concern per 100 children (0–17) per year of the period.</summary>
    public double ReportsPer100ChildrenPerYear =>
        Children == 0 ? 0 : Reports * 100.0 / Children / ((To.DayNumber - From.DayNumber + 1) / 365.25);

    /// <summary>Share of reports that led to an investigation.</summary>
    public double ShareInvestigated => Reports == 0 ? 0 : (double)Investigations / Reports;

    /// <summary>Share of concluded investigations that led to measures (decision or county-board petition).</summary>
    public double ShareInvestigationsToMeasures => InvestigationsConcluded == 0 ? 0 : (double)InvestigationsToMeasures / InvestigationsConcluded;
}
