using System.Diagnostics;
using System.Globalization;
using Vern.Deadlines;
using Vern.Deadlines.Engine;
using Vern.Deadlines.Facts;
using Vern.Deadlines.Index;
using Vern.Deadlines.Rules;
using Vern.Storage;
using Vern.Storage.Sqlite;

// Deadline benchmark: load the compact index, compute every open duty as of a date, and the single-case path.
// Usage: dotnet run -c Release --project bench/Vern.Deadlines.Bench -- deadlines --db PATH --as-of DATE [--runs 5] [--single 2000] [--rebuild]
// Make the data first: ./vern generate --db PATH --municipalities 356 --years 12 --to 2033-12-31
var options = Args.Parse(args);
if (options.Mode != "deadlines" || options.Db is null)
{
    Console.Error.WriteLine("Bruk: Vern.Deadlines.Bench deadlines --db PATH [--as-of YYYY-MM-DD] [--runs N] [--single N] [--rebuild]");
    return 2;
}
var inv = CultureInfo.InvariantCulture;
var rules = RuleBook.Default;
var asOf = options.AsOf;
Console.WriteLine($"Database: {options.Db} ({new FileInfo(options.Db).Length / 1024.0 / 1024 / 1024:0.00} GiB), as of {asOf:yyyy-MM-dd}, {Environment.ProcessorCount} cores");

using (var database = SqliteDatabase.Open(options.Db))
{
    var refresh = await new DeadlineIndex(database.DeadlineIndex).RefreshAsync(database.Events, database.Events, options.Rebuild);
    Console.WriteLine($"Index refresh: {refresh.Updated:N0} cases re-projected{(refresh.Repacked ? " and packed" : "")} in {refresh.Elapsed.TotalSeconds:0.0} s; {refresh.Total:N0} indexed");
}

// Two load paths: every case (what compliance reads) and only the cases open on the date (what open duties need).
List<CaseFacts> facts = [];
foreach (var (label, openOn) in new[] { ("all cases", (DateOnly?)null), ("cases open on the date", (DateOnly?)asOf) })
{
    var loads = new List<double>();
    var computes = new List<double>();
    long peak = 0;
    int openCount = 0, overdue = 0;
    for (int run = 0; run < options.Runs; run++)
    {
        facts = [];
        GC.Collect(2, GCCollectionMode.Forced, true, true);
        var watch = Stopwatch.StartNew();
        using (var database = SqliteDatabase.Open(options.Db))
            facts = await new DeadlineIndex(database.DeadlineIndex).LoadAsync(MunicipalityScope.National, openOn);
        loads.Add(watch.Elapsed.TotalMilliseconds);
        watch.Restart();
        var open = DeadlineEngine.OpenAll(facts, asOf, rules);
        computes.Add(watch.Elapsed.TotalMilliseconds);
        openCount = open.Count;
        overdue = open.Count(o => o.Status == ObligationStatus.Overdue);
        peak = Math.Max(peak, Process.GetCurrentProcess().PeakWorkingSet64);
        Console.WriteLine(string.Create(inv, $"[{label}] run {run + 1}: load {loads[^1]:0} ms, compute {computes[^1]:0} ms, {facts.Count:N0} cases, {openCount:N0} open duties ({overdue:N0} overdue), managed heap {GC.GetTotalMemory(false) / 1024.0 / 1024:0} MiB"));
    }
    Console.WriteLine(string.Create(inv, $"MEDIAN [{label}]: load {Median(loads):0} ms, compute {Median(computes):0} ms, load+compute {Median(loads.Zip(computes, (a, b) => a + b).ToList()):0} ms; peak working set so far {peak / 1024.0 / 1024:0} MiB"));
}
var rulesCount = DeadlineEngine.OpenAll(facts, asOf, rules).GroupBy(o => o.Rule.Id).OrderBy(g => g.Key, StringComparer.Ordinal);
Console.WriteLine("Open duties by rule: " + string.Join(", ", rulesCount.Select(g => $"{g.Key} {g.Count():N0}")));

// Single case after one change: read its snapshot from the event store, project, evaluate, write its index row.
// Sampled among the cases open on the date (closed cases have no open duties and return at once).
var random = new Random(1);
var sample = Enumerable.Range(0, options.Single).Select(_ => facts[random.Next(facts.Count)].Id).ToList();
facts = [];
var single = new List<double>();
var evaluateOnly = new List<double>();
var put = new List<double>();
using (var database = SqliteDatabase.Open(options.Db))
{
    var store = database.Events;
    var index = new DeadlineIndex(database.DeadlineIndex);
    foreach (var id in sample.Take(50)) DeadlineService.ForCase((await store.LoadStateAsync(id))!, asOf); // warm-up
    foreach (var id in sample)
    {
        var watch = Stopwatch.StartNew();
        var state = (await store.LoadStateAsync(id))!;
        var f = CaseFactsProjection.From(state);
        var t0 = watch.Elapsed.TotalMilliseconds;
        var open = DeadlineEngine.Open(f, asOf, rules);
        var t1 = watch.Elapsed.TotalMilliseconds;
        evaluateOnly.Add(t1 - t0);
        single.Add(t1);
        await index.PutAsync(f);
        put.Add(watch.Elapsed.TotalMilliseconds - t1);
        GC.KeepAlive(open);
    }
}
Console.WriteLine(string.Create(inv, $"MEDIAN single case (read snapshot + project + evaluate): {Median(single):0.000} ms (p95 {Percentile(single, 0.95):0.000} ms); evaluate only {Median(evaluateOnly) * 1000:0.0} µs; n = {single.Count}"));
Console.WriteLine(string.Create(inv, $"MEDIAN index row write after the change (own commit, synchronous=NORMAL): {Median(put):0.000} ms (p95 {Percentile(put, 0.95):0.000} ms)"));
return 0;

static double Median(List<double> values) => Percentile(values, 0.5);

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
}

internal sealed record Args(string? Mode, string? Db, DateOnly AsOf, int Runs, int Single, bool Rebuild)
{
    public static Args Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i && i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        return new Args(args.FirstOrDefault(), Value("--db"),
            Value("--as-of") is { } d ? DateOnly.Parse(d, CultureInfo.InvariantCulture) : DateOnly.FromDateTime(DateTime.UtcNow),
            int.Parse(Value("--runs") ?? "5", CultureInfo.InvariantCulture), int.Parse(Value("--single") ?? "2000", CultureInfo.InvariantCulture),
            args.Contains("--rebuild"));
    }
}
