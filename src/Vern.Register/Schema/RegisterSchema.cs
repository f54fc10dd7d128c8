using System.Collections.Concurrent;
using System.Xml;
using System.Xml.Schema;
using Vern.Register.Xml;

namespace Vern.Register.Schema;

/// <summary>The register's XSD (Barnevern_v4.xsd) loaded once: the compiled <see cref="XmlSchemaSet"/> for the
/// authoritative path, and the <see cref="FastSchema"/> tables derived from it for the fast path.</summary>
public sealed class RegisterSchema
{
    /// <summary>File name of the schema in the reference folder.</summary>
    public const string FileName = "Barnevern_v4.xsd";

    private static readonly ConcurrentDictionary<string, RegisterSchema> Cache = new(StringComparer.Ordinal);

    private RegisterSchema(XmlSchemaSet set, string version)
    {
        SchemaSet = set;
        Version = version;
        Fast = FastSchema.Build(set);
    }

    /// <summary>The compiled schema set (read-only after load; shared by concurrent validating readers).</summary>
    public XmlSchemaSet SchemaSet { get; }

    /// <summary>The schema's version attribute, e.g. "4.0.1".</summary>
    public string Version { get; }

    internal FastSchema Fast { get; }

    /// <summary>Loads (once per path) and compiles the XSD from the reference folder with safe settings
    /// (no DTD, no resolver: the schema has no includes). Throws if the file is missing or not version 4.</summary>
    public static RegisterSchema Load(string referenceDir) =>
        Cache.GetOrAdd(Path.GetFullPath(Path.Combine(referenceDir, FileName)), LoadFile);

    private static RegisterSchema LoadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The register schema {FileName} was not found in the reference folder.", path);
        }

        var set = new XmlSchemaSet { XmlResolver = null };
        XmlSchema schema;
        using (var stream = File.OpenRead(path))
        using (var reader = XmlReader.Create(stream, XmlTreeReader.SafeSettings(XmlLimits.Default)))
        {
            schema = XmlSchema.Read(reader, (_, e) => throw new InvalidOperationException($"{path}: {e.Message}", e.Exception))
                ?? throw new InvalidOperationException($"{path}: not a schema.");
        }

        var version = schema.Version ?? "";
        if (!version.StartsWith("4.", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{path} has version '{version}'; Vern validates against register schema version 4.");
        }

        set.Add(schema);
        set.Compile();
        return new RegisterSchema(set, version);
    }
}
