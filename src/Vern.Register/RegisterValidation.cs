using Vern.Storage;
using System.IO.Compression;
using Vern.Domain.Validation;
using Vern.Domain.CodeLists;
using Vern.Register.Controls;
using Vern.Register.Schema;
using Vern.Register.Xml;

namespace Vern.Register;

/// <summary>Options for <see cref="RegisterValidation"/>.</summary>
/// <param name="Reference">SSB's Barnevern_v4.xsd and Kodelister.md (see <see cref="ReferenceFiles.Resolve"/>).</param>
/// <param name="AsOf">Reporting date (rapporteringsdato); the host passes today.</param>
/// <param name="Validator">Fast (default) or Xsd (the authoritative XmlSchemaSet path).</param>
/// <param name="MaxParallelism">Threads for many files; null = one per core.</param>
public sealed record RegisterValidationOptions(
    SsbReference Reference,
    DateOnly AsOf,
    SchemaValidator Validator = SchemaValidator.Fast,
    int? MaxParallelism = null,
    XmlLimits? Limits = null);

/// <summary>The findings for one file (or zip entry, named "archive.zip!entry.xml").</summary>
public sealed record FileValidationResult(string File, IReadOnlyList<ValidationIssue> Issues)
{
    /// <summary>True if a finding is FATAL or ERROR (the file would be rejected or must be corrected).</summary>
    public bool HasErrors => Issues.Any(i => i.Severity >= Severity.Error);
}

/// <summary>Entry point of register validation (<c>vern validate register</c>): reads each file with safe limits,
/// checks it against the XSD (fast or XmlSchemaSet path) and runs every SSB control on its case in the same pass.
/// Controls are not run on a file with a FATAL finding: SSB rejects such a file whole.</summary>
public static class RegisterValidation
{
    /// <summary>Validates one register file.</summary>
    public static FileValidationResult ValidateFile(string path, RegisterValidationOptions options)
    {
        var (schema, codeLists) = LoadReference(options);
        return Validate(path, RegisterReader.ReadFile(path, ReadOptions(options, schema)), options, codeLists);
    }

    /// <summary>Validates one file given as a stream (e.g. an upload); <paramref name="name"/> labels the result.</summary>
    public static FileValidationResult ValidateStream(Stream stream, string name, RegisterValidationOptions options)
    {
        var (schema, codeLists) = LoadReference(options);
        return Validate(name, RegisterReader.Read(stream, ReadOptions(options, schema)), options, codeLists);
    }

    /// <summary>Validates a file, every *.xml file under a folder (sorted by path), or every *.xml entry of a .zip,
    /// in parallel over files. Results are in input order.</summary>
    public static IReadOnlyList<FileValidationResult> ValidatePath(string path, RegisterValidationOptions options)
    {
        var (schema, codeLists) = LoadReference(options);
        var read = ReadOptions(options, schema);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelism ?? Environment.ProcessorCount };

        if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(path, "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
            var results = new FileValidationResult[files.Length];
            Parallel.For(0, files.Length, parallel, i => results[i] = Validate(files[i], RegisterReader.ReadFile(files[i], read), options, codeLists));
            return results;
        }

        if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) && File.Exists(path))
        {
            return ValidateZip(path, options, read, codeLists, parallel);
        }

        return [Validate(path, RegisterReader.ReadFile(path, read), options, codeLists)];
    }

    private static List<FileValidationResult> ValidateZip(string path, RegisterValidationOptions options, RegisterReadOptions read, CodeListSet codeLists, ParallelOptions parallel)
    {
        var limits = options.Limits ?? XmlLimits.Default;
        var results = new List<FileValidationResult>();
        using var zip = ZipFile.OpenRead(path);
        var entries = zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)).OrderBy(e => e.FullName, StringComparer.Ordinal).ToList();

        // ZipArchive is not thread-safe: inflate a batch on this thread (each entry bounded by the file limit, each
        // batch by entry count and total bytes), then validate the batch in parallel.
        const int MaxBatchEntries = 2_000;
        const long MaxBatchBytes = 256L * 1024 * 1024;
        var next = 0;
        while (next < entries.Count)
        {
            var contents = new List<(string Name, byte[]? Bytes, FileValidationResult? Early)>();
            long batchBytes = 0;
            while (next < entries.Count && contents.Count < MaxBatchEntries && batchBytes < MaxBatchBytes)
            {
                var entry = entries[next++];
                var name = path + "!" + entry.FullName;
                var bytes = ReadBounded(entry, limits.MaxFileBytes, out var unreadable);
                batchBytes += bytes?.Length ?? 0;
                contents.Add(bytes is null
                    ? (name, null, new FileValidationResult(name, [unreadable ?? TooLarge(entry.Length, limits.MaxFileBytes)]))
                    : (name, bytes, null));
            }

            var batchResults = new FileValidationResult[contents.Count];
            Parallel.For(0, contents.Count, parallel, i =>
            {
                var (name, bytes, early) = contents[i];
                batchResults[i] = early ?? Validate(name, RegisterReader.Read(new MemoryStream(bytes!, writable: false), read), options, codeLists);
            });
            results.AddRange(batchResults);
        }

        return results;
    }

    /// <summary>Inflates one entry, or null if it is larger than the limit (a zip bomb stops at the limit) or damaged
    /// (then <paramref name="unreadable"/> says why). Used by validate and import alike.</summary>
    internal static byte[]? ReadBounded(ZipArchiveEntry entry, long max, out ValidationIssue? unreadable)
    {
        unreadable = null;
        if (entry.Length > max)
        {
            return null;
        }

        try
        {
            using var s = entry.Open();
            using var ms = new MemoryStream((int)Math.Min(entry.Length, max));
            var buffer = new byte[81920];
            int n;
            while ((n = s.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (ms.Length + n > max)
                {
                    return null;
                }

                ms.Write(buffer, 0, n);
            }

            return ms.ToArray();
        }
        catch (InvalidDataException ex)
        {
            unreadable = new ValidationIssue(ControlCodes.Filbeskrivelse, Severity.Fatal, "",
                Messages.Format(ControlCodes.FileUnreadable, ("detalj", ex.Message)), ControlCodes.SourceOf(ControlCodes.Filbeskrivelse));
            return null;
        }
    }

    internal static ValidationIssue TooLarge(long size, long max) => new(
        ControlCodes.Filbeskrivelse, Severity.Fatal, "",
        Messages.Format(ControlCodes.XmlFileTooLarge, ("storrelse", size), ("maks", max)),
        ControlCodes.SourceOf(ControlCodes.Filbeskrivelse));

    private static FileValidationResult Validate(string name, RegisterReadResult read, RegisterValidationOptions options, CodeListSet codeLists)
    {
        if (read.IsFatal || read.Document is null)
        {
            return new FileValidationResult(name, read.Issues);
        }

        var controls = RegisterControls.Run(new ControlContext(read.Document.File, read.Document.Case, options.AsOf, codeLists));
        if (read.Issues.Count == 0)
        {
            return new FileValidationResult(name, controls);
        }

        return new FileValidationResult(name, [.. read.Issues, .. controls]);
    }

    private static RegisterReadOptions ReadOptions(RegisterValidationOptions options, RegisterSchema schema) =>
        new(schema, options.Validator, options.Limits);

    private static (RegisterSchema Schema, CodeListSet CodeLists) LoadReference(RegisterValidationOptions options) =>
        (RegisterSchema.Load(options.Reference), options.Reference.CodeLists);
}
