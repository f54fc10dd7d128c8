using System.Diagnostics;
using Vern.Register;
using Vern.Register.Controls;
using Vern.Register.Samples;
using Vern.Register.Schema;
using Vern.Storage;

namespace Vern.Bench;

/// <summary>Mode <c>register-stages [--sizes 4800,19200,76800] [--runs 3]</c>: where the time of validating one huge case
/// goes. For one case with N Melding (<see cref="RegisterSamples.ManyReports"/>) it times reading without a schema check,
/// reading with the fast schema check, and every control on its own, and prints each stage's time per Melding at each
/// size: a stage whose time per Melding grows with N is superlinear.</summary>
internal static class RegisterStages
{
    public static int Run(string[] args)
    {
        var sizesAt = Array.IndexOf(args, "--sizes");
        var sizes = sizesAt >= 0 ? args[sizesAt + 1].Split(',').Select(int.Parse).ToArray() : [4_800, 19_200, 76_800];
        var runsAt = Array.IndexOf(args, "--runs");
        var runs = runsAt >= 0 ? int.Parse(args[runsAt + 1], System.Globalization.CultureInfo.InvariantCulture) : 3;
        var reference = ReferenceFiles.Resolve(null);
        var schema = RegisterSchema.Load(reference);
        var asOf = new DateOnly(2026, 1, 15);
        var rows = new Dictionary<string, double[]>();

        for (var s = 0; s < sizes.Length; s++)
        {
            var doc = RegisterSamples.ManyReports(sizes[s]);
            var bytes = System.Text.Encoding.UTF8.GetBytes(RegisterWriter.WriteToString(doc.File, doc.Case));
            void Time(string stage, Action action)
            {
                action(); // warm
                var best = double.MaxValue;
                for (var r = 0; r < runs; r++)
                {
                    var sw = Stopwatch.StartNew();
                    action();
                    best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
                }

                if (!rows.TryGetValue(stage, out var cells))
                {
                    rows[stage] = cells = new double[sizes.Length];
                }

                cells[s] = best * 1000.0 / sizes[s]; // µs per Melding
            }

            Time("read, no schema", () => RegisterReader.Read(new MemoryStream(bytes), new RegisterReadOptions(schema, SchemaValidator.None)));
            Time("read + fast schema", () => RegisterReader.Read(new MemoryStream(bytes), new RegisterReadOptions(schema, SchemaValidator.Fast)));
            var read = RegisterReader.Read(new MemoryStream(bytes), new RegisterReadOptions(schema, SchemaValidator.Fast)).Document!;
            var context = new ControlContext(read.File, read.Case, asOf, reference.CodeLists);
            Time("all controls", () => RegisterControls.Run(context));
            foreach (var control in RegisterControls.All.Where(c => !c.Definition.Retired))
            {
                Time(control.Definition.Code, () => control.Run(context, new Findings(context)));
            }

            Console.Error.WriteLine($"{sizes[s]} Melding: {bytes.Length / 1024.0 / 1024.0:F1} MiB done");
        }

        Console.WriteLine($"µs per Melding (best of {runs}) at {string.Join(" / ", sizes)} Melding; growth = last / first");
        foreach (var (stage, cells) in rows.OrderByDescending(r => r.Value[^1]))
        {
            if (cells[^1] * sizes[^1] < 1_000)
            {
                continue; // under 1 ms at the largest size
            }

            Console.WriteLine($"{stage,-32} {string.Join(" ", cells.Select(c => $"{c,9:F2}"))}   growth {cells[^1] / Math.Max(cells[0], 1e-9):F1}x");
        }

        return 0;
    }
}
