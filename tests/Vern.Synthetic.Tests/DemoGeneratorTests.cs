using Vern.Tests;
using System.Text.Json;
using Vern.Domain.Cases;
using Vern.Domain.People;
using Vern.Storage;
using Vern.Storage.Sqlite;

namespace Vern.Synthetic.Tests;

public class DemoGeneratorTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    /// <summary>The demo used by most tests: 3 years ending 2026-06-30, so it spans the code-list change of
    /// 2026-01-01 (Saksinnhold → Kunnskapsmodellen; Melding/Konklusjon 1 → 5–10).</summary>
    private static readonly DemoOptions Standard = new(To: D(2026, 6, 30), Years: 3, Seed: 42);

    private static readonly Lazy<(GenerationSummary Summary, List<string> States, List<string> Streams, List<(CaseState State, IReadOnlyList<RecordedEvent> Events)> Cases)> StandardRun =
        new(() => Run(Standard));

    private static (GenerationSummary Summary, List<string> States, List<string> Streams, List<(CaseState State, IReadOnlyList<RecordedEvent> Events)> Cases) Run(DemoOptions options)
    {
        using var db = new TempDb();
        using var store = SqliteEventStore.Open(db.Path);
        var summary = DemoGenerator.GenerateAsync(store, TestReference.CodeLists.Value, options).GetAwaiter().GetResult();
        var cases = store.ReadStates().Select(s => (s, store.ReadStream(s.Id))).ToList();
        var states = cases.Select(c => JsonSerializer.Serialize(c.s, CaseJson.Options)).ToList();
        var streams = cases.Select(c => JsonSerializer.Serialize(c.Item2, CaseJson.Options)).ToList();
        return (summary, states, streams, cases);
    }

    [Fact]
    public void Generate_SameSeed_IdenticalCasesEventsAndIds()
    {
        var first = StandardRun.Value;
        var second = Run(Standard);
        Assert.Equal(first.States, second.States);
        Assert.Equal(first.Streams, second.Streams);
        Assert.Equal(first.Summary with { Elapsed = default }, second.Summary with { Elapsed = default });
    }

    /// <summary>Issue 15: every event carries a role. The generator records its synthetic caseworker (sb-NNNN-NN) in the role
    /// caseworker, on every event it writes.</summary>
    [Fact]
    public void Generate_EveryEvent_CarriesTheSyntheticCaseworkersRole()
    {
        var events = StandardRun.Value.Cases.SelectMany(c => c.Events).ToList();
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal("caseworker", e.RecordedRole));
        Assert.All(events, e => Assert.StartsWith("sb-", e.RecordedBy, StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_DifferentSeed_DifferentCases()
    {
        var other = Run(Standard with { Seed = 43 });
        Assert.NotEqual(StandardRun.Value.States, other.States);
        Assert.Empty(StandardRun.Value.Cases.Select(c => c.State.Id).Intersect(other.Cases.Select(c => c.State.Id)));
    }

    /// <summary>Rates within the ranges the seed reports give (see SyntheticRates):
    /// reports per 100 children 3.5–5.5 (002 Menon § 5.3: 49 778 meldinger in 2022; 000 Tabell 2.4: 54 396 in 2015);
    /// share investigated 0.65–0.90 (000 Tabell 2.4: 80 %; 004 Sandnes: henleggelse 15.6 %, ASSS 20.5 %);
    /// investigations leading to measures 0.31–0.58 (004 Sandnes: ASSS 46.2 %, Bærum 31 % to Kristiansand 58 %).</summary>
    [Fact]
    [Trait("Source", "seeds 000 Tabell 2.4, 002 § 5.3, 004 Figur 9")]
    public void Generate_Demo_RatesWithinTheSeedReportsRanges()
    {
        var s = StandardRun.Value.Summary;
        Assert.InRange(s.ReportsPer100ChildrenPerYear, 3.5, 5.5);
        Assert.InRange(s.ShareInvestigated, 0.65, 0.90);
        Assert.InRange(s.ShareInvestigationsToMeasures, 0.31, 0.58);
        // Deadline reports must have something to find, but not too much (004 Sandnes: most within the week; 15–23 % of
        // investigations over three months, most with an approved extension).
        Assert.InRange((double)s.ReportsReviewedLate / s.Reports, 0.01, 0.12);
        Assert.InRange((double)s.InvestigationsExtended / s.Investigations, 0.04, 0.20);
        Assert.InRange(s.InvestigationsOverdue, 1, s.Investigations / 8);
        Assert.True(s.InvestigationsOpen > 0, "some investigations are still open at the end of the period");
        Assert.True(s.CareOrders > 0 && s.EmergencyDecisions > 0 && s.Moves > 0 && s.Aftercare > 0 && s.Visits > 0);
        Assert.True(s.SupportMeasures > 2 * s.PlacementMeasures, "support in the home dominates (002 Menon § 5.1: 64 %)");
        Assert.InRange((double)s.OpenCases / s.Caseworkers, 10, 25);
    }

    /// <summary>One definition of the investigation deadline (Vern.Domain.Law.InvestigationDeadline: barnevernsloven § 2-2,
    /// 1992 Act § 6-9): the demo's "over fristen" count is the deadline engine's count of investigations concluded late,
    /// still open past the deadline, or ended past it.</summary>
    [Fact]
    [Trait("Rule", "undersokelse-frist")]
    public void Generate_Demo_OverdueInvestigationsAgreeWithTheDeadlineEngine()
    {
        var run = StandardRun.Value;
        var engine = run.Cases.Sum(c => Vern.Deadlines.Engine.DeadlineEngine.Evaluate(
                Vern.Deadlines.Facts.CaseFactsProjection.From(c.State), run.Summary.To, Vern.Deadlines.Rules.RuleBook.Default)
            .Count(o => o.Rule.Id == Vern.Deadlines.Engine.DeadlineEngine.InvestigationRule && o.IsBreach));
        Assert.Equal(engine, run.Summary.InvestigationsOverdue);
    }

    /// <summary>Follow-up after a return home (barnevernsloven from 1 January 2026, regjeringen.no «Endringer i lover og regler fra
    /// 1.1.2026»): the generator offers it for most care placements that end with the child returned home (Opphevelse 1) from 2026
    /// (<see cref="SyntheticRates.ReturnFollowUpOffered"/>), on the day of the return or up to 90 days after, and never for a return
    /// before 2026. The demo of 20,000 inhabitants has no return in its three years, so this runs at 20 times its size.</summary>
    [Fact]
    [Trait("Rule", "tilbakeforing-oppfolging")]
    public void Generate_Scaled_OffersFollowUpForMostReturnsFrom2026_AndNoneBefore()
    {
        var run = Run(new DemoOptions(To: D(2026, 12, 1), Years: 3, Seed: 42, Scale: 20));
        var returns = run.Cases.SelectMany(c => c.State.Measures).Where(MeasureKinds.IsReturnHome).ToList();
        var from2026 = returns.Where(m => m.EndedOn >= D(2026, 1, 1)).ToList();
        Assert.NotEmpty(from2026);
        Assert.All(returns.Except(from2026), m => Assert.Null(m.ReturnFollowUpOffers));
        var offered = from2026.Where(m => m.ReturnFollowUpOffers is not null).ToList();
        Assert.True(offered.Count * 2 > from2026.Count, $"{offered.Count} of {from2026.Count} returns from 2026 offered follow-up");
        Assert.All(offered, m => Assert.InRange(Assert.Single(m.ReturnFollowUpOffers!), m.EndedOn!.Value, m.EndedOn!.Value.AddDays(90)));
        Assert.Equal(offered.Count, run.Cases.SelectMany(c => c.Events).Count(e => e.Event is ReturnFollowUpOffered));
    }

    [Fact]
    public void Generate_Demo_EveryCaseReplaysFromItsEventsToItsSnapshot()
    {
        foreach (var (state, events) in StandardRun.Value.Cases)
        {
            var replayed = CaseProjection.Replay(state.Id, events.Select(e => e.Event));
            Assert.Equal(JsonSerializer.Serialize(state, CaseJson.Options), JsonSerializer.Serialize(replayed, CaseJson.Options));
            Assert.Equal(events.Count, state.Version);
        }
    }

    [Fact]
    public void Generate_Demo_ChildrenHaveValidIdentifiersMatchingSexAndBirthDate()
    {
        var children = StandardRun.Value.Cases.Select(c => c.State.Child).ToList();
        foreach (var child in children)
        {
            var id = PersonIdentifier.Parse(child.Identifier!);
            Assert.Equal(child.BirthDate, id.BirthDate);
            Assert.Equal(child.Sex, id.EncodedSex);
            Assert.False(string.IsNullOrEmpty(child.GivenName));
        }
        Assert.Contains(children, c => PersonIdentifier.Parse(c.Identifier!).Kind == IdentifierKind.DNummer);
        Assert.Equal(children.Count, children.Select(c => c.Identifier).Distinct().Count());
    }

    /// <summary>Saksinnhold: the old codes end 2025-12-31, the Kunnskapsmodellen codes ("1.1.01" …) start 2026-01-01 (Kodelister.md).</summary>
    [Fact]
    [Trait("Source", "Kodelister.md Saksinnhold")]
    public void Generate_Demo_ReportContentsFollowTheCodeListChangeOn2026_01_01()
    {
        var reports = StandardRun.Value.Cases.SelectMany(c => c.State.Reports).ToList();
        Assert.All(reports.Where(r => r.ReceivedOn < D(2026, 1, 1)), r => Assert.DoesNotContain(r.Contents, c => c.Code.Contains('.', StringComparison.Ordinal)));
        Assert.All(reports.Where(r => r.ReceivedOn >= D(2026, 1, 1)), r => Assert.All(r.Contents, c => Assert.Matches(@"^\d\.\d\.\d\d$", c.Code)));
        Assert.Contains(reports, r => r.ReceivedOn >= D(2026, 1, 1));
    }

    /// <summary>Decisions cite barnevernloven 1992 ("BVL") before 2023-01-01 and barnevernsloven 2021 ("BVL2021") from then
    /// (Vedtak kontroll 5); a measure cites its decision's Lov, Kapittel and Paragraf, also when it starts after 2023 under a
    /// 1992-Act decision (Tiltak Kontroll 21).</summary>
    [Fact]
    [Trait("Source", "barnevernsloven § 16-1")]
    [Trait("Rule", "Tiltak Kontroll 21")]
    public void Generate_PeriodFrom2022_DecisionsCiteTheActInForce()
    {
        var run = Run(new DemoOptions(To: D(2024, 6, 30), Years: 2, Seed: 7));
        var decisions = run.Cases.SelectMany(c => c.State.Decisions).ToList();
        Assert.All(decisions.Where(d => d.DecidedOn < D(2023, 1, 1)), d => Assert.Equal("BVL", d.LegalBasis.Act));
        Assert.All(decisions.Where(d => d.DecidedOn >= D(2023, 1, 1)), d => Assert.Equal("BVL2021", d.LegalBasis.Act));
        Assert.Contains(decisions, d => d.LegalBasis.Act == "BVL");
        var measures = run.Cases.SelectMany(c => c.State.Measures).ToList();
        var byId = decisions.ToDictionary(d => d.Id);
        Assert.All(measures, m => Assert.Equal((byId[m.DecisionId].LegalBasis.Act, byId[m.DecisionId].LegalBasis.Chapter, byId[m.DecisionId].LegalBasis.Section),
            (m.LegalBasis.Act, m.LegalBasis.Chapter, m.LegalBasis.Section)));
        Assert.Contains(measures, m => m.StartedOn >= D(2023, 1, 1) && m.LegalBasis.Act == "BVL2021");
    }

    [Theory]
    [InlineData(1, 2024, 12, 31, 3)]
    [InlineData(2, 2025, 3, 1, 3)]
    [InlineData(3, 2026, 1, 5, 4)]
    [InlineData(4, 2026, 11, 23, 3)]
    [InlineData(5, 2027, 12, 31, 5)]
    [InlineData(6, 2023, 1, 1, 1)]
    public async Task Generate_SeedsAndPeriods_NoCommandIsRefused(int seed, int year, int month, int day, int years)
    {
        // Every command runs through the decider; a refused one throws, naming the rule.
        using var store = new InMemoryEventStore();
        var summary = await DemoGenerator.GenerateAsync(store, TestReference.CodeLists.Value, new DemoOptions(D(year, month, day), years, seed));
        Assert.True(summary.Cases > 0);
        Assert.Equal(summary.Events, store.CountEvents());
    }

    [Fact]
    public async Task Generate_PeriodStartingBefore2022_RefusedNamingTheDate()
    {
        using var store = new InMemoryEventStore();
        var e = await Assert.ThrowsAsync<ArgumentException>(() => DemoGenerator.GenerateAsync(store, TestReference.CodeLists.Value, new DemoOptions(D(2024, 6, 30), Years: 3)));
        Assert.Contains("2022-01-01", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, store.CountEvents());
    }

    [Fact]
    public async Task Generate_StoreWithEvents_RefusedAndNothingAdded()
    {
        using var store = new InMemoryEventStore();
        await DemoGenerator.GenerateAsync(store, TestReference.CodeLists.Value, new DemoOptions(D(2026, 6, 30), 1, 1));
        var before = store.CountEvents();
        await Assert.ThrowsAsync<InvalidOperationException>(() => DemoGenerator.GenerateAsync(store, TestReference.CodeLists.Value, new DemoOptions(D(2026, 6, 30), 1, 1)));
        Assert.Equal(before, store.CountEvents());
    }
}

/// <summary>The synthetic municipalities' Avgiver: fictional, clearly outside the real numbers, but in a valid format.</summary>
public class SyntheticMunicipalitiesTests
{
    [Theory]
    [InlineData("7777", "Vernvik")]
    [InlineData("7001", null)]
    [InlineData("7356", null)]
    [Trait("Rule", "Barnevern_v4.xsd Avgiver")]
    public void Reporter_GeneratorMunicipality_FictionalValidOrganisationNumber(string municipality, string? name)
    {
        var (org, actualName) = SyntheticMunicipalities.Reporter(municipality)!.Value;

        Assert.Matches("^1[0-9]{8}$", org); // Brønnøysundregistrene's numbers start with 8 or 9: this one cannot be real
        int[] weights = [3, 2, 7, 6, 5, 4, 3, 2];
        var sum = Enumerable.Range(0, 8).Sum(i => (org[i] - '0') * weights[i]);
        Assert.Equal((11 - sum % 11) % 11, org[8] - '0'); // modulus 11, as organisasjonsnummer
        Assert.False(string.IsNullOrWhiteSpace(actualName));
        if (name is not null)
            Assert.Equal(name, actualName);
    }

    [Theory]
    [InlineData("1108")]
    [InlineData("0301")]
    [InlineData("6999")]
    public void Reporter_RealMunicipalityNumber_Null(string municipality) =>
        Assert.Null(SyntheticMunicipalities.Reporter(municipality));
}
