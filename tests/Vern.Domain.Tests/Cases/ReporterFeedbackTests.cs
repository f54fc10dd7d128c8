using Vern.Domain.Cases;
using Vern.Domain.Validation;
using static Vern.Domain.Tests.Cases.B;

namespace Vern.Domain.Tests.Cases;

/// <summary>Tilbakemelding til melder (barnevernloven 1992 § 6-7 a; barnevernsloven 2021, section not verified — see
/// docs/deadlines.md): recorded as <see cref="ReporterFeedbackGiven"/>, on receipt and after the investigation.</summary>
public class ReporterFeedbackTests
{
    private static readonly EntryId ReportId = EntryId.Parse("11111111-1111-4111-8111-111111111111");
    private static readonly EntryId InvestigationId = EntryId.Parse("22222222-2222-4222-8222-222222222222");

    [Fact]
    [Trait("Rule", "melder-tilbakemelding")]
    public void Decide_FeedbackOnReceiptAndAfterInvestigation_IsKeptOnTheReport()
    {
        var (state, events) = Run(
            Open(),
            new ReceiveReport(D(2024, 1, 10), Codes("11"), Codes("8"), ReportId),
            new GiveReporterFeedback(ReportId, D(2024, 1, 20), ReporterFeedbackKind.Receipt),
            new OpenInvestigation(ReportId, D(2024, 1, 15), InvestigationId),
            new ConcludeInvestigation(InvestigationId, D(2024, 4, 2), new CodedValue("1"), Codes("8")),
            new GiveReporterFeedback(ReportId, D(2024, 4, 12), ReporterFeedbackKind.AfterInvestigation));
        Assert.Equal(new ReporterFeedbackGiven(ReportId, D(2024, 1, 20), ReporterFeedbackKind.Receipt), events.OfType<ReporterFeedbackGiven>().First());
        Assert.Equal(
            [new ReporterFeedback(D(2024, 1, 20), ReporterFeedbackKind.Receipt), new ReporterFeedback(D(2024, 4, 12), ReporterFeedbackKind.AfterInvestigation)],
            state.Reports[0].Feedback!);
        Assert.Equal(D(2024, 4, 12), CaseEventFacts.LegalDate(events[^1]));
    }

    [Fact]
    [Trait("Rule", "melder-tilbakemelding-undersokelse")]
    public void Decide_FeedbackAfterInvestigationBeforeItIsConcluded_IsRefusedNamingTheRule()
    {
        var e = Assert.Throws<DomainRuleException>(() => Run(
            Open(),
            new ReceiveReport(D(2024, 1, 10), Codes("11"), Codes("8"), ReportId),
            new OpenInvestigation(ReportId, D(2024, 1, 15), InvestigationId),
            new GiveReporterFeedback(ReportId, D(2024, 2, 1), ReporterFeedbackKind.AfterInvestigation)));
        var issue = Assert.Single(e.Issues);
        Assert.Equal(RuleCodes.FeedbackBeforeInvestigationConcluded, issue.Code);
        Assert.Equal("kind", issue.Path);
    }

    [Fact]
    [Trait("Rule", "melder-tilbakemelding")]
    public void Decide_FeedbackBeforeTheReportWasReceived_IsRefused()
    {
        var e = Assert.Throws<DomainRuleException>(() => Run(
            Open(),
            new ReceiveReport(D(2024, 1, 10), Codes("11"), Codes("8"), ReportId),
            new GiveReporterFeedback(ReportId, D(2024, 1, 9), ReporterFeedbackKind.Receipt)));
        Assert.Equal("givenOn", Assert.Single(e.Issues).Path);
    }
}
