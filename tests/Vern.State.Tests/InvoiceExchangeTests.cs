using Vern.Application;
using Vern.Domain.Access;
using Vern.Domain.Finance;
using Vern.Domain.State;
using Vern.Domain.Validation;
using Vern.Finance;

namespace Vern.State.Tests;

/// <summary>Issue 21: Bufetat's monthly co-payment invoice reaches the municipality as a file (Vern's own format: no message type
/// of Bufdir's Fiks protocol carries an invoice, `shared/reference/bufdir-fiks/meldingstyper.json`); the municipality imports it
/// append-only and idempotently, and a refused file stores nothing. Invoicing has its own operation (IssueInvoices, Bufetat's
/// intake for its region); the family size travels with the referral and sets the centre's rate (rundskriv 2022: one parent and
/// one child one rate, two parents 1.5, ½ per further child). Rates: rundskriv 2022 / `002_…` table 5-2 (2023: centre
/// residential 73 000 kr, institution 175 000 kr per month).</summary>
public sealed class InvoiceExchangeTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    /// <summary>A centre referral for two parents and the child, sent, offered and placed from 1 April 2023 across the two databases.</summary>
    private static async Task<(TwoDatabases T, ReferralId Id)> CentreStayAsync(int parents = 2, int children = 1)
    {
        var t = await new TwoDatabases().SeedAsync();
        var sent = await t.Municipality.SendReferralAsync(t.Caseworker, new ReferralInput(t.Case, "parent-child-centre-residential", "Utredning.", D(2023, 3, 20),
            CentrePurpose: CentrePurpose.Assessment, SentOn: D(2023, 3, 1), Parents: parents, Children: children));
        await t.DeliverToBufetat();
        await t.Bufetat.OfferAsync(t.Intake, sent.Id, new MakeOffer(D(2023, 3, 10), null, "Senteret", D(2023, 4, 1), null));
        await t.Bufetat.StartStayAsync(t.Intake, sent.Id, D(2023, 4, 1));
        await t.DeliverToMunicipality();
        return (t, sent.Id);
    }

    private static string Out(TwoDatabases t) => Path.Combine(t.Dir, "fakturaer");

    [Fact]
    [Trait("Rule", "Rundskriv 2022: to foresatte og ett barn = en og en halv sats")]
    public async Task FamilySize_TravelsWithTheHenvisning_AndSetsTheInvoicedRate()
    {
        var (t, id) = await CentreStayAsync();
        using var _ = t;
        var atBufetat = (await t.Bufetat.ShowReferralAsync(t.Intake, id)).State;
        Assert.Equal((2, 1), (atBufetat.Details.Parents, atBufetat.Details.Children));
        var invoice = Assert.Single((await t.Bufetat.IssueInvoicesAsync(t.Intake, new YearMonth(2023, 4))).Stored);
        var line = Assert.Single(invoice.Lines);
        Assert.Equal(73_000m, line.MonthlyRate);
        Assert.Equal(1.5m, line.FamilyFactor);
        Assert.Equal(109_500m, invoice.Total);
    }

    [Theory]
    [InlineData("institution-care", 2, 1, "vern.state.referral.family")]
    [InlineData("parent-child-centre-residential", 3, 1, "vern.state.referral.parents")]
    [InlineData("parent-child-centre-residential", 1, 0, "vern.state.referral.children")]
    public async Task FamilySize_WhereTheRuleDoesNotApply_IsRefused_AndNothingIsSent(string measure, int parents, int children, string code)
    {
        using var t = await new TwoDatabases().SeedAsync();
        var e = await Assert.ThrowsAsync<DomainRuleException>(() => t.Municipality.SendReferralAsync(t.Caseworker, new ReferralInput(t.Case, measure, "Behov.", D(2023, 3, 20),
            CentrePurpose: measure.StartsWith("parent", StringComparison.Ordinal) ? CentrePurpose.Assessment : null, SentOn: D(2023, 3, 1), Parents: parents, Children: children)));
        Assert.Contains(e.Issues, i => i.Code == code);
        Assert.Empty(await t.Municipality.ListReferralsAsync(t.Leader));
    }

    [Fact]
    public async Task TheInvoice_GoesAsAFile_AndTheMunicipalityStoresItOnce()
    {
        var (t, id) = await CentreStayAsync();
        using var _ = t;
        var issued = Assert.Single((await t.Bufetat.IssueInvoicesAsync(t.Intake, new YearMonth(2023, 4))).Stored);
        var files = await t.Bufetat.ExportInvoicesAsync(t.Intake, Out(t));
        Assert.Equal("4601-2023-04-1.faktura.json", Path.GetFileName(Assert.Single(files)));
        Assert.DoesNotContain("15031550073", await File.ReadAllTextAsync(files[0]), StringComparison.Ordinal);

        var first = Assert.Single(await t.Municipality.ImportInvoicesAsync(t.Leader, Out(t)));
        Assert.Equal("mottatt", first.Outcome);
        var again = Assert.Single(await t.Municipality.ImportInvoicesAsync(t.Leader, Out(t)));
        Assert.Equal("duplikat", again.Outcome);
        var received = Assert.Single(await t.Municipality.IssuedInvoicesAsync(t.Leader));
        Assert.True(InvoiceFile.Same(issued, received));
        Assert.Equal("henvisning:" + id, received.Lines[0].ChildRef);
        Assert.Equal("bufetat:Vest", received.Issuer);
        // The Fiks message import in the same folder leaves the invoice files alone.
        Assert.Empty(await t.Municipality.ImportMessagesAsync(t.Leader, Out(t)));
    }

    [Fact]
    public async Task ACorrection_ArrivesAsACreditNoteAndANewInvoice_AndACreditNoteAlone_IsRefused()
    {
        var (t, id) = await CentreStayAsync();
        using var _ = t;
        await t.Bufetat.IssueInvoicesAsync(t.Intake, new YearMonth(2023, 4));
        await t.Bufetat.EndStayAsync(t.Intake, id, D(2023, 4, 10));
        await t.Bufetat.IssueInvoicesAsync(t.Intake, new YearMonth(2023, 4));
        await t.Bufetat.ExportInvoicesAsync(t.Intake, Out(t));
        // Without the invoice it cancels, the credit note is refused and stores nothing.
        var alone = Path.Combine(t.Dir, "bare-kreditnota");
        Directory.CreateDirectory(alone);
        File.Copy(Path.Combine(Out(t), "4601-2023-04-2.faktura.json"), Path.Combine(alone, "4601-2023-04-2.faktura.json"));
        var refused = Assert.Single(await t.Municipality.ImportInvoicesAsync(t.Leader, alone));
        Assert.StartsWith("feil: credits:", refused.Outcome, StringComparison.Ordinal);
        Assert.Empty(await t.Municipality.IssuedInvoicesAsync(t.Leader));
        // All three, in any file order: invoice, credit note, new invoice; the one in force is 1–10 April.
        var all = await t.Municipality.ImportInvoicesAsync(t.Leader, Out(t));
        Assert.All(all, r => Assert.Equal("mottatt", r.Outcome));
        var docs = await t.Municipality.IssuedInvoicesAsync(t.Leader, new YearMonth(2023, 4));
        Assert.Equal(3, docs.Count);
        Assert.Equal(36_500m, VernApp.Effective(docs)!.Total); // 73 000 × 1.5 × 10/30
    }

    [Fact]
    public async Task AChangedFile_OrOneForAnotherMunicipality_StoresNothing()
    {
        var (t, _) = await CentreStayAsync();
        using var __ = t;
        await t.Bufetat.IssueInvoicesAsync(t.Intake, new YearMonth(2023, 4));
        var path = Assert.Single(await t.Bufetat.ExportInvoicesAsync(t.Intake, Out(t)));
        var text = await File.ReadAllTextAsync(path);
        // An amount that is not rate × factor × days / days in month.
        await File.WriteAllTextAsync(path, text.Replace("\"amount\": 109500", "\"amount\": 10950", StringComparison.Ordinal));
        var changed = Assert.Single(await t.Municipality.ImportInvoicesAsync(t.Leader, Out(t)));
        Assert.Contains("lines[0].amount", changed.Outcome, StringComparison.Ordinal);
        Assert.Contains("Ingenting ble lagret", changed.Outcome, StringComparison.Ordinal);
        // Another municipality's invoice is not for us.
        await File.WriteAllTextAsync(path, text.Replace("\"receiver\": \"kommune:4601\"", "\"receiver\": \"kommune:0301\"", StringComparison.Ordinal));
        Assert.Equal("ikke til oss", Assert.Single(await t.Municipality.ImportInvoicesAsync(t.Leader, Out(t))).Outcome);
        Assert.Empty(await t.Municipality.IssuedInvoicesAsync(t.Leader));
        // The right file goes in; then the same number with other content is refused, and the stored one stays.
        await File.WriteAllTextAsync(path, text);
        Assert.Equal("mottatt", Assert.Single(await t.Municipality.ImportInvoicesAsync(t.Leader, Out(t))).Outcome);
        await File.WriteAllTextAsync(path, text.Replace("\"issuedBy\": \"bufetat-vest\"", "\"issuedBy\": \"noen-andre\"", StringComparison.Ordinal));
        Assert.Contains("annet innhold", Assert.Single(await t.Municipality.ImportInvoicesAsync(t.Leader, Out(t))).Outcome, StringComparison.Ordinal);
        Assert.Equal("bufetat-vest", Assert.Single(await t.Municipality.IssuedInvoicesAsync(t.Leader)).IssuedBy);
    }

    [Fact]
    [Trait("Rule", "Issue 21: invoicing has its own operation (AccessPolicy.Table)")]
    public void IssueInvoices_IsBufetatIntakesAlone_ForItsRegion()
    {
        foreach (var role in Enum.GetValues<Role>())
            Assert.Equal(role == Role.BufetatIntake ? Scope.OwnService : Scope.None, AccessPolicy.ScopeOf(role, Operation.IssueInvoices));
        Assert.Equal(Scope.OwnService, AccessPolicy.ScopeOf(Role.Leader, Operation.Invoices));
        Assert.Equal(Scope.None, AccessPolicy.ScopeOf(Role.BufetatIntake, Operation.Invoices));
    }

    [Fact]
    public async Task Invoicing_IsRefusedToTheMunicipality_TheWrongRegionSeesNothing_AndOnlyTheMunicipalityImports()
    {
        var (t, _) = await CentreStayAsync();
        using var __ = t;
        await Assert.ThrowsAsync<AccessDeniedException>(() => t.Bufetat.IssueInvoicesAsync(t.Analyst, new YearMonth(2023, 4)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => t.Municipality.IssueInvoicesAsync(t.Leader, new YearMonth(2023, 4)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => t.Municipality.ExportInvoicesAsync(t.Leader, Out(t)));
        // Region Øst issues nothing for Vest's municipality and sees none of Vest's invoices.
        Assert.Empty((await t.Bufetat.IssueInvoicesAsync(t.OtherRegion, new YearMonth(2023, 4))).Stored);
        await t.Bufetat.IssueInvoicesAsync(t.Intake, new YearMonth(2023, 4));
        Assert.Empty(await t.Bufetat.IssuedInvoicesAsync(t.OtherRegion));
        Assert.Single(await t.Bufetat.IssuedInvoicesAsync(t.Intake));
        await t.Bufetat.ExportInvoicesAsync(t.Intake, Out(t));
        // Importing is the municipality's (ExchangeMessages: leader); a caseworker and Bufetat are refused, and nothing is stored.
        await Assert.ThrowsAsync<AccessDeniedException>(() => t.Municipality.ImportInvoicesAsync(t.Caseworker, Out(t)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => t.Bufetat.ImportInvoicesAsync(t.Intake, Out(t)));
        Assert.Empty(await t.Municipality.IssuedInvoicesAsync(t.Leader));
    }

    [Fact]
    [Trait("Rule", "Issue 21: invoices name the child by the referral, never by fødselsnummer")]
    public async Task TheMunicipalsCsvInvoice_FromStoredStays_NamesTheReferral_NotThePersonKey()
    {
        var (t, id) = await CentreStayAsync();
        using var _ = t;
        var invoices = await t.Municipality.InvoicesAsync(t.Leader, new StoredStaySource(t.Municipality, t.Leader), new YearMonth(2023, 4), "4601");
        var line = Assert.Single(Assert.Single(invoices).Lines);
        Assert.Equal("henvisning:" + id, line.ChildRef);
        Assert.Equal(109_500m, line.Amount); // the family size known in the municipality's database too
        var csv = Invoicing.ToCsv(invoices);
        Assert.Contains("henvisning:" + id, csv, StringComparison.Ordinal);
        Assert.DoesNotContain("15031550073", csv, StringComparison.Ordinal);
    }
}
