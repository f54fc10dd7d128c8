using Vern.Register.Export;
using Vern.Register.Import;

namespace Vern.Register.Tests;

/// <summary>Tests only: blocking forms of the exporter's and importer's async entry points (see Vern.Tests.SyncPorts).</summary>
internal static class SyncRegister
{
    public static ExportSummary Export(this RegisterExporter exporter, ExportOptions options, string output) =>
        exporter.ExportAsync(options, output).GetAwaiter().GetResult();

    public static List<ImportOutcome> ImportPath(this RegisterImporter importer, string path) =>
        importer.ImportPathAsync(path).ToBlockingEnumerable().ToList();

    public static ImportOutcome ImportFile(this RegisterImporter importer, string file) =>
        importer.ImportFileAsync(file).GetAwaiter().GetResult();
}
