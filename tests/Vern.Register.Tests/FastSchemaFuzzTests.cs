using System.Xml.Linq;
using Vern.Domain.Validation;

namespace Vern.Register.Tests;

/// <summary>Random structural and value mutations of realistic files (fixed seeds, so failures reproduce): the fast
/// schema path must flag exactly the files that XmlSchemaSet flags.</summary>
public class FastSchemaFuzzTests
{
    private static readonly string[] Values =
    [
        "", " ", "x", "0", "1", "2", "22", "1.1", "2.99", "true", "false", "TRUE", "BVL", "BVL2021", "4", "12", "12a", "a",
        "2024-13-01", "2024-02-29", "2023-02-29", "2024-01-01", " 2024-01-01 ", "2024-01-01Z", "2024-1-01", "9999-12-31",
        "0f8fad5b-d9cb-469f-a165-70867728950e", "0F8FAD5B-D9CB-469F-A165-70867728950E", "0f8fad5b-d9cb-769f-a165-70867728950e",
        "2026-01-15T10:00:00+01:00", "2026-01-15T10:00:00", "12345678901", "123456789", "1234", "٣٤٥٦", new string('p', 301),
        "Melding", "Tiltak", "Status", "2024-01-01+15:00", "2024-01-01-14:00", "2026-01-15T10:00:00+14:30", "1234\n", "5\n",
    ];

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var seed = 0; seed < 300; seed++)
        {
            data.Add(seed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    [Trait("Rule", "Filbeskrivelse")]
    public void FastPath_RandomMutation_FlagsExactlyWhatXmlSchemaSetFlags(int seed)
    {
        var rng = new Random(seed);
        var doc = XDocument.Parse(TestSupport.SampleXml(seed % 7));
        var steps = new List<string>();
        var count = rng.Next(4) == 0 ? 2 : 1;
        for (var i = 0; i < count; i++)
        {
            steps.Add(Mutate(doc, rng));
        }

        var xml = doc.Declaration + "\n" + doc.Root!.ToString(SaveOptions.DisableFormatting);
        var xsd = TestSupport.ValidateXml(xml, SchemaValidator.Xsd);
        var fast = TestSupport.ValidateXml(xml, SchemaValidator.Fast);
        var xsdFatal = xsd.Issues.Any(i => i.Severity == Severity.Fatal);
        var fastFatal = fast.Issues.Any(i => i.Severity == Severity.Fatal);

        Assert.True(xsdFatal == fastFatal,
            $"seed {seed}: {string.Join("; ", steps)}\nxsd {xsdFatal}, fast {fastFatal}\nXSD:\n{TestSupport.Describe(xsd.Issues)}\nFAST:\n{TestSupport.Describe(fast.Issues)}");
        if (!xsdFatal)
        {
            Assert.Equal(xsd.Issues, fast.Issues);
        }
    }

    [Fact]
    public void Mutations_GiveBothValidAndBrokenFiles()
    {
        var fatal = 0;
        for (var seed = 0; seed < 300; seed++)
        {
            var rng = new Random(seed);
            var doc = XDocument.Parse(TestSupport.SampleXml(seed % 7));
            var count = rng.Next(4) == 0 ? 2 : 1;
            for (var i = 0; i < count; i++)
            {
                Mutate(doc, rng);
            }

            var xml = doc.Declaration + "\n" + doc.Root!.ToString(SaveOptions.DisableFormatting);
            fatal += TestSupport.ValidateXml(xml, SchemaValidator.Xsd).Issues.Any(i => i.Severity == Severity.Fatal) ? 1 : 0;
        }

        Assert.InRange(fatal, 45, 255); // the corpus is neither all valid nor all broken
    }

    private static string Mutate(XDocument doc, Random rng)
    {
        var elements = doc.Root!.DescendantsAndSelf().ToList();
        var e = elements[rng.Next(elements.Count)];
        switch (rng.Next(7))
        {
            case 0 when e.Attributes().Any():
                var a = e.Attributes().ElementAt(rng.Next(e.Attributes().Count()));
                a.Remove();
                return $"remove @{a.Name} of {e.Name}";
            case 1 when e.Attributes().Any():
                var b = e.Attributes().ElementAt(rng.Next(e.Attributes().Count()));
                b.Value = Values[rng.Next(Values.Length)];
                return $"{e.Name}/@{b.Name} = '{b.Value}'";
            case 2 when e.Parent is not null:
                e.Remove();
                return $"remove {e.Name}";
            case 3 when e.Parent is not null:
                e.AddAfterSelf(new XElement(e));
                return $"duplicate {e.Name}";
            case 4 when e.NextNode is XElement next:
                e.Remove();
                next.AddAfterSelf(e);
                return $"swap {e.Name} with {next.Name}";
            case 5 when !e.HasElements && !e.HasAttributes:
                e.Value = Values[rng.Next(Values.Length)];
                return $"{e.Name} text = '{e.Value}'";
            case 6:
                e.SetAttributeValue("Ukjent", "1");
                return $"add @Ukjent to {e.Name}";
            default:
                var leaf = elements.Where(x => !x.HasElements && !x.HasAttributes).ToList();
                if (leaf.Count == 0)
                {
                    return "no-op";
                }

                var l = leaf[rng.Next(leaf.Count)];
                l.Value = Values[rng.Next(Values.Length)];
                return $"{l.Name} text = '{l.Value}'";
        }
    }
}
