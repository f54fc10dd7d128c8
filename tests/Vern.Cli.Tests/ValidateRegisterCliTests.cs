using System.IO.Compression;
using System.Text.Json;
using Vern.Register;
using Vern.Register.Samples;

namespace Vern.Cli.Tests;

/// <summary><c>vern validate register</c> through the real program: one file, a folder, a zip; JSON and exit status.</summary>
public sealed class ValidateRegisterCliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vern-cli-validate", Guid.NewGuid().ToString("N"));
    private readonly string _db;

    public ValidateRegisterCliTests()
    {
        Directory.CreateDirectory(_dir);
        _db = Path.Combine(_dir, "unused.db");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, int seed, Func<string, string>? change = null)
    {
        var doc = RegisterSamples.Realistic(seed);
        var xml = RegisterWriter.WriteToString(doc.File, doc.Case);
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, change is null ? xml : change(xml));
        return path;
    }

    [Fact]
    public void ValidateRegister_ValidFile_ExitsZero()
    {
        var file = Write("ok.xml", 1);
        var (exit, stdout, stderr) = VernProcess.Run(_db, "validate", "register", file, "--as-of", "2026-01-15");
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("Ingen funn", stdout, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "Melder Kontroll 2")]
    public void ValidateRegister_FolderWithAControlError_PrintsOneJsonArrayAndExitsNonZero()
    {
        Write("a-ok.xml", 1);
        Write("b-melder.xml", 2, x => x.Replace("<Melder Kode=\"11\" />", "<Melder Kode=\"22\" />", StringComparison.Ordinal));
        var (exit, stdout, stderr) = VernProcess.Run(_db, "validate", "register", _dir, "--as-of", "2026-01-15", "--format", "json");

        Assert.True(exit == 1, stdout + stderr);
        using var json = JsonDocument.Parse(stdout);
        var finding = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("Melder Kontroll 2", finding.GetProperty("control").GetString());
        Assert.Equal("ERROR", finding.GetProperty("severity").GetString());
        Assert.Equal("Melder med kode (22) mangler presisering", finding.GetProperty("message").GetString());
        Assert.StartsWith("Sak[Id=", finding.GetProperty("path").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("b-melder.xml", finding.GetProperty("file").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("xsd")]
    public void ValidateRegister_ZipWithABrokenFile_ReportsFatalPerEntry(string validator)
    {
        Write("ok.xml", 1);
        Write("broken.xml", 2, x => x.Replace("<Sak ", "<Sak Ukjent=\"1\" ", StringComparison.Ordinal));
        var zip = Path.Combine(_dir, "levering.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            archive.CreateEntryFromFile(Path.Combine(_dir, "ok.xml"), "ok.xml");
            archive.CreateEntryFromFile(Path.Combine(_dir, "broken.xml"), "broken.xml");
        }

        var (exit, stdout, stderr) = VernProcess.Run(_db, "validate", "register", zip, "--format", "json", "--schema-validator", validator, "--as-of", "2026-01-15");

        Assert.True(exit == 1, stdout + stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.All(json.RootElement.EnumerateArray(), f =>
        {
            Assert.Equal("FATAL", f.GetProperty("severity").GetString());
            Assert.EndsWith("levering.zip!broken.xml", f.GetProperty("file").GetString(), StringComparison.Ordinal);
        });
        Assert.Contains("2 fil(er) validert", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateRegister_MissingPath_ExitsWithFileNotFound()
    {
        var (exit, _, _) = VernProcess.Run(_db, "validate", "register", Path.Combine(_dir, "nope.xml"));
        Assert.Equal(4, exit);
    }
}
