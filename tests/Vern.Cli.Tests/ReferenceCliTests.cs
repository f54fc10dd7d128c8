using System.Diagnostics;

namespace Vern.Cli.Tests;

/// <summary><c>vern reference</c> through the real program: which XSD and code lists are in use and where they
/// came from, in the order --reference, VERN_REFERENCE, the copy embedded in Vern.</summary>
public sealed class ReferenceCliTests : CliTest
{
    [Fact]
    public void Reference_NoOptionNoEnvironment_UsesTheEmbeddedCopy()
    {
        var (exit, stdout, stderr) = Run(environment: null);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("Kilde: innebygd: kopien i Vern (reference/ssb-barnevern-register)", stdout, StringComparison.Ordinal);
        Assert.Contains("XSD: Barnevern_v4.xsd versjon 4.0.1", stdout, StringComparison.Ordinal);
        Assert.Contains("Kodelister: Kodelister.md, 16 lister, SHA-256 ", stdout, StringComparison.Ordinal);
        Assert.Contains("SSBs versjonsinfo: v.4.0.1 (Endringsdato: 6. desember 2025)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_Environment_ThenOptionWins()
    {
        var fromEnvironment = Release("env", "4.0.7");
        var fromOption = Release("opt", "4.1.0");

        var (exit, stdout, _) = Run(environment: fromEnvironment);
        Assert.Equal(0, exit);
        Assert.Contains($"Kilde: VERN_REFERENCE: {fromEnvironment}", stdout, StringComparison.Ordinal);
        Assert.Contains("XSD: Barnevern_v4.xsd versjon 4.0.7", stdout, StringComparison.Ordinal);

        (exit, stdout, _) = Run(environment: fromEnvironment, "--reference", fromOption);
        Assert.Equal(0, exit);
        Assert.Contains($"Kilde: --reference: {fromOption}", stdout, StringComparison.Ordinal);
        Assert.Contains("XSD: Barnevern_v4.xsd versjon 4.1.0", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_EnvironmentFolderWithoutSchema_ExitsFourNamingTheVariable()
    {
        var (exit, _, stderr) = Run(environment: Dir);
        Assert.Equal(4, exit);
        Assert.Contains($"VERN_REFERENCE={Dir}: mappen har ikke Barnevern_v4.xsd", System.Text.RegularExpressions.Regex.Replace(stderr, @"\s+", " "), StringComparison.Ordinal);
    }

    /// <summary>A folder holding a "newer SSB release": the embedded files with the XSD's version changed.</summary>
    private string Release(string name, string version)
    {
        var dir = Path.Combine(Dir, name);
        Directory.CreateDirectory(dir);
        foreach (var file in new[] { "Kodelister.md", "versjonsinfo.md" })
            File.WriteAllText(Path.Combine(dir, file), Vern.Storage.ReferenceFiles.Embedded.ReadText(file));
        File.WriteAllText(Path.Combine(dir, "Barnevern_v4.xsd"), Vern.Storage.ReferenceFiles.Embedded.ReadText("Barnevern_v4.xsd")
            .Replace("version=\"4.0.1\"", $"version=\"{version}\"", StringComparison.Ordinal));
        return dir;
    }

    private (int Exit, string Out, string Err) Run(string? environment, params string[] args)
    {
        var psi = VernProcess.StartInfo(Db, ["reference", .. args]);
        if (environment is null)
            psi.Environment.Remove("VERN_REFERENCE");
        else
            psi.Environment["VERN_REFERENCE"] = environment;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), "vern reference did not finish in 60 s");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
