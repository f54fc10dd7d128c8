using Vern.Storage;
using System.Diagnostics;
using System.Globalization;
using System.Xml;
using Vern.Register;
using Vern.Register.Samples;

namespace Vern.Bench;

/// <summary>Benchmarks. Mode <c>register-validate</c>: generates N realistic case files (~6 KB: care order, foster home,
/// visits, plan), writes them to a temp folder, and times <see cref="RegisterValidation.ValidatePath"/> over the folder
/// with the fast and the XSD schema path, several runs each, printing median files/s and peak working set.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "register-input")
        {
            return RegisterInputFiles.Run(args);
        }

        if (args.Length > 0 && args[0] == "state-decode")
        {
            return StateDecodeBench.Run(args);
        }

        if (args.Length > 0 && args[0] == "export-stages")
        {
            return ExportStagesBench.Run(args);
        }

        if (args.Length > 1 && args[0] == "register-folder-stages")
        {
            return RegisterFolderStages.Run(args);
        }

        if (args.Length > 0 && args[0] == "register-stages")
        {
            return RegisterStages.Run(args);
        }

        if (args.Length > 0 && args[0].StartsWith("register-export", StringComparison.Ordinal))
        {
            return RegisterExportBench.Run(args);
        }

        if (args.Length == 0 || args[0] != "register-validate")
        {
            Console.Error.WriteLine("usage: Vern.Bench state-decode --db DB [--runs 5] | export-stages --db DB [--municipality 7001] [--runs 5] | register-folder-stages DIR [--as-of yyyy-MM-dd] [--passes 4] | register-validate [--n 100000] [--runs 5] [--validator both|all|fast|xsd|none] [--threads N] [--reference DIR] [--dir DIR] [--keep]");
            return 2;
        }

        var n = IntArg(args, "--n", 100_000);
        var runs = IntArg(args, "--runs", 5);
        var threads = IntArg(args, "--threads", Environment.ProcessorCount);
        var which = StringArg(args, "--validator", "both") ?? "both";
        var reference = ReferenceFiles.Resolve(StringArg(args, "--reference", null));
        var asOf = DateOnly.FromDateTime(RegisterSamples.DatoUttrekk.DateTime);

        var dir = StringArg(args, "--dir", null) ?? Path.Combine(Path.GetTempPath(), $"vern-bench-{n}");
        var bytes = Generate(dir, n);
        Console.WriteLine($"files: {n:N0} in {dir}, total {bytes / 1024.0 / 1024.0:F1} MiB, mean {bytes / (double)n / 1024.0:F2} KiB/file; cores {Environment.ProcessorCount}, threads {threads}");

        Measure("XmlReader parse only (baseline)", runs, n, () => ParseOnly(dir, threads));
        foreach (var validator in which == "both" ? new[] { SchemaValidator.Fast, SchemaValidator.Xsd } : which == "all" ? [SchemaValidator.None, SchemaValidator.Fast, SchemaValidator.Xsd] : [Enum.Parse<SchemaValidator>(which, ignoreCase: true)])
        {
            var options = new RegisterValidationOptions(reference, asOf, validator, threads);
            RegisterValidation.ValidateFile(Directory.EnumerateFiles(dir).First(), options); // load schema and code lists
            Measure($"validate register, {validator} schema path + all controls", runs, n, () =>
            {
                var results = RegisterValidation.ValidatePath(dir, options);
                var flagged = results.Count(r => r.HasErrors);
                if (results.Count != n || flagged != 0)
                {
                    foreach (var r in results.Where(r => r.HasErrors).Take(3))
                    {
                        Console.Error.WriteLine(r.File + ": " + string.Join("; ", r.Issues.Select(i => $"{i.Severity} {i.Code} {i.Path} {i.Message}")));
                    }

                    throw new InvalidOperationException($"expected {n} clean results, got {results.Count} with {flagged} flagged");
                }
            });
        }

        if (!args.Contains("--keep"))
        {
            Directory.Delete(dir, recursive: true);
        }

        return 0;
    }

    private static void Measure(string name, int runs, int n, Action action)
    {
        var rates = new List<double>();
        var cpuRates = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            using var before = Process.GetCurrentProcess();
            var cpuBefore = before.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            action();
            watch.Stop();
            using var after = Process.GetCurrentProcess();
            var cpu = (after.TotalProcessorTime - cpuBefore).TotalSeconds;
            rates.Add(n / watch.Elapsed.TotalSeconds);
            cpuRates.Add(n / cpu);
            Console.WriteLine($"  {name}: run {i + 1}: {watch.Elapsed.TotalSeconds:F2} s, {n / watch.Elapsed.TotalSeconds:N0} files/s; CPU {cpu:F2} s = {n / cpu:N0} files per CPU-second; load {LoadAverage()}");
        }

        rates.Sort();
        cpuRates.Sort();
        Console.WriteLine($"{name}: median {cpuRates[cpuRates.Count / 2]:N0} files per CPU-second (x {Environment.ProcessorCount} cores = {cpuRates[cpuRates.Count / 2] * Environment.ProcessorCount:N0} files/s on idle cores)");
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"{name}: median {rates[rates.Count / 2]:N0} files/s over {runs} runs (min {rates[0]:N0}, max {rates[^1]:N0}); peak working set so far {process.PeakWorkingSet64 / 1024.0 / 1024.0:F0} MiB; load average {LoadAverage()}");
    }

    /// <summary>The machine's 1-minute load average (Linux), to tell a quiet measurement from a shared machine.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static long Generate(string dir, int n)
    {
        Directory.CreateDirectory(dir);
        long total = 0;
        var existing = Directory.EnumerateFiles(dir, "*.xml").Count();
        if (existing != n)
        {
            foreach (var f in Directory.EnumerateFiles(dir))
            {
                File.Delete(f);
            }

            Parallel.For(0, n, i =>
            {
                var doc = RegisterSamples.Realistic(i);
                RegisterWriter.WriteFile(doc.File, doc.Case, Path.Combine(dir, $"sak-{i:D7}.xml"));
            });
        }

        foreach (var f in Directory.EnumerateFiles(dir))
        {
            total += new FileInfo(f).Length;
        }

        return total;
    }

    private static void ParseOnly(string dir, int threads)
    {
        var files = Directory.GetFiles(dir);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = threads }, f =>
        {
            using var reader = XmlReader.Create(f, settings);
            while (reader.Read())
            {
            }
        });
    }

    private static int IntArg(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

    private static string? StringArg(string[] args, string name, string? fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
