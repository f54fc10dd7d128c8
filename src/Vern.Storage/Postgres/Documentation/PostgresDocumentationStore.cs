using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;
using Vern.Storage.Documentation;

namespace Vern.Storage.Postgres.Documentation;

/// <summary>The case documentation on PostgreSQL (step 5): the same tables as on SQLite, append-only by triggers (a
/// finalised note gets only addenda and corrections, even with plain SQL). The notes' full-text index is
/// <c>journal_note_search</c>: one row per note (its current text and addenda) with a <c>tsvector</c> under a GIN index,
/// replaced in the same transaction as each new version. The vector holds each word twice: as the <c>simple</c>
/// configuration leaves it (lower case, unstemmed: the contract's «every query word begins a word of the note») and as the
/// <c>norwegian</c> Snowball stemmer reduces it (so an operator's own queries can search by stem, e.g.
/// <c>to_tsquery('norwegian', 'barnehagene')</c>).</summary>
public sealed partial class PostgresDocumentationStore(NpgsqlDataSource source) : IDocumentationStore
{
    /// <summary>The schema of step 5 on PostgreSQL (never edit once shipped).</summary>
    public const string Schema = """
        CREATE TABLE journal_notes (
            note_rowid bigserial PRIMARY KEY,
            note_id text NOT NULL UNIQUE,
            case_id text NOT NULL,
            municipality text NOT NULL);
        CREATE INDEX journal_notes_case ON journal_notes(case_id);
        CREATE TABLE journal_note_versions (
            note_id text NOT NULL REFERENCES journal_notes(note_id),
            version integer NOT NULL,
            kind text NOT NULL CHECK (kind IN ('draft', 'finalised', 'addendum', 'correction')),
            note_date text NOT NULL,
            type text NOT NULL,
            text text NOT NULL,
            entry_kind text,
            entry_id text,
            reason text,
            author text NOT NULL,
            recorded_at text NOT NULL,
            PRIMARY KEY (note_id, version));
        CREATE TRIGGER journal_note_versions_append_only BEFORE UPDATE OR DELETE ON journal_note_versions
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('journal note versions are append-only: write a new version');
        CREATE FUNCTION vern_note_finalised() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
            IF NEW.kind IN ('draft', 'finalised') AND EXISTS (SELECT 1 FROM journal_note_versions WHERE note_id = NEW.note_id AND kind = 'finalised') THEN
                RAISE EXCEPTION 'a finalised journal note gets only addenda and corrections';
            END IF;
            RETURN NEW; END $$;
        CREATE TRIGGER journal_note_versions_finalised BEFORE INSERT ON journal_note_versions
            FOR EACH ROW EXECUTE FUNCTION vern_note_finalised();
        CREATE TRIGGER journal_notes_append_only BEFORE UPDATE OR DELETE ON journal_notes
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('journal notes are append-only');
        CREATE TABLE journal_note_search (
            note_rowid bigint PRIMARY KEY REFERENCES journal_notes(note_rowid),
            municipality text NOT NULL,
            case_id text NOT NULL,
            words tsvector NOT NULL);
        CREATE INDEX journal_note_search_words ON journal_note_search USING gin (words);

        CREATE TABLE participation_records (
            position bigserial PRIMARY KEY,
            id text NOT NULL UNIQUE,
            case_id text NOT NULL,
            municipality text NOT NULL,
            on_date text NOT NULL,
            entry_kind text,
            entry_id text,
            heard_by text,
            place text,
            child_views text,
            weight text,
            not_heard text,
            explanation text,
            author text NOT NULL,
            recorded_at text NOT NULL);
        CREATE INDEX participation_records_case ON participation_records(case_id);
        CREATE INDEX participation_records_municipality ON participation_records(municipality);
        CREATE TRIGGER participation_records_append_only BEFORE UPDATE OR DELETE ON participation_records
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('participation records are append-only');

        CREATE TABLE assessments (
            position bigserial PRIMARY KEY,
            id text NOT NULL UNIQUE,
            case_id text NOT NULL,
            municipality text NOT NULL,
            on_date text NOT NULL,
            entry_kind text,
            entry_id text,
            best_interests text NOT NULL,
            alternatives text NOT NULL,
            least_intrusive text NOT NULL,
            author text NOT NULL,
            recorded_at text NOT NULL);
        CREATE INDEX assessments_case ON assessments(case_id);
        CREATE TRIGGER assessments_append_only BEFORE UPDATE OR DELETE ON assessments
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('assessments are append-only');

        CREATE TABLE decision_document_versions (
            document_id text NOT NULL,
            version integer NOT NULL,
            case_id text NOT NULL,
            municipality text NOT NULL,
            decision_id text NOT NULL,
            status text NOT NULL CHECK (status IN ('draft', 'finalised')),
            template text NOT NULL,
            legal_basis text NOT NULL,
            facts text NOT NULL,
            assessment text NOT NULL,
            child_views text NOT NULL,
            conclusion text NOT NULL,
            author text NOT NULL,
            recorded_at text NOT NULL,
            PRIMARY KEY (document_id, version));
        CREATE INDEX decision_document_versions_decision ON decision_document_versions(decision_id, case_id);
        CREATE INDEX decision_document_versions_municipality ON decision_document_versions(municipality);
        CREATE TRIGGER decision_document_versions_append_only BEFORE UPDATE OR DELETE ON decision_document_versions
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('decision documents are append-only');
        CREATE FUNCTION vern_decision_document_finalised() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
            IF EXISTS (SELECT 1 FROM decision_document_versions WHERE document_id = NEW.document_id AND status = 'finalised')
               OR EXISTS (SELECT 1 FROM decision_document_versions WHERE case_id = NEW.case_id AND decision_id = NEW.decision_id AND document_id <> NEW.document_id) THEN
                RAISE EXCEPTION 'a finalised decision document is not changed; one document per decision';
            END IF;
            RETURN NEW; END $$;
        CREATE TRIGGER decision_document_versions_finalised BEFORE INSERT ON decision_document_versions
            FOR EACH ROW EXECUTE FUNCTION vern_decision_document_finalised();
        """;

    /// <summary>Migration 25 on PostgreSQL (issue 22): the search index of the participation records, assessments and decision
    /// documents (current version), one row per document with its text and a <c>tsvector</c> (simple and Norwegian, as the
    /// notes') under a GIN index; the rows stored before are indexed by <see cref="DocumentSearchFill"/>. Derived data: a
    /// decision document's row is replaced by each new version, in the same transaction.</summary>
    public const string DocumentSearchSchema = """
        CREATE TABLE IF NOT EXISTS document_search (
            item_rowid bigserial PRIMARY KEY,
            item_id text NOT NULL UNIQUE,
            kind text NOT NULL CHECK (kind IN ('participation', 'assessment', 'decision-document')),
            case_id text NOT NULL,
            municipality text NOT NULL,
            on_date text NOT NULL,
            decision_id text,
            text text NOT NULL,
            words tsvector NOT NULL);
        CREATE INDEX IF NOT EXISTS document_search_words ON document_search USING gin (words);
        CREATE INDEX IF NOT EXISTS document_search_scope ON document_search(municipality, case_id);
        """ + DocumentSearchFill;

    /// <summary>Migration 25 on PostgreSQL: decisions to withhold the child's views from one party's access copy, append-only.</summary>
    public const string WithholdingSchema = """
        CREATE TABLE IF NOT EXISTS participation_withholdings (
            position bigserial PRIMARY KEY,
            id text NOT NULL UNIQUE,
            case_id text NOT NULL,
            municipality text NOT NULL,
            participation_id text NOT NULL,
            party_id text NOT NULL,
            ground text NOT NULL,
            passage text,
            reason text NOT NULL,
            author text NOT NULL,
            recorded_at text NOT NULL);
        CREATE INDEX IF NOT EXISTS participation_withholdings_case ON participation_withholdings(case_id);
        DROP TRIGGER IF EXISTS participation_withholdings_append_only ON participation_withholdings;
        CREATE TRIGGER participation_withholdings_append_only BEFORE UPDATE OR DELETE ON participation_withholdings
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('withholdings are append-only');
        """;

    /// <summary>Indexes every stored participation record, assessment and decision document (current version) that has no row
    /// yet, with the text <see cref="DocumentSearchText"/> builds (migration 25; after a move from SQLite).</summary>
    public const string DocumentSearchFill = $"""
        INSERT INTO document_search(item_id, kind, case_id, municipality, on_date, text, words)
            SELECT id, 'participation', case_id, municipality, on_date, t, {WordsSql}
            FROM (SELECT p.*, coalesce(child_views, '') || E'\n' || coalesce(weight, '') || E'\n' || coalesce(heard_by, '') || E'\n' || coalesce(place, '') || E'\n' || coalesce(explanation, '') AS t
                  FROM participation_records p ORDER BY position) x
            ON CONFLICT (item_id) DO NOTHING;
        INSERT INTO document_search(item_id, kind, case_id, municipality, on_date, text, words)
            SELECT id, 'assessment', case_id, municipality, on_date, t, {WordsSql}
            FROM (SELECT a.*, best_interests || E'\n'
                      || coalesce((SELECT string_agg((e ->> 0) || ': ' || (e ->> 1), E'\n' ORDER BY n) FROM jsonb_array_elements(alternatives::jsonb) WITH ORDINALITY AS j(e, n)) || E'\n', '')
                      || least_intrusive AS t
                  FROM assessments a ORDER BY position) x
            ON CONFLICT (item_id) DO NOTHING;
        INSERT INTO document_search(item_id, kind, case_id, municipality, on_date, decision_id, text, words)
            SELECT document_id, 'decision-document', case_id, municipality, substr(recorded_at, 1, 10), decision_id, t, {WordsSql}
            FROM (SELECT d.*, legal_basis || E'\n' || facts || E'\n' || assessment || E'\n' || child_views || E'\n' || conclusion AS t
                  FROM decision_document_versions d
                  WHERE version = (SELECT max(v.version) FROM decision_document_versions v WHERE v.document_id = d.document_id)
                  ORDER BY recorded_at) x
            ON CONFLICT (item_id) DO NOTHING;
        """;

    /// <summary>The tsvector of a stored text <c>t</c> (for the rows indexed by the migration), unstemmed (simple) and stemmed
    /// (Norwegian), as the notes' index. New rows get their words split and lower-cased by <see cref="SearchWords"/> in C#
    /// (<see cref="IndexDocument"/>); here PostgreSQL's parser splits them and <c>lower</c> lower-cases them, which under the C
    /// locale (CI's cluster) leaves a capital Æ, Ø or Å as it is: such a word of a row stored before migration 25 is found
    /// only by a query spelled with the capital.</summary>
    private const string WordsSql = "to_tsvector('simple', lower(t)) || to_tsvector('norwegian', lower(t))";

    public async Task AppendNoteAsync(NoteVersion v, string municipalityNumber, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        // Writers of one note queue on its lock, then count its versions: a second writer of the same version is refused.
        await Exec(c, tx, "SELECT pg_advisory_xact_lock(7466114, hashtext($1))", cancellationToken, v.NoteId.ToString());
        var count = await Scalar(c, tx, "SELECT count(*) FROM journal_note_versions WHERE note_id = $1", cancellationToken, v.NoteId.ToString());
        if (v.Version != count + 1)
            throw new NoteConcurrencyException($"Journalnotatet {v.NoteId}", (int)count + 1);
        if (v.Version == 1)
            await Exec(c, tx, "INSERT INTO journal_notes(note_id, case_id, municipality) VALUES ($1, $2, $3)", cancellationToken,
                v.NoteId.ToString(), v.CaseId.ToString(), municipalityNumber);
        await Exec(c, tx, """
            INSERT INTO journal_note_versions(note_id, version, kind, note_date, type, text, entry_kind, entry_id, reason, author, recorded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            """, cancellationToken,
            v.NoteId.ToString(), v.Version, Kind(v.Kind), Date(v.Date), v.TypeCode, v.Text,
            v.Entry?.Kind.ToString(), v.Entry?.Id.ToString(), v.Reason, v.AuthorId, Time(v.RecordedAt));
        var rowid = await Scalar(c, tx, "SELECT note_rowid FROM journal_notes WHERE note_id = $1", cancellationToken, v.NoteId.ToString());
        var note = new JournalNote(await ReadVersions(c, tx, v.NoteId, cancellationToken));
        await Exec(c, tx, """
            INSERT INTO journal_note_search(note_rowid, municipality, case_id, words)
            VALUES ($1, $2, $3, to_tsvector('simple', $4) || to_tsvector('norwegian', $4))
            ON CONFLICT (note_rowid) DO UPDATE SET words = excluded.words
            """, cancellationToken, rowid, municipalityNumber, v.CaseId.ToString(), Words(note.SearchText));
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<JournalNote?> ReadNoteAsync(NoteId id, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        var versions = await ReadVersions(c, null, id, cancellationToken);
        return versions.Count == 0 ? null : new JournalNote(versions);
    }

    public async Task<IReadOnlyList<JournalNote>> ReadCaseNotesAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        await using var cmd = source.CreateCommand($"SELECT {NoteColumns} FROM journal_notes n JOIN journal_note_versions v ON v.note_id = n.note_id WHERE n.case_id = $1 ORDER BY n.note_rowid, v.version");
        cmd.Parameters.AddWithValue(caseId.ToString());
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var notes = new List<JournalNote>();
        var current = new List<NoteVersion>();
        while (await r.ReadAsync(cancellationToken))
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
        return notes;
    }

    public async Task AddParticipationAsync(ParticipationRecord p, string municipalityNumber, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await Exec(c, tx, """
            INSERT INTO participation_records(id, case_id, municipality, on_date, entry_kind, entry_id, heard_by, place, child_views, weight, not_heard, explanation, author, recorded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            """, cancellationToken,
            p.Id.ToString("D"), p.CaseId.ToString(), municipalityNumber, Date(p.On), p.Entry?.Kind.ToString(),
            p.Entry?.Id.ToString(), p.HeardBy, p.Place, p.ChildViews, p.Weight, p.NotHeard?.ToString(),
            p.Explanation, p.AuthorId, Time(p.RecordedAt));
        await IndexDocument(c, tx, "participation", p.Id, p.CaseId, municipalityNumber, p.On, null, DocumentSearchText.Of(p), cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    public Task<IReadOnlyList<ParticipationRecord>> ReadParticipationAsync(CaseId caseId, CancellationToken cancellationToken = default) =>
        ReadParticipation("case_id = $1", caseId.ToString(), cancellationToken);

    public Task<IReadOnlyList<ParticipationRecord>> ReadParticipationAsync(string municipalityNumber, CancellationToken cancellationToken = default) =>
        ReadParticipation("municipality = $1", municipalityNumber, cancellationToken);

    public async Task AddAssessmentAsync(Assessment a, string municipalityNumber, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await Exec(c, tx, """
            INSERT INTO assessments(id, case_id, municipality, on_date, entry_kind, entry_id, best_interests, alternatives, least_intrusive, author, recorded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            """, cancellationToken,
            a.Id.ToString("D"), a.CaseId.ToString(), municipalityNumber, Date(a.On), a.Entry?.Kind.ToString(),
            a.Entry?.Id.ToString(), a.BestInterests, JsonSerializer.Serialize(a.Alternatives.Select(x => new[] { x.Alternative, x.WhyRejected })),
            a.LeastIntrusive, a.AuthorId, Time(a.RecordedAt));
        await IndexDocument(c, tx, "assessment", a.Id, a.CaseId, municipalityNumber, a.On, null, DocumentSearchText.Of(a), cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Assessment>> ReadAssessmentsAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        await using var cmd = source.CreateCommand("SELECT id, case_id, on_date, entry_kind, entry_id, best_interests, alternatives, least_intrusive, author, recorded_at FROM assessments WHERE case_id = $1 ORDER BY position");
        cmd.Parameters.AddWithValue(caseId.ToString());
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<Assessment>();
        while (await r.ReadAsync(cancellationToken))
        {
            var alternatives = JsonSerializer.Deserialize<string[][]>(r.GetString(6))!.Select(x => new AlternativeConsidered(x[0], x[1])).ToImmutableList();
            list.Add(new Assessment(Guid.Parse(r.GetString(0)), CaseId.Parse(r.GetString(1)), DateOnly.Parse(r.GetString(2), CultureInfo.InvariantCulture),
                Link(r, 3), r.GetString(5), alternatives, r.GetString(7), r.GetString(8), ParseTime(r.GetString(9))));
        }
        return list;
    }

    public async Task AddWithholdingAsync(ViewsWithheld w, string municipalityNumber, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await Exec(c, null, """
            INSERT INTO participation_withholdings(id, case_id, municipality, participation_id, party_id, ground, passage, reason, author, recorded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """, cancellationToken,
            w.Id.ToString("D"), w.CaseId.ToString(), municipalityNumber, w.ParticipationId.ToString("D"), w.PartyId.Value.ToString("D"), w.GroundCode, w.Passage,
            w.Reason, w.AuthorId, Time(w.RecordedAt));
    }

    public async Task<IReadOnlyList<ViewsWithheld>> ReadWithholdingsAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        await using var cmd = source.CreateCommand("SELECT id, case_id, participation_id, party_id, ground, passage, reason, author, recorded_at FROM participation_withholdings WHERE case_id = $1 ORDER BY position");
        cmd.Parameters.AddWithValue(caseId.ToString());
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<ViewsWithheld>();
        while (await r.ReadAsync(cancellationToken))
            list.Add(new ViewsWithheld(Guid.Parse(r.GetString(0)), CaseId.Parse(r.GetString(1)), Guid.Parse(r.GetString(2)), new Vern.Domain.Parties.PersonId(Guid.Parse(r.GetString(3))),
                r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.GetString(6), r.GetString(7), ParseTime(r.GetString(8))));
        return list;
    }

    public async Task AppendDecisionDocumentAsync(DecisionDocumentVersion v, string municipalityNumber, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await Exec(c, tx, "SELECT pg_advisory_xact_lock(7466115, hashtext($1))", cancellationToken, v.CaseId + "/" + v.DecisionId);
        var count = await Scalar(c, tx, "SELECT count(*) FROM decision_document_versions WHERE document_id = $1", cancellationToken, v.DocumentId.ToString("D"));
        if (v.Version != count + 1)
            throw new NoteConcurrencyException($"Vedtaksdokumentet for vedtak {v.DecisionId}", (int)count + 1);
        try
        {
            await Exec(c, tx, """
                INSERT INTO decision_document_versions(document_id, version, case_id, municipality, decision_id, status, template, legal_basis, facts, assessment, child_views, conclusion, author, recorded_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                """, cancellationToken,
                v.DocumentId.ToString("D"), v.Version, v.CaseId.ToString(), municipalityNumber, v.DecisionId.ToString(),
                v.Status == DecisionDocumentStatus.Finalised ? "finalised" : "draft", v.TemplateCode, v.Reasons.LegalBasis, v.Reasons.Facts,
                v.Reasons.Assessment, v.Reasons.ChildViews, v.Reasons.Conclusion, v.AuthorId, Time(v.RecordedAt));
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.RaiseException or PostgresErrorCodes.UniqueViolation)
        {
            throw new NoteConcurrencyException($"Vedtaksdokumentet for vedtak {v.DecisionId}", (int)count + 1);
        }
        await IndexDocument(c, tx, "decision-document", v.DocumentId, v.CaseId, municipalityNumber, DateOnly.FromDateTime(v.RecordedAt.UtcDateTime), v.DecisionId,
            DocumentSearchText.Of(v.Reasons), cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<DecisionDocument?> ReadDecisionDocumentAsync(CaseId caseId, EntryId decisionId, CancellationToken cancellationToken = default)
    {
        var docs = await ReadDocuments("case_id = $1 AND decision_id = $2", cancellationToken, caseId.ToString(), decisionId.ToString());
        return docs.Count == 0 ? null : docs[0];
    }

    public async Task<DecisionDocument?> FindDecisionDocumentAsync(EntryId decisionId, CancellationToken cancellationToken = default)
    {
        var docs = await ReadDocuments("decision_id = $1", cancellationToken, decisionId.ToString());
        return docs.Count == 0 ? null : docs[0];
    }

    public async Task<IReadOnlyList<DecisionDocument>> ReadDecisionDocumentsAsync(string municipalityNumber, CancellationToken cancellationToken = default) =>
        await ReadDocuments("municipality = $1", cancellationToken, municipalityNumber);

    public async Task<IReadOnlyList<NoteHit>> SearchNotesAsync(string municipalityNumber, string query, IReadOnlySet<CaseId>? within, int limit, CancellationToken cancellationToken = default)
    {
        var terms = SearchWords.Split(query);
        if (terms.Count == 0 || limit <= 0 || within is { Count: 0 })
            return [];
        // Ranking (issue 17, as SQLite's: whole words first): first the notes that hold every word as a whole word, then, to fill
        // up to the limit, those that hold them only as the start of a longer word («barnehage» finds «barnehagen»). Within each
        // tier by relevance, ts_rank with the Norwegian configuration, then newest first. The tsquery is built from the terms by
        // quote_literal, so to_tsquery's own syntax never sees the user's text. The GIN index finds the candidates inside the
        // municipality (and the given cases); each candidate is then checked against SearchWords, the same word rule as
        // SQLite's, so both engines return the same notes in the same tiers.
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        var found = new List<(long Row, NoteId Id, CaseId Case)>();
        var wholeHits = 0;
        foreach (var whole in new[] { true, false })
        {
            var seen = found.Select(f => f.Row).ToHashSet();
            await Tier(c, municipalityNumber, terms, within, limit, whole, found, seen, cancellationToken);
            if (whole)
                wholeHits = found.Count;
            if (found.Count >= limit)
                break;
        }
        var hits = new List<NoteHit>(found.Count);
        foreach (var (_, id, caseId) in found)
        {
            var note = new JournalNote(await ReadVersions(c, null, id, cancellationToken));
            hits.Add(new NoteHit(id, caseId, note.Date, note.TypeCode, SearchWords.Excerpt(note.SearchText, terms), hits.Count < wholeHits));
        }
        return hits;
    }

    /// <summary>One tier of <see cref="SearchNotesAsync"/>: the notes holding every term as a whole word (<paramref name="whole"/>)
    /// or as a word's start, by ts_rank (Norwegian configuration) then newest first, checked by SearchWords, added to
    /// <paramref name="found"/> (skipping <paramref name="seen"/>) up to <paramref name="limit"/>.</summary>
    private static async Task Tier(NpgsqlConnection c, string municipalityNumber, IReadOnlyList<string> terms, IReadOnlySet<CaseId>? within, int limit, bool whole,
        List<(long Row, NoteId Id, CaseId Case)> found, HashSet<long> seen, CancellationToken cancellationToken)
    {
        var offset = 0;
        const int Page = 200;
        while (found.Count < limit)
        {
            await using var cmd = new NpgsqlCommand($"""
                SELECT s.note_rowid, n.note_id, n.case_id FROM journal_note_search s JOIN journal_notes n ON n.note_rowid = s.note_rowid
                WHERE s.municipality = $1 AND s.words @@ (SELECT string_agg(quote_literal(t) || '{(whole ? "" : ":*")}', ' & ')::tsquery FROM unnest($2::text[]) t)
                  AND ($3::text[] IS NULL OR s.case_id = ANY($3))
                ORDER BY ts_rank(s.words, plainto_tsquery('norwegian', array_to_string($2::text[], ' '))) DESC, s.note_rowid DESC LIMIT $4 OFFSET $5
                """, c);
            cmd.Parameters.AddWithValue(municipalityNumber);
            cmd.Parameters.AddWithValue(terms.ToArray());
            cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = within is null ? DBNull.Value : within.Select(w => w.ToString()).ToArray() });
            cmd.Parameters.AddWithValue(Page);
            cmd.Parameters.AddWithValue(offset);
            var page = new List<(long Row, NoteId Id, CaseId Case)>();
            await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
            {
                while (await r.ReadAsync(cancellationToken))
                    page.Add((r.GetInt64(0), NoteId.Parse(r.GetString(1)), CaseId.Parse(r.GetString(2))));
            }
            foreach (var hit in page)
            {
                if (found.Count >= limit || seen.Contains(hit.Row))
                    continue;
                var note = new JournalNote(await ReadVersions(c, null, hit.Id, cancellationToken));
                var words = SearchWords.Split(note.SearchText);
                if (terms.All(t => words.Any(w => whole ? w == t : w.StartsWith(t, StringComparison.Ordinal))))
                    found.Add(hit);
            }
            if (page.Count < Page)
                break;
            offset += Page;
        }
    }

    /// <summary>Adds (or, for a decision document's new version, replaces) a document's row in the search index, in the caller's
    /// transaction.</summary>
    private static Task IndexDocument(NpgsqlConnection c, NpgsqlTransaction tx, string kind, Guid id, CaseId caseId, string municipalityNumber, DateOnly on, EntryId? decisionId,
        string text, CancellationToken ct) =>
        Exec(c, tx, """
            INSERT INTO document_search(item_id, kind, case_id, municipality, on_date, decision_id, text, words)
            VALUES ($1, $2, $3, $4, $5, $6, $7, to_tsvector('simple', $8) || to_tsvector('norwegian', $8))
            ON CONFLICT (item_id) DO UPDATE SET on_date = excluded.on_date, text = excluded.text, words = excluded.words
            """, ct, id.ToString("D"), kind, caseId.ToString(), municipalityNumber, Date(on), decisionId?.ToString(), text, Words(text));

    public async Task<IReadOnlyList<DocumentHit>> SearchDocumentsAsync(string municipalityNumber, string query, IReadOnlySet<CaseId>? within, int limit, CancellationToken cancellationToken = default)
    {
        var terms = SearchWords.Split(query);
        if (terms.Count == 0 || limit <= 0 || within is { Count: 0 })
            return [];
        // As the notes: whole-word hits first, then prefix-only, each newest first. The GIN index finds the candidates inside the
        // municipality (and the given cases); each is checked by SearchWords, the word rule of the other stores.
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        var hits = new List<DocumentHit>();
        foreach (var whole in new[] { true, false })
        {
            var offset = 0;
            const int Page = 200;
            while (hits.Count < limit)
            {
                await using var cmd = new NpgsqlCommand($"""
                    SELECT item_id, kind, case_id, on_date, decision_id, text FROM document_search
                    WHERE municipality = $1 AND words @@ (SELECT string_agg(quote_literal(t) || '{(whole ? "" : ":*")}', ' & ')::tsquery FROM unnest($2::text[]) t)
                      AND ($3::text[] IS NULL OR case_id = ANY($3))
                    ORDER BY item_rowid DESC LIMIT $4 OFFSET $5
                    """, c);
                cmd.Parameters.AddWithValue(municipalityNumber);
                cmd.Parameters.AddWithValue(terms.ToArray());
                cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = within is null ? DBNull.Value : within.Select(w => w.ToString()).ToArray() });
                cmd.Parameters.AddWithValue(Page);
                cmd.Parameters.AddWithValue(offset);
                var rows = 0;
                await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
                {
                    while (await r.ReadAsync(cancellationToken))
                    {
                        rows++;
                        var text = r.GetString(5);
                        var match = SearchWords.Match(text, terms);
                        if (hits.Count >= limit || match != (whole ? WordMatch.Whole : WordMatch.Prefix))
                            continue;
                        hits.Add(new DocumentHit(r.GetString(1) switch { "participation" => DocumentKind.Participation, "assessment" => DocumentKind.Assessment, _ => DocumentKind.DecisionDocument },
                            Guid.Parse(r.GetString(0)), CaseId.Parse(r.GetString(2)), DateOnly.Parse(r.GetString(3), CultureInfo.InvariantCulture),
                            SearchWords.Excerpt(text, terms), whole, r.IsDBNull(4) ? null : EntryId.Parse(r.GetString(4))));
                    }
                }
                if (rows < Page)
                    break;
                offset += Page;
            }
            if (hits.Count >= limit)
                break;
        }
        return hits;
    }

    /// <summary>Rebuilds the search row of every note (after a move from SQLite, whose FTS5 index is not copied).</summary>
    public async Task RebuildSearchAsync(CancellationToken cancellationToken = default)
    {
        var notes = new List<(long Row, NoteId Id, string Municipality, string Case)>();
        await using (var cmd = source.CreateCommand("SELECT note_rowid, note_id, municipality, case_id FROM journal_notes ORDER BY note_rowid"))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
            while (await r.ReadAsync(cancellationToken))
                notes.Add((r.GetInt64(0), NoteId.Parse(r.GetString(1)), r.GetString(2), r.GetString(3)));
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        foreach (var (row, id, municipality, caseId) in notes)
        {
            var note = new JournalNote(await ReadVersions(c, tx, id, cancellationToken));
            await Exec(c, tx, """
                INSERT INTO journal_note_search(note_rowid, municipality, case_id, words)
                VALUES ($1, $2, $3, to_tsvector('simple', $4) || to_tsvector('norwegian', $4))
                ON CONFLICT (note_rowid) DO UPDATE SET words = excluded.words
                """, cancellationToken, row, municipality, caseId, Words(note.SearchText));
        }
        await Exec(c, tx, DocumentSearchFill, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>The note's words as <see cref="SearchWords"/> splits them, joined by spaces: PostgreSQL's parser then sees
    /// the same words as SQLite's tokenizer (no e-mail or URL tokens, no hyphenated compounds).</summary>
    private static string Words(string text) => string.Join(' ', SearchWords.Split(text));

    private const string NoteColumns = "v.note_id, n.case_id, v.version, v.kind, v.note_date, v.type, v.text, v.entry_kind, v.entry_id, v.author, v.recorded_at, v.reason";

    private static async Task<List<NoteVersion>> ReadVersions(NpgsqlConnection c, NpgsqlTransaction? tx, NoteId id, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"SELECT {NoteColumns} FROM journal_note_versions v JOIN journal_notes n ON n.note_id = v.note_id WHERE v.note_id = $1 ORDER BY v.version", c, tx);
        cmd.Parameters.AddWithValue(id.ToString());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<NoteVersion>();
        while (await r.ReadAsync(ct))
            list.Add(ReadNote(r));
        return list;
    }

    private static NoteVersion ReadNote(NpgsqlDataReader r) => new(
        NoteId.Parse(r.GetString(0)), CaseId.Parse(r.GetString(1)), r.GetInt32(2), ParseKind(r.GetString(3)),
        DateOnly.Parse(r.GetString(4), CultureInfo.InvariantCulture), r.GetString(5), r.GetString(6), Link(r, 7), r.GetString(9),
        ParseTime(r.GetString(10)), r.IsDBNull(11) ? null : r.GetString(11));

    private async Task<IReadOnlyList<ParticipationRecord>> ReadParticipation(string where, string key, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand($"SELECT id, case_id, on_date, entry_kind, entry_id, heard_by, place, child_views, weight, not_heard, explanation, author, recorded_at FROM participation_records WHERE {where} ORDER BY position");
        cmd.Parameters.AddWithValue(key);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<ParticipationRecord>();
        while (await r.ReadAsync(ct))
            list.Add(new ParticipationRecord(Guid.Parse(r.GetString(0)), CaseId.Parse(r.GetString(1)), DateOnly.Parse(r.GetString(2), CultureInfo.InvariantCulture),
                Link(r, 3), Text(r, 5), Text(r, 6), Text(r, 7), Text(r, 8), r.IsDBNull(9) ? null : Enum.Parse<NotHeardReason>(r.GetString(9)),
                Text(r, 10), r.GetString(11), ParseTime(r.GetString(12))));
        return list;
    }

    private async Task<List<DecisionDocument>> ReadDocuments(string where, CancellationToken ct, params string[] args)
    {
        await using var cmd = source.CreateCommand($"SELECT document_id, case_id, decision_id, version, status, template, legal_basis, facts, assessment, child_views, conclusion, author, recorded_at FROM decision_document_versions WHERE {where} ORDER BY document_id, version");
        foreach (var a in args)
            cmd.Parameters.AddWithValue(a);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var versions = new List<DecisionDocumentVersion>();
        while (await r.ReadAsync(ct))
            versions.Add(new DecisionDocumentVersion(Guid.Parse(r.GetString(0)), CaseId.Parse(r.GetString(1)), EntryId.Parse(r.GetString(2)), r.GetInt32(3),
                r.GetString(4) == "finalised" ? DecisionDocumentStatus.Finalised : DecisionDocumentStatus.Draft, r.GetString(5),
                new DecisionReasons(r.GetString(6), r.GetString(7), r.GetString(8), r.GetString(9), r.GetString(10)), r.GetString(11), ParseTime(r.GetString(12))));
        return [.. versions.GroupBy(v => v.DocumentId).Select(g => new DecisionDocument([.. g]))];
    }

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static EntryLink? Link(NpgsqlDataReader r, int kindColumn) =>
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

    private static NpgsqlCommand Command(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, object?[] args)
    {
        var cmd = new NpgsqlCommand(sql, c, tx);
        foreach (var a in args)
            cmd.Parameters.Add(a switch
            {
                null => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DBNull.Value },
                _ => new NpgsqlParameter { Value = a },
            });
        return cmd;
    }

    private static async Task<long> Scalar(NpgsqlConnection c, NpgsqlTransaction tx, string sql, CancellationToken ct, params object?[] args)
    {
        await using var cmd = Command(c, tx, sql, args);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static async Task Exec(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, CancellationToken ct, params object?[] args)
    {
        await using var cmd = Command(c, tx, sql, args);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
