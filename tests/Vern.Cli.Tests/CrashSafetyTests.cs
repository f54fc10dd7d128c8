using System.Diagnostics;
using Vern.Domain.Cases;
using Vern.Storage;
using Xunit.Abstractions;

namespace Vern.Cli.Tests;

/// <summary>Crash safety on both engines (issue 17): writer processes (two at a time, each with three threads, opening new
/// cases — the bulk import — and editing three cases they all share) are SIGKILLed at random points, again and again. After
/// each restart every acknowledged command is there (an opened case exists; an acknowledged edit is the event at the version
/// it reported, with its caseworker), no command is half-applied (<c>vern verify</c>: every chain and every snapshot agrees
/// with its events), and the next writers carry on. VERN_CRASH_KILLS sets the number of kills per engine (CI: 12, i.e. 24
/// processes; bench/crash.sh: 100 or more).</summary>
[Collection(PostgresTestSchema.Collection)]
public sealed class CrashSafetyTests(ITestOutputHelper output) : CliTest
{
    private static int Kills => int.TryParse(Environment.GetEnvironmentVariable("VERN_CRASH_KILLS"), out var k) ? k : 12;

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void RandomKills_DuringImportAndConcurrentEdits_LoseNothingAcknowledged_AndLeaveNothingHalfApplied(string engine)
    {
        using var db = new EngineDb(engine, Dir);
        VernProcess.Prepare(db.Db);
        var (exit, sharedOut, err) = VernProcess.Run(db.Db, "bench", "append", "--count", "3");
        Assert.True(exit == 0, err);
        var shared = sharedOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var random = new Random(Kills * 31 + engine.Length);
        var opened = new List<CaseId>();
        var steps = new List<(CaseId Case, long Version, string Caseworker)>();
        var refused = 0;
        var kills = 0;
        var watch = Stopwatch.StartNew();
        for (var round = 0; kills < Kills; round++)
        {
            var processes = Enumerable.Range(0, 2).Select(p =>
            {
                var args = new List<string> { "bench", "writers", "--threads", "3", "--count", "100000", "--tag", $"r{round}p{p}" };
                foreach (var s in shared) { args.Add("--case"); args.Add(s); }
                var process = Process.Start(VernProcess.StartInfo(db.Db, [.. args]))!;
                var lines = new List<string>();
                var reader = Task.Run(() =>
                {
                    while (process.StandardOutput.ReadLine() is { } line)
                        lock (lines) lines.Add(line);
                });
                return (process, lines, reader);
            }).ToList();
            // Wait until both have committed something, then kill each at its own random moment.
            var deadline = Stopwatch.StartNew();
            while (processes.Any(x => { lock (x.lines) return x.lines.Count == 0; }) && deadline.Elapsed < TimeSpan.FromSeconds(60))
                Thread.Sleep(20);
            foreach (var (process, _, reader) in processes)
            {
                Thread.Sleep(random.Next(0, 400));
                process.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no rollback by the client
                process.WaitForExit();
                reader.Wait();
                kills++;
            }
            foreach (var (process, lines, _) in processes)
            {
                foreach (var line in lines)
                {
                    var part = line.Split(' ');
                    switch (part[0])
                    {
                        case "open": opened.Add(CaseId.Parse(part[1])); break;
                        case "step": steps.Add((CaseId.Parse(part[1]), long.Parse(part[2], System.Globalization.CultureInfo.InvariantCulture), part[3])); break;
                        case "refused": refused++; break;
                    }
                }
                process.Dispose();
            }
        }

        var lost = 0;
        using (var store = db.Open())
        {
            foreach (var id in opened)
                if (store.Events.LoadStateAsync(id).GetAwaiter().GetResult() is null)
                    lost++;
            foreach (var group in steps.GroupBy(s => s.Case))
            {
                var stream = store.Events.ReadStreamAsync(group.Key).GetAwaiter().GetResult();
                foreach (var (_, version, caseworker) in group)
                    if (stream.Count < version || stream[(int)version - 1].Event is not CaseworkerAssigned a || a.CaseworkerId != caseworker)
                        lost++;
            }
        }
        var verify = VernProcess.Run(db.Db, "verify");
        var halfApplied = verify.Exit == 0 ? 0 : verify.Out.Split('\n').Count(l => l.Contains("sak ", StringComparison.Ordinal));
        output.WriteLine($"{engine}: {kills} SIGKILLs in {watch.Elapsed.TotalSeconds:0} s; acknowledged {opened.Count} opened cases and {steps.Count} edits of {shared.Length} shared cases ({refused} conflicting edits refused); lost {lost}; half-applied {halfApplied}");
        Assert.True(kills >= Kills);
        Assert.True(opened.Count > 0 && steps.Count > 0, "the writers acknowledged both kinds of command");
        Assert.Equal(0, lost);
        Assert.True(verify.Exit == 0, verify.Out + verify.Err);
    }
}
