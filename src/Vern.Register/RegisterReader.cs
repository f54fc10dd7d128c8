using System.Xml.Schema;
using Vern.Domain.Validation;
using Vern.Register.Controls;
using Vern.Register.Model;
using Vern.Register.Schema;
using Vern.Register.Xml;

namespace Vern.Register;

/// <summary>Which schema check the reader runs.</summary>
public enum SchemaValidator
{
    /// <summary>The validator specialised to Barnevern_v4.xsd (<see cref="FastSchema"/>): same verdicts, several times faster.</summary>
    Fast,

    /// <summary>.NET's XmlSchemaSet with the real XSD: the authoritative, slower path.</summary>
    Xsd,

    /// <summary>No schema check (only well-formedness and safety limits); for tolerant import of known files.</summary>
    None,
}

/// <summary>Options for <see cref="RegisterReader"/>.</summary>
/// <param name="Schema">The loaded XSD; required unless <paramref name="Validator"/> is None.</param>
public sealed record RegisterReadOptions(RegisterSchema? Schema, SchemaValidator Validator = SchemaValidator.Fast, XmlLimits? Limits = null);

/// <summary>One register file: header (<see cref="RegisterFile"/>) and its one case (<see cref="RegisterCase"/>).</summary>
public sealed record RegisterDocument(RegisterFile File, RegisterCase Case);

/// <summary>What <see cref="RegisterReader"/> found: the document if it could be read, and every finding.</summary>
public sealed record RegisterReadResult(RegisterDocument? Document, IReadOnlyList<ValidationIssue> Issues)
{
    /// <summary>True if the file failed reading or the schema check (FATAL: SSB rejects the file).</summary>
    public bool IsFatal => Issues.Any(i => i.Severity == Severity.Fatal);
}

/// <summary>Streaming reader for one register file (XmlReader, no DOM), with safe settings and limits.
/// Every XML error, limit or schema error is a FATAL <see cref="ValidationIssue"/>; it never throws for bad input.</summary>
public static class RegisterReader
{
    [ThreadStatic]
    private static byte[]? t_fileBuffer;

    /// <summary>Reads and schema-checks a file. The document is returned whenever the XML is well-formed with a
    /// Barnevern root, even if the schema check failed (values then default where missing).</summary>
    public static RegisterReadResult ReadFile(string path, RegisterReadOptions options)
    {
        var limits = options.Limits ?? XmlLimits.Default;
        try
        {
            // One open, one fstat and one read into this thread's buffer: a register file is a few KiB, and a
            // FileStream per file (its own 16 KiB buffer, an lstat for the length) cost more than the file itself.
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var length = RandomAccess.GetLength(handle);
            if (length > limits.MaxFileBytes)
            {
                return Fatal(ControlCodes.XmlFileTooLarge, ("storrelse", length), ("maks", limits.MaxFileBytes));
            }

            var buffer = ThreadBuffer(length);
            var read = 0;
            int n;
            while (read < length && (n = RandomAccess.Read(handle, buffer.AsSpan(read, (int)length - read), read)) > 0)
            {
                read += n;
            }

            return Read(buffer, read, options);
        }
        catch (IOException ex)
        {
            return Fatal(ControlCodes.FileUnreadable, ("detalj", ex.Message));
        }
        catch (UnauthorizedAccessException ex)
        {
            return Fatal(ControlCodes.FileUnreadable, ("detalj", ex.Message));
        }
    }

    /// <summary>Reads and schema-checks one file from a stream (the stream is left open).</summary>
    public static RegisterReadResult Read(Stream stream, RegisterReadOptions options)
    {
        var limits = options.Limits ?? XmlLimits.Default;
        if (options.Validator == SchemaValidator.Xsd || !stream.CanSeek || stream.Length - stream.Position > limits.MaxFileBytes)
        {
            return ReadWithXmlReader(stream, options);
        }

        var length = (int)(stream.Length - stream.Position);
        var buffer = ThreadBuffer(length);
        var read = 0;
        int n;
        while (read < length && (n = stream.Read(buffer, read, length - read)) > 0)
        {
            read += n;
        }

        return Read(buffer, read, options);
    }

    /// <summary>This thread's buffer for a whole file of <paramref name="length"/> bytes.</summary>
    private static byte[] ThreadBuffer(long length) =>
        t_fileBuffer is { } b && b.Length >= length ? b : t_fileBuffer = new byte[Math.Max(64 * 1024, (int)length)];

    /// <summary>Reads a whole file held in <paramref name="buffer"/>: straight from its bytes (<see cref="Utf8TreeReader"/>)
    /// when it is plain UTF-8 XML without a schema finding, else with XmlReader, which words every finding.</summary>
    private static RegisterReadResult Read(byte[] buffer, int length, RegisterReadOptions options)
    {
        if (options.Validator != SchemaValidator.Xsd && Utf8TreeReader.TryRead(buffer.AsSpan(0, length), options.Limits ?? XmlLimits.Default) is { } root)
        {
            var issues = new List<ValidationIssue>();
            var result = Check(root, options, issues);

            // A finding names its line and position, which only XmlReader counts: such a file is read again with it.
            if (issues.Count == 0)
            {
                return result;
            }
        }

        return ReadWithXmlReader(new MemoryStream(buffer, 0, length, writable: false), options);
    }

    /// <summary>Reads with XmlReader only: the path for the XSD validator, for a stream too long to buffer, and for every
    /// file <see cref="Utf8TreeReader"/> declines or finds a schema finding in.</summary>
    internal static RegisterReadResult ReadWithXmlReader(Stream stream, RegisterReadOptions options)
    {
        var limits = options.Limits ?? XmlLimits.Default;
        var issues = new List<ValidationIssue>();
        XmlSchemaSet? schemas = null;
        if (options.Validator != SchemaValidator.None)
        {
            var schema = options.Schema ?? throw new ArgumentException("A schema is needed for schema validation.", nameof(options));
            schemas = options.Validator == SchemaValidator.Xsd ? schema.SchemaSet : null;
        }

        var root = XmlTreeReader.Read(stream, limits, schemas, issues);
        return root is null ? new RegisterReadResult(null, issues) : Check(root, options, issues);
    }

    /// <summary>The root, the fast schema check and the XSD's supplements (<see cref="FastSchema"/>), then the mapping to
    /// the register model; adds to <paramref name="issues"/>.</summary>
    private static RegisterReadResult Check(TreeElement root, RegisterReadOptions options, List<ValidationIssue> issues)
    {
        var limits = options.Limits ?? XmlLimits.Default;
        if (root.Name != "Barnevern" || root.Namespace.Length != 0)
        {
            issues.Insert(0, Issue(ControlCodes.XmlWrongRoot, "", ("navnerom", root.Namespace), ("navn", root.Name)));
            return new RegisterReadResult(null, issues);
        }

        if (options.Validator != SchemaValidator.None && options.Schema is null)
        {
            throw new ArgumentException("A schema is needed for schema validation.", nameof(options));
        }

        if (options.Validator == SchemaValidator.Fast)
        {
            options.Schema!.Fast.Validate(root, issues, limits.MaxIssuesPerFile);
        }

        if (options.Validator != SchemaValidator.None)
        {
            options.Schema!.Fast.ValidateSupplements(root, issues, limits.MaxIssuesPerFile);
        }

        return new RegisterReadResult(RegisterXmlMapping.ToDocument(root), issues);
    }

    private static RegisterReadResult Fatal(string key, params (string, object?)[] values) =>
        new(null, [Issue(key, "", values)]);

    private static ValidationIssue Issue(string key, string path, params (string, object?)[] values) =>
        new(ControlCodes.Filbeskrivelse, Severity.Fatal, path, Messages.Format(key, values), ControlCodes.SourceOf(ControlCodes.Filbeskrivelse));
}
