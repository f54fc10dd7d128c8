using System.Net;
using Vern.Application;
using Vern.Domain.State;
using Vern.State.Reports;
using Vern.Web.Pages.State;

namespace Vern.Web.Tests;

/// <summary>The centre and institution reports on /bufetat (issue 21 left them unsuppressed for analysts): the application layer
/// suppresses small counts for aggregates-only readers with the waiting list's rule (1–4 hidden, then secondary suppression in
/// each sum), the days, occupancy and cost of a hidden row go with it, and the list of single stays is left out. The page says in a
/// sentence when a table has no rows.</summary>
public sealed class BufetatTablesTests
{
    private static readonly DateOnly From = new(2026, 1, 1), To = new(2026, 6, 30);

    private static Facility Centre(string id, FacilityOwner owner) => new(id, "Senter " + id, FacilityKind.ParentChildCentre, owner, "Øst", 10, 5000m, From);

    private static FacilityUse Use(Facility f, int stays) => new(f, stays, stays * 30, stays * 30 / (10.0 * 181), 150_000m, 5000m * stays * 30);

    private static FacilityReport Centres()
    {
        FacilityUse[] uses = [Use(Centre("a", FacilityOwner.NonProfit), 3), Use(Centre("b", FacilityOwner.NonProfit), 10),
            Use(Centre("c", FacilityOwner.State), 7), Use(Centre("d", FacilityOwner.State), 6)];
        return new FacilityReport(From, To, FacilityKind.ParentChildCentre, uses,
            [(FacilityOwner.State, 20, 13, 390, 390 / 3620.0), (FacilityOwner.NonProfit, 20, 13, 390, 390 / 3620.0)]);
    }

    [Fact]
    public void Centres_Suppressed_HidesASmallCount_AndTheOtherCentreOfItsOwner_WithTheirDaysAndCost()
    {
        var t = FacilitySuppression.Centres(Centres(), suppress: true);

        Assert.True(t.Suppressed);
        var byName = t.Facilities.ToDictionary(r => r.Name);
        // «a» has 3 stays (1–4: hidden). Its owner's sum (13) is shown, so «b» (10) would give it away: hidden too.
        foreach (var hidden in new[] { "Senter a", "Senter b" })
        {
            var r = byName[hidden];
            Assert.Equal((null, null, null, null), (r.Stays, r.Days, r.Occupancy, r.CostPerStay));
            Assert.Equal(10, r.Places); // places and day price are the facility's, not a count of children
        }
        Assert.Equal((7, 210), (byName["Senter c"].Stays, byName["Senter c"].Days));
        Assert.Equal((6, 180), (byName["Senter d"].Stays, byName["Senter d"].Days));
        Assert.All(t.PerOwner, o => Assert.Equal(13, o.Stays));
    }

    [Fact]
    public void Centres_NotSuppressed_ShowsEveryCount()
    {
        var t = FacilitySuppression.Centres(Centres(), suppress: false);
        Assert.False(t.Suppressed);
        Assert.Equal([3, 10, 7, 6], t.Facilities.Select(r => r.Stays));
        Assert.All(t.Facilities, r => Assert.NotNull(r.CostPerStay));
    }

    [Fact]
    public void Institutions_Suppressed_HidesSmallTypesAndCounts_AndLeavesOutTheSingleStays()
    {
        var institution = (string id, string type, int stays) => new FacilityUse(
            new Facility(id, "Inst " + id, FacilityKind.Institution, FacilityOwner.State, "Øst", 8, 9000m, From, type), stays, stays * 20, 0.1, 0m, 0m);
        var use = new FacilityReport(From, To, FacilityKind.Institution, [institution("x", "omsorg", 2), institution("y", "atferd", 9)], []);
        var report = new InstitutionReport(From, To, [("atferd", 8, 180, 0.12), ("omsorg", 8, 40, 0.03)], 11, 3, 0,
            [(new ReferralId(Guid.NewGuid()), null!, false, true)]);

        var t = FacilitySuppression.Institutions(report, use, suppress: true);

        // «omsorg» has 2 stays: hidden; all stays (11) are shown, so «atferd» (9) would give it away: hidden too.
        Assert.All(t.PerType, r => Assert.Equal((null, null, null), (r.Stays, r.Days, r.Occupancy)));
        Assert.Equal(11, t.Stays);
        Assert.Null(t.WithoutIntakeAssessment); // 3: hidden
        Assert.Equal(0, t.WithoutFollowUp);     // zeros are shown
        Assert.Empty(t.StaysMissing);           // each of those is one child's stay

        var open = FacilitySuppression.Institutions(report, use, suppress: false);
        Assert.Equal([9, 2], open.PerType.Select(r => r.Stays));
        Assert.Equal(3, open.WithoutIntakeAssessment);
        Assert.Single(open.StaysMissing);
    }

    [Theory]
    [InlineData(null, null, ":")] // the count itself is prikket
    [InlineData(null, 3, ":")]    // shown count under 5 (unsuppressed counts are never under 5 without a mean)
    [InlineData(null, 0, "–")]    // nobody waits: nothing to average
    [InlineData(0.0, 7, "0")]     // «I alt» by the same rule: 7 children, mean 0 days
    public void WaitingDays_HeldBackIsColon_NoChildIsDash_TheSameForTheTotal(double? days, int? children, string shown) =>
        Assert.Equal(shown, ReferralText.WaitDays(days, children));

    [Fact]
    public async Task BufetatPage_Analyst_SaysInASentenceWhenNoFacilityIsRegistered()
    {
        using var app = await VernWebFactory.StartAsync();
        var client = await app.LoginAsync(TestData.Analyst);
        var response = await client.GetAsync("/bufetat");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Ingen tiltakssteder er registrert.", html, StringComparison.Ordinal);
        Assert.Contains("Ingen sentre for foreldre og barn er registrert.", html, StringComparison.Ordinal);
        Assert.Contains("Ingen institusjoner er registrert.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<th scope=\"col\">Navn</th>", html, StringComparison.Ordinal); // no header-only table
    }
}
