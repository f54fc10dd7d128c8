using Vern.Domain.Validation;
using Vern.Web.Forms;

namespace Vern.Web.Tests;

/// <summary>A refused form speaks the form's language (issue 16: "each broken rule next to its field, in plain language"): the
/// domain's messages name fields by their command names, the form shows them by their labels.</summary>
public sealed class FieldTextTests
{
    private static readonly (string, string)[] Investigation = [("startedOn", "Startdato"), ("reportId", "Melding"), ("legalBasis.act", "Lov")];

    [Fact]
    public void TheDomainsMessage_NamesTheFieldByItsLabel()
    {
        var issue = RuleMessages.Issue(RuleCodes.FutureDate, "startedOn", ("date", new DateOnly(2099, 1, 10)), ("today", new DateOnly(2026, 12, 6)));
        Assert.Equal("Startdato (2099-01-10) er etter dagens dato (2026-12-06); registrer ikke hendelser som ikke har skjedd.",
            FieldText.Plain(issue.Message, Investigation));
    }

    [Fact]
    public void EveryFieldOfTheFormIsRelabelled_ButOnlyWholeNames()
    {
        Assert.Equal("Startdato (2024-01-31) er før Melding; Lov mangler; restartedOn og legalBasis.actor står",
            FieldText.Plain("startedOn (2024-01-31) er før reportId; legalBasis.act mangler; restartedOn og legalBasis.actor står", Investigation));
    }

    [Fact]
    public void AFieldNotOnTheForm_KeepsItsName() =>
        Assert.Equal("decidedOn: mangler", FieldText.Plain("decidedOn: mangler", Investigation));

    [Theory]
    [InlineData("Startdato (2099-01-10) er etter dagens dato", "Startdato (2099-01-10) er etter dagens dato")]
    [InlineData("Saken ble avsluttet 2024-01-01.", "Startdato: Saken ble avsluttet 2024-01-01.")]
    public void TheListAboveTheForm_PutsTheLabelFirstOnce(string message, string expected) =>
        Assert.Equal(expected, FieldText.WithLabel("Startdato", message));
}
