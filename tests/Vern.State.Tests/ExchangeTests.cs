using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.People;
using Vern.Domain.State;
using Vern.Domain.Validation;

namespace Vern.State.Tests;

/// <summary>The referral → offer → placement path between a municipality's database and Bufetat's, exchanging Bufdir's Fiks
/// message types as files (issue 21, "must show"; `shared/reference/bufdir-fiks/meldingstyper.json`).</summary>
[Collection(PostgresTestSchema.Collection)]
public sealed class ExchangeTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    /// <summary>The files imported now (the folder keeps earlier files: those come back as duplicates and change nothing).</summary>
    private static IEnumerable<ImportedMessage> New(IEnumerable<ImportedMessage> imported) => imported.Where(m => m.Outcome != "duplikat");

    private static ReferralInput Institution(TwoDatabases t, DateOnly sent) =>
        new(t.Case, "institution-care", "Trenger omsorgsinstitusjon nær skolen; tidligere flyttinger.", DesiredStartOn: sent.AddDays(14), SentOn: sent);

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Referral_OfferAndPlacement_TravelBetweenTwoDatabasesAsFiksFiles(string engine)
    {
        using var t = await new TwoDatabases(engine).SeedAsync();
        var sent = await t.Municipality.SendReferralAsync(t.Caseworker, Institution(t, D(2024, 3, 1)));
        Assert.Equal("Vest", sent.Details.Region); // 4601 is in county 46 (Vestland): region Vest

        // 1. henvisning → Bufetat, which answers with an applikasjonskvittering.
        var atBufetat = await t.DeliverToBufetat();
        Assert.Equal([("henvisning", "mottatt")], atBufetat.Select(m => (m.Type, m.Outcome)));
        var received = Assert.Single(await t.Bufetat.ListReferralsAsync(t.Intake));
        Assert.Equal(sent.Id, received.Id);
        Assert.Null(received.Details.CaseId); // the municipal case id is never sent to Bufetat
        Assert.Equal("15031550073", received.Details.Child.Key);

        // 2. tilsagn → the municipality.
        await t.Bufetat.OfferAsync(t.Intake, sent.Id, new MakeOffer(D(2024, 3, 5), "inst-vest-1", "Fjordtun omsorgssenter", D(2024, 3, 11), null));
        // 3. the child moves in: a stay, told to the municipality by a saksbehandlerkvittering («plassert»).
        await t.Bufetat.StartStayAsync(t.Intake, sent.Id, D(2024, 3, 11));
        var atMunicipality = await t.DeliverToMunicipality();
        Assert.Equal([("applikasjonskvittering", "kvittering mottatt"), ("tilsagn", "mottatt"), ("saksbehandlerkvittering", "mottatt")],
            atMunicipality.Select(m => (m.Type, m.Outcome)));

        var there = Assert.Single(await t.Municipality.ListReferralsAsync(t.Leader));
        Assert.Equal(ReferralStatus.Placed, there.Status);
        Assert.Equal("Fjordtun omsorgssenter", there.Offer!.PlaceName);
        Assert.Equal(D(2024, 3, 11), Assert.Single(there.Stays).StartOn);
        Assert.Equal(t.Case, there.Details.CaseId);

        // The municipality's application receipt for the offer reaches Bufetat.
        Assert.Equal([("applikasjonskvittering", "kvittering mottatt")], New(await t.DeliverToBufetat()).Select(m => (m.Type, m.Outcome)));

        // The stays query for the co-payment side, on Bufetat's side.
        var stay = Assert.Single(await t.Bufetat.StaysAsync(t.Intake, D(2024, 3, 1), D(2024, 3, 31)));
        Assert.Equal(("4601", "institution-care", "institution", D(2024, 3, 11), (DateOnly?)null), (stay.MunicipalityNumber, stay.MeasureCode, stay.CopayCode, stay.From, stay.To));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Import_SameFilesTwice_ChangesNothingTheSecondTime(string engine)
    {
        using var t = await new TwoDatabases(engine).SeedAsync();
        var sent = await t.Municipality.SendReferralAsync(t.Caseworker, Institution(t, D(2024, 3, 1)));
        await t.DeliverToBufetat();
        var again = await t.Bufetat.ImportMessagesAsync(t.Intake, t.ToBufetat);
        Assert.Equal(["duplikat"], again.Select(m => m.Outcome));
        Assert.Single(await t.Bufetat.ListReferralsAsync(t.Intake));
        var (_, events) = await t.Bufetat.ShowReferralAsync(t.Intake, sent.Id);
        Assert.Single(events);
        // Only one application receipt was queued, not two.
        var files = await t.Bufetat.ExportMessagesAsync(t.Intake, t.ToMunicipality);
        Assert.Single(files);
        Assert.Contains("applikasjonskvittering", Path.GetFileName(files[0]), StringComparison.Ordinal);
        Assert.Empty(await t.Bufetat.ExportMessagesAsync(t.Intake, t.ToMunicipality)); // nothing left to send
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Withdrawal_ReachesBufetat_ThenAnOfferIsRefusedAndNothingStored(string engine)
    {
        using var t = await new TwoDatabases(engine).SeedAsync();
        var sent = await t.Municipality.SendReferralAsync(t.Caseworker, Institution(t, D(2024, 3, 1)));
        await t.DeliverToBufetat();
        await t.Municipality.WithdrawReferralAsync(t.Caseworker, sent.Id, D(2024, 3, 2), "Barnet flyttet til slekt.");
        Assert.Equal([("trukketmelding", "mottatt")], New(await t.DeliverToBufetat()).Select(m => (m.Type, m.Outcome)));
        var before = (await t.Bufetat.ShowReferralAsync(t.Intake, sent.Id)).Events.Count;

        var e = await Assert.ThrowsAsync<DomainRuleException>(() =>
            t.Bufetat.OfferAsync(t.Intake, sent.Id, new MakeOffer(D(2024, 3, 3), null, "Fjordtun", D(2024, 3, 4), null)));
        Assert.Equal("vern.state.referral.withdrawn", Assert.Single(e.Issues).Code);
        Assert.Contains("trukket", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await t.Bufetat.ShowReferralAsync(t.Intake, sent.Id)).Events.Count);
        Assert.Equal(ReferralStatus.Withdrawn, (await t.Bufetat.ShowReferralAsync(t.Intake, sent.Id)).State.Status);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task OfferCrossingAWithdrawal_IsRefusedByTheMunicipality_WithAFeilmeldingBack(string engine)
    {
        using var t = await new TwoDatabases(engine).SeedAsync();
        var sent = await t.Municipality.SendReferralAsync(t.Caseworker, Institution(t, D(2024, 3, 1)));
        await t.DeliverToBufetat();
        // Bufetat offers while the municipality withdraws: the messages cross.
        await t.Bufetat.OfferAsync(t.Intake, sent.Id, new MakeOffer(D(2024, 3, 3), null, "Fjordtun", D(2024, 3, 4), null));
        await t.Municipality.WithdrawReferralAsync(t.Caseworker, sent.Id, D(2024, 3, 2), "Barnet flyttet til slekt.");
        var atMunicipality = await t.DeliverToMunicipality();
        var offer = Assert.Single(atMunicipality, m => m.Type == "tilsagn");
        Assert.StartsWith("feil: Kan ikke gi tilsagn på en henvisning som er trukket", offer.Outcome, StringComparison.Ordinal);
        Assert.Equal(ReferralStatus.Withdrawn, (await t.Municipality.ShowReferralAsync(t.Leader, sent.Id)).State.Status);
        var atBufetat = await t.DeliverToBufetat();
        Assert.Contains(atBufetat, m => m.Type == "feilmelding" && m.Outcome.Contains("trukket", StringComparison.Ordinal));
        // The withdrawal reaches Bufetat after its offer: a referral with an offer but no stay may still be withdrawn.
        Assert.Contains(atBufetat, m => m.Type == "trukketmelding" && m.Outcome == "mottatt");
        Assert.Equal(ReferralStatus.Withdrawn, (await t.Bufetat.ShowReferralAsync(t.Intake, sent.Id)).State.Status);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Access_BufetatSeesOnlyItsRegion_AndNeverSendsOrReadsTheCase(string engine)
    {
        using var t = await new TwoDatabases(engine).SeedAsync();
        var sent = await t.Municipality.SendReferralAsync(t.Caseworker, Institution(t, D(2024, 3, 1)));
        await t.DeliverToBufetat();
        Assert.Empty(await t.Bufetat.ListReferralsAsync(t.OtherRegion));
        await Assert.ThrowsAsync<ArgumentException>(() => t.Bufetat.ShowReferralAsync(t.OtherRegion, sent.Id)); // not found, not "forbidden"
        await Assert.ThrowsAsync<AccessDeniedException>(() => t.Bufetat.OfferAsync(t.Analyst, sent.Id, new MakeOffer(D(2024, 3, 3), null, "X", D(2024, 3, 4), null)));
        var bufetatInMunicipalDb = await t.Municipality.ActorAsync("bufetat-vest");
        await Assert.ThrowsAsync<AccessDeniedException>(() => t.Municipality.ShowCaseAsync(bufetatInMunicipalDb, t.Case));
        await Assert.ThrowsAsync<AccessDeniedException>(() => t.Municipality.SendReferralAsync(bufetatInMunicipalDb, Institution(t, D(2024, 3, 1))));
        // A caseworker refers only from a case assigned to them; the case's own caseworker sees the referral, the other does not.
        await Assert.ThrowsAsync<AccessDeniedException>(() => t.Municipality.SendReferralAsync(t.OtherCaseworker, Institution(t, D(2024, 3, 1))));
        Assert.Single(await t.Municipality.ListReferralsAsync(t.Caseworker));
        Assert.Empty(await t.Municipality.ListReferralsAsync(t.OtherCaseworker));
        // A caseworker cannot act as Bufetat's intake.
        await Assert.ThrowsAsync<AccessDeniedException>(() => t.Municipality.OfferAsync(t.Caseworker, sent.Id, new MakeOffer(D(2024, 3, 3), null, "X", D(2024, 3, 4), null)));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Import_MessageForAnotherService_IsSkipped(string engine)
    {
        using var t = await new TwoDatabases(engine).SeedAsync();
        await t.Municipality.SendReferralAsync(t.Caseworker, Institution(t, D(2024, 3, 1)));
        await t.Municipality.ExportMessagesAsync(t.Leader, t.ToBufetat);
        var result = await t.Bufetat.ImportMessagesAsync(t.OtherRegion, t.ToBufetat);
        Assert.Equal(["ikke til oss"], result.Select(r => r.Outcome));
        Assert.Empty(await t.Bufetat.ListReferralsAsync(t.OtherRegion));
    }

    /// <summary>The case page's referrals block reads one case's referrals through the index on the case id (migration 24),
    /// not every referral of the municipality (issue 16, the case page's speed): each case shows its own, before and after
    /// Bufetat's answer changes the referral's state row.</summary>
    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task CaseReferrals_ShowOnlyTheCasesOwn_BeforeAndAfterTheStateChanges(string engine)
    {
        using var t = await new TwoDatabases(engine).SeedAsync();
        var other = (await t.Municipality.OpenCaseAsync(t.Leader, new OpenCase("4601", "2024/2", D(2024, 1, 12),
            new ChildInput("01020350187", D(2003, 2, 1), Sex.Male, GivenName: "Ola", FamilyName: "Nordmann")))).State.Id;
        Assert.Empty(await t.Municipality.CaseReferralsAsync(t.Leader, other));
        var first = await t.Municipality.SendReferralAsync(t.Caseworker, Institution(t, D(2024, 3, 1)));
        var second = await t.Municipality.SendReferralAsync(t.Leader, new ReferralInput(other, "institution-care", "Trenger institusjon.", D(2024, 3, 20), SentOn: D(2024, 3, 2)));
        Assert.Equal([first.Id], (await t.Municipality.CaseReferralsAsync(t.Leader, t.Case)).Select(r => r.Id));
        Assert.Equal([second.Id], (await t.Municipality.CaseReferralsAsync(t.Leader, other)).Select(r => r.Id));

        await t.DeliverToBufetat();
        await t.Bufetat.OfferAsync(t.Intake, first.Id, new MakeOffer(D(2024, 3, 5), "inst-vest-1", "Fjordtun omsorgssenter", D(2024, 3, 11), null));
        await t.DeliverToMunicipality();
        var offered = Assert.Single(await t.Municipality.CaseReferralsAsync(t.Caseworker, t.Case));
        Assert.Equal((first.Id, ReferralStatus.Offered), (offered.Id, offered.Status));
        Assert.Equal([second.Id], (await t.Municipality.CaseReferralsAsync(t.Leader, other)).Select(r => r.Id));

        if (engine == "sqlite")
        {
            using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={t.MunicipalityDb}");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"EXPLAIN QUERY PLAN SELECT state FROM state_referrals WHERE {Vern.Storage.State.SqliteStateStore.CaseIdExpression} = 'x'";
            using var plan = cmd.ExecuteReader();
            var steps = new List<string>();
            while (plan.Read())
                steps.Add(plan.GetString(3));
            Assert.Contains(steps, s => s.Contains("state_referrals_case", StringComparison.Ordinal));
        }
    }
}
