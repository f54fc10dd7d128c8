using System.IO.Compression;
using System.Text;
using Vern.Domain.Validation;

namespace Vern.Register.Tests;

/// <summary>The entry point over a file, a folder and a zip: one result per file, in path order.</summary>
public class RegisterValidationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vern-register-validation", Guid.NewGuid().ToString("N"));

    public RegisterValidationTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ValidatePath_Folder_GivesOneResultPerXmlFileInPathOrder()
    {
        File.WriteAllText(Path.Combine(_dir, "b.xml"), TestSupport.SampleXml(2));
        File.WriteAllText(Path.Combine(_dir, "a.xml"), TestSupport.SampleXml(1));
        File.WriteAllText(Path.Combine(_dir, "notes.txt"), "not a register file");
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        File.WriteAllText(Path.Combine(_dir, "sub", "c.xml"), "<broken");

        var results = RegisterValidation.ValidatePath(_dir, TestSupport.Options());

        Assert.Equal(["a.xml", "b.xml", "c.xml"], results.Select(r => Path.GetFileName(r.File)));
        Assert.False(results[0].HasErrors);
        Assert.False(results[1].HasErrors);
        Assert.Equal(Severity.Fatal, Assert.Single(results[2].Issues).Severity);
    }

    [Fact]
    public void ValidatePath_ZipWithABombEntry_RefusesThatEntryAndValidatesTheRest()
    {
        var zip = Path.Combine(_dir, "levering.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            using (var w = new StreamWriter(archive.CreateEntry("1-ok.xml").Open(), new UTF8Encoding(false)))
            {
                w.Write(TestSupport.SampleXml(3));
            }

            using var bomb = archive.CreateEntry("2-bomb.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 30; i++)
            {
                bomb.Write(zeros);
            }
        }

        var results = RegisterValidation.ValidatePath(zip, TestSupport.Options());

        Assert.Equal(2, results.Count);
        Assert.EndsWith("levering.zip!1-ok.xml", results[0].File, StringComparison.Ordinal);
        Assert.False(results[0].HasErrors, TestSupport.Describe(results[0].Issues));
        Assert.Contains("mer enn grensen", Assert.Single(results[1].Issues).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateFile_BrokenControlsAndSchemaPathChoice_GiveTheSameFindings()
    {
        var xml = TestSupport.SampleXml(4).Replace("<Melder Kode=\"11\" />", "<Melder Kode=\"22\" />", StringComparison.Ordinal);
        var path = Path.Combine(_dir, "x.xml");
        File.WriteAllText(path, xml);

        var fast = RegisterValidation.ValidateFile(path, TestSupport.Options(SchemaValidator.Fast));
        var xsd = RegisterValidation.ValidateFile(path, TestSupport.Options(SchemaValidator.Xsd));

        Assert.Equal("Melder Kontroll 2", Assert.Single(fast.Issues).Code);
        Assert.Equal(fast.Issues, xsd.Issues);
    }
}

/// <summary>Schema-valid extreme dates (year 1 and 9999) reach every control without an exception.</summary>
public class ExtremeDateTests
{
    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    public void ValidateStream_EveryDateExtreme_RunsEveryControlWithoutFailure(string date)
    {
        var xml = System.Text.RegularExpressions.Regex.Replace(TestSupport.SampleXml(9), @"\d{4}-\d{2}-\d{2}(?!T)", date);
        foreach (var validator in new[] { SchemaValidator.Fast, SchemaValidator.Xsd })
        {
            var result = TestSupport.ValidateXml(xml, validator);
            Assert.DoesNotContain(result.Issues, i => i.Severity == Severity.Fatal);
            Assert.DoesNotContain(result.Issues, i => i.Message.StartsWith("Kontrollen kunne ikke kjøres", StringComparison.Ordinal));
            Assert.Contains(result.Issues, i => i.Code == "Sak kontroll 1");
        }
    }
}
