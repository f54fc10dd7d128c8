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
