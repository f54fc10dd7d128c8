namespace Vern.Synthetic;

/// <summary>The rates the generators draw from, each with the figure in the seed reports it rests on
/// (<c>shared/seeds/</c>: 000 = Vista Analyse on sentre for foreldre og barn, Tabell 2.4 "Hovedtall for aktiviteten
/// i barnevernet 2015" from SSB; 002 = Menon-publikasjon 165/2023 "Evaluering av barnevernsreformen";
/// 004 = the Sandnes report (forvaltningsrevisjon of Sandnes barnevern, figures for 2013)). Where no seed gives a
/// figure the value is a stated assumption.</summary>
public static class SyntheticRates
{
    /// <summary>The earliest first day of a generated period: several code lists the generator draws from
    /// (Vedtak/Status, Flytting, Ettervern/Konklusjon in Kodelister.md) start on 2022-01-01, and the generator picks
    /// codes valid on each fact's own date. (The decider itself accepts a list's first codes for older facts, so
    /// migrated 1992-Act histories can be recorded; generating them is not implemented.)</summary>
    public static readonly DateOnly EarliestStart = new(2022, 1, 1);

    /// <summary>Reports of concern per child (0–17) per year: 0.045.</summary>
    /// <remarks>002 Menon § 5.3: 53 468 meldinger in 2021 and 49 778 in 2022, about 1.1 million children 0–17
    /// (≈ 20 % of 5.5 million) ⇒ 4.5 per 100; 000 Tabell 2.4: 54 396 meldinger in 2015; 004 Sandnes 2013: 890
    /// meldinger (Tabell 1: 887) for a child population of roughly 18 000 ⇒ about 4.9 per 100.</remarks>
    public const double ReportsPerChildPerYear = 0.045;

    /// <summary>Chance that a child reported once is reported again (each further report again with this chance): 0.13.</summary>
    /// <remarks>004 Sandnes 2013: 890 meldinger concerned 788 children ("de mottok bekymringer om til sammen 788 barn"),
    /// 1.13 reports per child within the year; over several years re-reports are more common, so 0.13 per step
    /// (mean 1.15 reports per child) is a little above the one-year figure.</remarks>
    public const double ReReportChance = 0.13;

    /// <summary>Share of reports reviewed within the week of barnevernsloven § 2-1: 0.95.</summary>
    /// <remarks>004 Sandnes (vedlegg): no breaches of "gjennomgått innen én uke" in 2012–2013, three other ASSS
    /// municipalities none, "de fem øvrige hadde en mindre andel fristbrudd". 5 % late leaves the deadline reports
    /// something to find.</remarks>
    public const double ReviewOnTime = 0.95;

    /// <summary>Share of reviewed reports that go on to an investigation: 0.80.</summary>
    /// <remarks>000 Tabell 2.4 (SSB 2015): 54 396 meldinger, 10 710 henlagt ⇒ 80 % investigated; 004 Sandnes:
    /// average henleggelsesprosent 15.6 % over 2008–2013 against 20.5 % in the ASSS municipalities and 17.6 % in
    /// Rogaland. (002 Menon notes the investigated share fell by 10 % from 2021 to 2022.)</remarks>
    public const double ShareInvestigated = 0.80;

    /// <summary>Share of concluded investigations that lead to measures: 0.45.</summary>
    /// <remarks>000 Tabell 2.4 (SSB 2015): 44 101 undersøkelser konkludert, 18 399 med tiltak (42 %);
    /// 004 Sandnes 2013: ASSS average 46.2 %, from 31 % (Bærum) to 58 % (Kristiansand); "om lag halvparten av alle
    /// undersøkelsene henlegges".</remarks>
    public const double ShareInvestigationsToMeasures = 0.45;

    /// <summary>Share of investigations concluded within three months: 0.85; extended (to six months): 0.11; overdue: the rest.</summary>
    /// <remarks>004 Sandnes: "I 2013 hadde 15 prosent av undersøkelsene en behandlingstid på flere enn tre måneder.
    /// Snittet for de ni ASSS-kommunene var på 23 prosent", 8–10 % the four years before, and "alle
    /// fristoverskridelsene var godkjent" (extensions). Most overruns are thus extensions; 4 % are left overdue.</remarks>
    public const double InvestigationWithinThreeMonths = 0.85;

    /// <inheritdoc cref="InvestigationWithinThreeMonths"/>
    public const double InvestigationExtended = 0.11;

    /// <summary>Of investigations leading to measures: care order via the county board 7 %, emergency 5 %,
    /// placement as a support measure 10 %, the rest support in the home.</summary>
    /// <remarks>002 Menon § 5.1: 64 % of children 0–17 with measures had hjelpetiltak i hjemmet at 31.12.2022
    /// (66 % in 2018–2021); 7 224 with omsorgstiltak. That is the stock; new measures lean more to support in the
    /// home because placements last longer. The split of the remaining 22 % is an assumption.</remarks>
    public const double CareOrderShare = 0.07;

    /// <inheritdoc cref="CareOrderShare"/>
    public const double EmergencyShare = 0.05;

    /// <inheritdoc cref="CareOrderShare"/>
    public const double PlacementShare = 0.10;

    /// <summary>Share of support measures that get a tiltaksplan: 0.88.</summary>
    /// <remarks>004 Sandnes 2013: 98 % of children had a tiltaksplan, 82 % on average in the nine ASSS municipalities.</remarks>
    public const double SupportPlanShare = 0.88;

    /// <summary>Chance that a due plan evaluation is made: 0.85 (the rest are missed).</summary>
    /// <remarks>Assumption; no seed gives a figure for evaluations.</remarks>
    public const double PlanEvaluationMade = 0.85;

    /// <summary>Share of foster homes whose visits fall short of the required number: 0.25.</summary>
    /// <remarks>004 Sandnes: "Andre halvår 2013 hadde 21 prosent av fosterhjemmene ikke mottatt det lovpålagte antallet
    /// fosterhjemsbesøk … Snittet for de ni ASSS-kommunene var på 29 prosent."</remarks>
    public const double PlacementWithMissedVisits = 0.25;

    /// <summary>Chance that follow-up is reduced from four to two visits a year once a child has lived two years in the foster home: 0.4.</summary>
    /// <remarks>004 Sandnes: "Etter at et barn har vært plassert i et fosterhjem i mer enn to år, kan barnevernet under
    /// visse vilkår vedta å redusere antall besøk til minimum to ganger i året." The share is an assumption.</remarks>
    public const double VisitsReducedAfterTwoYears = 0.4;

    /// <summary>Chance that a placement ends in a move to another placement (Flytting): 0.2.</summary>
    /// <remarks>Assumption. 002 Menon, Vedlegg B, describes moves from foster homes as common but SSB had not published
    /// figures for 2022.</remarks>
    public const double PlacementMove = 0.2;

    /// <summary>Age at first report: 40 % 0–6 years, 30 % 7–12 years, 30 % 13–17 years.</summary>
    /// <remarks>004 Sandnes 2013 (Figur 6): "Nesten 40 prosent av meldingene gjelder barn som er seks år eller yngre,
    /// mens 30 prosent av meldingene gjelder barn i alderen 7-12."</remarks>
    public const double AgeUpTo6 = 0.40;

    /// <inheritdoc cref="AgeUpTo6"/>
    public const double Age7To12 = 0.30;

    /// <summary>Share of children aged 0–17 in the population: 0.20; aged 18–22: 0.065.</summary>
    /// <remarks>Assumption in line with SSB's population figures (about 1.1 million children in 5.5 million).</remarks>
    public const double ChildShare = 0.20;

    /// <inheritdoc cref="ChildShare"/>
    public const double YoungAdultShare = 0.065;

    /// <summary>Open cases per caseworker: 17 (the brief's 15–20).</summary>
    /// <remarks>Assumption; 004 Sandnes discusses case loads ("saksmengde") without a figure per caseworker.</remarks>
    public const int OpenCasesPerCaseworker = 17;

    /// <summary>Share of children identified by D-nummer rather than fødselsnummer: 0.02 (assumption).</summary>
    public const double DNummerShare = 0.02;

    /// <summary>Chance that a young adult (18–22) with no earlier case gets an aftercare-only case per year: 0.002 (assumption).</summary>
    public const double AftercareOnlyPerYoungAdultPerYear = 0.002;

    /// <summary>Chance that a young person leaving a measure at 18 is offered aftercare: 0.8; of offers, share accepted: 0.7.</summary>
    /// <remarks>Assumption. Barnevernsloven § 3-6 requires the service to offer aftercare to young people who had
    /// measures before 18; 001 (KS) describes aftercare services but gives no national rate.</remarks>
    public const double AftercareOffered = 0.8;

    /// <inheritdoc cref="AftercareOffered"/>
    public const double AftercareAccepted = 0.7;

    /// <summary>Chance that a child returned home after a care order (Opphevelse 1) from <see cref="ReturnFollowUpFrom"/> is offered
    /// follow-up with the parents: 0.85; of offers, share made by the day of the return: 0.8 (the rest 1–90 days after).</summary>
    /// <remarks>Assumption. The duty is new from 1 January 2026 (regjeringen.no «Endringer i lover og regler fra 1.1.2026»,
    /// kvalitetsløftet: follow-up for up to six months after a care order is lifted); no seed gives a figure. Set a little above the
    /// aftercare offer rate, since the case is open and the return planned, and below one so the deadline reports have breaches
    /// to find.</remarks>
    public const double ReturnFollowUpOffered = 0.85;

    /// <inheritdoc cref="ReturnFollowUpOffered"/>
    public const double ReturnFollowUpOnTime = 0.8;

    /// <summary>The first day of the duty to offer follow-up after a return home; returns before it get no offer.</summary>
    public static readonly DateOnly ReturnFollowUpFrom = new(2026, 1, 1);
}
