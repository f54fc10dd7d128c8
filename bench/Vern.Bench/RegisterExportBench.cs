using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Vern.Domain.Cases;
using Vern.Domain.CodeLists;
using Vern.Register;
using Vern.Register.Export;
using Vern.Register.Model;
using Vern.Storage;
using Vern.Storage.Sqlite;
using Vern.Synthetic;

namespace Vern.Bench;

/// <summary>Mode <c>register-export</c>: times <see cref="RegisterExporter"/> over one municipality with N cases.
/// The database is made once by mode <c>register-export-create</c> in a child process (so its memory does not count
/// in the export's peak): the demo municipality's realistic cases (<see cref="DemoGenerator"/>) are copied with new ids
/// until there are N, appended through the event store in batches. Each export run is a full re-delivery (--full) to a
/// fresh folder; then one incremental run (nothing changed) is timed too.</summary>
internal static partial class RegisterExportBench
{
    private const string Municipality = "7777";

    [GeneratedRegex("[0-9a-f]{8}(?=-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})")]
    private static partial Regex UuidHead();

    public static int Run(string[] args)
    {
        var n = IntArg(args, "--n", 100_000);
        var runs = IntArg(args, "--runs", 5);
        var threads = IntArg(args, "--threads", Environment.ProcessorCount);
        var referenceDir = StringArg(args, "--reference");
        var reference = ReferenceFiles.Resolve(referenceDir);
        var db = StringArg(args, "--db") ?? Path.Combine(Path.GetTempPath(), $"vern-bench-export-{n}.db");
        var output = StringArg(args, "--out") ?? Path.Combine(Path.GetTempPath(), $"vern-bench-export-{n}-out");

        if (args[0] == "register-export-create")
            return Create(db, n, reference);

        if (!File.Exists(db))
        {
            var self = Environment.GetCommandLineArgs()[0];
            var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
            if (self.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                start.ArgumentList.Add(self);
            foreach (var a in new[] { "register-export-create", "--n", n.ToString(CultureInfo.InvariantCulture), "--db", db })
                start.ArgumentList.Add(a);
            if (referenceDir is not null)
            {
                start.ArgumentList.Add("--reference");
                start.ArgumentList.Add(referenceDir);
            }
            using var child = Process.Start(start)!;
            child.WaitForExit();
            if (child.ExitCode != 0)
                return child.ExitCode;
        }

        using var store = SqliteEventStore.Open(db, create: false);
        using var log = new SqliteDeliveryLog(db);
        var exporter = new RegisterExporter(store, log);
        var avgiver = new Avgiver("997777999", Municipality, "Vernvik");
        var times = new List<double>();
        var cpuTimes = new List<double>();
        ExportSummary? last = null;
        for (var i = 0; i < runs; i++)
        {
            Remove(output);
            GC.Collect();
            var options = new ExportOptions(Municipality, avgiver, Reporter.Fagsystem, DateTimeOffset.Now, Full: true, DryRun: args.Contains("--dry-run"), MaxParallelism: threads);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            last = exporter.ExportAsync(options, output).GetAwaiter().GetResult();
            watch.Stop();
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            times.Add(watch.Elapsed.TotalSeconds);
            cpuTimes.Add(cpu);
            Console.WriteLine($"  export run {i + 1}: {watch.Elapsed.TotalSeconds:F2} s, {last.FilesWritten:N0} files (dry run: {options.DryRun}), {last.BytesWritten / 1024.0 / 1024.0:F1} MiB, {last.FilesWritten / watch.Elapsed.TotalSeconds:N0} cases/s, CPU {cpu:F2} s, load average {LoadAverage()}");
        }
        times.Sort();
        cpuTimes.Sort();
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"register export, {n:N0} cases, {threads} threads: median {times[times.Count / 2]:F2} s (min {times[0]:F2}, max {times[^1]:F2}) over {runs} runs; CPU median {cpuTimes[cpuTimes.Count / 2]:F2} s; "
            + $"mean file {last!.BytesWritten / (double)Math.Max(1, last.Count(ExportStatus.New) + last.Count(ExportStatus.Changed) + last.Count(ExportStatus.Redelivered)) / 1024.0:F2} KiB; peak working set {process.PeakWorkingSet64 / 1024.0 / 1024.0:F0} MiB");

        var incremental = Stopwatch.StartNew();
        var again = exporter.ExportAsync(new ExportOptions(Municipality, avgiver, Reporter.Fagsystem, DateTimeOffset.Now, MaxParallelism: threads), output.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? output[..^4] + "-incremental.zip" : output + "-incremental").GetAwaiter().GetResult();
        Console.WriteLine($"incremental export (nothing changed): {incremental.Elapsed.TotalSeconds:F2} s, {again.FilesWritten} files written, {again.Count(ExportStatus.Unchanged):N0} unchanged");
        var header = new RegisterFile(Guid.NewGuid().ToString("D"), DateTimeOffset.Now, null, Reporter.Fagsystem, avgiver);
        var check = Stopwatch.StartNew();
        var report = Vern.Register.Check.LiveRegisterCheck.Run(store.ReadStatesAsync(MunicipalityScope.Of(Municipality)).ToBlockingEnumerable(), header,
            new RegisterValidationOptions(reference, new DateOnly(2026, 1, 15), MaxParallelism: threads));
        Console.WriteLine($"before-you-send check (map + write + fast schema + all controls): {check.Elapsed.TotalSeconds:F2} s for {report.CasesChecked:N0} cases, "
            + $"{report.CasesWithFindings.Count:N0} with findings; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:F0} MiB");
        if (!args.Contains("--keep"))
        {
            Remove(output);
            Remove(output + "-incremental");
            Remove(output.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? output[..^4] + "-incremental.zip" : output);
        }
        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static void Remove(string path)
    {
        if (Directory.Exists(path))
            Directory.Delete(path, recursive: true);
        else if (File.Exists(path))
            File.Delete(path);
    }

    /// <summary>Makes the database: the demo municipality's cases, copied with new ids (the first 8 hex digits of every
    /// UUID replaced by the copy number, which keeps version and variant) until there are <paramref name="n"/>.</summary>
    private static int Create(string db, int n, SsbReference reference)
    {
        var watch = Stopwatch.StartNew();
        var codeLists = reference.CodeLists;
        using var source = new InMemoryEventStore();
        DemoGenerator.GenerateAsync(source, codeLists, new DemoOptions(new DateOnly(2026, 1, 15))).GetAwaiter().GetResult();
        var templates = source.ListCasesAsync(MunicipalityScope.National).GetAwaiter().GetResult().Select(c => (c.Id, Events: source.ReadStreamAsync(c.Id).GetAwaiter().GetResult()
            .Select(e => (Json: JsonSerializer.Serialize(e.Event, CaseJson.Options), e.RecordedBy, e.RecordedAt)).ToList())).ToList();
        Console.WriteLine($"create: {templates.Count} demo cases generated in {watch.Elapsed.TotalSeconds:F1} s");

        foreach (var f in new[] { db, db + "-wal", db + "-shm" })
            File.Delete(f);
        using var store = SqliteEventStore.Open(db);
        var batch = new List<CaseAppend>(2000);
        long events = 0;
        for (var i = 0; i < n; i++)
        {
            var copy = (i / templates.Count).ToString("x8", CultureInfo.InvariantCulture);
            var (id, list) = templates[i % templates.Count];
            var caseId = CaseId.Parse(UuidHead().Replace(id.ToString(), copy));
            CaseState? state = null;
            var pending = new List<PendingEvent>(list.Count);
            foreach (var (json, by, at) in list)
            {
                var e = JsonSerializer.Deserialize<CaseEvent>(UuidHead().Replace(json, copy), CaseJson.Options)!;
                state = CaseProjection.Apply(state, caseId, e);
                pending.Add(new PendingEvent(e, by, at));
            }
            events += pending.Count;
            batch.Add(new CaseAppend(caseId, 0, pending, state!));
            if (batch.Count == 2000)
            {
                store.AppendAsync(batch).GetAwaiter().GetResult();
                batch.Clear();
            }
        }
        if (batch.Count > 0)
            store.AppendAsync(batch).GetAwaiter().GetResult();
        Console.WriteLine($"create: {n:N0} cases ({events:N0} events) in {db} ({new FileInfo(db).Length / 1024.0 / 1024.0:F0} MiB) in {watch.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    private static int IntArg(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

    private static string? StringArg(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
