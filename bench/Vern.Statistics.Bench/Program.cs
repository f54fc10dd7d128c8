using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Vern.Domain.Cases;
using Vern.Statistics.Breakdowns;
using Vern.Statistics.Definitions;
using Vern.Statistics.Projection;
using Vern.Storage;
using Vern.Storage.Sqlite;

// Statistics benchmark (issue 19, speed): all indicators computed by Vern from a warm start — catching up its statistics
// projection from the change feed, reading the projection's rows from the database, and counting every indicator in one
// pass — and a few of the same definitions as SQL in DuckDB over the same facts (flattened from the case snapshots into
// DuckDB tables, loaded once), in the same run, interleaved; checks that both give the same numbers, prints medians and
// the ratio with the data size. The one-off build of the projection (every snapshot read and projected) is timed first.
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
string[] compared = ["children-with-measures-year", "children-with-measures-31dec", "reports-received-year", "investigations-within-deadline-year"];

using var database = SqliteDatabase.Open(db);
var projection = new StatisticsProjection(database.Statistics, database.Events, database.Events);

// 1. The projection: built once (every snapshot read and projected), or with --keep caught up from what is stored.
var watch = Stopwatch.StartNew();
var build = await projection.RefreshAsync(rebuild: !args.Contains("--keep"));
Console.WriteLine($"Projection {(build.Full ? "built (one-off: every snapshot read, projected and written)" : "caught up")}: {build.Updated:N0} cases in {build.Elapsed.TotalMilliseconds:0} ms");

// 2. The case snapshots, read once: DuckDB's input (flattened below), and the size of the data.
watch.Restart();
var cases = await database.Events.ReadStatesAsync(MunicipalityScope.National).ToListAsync();
var events = await database.Events.CountEventsAsync();
var readMs = watch.Elapsed.TotalMilliseconds;
Console.WriteLine($"Data: {db} ({new FileInfo(db).Length / 1024.0 / 1024:0.0} MiB), {cases.Count:N0} cases, {events:N0} events, " +
                  $"{cases.Sum(c => c.Measures.Count):N0} measures, {cases.Sum(c => c.Reports.Count):N0} reports; years {from}–{to}; {Environment.ProcessorCount} cores");
Console.WriteLine($"Reading the snapshots from SQLite (DuckDB's input; Vern reads the projection instead): {readMs:0} ms");

// 3. Vern from a warm start: catch up (nothing changed: the mark and the feed's cursor are read), read and decode the
// projection's rows, count every indicator in one pass. Each part is timed.
var refreshTimes = new List<double>();
var loadTimes = new List<double>();
var passTimes = new List<double>();
var projected = 0;
async Task<Dictionary<(string, int), decimal>> RunVern(bool timed)
{
    var part = Stopwatch.StartNew();
    await projection.RefreshAsync();
    var refreshMs = part.Elapsed.TotalMilliseconds;
    part.Restart();
    var facts = await projection.LoadAsync(MunicipalityScope.National);
    var rowsMs = part.Elapsed.TotalMilliseconds;
    part.Restart();
    var figures = new CaseFigures(from, to).AddAll(facts).ToFigures();
    var passMs = part.Elapsed.TotalMilliseconds;
    if (timed) { refreshTimes.Add(refreshMs); loadTimes.Add(rowsMs); passTimes.Add(passMs); }
    projected = facts.Length;
    return figures.Where(f => f.AgeGroup == "alle" && compared.Contains(f.IndicatorId))
        .GroupBy(f => (f.IndicatorId, f.Year)).ToDictionary(g => g.Key, g => g.Sum(f => f.Value ?? 0));
}

// 4. DuckDB: load the same facts (appender), then the four indicators as SQL.
using var duck = new DuckDBConnection("Data Source=:memory:");
duck.Open();
Exec(duck, "CREATE TABLE measures(case_id INTEGER, municipality VARCHAR, started DATE, ended DATE)");
Exec(duck, "CREATE TABLE reports(case_id INTEGER, municipality VARCHAR, received DATE)");
Exec(duck, "CREATE TABLE investigations(case_id INTEGER, municipality VARCHAR, received DATE, concluded DATE, extended BOOLEAN)");
watch.Restart();
using (var m = duck.CreateAppender("measures"))
using (var rp = duck.CreateAppender("reports"))
using (var inv = duck.CreateAppender("investigations"))
{
    for (var id = 0; id < cases.Count; id++)
    {
        var c = cases[id];
        foreach (var x in c.Measures)
            m.CreateRow().AppendValue(id).AppendValue(c.MunicipalityNumber).AppendValue(ToDate(x.StartedOn)).AppendValue(x.EndedOn is { } e ? ToDate(e) : (DateTime?)null).EndRow();
        foreach (var x in c.Reports)
            rp.CreateRow().AppendValue(id).AppendValue(c.MunicipalityNumber).AppendValue(ToDate(x.ReceivedOn)).EndRow();
        foreach (var x in c.Investigations)
            if (x.Conclusion is { } k && c.FindReport(x.ReportId) is { } rep)
                inv.CreateRow().AppendValue(id).AppendValue(c.MunicipalityNumber).AppendValue(ToDate(rep.ReceivedOn)).AppendValue(ToDate(k.ConcludedOn))
                    .AppendValue(x.Extension is { Granted: true }).EndRow();
    }
}
var loadMs = watch.Elapsed.TotalMilliseconds;
var years = $"range({from}, {to + 1}) y(year)";
var sql = new Dictionary<string, string>
{
    ["children-with-measures-year"] = $"SELECT year, count(DISTINCT case_id) FROM measures, {years} WHERE started <= make_date(year,12,31) AND (ended IS NULL OR ended >= make_date(year,1,1)) GROUP BY year",
    ["children-with-measures-31dec"] = $"SELECT year, count(DISTINCT case_id) FROM measures, {years} WHERE started <= make_date(year,12,31) AND (ended IS NULL OR ended >= make_date(year,12,31)) GROUP BY year",
    ["reports-received-year"] = $"SELECT year(received) AS year, count(*) FROM reports WHERE year(received) BETWEEN {from} AND {to} GROUP BY 1",
    ["investigations-within-deadline-year"] = $"SELECT year(concluded) AS year, count(*) FROM investigations WHERE year(concluded) BETWEEN {from} AND {to} " +
        "AND concluded <= received + (CASE WHEN extended THEN 187 ELSE 97 END) * INTERVAL 1 DAY GROUP BY 1",
};
Dictionary<(string, int), decimal> RunDuck()
{
    var result = new Dictionary<(string, int), decimal>();
    foreach (var (id, query) in sql)
    {
        using var cmd = duck.CreateCommand();
        cmd.CommandText = query;
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
            result[(id, Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture))] = Convert.ToDecimal(reader.GetValue(1), CultureInfo.InvariantCulture);
    }
    return result;
}

// Interleaved, one Vern run then one DuckDB run, with a full GC before each: on a shared machine both meet the same load.
var vernTimes = new List<double>();
var duckTimes = new List<double>();
Dictionary<(string, int), decimal> vern = [], duckResult = [];
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
    duckResult = RunDuck();
    if (r >= 0) duckTimes.Add(watch.Elapsed.TotalMilliseconds);
}
Console.WriteLine($"Vern runs (ms): {string.Join(", ", vernTimes.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))}; DuckDB runs (ms): {string.Join(", ", duckTimes.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))}");

// 5. Same numbers, and the same cases?
var mismatches = vern.Where(kv => kv.Value != duckResult.GetValueOrDefault(kv.Key)).Concat(duckResult.Where(kv => kv.Value != vern.GetValueOrDefault(kv.Key))).ToList();
foreach (var id in compared)
    Console.WriteLine($"  {id,-38} " + string.Join("  ", Enumerable.Range(from, to - from + 1).Select(y => $"{y}: {vern.GetValueOrDefault((id, y)),6:0} / {duckResult.GetValueOrDefault((id, y)),6:0}")));
Console.WriteLine(mismatches.Count == 0 ? "Vern and DuckDB agree on every compared figure (Vern / DuckDB above)." : $"MISMATCH on {mismatches.Count} figures");
if (projected != cases.Count)
    Console.WriteLine($"MISMATCH: the projection holds {projected:N0} cases, the snapshots {cases.Count:N0}");

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
    Vern.Statistics.Suppression.Apply(result, Vern.Statistics.SuppressionRule.Default);
    if (r >= 0) { serviceTimes.Add(serviceMs); suppressedTimes.Add(watch.Elapsed.TotalMilliseconds); }
}

double Median(List<double> xs) { var s = xs.Order().ToList(); return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }
var v = Median(vernTimes);
var d = Median(duckTimes);
Console.WriteLine($"Vern from a warm start, all {CaseIndicators.All.Count} indicators × {to - from + 1} years × age bands: median {v:0.0} ms over {runs} runs after {warmup} warm-up runs");
Console.WriteLine($"  of which: catch-up {Median(refreshTimes):0.0} ms, reading and decoding the projection ({projected:N0} cases) {Median(loadTimes):0.0} ms, the one pass {Median(passTimes):0.0} ms (medians)");
Console.WriteLine($"DuckDB, the 4 compared indicators as SQL (tables preloaded):      median {d:0.0} ms over {runs} runs (load {loadMs:0} ms once)");
Console.WriteLine($"Ratio Vern (warm start, projection read included) / DuckDB (query only): {v / d:0.00}; with DuckDB's load counted once: {v / (d + loadMs):0.00}");
Console.WriteLine($"Vern's whole service (ComputeAsync on the projection, {rowCount:N0} rows): median {Median(serviceTimes):0.0} ms; with the analysts' suppression: median {Median(suppressedTimes):0.0} ms ({runs} runs after 1 warm-up)");
Console.WriteLine($"Peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024:0} MiB");
return mismatches.Count == 0 && projected == cases.Count ? 0 : 1;

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

static DateTime ToDate(DateOnly d) => d.ToDateTime(TimeOnly.MinValue);

static void Exec(DuckDBConnection c, string sql)
{
    using var cmd = c.CreateCommand();
    cmd.CommandText = sql;
    cmd.ExecuteNonQuery();
}
