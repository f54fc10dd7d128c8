using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml;
using Vern.Domain.CodeLists;

namespace Vern.Storage;

/// <summary>Where a set of SSB's reference files came from.</summary>
public enum ReferenceOrigin
{
    /// <summary>The copy carried in the repository (<c>reference/ssb-barnevern-register/</c>), embedded in Vern.Storage.</summary>
    Embedded,

    /// <summary>The folder named by the <c>VERN_REFERENCE</c> environment variable.</summary>
    Environment,

    /// <summary>The folder named by <c>--reference DIR</c>.</summary>
    Option,
}

/// <summary>SSB's files for Nasjonalt barnevernregister (Barnevern_v4.xsd, Kodelister.md, Kravspesifikasjon.md,
/// versjonsinfo.md) from one place: the copy embedded in Vern, or a folder with a newer SSB release.
/// Everything that reads them (code lists, register schema, tests, benchmarks) gets them from here.</summary>
public sealed partial class SsbReference
{
    /// <summary>The register schema's file name.</summary>
    public const string SchemaFile = "Barnevern_v4.xsd";

    /// <summary>The code lists' file name.</summary>
    public const string CodeListFile = "Kodelister.md";

    /// <summary>SSB's version history (the version note).</summary>
    public const string VersionFile = "versjonsinfo.md";

    private readonly Lazy<CodeListSet> codeLists;

    private readonly Lazy<string> xsdVersion;

    private SsbReference(ReferenceOrigin origin, string? directory)
    {
        Origin = origin;
        Directory = directory;
        codeLists = new(() => KodelisterParser.Parse(ReadText(CodeListFile)));
        xsdVersion = new(ReadXsdVersion);
    }

    public ReferenceOrigin Origin { get; }

    /// <summary>The folder read from; null for the embedded copy.</summary>
    public string? Directory { get; }

    /// <summary>Where the files came from, for people: the folder, or "kopien i Vern".</summary>
    public string Location => Directory ?? "kopien i Vern (reference/ssb-barnevern-register)";

    /// <summary>A key that identifies these files for caches: the folder's full path, or "embedded".</summary>
    public string Key => Directory ?? "embedded";

    /// <summary>The code lists of Kodelister.md, parsed once.</summary>
    public CodeListSet CodeLists => codeLists.Value;

    /// <summary>The version attribute of Barnevern_v4.xsd, e.g. "4.0.1".</summary>
    public string XsdVersion => xsdVersion.Value;

    internal static SsbReference Embedded { get; } = new(ReferenceOrigin.Embedded, null);

    internal static SsbReference FromDirectory(ReferenceOrigin origin, string directory) => new(origin, directory);

    /// <summary>True if the file is present (the embedded copy has all six files; a folder may lack the notes).</summary>
    public bool Has(string name) => Directory is null
        ? typeof(SsbReference).Assembly.GetManifestResourceInfo(ResourceName(name)) is not null
        : File.Exists(Path.Combine(Directory, name));

    /// <summary>Opens one of the files, e.g. "Barnevern_v4.xsd".</summary>
    /// <exception cref="FileNotFoundException">The file is not there; the message names it and the place.</exception>
    public Stream Open(string name)
    {
        if (Directory is not null)
        {
            var path = Path.Combine(Directory, name);
            return File.Exists(path)
                ? File.OpenRead(path)
                : throw new FileNotFoundException($"SSBs referansefil {name} finnes ikke i {Directory}.", path);
        }

        return typeof(SsbReference).Assembly.GetManifestResourceStream(ResourceName(name))
            ?? throw new FileNotFoundException($"SSBs referansefil {name} er ikke innebygd i Vern.", name);
    }

    /// <summary>Reads one of the files as UTF-8 text.</summary>
    public string ReadText(string name)
    {
        using var reader = new StreamReader(Open(name));
        return reader.ReadToEnd();
    }

    /// <summary>The newest entry of SSB's version note (versjonsinfo.md), e.g. "v.4.0.1 (Endringsdato: 6. desember 2025)";
    /// null when the folder has no versjonsinfo.md. SSB versions the XSD and the code lists together in that note.</summary>
    public string? ReleaseNote()
    {
        if (!Has(VersionFile))
            return null;
        var match = ReleaseHeading().Match(ReadText(VersionFile));
        return match.Success ? $"{match.Groups["version"].Value} ({match.Groups["date"].Value.Trim()})" : null;
    }

    /// <summary>The first 12 hex digits of the SHA-256 of Kodelister.md: tells two code-list texts apart exactly.</summary>
    public string CodeListDigest()
    {
        using var stream = Open(CodeListFile);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..12];
    }

    private string ReadXsdVersion()
    {
        using var stream = Open(SchemaFile);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        reader.MoveToContent();
        return reader.GetAttribute("version") ?? "";
    }

    private static string ResourceName(string name) => "ssb-barnevern-register/" + name;

    // "# v.4.0.1" followed (after a line) by "Endringsdato: 6. desember 2025".
    [GeneratedRegex(@"^#\s*(?<version>v\.?\d+(\.\d+)*)\s*$\s*^(?<date>Endringsdato:[^\r\n]*)", RegexOptions.Multiline)]
    private static partial Regex ReleaseHeading();
}

/// <summary>Finds SSB's reference files. In order: <c>--reference DIR</c>, the <c>VERN_REFERENCE</c> environment
/// variable, else the copy embedded in Vern (carried in the repository at <c>reference/ssb-barnevern-register/</c>,
/// MIT licence from SSB beside it). A folder may be the one holding Barnevern_v4.xsd or its parent with an
/// <c>ssb-barnevern-register/</c> subfolder. Point at a folder only to use a newer SSB release.</summary>
public static class ReferenceFiles
{
    public const string EnvironmentVariable = "VERN_REFERENCE";

    private const string SsbFolder = "ssb-barnevern-register";

    private static readonly ConcurrentDictionary<string, SsbReference> Folders = new(StringComparer.Ordinal);

    /// <summary>The reference files to use.</summary>
    /// <param name="explicitDirectory">The value of <c>--reference</c>, or null.</param>
    /// <exception cref="DirectoryNotFoundException">A folder was named but has no Barnevern_v4.xsd; the message names
    /// the option or variable and the folder.</exception>
    public static SsbReference Resolve(string? explicitDirectory = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
            return Folder(ReferenceOrigin.Option, explicitDirectory, $"--reference {explicitDirectory}");
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env)
            return Folder(ReferenceOrigin.Environment, env, $"{EnvironmentVariable}={env}");
        return SsbReference.Embedded;
    }

    /// <summary>The code lists of Kodelister.md from <see cref="Resolve"/>'s choice, parsed once per source.</summary>
    public static CodeListSet LoadCodeLists(string? explicitDirectory = null) => Resolve(explicitDirectory).CodeLists;

    /// <summary>The copy embedded in Vern, whatever the option or environment says.</summary>
    public static SsbReference Embedded => SsbReference.Embedded;

    private static SsbReference Folder(ReferenceOrigin origin, string dir, string named)
    {
        var found = Accept(dir) ?? throw new DirectoryNotFoundException(
            $"{named}: mappen har ikke {SsbReference.SchemaFile} (heller ikke {SsbFolder}/{SsbReference.SchemaFile}).");
        return Folders.GetOrAdd($"{origin}|{found}", _ => SsbReference.FromDirectory(origin, found));
    }

    private static string? Accept(string dir)
    {
        if (File.Exists(Path.Combine(dir, SsbReference.SchemaFile)))
            return Path.GetFullPath(dir);
        var ssb = Path.Combine(dir, SsbFolder);
        return File.Exists(Path.Combine(ssb, SsbReference.SchemaFile)) ? Path.GetFullPath(ssb) : null;
    }
}
