using System.Diagnostics;
using System.Text;
using Vern.Domain.Validation;
using Vern.Register.Xml;

namespace Vern.Register.Tests;

/// <summary>Hostile and broken files give one clear FATAL finding quickly: no crash, no hang, no network or file
/// access (DtdProcessing.Prohibit, XmlResolver = null, size/depth/attribute limits). Control: "Filbeskrivelse".</summary>
public class BadFileTests
{
    public static TheoryData<string, SchemaValidator> Cases()
    {
        var data = new TheoryData<string, SchemaValidator>();
        foreach (var name in new[] { "not-xml", "empty", "wrong-namespace", "wrong-root", "truncated", "deep-10000", "huge-attribute-50mb", "xxe-file", "xxe-network", "billion-laughs", "two-roots" })
        {
            data.Add(name, SchemaValidator.Fast);
            data.Add(name, SchemaValidator.Xsd);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    [Trait("Rule", "Filbeskrivelse")]
    public void ValidateFile_HostileOrBrokenFile_GivesFatalPromptly(string name, SchemaValidator validator)
    {
        var path = Path.Combine(Path.GetTempPath(), $"vern-bad-{name}-{Guid.NewGuid():N}.xml");
        File.WriteAllBytes(path, Make(name));
        try
        {
            var watch = Stopwatch.StartNew();
            var result = RegisterValidation.ValidateFile(path, TestSupport.Options(validator));
            watch.Stop();

            Assert.Contains(result.Issues, i => i.Severity == Severity.Fatal && i.Code == "Filbeskrivelse");
            Assert.All(result.Issues, i => Assert.StartsWith("Innholdet er feil i forhold til filbeskrivelsen / XSD", i.Message, StringComparison.Ordinal));
            Assert.DoesNotContain(result.Issues, i => i.Message.Contains("root:x:0:0", StringComparison.Ordinal));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"{name} took {watch.Elapsed}");
            Assert.True(result.HasErrors);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ValidateFile_MissingFile_GivesFatalNotException()
    {
        var result = RegisterValidation.ValidateFile("/nonexistent/vern/file.xml", TestSupport.Options());
        Assert.Equal(Severity.Fatal, Assert.Single(result.Issues).Severity);
    }

    [Theory]
    [InlineData(SchemaValidator.Fast)]
    [InlineData(SchemaValidator.Xsd)]
    public void ValidateStream_HugeAttributeWithoutFileSizeCheck_StopsAtTheCharacterLimit(SchemaValidator validator)
    {
        // What is read is counted, not timed: a time bound failed on a busy CI machine while the reader did stop.
        var bytes = Make("huge-attribute-50mb");
        using var stream = new MemoryStream(bytes);
        var result = RegisterValidation.ValidateStream(stream, "huge.xml", TestSupport.Options(validator));
        Assert.Equal(Severity.Fatal, Assert.Single(result.Issues).Severity);
        var limit = new XmlLimits().MaxFileBytes;
        Assert.True(stream.Position < limit + 1_000_000, $"read {stream.Position:N0} of {bytes.Length:N0} bytes; the character limit is {limit:N0}");
    }

    [Theory]
    [InlineData(SchemaValidator.Fast)]
    [InlineData(SchemaValidator.Xsd)]
    public void ValidateStream_OneMegabyteAttributeUnderTheFileLimit_GivesAttributeLimitFatal(SchemaValidator validator)
    {
        var xml = TestSupport.SampleXml(1).Replace("Journalnummer=\"", "Journalnummer=\"" + new string('j', 1_000_000), StringComparison.Ordinal);
        var result = TestSupport.ValidateXml(xml, validator);
        Assert.All(result.Issues, i => Assert.Equal(Severity.Fatal, i.Severity));
        Assert.Contains(result.Issues, i => i.Message.Contains("attributtet Journalnummer er lengre enn 100000 tegn", StringComparison.Ordinal));
    }

    private static byte[] Make(string name)
    {
        var sample = TestSupport.SampleXml(1);
        string text = name switch
        {
            "not-xml" => "this is not xml at all { \"json\": true }",
            "empty" => "",
            "wrong-namespace" => sample.Replace("<Barnevern ", "<Barnevern xmlns=\"http://www.ssb.no/barnevern\" ", StringComparison.Ordinal),
            "wrong-root" => sample.Replace("<Barnevern ", "<Barnvern ", StringComparison.Ordinal).Replace("</Barnevern>", "</Barnvern>", StringComparison.Ordinal),
            "truncated" => sample[..(sample.Length / 2)],
            "deep-10000" => "<Barnevern>" + string.Concat(Enumerable.Repeat("<a>", 10_000)) + string.Concat(Enumerable.Repeat("</a>", 10_000)) + "</Barnevern>",
            "huge-attribute-50mb" => "<Barnevern Id=\"" + new string('x', 50_000_000) + "\"/>",
            "xxe-file" => "<?xml version=\"1.0\"?><!DOCTYPE Barnevern [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><Barnevern Id=\"&xxe;\"/>",
            "xxe-network" => "<?xml version=\"1.0\"?><!DOCTYPE Barnevern SYSTEM \"http://127.0.0.1:9/evil.dtd\"><Barnevern/>",
            "billion-laughs" => BillionLaughs(),
            "two-roots" => sample + "<Barnevern/>",
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        return Encoding.UTF8.GetBytes(text);
    }

    private static string BillionLaughs()
    {
        var sb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            sb.Append($"<!ENTITY lol{i} \"");
            for (var j = 0; j < 10; j++)
            {
                sb.Append(i == 1 ? "&lol;" : $"&lol{i - 1};");
            }

            sb.Append("\">");
        }

        return sb.Append("]><Barnevern>&lol9;</Barnevern>").ToString();
    }
}
