using Vern.Domain.CodeLists;

namespace Vern.Storage;

/// <summary>Finds SSB's reference files (Barnevern_v4.xsd, Kodelister.md, Kravspesifikasjon.md) at run time.
/// They are read where they are published, never copied into Vern: from <c>--reference DIR</c>, the
/// <c>VERN_REFERENCE</c> environment variable, or a <c>shared/reference</c> folder found by walking up
/// from the working directory or the program's directory.</summary>
public static class ReferenceFiles
{
    public const string EnvironmentVariable = "VERN_REFERENCE";

    /// <summary>The folder holding <c>ssb-barnevern-register/</c> (and <c>bufdir-fiks/</c>).</summary>
    public static string Locate(string? explicitDirectory = null)
    {
        foreach (var candidate in Candidates(explicitDirectory))
            if (Directory.Exists(Path.Combine(candidate, "ssb-barnevern-register")))
                return Path.GetFullPath(candidate);
        throw new DirectoryNotFoundException(
            "Fant ikke SSBs referansefiler (ssb-barnevern-register/Kodelister.md og Barnevern_v4.xsd). "
            + $"Oppgi mappen med --reference DIR eller miljøvariabelen {EnvironmentVariable}.");
    }

    private static IEnumerable<string> Candidates(string? explicitDirectory)
    {
        if (!string.IsNullOrEmpty(explicitDirectory))
        {
            yield return explicitDirectory;
            yield break;
        }
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env)
        {
            yield return env;
            yield break;
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                yield return Path.Combine(dir.FullName, "shared", "reference");
                yield return Path.Combine(dir.FullName, "reference");
            }
        }
    }

    /// <summary>Path of a file in SSB's register folder, e.g. "Barnevern_v4.xsd".</summary>
    public static string RegisterFile(string name, string? explicitDirectory = null) =>
        Path.Combine(Locate(explicitDirectory), "ssb-barnevern-register", name);

    /// <summary>Loads the code lists from Kodelister.md.</summary>
    public static CodeListSet LoadCodeLists(string? explicitDirectory = null) =>
        KodelisterParser.Parse(File.ReadAllText(RegisterFile("Kodelister.md", explicitDirectory)));
}
