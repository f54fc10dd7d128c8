using System.Globalization;
using System.Text.Json;
using Vern.Domain.Cases;

namespace Vern.Bench;

/// <summary>Mode <c>state-decode --db FILE [--municipality 7001] [--runs 5]</c>: decodes every stored case state of one
/// municipality (the rows the register export reads, held in memory as the database's UTF-8 bytes) on one thread, with
/// System.Text.Json (<see cref="CaseJson.Options"/>, the decoder used before) and with <see cref="CaseJson.ReadState(ReadOnlySpan{byte})"/>,
/// alternately, and prints each one's median CPU time per case and their ratio. Both results are encoded again and
/// compared, case by case, before any run is timed.</summary>
internal static class StateDecodeBench
{
    public static int Run(string[] args)
    {
        if (StoredStates.FromArguments(args, "state-decode") is not var (states, municipality, runs))
            return 2;

        var bytes = states.Sum(s => (long)s.Length);
        foreach (var s in states)
        {
            var before = JsonSerializer.Serialize(JsonSerializer.Deserialize<CaseState>(s, CaseJson.Options), CaseJson.Options);
            if (before != JsonSerializer.Serialize(CaseJson.ReadState(s), CaseJson.Options))
            {
                Console.Error.WriteLine("a state decodes differently: " + before[..Math.Min(200, before.Length)]);
                return 1;
            }
        }

        var stj = new List<double>();
        var reader = new List<double>();
        for (var i = 0; i < runs + 1; i++) // the first round warms both up and is not counted
        {
            var a = StoredStates.CpuSeconds(() => { foreach (var s in states) JsonSerializer.Deserialize<CaseState>(s, CaseJson.Options); });
            var b = StoredStates.CpuSeconds(() => { foreach (var s in states) CaseJson.ReadState(s); });
            if (i == 0)
                continue;
            stj.Add(a);
            reader.Add(b);
            Console.WriteLine($"run {i}: System.Text.Json {a:F3} s, CaseJson.ReadState {b:F3} s (CPU, {states.Count:N0} states)");
        }

        double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
        var (m1, m2) = (Median(stj), Median(reader));
        Console.WriteLine($"data: municipality {municipality}, {states.Count:N0} stored states, {bytes / 1048576.0:F1} MiB; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine($"median CPU per state: System.Text.Json {m1 * 1e6 / states.Count:F1} µs, CaseJson.ReadState {m2 * 1e6 / states.Count:F1} µs; ratio {m2 / m1:F2}");
        Console.WriteLine($"per 100,000 states: System.Text.Json {m1 * 100_000 / states.Count:F2} s, CaseJson.ReadState {m2 * 100_000 / states.Count:F2} s");
        return 0;
    }
}
