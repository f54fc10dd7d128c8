using Vern.Domain.Validation;

namespace Vern.Register.Tests;

/// <summary>The fast schema path flags exactly the files that .NET's XmlSchemaSet flags with the real XSD, over a
/// corpus of valid variants and deliberately broken files made from a realistic sample.</summary>
public class FastSchemaEquivalenceTests
{
    private const string Uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";

    /// <summary>(name, expected to break the XSD, xml). The expectation documents intent; the test compares both paths.</summary>
    public static TheoryData<string, bool, string> Corpus()
    {
        var s = TestSupport.SampleXml(11);
        string R(string from, string to, int count = 1) => ReplaceFirst(s, from, to, count);
        string Attr(string element, string name, string value) => SetAttr(s, element, name, value);
        var data = new TheoryData<string, bool, string>
        {
            { "valid sample", false, s },
            { "valid: comments and processing instructions", false, R("<Fagsystem ", "<!-- c --><?pi x?><Fagsystem ") },
            { "valid: xsi:noNamespaceSchemaLocation", false, R("<Barnevern ", "<Barnevern xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"Barnevern_v4.xsd\" ") },
            { "valid: CDATA law", false, R("<Lov>BVL2021</Lov>", "<Lov><![CDATA[BVL2021]]></Lov>") },
            { "valid: upper-case uuid", false, Attr("Sak", "Id", Uuid.ToUpperInvariant()) },
            { "valid: date with spaces", false, Attr("Sak", "StartDato", " 2023-03-01 ") },
            { "valid: date with Z", false, Attr("Sak", "StartDato", "2023-03-01Z") },
            { "valid: date with offset", false, Attr("Sak", "StartDato", "2023-03-01+01:00") },
            { "valid: date with offset -14:00", false, Attr("Sak", "StartDato", "2023-03-01-14:00") },
            { "valid: date with offset +14:00", false, Attr("Sak", "StartDato", "2023-03-01+14:00") },
            { "DatoUttrekk offset +15:00", true, Attr("Barnevern", "DatoUttrekk", "2026-01-15T10:00:00+15:00") },
            { "Kapittel with final newline", true, R("<Kapittel>5</Kapittel>", "<Kapittel>5&#10;</Kapittel>") },
            { "valid: DatoUttrekk with nanoseconds", false, Attr("Barnevern", "DatoUttrekk", "2026-01-15T10:00:00.123456789+01:00") },
            { "valid: DatoUttrekk Z", false, Attr("Barnevern", "DatoUttrekk", "2026-01-15T10:00:00Z") },
            { "valid: DatoUttrekk 29 February, last second, offset -14:00", false, Attr("Barnevern", "DatoUttrekk", "2024-02-29T23:59:59.999999999-14:00") },
            { "valid: DatoUttrekk offset +14:00", false, Attr("Barnevern", "DatoUttrekk", "2026-01-15T10:00:00+14:00") },
            { "valid: DatoUttrekk with spaces", false, Attr("Barnevern", "DatoUttrekk", " 2026-01-15T10:00:00+01:00 ") },
            { "DatoUttrekk 29 February 2026", true, Attr("Barnevern", "DatoUttrekk", "2026-02-29T10:00:00+01:00") },
            { "DatoUttrekk minute 60", true, Attr("Barnevern", "DatoUttrekk", "2026-01-15T10:60:00+01:00") },
            { "DatoUttrekk with ten decimals", true, Attr("Barnevern", "DatoUttrekk", "2026-01-15T10:00:00.1234567890+01:00") },
            { "DatoUttrekk offset +14:30", true, Attr("Barnevern", "DatoUttrekk", "2026-01-15T10:00:00+14:30") },
            { "DatoUttrekk offset +01:60", true, Attr("Barnevern", "DatoUttrekk", "2026-01-15T10:00:00+01:60") },
            { "valid: boolean 1", false, Attr("Sak", "ErSlettet", "1") },
            { "valid: boolean spaced", false, Attr("Sak", "ErSlettet", " true ") },
            { "valid: Ledd 01", false, R("<Ledd>1</Ledd>", "<Ledd>01</Ledd>") },
            { "valid: Kapittel with letter", false, R("<Kapittel>5</Kapittel>", "<Kapittel>5a</Kapittel>") },
            { "valid: MigrertId", false, Attr("Sak", "MigrertId", "K-123") },
            { "valid: Bydel", false, R("Kommunenavn=\"Bærum\"", "Kommunenavn=\"Bærum\" Bydelsnummer=\"01\" Bydelsnavn=\"Gamle Oslo\"") },
            { "valid: empty Sak (no children)", false, EmptySak(s) },
            { "valid: Arabic-Indic digits in orgnr (\\d is Unicode)", false, Attr("Avgiver", "Organisasjonsnummer", "٩٧٤٥٤٧٢٨٣") },

            { "missing Journalnummer", true, RemoveAttr(s, "Sak", "Journalnummer") },
            { "missing Fodselsnummer", true, RemoveAttr(s, "Personalia", "Fodselsnummer") },
            { "missing Melding Id", true, RemoveAttr(s, "Melding", "Id") },
            { "missing DatoUttrekk", true, RemoveAttr(s, "Barnevern", "DatoUttrekk") },
            { "uuid version 6", true, Attr("Sak", "Id", "0f8fad5b-d9cb-669f-a165-70867728950e") },
            { "uuid variant c", true, Attr("Sak", "Id", "0f8fad5b-d9cb-469f-c165-70867728950e") },
            { "uuid too short", true, Attr("Sak", "Id", "0f8fad5b-d9cb-469f-a165-70867728950") },
            { "date 30 Feb", true, Attr("Sak", "StartDato", "2023-02-30") },
            { "date one-digit month", true, Attr("Sak", "StartDato", "2023-2-03") },
            { "date two-digit year", true, Attr("Sak", "StartDato", "23-02-03") },
            { "date with time", true, Attr("Sak", "StartDato", "2023-02-03T00:00:00") },
            { "date year 0000", true, Attr("Sak", "StartDato", "0000-01-01") },
            { "date offset +15:00 (.NET alone would accept it)", true, Attr("Sak", "StartDato", "2023-02-03+15:00") },
            { "date offset +14:01 (.NET alone would accept it)", true, Attr("Sak", "StartDato", "2023-02-03+14:01") },
            { "date offset +24:00 (.NET alone would accept it)", true, Attr("Sak", "StartDato", "2023-02-03+24:00") },
            { "date offset +1:00", true, Attr("Sak", "StartDato", "2023-02-03+1:00") },
            { "date offset +01:60 (.NET alone would accept it)", true, Attr("Sak", "StartDato", "2023-02-03+01:60") },
            { "date empty", true, Attr("Sak", "StartDato", "") },
            { "DatoUttrekk without offset", true, Attr("Barnevern", "DatoUttrekk", "2026-01-15T10:00:00") },
            { "DatoUttrekk as date", true, Attr("Barnevern", "DatoUttrekk", "2026-01-15") },
            { "DatoUttrekk hour 25", true, Attr("Barnevern", "DatoUttrekk", "2026-01-15T25:00:00+01:00") },
            { "Kjonn 3", true, Attr("Personalia", "Kjonn", "3") },
            { "Melder Kode 26", true, R("<Melder Kode=\"11\"", "<Melder Kode=\"26\"") },
            { "Kategori 2.7", true, R("<Kategori Kode=\"2.2\"", "<Kategori Kode=\"2.7\"") },
            { "Lov BVL1992", true, R("<Lov>BVL2021</Lov>", "<Lov>BVL1992</Lov>") },
            { "Lov with trailing space", true, R("<Lov>BVL2021</Lov>", "<Lov>BVL2021 </Lov>") },
            { "Kapittel 0-length", true, R("<Kapittel>5</Kapittel>", "<Kapittel></Kapittel>") },
            { "Kapittel with space", true, R("<Kapittel>5</Kapittel>", "<Kapittel>5 </Kapittel>") },
            { "Bokstav upper case", true, R("<Ledd>1</Ledd>", "<Ledd>1</Ledd><Bokstav>A</Bokstav>") },
            { "Ledd after Bokstav", true, R("<Ledd>1</Ledd>", "<Bokstav>a</Bokstav><Ledd>1</Ledd>") },
            { "boolean yes", true, Attr("Sak", "ErSlettet", "yes") },
            { "boolean TRUE", true, Attr("Sak", "ErSlettet", "TRUE") },
            { "Presisering empty", true, R("<Melder Kode=\"11\"", "<Melder Kode=\"11\" Presisering=\"\"") },
            { "Presisering 10001 chars", true, R("<Melder Kode=\"11\"", "<Melder Kode=\"11\" Presisering=\"" + new string('p', 10_001) + "\"") },
            { "Presisering 10000 chars", false, R("<Melder Kode=\"11\"", "<Melder Kode=\"11\" Presisering=\"" + new string('p', 10_000) + "\"") },
            { "orgnr 8 digits", true, Attr("Avgiver", "Organisasjonsnummer", "97454728") },
            { "orgnr with letter", true, Attr("Avgiver", "Organisasjonsnummer", "97454728x") },
            { "Undersokelse before Melding", true, Swap(s, "Melding", "Undersokelse") },
            { "Personalia after Melding", true, Swap(s, "Personalia", "Melding") },
            { "unknown element in Sak", true, R("<Melding ", "<Ukjent /><Melding ") },
            { "unknown attribute", true, Attr("Sak", "Ukjent", "x") },
            { "attribute in foreign namespace", true, R("<Sak ", "<Sak xmlns:f=\"urn:f\" f:x=\"1\" ") },
            { "element in a namespace", true, R("<Melding ", "<f:Melding xmlns:f=\"urn:f\" Id=\"" + Uuid + "\" StartDato=\"2023-03-01\" /><Melding ") },
            { "duplicate Melding Id", true, DuplicateElement(s, "Melding") },
            { "duplicate Relasjon Id", true, DuplicateElement(s, "Relasjon") },
            { "missing Fagsystem", true, RemoveElement(s, "Fagsystem") },
            { "missing Lovhjemmel in Tiltak", true, RemoveFirstBlock(s, "<Lovhjemmel>", "</Lovhjemmel>", after: "<Tiltak ") },
            { "four JmfrLovhjemmel", true, R("<Kategori ", string.Concat(Enumerable.Repeat("<JmfrLovhjemmel><Lov>BVL</Lov><Kapittel>4</Kapittel><Paragraf>12</Paragraf></JmfrLovhjemmel>", 4)) + "<Kategori ") },
            { "three JmfrLovhjemmel", false, R("<Kategori ", string.Concat(Enumerable.Repeat("<JmfrLovhjemmel><Lov>BVL</Lov><Kapittel>4</Kapittel><Paragraf>12</Paragraf></JmfrLovhjemmel>", 3)) + "<Kategori ") },
            { "Vedtak without Status", true, RemoveElement(s, "Status") },
            { "text in an empty element", true, R("<Melder Kode=\"11\" />", "<Melder Kode=\"11\">x</Melder>") },
            { "whitespace in an empty element", true, R("<Melder Kode=\"11\" />", "<Melder Kode=\"11\"> </Melder>") },
            { "text in Sak", true, R("<Melding ", "tekst<Melding ") },
            { "two Konklusjon in Melding", true, DuplicateElement(s, "Konklusjon") },
            { "Kommunenummer with newline char ref (.NET alone would accept it)", true, R("Kommunenummer=\"3201\" />", "Kommunenummer=\"3201&#10;\" />") },
            { "Slettet twice same Id and Type", true, R("</Sak>", $"<Slettet Id=\"{Uuid}\" Type=\"Plan\" SluttDato=\"2024-01-01\" /><Slettet Id=\"{Uuid}\" Type=\"Plan\" SluttDato=\"2024-01-02\" /></Sak>") },
            { "Slettet same Id other Type", false, R("</Sak>", $"<Slettet Id=\"{Uuid}\" Type=\"Plan\" SluttDato=\"2024-01-01\" /><Slettet Id=\"{Uuid}\" Type=\"Tiltak\" SluttDato=\"2024-01-02\" /></Sak>") },
            { "Slettet Type Status", true, R("</Sak>", $"<Slettet Id=\"{Uuid}\" Type=\"Status\" SluttDato=\"2024-01-01\" /></Sak>") },
            { "MedvirkningType 3.1", true, R("<MedvirkningType>1.1</MedvirkningType>", "<MedvirkningType>3.1</MedvirkningType>") },
            { "BarnetsMedvirkning without StartDato", true, RemoveFirstBlock(s, "<StartDato>", "</StartDato>", after: "<BarnetsMedvirkning>") },
            { "Relasjon FraId 51 chars", true, ReplaceRelasjonFraId(s, new string('a', 51)) },
            { "xsi:nil on Sak", true, R("<Sak ", "<Sak xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:nil=\"false\" ") },
            { "xsi:type on Sak naming its own type", false, R("<Sak ", "<Sak xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"SakType\" ") },
            { "xsi:type on Sak naming another type", true, R("<Sak ", "<Sak xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"PlanType\" ") },
            { "xsi:type on Melder naming its own type", false, R("<Melder Kode=\"11\"", "<Melder xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"MelderType\" Kode=\"11\"") },
            { "xml:lang on Sak", true, R("<Sak ", "<Sak xml:lang=\"nb\" ") },
            { "xsi:schemaLocation on root", false, R("<Barnevern ", "<Barnevern xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"urn:x Barnevern_v4.xsd\" ") },
            { "Relasjon FraId free text", false, ReplaceRelasjonFraId(s, "melding-1") },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    [Trait("Rule", "Filbeskrivelse")]
    public void FastPath_FlagsExactlyWhatXmlSchemaSetFlags(string name, bool breaksSchema, string xml)
    {
        var xsd = TestSupport.ValidateXml(xml, SchemaValidator.Xsd);
        var fast = TestSupport.ValidateXml(xml, SchemaValidator.Fast);
        var xsdFatal = xsd.Issues.Any(i => i.Severity == Severity.Fatal);
        var fastFatal = fast.Issues.Any(i => i.Severity == Severity.Fatal);

        Assert.True(xsdFatal == fastFatal, $"{name}: xsd {xsdFatal}, fast {fastFatal}\nXSD:\n{TestSupport.Describe(xsd.Issues)}\nFAST:\n{TestSupport.Describe(fast.Issues)}");
        Assert.True(breaksSchema == xsdFatal, $"{name}: expected breaksSchema={breaksSchema}\n{TestSupport.Describe(xsd.Issues)}");
        if (!xsdFatal)
        {
            Assert.Equal(xsd.Issues, fast.Issues); // same controls on the same model
        }
    }

    private static string ReplaceFirst(string s, string from, string to, int count = 1)
    {
        var i = s.IndexOf(from, StringComparison.Ordinal);
        Assert.True(i >= 0, $"'{from}' not in sample");
        return s[..i] + to + s[(i + from.Length)..];
    }

    private static (int Start, int End) Tag(string s, string element)
    {
        var start = s.IndexOf("<" + element + " ", StringComparison.Ordinal);
        if (start < 0)
        {
            start = s.IndexOf("<" + element + ">", StringComparison.Ordinal);
        }

        Assert.True(start >= 0, $"<{element}> not in sample");
        return (start, s.IndexOf('>', start));
    }

    private static string SetAttr(string s, string element, string name, string value)
    {
        var (start, end) = Tag(s, element);
        var tag = s[start..end];
        var at = tag.IndexOf(" " + name + "=\"", StringComparison.Ordinal);
        string newTag;
        if (at >= 0)
        {
            var valueStart = at + name.Length + 3;
            var valueEnd = tag.IndexOf('"', valueStart);
            newTag = tag[..valueStart] + value + tag[valueEnd..];
        }
        else
        {
            var insertAt = tag.EndsWith('/') ? tag.Length - 1 : tag.Length;
            newTag = tag[..insertAt].TrimEnd() + $" {name}=\"{value}\"" + (tag.EndsWith('/') ? " /" : "");
        }

        return s[..start] + newTag + s[end..];
    }

    private static string RemoveAttr(string s, string element, string name)
    {
        var (start, end) = Tag(s, element);
        var tag = s[start..end];
        var at = tag.IndexOf(" " + name + "=\"", StringComparison.Ordinal);
        var valueEnd = tag.IndexOf('"', at + name.Length + 3);
        return s[..start] + tag[..at] + tag[(valueEnd + 1)..] + s[end..];
    }

    /// <summary>The whole first element (start tag to its end tag, or self-closed).</summary>
    private static (int Start, int End) Block(string s, string element, int from = 0)
    {
        var start = s.IndexOf("<" + element + " ", from, StringComparison.Ordinal);
        var gt = s.IndexOf('>', start);
        if (s[gt - 1] == '/')
        {
            return (start, gt + 1);
        }

        var close = "</" + element + ">";
        var end = s.IndexOf(close, gt, StringComparison.Ordinal) + close.Length;
        return (start, end);
    }

    private static string RemoveElement(string s, string element)
    {
        var (start, end) = Block(s, element);
        return s[..start] + s[end..];
    }

    private static string DuplicateElement(string s, string element)
    {
        var (start, end) = Block(s, element);
        return s[..end] + s[start..end] + s[end..];
    }

    private static string Swap(string s, string first, string second)
    {
        var (a0, a1) = Block(s, first);
        var (b0, b1) = Block(s, second);
        Assert.True(a1 <= b0);
        return s[..a0] + s[b0..b1] + s[a1..b0] + s[a0..a1] + s[b1..];
    }

    private static string RemoveFirstBlock(string s, string open, string close, string after)
    {
        var from = s.IndexOf(after, StringComparison.Ordinal);
        var start = s.IndexOf(open, from, StringComparison.Ordinal);
        var end = s.IndexOf(close, start, StringComparison.Ordinal) + close.Length;
        return s[..start] + s[end..];
    }

    private static string EmptySak(string s)
    {
        var (start, end) = Block(s, "Sak");
        var gt = s.IndexOf('>', start);
        return s[..(gt + 1)] + "</Sak>" + s[end..];
    }

    private static string ReplaceRelasjonFraId(string s, string value) => SetAttr(s, "Relasjon", "FraId", value);
}
