// Search benchmark (issue 22): full-text search over the journal notes and the documents (participation records and assessments of
// every fourth case; migration 25) of a municipality of N cases, through Vern's SQLite documentation store (FTS5), as VernApp runs
// it (the notes' search and the documents' search, one after the other), beside its anchor – the same question as a plain SQL scan (LIKE '%word%') over the same
// table. The notes are the generator's synthetic notes (Vern.Synthetic.SyntheticNotes: template sentences of the kinds a caseworker
// writes, seeded); two municipalities of the same size
// share the file, so the scope filter is part of what is measured.
// Usage: dotnet run -c Release --project bench/Vern.Documentation.Bench -- [--cases 20000] [--notes 5] [--runs 5]
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Vern.Domain.Cases;
using Vern.Storage.Documentation;

var cases = Arg("--cases", 20_000);
var notesPerCase = Arg("--notes", 5);
var runs = Arg("--runs", 5);
var path = Path.Combine(Path.GetTempPath(), $"vern-search-bench-v4-{cases}x{notesPerCase}.db");
var caseworkers = cases / 40;

if (!File.Exists(path))
{
    Console.Error.WriteLine($"making {cases:N0} cases × {notesPerCase} notes in each of two municipalities → {path}");
    using (var store = SqliteDocumentationStore.Open(path)) { }
    using var c = new SqliteConnection($"Data Source={path};Pooling=False");
    c.Open();
    using (var pragma = c.CreateCommand()) { pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"; pragma.ExecuteNonQuery(); }
    var random = new Random(22);
    using var tx = c.BeginTransaction();
    using var header = Command(c, tx, "INSERT INTO journal_notes(note_id, case_id, municipality) VALUES ($id, $c, $m) RETURNING note_rowid");
    using var version = Command(c, tx, "INSERT INTO journal_note_versions(note_id, version, kind, note_date, type, text, author, recorded_at) VALUES ($id, 1, 'finalised', '2025-01-01', 'samtale-barn', $t, 'bench', '2025-01-01T00:00:00Z')");
    using var search = Command(c, tx, "INSERT INTO journal_note_search(rowid, text, scope) VALUES ($r, $t, $s)");
    using var participation = Command(c, tx, "INSERT INTO participation_records(id, case_id, municipality, on_date, heard_by, place, child_views, weight, author, recorded_at) VALUES ($id, $c, $m, '2025-01-01', 'Saksbehandler', 'skolen', $t, 'Stor vekt.', 'bench', '2025-01-01T00:00:00Z')");
    using var assessment = Command(c, tx, "INSERT INTO assessments(id, case_id, municipality, on_date, best_interests, alternatives, least_intrusive, author, recorded_at) VALUES ($id, $c, $m, '2025-01-01', $t, '[[\"Ingen tiltak\",\"Bekymringen er for stor.\"]]', 'Veiledning i hjemmet.', 'bench', '2025-01-01T00:00:00Z')");
    using var item = Command(c, tx, "INSERT INTO document_search_items(item_id, kind, case_id, municipality, on_date) VALUES ($id, $k, $c, $m, '2025-01-01') RETURNING item_rowid");
    using var documentSearch = Command(c, tx, "INSERT INTO document_search(rowid, text, scope) VALUES ($r, $t, $s)");
    void Document(string kind, string id, string caseId, string municipality, string text)
    {
        item.Parameters["$id"].Value = id; item.Parameters["$k"].Value = kind; item.Parameters["$c"].Value = caseId; item.Parameters["$m"].Value = municipality;
        documentSearch.Parameters["$r"].Value = (long)item.ExecuteScalar()!; documentSearch.Parameters["$t"].Value = text;
        documentSearch.Parameters["$s"].Value = SqliteDocumentationStore.ScopeTokens(municipality, CaseId.Parse(caseId)); documentSearch.ExecuteNonQuery();
    }
    foreach (var municipality in new[] { "9001", "9002" })
        for (var i = 0; i < cases; i++)
        {
            var caseId = new CaseId(Guid.NewGuid()).ToString();
            for (var n = 0; n < notesPerCase; n++)
            {
                var text = Vern.Synthetic.SyntheticNotes.Text(random);
                var id = Guid.NewGuid().ToString("D");
                header.Parameters["$id"].Value = id; header.Parameters["$c"].Value = caseId; header.Parameters["$m"].Value = municipality;
                var rowid = (long)header.ExecuteScalar()!;
                version.Parameters["$id"].Value = id; version.Parameters["$t"].Value = text; version.ExecuteNonQuery();
                search.Parameters["$r"].Value = rowid; search.Parameters["$t"].Value = text;
                search.Parameters["$s"].Value = SqliteDocumentationStore.ScopeTokens(municipality, CaseId.Parse(caseId)); search.ExecuteNonQuery();
            }
            if (i % 4 != 0)
                continue;
            // Every fourth case: a participation record and an assessment, with the generator's sentences, indexed as migration 25 does.
            var views = Vern.Synthetic.SyntheticNotes.Text(random);
            var pid = Guid.NewGuid().ToString("D");
            participation.Parameters["$id"].Value = pid; participation.Parameters["$c"].Value = caseId; participation.Parameters["$m"].Value = municipality;
            participation.Parameters["$t"].Value = views; participation.ExecuteNonQuery();
            Document("participation", pid, caseId, municipality, views + "\nStor vekt.\nSaksbehandler\nskolen\n");
            var best = Vern.Synthetic.SyntheticNotes.Text(random);
            var aid = Guid.NewGuid().ToString("D");
            assessment.Parameters["$id"].Value = aid; assessment.Parameters["$c"].Value = caseId; assessment.Parameters["$m"].Value = municipality;
            assessment.Parameters["$t"].Value = best; assessment.ExecuteNonQuery();
            Document("assessment", aid, caseId, municipality, best + "\nIngen tiltak: Bekymringen er for stor.\nVeiledning i hjemmet.");
        }
    tx.Commit();
}

// The case snapshots beside the notes, so the caseworker's time includes finding their own cases as VernApp does
// (SqliteEventStore.CasesAssignedToAsync's statement, from the index of migration 20; the store's Open ran Vern's migrations,
// so the cases table and the index are there): every municipality has cases/40 caseworkers, about 40 cases each. Added once.
using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
{
    using (var migrate = SqliteDocumentationStore.Open(path, create: false)) { }
    c.Open();
    using var check = c.CreateCommand();
    check.CommandText = "SELECT count(*) FROM cases";
    if ((long)check.ExecuteScalar()! == 0)
    {
        Console.Error.WriteLine("adding the case snapshots (a caseworker per case)");
        using var tx = c.BeginTransaction();
        using var insert = Command(c, tx, "INSERT INTO cases (case_id, municipality, journal_number, version, updated_at, state) SELECT case_id, municipality, case_id, 1, '2025-01-01', json_object('id', case_id, 'municipalityNumber', municipality, 'caseworkerId', 'sb-' || municipality || '-' || (abs(random()) % " + caseworkers + ")) FROM (SELECT DISTINCT case_id, municipality FROM journal_notes)");
        insert.ExecuteNonQuery();
        tx.Commit();
    }
}

// Rare words (a few hundred notes), common words (a third of the notes) and very common ones («og», «barnet»: nearly every note),
// one and two words, whole words and prefixes («fotball» finds «fotballtreningen»).
var queries = new[] { "trampoline", "sjakkturnering akvarium", "og", "barnet", "mor", "skolen og", "foreldreveiledning", "tolk språket", "fotball", "leksehjelp evaluering" };
using var docs = SqliteDocumentationStore.Open(path, create: false);
using var anchor = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
anchor.Open();
// A caseworker's own cases, found as VernApp finds them (the statement of SqliteEventStore.CasesAssignedToAsync, from the
// index of migration 20), timed with each narrowed search.
HashSet<CaseId> Own(string caseworker)
{
    using var cmd = anchor.CreateCommand();
    cmd.CommandText = "SELECT case_id FROM cases WHERE municipality = '9001' AND json_extract(state, '$.caseworkerId') = $u";
    cmd.Parameters.AddWithValue("$u", caseworker);
    using var r = cmd.ExecuteReader();
    var own = new HashSet<CaseId>();
    while (r.Read()) own.Add(CaseId.Parse(r.GetString(0)));
    return own;
}
var ownCount = Own("sb-9001-7").Count;

var vern = new List<double>();
var narrowed = new List<double>();
var scan = new List<double>();
var perQuery = queries.ToDictionary(q => q, _ => (Vern: new List<double>(), Narrow: new List<double>(), Scan: new List<double>(), Hits: 0));
for (var run = 0; run < runs; run++)
    foreach (var q in queries)
    {
        // Alternate Vern and the anchor so that both see the same machine load.
        var hits = 0;
        // As VernApp.SearchDocumentationAsync: the notes, then the documents, each up to the limit.
        var v = Time(() => hits = docs.SearchNotesAsync("9001", q, null, 50).GetAwaiter().GetResult().Count
            + docs.SearchDocumentsAsync("9001", q, null, 50).GetAwaiter().GetResult().Count);
        vern.Add(v);
        var caseworker = "sb-9001-" + (run * queries.Length + Array.IndexOf(queries, q)) % caseworkers;
        var n = Time(() =>
        {
            var own = Own(caseworker);
            return docs.SearchNotesAsync("9001", q, own, 50).GetAwaiter().GetResult().Count + docs.SearchDocumentsAsync("9001", q, own, 50).GetAwaiter().GetResult().Count;
        });
        narrowed.Add(n);
        perQuery[q].Narrow.Add(n);
        var a = Time(() => Scan(anchor, q));
        scan.Add(a);
        perQuery[q].Vern.Add(v);
        perQuery[q].Scan.Add(a);
        perQuery[q] = perQuery[q] with { Hits = hits };
    }

var total = cases * notesPerCase;
Console.WriteLine($"search over {total:N0} notes and {cases / 4 * 2:N0} documents (participation records, assessments) of {cases:N0} cases in one municipality (+ as many in another), {queries.Length} queries × {runs} runs, file {new FileInfo(path).Length / 1_048_576.0:N0} MB");
Console.WriteLine($"  Vern FTS5, leader (municipality):      median {Median(vern):N1} ms, p95 {P95(vern):N1} ms");
Console.WriteLine($"  Vern FTS5, caseworker (~40 own cases, e.g. {ownCount}; finding them included):  median {Median(narrowed):N1} ms, p95 {P95(narrowed):N1} ms");
Console.WriteLine($"  anchor: SQL LIKE scan (municipality):  median {Median(scan):N1} ms, p95 {P95(scan):N1} ms");
Console.WriteLine($"  ratio anchor/Vern (p95): {P95(scan) / P95(vern):N1}×  (the scan stops early on common words and reads the whole table on rare ones)");
foreach (var (q, r) in perQuery)
    Console.WriteLine($"    {q,-20} hits {r.Hits,3} (notes + documents)  Vern median {Median(r.Vern),7:N1} ms   caseworker median {Median(r.Narrow),7:N1} ms   LIKE scan median {Median(r.Scan),8:N1} ms");
return 0;

static int Scan(SqliteConnection c, string query)
{
    var terms = SearchWords.Split(query);
    using var cmd = c.CreateCommand();
    cmd.CommandText = "SELECT n.note_id FROM journal_notes n JOIN journal_note_versions v ON v.note_id = n.note_id WHERE n.municipality = '9001' "
        + string.Concat(terms.Select((t, i) => $" AND v.text LIKE $t{i}")) + " LIMIT 50";
    for (var i = 0; i < terms.Count; i++)
        cmd.Parameters.AddWithValue($"$t{i}", "%" + terms[i] + "%");
    using var r = cmd.ExecuteReader();
    var n = 0;
    while (r.Read()) n++;
    return n;
}

static double Time(Func<int> f)
{
    var sw = Stopwatch.StartNew();
    f();
    return sw.Elapsed.TotalMilliseconds;
}

static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);

static double P95(List<double> xs) => xs.Order().ElementAt((int)Math.Min(xs.Count - 1, Math.Ceiling(xs.Count * 0.95) - 1));

static SqliteCommand Command(SqliteConnection c, SqliteTransaction tx, string sql)
{
    var cmd = c.CreateCommand();
    cmd.Transaction = tx;
    cmd.CommandText = sql;
    foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(sql, @"\$\w+"))
        if (!cmd.Parameters.Contains(m.Value))
            cmd.Parameters.Add(new SqliteParameter(m.Value, null));
    return cmd;
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
