using Vern.Domain.People;

namespace Vern.Domain.Tests.People;

/// <summary>Fødselsnummer and D-nummer per Skatteetaten's definition (mod-11 control digits);
/// the register's incomplete forms per Barnevern_v4.xsd Personalia/@Fodselsnummer.</summary>
public class PersonIdentifierTests
{
    [Theory]
    [InlineData("01010750160", IdentifierKind.Fodselsnummer, "2007-01-01")] // individual 501: born in the 2000s
    [InlineData("41010750160", IdentifierKind.DNummer, "2007-01-01")]      // D-nummer: day + 40 (same control digits? no: recomputed below)
    public void TryParse_KnownShapes_ReadsKindAndBirthDate(string raw, IdentifierKind kind, string birth)
    {
        var value = kind == IdentifierKind.DNummer ? WithControlDigits(raw[..9]) : raw;
        var id = PersonIdentifier.TryParse(value, out var error);
        Assert.True(id is not null, error);
        Assert.Equal(kind, id!.Kind);
        Assert.Equal(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), id.BirthDate);
    }

    [Theory]
    [InlineData("01010750161", "kontrollsifrene stemmer ikke (modulus 11)")]
    [InlineData("0101075016", "må være 11 siffer")]
    [InlineData("0101075016x", "må være 11 siffer")]
    [InlineData("32010750160", "datodelen (DDMMÅÅ) og individnummeret gir ingen gyldig fødselsdato")]
    [InlineData("29020550100", "datodelen (DDMMÅÅ) og individnummeret gir ingen gyldig fødselsdato")] // 29 Feb 2005 does not exist
    public void TryParse_Invalid_ReturnsReason(string raw, string reason)
    {
        Assert.Null(PersonIdentifier.TryParse(raw, out var error));
        Assert.Equal(reason, error);
    }

    [Theory]
    [Trait("Rule", "Personalia Kontroll 14")]
    [InlineData("14031500100", "2015-03-14", Sex.Male)] // birth date + 00100: 9th digit 1, odd
    [InlineData("14031500200", "2015-03-14", Sex.Female)] // birth date + 00200: 9th digit 2, even
    [InlineData("01022799999", "2027-02-01", null)] // due date + 99999 (unborn child): SSB does not read the sex
    public void TryParse_RegisterIncompleteForms_AreIncomplete(string raw, string date, Sex? sex)
    {
        var id = PersonIdentifier.TryParse(raw, out _);
        Assert.Equal(IdentifierKind.Incomplete, id!.Kind);
        Assert.Equal(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), id.BirthDate);
        Assert.Equal(sex, id.EncodedSex);
    }

    [Fact]
    public void Create_EveryValidIndividualNumber_RoundTrips()
    {
        var birth = new DateOnly(2016, 2, 29);
        var made = Enumerable.Range(500, 500).Select(i => PersonIdentifier.Create(birth, i)).OfType<PersonIdentifier>().ToList();
        Assert.InRange(made.Count, 300, 500); // some individual numbers give control digit 10 and are skipped
        Assert.All(made, id => Assert.Equal(birth, PersonIdentifier.Parse(id.Value).BirthDate));
    }

    [Fact]
    public void EncodedSex_NinthDigitOdd_IsMale()
    {
        var male = Enumerable.Range(50, 50).Select(i => PersonIdentifier.Create(new DateOnly(2010, 5, 5), i * 10 + 1)).First(p => p is not null)!;
        Assert.Equal(Sex.Male, male.EncodedSex);
    }

    /// <summary>Appends both mod-11 control digits to nine digits (independent re-implementation for the test).</summary>
    private static string WithControlDigits(string nine)
    {
        int[] w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2], w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
        var d = nine.Select(c => c - '0').ToList();
        int k1 = (11 - d.Select((x, i) => x * w1[i]).Sum() % 11) % 11;
        d.Add(k1);
        int k2 = (11 - d.Select((x, i) => x * w2[i]).Sum() % 11) % 11;
        return nine + k1 + k2;
    }
}
