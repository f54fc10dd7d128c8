using System.Xml;
using Vern.Domain.Validation;
using Vern.Register.Samples;
using Vern.Register.Schema;

namespace Vern.Register.Tests;

public class RegisterWriterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(77)]
    public void Write_ThenRead_GivesBackTheSameDocument(int seed)
    {
        var doc = RegisterSamples.Realistic(seed);
        using var ms = new MemoryStream();
        RegisterWriter.Write(doc.File, doc.Case, ms);
        ms.Position = 0;

        var read = RegisterReader.Read(ms, new RegisterReadOptions(RegisterSchema.Load(TestSupport.Reference), SchemaValidator.Xsd));

        Assert.Empty(read.Issues);
        Assert.Equal(doc, read.Document);
    }

    [Fact]
    public void Write_Sample_IsValidAgainstTheRealXsdWithXmlSchemaSet()
    {
        var xml = TestSupport.SampleXml(5);
        var errors = new List<string>();
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            ValidationType = ValidationType.Schema,
            Schemas = RegisterSchema.Load(TestSupport.Reference).SchemaSet,
            ValidationFlags = System.Xml.Schema.XmlSchemaValidationFlags.ReportValidationWarnings,
        };
        settings.ValidationEventHandler += (_, e) => errors.Add(e.Message);
        using (var reader = XmlReader.Create(new StringReader(xml), settings))
        {
            while (reader.Read())
            {
            }
        }

        Assert.Empty(errors);
    }

    [Fact]
    public void Sample_PassesEveryControl()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var result = TestSupport.ValidateXml(TestSupport.SampleXml(seed));
            Assert.True(result.Issues.All(i => i.Severity == Severity.Info), $"seed {seed}:\n{TestSupport.Describe(result.Issues)}");
        }
    }

    [Fact]
    public void Sample_IsAboutSixKilobytes()
    {
        var size = System.Text.Encoding.UTF8.GetByteCount(TestSupport.SampleXml(3));
        Assert.InRange(size, 5_000, 8_000);
    }

    /// <summary>The file is the bytes XmlWriter (indented by two spaces, UTF-8 without a byte order mark) writes for the same
    /// document, as the export wrote before <see cref="Register.Xml.Utf8XmlWriter"/> (issue 14 §4: files byte for byte the same): here
    /// the document read back node by node and written again by XmlWriter. Names with characters XML escapes included.</summary>
    [Fact]
    public void Write_RealisticSamples_SameBytesAsXmlWriter()
    {
        var settings = new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false), Indent = true, IndentChars = "  " };
        for (var seed = 0; seed < 50; seed++)
        {
            var doc = RegisterSamples.Realistic(seed);
            var file = seed % 2 == 0 ? doc.File : doc.File with { Avgiver = doc.File.Avgiver with { Kommunenavn = "Bø & <Sør> \"Øst\" 's\tx" } };
            using var written = new MemoryStream();
            RegisterWriter.Write(file, doc.Case, written);

            written.Position = 0;
            using var again = new MemoryStream();
            using (var reader = XmlReader.Create(written, new XmlReaderSettings { IgnoreWhitespace = true, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
            using (var w = XmlWriter.Create(again, settings))
            {
                w.WriteNode(reader, defattr: true);
            }

            Assert.Equal(System.Text.Encoding.UTF8.GetString(again.ToArray()), System.Text.Encoding.UTF8.GetString(written.ToArray()));
        }
    }
}
