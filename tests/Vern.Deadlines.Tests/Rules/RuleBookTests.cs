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
    public void Find_LegalDate_PicksTheVersionInForce(string id, string legalDate, string act, string citation)
    {
        var rule = Book.Find<DeadlineRule>(id, P(legalDate))!;
        Assert.Equal(act, rule.Act);
        Assert.Equal(citation, rule.Source.Citation);
    }

    [Fact]
    public void Find_VisitBeforeTheRegulation_ReturnsNull() =>
        Assert.Null(Book.Find<VisitsPerYear>("oppfolgingsbesok", D(2003, 6, 1)));

    [Fact]
    public void Default_EveryRule_HasTwoActsASourceAndAUrl()
    {
        foreach (var id in Book.Ids)
        {
            var versions = Book.Versions(id);
            // Every rule has a 2021 version; all but the aftercare plan (Plantype 5, from 2023) have a 1992 version too.
            Assert.Equal(id == "ettervernsplan" ? ["BVL2021"] : ["BVL", "BVL2021"], versions.Select(v => v.Act));
            Assert.All(versions, v => Assert.StartsWith("https://lovdata.no/", v.Source.Url));
            Assert.All(versions, v => Assert.False(string.IsNullOrWhiteSpace(v.Source.Note)));
        }
        Assert.Equal(11, Book.Ids.Count());
    }

    [Fact]
    public void Parse_OverlappingVersions_IsRefusedNamingTheRule()
    {
        const string json = """
            { "rules": [
              { "shape": "review-within", "id": "x", "act": "BVL", "validFrom": "1993-01-01", "validTo": null, "title": "t", "coreTask": false,
                "source": { "law": "l", "section": "1", "url": "u" }, "length": { "days": 7 } },
              { "shape": "review-within", "id": "x", "act": "BVL2021", "validFrom": "2023-01-01", "validTo": null, "title": "t", "coreTask": false,
                "source": { "law": "l", "section": "1", "url": "u" }, "length": { "days": 7 } } ] }
            """;
        var e = Assert.Throws<FormatException>(() => RuleBook.Parse(json));
        Assert.Contains("Regel x", e.Message);
    }
}
