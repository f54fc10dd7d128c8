using Vern.Deadlines.Facts;
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
