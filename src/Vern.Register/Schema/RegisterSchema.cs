using System.Collections.Concurrent;
using System.Xml;
using System.Xml.Schema;
using Vern.Register.Xml;
using Vern.Storage;

namespace Vern.Register.Schema;

/// <summary>The register's XSD (Barnevern_v4.xsd) loaded once: the compiled <see cref="XmlSchemaSet"/> for the
/// authoritative path, and the <see cref="FastSchema"/> tables derived from it for the fast path.</summary>
public sealed class RegisterSchema
{
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

    /// <summary>Loads (once per source) and compiles Barnevern_v4.xsd from SSB's reference files with safe settings
    /// (no DTD, no resolver: the schema has no includes). Throws if the file is missing or not version 4.</summary>
    public static RegisterSchema Load(SsbReference reference) =>
        Cache.GetOrAdd(reference.Key, _ => LoadFrom(reference));

    private static RegisterSchema LoadFrom(SsbReference reference)
    {
        var path = $"{reference.Location}: {SsbReference.SchemaFile}";
        var set = new XmlSchemaSet { XmlResolver = null };
        XmlSchema schema;
        using (var stream = reference.Open(SsbReference.SchemaFile))
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
