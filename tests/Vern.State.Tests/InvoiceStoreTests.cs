using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Vern.Application;
using Vern.Domain.Finance;
using Vern.Domain.State;
using Vern.Domain.Validation;
using Vern.Finance;
using Vern.Storage;
using Vern.Storage.Finance;
using Vern.Storage.Postgres.Features;

namespace Vern.State.Tests;

/// <summary>Stored co-payment invoices (issue 21, migration 14): made by Bufetat's intake from the stored stays, per municipality
/// and month, append-only; a change in the stays gives a credit note for the stored invoice and a new invoice (never an edit);
/// the municipality's leader sees its own. Rates: `002_…` table 5-2 (institution 2023: 175 000 kr per month). Every store test
/// runs on both engines (issue 17: the same contract on SQLite and PostgreSQL).</summary>
[Collection(PostgresTestSchema.Collection)]
public sealed class InvoiceStoreTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    /// <summary>One institution stay from 15 March 2023 for the fixture's child, through the municipal and Bufetat sides of one
    /// database (the municipality's, where Bufetat Vest's intake user also exists).</summary>
    private static async Task<(TwoDatabases T, Actor Intake, ReferralId Id)> PlacedAsync(string engine)
    {
        var t = await new TwoDatabases(engine).SeedAsync();
        var intake = await t.Municipality.ActorAsync("bufetat-vest");
        var sent = await t.Municipality.SendReferralAsync(t.Caseworker, new ReferralInput(t.Case, "institution-care", "Trenger omsorgsinstitusjon.", D(2023, 3, 10),
            SentOn: D(2023, 3, 1)));
        await t.Municipality.OfferAsync(intake, sent.Id, new MakeOffer(D(2023, 3, 8), null, "Institusjon Fjord", D(2023, 3, 15), null));
        await t.Municipality.StartStayAsync(intake, sent.Id, D(2023, 3, 15));
        return (t, intake, sent.Id);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Issue_StoresOneInvoicePerMunicipalityAndMonth_FromTheStays_WithTheTable52Rate(string engine)
    {
        var (t, intake, id) = await PlacedAsync(engine);
        using var _ = t;
        var run = await t.Municipality.IssueInvoicesAsync(intake, new YearMonth(2023, 4));
        var invoice = Assert.Single(run.Stored);
        Assert.Equal(IssuedInvoiceKind.Invoice, invoice.Kind);
        Assert.Equal("4601-2023-04-1", invoice.Number);
        Assert.Equal(175_000m, invoice.Total);
        var line = Assert.Single(invoice.Lines);
        Assert.Equal("henvisning:" + id, line.ChildRef);
        Assert.DoesNotContain("15031550073", line.ChildRef, StringComparison.Ordinal);
        Assert.Equal(252, line.KostraFunction);
        // March: 15–31 of 31 days = 175 000 × 17/31.
        var march = Assert.Single((await t.Municipality.IssueInvoicesAsync(intake, new YearMonth(2023, 3))).Stored);
        Assert.Equal(95_967.74m, march.Total);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Issue_Again_WithTheSameStays_StoresNothing(string engine)
    {
        var (t, intake, _) = await PlacedAsync(engine);
        using var __ = t;
        await t.Municipality.IssueInvoicesAsync(intake, new YearMonth(2023, 4));
        var again = await t.Municipality.IssueInvoicesAsync(intake, new YearMonth(2023, 4));
        Assert.Empty(again.Stored);
        Assert.Equal(["4601"], again.Unchanged);
        Assert.Single(await t.Municipality.IssuedInvoicesAsync(intake, new YearMonth(2023, 4)));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Issue_AfterTheStayChanged_CreditsTheStoredInvoice_AndIssuesANewOne_NeverEdits(string engine)
    {
        var (t, intake, id) = await PlacedAsync(engine);
        using var _ = t;
        await t.Municipality.IssueInvoicesAsync(intake, new YearMonth(2023, 4));
        await t.Municipality.EndStayAsync(intake, id, D(2023, 4, 20));
        var run = await t.Municipality.IssueInvoicesAsync(intake, new YearMonth(2023, 4));
        Assert.Equal(2, run.Stored.Count);
        var credit = run.Stored[0];
        Assert.Equal(IssuedInvoiceKind.CreditNote, credit.Kind);
        Assert.Equal("4601-2023-04-1", credit.Credits);
        Assert.Equal(-175_000m, credit.Total);
        var fresh = run.Stored[1];
        Assert.Equal("4601-2023-04-3", fresh.Number);
        Assert.Equal(116_666.67m, fresh.Total); // 175 000 × 20/30
        var all = await t.Municipality.IssuedInvoicesAsync(t.Leader, new YearMonth(2023, 4));
        Assert.Equal(3, all.Count);
        Assert.Equal(175_000m, all[0].Total); // the first invoice is still there, unchanged
        Assert.Equal(fresh.Number, VernApp.Effective(all)!.Number);
        Assert.Equal(116_666.67m, all.Sum(d => d.Total));
    }

    /// <summary>The month's run reads the referrals through the stays' span on their rows (migration 23): a stay recorded after a
    /// run is in the next run, and a stay ended before the month leaves it (its invoice credited), so the span is kept current.</summary>
    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Issue_SeesAStayRecordedAfterTheLastRun_AndAStayEndedBeforeTheMonth(string engine)
    {
        using var t = await new TwoDatabases(engine).SeedAsync();
        var intake = await t.Municipality.ActorAsync("bufetat-vest");
        var sent = await t.Municipality.SendReferralAsync(t.Caseworker, new ReferralInput(t.Case, "institution-care", "Trenger omsorgsinstitusjon.", D(2023, 3, 10),
            SentOn: D(2023, 3, 1)));
        await t.Municipality.OfferAsync(intake, sent.Id, new MakeOffer(D(2023, 3, 8), null, "Institusjon Fjord", D(2023, 3, 15), null));
        Assert.Empty((await t.Municipality.IssueInvoicesAsync(intake, new YearMonth(2023, 3))).Stored); // no stay yet
        await t.Municipality.StartStayAsync(intake, sent.Id, D(2023, 3, 15));
        Assert.Equal(95_967.74m, Assert.Single((await t.Municipality.IssueInvoicesAsync(intake, new YearMonth(2023, 3))).Stored).Total); // 175 000 × 17/31
        Assert.Equal(175_000m, Assert.Single((await t.Municipality.IssueInvoicesAsync(intake, new YearMonth(2023, 4))).Stored).Total);
        await t.Municipality.EndStayAsync(intake, sent.Id, D(2023, 3, 31));
        var april = Assert.Single((await t.Municipality.IssueInvoicesAsync(intake, new YearMonth(2023, 4))).Stored);
        Assert.Equal(IssuedInvoiceKind.CreditNote, april.Kind);
        Assert.Equal(-175_000m, april.Total);
        Assert.Empty((await t.Municipality.IssueInvoicesAsync(intake, new YearMonth(2023, 3))).Stored); // March unchanged
        // The store's read itself, on the same database: the referral is found for the days of its stay only.
        NpgsqlDataSource? source = null;
        var store = engine == "postgres" ? new PostgresStateStore(source = NpgsqlDataSource.Create(t.MunicipalityDb))
            : (Vern.Storage.State.IStateStore)Vern.Storage.State.SqliteStateStore.Open(t.MunicipalityDb, create: false);
        try
        {
            var all = Vern.Storage.State.StateScope.All;
            Assert.Empty(await store.ListWithStaysAsync(all, D(2023, 4, 1), D(2023, 4, 30)));
            Assert.Empty(await store.ListWithStaysAsync(all, D(2023, 1, 1), D(2023, 3, 14)));
            Assert.Equal(sent.Id, Assert.Single(await store.ListWithStaysAsync(all, D(2023, 3, 31), D(2023, 3, 31))).Id);
            Assert.Single(await store.ListWithStaysAsync(Vern.Storage.State.StateScope.OfRegion("Vest"), D(2023, 1, 1), D(2023, 3, 15)));
            Assert.Single(await store.ListWithStaysAsync(Vern.Storage.State.StateScope.OfMunicipality("4601"), D(2023, 3, 20), D(2023, 3, 20)));
            Assert.Empty(await store.ListWithStaysAsync(Vern.Storage.State.StateScope.OfRegion("Øst"), D(2023, 3, 1), D(2023, 3, 31)));
        }
        finally
        {
            (store as IDisposable)?.Dispose();
            source?.Dispose();
        }
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task StoredInvoices_AreAppendOnly_InTheDatabase(string engine)
    {
        var (t, intake, _) = await PlacedAsync(engine);
        using var __ = t;
        await t.Municipality.IssueInvoicesAsync(intake, new YearMonth(2023, 4));
        using DbConnection connection = engine == "postgres" ? new NpgsqlConnection(t.MunicipalityDb)
            : new SqliteConnection($"Data Source={t.MunicipalityDb};Pooling=False");
        connection.Open();
        foreach (var sql in new[] { "UPDATE finance_invoices SET total = '1'", "DELETE FROM finance_invoices" })
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            var e = Assert.ThrowsAny<DbException>(() => cmd.ExecuteNonQuery());
            Assert.Contains("append-only", e.Message, StringComparison.Ordinal);
        }
        Assert.Single(await t.Municipality.IssuedInvoicesAsync(intake));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Issue_YearWithoutRateTable_IsRefused_AndStoresNothing(string engine)
    {
        var (t, intake, _) = await PlacedAsync(engine);
        using var __ = t;
        var e = await Assert.ThrowsAsync<DomainRuleException>(() => t.Municipality.IssueInvoicesAsync(intake, new YearMonth(2024, 2)));
        Assert.Contains(e.Issues, i => i.Code == "vern.copay.rate-year");
        Assert.Empty(await t.Municipality.IssuedInvoicesAsync(intake));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Issue_ByTheMunicipality_OrTheWrongRegion_IsRefused_AndSeeing_IsScoped(string engine)
    {
        var (t, intake, _) = await PlacedAsync(engine);
        using var __ = t;
        await Assert.ThrowsAsync<AccessDeniedException>(() => t.Municipality.IssueInvoicesAsync(t.Leader, new YearMonth(2023, 4)));
        await t.Municipality.IssueInvoicesAsync(intake, new YearMonth(2023, 4));
        // The leader sees the municipality's invoice; a caseworker may not (Operation.Invoices: leader and auditor).
        Assert.Single(await t.Municipality.IssuedInvoicesAsync(t.Leader));
        await Assert.ThrowsAsync<AccessDeniedException>(() => t.Municipality.IssuedInvoicesAsync(t.Caseworker));
        await Assert.ThrowsAsync<AccessDeniedException>(() => t.Municipality.IssuedInvoicesAsync(t.Leader, municipality: "0301"));
    }

    /// <summary>The store's own contract on both engines: a batch with a number already stored is refused whole (nothing of it
    /// is stored), and the list keeps amounts, lines, the credited number and the instant as they were appended.</summary>
    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Store_ABatchWithANumberAlreadyStored_IsRefusedWhole_AndTheListKeepsEveryField(string engine)
    {
        using var t = new TwoDatabases(engine);
        IInvoiceStore store;
        NpgsqlDataSource? source = null;
        if (engine == "postgres")
            store = new PostgresInvoiceStore(source = NpgsqlDataSource.Create(t.MunicipalityDb));
        else
            store = SqliteInvoiceStore.Open(t.MunicipalityDb, create: false);
        try
        {
            var line = new IssuedInvoiceLine("henvisning:x", "institution", D(2023, 4, 1), D(2023, 4, 30), 30, 30, "ordinary", 175_000m, 175_000m, 252);
            var at = new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);
            var first = new IssuedInvoice("4601-2023-04-1", "4601", 2023, 4, IssuedInvoiceKind.Invoice, null, 175_000m, [line], "bufetat:Vest", "bufetat-vest", at);
            await store.AppendAsync([first]);
            var credit = first with { Number = "4601-2023-04-2", Kind = IssuedInvoiceKind.CreditNote, Credits = first.Number, Total = -175_000m };
            var e = await Assert.ThrowsAsync<StoreRefusedException>(() => store.AppendAsync([credit, first]));
            Assert.Contains("4601-2023-04-1", e.Message, StringComparison.Ordinal);
            var stored = Assert.Single(await store.ListAsync("4601", 2023, 4));
            Assert.Equal((first.Number, first.Total, first.Credits, first.IssuedAt), (stored.Number, stored.Total, stored.Credits, stored.IssuedAt));
            Assert.Equal(line, Assert.Single(stored.Lines));
            await store.AppendAsync([credit]);
            Assert.Equal([first.Number, credit.Number], (await store.ListAsync(null, null, null)).Select(d => d.Number));
            Assert.Equal(-175_000m, (await store.ListAsync("4601", 2023, 4))[1].Total);
            Assert.Empty(await store.ListAsync("4601", 2023, 5));
            Assert.Empty(await store.ListAsync("0301", null, null));
        }
        finally
        {
            (store as IDisposable)?.Dispose();
            source?.Dispose();
        }
    }

    [Fact]
    public void Csv_OfStoredDocuments_NamesNumberKindAndCreditedInvoice()
    {
        var line = new IssuedInvoiceLine("henvisning:x", "institution", D(2023, 4, 1), D(2023, 4, 30), 30, 30, "ordinary", 175_000m, -175_000m, 252);
        var csv = Invoicing.ToCsv([new IssuedInvoice("4601-2023-04-2", "4601", 2023, 4, IssuedInvoiceKind.CreditNote, "4601-2023-04-1", -175_000m, [line], "bufetat:Vest", "x", default)]);
        Assert.Contains("4601-2023-04-2;credit-note;4601-2023-04-1;4601;2023-04;henvisning:x;institution;2023-04-01;2023-04-30;30;30;ordinary;175000.00;-175000.00;252", csv, StringComparison.Ordinal);
    }
}
