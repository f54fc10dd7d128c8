// Duplicate-check benchmark (issue 18 part 2): the per-new-report check of Vern.Matching (refresh the index from the change
// feed when current, look up the keys, score the candidates) on a synthetic national database, beside the same key lookup
// as raw SQL in the sqlite3 shell (its own .timer), over the same probes: planted duplicates of existing children and new
// children. Prints the data size, medians and p95 of both, and the ratio.
// Usage: dotnet run -c Release --project bench/Vern.Matching.Bench -- --db FILE [--reports N] [--seed N]
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vern.Domain.Cases;
using Vern.Domain.Identity;
using Vern.Matching;
using Vern.Storage;
using Vern.Storage.Matching;
using Vern.Storage.Sqlite;
using Vern.Synthetic;

string? dbPath = null;
int reports = 400, seed = 18;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--db": dbPath = args[++i]; break;
        case "--reports": reports = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default: throw new ArgumentException($"unknown option {args[i]}");
    }
}
if (dbPath is null || !File.Exists(dbPath))
    throw new ArgumentException("--db: a database made by «vern generate»");

using var db = SqliteDatabase.Open(dbPath, create: false);
var matcher = new ChildMatcher(db.Events, db.Matching);
var watch = Stopwatch.StartNew();
var refreshed = await matcher.RefreshAsync();
Console.WriteLine($"index: {refreshed.Updated:N0} cases (re)indexed in {watch.Elapsed.TotalSeconds:F1} s");
var (rows, keys) = await db.Matching.CountAsync();
var headers = await db.Events.ListCasesAsync(MunicipalityScope.National);
var perMunicipality = headers.GroupBy(h => h.MunicipalityNumber).Select(g => g.Count()).ToList();
Console.WriteLine($"data: {headers.Count:N0} cases in {perMunicipality.Count} municipalities (largest {perMunicipality.Max():N0}), index {rows:N0} rows and {keys:N0} keys, file {new FileInfo(dbPath).Length / 1e6:F0} MB");

// Probes: half planted duplicates of random existing children, half new children, each in the source's municipality.
var rng = new Random(seed);
var probes = new List<(string Municipality, ChildIdentity Child, CaseId? Truth)>();
var fresh = DuplicatePlanting.Generate(1, reports, 0, seed, new DateOnly(2033, 12, 31)).Incoming;
for (var i = 0; i < reports; i++)
{
    var h = headers[rng.Next(headers.Count)];
    var state = (await db.Events.LoadStateAsync(h.Id))!;
    var c = state.Child;
    if (i % 2 == 0)
    {
        var (child, _) = DuplicatePlanting.Distort(new ChildInput(c.Identifier, c.BirthDate, c.Sex, c.DufNumber, c.GivenName, c.FamilyName),
            (DuplicateKind)rng.Next(Enum.GetValues<DuplicateKind>().Length), rng);
        probes.Add((h.MunicipalityNumber, ChildIdentity.Of(child), h.Id));
    }
    else
    {
        probes.Add((h.MunicipalityNumber, ChildIdentity.Of(fresh[i].Child), null));
    }
}

// Vern: the check a new report gets (refresh when current + lookup + scoring), warmed up on the first ten.
foreach (var p in probes.Take(10))
    await matcher.FindAsync(p.Municipality, [p.Child]);
var vern = new List<double>();
int found = 0, candidates = 0;
foreach (var p in probes)
{
    var t = Stopwatch.GetTimestamp();
    await matcher.RefreshAsync();
    var result = await matcher.FindAsync(p.Municipality, [p.Child]);
    vern.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
    candidates += result.Count;
    if (p.Truth is { } truth && result.Count > 0 && result[0].Case.CaseId == truth)
        found++;
}

// Anchor: the same key lookup (the store's SQL, keys inlined) in the sqlite3 shell, one statement per probe, timed by .timer.
var sql = new StringBuilder(".timer on\n.output /dev/null\n");
foreach (var p in probes)
{
    var json = JsonSerializer.Serialize(MatchKeys.Lookup(p.Child)).Replace("'", "''", StringComparison.Ordinal);
    sql.AppendLine(SqliteMatchingStore.LookupSql.Replace("$m", $"'{p.Municipality}'", StringComparison.Ordinal).Replace("$k", $"'{json}'", StringComparison.Ordinal).ReplaceLineEndings(" ") + ";");
}
var script = Path.GetTempFileName();
await File.WriteAllTextAsync(script, sql.ToString());
var psi = new ProcessStartInfo("sqlite3", [dbPath]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
using var proc = Process.Start(psi)!;
await proc.StandardInput.WriteAsync(sql.ToString());
proc.StandardInput.Close();
var outText = await proc.StandardOutput.ReadToEndAsync() + await proc.StandardError.ReadToEndAsync();
await proc.WaitForExitAsync();
File.Delete(script);
var anchor = outText.Split('\n').Where(l => l.StartsWith("Run Time: real ", StringComparison.Ordinal))
    .Select(l => double.Parse(l.Split(' ')[3], CultureInfo.InvariantCulture) * 1000).Skip(10).ToList();

static double Pct(List<double> xs, double q)
{
    if (xs.Count == 0) return double.NaN;
    var s = xs.Order().ToList();
    return s[Math.Min(s.Count - 1, (int)Math.Ceiling(q * s.Count) - 1)];
}

Console.WriteLine($"probes: {probes.Count} ({probes.Count(p => p.Truth is not null)} planted duplicates, found first {found}), {candidates} candidates shown in all");
Console.WriteLine($"vern check (refresh + index lookup + scoring): median {Pct(vern, 0.5):F2} ms, p95 {Pct(vern, 0.95):F2} ms, max {vern.Max():F2} ms");
Console.WriteLine($"anchor (same lookup SQL in sqlite3): median {Pct(anchor, 0.5):F2} ms, p95 {Pct(anchor, 0.95):F2} ms over {anchor.Count} statements");
Console.WriteLine($"ratio vern/anchor (median): {Pct(vern, 0.5) / Pct(anchor, 0.5):F2}");
Console.WriteLine($"target ≤ 50 ms per report: {(Pct(vern, 0.95) <= 50 ? "met" : "NOT met")} at p95");
