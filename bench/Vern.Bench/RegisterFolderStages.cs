using System.Diagnostics;
using Vern.Register;
using Vern.Register.Controls;
using Vern.Register.Schema;
using Vern.Storage;

namespace Vern.Bench;

/// <summary>Mode <c>register-folder-stages DIR [--as-of yyyy-MM-dd] [--passes 4]</c>: where the steady-state CPU of validating
/// a folder of register files goes, per file, in one warm process on one thread: opening and reading the file, reading the
/// tree and mapping it (no schema check), the same with the fast schema check, the controls, and the whole
/// <see cref="RegisterValidation.ValidatePath"/>; each with the bytes it allocates. CPU is the process's (user + system), so
/// run it on a quiet moment or compare passes; pass 1 includes the JIT's warm-up.</summary>
internal static class RegisterFolderStages
{
    public static int Run(string[] args)
    {
        var dir = args[1];
        var asOfAt = Array.IndexOf(args, "--as-of");
        var asOf = asOfAt >= 0 ? DateOnly.Parse(args[asOfAt + 1], System.Globalization.CultureInfo.InvariantCulture) : new DateOnly(2026, 1, 15);
        var passesAt = Array.IndexOf(args, "--passes");
        var passes = passesAt >= 0 ? int.Parse(args[passesAt + 1], System.Globalization.CultureInfo.InvariantCulture) : 4;
        var files = Directory.EnumerateFiles(dir, "*.xml").Order(StringComparer.Ordinal).ToArray();
        var reference = ReferenceFiles.Resolve(null);
        var schema = RegisterSchema.Load(reference);
        var bytes = files.Select(File.ReadAllBytes).ToArray();
        var none = new RegisterReadOptions(schema, SchemaValidator.None);
        var fast = new RegisterReadOptions(schema, SchemaValidator.Fast);
        var contexts = bytes.Select(b => RegisterReader.Read(new MemoryStream(b), fast).Document!)
            .Select(d => new ControlContext(d.File, d.Case, asOf, reference.CodeLists)).ToArray();
        var options = new RegisterValidationOptions(reference, asOf, SchemaValidator.Fast, MaxParallelism: 1);
        Console.WriteLine($"{files.Length} files, {bytes.Sum(b => (long)b.Length) / files.Length} bytes a file; per file: µs of CPU, bytes allocated");
        for (var pass = 1; pass <= passes; pass++)
        {
            var row = new List<string>
            {
                Stage("open+read", () => { foreach (var f in files) { File.ReadAllBytes(f); } }, files.Length),
                Stage("tree+map", () => { foreach (var b in bytes) { RegisterReader.Read(new MemoryStream(b), none); } }, files.Length),
                Stage("tree+fast schema+map", () => { foreach (var b in bytes) { RegisterReader.Read(new MemoryStream(b), fast); } }, files.Length),
                Stage("controls", () => { foreach (var c in contexts) { RegisterControls.Run(c); } }, files.Length),
                Stage("ValidatePath", () => RegisterValidation.ValidatePath(dir, options), files.Length),
            };
            Console.WriteLine($"pass {pass}: {string.Join(" | ", row)}");
        }

        return 0;
    }

    private static string Stage(string name, Action action, int n)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        action();
        var us = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1000 / n;
        return $"{name} {us:F1} µs {(GC.GetAllocatedBytesForCurrentThread() - allocated) / n} B";
    }
}
