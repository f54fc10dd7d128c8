using Vern.Domain.CodeLists;

namespace Vern.Storage;

/// <summary>Finds SSB's reference files (Barnevern_v4.xsd, Kodelister.md, Kravspesifikasjon.md) at run time.
/// They are read where they are published, never copied into Vern: from <c>--reference DIR</c>, the
/// <c>VERN_REFERENCE</c> environment variable, or a <c>shared/reference</c> folder found by walking up
/// from the working directory or the program's directory. Each may name the reference folder or its
/// <c>ssb-barnevern-register/</c> subfolder.</summary>
public static class ReferenceFiles
{
    public const string EnvironmentVariable = "VERN_REFERENCE";

    private const string SsbFolder = "ssb-barnevern-register";

    private const string Marker = "Barnevern_v4.xsd";

    /// <summary>The folder holding SSB's register files (Barnevern_v4.xsd, Kodelister.md, Kravspesifikasjon.md).</summary>
    /// <exception cref="DirectoryNotFoundException">No such folder was found; the message says where to point.</exception>
    public static string RegisterDirectory(string? explicitDirectory = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
            return Accept(explicitDirectory) ?? throw new DirectoryNotFoundException(
                $"--reference {explicitDirectory}: mappen har ikke {Marker} (heller ikke {SsbFolder}/{Marker}).");
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env)
            return Accept(env) ?? throw new DirectoryNotFoundException(
                $"{EnvironmentVariable}={env}: mappen har ikke {Marker} (heller ikke {SsbFolder}/{Marker}).");
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (Accept(Path.Combine(dir.FullName, "shared", "reference")) is { } found)
                    return found;
        throw new DirectoryNotFoundException(
            $"Fant ikke SSBs referansefiler ({SsbFolder}/{Marker} og Kodelister.md). "
            + $"Oppgi mappen med --reference DIR eller miljøvariabelen {EnvironmentVariable}.");
    }

    private static string? Accept(string dir)
    {
        if (File.Exists(Path.Combine(dir, Marker)))
            return Path.GetFullPath(dir);
        var ssb = Path.Combine(dir, SsbFolder);
        return File.Exists(Path.Combine(ssb, Marker)) ? Path.GetFullPath(ssb) : null;
    }

    /// <summary>Path of a file in SSB's register folder, e.g. "Barnevern_v4.xsd".</summary>
    public static string RegisterFile(string name, string? explicitDirectory = null) =>
        Path.Combine(RegisterDirectory(explicitDirectory), name);

    /// <summary>Loads the code lists from Kodelister.md.</summary>
    public static CodeListSet LoadCodeLists(string? explicitDirectory = null) =>
        KodelisterParser.Parse(File.ReadAllText(RegisterFile("Kodelister.md", explicitDirectory)));
}
