using Vern.Tests;

namespace Vern.Storage.Tests;

/// <summary>SSB's reference files: the copy embedded in Vern (reference/ssb-barnevern-register/, MIT licence from
/// SSB) and a folder named by --reference for a newer release.</summary>
public sealed class ReferenceFilesTests : IDisposable
{
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("Barnevern_v4.xsd")]
    [InlineData("Barnevern_v3.xsd")]
    [InlineData("Kodelister.md")]
    [InlineData("Kravspesifikasjon.md")]
    [InlineData("versjonsinfo.md")]
    [InlineData("LICENSE.md")]
    public void Embedded_CarriesEachOfSsbsFiles(string name)
    {
        var embedded = ReferenceFiles.Embedded;
        Assert.True(embedded.Has(name), name);
        Assert.NotEmpty(embedded.ReadText(name));
    }

    [Fact]
    public void Embedded_IsRelease401_WithMitLicence()
    {
        var embedded = ReferenceFiles.Embedded;
        Assert.Equal(ReferenceOrigin.Embedded, embedded.Origin);
        Assert.Null(embedded.Directory);
        // Barnevern_v4.xsd: <xs:schema ... version="4.0.1">; versjonsinfo.md: "# v.4.0.1", "Endringsdato: 6. desember 2025".
        Assert.Equal("4.0.1", embedded.XsdVersion);
        Assert.Equal("v.4.0.1 (Endringsdato: 6. desember 2025)", embedded.ReleaseNote());
        Assert.Contains("Copyright 2023 Statistisk sentralbyrå", embedded.ReadText("LICENSE.md"), StringComparison.Ordinal);
        Assert.Equal(16, embedded.CodeLists.Lists.Count());
    }

    [Fact]
    public void Embedded_MissingFile_NamesTheFile()
    {
        var e = Assert.Throws<FileNotFoundException>(() => ReferenceFiles.Embedded.Open("Barnevern_v9.xsd"));
        Assert.Equal("SSBs referansefil Barnevern_v9.xsd er ikke innebygd i Vern.", e.Message);
    }

    [Fact]
    public void Resolve_ReferenceOption_ReadsThatFolder_NotTheEmbeddedCopy()
    {
        var dir = CopyEmbedded(Path.Combine(_temp.Directory, "ny", "ssb-barnevern-register"));
        var xsd = Path.Combine(dir, "Barnevern_v4.xsd");
        File.WriteAllText(xsd, File.ReadAllText(xsd).Replace("version=\"4.0.1\"", "version=\"4.0.2\"", StringComparison.Ordinal));

        // Either the folder itself or its parent with an ssb-barnevern-register/ subfolder.
        foreach (var named in new[] { dir, Path.Combine(_temp.Directory, "ny") })
        {
            var reference = ReferenceFiles.Resolve(named);
            Assert.Equal(ReferenceOrigin.Option, reference.Origin);
            Assert.Equal(Path.GetFullPath(dir), reference.Directory);
            Assert.Equal("4.0.2", reference.XsdVersion);
            Assert.Equal(ReferenceFiles.Embedded.CodeListDigest(), reference.CodeListDigest());
        }
    }

    [Fact]
    public void Resolve_FolderWithoutVersionNote_HasNoReleaseNote()
    {
        var dir = CopyEmbedded(Path.Combine(_temp.Directory, "uten-versjonsinfo"));
        File.Delete(Path.Combine(dir, "versjonsinfo.md"));
        Assert.Null(ReferenceFiles.Resolve(dir).ReleaseNote());
    }

    [Fact]
    public void Resolve_ReferenceOptionWithoutSchema_NamesTheOptionAndTheFile()
    {
        var empty = Path.Combine(_temp.Directory, "tom");
        Directory.CreateDirectory(empty);
        var e = Assert.Throws<DirectoryNotFoundException>(() => ReferenceFiles.Resolve(empty));
        Assert.Equal($"--reference {empty}: mappen har ikke Barnevern_v4.xsd (heller ikke ssb-barnevern-register/Barnevern_v4.xsd).", e.Message);
    }

    private static string CopyEmbedded(string dir)
    {
        Directory.CreateDirectory(dir);
        foreach (var name in new[] { "Barnevern_v4.xsd", "Kodelister.md", "versjonsinfo.md" })
        {
            using var source = ReferenceFiles.Embedded.Open(name);
            using var target = File.Create(Path.Combine(dir, name));
            source.CopyTo(target);
        }
        return dir;
    }
}
