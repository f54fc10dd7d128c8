using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Vern.Domain.Cases;
using Vern.Statistics.Breakdowns;
using Vern.Statistics.Definitions;
using Vern.Storage.Sqlite;

// Statistics benchmark: a few indicators computed by Vern (its one-pass CaseFigures over the case snapshots) and by
// DuckDB (the same definitions as SQL over the same facts, flattened into DuckDB tables) in the same run; checks that
// both give the same numbers, prints medians and the ratio with the data size.
// Usage: dotnet run -c Release --project bench/Vern.Statistics.Bench -- --db PATH [--from 2022] [--to 2026] [--runs 5] [--warmup 2] [--profile]
// Make the data first (bench/statistics.sh does both): ./vern generate --db PATH --municipalities 20 --years 5 --to 2026-12-31
var db = Arg("--db") ?? throw new ArgumentException("--db PATH mangler");
var from = int.Parse(Arg("--from") ?? "2022", CultureInfo.InvariantCulture);
var to = int.Parse(Arg("--to") ?? "2026", CultureInfo.InvariantCulture);
var runs = int.Parse(Arg("--runs") ?? "5", CultureInfo.InvariantCulture);
// Warm start (issue 19: "from a warm start"): runs before the timed ones, for both engines, so that the JIT's tiered
// compilation (which on a loaded 2-core machine finishes late, in the background) is not what is measured.
var warmup = int.Parse(Arg("--warmup") ?? "2", CultureInfo.InvariantCulture);
string[] compared = ["children-with-measures-year", "children-with-measures-31dec", "reports-received-year", "investigations-within-deadline-year"];

// 1. Read the case snapshots once (the same input for both engines).
var watch = Stopwatch.StartNew();
List<CaseState> cases;
long events;
using (var store = SqliteEventStore.Open(db, create: false))
{
    cases = store.ReadStates().ToList();
    events = store.CountEvents();
}
var readMs = watch.Elapsed.TotalMilliseconds;
Console.WriteLine($"Data: {db} ({new FileInfo(db).Length / 1024.0 / 1024:0.0} MiB), {cases.Count:N0} cases, {events:N0} events, " +
                  $"{cases.Sum(c => c.Measures.Count):N0} measures, {cases.Sum(c => c.Reports.Count):N0} reports; years {from}–{to}; {Environment.ProcessorCount} cores");
Console.WriteLine($"Reading the snapshots from SQLite (both engines start from these): {readMs:0} ms");

// 2. Vern: every indicator in one pass over the snapshots (timed below, interleaved with DuckDB).
Dictionary<(string, int), decimal> RunVern() => new CaseFigures(from, to).AddAll(cases).ToFigures()
    .Where(f => f.AgeGroup == "alle" && compared.Contains(f.IndicatorId))
    .GroupBy(f => (f.IndicatorId, f.Year)).ToDictionary(g => g.Key, g => g.Sum(f => f.Value ?? 0));

// 2b. With --profile: where Vern's pass spends its time (views, case-years, the indicators, the figures), the fastest of
// 10 runs each (the JIT has tiered up by then; the load of other processes only ever adds).
if (args.Contains("--profile"))
{
    double tViews = double.MaxValue, tYears = double.MaxValue, tIndicators = double.MaxValue, tFigures = double.MaxValue, tAll = double.MaxValue;
    for (var r = 0; r < 10; r++)
    {
        GC.Collect();
        watch.Restart();
        var views = cases.Select(c => new CaseView(c)).ToList();
        tViews = Math.Min(tViews, watch.Elapsed.TotalMilliseconds);
        watch.Restart();
        var caseYears = new List<CaseYear>();
        foreach (var view in views)
            for (var year = Math.Max(from, view.Case.OpenedOn.Year); year <= Math.Min(to, view.Case.ClosedOn?.Year ?? to); year++)
                caseYears.Add(new CaseYear(view, new StatisticsYear(year)));
        tYears = Math.Min(tYears, watch.Elapsed.TotalMilliseconds);
        watch.Restart();
        var sum = 0L;
        foreach (var y in caseYears)
            foreach (var indicator in CaseIndicators.All)
                sum += indicator.Counter(y);
        tIndicators = Math.Min(tIndicators, watch.Elapsed.TotalMilliseconds);
        var figures = new CaseFigures(from, to).AddAll(cases);
        watch.Restart();
        figures.ToFigures();
        tFigures = Math.Min(tFigures, watch.Elapsed.TotalMilliseconds);
        GC.Collect();
        watch.Restart();
        new CaseFigures(from, to).AddAll(cases).ToFigures();
        tAll = Math.Min(tAll, watch.Elapsed.TotalMilliseconds);
    }
    Console.WriteLine($"Profile (fastest of 10): views {tViews:0.0} ms, case-years {tYears:0.0} ms, indicators {tIndicators:0.0} ms, ToFigures {tFigures:0.0} ms; whole pass {tAll:0.0} ms");
}

// 3. DuckDB: load the same facts (appender), then the four indicators as SQL.
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
    vern = RunVern();
    if (r >= 0) vernTimes.Add(watch.Elapsed.TotalMilliseconds);
    GC.Collect();
    GC.WaitForPendingFinalizers();
    watch.Restart();
    duckResult = RunDuck();
    if (r >= 0) duckTimes.Add(watch.Elapsed.TotalMilliseconds);
}
Console.WriteLine($"Vern runs (ms): {string.Join(", ", vernTimes.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))}; DuckDB runs (ms): {string.Join(", ", duckTimes.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))}");

// 4. Same numbers?
var mismatches = vern.Where(kv => kv.Value != duckResult.GetValueOrDefault(kv.Key)).Concat(duckResult.Where(kv => kv.Value != vern.GetValueOrDefault(kv.Key))).ToList();
foreach (var id in compared)
    Console.WriteLine($"  {id,-38} " + string.Join("  ", Enumerable.Range(from, to - from + 1).Select(y => $"{y}: {vern.GetValueOrDefault((id, y)),6:0} / {duckResult.GetValueOrDefault((id, y)),6:0}")));
Console.WriteLine(mismatches.Count == 0 ? "Vern and DuckDB agree on every compared figure (Vern / DuckDB above)." : $"MISMATCH on {mismatches.Count} figures");

double Median(List<double> xs) { var s = xs.Order().ToList(); return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }
var v = Median(vernTimes);
var d = Median(duckTimes);
Console.WriteLine($"Vern, all {CaseIndicators.All.Count} indicators × {to - from + 1} years × age bands, one pass: median {v:0.0} ms over {runs} runs after {warmup} warm-up runs");
Console.WriteLine($"DuckDB, the 4 compared indicators as SQL (tables preloaded):      median {d:0.0} ms over {runs} runs (load {loadMs:0} ms once)");
Console.WriteLine($"Ratio Vern / DuckDB (query only): {v / d:0.00}; with DuckDB's load counted once: {v / (d + loadMs):0.00}");
Console.WriteLine($"Peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024:0} MiB");
return mismatches.Count == 0 ? 0 : 1;

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

static DateTime ToDate(DateOnly d) => d.ToDateTime(TimeOnly.MinValue);

static void Exec(DuckDBConnection c, string sql)
{
    using var cmd = c.CreateCommand();
    cmd.CommandText = sql;
    cmd.ExecuteNonQuery();
}
