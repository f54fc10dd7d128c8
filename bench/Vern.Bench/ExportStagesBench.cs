using Vern.Domain.Cases;
using Vern.Register;
using Vern.Register.Export;
using Vern.Register.Mapping;
using Vern.Register.Model;

namespace Vern.Bench;

/// <summary>Mode <c>export-stages --db FILE [--municipality 7001] [--runs 5]</c>: the register export's per-case work, stage by
/// stage, on one thread and warm: every stored state of one municipality is held in memory (the database's UTF-8 bytes), then
/// each round times decoding them all (<see cref="CaseJson.ReadState(ReadOnlySpan{byte})"/>), mapping them
/// (<see cref="CaseToRegister.Map"/>), writing each file to memory (<see cref="RegisterWriter"/>) and hashing it
/// (<see cref="RegisterExporter.ContentHash"/>), and prints each stage's median CPU time per case. What a whole export costs
/// beyond the sum is the process's start-up, the JIT, the threads, the reads from SQLite and the files.</summary>
internal static class ExportStagesBench
{
    public static int Run(string[] args)
    {
        if (StoredStates.FromArguments(args, "export-stages") is not var (stored, municipality, runs))
            return 2;

        var header = new RegisterFile(Guid.NewGuid().ToString("D"), DateTimeOffset.Now, null, Reporter.Fagsystem, new Avgiver("999999999", municipality, "Bench"));
        var states = stored.Select(s => CaseJson.ReadState(s)).ToList();
        var mapped = states.Select(s => CaseToRegister.Map(s).Case).ToList();
        var files = mapped.Select(c => { var ms = new MemoryStream(); RegisterWriter.Write(header, c, ms); return ms.ToArray(); }).ToList();
        var output = new MemoryStream(64 * 1024);
        var stages = new (string Name, Action Run)[]
        {
            ("decode (CaseJson.ReadState)", () => { foreach (var s in stored) CaseJson.ReadState(s); }),
            ("map (CaseToRegister.Map)", () => { foreach (var s in states) CaseToRegister.Map(s); }),
            ("write (RegisterWriter)", () => { foreach (var c in mapped) { output.SetLength(0); RegisterWriter.Write(header, c, output); } }),
            ("hash (ContentHash)", () => { foreach (var f in files) RegisterExporter.ContentHash(f); }),
            ("file id (Guid.NewGuid)", () => { foreach (var _ in files) Guid.NewGuid(); }),
        };
        var times = stages.Select(_ => new List<double>()).ToArray();
        for (var i = 0; i < runs + 1; i++) // the first round warms up and is not counted
        {
            for (var s = 0; s < stages.Length; s++)
            {
                var t = StoredStates.CpuSeconds(stages[s].Run);
                if (i > 0)
                    times[s].Add(t);
            }
        }

        Console.WriteLine($"data: municipality {municipality}, {stored.Count:N0} stored states, {stored.Sum(s => (long)s.Length) / 1048576.0:F1} MiB, files {files.Sum(f => (long)f.Length) / 1048576.0:F1} MiB; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        var total = 0.0;
        for (var s = 0; s < stages.Length; s++)
        {
            var median = times[s].Order().ElementAt(times[s].Count / 2);
            total += median;
            Console.WriteLine($"{stages[s].Name,-30} {median * 1e6 / stored.Count,7:F1} µs per case (median of {runs}, CPU, one thread)");
        }

        Console.WriteLine($"{"sum",-30} {total * 1e6 / stored.Count,7:F1} µs per case = {total * 100_000 / stored.Count:F2} s of CPU per 100,000 cases");
        return 0;
    }
}
