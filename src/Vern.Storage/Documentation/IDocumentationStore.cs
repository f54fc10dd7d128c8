using Vern.Domain.Cases;
using Vern.Domain.Documentation;

namespace Vern.Storage.Documentation;

/// <summary>A note found by full-text search, with a short excerpt around the match; <paramref name="WholeWords"/>: every word
/// matched a whole word (the first tier), not only the start of a longer one.</summary>
public sealed record NoteHit(NoteId NoteId, CaseId CaseId, DateOnly Date, string TypeCode, string Excerpt, bool WholeWords = true);

/// <summary>The documents besides journal notes that full-text search covers (issue 22).</summary>
public enum DocumentKind
{
    /// <summary>Barnets medvirkning: a participation record (the child's views, their weight, or why the child was not heard).</summary>
    Participation,

    /// <summary>Vurdering: an assessment (best interests, the alternatives and why they were rejected, the least intrusive measure).</summary>
    Assessment,

    /// <summary>Vedtaksdokument: the current version of a decision's reasoned document.</summary>
    DecisionDocument,
}

/// <summary>A participation record, assessment or decision document found by full-text search. <paramref name="Id"/> is the record's
/// id (for a decision document: the document's id); <paramref name="DecisionId"/> is the decision a decision document belongs to
/// (its page). <paramref name="Date"/>: the record's date; for a decision document, the day its current version was stored (UTC).</summary>
public sealed record DocumentHit(DocumentKind Kind, Guid Id, CaseId CaseId, DateOnly Date, string Excerpt, bool WholeWords, EntryId? DecisionId = null);

/// <summary>The text of a document as the search index holds it: its parts in order, one per line (a missing part is an empty
/// line). Migration 25 builds the same text in SQL for the rows stored before it.</summary>
public static class DocumentSearchText
{
    public static string Of(ParticipationRecord p) => string.Join("\n", p.ChildViews ?? "", p.Weight ?? "", p.HeardBy ?? "", p.Place ?? "", p.Explanation ?? "");

    public static string Of(Assessment a) =>
        string.Join("\n", [a.BestInterests, .. a.Alternatives.Select(x => x.Alternative + ": " + x.WhyRejected), a.LeastIntrusive]);

    public static string Of(DecisionReasons r) => string.Join("\n", r.LegalBasis, r.Facts, r.Assessment, r.ChildViews, r.Conclusion);
}

/// <summary>A note version appended while another writer appended the same version: nothing was stored.</summary>
public sealed class NoteConcurrencyException(string what, int expected)
    : Exception($"{what} er endret av noen andre (forventet versjon {expected}). Ingenting ble lagret; les det på nytt.");

/// <summary>The case documentation (journal notes, participation records, assessments, decision documents) and its
/// full-text index. Everything is append-only: a version or record once stored is never changed or removed. Each row
/// carries its case's municipality, the tenant every read is scoped by. The port knows nothing of actors: the
/// application layer decides who may read what and passes the scope down.</summary>
public interface IDocumentationStore
{
    /// <summary>Appends one note version; its <see cref="NoteVersion.Version"/> must be the next (1 for a new note), else
    /// <see cref="NoteConcurrencyException"/>. Updates the search index in the same transaction.</summary>
    Task AppendNoteAsync(NoteVersion version, string municipalityNumber, CancellationToken cancellationToken = default);

    /// <summary>The note with every version, or null.</summary>
    Task<JournalNote?> ReadNoteAsync(NoteId id, CancellationToken cancellationToken = default);

    /// <summary>The case's notes (each with every version), oldest first.</summary>
    Task<IReadOnlyList<JournalNote>> ReadCaseNotesAsync(CaseId caseId, CancellationToken cancellationToken = default);

    Task AddParticipationAsync(ParticipationRecord record, string municipalityNumber, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ParticipationRecord>> ReadParticipationAsync(CaseId caseId, CancellationToken cancellationToken = default);

    /// <summary>Every participation record of a municipality's cases (for the worklist flag over many cases at once).</summary>
    Task<IReadOnlyList<ParticipationRecord>> ReadParticipationAsync(string municipalityNumber, CancellationToken cancellationToken = default);

    Task AddAssessmentAsync(Assessment assessment, string municipalityNumber, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Assessment>> ReadAssessmentsAsync(CaseId caseId, CancellationToken cancellationToken = default);

    /// <summary>Stores a decision to withhold the child's views (or a passage of them) from one party's access copy (migration 25;
    /// append-only: a withholding is never changed or removed).</summary>
    Task AddWithholdingAsync(ViewsWithheld withholding, string municipalityNumber, CancellationToken cancellationToken = default);

    /// <summary>The case's withholdings, oldest first.</summary>
    Task<IReadOnlyList<ViewsWithheld>> ReadWithholdingsAsync(CaseId caseId, CancellationToken cancellationToken = default);

    /// <summary>Appends one version of a decision document (the next version, else <see cref="NoteConcurrencyException"/>).</summary>
    Task AppendDecisionDocumentAsync(DecisionDocumentVersion version, string municipalityNumber, CancellationToken cancellationToken = default);

    /// <summary>The document for a decision of a case, with every version, or null.</summary>
    Task<DecisionDocument?> ReadDecisionDocumentAsync(CaseId caseId, EntryId decisionId, CancellationToken cancellationToken = default);

    /// <summary>The document for a decision, whatever its case (decision ids are UUIDs), or null.</summary>
    Task<DecisionDocument?> FindDecisionDocumentAsync(EntryId decisionId, CancellationToken cancellationToken = default);

    /// <summary>The decision documents of a municipality's cases (current versions decide the pending flag).</summary>
    Task<IReadOnlyList<DecisionDocument>> ReadDecisionDocumentsAsync(string municipalityNumber, CancellationToken cancellationToken = default);

    /// <summary>Full-text search over the notes of ONE municipality (current text and addenda): every word of
    /// <paramref name="query"/> must begin a word of the note. Ranked: notes holding every word as a whole word first, then
    /// notes matched only by prefix, each group newest first (SQLite and in-memory; the PostgreSQL store ranks newest first
    /// over both — the same notes whenever there are fewer than the limit). <paramref name="within"/>, when given, narrows the result to
    /// those cases; the limit applies after it, so a narrowed search is never emptied by other cases' hits.</summary>
    Task<IReadOnlyList<NoteHit>> SearchNotesAsync(string municipalityNumber, string query, IReadOnlySet<CaseId>? within, int limit, CancellationToken cancellationToken = default);

    /// <summary>Full-text search over the participation records, assessments and decision documents (current version) of ONE
    /// municipality, by the same word rule, ranking and scope as <see cref="SearchNotesAsync"/>: whole-word hits first, then
    /// prefix-only, each newest first; <paramref name="within"/> narrows to those cases before the limit. The index is kept in
    /// the same transaction as each append (migration 25).</summary>
    Task<IReadOnlyList<DocumentHit>> SearchDocumentsAsync(string municipalityNumber, string query, IReadOnlySet<CaseId>? within, int limit, CancellationToken cancellationToken = default);

    /// <summary>Stores an attachment (migration 13): its content once per SHA-256 (a second file with the same content shares it)
    /// and its row, in one transaction. Both are append-only: nothing is changed or erased afterwards. The caller has checked
    /// that <paramref name="content"/> hashes to <see cref="Attachment.Sha256"/>; the store checks it again.</summary>
    Task AddAttachmentAsync(Attachment attachment, byte[] content, string municipalityNumber, CancellationToken cancellationToken = default);

    /// <summary>The case's attachments, oldest first.</summary>
    Task<IReadOnlyList<Attachment>> ReadAttachmentsAsync(CaseId caseId, CancellationToken cancellationToken = default);

    /// <summary>One attachment's row, or null.</summary>
    Task<Attachment?> ReadAttachmentAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The content stored under a SHA-256, or null; a content whose hash no longer matches is refused
    /// (<see cref="InvalidDataException"/>), never served.</summary>
    Task<byte[]?> ReadAttachmentContentAsync(string sha256, CancellationToken cancellationToken = default);
}

/// <summary>The SHA-256 an attachment is stored by (lower-case hex).</summary>
public static class ContentHash
{
    public static string Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));

    /// <summary>Throws <see cref="InvalidDataException"/> unless <paramref name="content"/> hashes to <paramref name="sha256"/>.</summary>
    public static byte[] Verified(byte[] content, string sha256) =>
        Of(content) == sha256 ? content : throw new InvalidDataException($"Vedlegget {sha256} stemmer ikke med sin SHA-256; det er endret i databasen og blir ikke utlevert.");
}

/// <summary>How a note matched a search: not at all, every word by prefix only for some, or every word whole.</summary>
public enum WordMatch
{
    None,
    Prefix,
    Whole,
}

/// <summary>How a search text becomes words: letters and digits, lower-cased; the rest separates words. The same rule as
/// SQLite FTS5's unicode61 tokenizer (without removing diacritics, so «sår» and «sar» stay different words).</summary>
public static class SearchWords
{
    public static IReadOnlyList<string> Split(string text)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var ch in text)
        {
            if (char.IsLetterOrDigit(ch))
            {
                current.Append(char.ToLowerInvariant(ch));
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0)
            words.Add(current.ToString());
        return words;
    }

    /// <summary>Whether every term begins a word of <paramref name="text"/> (by the same rule as <see cref="Split"/>), and whether
    /// each is also a whole word; without making the words.</summary>
    public static WordMatch Match(string text, IReadOnlyList<string> terms)
    {
        Span<bool> prefix = stackalloc bool[terms.Count];
        Span<bool> whole = stackalloc bool[terms.Count];
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetterOrDigit(text[i]))
                i++;
            var start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
                i++;
            var word = text.AsSpan(start, i - start);
            for (var t = 0; t < terms.Count; t++)
            {
                var term = terms[t];
                if (word.Length < term.Length || whole[t])
                    continue;
                var same = true;
                for (var k = 0; k < term.Length && same; k++)
                    same = char.ToLowerInvariant(word[k]) == term[k];
                if (same)
                {
                    prefix[t] = true;
                    whole[t] |= word.Length == term.Length;
                }
            }
        }
        if (prefix.Contains(false))
            return WordMatch.None;
        return whole.Contains(false) ? WordMatch.Prefix : WordMatch.Whole;
    }

    /// <summary>A short excerpt of <paramref name="text"/> around the first word that begins with one of <paramref name="terms"/>.</summary>
    public static string Excerpt(string text, IReadOnlyList<string> terms, int width = 80)
    {
        var flat = text.Replace('\n', ' ').Replace('\r', ' ');
        var at = -1;
        foreach (var t in terms)
        {
            var i = flat.IndexOf(t, StringComparison.OrdinalIgnoreCase);
            if (i >= 0 && (at < 0 || i < at))
                at = i;
        }
        var start = Math.Max(0, at - width / 2);
        var length = Math.Min(width, flat.Length - start);
        return (start > 0 ? "…" : "") + flat.Substring(start, length).Trim() + (start + length < flat.Length ? "…" : "");
    }
}
