using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Vern.Statistics.Bench;
using Vern.Statistics.Breakdowns;
using Vern.Statistics.Definitions;
using Vern.Statistics.Projection;
using Vern.Storage;
using Vern.Storage.Sqlite;

// Statistics benchmark (issue 19, speed): all indicators computed by Vern from a warm start — catching up its statistics
// projection from the change feed, reading the projection's rows from the database, and counting every indicator in one
// pass — and the same 32 definitions as SQL in DuckDB starting from the raw events (read from the same SQLite file once,
// the JSON parsed by DuckDB each run; see DuckDbIndicators), in the same run, interleaved; checks that both give the same
// numbers for every indicator, municipality and year (exit code 1 if not), prints medians and the ratios with the data size. The one-off build of the projection (every snapshot read and projected) is timed first.
// Usage: dotnet run -c Release --project bench/Vern.Statistics.Bench -- --db PATH [--from 2022] [--to 2026] [--runs 5] [--warmup 2] [--keep]
//   --keep: use the projection already in the database (the first refresh only catches up) instead of rebuilding it.
// Make the data first (bench/statistics.sh does both): ./vern generate --db PATH --municipalities 20 --years 5 --to 2026-12-31
var db = Arg("--db") ?? throw new ArgumentException("--db PATH mangler");
var from = int.Parse(Arg("--from") ?? "2022", CultureInfo.InvariantCulture);
var to = int.Parse(Arg("--to") ?? "2026", CultureInfo.InvariantCulture);
var runs = int.Parse(Arg("--runs") ?? "5", CultureInfo.InvariantCulture);
// Warm start (issue 19: "from a warm start"): runs before the timed ones, for both engines, so that the JIT's tiered
// compilation (which on a loaded 2-core machine finishes late, in the background) is not what is measured.
var warmup = int.Parse(Arg("--warmup") ?? "2", CultureInfo.InvariantCulture);

using var database = SqliteDatabase.Open(db);
var projection = new StatisticsProjection(database.Statistics, database.Events, database.Events);

// 1. The projection: built once (every snapshot read and projected), or with --keep caught up from what is stored.
var watch = Stopwatch.StartNew();
var build = await projection.RefreshAsync(rebuild: !args.Contains("--keep"));
Console.WriteLine($"Projection {(build.Full ? "built (one-off: every snapshot read, projected and written)" : "caught up")}: {build.Updated:N0} cases in {build.Elapsed.TotalMilliseconds:0} ms");

// 2. DuckDB, starting from the raw events: the event rows the indicators read, from the same SQLite file, appended to an
// in-memory DuckDB table once (timed: «load»).
using var duck = new DuckDBConnection("Data Source=:memory:");
duck.Open();
var anchor = new DuckDbIndicators(duck, from, to);
long rawRows = 0;
var loadMs = DuckDbIndicators.Time(() => rawRows = anchor.Load(db));
var events = await database.Events.CountEventsAsync();
anchor.Derive();
var caseCount = anchor.Scalar("SELECT count(*) FROM d_cases");
Console.WriteLine($"Data: {db} ({new FileInfo(db).Length / 1024.0 / 1024:0.0} MiB), {caseCount:N0} cases, {events:N0} events " +
                  $"({rawRows:N0} of the {DuckDbIndicators.EventTypes.Length} types the indicators read), {anchor.Scalar("SELECT count(*) FROM d_measures"):N0} measures, " +
                  $"{anchor.Scalar("SELECT count(*) FROM d_reports"):N0} reports; years {from}–{to}; {Environment.ProcessorCount} cores");
Console.WriteLine($"DuckDB's load of the raw events from SQLite (once): {loadMs:0} ms");

// 3. Vern from a warm start: catch up (nothing changed: the mark and the feed's cursor are read), read and decode the
// projection's rows, count every indicator in one pass. Each part is timed.
var refreshTimes = new List<double>();
var loadTimes = new List<double>();
var passTimes = new List<double>();
var projected = 0;
async Task<Dictionary<(string, string, int), decimal>> RunVern(bool timed)
{
    var part = Stopwatch.StartNew();
    await projection.RefreshAsync();
    var refreshMs = part.Elapsed.TotalMilliseconds;
    part.Restart();
    var facts = await projection.LoadAsync(MunicipalityScope.National);
    var rowsMs = part.Elapsed.TotalMilliseconds;
    part.Restart();
    var figures = CaseFigures.CountAll(from, to, facts).ToFigures();
    var passMs = part.Elapsed.TotalMilliseconds;
    if (timed) { refreshTimes.Add(refreshMs); loadTimes.Add(rowsMs); passTimes.Add(passMs); }
    projected = facts.Length;
    var result = new Dictionary<(string, string, int), decimal>();
    foreach (var f in figures)
        if (f.AgeGroup == "alle") result[(f.IndicatorId, f.Region, f.Year)] = f.Value ?? 0;
    return result;
}

// 4. Interleaved, one Vern run, one DuckDB run from the raw events (JSON parsed into typed tables, then the indicators as
// SQL) and one DuckDB run over the typed tables already made, with a full GC before each: on a shared machine all meet
// the same load.
var vernTimes = new List<double>();
var duckRawTimes = new List<double>();
var duckTimes = new List<double>();
Dictionary<(string, string, int), decimal> vern = [], duckResult = [];
for (var r = -warmup; r < runs; r++)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    watch.Restart();
    vern = await RunVern(timed: r >= 0);
    if (r >= 0) vernTimes.Add(watch.Elapsed.TotalMilliseconds);
    GC.Collect();
    GC.WaitForPendingFinalizers();
    watch.Restart();
    anchor.Derive();
    duckResult = anchor.Query();
    if (r >= 0) duckRawTimes.Add(watch.Elapsed.TotalMilliseconds);
    GC.Collect();
    GC.WaitForPendingFinalizers();
    watch.Restart();
    duckResult = anchor.Query();
    if (r >= 0) duckTimes.Add(watch.Elapsed.TotalMilliseconds);
}
string List(List<double> xs) => string.Join(", ", xs.Select(t => t.ToString("0", CultureInfo.InvariantCulture)));
Console.WriteLine($"Vern runs (ms): {List(vernTimes)}; DuckDB from the raw events (ms): {List(duckRawTimes)}; DuckDB, typed tables preloaded (ms): {List(duckTimes)}");

// 5. Same numbers (every indicator, municipality and year; age group «alle»), and the same cases?
var mismatches = vern.Where(kv => kv.Value != duckResult.GetValueOrDefault(kv.Key))
    .Concat(duckResult.Where(kv => kv.Value != vern.GetValueOrDefault(kv.Key))).Select(kv => kv.Key).Distinct().ToList();
var missing = CaseIndicators.All.Select(i => i.Id).Except(DuckDbIndicators.Ids).ToList();
foreach (var id in DuckDbIndicators.Ids)
    Console.WriteLine($"  {id,-44} " + string.Join("  ", Enumerable.Range(from, to - from + 1).Select(y =>
        $"{y}: {vern.Where(kv => kv.Key.Item1 == id && kv.Key.Item3 == y).Sum(kv => kv.Value),7:0} / {duckResult.Where(kv => kv.Key.Item1 == id && kv.Key.Item3 == y).Sum(kv => kv.Value),7:0}")));
Console.WriteLine(mismatches.Count == 0
    ? $"Vern and DuckDB agree on every figure of the {DuckDbIndicators.Ids.Count} indicators, by municipality and year ({vern.Count:N0} figures; national sums Vern / DuckDB above)."
    : $"MISMATCH on {mismatches.Count} figures, e.g. {string.Join("; ", mismatches.Take(5).Select(k => $"{k} Vern {vern.GetValueOrDefault(k)} DuckDB {duckResult.GetValueOrDefault(k)}"))}");
if (missing.Count > 0)
    Console.WriteLine($"Not computed by DuckDB: {string.Join(", ", missing)}");
if (projected != caseCount)
    Console.WriteLine($"MISMATCH: the projection holds {projected:N0} cases, the events open {caseCount:N0}");

// 6. The whole service as the CLI and the web call it (StatisticsService.ComputeAsync on the projection: catch-up, read,
// pass, then the breakdowns by county, size class and nation, shares, derived figures and rows; the main age groups), and
// with the analysts' small-count suppression on top. After the comparison, same number of runs, one warm-up.
var serviceTimes = new List<double>();
var suppressedTimes = new List<double>();
var service = new Vern.Statistics.StatisticsService(database.Events, projection);
var query = new Vern.Statistics.StatisticsQuery(null, from, to);
var rowCount = 0;
for (var r = -1; r < runs; r++)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    watch.Restart();
    var result = await service.ComputeAsync(query);
    var serviceMs = watch.Elapsed.TotalMilliseconds;
    rowCount = result.Rows.Count;
    // Suppressed as the application asks for it (the rule passed in: the spread across municipalities worked out once).
    GC.Collect();
    GC.WaitForPendingFinalizers();
    watch.Restart();
    await service.ComputeAsync(query, suppression: Vern.Statistics.SuppressionRule.Default);
    if (r >= 0) { serviceTimes.Add(serviceMs); suppressedTimes.Add(watch.Elapsed.TotalMilliseconds); }
}

double Median(List<double> xs) { var s = xs.Order().ToList(); return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }
var v = Median(vernTimes);
var dRaw = Median(duckRawTimes);
var d = Median(duckTimes);
Console.WriteLine($"Vern from a warm start, all {CaseIndicators.All.Count} indicators × {to - from + 1} years × age bands: median {v:0.0} ms over {runs} runs after {warmup} warm-up runs");
Console.WriteLine($"  of which: catch-up {Median(refreshTimes):0.0} ms, reading and decoding the projection ({projected:N0} cases) {Median(loadTimes):0.0} ms, the one pass {Median(passTimes):0.0} ms (medians)");
Console.WriteLine($"DuckDB, {DuckDbIndicators.Ids.Count} indicators as SQL from the raw events: load {loadMs:0} ms once + JSON to typed tables and the queries median {dRaw:0.0} ms = {loadMs + dRaw:0} ms");
Console.WriteLine($"DuckDB, the same queries over the typed tables preloaded: median {d:0.0} ms");
Console.WriteLine($"Ratio (the issue's: DuckDB starts from the raw events, its load counted): Vern / DuckDB = {v / (loadMs + dRaw):0.000}");
Console.WriteLine($"Ratio with the raw events already in DuckDB's memory (JSON parsing and queries only): {v / dRaw:0.000}");
Console.WriteLine($"Ratio against DuckDB's queries alone over preloaded typed tables (stricter): {v / d:0.00}");
Console.WriteLine($"Vern's whole service (ComputeAsync on the projection, {rowCount:N0} rows): median {Median(serviceTimes):0.0} ms; with the analysts' suppression: median {Median(suppressedTimes):0.0} ms ({runs} runs after 1 warm-up)");
Console.WriteLine($"Peak working set of the bench process (Vern and DuckDB with the raw events in memory): {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024:0} MiB");
return mismatches.Count == 0 && missing.Count == 0 && projected == caseCount ? 0 : 1;

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

