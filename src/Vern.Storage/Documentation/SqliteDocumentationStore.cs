using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;
using Vern.Storage.Sqlite;

namespace Vern.Storage.Documentation;

/// <summary>The case documentation in the Vern database (migration 3). Every table is append-only by triggers; a note's
/// draft cannot follow its finalised version even with plain SQL (trigger). The notes' full-text index is an FTS5 table
/// with one row per note (its current text and addenda), keyed by the note's row in <c>journal_notes</c> and replaced in
/// the same transaction as each new version.</summary>
public sealed partial class SqliteDocumentationStore : IDocumentationStore, IDisposable
{
    /// <summary>The schema of migration 3 (in <see cref="SqliteMigrations.All"/>; never edit once shipped).</summary>
    public const string Schema = """
        CREATE TABLE journal_notes (
            note_rowid INTEGER PRIMARY KEY,
            note_id TEXT NOT NULL UNIQUE,
            case_id TEXT NOT NULL,
            municipality TEXT NOT NULL);
        CREATE INDEX journal_notes_case ON journal_notes(case_id);
        CREATE TABLE journal_note_versions (
            note_id TEXT NOT NULL REFERENCES journal_notes(note_id),
            version INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('draft', 'finalised', 'addendum', 'correction')),
            note_date TEXT NOT NULL,
            type TEXT NOT NULL,
            text TEXT NOT NULL,
            entry_kind TEXT,
            entry_id TEXT,
            reason TEXT,
            author TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (note_id, version));
        CREATE TRIGGER journal_note_versions_update BEFORE UPDATE ON journal_note_versions
            BEGIN SELECT RAISE(ABORT, 'journal note versions are append-only: write a new version'); END;
        CREATE TRIGGER journal_note_versions_delete BEFORE DELETE ON journal_note_versions
            BEGIN SELECT RAISE(ABORT, 'journal note versions are append-only: nothing is deleted'); END;
        CREATE TRIGGER journal_note_versions_finalised BEFORE INSERT ON journal_note_versions
            WHEN NEW.kind IN ('draft', 'finalised') AND EXISTS (SELECT 1 FROM journal_note_versions WHERE note_id = NEW.note_id AND kind = 'finalised')
            BEGIN SELECT RAISE(ABORT, 'a finalised journal note gets only addenda and corrections'); END;
        CREATE TRIGGER journal_notes_update BEFORE UPDATE ON journal_notes
            BEGIN SELECT RAISE(ABORT, 'journal notes are append-only'); END;
        CREATE TRIGGER journal_notes_delete BEFORE DELETE ON journal_notes
            BEGIN SELECT RAISE(ABORT, 'journal notes are append-only'); END;
        CREATE VIRTUAL TABLE journal_note_search USING fts5(text, scope, tokenize = 'unicode61 remove_diacritics 0');

        CREATE TABLE participation_records (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL,
            municipality TEXT NOT NULL,
            on_date TEXT NOT NULL,
            entry_kind TEXT,
            entry_id TEXT,
            heard_by TEXT,
            place TEXT,
            child_views TEXT,
            weight TEXT,
            not_heard TEXT,
            explanation TEXT,
            author TEXT NOT NULL,
            recorded_at TEXT NOT NULL);
        CREATE INDEX participation_records_case ON participation_records(case_id);
        CREATE INDEX participation_records_municipality ON participation_records(municipality);
        CREATE TRIGGER participation_records_update BEFORE UPDATE ON participation_records
            BEGIN SELECT RAISE(ABORT, 'participation records are append-only'); END;
        CREATE TRIGGER participation_records_delete BEFORE DELETE ON participation_records
            BEGIN SELECT RAISE(ABORT, 'participation records are append-only'); END;

        CREATE TABLE assessments (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL,
            municipality TEXT NOT NULL,
            on_date TEXT NOT NULL,
            entry_kind TEXT,
            entry_id TEXT,
            best_interests TEXT NOT NULL,
            alternatives TEXT NOT NULL,
            least_intrusive TEXT NOT NULL,
            author TEXT NOT NULL,
            recorded_at TEXT NOT NULL);
        CREATE INDEX assessments_case ON assessments(case_id);
        CREATE TRIGGER assessments_update BEFORE UPDATE ON assessments
            BEGIN SELECT RAISE(ABORT, 'assessments are append-only'); END;
        CREATE TRIGGER assessments_delete BEFORE DELETE ON assessments
            BEGIN SELECT RAISE(ABORT, 'assessments are append-only'); END;

        CREATE TABLE decision_document_versions (
            document_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            case_id TEXT NOT NULL,
            municipality TEXT NOT NULL,
            decision_id TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('draft', 'finalised')),
            template TEXT NOT NULL,
            legal_basis TEXT NOT NULL,
            facts TEXT NOT NULL,
            assessment TEXT NOT NULL,
            child_views TEXT NOT NULL,
            conclusion TEXT NOT NULL,
            author TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (document_id, version));
        CREATE INDEX decision_document_versions_decision ON decision_document_versions(decision_id, case_id);
        CREATE INDEX decision_document_versions_municipality ON decision_document_versions(municipality);
        CREATE TRIGGER decision_document_versions_update BEFORE UPDATE ON decision_document_versions
            BEGIN SELECT RAISE(ABORT, 'decision documents are append-only'); END;
        CREATE TRIGGER decision_document_versions_delete BEFORE DELETE ON decision_document_versions
            BEGIN SELECT RAISE(ABORT, 'decision documents are append-only'); END;
        CREATE TRIGGER decision_document_versions_finalised BEFORE INSERT ON decision_document_versions
            WHEN EXISTS (SELECT 1 FROM decision_document_versions WHERE document_id = NEW.document_id AND status = 'finalised')
              OR EXISTS (SELECT 1 FROM decision_document_versions WHERE case_id = NEW.case_id AND decision_id = NEW.decision_id AND document_id <> NEW.document_id)
            BEGIN SELECT RAISE(ABORT, 'a finalised decision document is not changed; one document per decision'); END;
        """;

    /// <summary>Migration 25 (issue 22): the search index of the participation records, assessments and decision documents (the
    /// current version): one row per document in <c>document_search_items</c> (its kind, id, case, municipality, date, and for a
    /// decision document its decision), whose rowid keys an FTS5 row with the same scope tokens as the notes' index. The rows
    /// stored before are indexed here, with the text <see cref="DocumentSearchText"/> builds; later ones in the same transaction
    /// as their append. Derived data (not append-only): a decision document's row is replaced by each new version.</summary>
    public const string DocumentSearchSchema = """
        CREATE TABLE IF NOT EXISTS document_search_items (
            item_rowid INTEGER PRIMARY KEY,
            item_id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('participation', 'assessment', 'decision-document')),
            case_id TEXT NOT NULL,
            municipality TEXT NOT NULL,
            on_date TEXT NOT NULL,
            decision_id TEXT);
        CREATE VIRTUAL TABLE IF NOT EXISTS document_search USING fts5(text, scope, tokenize = 'unicode61 remove_diacritics 0');
        INSERT OR IGNORE INTO document_search_items(item_id, kind, case_id, municipality, on_date)
            SELECT id, 'participation', case_id, municipality, on_date FROM participation_records ORDER BY rowid;
        INSERT OR IGNORE INTO document_search_items(item_id, kind, case_id, municipality, on_date)
            SELECT id, 'assessment', case_id, municipality, on_date FROM assessments ORDER BY rowid;
        INSERT OR IGNORE INTO document_search_items(item_id, kind, case_id, municipality, on_date, decision_id)
            SELECT d.document_id, 'decision-document', d.case_id, d.municipality, substr(d.recorded_at, 1, 10), d.decision_id
            FROM decision_document_versions d
            WHERE d.version = (SELECT max(x.version) FROM decision_document_versions x WHERE x.document_id = d.document_id)
            ORDER BY (SELECT min(x.rowid) FROM decision_document_versions x WHERE x.document_id = d.document_id);
        DELETE FROM document_search;
        INSERT INTO document_search(rowid, text, scope)
            SELECT i.item_rowid,
                coalesce(p.child_views, '') || char(10) || coalesce(p.weight, '') || char(10) || coalesce(p.heard_by, '') || char(10) || coalesce(p.place, '') || char(10) || coalesce(p.explanation, ''),
                'm' || p.municipality || ' c' || replace(p.case_id, '-', '')
            FROM participation_records p JOIN document_search_items i ON i.item_id = p.id;
        INSERT INTO document_search(rowid, text, scope)
            SELECT i.item_rowid,
                a.best_interests || char(10)
                    || coalesce((SELECT group_concat(json_extract(e.value, '$[0]') || ': ' || json_extract(e.value, '$[1]'), char(10)) FROM json_each(a.alternatives) e) || char(10), '')
                    || a.least_intrusive,
                'm' || a.municipality || ' c' || replace(a.case_id, '-', '')
            FROM assessments a JOIN document_search_items i ON i.item_id = a.id;
        INSERT INTO document_search(rowid, text, scope)
            SELECT i.item_rowid,
                d.legal_basis || char(10) || d.facts || char(10) || d.assessment || char(10) || d.child_views || char(10) || d.conclusion,
                'm' || d.municipality || ' c' || replace(d.case_id, '-', '')
            FROM decision_document_versions d JOIN document_search_items i ON i.item_id = d.document_id
            WHERE d.version = (SELECT max(x.version) FROM decision_document_versions x WHERE x.document_id = d.document_id);
        """;

    /// <summary>Migration 25 (issue 22): decisions to withhold the child's views (or a passage) from one party's access copy,
    /// append-only by triggers (also against INSERT OR REPLACE).</summary>
    public const string WithholdingSchema = """
        CREATE TABLE IF NOT EXISTS participation_withholdings (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL,
            municipality TEXT NOT NULL,
            participation_id TEXT NOT NULL,
            party_id TEXT NOT NULL,
            ground TEXT NOT NULL,
            passage TEXT,
            reason TEXT NOT NULL,
            author TEXT NOT NULL,
            recorded_at TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS participation_withholdings_case ON participation_withholdings(case_id);
        CREATE TRIGGER IF NOT EXISTS participation_withholdings_update BEFORE UPDATE ON participation_withholdings
            BEGIN SELECT RAISE(ABORT, 'withholdings are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS participation_withholdings_delete BEFORE DELETE ON participation_withholdings
            BEGIN SELECT RAISE(ABORT, 'withholdings are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS participation_withholdings_no_replace BEFORE INSERT ON participation_withholdings
            WHEN EXISTS (SELECT 1 FROM participation_withholdings WHERE id = NEW.id)
            BEGIN SELECT RAISE(ABORT, 'withholdings are append-only: an insert over a stored row is refused'); END;
        """;

    private readonly SqliteConnection _connection;

    private SqliteDocumentationStore(SqliteConnection connection) => _connection = connection;

    public static SqliteDocumentationStore Open(string path, bool create = true) => new(SqliteMigrations.Open(path, create));

    public Task AppendNoteAsync(NoteVersion v, string municipalityNumber, CancellationToken cancellationToken = default)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        var count = Scalar(tx, "SELECT count(*) FROM journal_note_versions WHERE note_id = $id", ("$id", v.NoteId.ToString()));
        if (v.Version != count + 1)
            throw new NoteConcurrencyException($"Journalnotatet {v.NoteId}", (int)count + 1);
        if (v.Version == 1)
            Exec(tx, "INSERT INTO journal_notes(note_id, case_id, municipality) VALUES ($id, $c, $m)",
                ("$id", v.NoteId.ToString()), ("$c", v.CaseId.ToString()), ("$m", municipalityNumber));
        Exec(tx, """
            INSERT INTO journal_note_versions(note_id, version, kind, note_date, type, text, entry_kind, entry_id, reason, author, recorded_at)
            VALUES ($id, $v, $k, $d, $t, $x, $ek, $ei, $r, $a, $at)
            """,
            ("$id", v.NoteId.ToString()), ("$v", v.Version), ("$k", Kind(v.Kind)), ("$d", Date(v.Date)), ("$t", v.TypeCode), ("$x", v.Text),
            ("$ek", v.Entry?.Kind.ToString()), ("$ei", v.Entry?.Id.ToString()), ("$r", v.Reason), ("$a", v.AuthorId), ("$at", Time(v.RecordedAt)));
        var rowid = Scalar(tx, "SELECT note_rowid FROM journal_notes WHERE note_id = $id", ("$id", v.NoteId.ToString()));
        var note = new JournalNote(ReadVersions(tx, v.NoteId));
        Exec(tx, "DELETE FROM journal_note_search WHERE rowid = $r", ("$r", rowid));
        Exec(tx, "INSERT INTO journal_note_search(rowid, text, scope) VALUES ($r, $x, $s)", ("$r", rowid), ("$x", note.SearchText), ("$s", ScopeTokens(municipalityNumber, v.CaseId)));
        tx.Commit();
        return Task.CompletedTask;
    }

    public Task<JournalNote?> ReadNoteAsync(NoteId id, CancellationToken cancellationToken = default)
    {
        var versions = ReadVersions(null, id);
        return Task.FromResult(versions.Count == 0 ? null : new JournalNote(versions));
    }

    public Task<IReadOnlyList<JournalNote>> ReadCaseNotesAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"SELECT {NoteColumns} FROM journal_notes n JOIN journal_note_versions v ON v.note_id = n.note_id WHERE n.case_id = $c ORDER BY n.note_rowid, v.version";
        cmd.Parameters.AddWithValue("$c", caseId.ToString());
        using var r = cmd.ExecuteReader();
        var notes = new List<JournalNote>();
        var current = new List<NoteVersion>();
        while (r.Read())
        {
            var v = ReadNote(r);
            if (current.Count > 0 && current[0].NoteId != v.NoteId)
            {
                notes.Add(new JournalNote(current));
                current = [];
            }
            current.Add(v);
        }
        if (current.Count > 0)
            notes.Add(new JournalNote(current));
        return Task.FromResult<IReadOnlyList<JournalNote>>(notes);
    }

    public Task AddParticipationAsync(ParticipationRecord p, string municipalityNumber, CancellationToken cancellationToken = default)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        Exec(tx, """
            INSERT INTO participation_records(id, case_id, municipality, on_date, entry_kind, entry_id, heard_by, place, child_views, weight, not_heard, explanation, author, recorded_at)
            VALUES ($id, $c, $m, $d, $ek, $ei, $hb, $pl, $cv, $w, $nh, $ex, $a, $at)
            """,
            ("$id", p.Id.ToString("D")), ("$c", p.CaseId.ToString()), ("$m", municipalityNumber), ("$d", Date(p.On)), ("$ek", p.Entry?.Kind.ToString()),
            ("$ei", p.Entry?.Id.ToString()), ("$hb", p.HeardBy), ("$pl", p.Place), ("$cv", p.ChildViews), ("$w", p.Weight), ("$nh", p.NotHeard?.ToString()),
            ("$ex", p.Explanation), ("$a", p.AuthorId), ("$at", Time(p.RecordedAt)));
        IndexDocument(tx, DocumentKind.Participation, p.Id, p.CaseId, municipalityNumber, p.On, null, DocumentSearchText.Of(p));
        tx.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ParticipationRecord>> ReadParticipationAsync(CaseId caseId, CancellationToken cancellationToken = default) =>
        Task.FromResult(ReadParticipation("case_id = $k", caseId.ToString()));

    public Task<IReadOnlyList<ParticipationRecord>> ReadParticipationAsync(string municipalityNumber, CancellationToken cancellationToken = default) =>
        Task.FromResult(ReadParticipation("municipality = $k", municipalityNumber));

    public Task AddAssessmentAsync(Assessment a, string municipalityNumber, CancellationToken cancellationToken = default)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        Exec(tx, """
            INSERT INTO assessments(id, case_id, municipality, on_date, entry_kind, entry_id, best_interests, alternatives, least_intrusive, author, recorded_at)
            VALUES ($id, $c, $m, $d, $ek, $ei, $b, $alt, $l, $a, $at)
            """,
            ("$id", a.Id.ToString("D")), ("$c", a.CaseId.ToString()), ("$m", municipalityNumber), ("$d", Date(a.On)), ("$ek", a.Entry?.Kind.ToString()),
            ("$ei", a.Entry?.Id.ToString()), ("$b", a.BestInterests), ("$alt", JsonSerializer.Serialize(a.Alternatives.Select(x => new[] { x.Alternative, x.WhyRejected }))),
            ("$l", a.LeastIntrusive), ("$a", a.AuthorId), ("$at", Time(a.RecordedAt)));
        IndexDocument(tx, DocumentKind.Assessment, a.Id, a.CaseId, municipalityNumber, a.On, null, DocumentSearchText.Of(a));
        tx.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Assessment>> ReadAssessmentsAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT id, case_id, on_date, entry_kind, entry_id, best_interests, alternatives, least_intrusive, author, recorded_at FROM assessments WHERE case_id = $c ORDER BY rowid";
        cmd.Parameters.AddWithValue("$c", caseId.ToString());
        using var r = cmd.ExecuteReader();
        var list = new List<Assessment>();
        while (r.Read())
        {
            var alternatives = JsonSerializer.Deserialize<string[][]>(r.GetString(6))!.Select(x => new AlternativeConsidered(x[0], x[1])).ToImmutableList();
            list.Add(new Assessment(Guid.Parse(r.GetString(0)), CaseId.Parse(r.GetString(1)), DateOnly.Parse(r.GetString(2), CultureInfo.InvariantCulture),
                Link(r, 3), r.GetString(5), alternatives, r.GetString(7), r.GetString(8), ParseTime(r.GetString(9))));
        }
        return Task.FromResult<IReadOnlyList<Assessment>>(list);
    }

    public Task AddWithholdingAsync(ViewsWithheld w, string municipalityNumber, CancellationToken cancellationToken = default)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        Exec(tx, """
            INSERT INTO participation_withholdings(id, case_id, municipality, participation_id, party_id, ground, passage, reason, author, recorded_at)
            VALUES ($id, $c, $m, $p, $party, $g, $pa, $r, $a, $at)
            """,
            ("$id", w.Id.ToString("D")), ("$c", w.CaseId.ToString()), ("$m", municipalityNumber), ("$p", w.ParticipationId.ToString("D")),
            ("$party", w.PartyId.Value.ToString("D")), ("$g", w.GroundCode), ("$pa", w.Passage), ("$r", w.Reason), ("$a", w.AuthorId), ("$at", Time(w.RecordedAt)));
        tx.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ViewsWithheld>> ReadWithholdingsAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT id, case_id, participation_id, party_id, ground, passage, reason, author, recorded_at FROM participation_withholdings WHERE case_id = $c ORDER BY rowid";
        cmd.Parameters.AddWithValue("$c", caseId.ToString());
        using var r = cmd.ExecuteReader();
        var list = new List<ViewsWithheld>();
        while (r.Read())
            list.Add(new ViewsWithheld(Guid.Parse(r.GetString(0)), CaseId.Parse(r.GetString(1)), Guid.Parse(r.GetString(2)), new Vern.Domain.Parties.PersonId(Guid.Parse(r.GetString(3))),
                r.GetString(4), Text(r, 5), r.GetString(6), r.GetString(7), ParseTime(r.GetString(8))));
        return Task.FromResult<IReadOnlyList<ViewsWithheld>>(list);
    }

    public Task AppendDecisionDocumentAsync(DecisionDocumentVersion v, string municipalityNumber, CancellationToken cancellationToken = default)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        var count = Scalar(tx, "SELECT count(*) FROM decision_document_versions WHERE document_id = $id", ("$id", v.DocumentId.ToString("D")));
        if (v.Version != count + 1)
            throw new NoteConcurrencyException($"Vedtaksdokumentet for vedtak {v.DecisionId}", (int)count + 1);
        try
        {
            Exec(tx, """
                INSERT INTO decision_document_versions(document_id, version, case_id, municipality, decision_id, status, template, legal_basis, facts, assessment, child_views, conclusion, author, recorded_at)
                VALUES ($id, $v, $c, $m, $d, $s, $t, $lb, $f, $as, $cv, $co, $a, $at)
                """,
                ("$id", v.DocumentId.ToString("D")), ("$v", v.Version), ("$c", v.CaseId.ToString()), ("$m", municipalityNumber), ("$d", v.DecisionId.ToString()),
                ("$s", v.Status == DecisionDocumentStatus.Finalised ? "finalised" : "draft"), ("$t", v.TemplateCode), ("$lb", v.Reasons.LegalBasis), ("$f", v.Reasons.Facts),
                ("$as", v.Reasons.Assessment), ("$cv", v.Reasons.ChildViews), ("$co", v.Reasons.Conclusion), ("$a", v.AuthorId), ("$at", Time(v.RecordedAt)));
        }
        catch (Exception e) when (e is SqliteException { SqliteErrorCode: 19 } or StoreRefusedException)
        {
            // The version taken (primary key) or another writer's document for this decision (the trigger's refusal): read again.
            throw new NoteConcurrencyException($"Vedtaksdokumentet for vedtak {v.DecisionId}", (int)count + 1);
        }
        IndexDocument(tx, DocumentKind.DecisionDocument, v.DocumentId, v.CaseId, municipalityNumber, DateOnly.FromDateTime(v.RecordedAt.UtcDateTime), v.DecisionId,
            DocumentSearchText.Of(v.Reasons));
        tx.Commit();
        return Task.CompletedTask;
    }

    public Task<DecisionDocument?> ReadDecisionDocumentAsync(CaseId caseId, EntryId decisionId, CancellationToken cancellationToken = default)
    {
        var docs = ReadDocuments("case_id = $c AND decision_id = $d", ("$c", caseId.ToString()), ("$d", decisionId.ToString()));
        return Task.FromResult(docs.Count == 0 ? null : docs[0]);
    }

    public Task<DecisionDocument?> FindDecisionDocumentAsync(EntryId decisionId, CancellationToken cancellationToken = default)
    {
        var docs = ReadDocuments("decision_id = $d", ("$d", decisionId.ToString()));
        return Task.FromResult(docs.Count == 0 ? null : docs[0]);
    }

    public Task<IReadOnlyList<DecisionDocument>> ReadDecisionDocumentsAsync(string municipalityNumber, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DecisionDocument>>(ReadDocuments("municipality = $m", ("$m", municipalityNumber)));

    public Task<IReadOnlyList<NoteHit>> SearchNotesAsync(string municipalityNumber, string query, IReadOnlySet<CaseId>? within, int limit, CancellationToken cancellationToken = default)
    {
        var terms = SearchWords.Split(query);
        var hits = new List<NoteHit>();
        foreach (var (id, caseId, whole) in Search(NoteIndex, terms, municipalityNumber, within, limit))
        {
            var note = new JournalNote(ReadVersions(null, NoteId.Parse(id)));
            hits.Add(new NoteHit(note.Id, CaseId.Parse(caseId), note.Date, note.TypeCode, SearchWords.Excerpt(note.SearchText, terms), whole));
        }
        return Task.FromResult<IReadOnlyList<NoteHit>>(hits);
    }

    public Task<IReadOnlyList<DocumentHit>> SearchDocumentsAsync(string municipalityNumber, string query, IReadOnlySet<CaseId>? within, int limit, CancellationToken cancellationToken = default)
    {
        var terms = SearchWords.Split(query);
        var hits = new List<DocumentHit>();
        foreach (var (id, _, whole) in Search(DocumentIndex, terms, municipalityNumber, within, limit))
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = """
                SELECT i.kind, i.case_id, i.on_date, i.decision_id, s.text FROM document_search_items i JOIN document_search s ON s.rowid = i.item_rowid
                WHERE i.item_id = $id
                """;
            cmd.Parameters.AddWithValue("$id", id);
            using var r = cmd.ExecuteReader();
            if (!r.Read())
                continue;
            hits.Add(new DocumentHit(ParseDocumentKind(r.GetString(0)), Guid.Parse(id), CaseId.Parse(r.GetString(1)), DateOnly.Parse(r.GetString(2), CultureInfo.InvariantCulture),
                SearchWords.Excerpt(r.GetString(4), terms), whole, r.IsDBNull(3) ? null : EntryId.Parse(r.GetString(3))));
        }
        return Task.FromResult<IReadOnlyList<DocumentHit>>(hits);
    }

    /// <summary>A full-text index: its FTS5 table, and the table of its items (one row per note or document, whose rowid keys the
    /// FTS5 row) with the item's id, case and municipality columns.</summary>
    private sealed record SearchIndex(string Fts, string Items, string RowId, string Id);

    private static readonly SearchIndex NoteIndex = new("journal_note_search", "journal_notes", "note_rowid", "note_id");

    private static readonly SearchIndex DocumentIndex = new("document_search", "document_search_items", "item_rowid", "item_id");

    /// <summary>The items of an index holding every term, in the municipality (and, narrowed, the given cases): whole-word hits
    /// first, then prefix-only, each newest first, at most <paramref name="limit"/>.</summary>
    private List<(string Id, string Case, bool Whole)> Search(SearchIndex index, IReadOnlyList<string> terms, string municipalityNumber, IReadOnlySet<CaseId>? within, int limit)
    {
        if (terms.Count == 0 || limit <= 0)
            return [];
        // Every word quoted (so nothing in it is FTS5 syntax). The scope is part of the same query: each item's row carries the
        // tokens of its municipality and its case, so the index itself keeps the search inside the municipality (and, narrowed,
        // inside the given cases) – nothing outside is ever read.
        // Narrowed to given cases, the case tokens alone are the scope: the municipality's token would add a doclist of every note
        // in the municipality to the intersection (the caseworker's search was 3–15× slower with it), and the join below still
        // keeps every hit inside the municipality.
        if (within is { Count: 0 })
            return [];
        var scope = within is null
            ? "scope : " + MunicipalityToken(municipalityNumber)
            : "scope : (" + string.Join(" OR ", within.Select(CaseToken)) + ")";
        // Ranking, for speed (issue 22: ≤ 50 ms also for very common words): first the items that hold every word as a whole
        // word, newest first – FTS5 walks those doclists lazily by descending rowid and stops at the limit, however common the
        // word. Only when that gives fewer than the limit does a prefix query («barnehage» finds «barnehagen») fill the rest,
        // again newest first; a prefix query merges every matching term's doclist before it can stop, which is what made
        // common words slow. docs/documentation.md, "Full-text search".
        if (within is { Count: <= NarrowedInMemoryCases })
            return MatchNarrowed(index, terms, scope, municipalityNumber, limit);
        var found = Match(index, string.Join(" AND ", terms.Select(t => Quote(t))), scope, municipalityNumber, limit, whole: true);
        if (found.Count < limit)
        {
            var seen = found.Select(f => f.Id).ToHashSet();
            found.AddRange(Match(index, string.Join(" AND ", terms.Select(t => Quote(t) + "*")), scope, municipalityNumber, limit, whole: false)
                .Where(f => !seen.Contains(f.Id)).Take(limit - found.Count));
        }
        return found;
    }

    /// <summary>Up to this many cases, a narrowed search (a caseworker's own cases) reads the cases' notes from the index by their
    /// case tokens and matches the words here, by <see cref="SearchWords"/> (the unicode61 rule the index uses, as the in-memory
    /// store does). A word query's prefix pass would otherwise merge the doclists of every word in the whole index that begins
    /// with the word («og*», «mor*») before the case tokens cut it down: that was the caseworker's slow search (issue 22:
    /// p95 139 ms at 20,000 cases). A few hundred notes are matched in well under a millisecond.</summary>
    public const int NarrowedInMemoryCases = 400;

    /// <summary>The items of the narrowed scope that hold every word (whole words first, then by prefix), newest first.</summary>
    private List<(string Id, string Case, bool Whole)> MatchNarrowed(SearchIndex index, IReadOnlyList<string> terms, string scope, string municipalityNumber, int limit)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"""
            SELECT n.{index.Id}, n.case_id, s.text FROM
              (SELECT rowid, text FROM {index.Fts} WHERE {index.Fts} MATCH $q) s
            JOIN {index.Items} n ON n.{index.RowId} = s.rowid
            WHERE n.municipality = $m
            ORDER BY s.rowid DESC
            """;
        cmd.Parameters.AddWithValue("$q", scope);
        cmd.Parameters.AddWithValue("$m", municipalityNumber);
        var whole = new List<(string, string, bool)>();
        var prefix = new List<(string, string, bool)>();
        using var r = cmd.ExecuteReader();
        while (r.Read() && whole.Count < limit)
        {
            var text = r.GetString(2);
            // Cheap first: an item that does not hold each word anywhere cannot begin a word with it.
            if (!terms.All(t => text.Contains(t, StringComparison.OrdinalIgnoreCase)))
                continue;
            var match = SearchWords.Match(text, terms);
            if (match == WordMatch.Whole)
                whole.Add((r.GetString(0), r.GetString(1), true));
            else if (match == WordMatch.Prefix && prefix.Count < limit)
                prefix.Add((r.GetString(0), r.GetString(1), false));
        }
        return [.. whole.Concat(prefix).Take(limit)];
    }

    private static string Quote(string term) => "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The items matching an FTS5 expression within a scope expression, newest first, at most <paramref name="limit"/>.</summary>
    private List<(string Id, string Case, bool Whole)> Match(SearchIndex index, string words, string scope, string municipalityNumber, int limit, bool whole)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"""
            SELECT n.{index.Id}, n.case_id FROM
              (SELECT rowid FROM {index.Fts} WHERE {index.Fts} MATCH $q ORDER BY rowid DESC LIMIT $limit) s
            JOIN {index.Items} n ON n.{index.RowId} = s.rowid
            WHERE n.municipality = $m
            ORDER BY s.rowid DESC
            """;
        cmd.Parameters.AddWithValue("$q", "text : (" + words + ") AND " + scope);
        cmd.Parameters.AddWithValue("$m", municipalityNumber);
        cmd.Parameters.AddWithValue("$limit", limit);
        var found = new List<(string, string, bool)>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            found.Add((r.GetString(0), r.GetString(1), whole));
        return found;
    }

    /// <summary>Adds (or, for a decision document's new version, replaces) a document's row in the search index, in the caller's
    /// transaction.</summary>
    private void IndexDocument(SqliteTransaction tx, DocumentKind kind, Guid id, CaseId caseId, string municipalityNumber, DateOnly on, EntryId? decisionId, string text)
    {
        Exec(tx, """
            INSERT INTO document_search_items(item_id, kind, case_id, municipality, on_date, decision_id) VALUES ($id, $k, $c, $m, $d, $e)
            ON CONFLICT (item_id) DO UPDATE SET on_date = excluded.on_date
            """,
            ("$id", id.ToString("D")), ("$k", DocumentKindName(kind)), ("$c", caseId.ToString()), ("$m", municipalityNumber), ("$d", Date(on)), ("$e", decisionId?.ToString()));
        var rowid = Scalar(tx, "SELECT item_rowid FROM document_search_items WHERE item_id = $id", ("$id", id.ToString("D")));
        Exec(tx, "DELETE FROM document_search WHERE rowid = $r", ("$r", rowid));
        Exec(tx, "INSERT INTO document_search(rowid, text, scope) VALUES ($r, $x, $s)", ("$r", rowid), ("$x", text), ("$s", ScopeTokens(municipalityNumber, caseId)));
    }

    private static string DocumentKindName(DocumentKind kind) => kind switch
    {
        DocumentKind.Participation => "participation",
        DocumentKind.Assessment => "assessment",
        _ => "decision-document",
    };

    private static DocumentKind ParseDocumentKind(string s) => s switch
    {
        "participation" => DocumentKind.Participation,
        "assessment" => DocumentKind.Assessment,
        _ => DocumentKind.DecisionDocument,
    };

    public void Dispose() => _connection.Dispose();

    /// <summary>The search index's scope tokens of a note: its municipality and its case (letters and digits only, one token each).</summary>
    public static string ScopeTokens(string municipalityNumber, CaseId caseId) => MunicipalityToken(municipalityNumber) + " " + CaseToken(caseId);

    private static string MunicipalityToken(string municipalityNumber) => "m" + new string([.. municipalityNumber.Where(char.IsAsciiLetterOrDigit)]);

    private static string CaseToken(CaseId caseId) => "c" + caseId.Value.ToString("N");

    private const string NoteColumns = "v.note_id, n.case_id, v.version, v.kind, v.note_date, v.type, v.text, v.entry_kind, v.entry_id, v.author, v.recorded_at, v.reason";

    private List<NoteVersion> ReadVersions(SqliteTransaction? tx, NoteId id)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"SELECT {NoteColumns} FROM journal_note_versions v JOIN journal_notes n ON n.note_id = v.note_id WHERE v.note_id = $id ORDER BY v.version";
        cmd.Parameters.AddWithValue("$id", id.ToString());
        using var r = cmd.ExecuteReader();
        var list = new List<NoteVersion>();
        while (r.Read())
            list.Add(ReadNote(r));
        return list;
    }

    private static NoteVersion ReadNote(SqliteDataReader r) => new(
        NoteId.Parse(r.GetString(0)), CaseId.Parse(r.GetString(1)), r.GetInt32(2), ParseKind(r.GetString(3)),
        DateOnly.Parse(r.GetString(4), CultureInfo.InvariantCulture), r.GetString(5), r.GetString(6), Link(r, 7), r.GetString(9),
        ParseTime(r.GetString(10)), r.IsDBNull(11) ? null : r.GetString(11));

    private IReadOnlyList<ParticipationRecord> ReadParticipation(string where, string key)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"SELECT id, case_id, on_date, entry_kind, entry_id, heard_by, place, child_views, weight, not_heard, explanation, author, recorded_at FROM participation_records WHERE {where} ORDER BY rowid";
        cmd.Parameters.AddWithValue("$k", key);
        using var r = cmd.ExecuteReader();
        var list = new List<ParticipationRecord>();
        while (r.Read())
            list.Add(new ParticipationRecord(Guid.Parse(r.GetString(0)), CaseId.Parse(r.GetString(1)), DateOnly.Parse(r.GetString(2), CultureInfo.InvariantCulture),
                Link(r, 3), Text(r, 5), Text(r, 6), Text(r, 7), Text(r, 8), r.IsDBNull(9) ? null : Enum.Parse<NotHeardReason>(r.GetString(9)),
                Text(r, 10), r.GetString(11), ParseTime(r.GetString(12))));
        return list;
    }

    private List<DecisionDocument> ReadDocuments(string where, params (string Name, object? Value)[] args)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"SELECT document_id, case_id, decision_id, version, status, template, legal_basis, facts, assessment, child_views, conclusion, author, recorded_at FROM decision_document_versions WHERE {where} ORDER BY document_id, version";
        foreach (var (n, v) in args)
            cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        using var r = cmd.ExecuteReader();
        var versions = new List<DecisionDocumentVersion>();
        while (r.Read())
            versions.Add(new DecisionDocumentVersion(Guid.Parse(r.GetString(0)), CaseId.Parse(r.GetString(1)), EntryId.Parse(r.GetString(2)), r.GetInt32(3),
                r.GetString(4) == "finalised" ? DecisionDocumentStatus.Finalised : DecisionDocumentStatus.Draft, r.GetString(5),
                new DecisionReasons(r.GetString(6), r.GetString(7), r.GetString(8), r.GetString(9), r.GetString(10)), r.GetString(11), ParseTime(r.GetString(12))));
        return [.. versions.GroupBy(v => v.DocumentId).Select(g => new DecisionDocument([.. g]))];
    }

    private static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static EntryLink? Link(SqliteDataReader r, int kindColumn) =>
        r.IsDBNull(kindColumn) ? null : new EntryLink(Enum.Parse<EntryKind>(r.GetString(kindColumn)), EntryId.Parse(r.GetString(kindColumn + 1)));

    private static string Kind(NoteVersionKind k) => k switch
    {
        NoteVersionKind.Draft => "draft",
        NoteVersionKind.Finalised => "finalised",
        NoteVersionKind.Addendum => "addendum",
        _ => "correction",
    };

    private static NoteVersionKind ParseKind(string s) => s switch
    {
        "draft" => NoteVersionKind.Draft,
        "finalised" => NoteVersionKind.Finalised,
        "addendum" => NoteVersionKind.Addendum,
        _ => NoteVersionKind.Correction,
    };

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture);

    private long Scalar(SqliteTransaction tx, string sql, params (string Name, object? Value)[] args) => _connection.Scalar(tx, sql, args);

    private void Exec(SqliteTransaction tx, string sql, params (string Name, object? Value)[] args) => _connection.Exec(tx, sql, args);
}
