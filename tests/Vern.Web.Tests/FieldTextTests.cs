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
        Assert.Equal("Startdato (10.01.2099) er etter dagens dato (06.12.2026); registrer ikke hendelser som ikke har skjedd.",
            FieldText.Plain(issue.Message, Investigation));
    }

    /// <summary>The form asks for dd.mm.åååå, so its messages write dates that way; what is not a calendar date stays.</summary>
    [Theory]
    [InlineData("Frist 2024-02-29 er passert.", "Frist 29.02.2024 er passert.")]
    [InlineData("Fra 2024-01-01 til 2024-12-31.", "Fra 01.01.2024 til 31.12.2024.")]
    [InlineData("«2024-13-01» er ikke en dato.", "«2024-13-01» er ikke en dato.")]
    [InlineData("Registrert 2024-01-31T10:00:00Z.", "Registrert 2024-01-31T10:00:00Z.")]
    [InlineData("Journalnummer 2024-01-31-7 finnes.", "Journalnummer 2024-01-31-7 finnes.")]
    [InlineData("Kode 12024-01-310.", "Kode 12024-01-310.")]
    public void DatesAreWrittenAsTheFormAsksForThem(string message, string expected) =>
        Assert.Equal(expected, FieldText.Plain(message, Investigation));

    [Fact]
    public void EveryFieldOfTheFormIsRelabelled_ButOnlyWholeNames()
    {
        Assert.Equal("Startdato (31.01.2024) er før Melding; Lov mangler; restartedOn og legalBasis.actor står",
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
