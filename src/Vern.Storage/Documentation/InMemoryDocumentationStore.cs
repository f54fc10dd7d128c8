using Vern.Domain.Cases;
using Vern.Domain.Documentation;

namespace Vern.Storage.Documentation;

/// <summary>The documentation store in memory, for tests; the same contract as <see cref="SqliteDocumentationStore"/>.</summary>
public sealed class InMemoryDocumentationStore : IDocumentationStore
{
    private readonly Lock _lock = new();
    private readonly List<(NoteVersion Version, string Municipality)> _notes = [];
    private readonly List<(ParticipationRecord Record, string Municipality)> _participation = [];
    private readonly List<(Assessment Assessment, string Municipality)> _assessments = [];
    private readonly List<(DecisionDocumentVersion Version, string Municipality)> _documents = [];
    private readonly List<(DocumentKind Kind, Guid Id)> _indexed = [];
    private readonly List<ViewsWithheld> _withholdings = [];
    private readonly List<Attachment> _attachments = [];
    private readonly Dictionary<string, byte[]> _contents = [];

    public Task AddAttachmentAsync(Attachment attachment, byte[] content, string municipalityNumber, CancellationToken cancellationToken = default)
    {
        ContentHash.Verified(content, attachment.Sha256);
        lock (_lock)
        {
            if (_attachments.Any(a => a.Id == attachment.Id))
                throw new InvalidOperationException($"Vedlegget {attachment.Id} finnes allerede; vedlegg endres ikke.");
            _contents.TryAdd(attachment.Sha256, [.. content]);
            _attachments.Add(attachment);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Attachment>> ReadAttachmentsAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<Attachment>>([.. _attachments.Where(a => a.CaseId == caseId)]);
    }

    public Task<Attachment?> ReadAttachmentAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_attachments.FirstOrDefault(a => a.Id == id));
    }

    public Task<byte[]?> ReadAttachmentContentAsync(string sha256, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_contents.TryGetValue(sha256, out var c) ? ContentHash.Verified([.. c], sha256) : null);
    }

    public Task AppendNoteAsync(NoteVersion version, string municipalityNumber, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var count = _notes.Count(n => n.Version.NoteId == version.NoteId);
            if (version.Version != count + 1)
                throw new NoteConcurrencyException($"Journalnotatet {version.NoteId}", count + 1);
            _notes.Add((version, municipalityNumber));
        }
        return Task.CompletedTask;
    }

    public Task<JournalNote?> ReadNoteAsync(NoteId id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var versions = _notes.Where(n => n.Version.NoteId == id).Select(n => n.Version).ToList();
            return Task.FromResult(versions.Count == 0 ? null : new JournalNote(versions));
        }
    }

    public Task<IReadOnlyList<JournalNote>> ReadCaseNotesAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<JournalNote>>([.. _notes.Where(n => n.Version.CaseId == caseId).GroupBy(n => n.Version.NoteId)
                .Select(g => new JournalNote([.. g.Select(n => n.Version)]))]);
    }

    public Task AddParticipationAsync(ParticipationRecord record, string municipalityNumber, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _participation.Add((record, municipalityNumber));
            _indexed.Add((DocumentKind.Participation, record.Id));
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ParticipationRecord>> ReadParticipationAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<ParticipationRecord>>([.. _participation.Where(p => p.Record.CaseId == caseId).Select(p => p.Record)]);
    }

    public Task<IReadOnlyList<ParticipationRecord>> ReadParticipationAsync(string municipalityNumber, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<ParticipationRecord>>([.. _participation.Where(p => p.Municipality == municipalityNumber).Select(p => p.Record)]);
    }

    public Task AddAssessmentAsync(Assessment assessment, string municipalityNumber, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _assessments.Add((assessment, municipalityNumber));
            _indexed.Add((DocumentKind.Assessment, assessment.Id));
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Assessment>> ReadAssessmentsAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<Assessment>>([.. _assessments.Where(a => a.Assessment.CaseId == caseId).Select(a => a.Assessment)]);
    }

    public Task AddWithholdingAsync(ViewsWithheld withholding, string municipalityNumber, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_withholdings.Any(w => w.Id == withholding.Id))
                throw new InvalidOperationException($"Tilbakeholdet {withholding.Id} finnes allerede; det endres ikke.");
            _withholdings.Add(withholding);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ViewsWithheld>> ReadWithholdingsAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<ViewsWithheld>>([.. _withholdings.Where(w => w.CaseId == caseId)]);
    }

    public Task AppendDecisionDocumentAsync(DecisionDocumentVersion version, string municipalityNumber, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var count = _documents.Count(d => d.Version.DocumentId == version.DocumentId);
            var other = _documents.Any(d => d.Version.CaseId == version.CaseId && d.Version.DecisionId == version.DecisionId && d.Version.DocumentId != version.DocumentId);
            if (version.Version != count + 1 || other)
                throw new NoteConcurrencyException($"Vedtaksdokumentet for vedtak {version.DecisionId}", count + 1);
            _documents.Add((version, municipalityNumber));
            if (version.Version == 1)
                _indexed.Add((DocumentKind.DecisionDocument, version.DocumentId));
        }
        return Task.CompletedTask;
    }

    public Task<DecisionDocument?> ReadDecisionDocumentAsync(CaseId caseId, EntryId decisionId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var versions = _documents.Where(d => d.Version.CaseId == caseId && d.Version.DecisionId == decisionId).Select(d => d.Version).ToList();
            return Task.FromResult(versions.Count == 0 ? null : new DecisionDocument(versions));
        }
    }

    public Task<DecisionDocument?> FindDecisionDocumentAsync(EntryId decisionId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var versions = _documents.Where(d => d.Version.DecisionId == decisionId).Select(d => d.Version).ToList();
            return Task.FromResult(versions.Count == 0 ? null : new DecisionDocument(versions));
        }
    }

    public Task<IReadOnlyList<DecisionDocument>> ReadDecisionDocumentsAsync(string municipalityNumber, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<DecisionDocument>>([.. _documents.Where(d => d.Municipality == municipalityNumber).GroupBy(d => d.Version.DocumentId)
                .Select(g => new DecisionDocument([.. g.Select(d => d.Version)]))]);
    }

    public Task<IReadOnlyList<NoteHit>> SearchNotesAsync(string municipalityNumber, string query, IReadOnlySet<CaseId>? within, int limit, CancellationToken cancellationToken = default)
    {
        var terms = SearchWords.Split(query);
        if (terms.Count == 0 || limit <= 0)
            return Task.FromResult<IReadOnlyList<NoteHit>>([]);
        lock (_lock)
        {
            var hits = _notes.Where(n => n.Municipality == municipalityNumber && (within is null || within.Contains(n.Version.CaseId)))
                .GroupBy(n => n.Version.NoteId)
                .Select(g => new JournalNote([.. g.Select(n => n.Version)]))
                .Reverse() // newest notes first, as the SQLite store
                .Select(note => (Note: note, Words: SearchWords.Split(note.SearchText)))
                .Where(n => terms.All(t => n.Words.Any(w => w.StartsWith(t, StringComparison.Ordinal))))
                // whole-word matches first, then prefix-only matches, each newest first (as the SQLite store ranks them)
                .Select(n => (n.Note, Whole: terms.All(t => n.Words.Contains(t))))
                .OrderBy(n => n.Whole ? 0 : 1)
                .Take(limit)
                .Select(n => new NoteHit(n.Note.Id, n.Note.CaseId, n.Note.Date, n.Note.TypeCode, SearchWords.Excerpt(n.Note.SearchText, terms), n.Whole))
                .ToList();
            return Task.FromResult<IReadOnlyList<NoteHit>>(hits);
        }
    }

    public Task<IReadOnlyList<DocumentHit>> SearchDocumentsAsync(string municipalityNumber, string query, IReadOnlySet<CaseId>? within, int limit, CancellationToken cancellationToken = default)
    {
        var terms = SearchWords.Split(query);
        if (terms.Count == 0 || limit <= 0)
            return Task.FromResult<IReadOnlyList<DocumentHit>>([]);
        lock (_lock)
        {
            // Newest first by when each document was first stored, as the SQLite index's rowids order them.
            var hits = Enumerable.Reverse(_indexed)
                .Select(Indexed)
                .Where(d => d.Municipality == municipalityNumber && (within is null || within.Contains(d.Hit.CaseId)))
                .Select(d => (d.Hit, Match: SearchWords.Match(d.Hit.Excerpt, terms)))
                .Where(d => d.Match != WordMatch.None)
                .OrderBy(d => d.Match == WordMatch.Whole ? 0 : 1)
                .Take(limit)
                .Select(d => d.Hit with { Excerpt = SearchWords.Excerpt(d.Hit.Excerpt, terms), WholeWords = d.Match == WordMatch.Whole })
                .ToList();
            return Task.FromResult<IReadOnlyList<DocumentHit>>(hits);
        }
    }

    /// <summary>A document as the index holds it: the hit with its whole search text in <see cref="DocumentHit.Excerpt"/>.</summary>
    private (DocumentHit Hit, string Municipality) Indexed((DocumentKind Kind, Guid Id) d)
    {
        switch (d.Kind)
        {
            case DocumentKind.Participation:
                var (p, pm) = _participation.First(x => x.Record.Id == d.Id);
                return (new DocumentHit(d.Kind, p.Id, p.CaseId, p.On, DocumentSearchText.Of(p), true), pm);
            case DocumentKind.Assessment:
                var (a, am) = _assessments.First(x => x.Assessment.Id == d.Id);
                return (new DocumentHit(d.Kind, a.Id, a.CaseId, a.On, DocumentSearchText.Of(a), true), am);
            default:
                var versions = _documents.Where(x => x.Version.DocumentId == d.Id).ToList();
                var current = versions[^1].Version;
                return (new DocumentHit(d.Kind, d.Id, current.CaseId, DateOnly.FromDateTime(current.RecordedAt.UtcDateTime), DocumentSearchText.Of(current.Reasons), true,
                    current.DecisionId), versions[0].Municipality);
        }
    }
}
