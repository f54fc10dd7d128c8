using Vern.Matching;

namespace Vern.Matching.Tests;

/// <summary>Names folded for Norwegian letters and reduced to spelling keys (Data/name-variants.json).</summary>
public sealed class NorwegianNamesTests
{
    [Theory]
    [InlineData("Søren", "Soeren")]
    [InlineData("Søren", "Soren")]
    [InlineData("Håkon", "Haakon")]
    [InlineData("Sæther", "Saether")]
    [InlineData("Åse", "Aase")]
    [InlineData("JØRGENSEN", "Jørgensen")]
    [InlineData("Renée", "Renee")]
    public void Fold_NorwegianLettersAndTheirAsciiSpellings_AreTheSameWord(string a, string b) =>
        Assert.Equal(NorwegianNames.Words(a), NorwegianNames.Words(b));

    [Theory]
    [InlineData("Kristian", "Christian")]
    [InlineData("Kristiansen", "Christianssen")]
    [InlineData("Jensen", "Jenssen")]
    [InlineData("Sofie", "Sophie")]
    [InlineData("Mathias", "Matias")]
    [InlineData("Thea", "Tea")]
    [InlineData("Wilhelm", "Vilhelm")]
    [InlineData("Mohammed", "Muhammad")]
    [InlineData("Yusuf", "Youssef")]
    [InlineData("Carl", "Karl")]
    [InlineData("Cecilie", "Sesilie")]
    [InlineData("Håkon", "Hakon")]
    public void SpellingKey_CommonVariants_AreEqual(string a, string b) =>
        Assert.Equal(Key(a), Key(b));

    [Theory]
    [InlineData("Emma", "Emil")]
    [InlineData("Hansen", "Olsen")]
    [InlineData("Ida", "Ada")]
    [InlineData("Jakob", "Jonas")]
    public void SpellingKey_DifferentNames_StayDifferent(string a, string b) =>
        Assert.NotEqual(Key(a), Key(b));

    [Theory]
    [InlineData("hansen", "hamsen", true)]
    [InlineData("hansen", "hnasen", true)]
    [InlineData("kristoffersen", "kristofersne", true)]
    [InlineData("ida", "ada", false)]
    [InlineData("hansen", "olsen", false)]
    public void IsTypo_OneEditForShortWords_TwoFromEightLetters(string a, string b, bool expected) =>
        Assert.Equal(expected, NorwegianNames.IsTypo(a, b));

    [Fact]
    public void Words_SplitOnSpaceAndHyphen()
    {
        Assert.Equal(["ola", "martin"], NorwegianNames.Words("Ola-Martin"));
        Assert.Equal(["ola", "martin"], NorwegianNames.Words("  Ola   Martin "));
        Assert.Empty(NorwegianNames.Words(null));
    }

    private static string Key(string name) => string.Join(' ', NorwegianNames.Words(name).Select(NorwegianNames.SpellingKey));
}
