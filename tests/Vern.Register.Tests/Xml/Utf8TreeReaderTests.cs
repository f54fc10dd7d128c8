using System.Text;
using System.Text.RegularExpressions;
using Vern.Domain.Validation;
using Vern.Register.Controls;
using Vern.Register.Schema;
using Vern.Register.Xml;

namespace Vern.Register.Tests.Xml;

/// <summary><see cref="Utf8TreeReader"/> only makes reading faster: every tree it builds is XmlReader's tree (the one
/// <see cref="XmlTreeReader"/> builds), it accepts no file XmlReader rejects, and a register file read through it gives
/// the same findings, word for word, as reading it with XmlReader alone. Control: "Filbeskrivelse" (the XSD and XML).</summary>
public class Utf8TreeReaderTests
{
    private static readonly RegisterReadOptions FastOptions = new(RegisterSchema.Load(TestSupport.Reference), SchemaValidator.Fast);

    /// <summary>Pieces inserted, or put in place of a byte, by the mutations: XML's special characters, references,
    /// markup the reader declines, line ends, bytes that are not UTF-8 and characters XML forbids.</summary>
    private static readonly string[] Pieces =
    [
        "<", ">", "&", "\"", "'", "=", "/", " ", "\t", "\r", "\n", "\r\n", "\0", "\u0001", ":", "x", "é", "\uFFFE", "]]>",
        "&lt;", "&amp;", "&quot;", "&apos;", "&gt;", "&#10;", "&#13;", "&#x9;", "&#0;", "&#xD800;", "&#x10FFFF;", "&#x110000;",
        "&#X41;", "&#65", "&bogus;", "&;", "&#;", "<!-- c -->", "<![CDATA[x]]>", "<?pi x?>", "<!DOCTYPE Barnevern>", "<a/>",
        "</a>", "<a>", "xmlns=\"urn:x\"", " xmlns:p=\"urn:x\" p:a=\"1\"", " a=\"1\" a=\"2\"", "<?xml version=\"1.0\"?>", "1a",
    ];

    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in FastSchemaEquivalenceTests.Corpus())
        {
            data.Add((string)row[0], (string)row[2]);
        }

        for (var seed = 0; seed < 20; seed++)
        {
            data.Add($"realistic sample {seed}", TestSupport.SampleXml(seed));
        }

        var s = TestSupport.SampleXml(3);
        data.Add("byte order mark", "\uFEFF" + s);
        data.Add("declaration in single quotes with standalone", s.Replace("<?xml version=\"1.0\" encoding=\"utf-8\"?>", "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>", StringComparison.Ordinal));
        data.Add("no declaration, blank lines around the root", "\n\n" + s[(s.IndexOf('>') + 1)..] + "\n\n");
        data.Add("CRLF line ends", s.ReplaceLineEndings("\r\n"));
        data.Add("single-quoted attribute with references", Regex.Replace(s, "Journalnummer=\"[^\"]*\"", "Journalnummer='&lt;&amp;&gt;&quot;&apos;&#233;&#x1F600;\"'"));
        data.Add("text with a character reference", s.Replace("<Lov>BVL2021</Lov>", "<Lov>BVL&#50;021</Lov>", StringComparison.Ordinal));
        data.Add("a tab in an attribute (normalised to a space)", s.Replace("Journalnummer=\"", "Journalnummer=\"\t", StringComparison.Ordinal));
        data.Add("a line feed in text", s.Replace("<Lov>BVL2021</Lov>", "<Lov>BVL2021\n</Lov>", StringComparison.Ordinal));
        data.Add("ISO-8859-1", s.Replace("encoding=\"utf-8\"", "encoding=\"ISO-8859-1\"", StringComparison.Ordinal));
        data.Add("whitespace before the declaration", " " + s);
        data.Add("text after the root", s + "x");
        data.Add("end tag of another name", s.Replace("</Sak>", "</Sakk>", StringComparison.Ordinal));
        data.Add("prefixed attribute", s.Replace("<Barnevern ", "<Barnevern xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"Barnevern_v4.xsd\" ", StringComparison.Ordinal));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    [Trait("Rule", "Filbeskrivelse")]
    public void TryRead_TestFile_BuildsXmlReadersTreeOrDeclines(string name, string xml)
    {
        var bytes = Encoding.UTF8.GetBytes(xml);
        var tree = Utf8TreeReader.TryRead(bytes, XmlLimits.Default);
        if (tree is not null)
        {
            var (expected, issues) = ReadWithXmlReader(bytes);
            Assert.True(expected is not null && issues.Count == 0, $"{name}: accepted here, rejected by XmlReader: {TestSupport.Describe(issues)}");
            AssertSameTree(expected, tree, name);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    [Trait("Rule", "Filbeskrivelse")]
    public void Read_TestFile_GivesTheFindingsOfXmlReaderAlone(string name, string xml)
    {
        var bytes = Encoding.UTF8.GetBytes(xml);
        var read = RegisterReader.Read(new MemoryStream(bytes), FastOptions);
        var alone = RegisterReader.ReadWithXmlReader(new MemoryStream(bytes), FastOptions);

        Assert.True(alone.Issues.SequenceEqual(read.Issues), $"{name}\nXmlReader alone:\n{TestSupport.Describe(alone.Issues)}\nread:\n{TestSupport.Describe(read.Issues)}");
        Assert.Equal(alone.Document, read.Document);
    }

    [Theory]
    [InlineData("realistic sample", "")]
    [InlineData("byte order mark", "\uFEFF")]
    public void TryRead_FilesVernWrites_AreAccepted(string name, string prefix)
    {
        for (var seed = 0; seed < 20; seed++)
        {
            Assert.True(Utf8TreeReader.TryRead(Encoding.UTF8.GetBytes(prefix + TestSupport.SampleXml(seed)), XmlLimits.Default) is not null, $"{name} {seed}");
        }
    }

    [Theory]
    [InlineData("comment", "<Sak ", "<!-- c --><Sak ")]
    [InlineData("CDATA", "<Lov>BVL2021</Lov>", "<Lov><![CDATA[BVL2021]]></Lov>")]
    [InlineData("namespace declaration", "<Barnevern ", "<Barnevern xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ")]
    [InlineData("carriage return in text", "<Lov>BVL2021</Lov>", "<Lov>BVL2021\r</Lov>")]
    [InlineData("line feed in an attribute", "Journalnummer=\"", "Journalnummer=\"\n")]
    [InlineData("text between child elements", "<Personalia ", "x<Personalia ")]
    public void TryRead_OutsideTheSubset_Declines(string name, string from, string to)
    {
        var xml = TestSupport.SampleXml(3);
        Assert.Contains(from, xml, StringComparison.Ordinal);
        Assert.True(Utf8TreeReader.TryRead(Encoding.UTF8.GetBytes(xml.Replace(from, to, StringComparison.Ordinal)), XmlLimits.Default) is null, name);
    }

    [Fact]
    [Trait("Rule", "Filbeskrivelse")]
    public void Read_SchemaErrorInAFileTheReaderAccepts_NamesXmlReadersLineAndPosition()
    {
        // The sample is plain UTF-8 XML, so Utf8TreeReader reads it; the schema finding is then worded from XmlReader's read.
        var sample = TestSupport.SampleXml(3);
        var at = sample.IndexOf("<Lov>BVL2021</Lov>", StringComparison.Ordinal);
        var xml = sample[..at] + "<Lov>BVL1992</Lov>" + sample[(at + "<Lov>BVL2021</Lov>".Length)..];
        var bytes = Encoding.UTF8.GetBytes(xml);
        Assert.NotNull(Utf8TreeReader.TryRead(bytes, XmlLimits.Default));
        var line = xml[..xml.IndexOf("<Lov>BVL1992", StringComparison.Ordinal)].Count(c => c == '\n') + 1;

        var issue = Assert.Single(RegisterReader.Read(new MemoryStream(bytes), FastOptions).Issues);

        Assert.Equal(ControlCodes.Filbeskrivelse, issue.Code);
        Assert.Contains($"(linje {line}, posisjon ", issue.Message, StringComparison.Ordinal);
    }

    /// <summary>Random byte-level mutations of realistic files (fixed seeds): whatever the reader accepts, XmlReader
    /// accepts with the same tree. Enough mutants are accepted (and declined) for the property to be tested both ways.</summary>
    [Fact]
    [Trait("Rule", "Filbeskrivelse")]
    public void TryRead_RandomMutations_AcceptsOnlyWhatXmlReaderAcceptsWithTheSameTree()
    {
        var accepted = 0;
        var declined = 0;
        const int Mutants = 3_000;
        for (var seed = 0; seed < Mutants; seed++)
        {
            var rng = new Random(seed);
            var bytes = Encoding.UTF8.GetBytes(TestSupport.SampleXml(seed % 5)).ToList();
            var steps = new List<string>();
            for (var n = rng.Next(1, 3); n > 0; n--)
            {
                steps.Add(Mutate(bytes, rng));
            }

            var mutant = bytes.ToArray();
            var tree = Utf8TreeReader.TryRead(mutant, XmlLimits.Default);
            if (tree is null)
            {
                declined++;
                continue;
            }

            accepted++;
            var (expected, issues) = ReadWithXmlReader(mutant);
            var what = $"seed {seed}: {string.Join("; ", steps)}";
            Assert.True(expected is not null && issues.Count == 0, $"{what}: accepted here, rejected by XmlReader: {TestSupport.Describe(issues)}");
            AssertSameTree(expected, tree, what);
        }

        Assert.True(accepted > Mutants / 10 && declined > Mutants / 10, $"{accepted} accepted, {declined} declined");
    }

    private static string Mutate(List<byte> bytes, Random rng)
    {
        var at = rng.Next(bytes.Count);
        var piece = rng.Next(10) == 0 ? [(byte)rng.Next(256)] : Encoding.UTF8.GetBytes(Pieces[rng.Next(Pieces.Length)]);
        switch (rng.Next(3))
        {
            case 0:
                bytes.InsertRange(at, piece);
                return $"insert {Show(piece)} at {at}";
            case 1:
                bytes.RemoveAt(at);
                bytes.InsertRange(at, piece);
                return $"replace byte {at} by {Show(piece)}";
            default:
                var count = Math.Min(rng.Next(1, 4), bytes.Count - at);
                bytes.RemoveRange(at, count);
                return $"remove {count} at {at}";
        }
    }

    private static string Show(byte[] piece) => Convert.ToHexString(piece);

    private static (TreeElement? Root, List<ValidationIssue> Issues) ReadWithXmlReader(byte[] bytes)
    {
        var issues = new List<ValidationIssue>();
        var root = XmlTreeReader.Read(new MemoryStream(bytes), XmlLimits.Default, null, issues);
        return (root, issues);
    }

    /// <summary>Names, namespaces, attributes in order and children; the text of every element without children (an
    /// element with children has none in the fast tree, and only whitespace in XmlReader's).</summary>
    private static void AssertSameTree(TreeElement expected, TreeElement actual, string what)
    {
        var at = $"{what}: {XmlTreeReader.PathOf(expected)}";
        Assert.True(expected.Name == actual.Name && expected.Namespace == actual.Namespace, $"{at}: {actual.Name}");
        Assert.Equal(expected.Attributes, actual.Attributes);
        Assert.True(expected.Children.Count == actual.Children.Count, $"{at}: {actual.Children.Count} children");
        if (expected.Children.Count == 0)
        {
            Assert.True(expected.Text == actual.Text, $"{at}: text '{actual.Text}', XmlReader '{expected.Text}'");
        }
        else
        {
            Assert.Null(actual.Text);
            Assert.True(FastSchema.IsXmlWhitespace(expected.Text ?? ""), at);
        }

        for (var i = 0; i < expected.Children.Count; i++)
        {
            AssertSameTree(expected.Children[i], actual.Children[i], what);
        }
    }
}
