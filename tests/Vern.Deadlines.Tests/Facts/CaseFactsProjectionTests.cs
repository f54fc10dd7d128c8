using Vern.Deadlines.Facts;
using Vern.Deadlines.Engine;
using Vern.Domain.Cases;
using Vern.Domain.People;
using Vern.Deadlines.Index;
using Vern.Domain.Law;
using static Vern.Deadlines.Tests.F;

namespace Vern.Deadlines.Tests.Facts;

/// <summary>The projection keeps what the rules need: the ledd of a legal basis (the petition after an emergency decision
/// depends on it: barnevernloven 1992 § 4-6 første vs annet ledd), reporter feedback and consent to fewer visits.</summary>
public class CaseFactsProjectionTests
{
    [Theory]
    [Trait("Rule", "akuttvedtak-begjaering")]
    [InlineData("BVL", "4", "6", "2", "BVL 4-6 (2)")]
    [InlineData("BVL", "4", "6", "1", "BVL 4-6 (1)")]
    [InlineData("BVL2021", "4", "2", null, "BVL2021 4-2")]
    public void BasisKey_KeepsTheFirstLedd(string act, string chapter, string section, string? ledd, string expected) =>
        Assert.Equal(expected, CaseFactsProjection.BasisKey(new LegalBasis(act, chapter, section, ledd is null ? [] : [ledd])));

    [Theory]
    [InlineData("BVL 4-6 (2)", "BVL 4-6 (2)", true)]
    [InlineData("BVL 4-6 (2)", "BVL 4-6 (1)", false)]    // emergency help measures: no petition
    [InlineData("BVL 4-6 (2)", "BVL 4-6", false)]        // ledd not recorded: the ledd decides, so no match
    [InlineData("BVL2021 3-1", "BVL2021 3-1 (1)", true)] // a rule without ledd covers every ledd of the section
    [InlineData("BVL2021 3-1", "BVL2021 3-1", true)]
    [InlineData("BVL2021 3-1", "BVL2021 3-10", false)]
    public void BasisMatches_LeddOnlyWhereTheRuleNamesOne(string rule, string fact, bool expected) =>
        Assert.Equal(expected, CaseFactsProjection.BasisMatches(rule, fact));

    [Fact]
    public void Codec_RoundTrip_KeepsFeedbackAndConsent()
    {
        var c = Case() with
        {
            Reports = [new ReportFact(Entry(), D(2024, 3, 1), D(2024, 3, 4), ReporterAnswerable: true, ReceiptFeedbackOn: D(2024, 3, 20))],
            Investigations = [new InvestigationFact(Entry(), D(2024, 3, 1), D(2024, 3, 4), D(2024, 3, 4), null, D(2024, 5, 30), PublicReporter: true, ReporterFeedbackOn: D(2024, 6, 3))],
            Decisions = [new DecisionFact(Entry(), "BVL 4-6 (2)", D(2022, 3, 1), D(2022, 3, 1), null)],
            Measures = [new MeasureFact(Entry(), "BVL 4-12", "2.2", D(2021, 1, 15), null, null,
                new VisitFacts([new FrequencyFact(D(2024, 2, 1), 2, ChildConsented: true)], [D(2024, 2, 1)]))],
        };
        var back = CaseFactsCodec.Decode(CaseFactsCodec.Encode(c), []);
        Assert.Equal(c.Reports, back.Reports);
        Assert.Equal(c.Investigations, back.Investigations);
        Assert.Equal(c.Decisions, back.Decisions);
        Assert.Equal(c.Measures[0].Supervision!.Frequencies, back.Measures[0].Supervision!.Frequencies);
    }
}

/// <summary>A report concluded "ikke henlagt" (Melding/Konklusjon code 2, SSB Kodelister: "konklusjonsdato melding … er
/// startdato undersøkelse") has started its investigation, so the investigation limit (barnevernsloven § 2-2, jf. § 2-1 første
/// ledd) is on the worklist from that day, before the caseworker records the investigation; once it is recorded, its own
/// duty takes over with the same due date, never two.</summary>
public class ReportConcludedToInvestigationTests
{
    private static readonly CaseId Id = new(Guid.Parse("0b6c6f0e-3a4d-4f7e-9a41-6a0c5b1c2d3e"));
    private static readonly EntryId Report = new(Guid.Parse("00000000-0000-4000-8000-000000000901"));
    private static readonly EntryId Inquiry = new(Guid.Parse("00000000-0000-4000-8000-000000000902"));

    private static CaseState State(string conclusion, bool investigationRecorded)
    {
        var child = new PersonalDetails(new EntryId(Guid.Parse("00000000-0000-4000-8000-000000000900")), D(2024, 1, 10), null,
            D(2015, 3, 14), Sex.Female, null, null, null);
        CaseEvent[] events =
        [
            new CaseOpened("4601", "2024/17", D(2024, 1, 10), child),
            new ReportOfConcernReceived(Report, D(2024, 3, 1), [new CodedValue("9")], [new CodedValue("1.1.02")]),
            new ReportOfConcernConcluded(Report, D(2024, 3, 5), conclusion),
            .. investigationRecorded ? new CaseEvent[] { new InvestigationOpened(Inquiry, Report, D(2024, 3, 12)) } : [],
        ];
        CaseState? s = null;
        foreach (var e in events)
            s = CaseProjection.Apply(s, Id, e);
        return s!;
    }

    private static Obligation[] Investigation(CaseState s) =>
        [.. DeadlineEngine.Evaluate(CaseFactsProjection.From(s), D(2024, 4, 1), Book).Where(o => o.Rule.Id == DeadlineEngine.InvestigationRule)];

    [Fact]
    [Trait("Rule", "undersokelse-frist")]
    public void ConcludedToInvestigation_TheLimitIsOpenBeforeTheInvestigationIsRecorded()
    {
        var duty = Assert.Single(Investigation(State("2", investigationRecorded: false)));
        Assert.Equal(Report, duty.EntryId);
        Assert.Equal(InvestigationDeadline.DueOn(D(2024, 3, 1), D(2024, 3, 5), extensionGranted: false), duty.DueDate);
        Assert.Equal(D(2024, 6, 8), duty.DueDate); // § 2-2: three months after the week of § 2-1 (received 1 March)
        Assert.Equal(ObligationStatus.Open, duty.Status);
    }

    [Fact]
    [Trait("Rule", "undersokelse-frist")]
    public void OnceRecorded_TheInvestigationsOwnDutyTakesOver_WithTheSameDueDate()
    {
        var duty = Assert.Single(Investigation(State("2", investigationRecorded: true)));
        Assert.Equal(Inquiry, duty.EntryId);
        Assert.Equal(D(2024, 6, 8), duty.DueDate);
    }

    [Theory]
    [Trait("Rule", "undersokelse-frist")]
    [InlineData("1")] // henlagt
    [InlineData("3")] // henlagt pga. aktive tiltak
    [InlineData("4")] // melding i pågående undersøkelse: that investigation's limit runs already
    public void OtherConclusions_StartNoInvestigation(string conclusion) =>
        Assert.Empty(Investigation(State(conclusion, investigationRecorded: false)));
}
