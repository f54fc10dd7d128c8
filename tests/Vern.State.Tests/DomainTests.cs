using Vern.Domain.Cases;
using Vern.Domain.State;
using Vern.Domain.Validation;
using Vern.State.Reports;

namespace Vern.State.Tests;

/// <summary>The referral rules (bad input gets a clear error and stores nothing) and the reports on constructed referrals.</summary>
public sealed class DomainTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    private static ReferralDetails Details(string measure = "foster-home", DateOnly? sent = null, DateOnly? desired = null, string region = "Vest",
        string child = "c1", bool urgent = false) =>
        new(new ReferralId(Guid.NewGuid()), "4601", region, null, new ReferredChild(child, D(2012, 1, 1), null), measure,
            measure.StartsWith("parent-child", StringComparison.Ordinal) ? CentrePurpose.Assessment : null, urgent, "Behov beskrevet.",
            sent ?? D(2024, 1, 1), desired ?? sent ?? D(2024, 1, 1));

    private static ReferralState Run(ReferralDetails d, params ReferralCommand[] commands)
    {
        var s = ReferralState.Replay(ReferralDecider.Decide(null, new SendReferral(d)))!;
        foreach (var c in commands)
            s = ReferralDecider.Decide(s, c).Aggregate(s, ReferralState.Apply);
        return s;
    }

    private static MakeOffer Offer(DateOnly on) => new(on, "f1", "Sted", on, null);

    [Fact]
    public void EndStay_BeforeItStarts_IsRefusedNamingBothDates()
    {
        var s = Run(Details(sent: D(2024, 1, 1)), Offer(D(2024, 1, 5)), new StartStay(Guid.NewGuid(), D(2024, 1, 10), null, null));
        var e = Assert.Throws<DomainRuleException>(() => ReferralDecider.Decide(s, new EndStay(D(2024, 1, 9), null)));
        Assert.Equal("vern.state.stay.end-before-start", Assert.Single(e.Issues).Code);
        Assert.Contains("2024-01-09", e.Message, StringComparison.Ordinal);
        Assert.Contains("2024-01-10", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartStay_OverlappingTheChildsStayElsewhere_IsRefused()
    {
        var first = Run(Details("emergency-foster-home"), Offer(D(2024, 1, 1)), new StartStay(Guid.NewGuid(), D(2024, 1, 1), null, "Beredskapshjem Li"));
        var second = Run(Details("foster-home"), Offer(D(2024, 2, 1)));
        var e = Assert.Throws<DomainRuleException>(() => ReferralDecider.Decide(second, new StartStay(Guid.NewGuid(), D(2024, 2, 1), null, null), first.Stays));
        Assert.Equal("vern.state.stay.overlap", Assert.Single(e.Issues).Code);
        Assert.Contains("Beredskapshjem Li", e.Message, StringComparison.Ordinal);
        // After the emergency home ends on 31 January, the foster home may begin on 1 February (inclusive periods).
        var ended = first.Stays.Select(st => st with { EndOn = D(2024, 1, 31) }).ToList();
        Assert.Single(ReferralDecider.Decide(second, new StartStay(Guid.NewGuid(), D(2024, 2, 1), null, null), ended));
    }

    [Fact]
    public void Offer_ToAWithdrawnReferral_IsRefused()
    {
        var s = Run(Details(), new WithdrawReferral(D(2024, 1, 2), "Ikke lenger aktuelt"));
        var e = Assert.Throws<DomainRuleException>(() => ReferralDecider.Decide(s, Offer(D(2024, 1, 3))));
        Assert.Equal("vern.state.referral.withdrawn", Assert.Single(e.Issues).Code);
    }

    [Fact]
    public void SendReferral_WithoutNeedsAndWithUnknownMeasure_NamesEachField()
    {
        var d = Details() with { Needs = " ", MeasureCode = "circus" };
        var e = Assert.Throws<DomainRuleException>(() => ReferralDecider.Decide(null, new SendReferral(d)));
        Assert.Equal(["vern.state.referral.measure", "vern.state.referral.needs"], e.Issues.Select(i => i.Code));
    }

    /// <summary>A municipality outside Vern's county → region table sends no region: that is reported with the other broken
    /// rules of the referral, naming the municipality, and an unknown region by its text.</summary>
    [Fact]
    public void SendReferral_WithoutRegionForAMunicipalityOutsideTheTable_IsReportedWithTheOtherRules()
    {
        var none = Assert.Throws<DomainRuleException>(() => ReferralDecider.Decide(null, new SendReferral(Details() with { MunicipalityNumber = "7777", Region = "", Needs = "" })));
        Assert.Equal(["vern.state.referral.region", "vern.state.referral.needs"], none.Issues.Select(i => i.Code));
        Assert.Contains("kommune 7777 har ikke noe fylke", none.Issues[0].Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<DomainRuleException>(() => ReferralDecider.Decide(null, new SendReferral(Details() with { Region = "Atlantis" })));
        Assert.Contains("ukjent region «Atlantis»", Assert.Single(unknown.Issues).Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "bistandsplikt.institusjon.v1")]
    public void DutyToAssist_InstitutionWithoutOfferIn30Days_IsBreachedFromDay31()
    {
        // barnevernsloven § 16-3 andre ledd bokstav a; 30 days is Vern's assumption (DutyToAssist remarks).
        var s = Run(Details("institution-care", sent: D(2024, 3, 1)));
        Assert.Equal(BreachKind.None, DutyToAssist.Evaluate(s, D(2024, 3, 31))!.Breach);
        var late = DutyToAssist.Evaluate(s, D(2024, 4, 1))!;
        Assert.Equal((BreachKind.NoOfferInTime, (DateOnly?)D(2024, 4, 1)), (late.Breach, late.BreachOn));
        var offeredInTime = Run(Details("institution-care", sent: D(2024, 3, 1)), Offer(D(2024, 3, 31)));
        Assert.Equal((BreachKind.None, (int?)30), (DutyToAssist.Evaluate(offeredInTime, D(2024, 6, 1))!.Breach, DutyToAssist.Evaluate(offeredInTime, D(2024, 6, 1))!.DaysToOffer));
    }

    [Fact]
    [Trait("Rule", "bistandsplikt.akutt.v1")]
    public void DutyToAssist_UrgentOfferNextDay_IsBreached_AndCentresHaveNoDuty()
    {
        var urgent = Run(Details("institution-emergency", sent: D(2024, 3, 1), urgent: true), Offer(D(2024, 3, 2)));
        Assert.Equal(BreachKind.NoOfferInTime, DutyToAssist.Evaluate(urgent, D(2024, 3, 2))!.Breach);
        // `000_…` 4.1.3: Bufetat has no duty to assist for parent and child centres.
        Assert.Null(DutyToAssist.Evaluate(Run(Details("parent-child-centre-residential")), D(2025, 1, 1)));
        var e = Assert.Throws<DomainRuleException>(() => Run(Details("mst"), new ConfirmBreach(D(2024, 2, 1), "Statsforvalteren i Vestland", null)));
        Assert.Equal("vern.state.breach.no-duty", Assert.Single(e.Issues).Code);
    }

    [Fact]
    public void BreachReport_CountsPerYearRegionMeasureAndUniqueChild()
    {
        var referrals = new[]
        {
            Run(Details("institution-care", D(2023, 11, 1), child: "a")),                                   // deadline 2023-12-01: breached from 2023-12-02
            Run(Details("institution-care", D(2024, 2, 1), child: "a"), Offer(D(2024, 2, 2)),               // in time, but confirmed on complaint
                new ConfirmBreach(D(2024, 5, 1), "Statsforvalteren i Vestland", "2024/77")),
            Run(Details("foster-home", D(2024, 1, 1), region: "Øst", child: "b")),                          // breached 2024-03-31 (90 days)
            Run(Details("foster-home", D(2024, 1, 1), region: "Øst", child: "c"), Offer(D(2024, 2, 1))),     // in time
            Run(Details("mst", D(2024, 1, 1), child: "d")),                                                 // no duty
        };
        var report = StateReports.Breaches(referrals, D(2024, 12, 31));
        Assert.Equal([("2023", 1), ("2024", 2)], report.PerYear.Select(y => (y.Key, y.Breaches)));
        Assert.Equal((3, 2, 4, 1), (report.Total.Breaches, report.Total.UniqueChildren, report.Total.ReferralsWithDuty, report.Total.ConfirmedByCountyGovernor));
        Assert.Equal(2, report.PerRegion.Single(r => r.Key == "Vest").Breaches);
        Assert.Equal(1, report.PerRegion.Single(r => r.Key == "Vest").UniqueChildren);
        Assert.Equal(1, report.PerMeasure.Single(m => m.Key == "foster-home").Breaches);
    }

    [Fact]
    public void WaitingList_OnAConstructedList_GivesMeanMedianAndTheBandsOf002Figure59()
    {
        // `002_…` 5.3, figure 5-9: bands < 30, 30–90, 91–180, > 180 days after the desired start date.
        var asOf = D(2024, 8, 31);
        DateOnly Waited(int days) => asOf.AddDays(-days);
        var referrals = new[] { 0, 29, 30, 90, 91, 180, 181, 400 }
            .Select(days => Run(Details("foster-home", Waited(days), Waited(days), region: days < 100 ? "Øst" : "Sør"))).ToList();
        referrals.Add(Run(Details("foster-home", D(2024, 1, 1)), new WithdrawReferral(D(2024, 2, 1), "Flyttet hjem")));         // not waiting
        referrals.Add(Run(Details("foster-home", D(2024, 1, 1)), Offer(D(2024, 3, 1)), new StartStay(Guid.NewGuid(), D(2024, 3, 1), null, null))); // placed
        referrals.Add(Run(Details("foster-home", D(2024, 8, 1), D(2024, 9, 15))));                                            // desired start not yet come
        referrals.Add(Run(Details("emergency-foster-home", D(2024, 1, 1))));                                                  // not a foster home
        var report = StateReports.WaitingList(referrals, asOf);
        Assert.Equal((8, 2, 2, 2, 2), (report.Total.Waiting.Count, report.Total.Under30, report.Total.From30To90, report.Total.From91To180, report.Total.Over180));
        Assert.Equal(125.125, report.Total.Waiting.Mean);   // (0+29+30+90+91+180+181+400)/8
        Assert.Equal(90.5, report.Total.Waiting.Median);    // (90+91)/2
        Assert.Equal(5, report.Regions.Single(r => r.Region == "Øst").Waiting.Count);
        Assert.Equal(3, report.Regions.Single(r => r.Region == "Sør").Over180 + report.Regions.Single(r => r.Region == "Sør").From91To180);
    }

    [Fact]
    public void EmergencyStays_MeanAndMedianOfEndedStays_AndCurrentResidents()
    {
        Stay S(DateOnly from, DateOnly? to) => new(Guid.NewGuid(), from, to, null, "B", [], []);
        var r = Run(Details("emergency-foster-home")) with
        {
            Stays = [S(D(2023, 1, 1), D(2023, 1, 10)), S(D(2023, 2, 1), D(2023, 2, 20)), S(D(2023, 3, 1), D(2023, 5, 31)), S(D(2023, 11, 1), null)],
        };
        var report = StateReports.EmergencyStays([r], D(2023, 1, 1), D(2023, 12, 31));
        Assert.Equal((3, 40.667, 20.0), (report.Ended.Count, Math.Round(report.Ended.Mean!.Value, 3), report.Ended.Median!.Value)); // 10, 20, 92 days
        Assert.Equal(61, report.CurrentAtTo.Mean);                                                                            // 1 Nov–31 Dec
    }

    [Fact]
    public void CentreReport_CostPerStay_ReproducesTable61()
    {
        // `000_…` table 6.1: residential assessment 50 days × 7 590 kr = 379 500 kr; guidance 100 days = 759 000 kr.
        var centre = new Facility("spfb-bergen", "Bergen", FacilityKind.ParentChildCentre, FacilityOwner.State, "Vest", 7, 7590m, D(2016, 1, 1));
        Stay S(DateOnly from, int days) => new(Guid.NewGuid(), from, from.AddDays(days - 1), "spfb-bergen", "Bergen", [], []);
        var assessment = Run(Details("parent-child-centre-residential")) with { Stays = [S(D(2024, 1, 1), 50)] };
        var guidance = Run(Details("parent-child-centre-residential", child: "c2")) with { Stays = [S(D(2024, 3, 1), 100)] };
        var a = StateReports.Facilities([centre], [assessment], FacilityKind.ParentChildCentre, D(2024, 1, 1), D(2024, 12, 31)).Facilities.Single();
        Assert.Equal((1, 50, 379_500m), (a.Stays, a.Days, a.CostPerStay));
        var g = StateReports.Facilities([centre], [guidance], FacilityKind.ParentChildCentre, D(2024, 1, 1), D(2024, 12, 31)).Facilities.Single();
        Assert.Equal(759_000m, g.CostPerStay);
        var both = StateReports.Facilities([centre], [assessment, guidance], FacilityKind.ParentChildCentre, D(2024, 1, 1), D(2024, 12, 31));
        Assert.Equal(150.0 / (7 * 366), both.Facilities.Single().Occupancy, 6); // 2024 has 366 days
    }
}
