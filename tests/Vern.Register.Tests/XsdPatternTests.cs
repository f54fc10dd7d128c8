using System.Text.RegularExpressions;
using System.Xml.Linq;
using Vern.Register.Schema;

namespace Vern.Register.Tests;

/// <summary>The hand matchers of the XSD's pattern facets (<see cref="XsdPattern"/>) give .NET Regex's verdict on
/// <c>^(…)$</c> for every pattern in Barnevern_v4.xsd and a table of values: Unicode digits, a final line feed,
/// upper-case hex, a UUID of the wrong version or variant, empty and too long values.</summary>
public class XsdPatternTests
{
    private static readonly string[] Values =
    [
        "", " ", "\n", "\n\n", "a", "z", "A", "æ", "ab", "a\n", "a\n\n", "0", "9", "٣", "٣٤٥٦", "1234", "1234\n", "1234\n\n", "1234 ",
        " 1234", "12a", "12ab", "12aB", "12a\n", "a12", "12-", "123456789", "12345678", "1234567890", "12345678901", "123456789012",
        "1234567890123", "١٢٣٤٥٦٧٨٩", "0f8fad5b-d9cb-469f-a165-70867728950e", "0F8FAD5B-D9CB-469F-A165-70867728950E",
        "0f8fad5b-d9cb-769f-a165-70867728950e", "0f8fad5b-d9cb-069f-a165-70867728950e", "0f8fad5b-d9cb-469f-c165-70867728950e",
        "0f8fad5b-d9cb-469f-B165-70867728950e", "0f8fad5b-d9cb-469f-a165-70867728950e\n", "0f8fad5b-d9cb-469f-a165-70867728950",
        "0f8fad5b-d9cb-469f-a165-70867728950eX", "0f8fad5bXd9cb-469f-a165-70867728950e", "0g8fad5b-d9cb-469f-a165-70867728950e",
        "2026-01-15T10:00:00+01:00", "2026-01-15T10:00:00.123Z", "2026-01-15T10:00:00", "2026-01-15T10:00:00+01:00\n",
        "2026-01-15T10:00:00.123456789-14:00", "2026-01-15T10:00:00.1234567890Z", "2026-01-15T10:00:00.Z", "2026-01-15T10:00:00z",
        "2026-01-15T10:00:00+1:00", "2026-01-15T10:00:00+01:000", "2026-01-15 10:00:00Z", "٢٠٢٦-01-15T10:00:00Z", "2026-01-15T10:00:00.٣Z",
        "2026-01-15T10:00Z", "2026-01-15T10:00:00+01:00Z",
    ];

    public static TheoryData<string> Patterns()
    {
        using var stream = TestSupport.Reference.Open(Vern.Storage.SsbReference.SchemaFile);
        var xsd = XDocument.Load(stream);
        var data = new TheoryData<string>();
        foreach (var p in xsd.Descendants(XNamespace.Get("http://www.w3.org/2001/XMLSchema") + "pattern").Select(e => (string)e.Attribute("value")!).Distinct())
        {
            data.Add(p);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Patterns))]
    public void Compile_EveryPatternOfTheXsd_GivesTheRegexVerdict(string pattern)
    {
        var matcher = XsdPattern.Compile([pattern]);
        var regex = XsdPattern.Regex([pattern]);
        foreach (var v in Values)
        {
            Assert.True(regex.IsMatch(v) == matcher(v), $"«{pattern}» on «{Regex.Escape(v)}»: Regex {regex.IsMatch(v)}, matcher {matcher(v)}");
        }
    }

    [Fact]
    public void Compile_TwoAlternatives_MatchesEither()
    {
        string[] alternatives = [@"\d{4}", "[a-z]"];
        var matcher = XsdPattern.Compile(alternatives);
        var regex = XsdPattern.Regex(alternatives);
        foreach (var v in Values)
        {
            Assert.Equal(regex.IsMatch(v), matcher(v));
        }
    }
}
