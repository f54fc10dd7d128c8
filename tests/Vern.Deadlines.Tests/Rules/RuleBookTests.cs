using Vern.Deadlines.Rules;
using static Vern.Deadlines.Tests.F;

namespace Vern.Deadlines.Tests.Rules;

public class RuleBookTests
{
    [Theory]
    [InlineData("melding-gjennomgang", "2022-12-31", "BVL", "barnevernloven (1992) § 4-2 første ledd")]
    [InlineData("melding-gjennomgang", "2023-01-01", "BVL2021", "barnevernsloven § 2-1 første ledd")]
    [InlineData("undersokelse-frist", "2022-12-31", "BVL", "barnevernloven (1992) § 6-9 første ledd")]
    [InlineData("undersokelse-frist", "2023-01-01", "BVL2021", "barnevernsloven § 2-2")]
    [InlineData("tiltaksplan", "2023-06-01", "BVL2021", "barnevernsloven § 8-1")]
    [InlineData("omsorgsplan", "2020-06-01", "BVL", "barnevernloven (1992) § 4-15 tredje ledd")]
    [InlineData("oppfolgingsbesok", "2010-01-01", "BVL", "fosterhjemsforskriften (2003) § 7")]
    [InlineData("oppfolgingsbesok", "2023-12-31", "BVL2021", "fosterhjemsforskriften (2003) § 7")]   // the 2003 regulation through 2023
    [InlineData("oppfolgingsbesok", "2024-01-01", "BVL2021", "forskrift om fosterhjem (2023)")]      // replaced 1 January 2024
    [InlineData("tilsynsbesok", "2024-01-01", "BVL2021", "forskrift om fosterhjem (2023)")]
    [InlineData("ettervern-tilbud", "2020-12-31", "BVL", "barnevernloven (1992) § 4-15 fjerde ledd")]
    [InlineData("akuttvedtak-begjaering", "2022-12-31", "BVL", "barnevernloven (1992) § 4-6 fjerde ledd")]
    [InlineData("akuttvedtak-begjaering", "2023-01-01", "BVL2021", "barnevernsloven § 4-2")]
    [InlineData("omsorgsovertakelse-iverksatt", "2022-12-31", "BVL", "barnevernloven (1992) § 4-13 første ledd")]
    [InlineData("omsorgsovertakelse-iverksatt", "2023-01-01", "BVL2021", "barnevernsloven")]   // the section is not verified, so none is cited
    [InlineData("tilbakeforing-oppfolging", "2026-01-01", "BVL2021", "barnevernsloven")]       // regjeringen.no, 1.1.2026; the section is not verified, so none is cited
    public void Find_LegalDate_PicksTheVersionInForce(string id, string legalDate, string act, string citation)
    {
        var rule = Book.Find<DeadlineRule>(id, P(legalDate))!;
        Assert.Equal(act, rule.Act);
        Assert.Equal(citation, rule.Source.Citation);
    }

    [Fact]
    public void Find_VisitBeforeTheRegulation_ReturnsNull() =>
        Assert.Null(Book.Find<VisitsPerYear>("oppfolgingsbesok", D(2003, 6, 1)));

    /// <summary>Every duty and the Acts its versions belong to, oldest first: one version per Act, plus a new version
    /// where the law changed within an Act (foster home regulation 2024; aftercare to 25 from 2021). Duties with no
    /// 1992 version exist only in the 2021 Act or the register's 2023 code list.</summary>
    private static readonly Dictionary<string, string[]> ExpectedActs = new()
    {
        ["melding-gjennomgang"] = ["BVL", "BVL2021"],
        ["melder-tilbakemelding"] = ["BVL", "BVL2021"],
        ["melder-tilbakemelding-undersokelse"] = ["BVL", "BVL2021"],
        ["undersokelse-frist"] = ["BVL", "BVL2021"],
        ["undersokelsesplan"] = ["BVL2021"],
        ["tiltaksplan"] = ["BVL", "BVL2021"],
        ["omsorgsplan"] = ["BVL", "BVL2021"],
        ["ettervernsplan"] = ["BVL2021"],
        ["akuttvedtak-plan"] = ["BVL2021"],
        ["tiltaksplan-evaluering"] = ["BVL", "BVL2021"],
        ["omsorgsplan-evaluering"] = ["BVL", "BVL2021"],
        ["oppfolgingsbesok"] = ["BVL", "BVL2021", "BVL2021"],
        ["tilsynsbesok"] = ["BVL", "BVL2021", "BVL2021"],
        ["ettervern-tilbud"] = ["BVL", "BVL", "BVL2021"],
        ["akuttvedtak-begjaering"] = ["BVL", "BVL2021"],
        ["omsorgsovertakelse-iverksatt"] = ["BVL", "BVL2021"],
        ["institusjon-revurdering"] = ["BVL2021"],
        ["tilbakeforing-oppfolging"] = ["BVL2021"],
    };

    [Fact]
    public void Default_EveryRule_HasItsActsASourceABasisAndAUrl()
    {
        Assert.Equal(ExpectedActs.Keys.Order(StringComparer.Ordinal), Book.Ids.Order(StringComparer.Ordinal));
        foreach (var id in Book.Ids)
        {
            var versions = Book.Versions(id);
            Assert.Equal(ExpectedActs[id], versions.Select(v => v.Act));
            Assert.All(versions, v => Assert.StartsWith("https://lovdata.no/", v.Source.Url));
            Assert.All(versions, v => Assert.False(string.IsNullOrWhiteSpace(v.Source.Note)));
            Assert.All(versions, v => Assert.NotNull(v.Basis));
            // A version of the 1992 Act governs dates up to 2022-12-31, of the 2021 Act dates from 2023-01-01.
            Assert.All(versions, v => Assert.True(v.Act == "BVL" ? v.ValidTo <= D(2022, 12, 31) : v.ValidFrom >= D(2023, 1, 1), $"{id} {v.Act} {v.ValidFrom}"));
        }
    }

    [Theory]
    [Trait("Rule", "tiltaksplan-evaluering")]
    [InlineData("tiltaksplan-evaluering", DutyBasis.Guidance)]   // the Act says "regularly"; quarterly is guidance (seed 004)
    [InlineData("omsorgsplan-evaluering", DutyBasis.LocalRoutine)]
    [InlineData("undersokelse-frist", DutyBasis.Law)]
    [InlineData("oppfolgingsbesok", DutyBasis.Regulation)]
    public void Default_Basis_SaysWhereTheDeadlineComesFrom(string id, DutyBasis basis) =>
        Assert.All(Book.Versions(id), v => Assert.Equal(basis, v.Basis));

    /// <summary>Follow-up after a return home (regjeringen.no «Endringer i lover og regler fra 1.1.2026»: «plikt til å tilby barn og
    /// foreldre oppfølging i inntil seks måneder etter at et vedtak om omsorgsovertakelse er opphevet»): no version before 2026, the
    /// Act's URL without a section (not verified), six months, and only Opphevelse 1 (tilbakeført) starts it.</summary>
    [Fact]
    [Trait("Rule", "tilbakeforing-oppfolging")]
    public void Default_ReturnFollowUp_From2026_CitesTheActWithoutASection()
    {
        Assert.Null(Book.Find<FollowUpAfterReturn>("tilbakeforing-oppfolging", D(2025, 12, 31)));
        var rule = Book.Find<FollowUpAfterReturn>("tilbakeforing-oppfolging", D(2026, 1, 1))!;
        Assert.Equal(D(2026, 1, 1), rule.ValidFrom);
        Assert.Null(rule.Source.Section);
        Assert.Equal("https://lovdata.no/lov/2021-06-18-97", rule.Source.Url);
        Assert.Contains("Endringer i lover og regler fra 1.1.2026", rule.Source.Note, StringComparison.Ordinal);
        Assert.Contains("NOT verified", rule.Source.Note, StringComparison.Ordinal);
        Assert.Equal(DutyBasis.Law, rule.Basis);
        Assert.True(rule.CoreTask);
        Assert.Equal("1", Assert.Single(rule.TerminationCodes));
        Assert.Equal(D(2026, 3, 15), rule.Within.AddTo(D(2026, 3, 15)));
        Assert.Equal(D(2026, 9, 15), rule.FollowUpFor.AddTo(D(2026, 3, 15)));
        Assert.Equal(D(2026, 2, 28), rule.FollowUpFor.AddTo(D(2025, 8, 31))); // months in one step, clamped to the month's end
    }

    [Fact]
    public void Parse_VersionWithoutBasis_IsRefusedNamingTheRuleAndTheField()
    {
        const string json = """
            { "rules": [
              { "shape": "review-within", "id": "x", "act": "BVL2021", "validFrom": "2023-01-01", "validTo": null, "title": "t", "coreTask": false,
                "source": { "law": "l", "section": "1", "url": "u" }, "length": { "days": 7 } } ] }
            """;
        var e = Assert.Throws<FormatException>(() => RuleBook.Parse(json));
        Assert.Contains("Regel x", e.Message);
        Assert.Contains("basis", e.Message);
    }

    [Fact]
    public void Parse_OverlappingVersions_IsRefusedNamingTheRule()
    {
        const string json = """
            { "rules": [
              { "shape": "review-within", "id": "x", "act": "BVL", "validFrom": "1993-01-01", "validTo": null, "basis": "Law", "title": "t", "coreTask": false,
                "source": { "law": "l", "section": "1", "url": "u" }, "length": { "days": 7 } },
              { "shape": "review-within", "id": "x", "act": "BVL2021", "validFrom": "2023-01-01", "validTo": null, "basis": "Law", "title": "t", "coreTask": false,
                "source": { "law": "l", "section": "1", "url": "u" }, "length": { "days": 7 } } ] }
            """;
        var e = Assert.Throws<FormatException>(() => RuleBook.Parse(json));
        Assert.Contains("Regel x", e.Message);
    }
}
