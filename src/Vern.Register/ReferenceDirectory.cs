namespace Vern.Register;

/// <summary>Finds SSB's reference files (Barnevern_v4.xsd, Kravspesifikasjon.md, Kodelister.md). They are read
/// from the shared reference folder at run time, never copied into the repository.</summary>
public static class ReferenceDirectory
{
    /// <summary>Environment variable that points at the reference folder.</summary>
    public const string EnvironmentVariable = "VERN_REFERENCE";

    private const string SsbFolder = "ssb-barnevern-register";

    /// <summary>Resolves the folder holding Barnevern_v4.xsd: <paramref name="explicitDir"/> (e.g. --reference), else
    /// $VERN_REFERENCE, else the first <c>shared/reference</c> found walking up from the current directory and then
    /// from the executable's directory. Each candidate may be the SSB folder itself or its parent.</summary>
    /// <exception cref="DirectoryNotFoundException">No folder with the schema was found.</exception>
    public static string Resolve(string? explicitDir = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitDir))
        {
            return Accept(explicitDir) ?? throw new DirectoryNotFoundException(
                $"'{explicitDir}' does not contain {Schema.RegisterSchema.FileName} (nor {SsbFolder}/{Schema.RegisterSchema.FileName}).");
        }

        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env)
        {
            return Accept(env) ?? throw new DirectoryNotFoundException(
                $"{EnvironmentVariable}='{env}' does not contain {Schema.RegisterSchema.FileName}.");
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (Accept(Path.Combine(dir.FullName, "shared", "reference")) is { } found)
                {
                    return found;
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"SSB reference files not found: pass --reference DIR, set {EnvironmentVariable}, or run below a folder that has shared/reference/{SsbFolder}.");
    }

    private static string? Accept(string dir)
    {
        if (File.Exists(Path.Combine(dir, Schema.RegisterSchema.FileName)))
        {
            return Path.GetFullPath(dir);
        }

        var ssb = Path.Combine(dir, SsbFolder);
        return File.Exists(Path.Combine(ssb, Schema.RegisterSchema.FileName)) ? Path.GetFullPath(ssb) : null;
    }
}
