using Vern.Domain.Cases;
using Vern.Domain.Validation;

namespace Vern.Domain.Documentation;

/// <summary>Identity of a journal note (journalnotat).</summary>
public readonly record struct NoteId(Guid Value)
{
    public override string ToString() => Value.ToString("D");

    public static NoteId Parse(string text) =>
        Guid.TryParse(text, out var g) ? new(g) : throw new ArgumentException($"«{text}» er ikke en notat-id (UUID).");
}

/// <summary>What one version of a note is: a draft (utkast, may be replaced by a newer draft), the finalised note
/// (ferdigstilt), an addendum to the finalised note (tillegg), or a corrected version of it (rettet versjon, with a reason).</summary>
public enum NoteVersionKind
{
    Draft,
    Finalised,
    Addendum,
    Correction,
}

/// <summary>One stored version of a journal note. Versions are only ever added: the draft's edits, the finalised text,
/// every addendum and every correction stay in the history.</summary>
/// <param name="Version">1, 2, 3 … per note; the expected version for the next is the count.</param>
/// <param name="Date">The date of what the note documents (the conversation, the visit …), not when it was written.</param>
/// <param name="Reason">For a correction: why the finalised text was corrected.</param>
public sealed record NoteVersion(
    NoteId NoteId,
    CaseId CaseId,
    int Version,
    NoteVersionKind Kind,
    DateOnly Date,
    string TypeCode,
    string Text,
    EntryLink? Entry,
    string AuthorId,
    DateTimeOffset RecordedAt,
    string? Reason = null);

/// <summary>Journalnotat: a caseworker's written record of a conversation, a visit, a meeting, an observation or an internal
/// discussion in a case (forvaltningsloven § 11 d: information given orally that matters for the case is written down).
/// A note is a draft until it is finalised; after that it only gets addenda or corrected versions, and every version is
/// kept.</summary>
public sealed record JournalNote(IReadOnlyList<NoteVersion> Versions)
{
    public NoteId Id => Versions[0].NoteId;

    public CaseId CaseId => Versions[0].CaseId;

    public NoteVersion? FinalisedVersion => Versions.FirstOrDefault(v => v.Kind == NoteVersionKind.Finalised);

    public bool IsFinalised => FinalisedVersion is not null;

    /// <summary>The version whose text is the note's body now: the last draft, the finalised text, or its last correction.</summary>
    public NoteVersion Current => Versions.Last(v => v.Kind != NoteVersionKind.Addendum);

    public IEnumerable<NoteVersion> Addenda => Versions.Where(v => v.Kind == NoteVersionKind.Addendum);

    public DateOnly Date => Current.Date;

    public string TypeCode => Current.TypeCode;

    public string AuthorId => Versions[0].AuthorId;

    /// <summary>The text the search index holds: the current body and every addendum.</summary>
    public string SearchText => string.Join("\n\n", new[] { Current.Text }.Concat(Addenda.Select(a => a.Text)));
}

/// <summary>A command on a journal note.</summary>
public abstract record NoteCommand;

/// <summary>Writes a new note as a draft.</summary>
public sealed record WriteNote(DateOnly Date, string TypeCode, string Text, EntryLink? Entry = null) : NoteCommand;

/// <summary>Replaces a draft's text (a new draft version; the earlier one is kept).</summary>
public sealed record EditDraft(DateOnly Date, string TypeCode, string Text, EntryLink? Entry = null) : NoteCommand;

/// <summary>Finalises the note (ferdigstiller): from now on it only gets addenda and corrections.</summary>
public sealed record FinaliseNote : NoteCommand;

/// <summary>An addendum (tillegg) to a finalised note.</summary>
public sealed record AddAddendum(string Text) : NoteCommand;

/// <summary>A corrected version (rettet versjon) of a finalised note, with the reason for the correction.</summary>
public sealed record CorrectNote(string Text, string Reason) : NoteCommand;

/// <summary>Decides a note command: pure, from the note so far (null for a new one), the case's state and today.
/// Returns the one new version or throws <see cref="DomainRuleException"/> with every broken rule; nothing is stored then.</summary>
public static class NoteDecider
{
    private const string NoteSource = "forvaltningsloven § 11 d (opplysninger av betydning for saken skal nedtegnes)";

    public static NoteVersion Decide(JournalNote? note, NoteCommand command, CaseState state, NoteId id, string authorId, DateOnly today, DateTimeOffset at)
    {
        var issues = new List<ValidationIssue>();
        var version = (note?.Versions.Count ?? 0) + 1;
        NoteVersion result;
        switch (command)
        {
            case WriteNote w:
                if (note is not null)
                    throw new ArgumentException($"Journalnotatet {id} finnes allerede.");
                CheckBody(issues, w.Date, w.TypeCode, w.Text, w.Entry, state, today);
                result = new NoteVersion(id, state.Id, 1, NoteVersionKind.Draft, w.Date, w.TypeCode, w.Text, w.Entry, authorId, at);
                break;
            case EditDraft e:
                RequireDraft(issues, Existing(note, id));
                CheckBody(issues, e.Date, e.TypeCode, e.Text, e.Entry, state, today);
                result = new NoteVersion(id, state.Id, version, NoteVersionKind.Draft, e.Date, e.TypeCode, e.Text, e.Entry, authorId, at);
                break;
            case FinaliseNote:
                {
                    var n = Existing(note, id);
                    RequireDraft(issues, n);
                    var c = n.Current;
                    DocumentationText.Check(issues, "text", c.Text, NoteSource);
                    result = c with { Version = version, Kind = NoteVersionKind.Finalised, AuthorId = authorId, RecordedAt = at };
                    break;
                }
            case AddAddendum a:
                {
                    var n = Existing(note, id);
                    RequireFinalised(issues, n);
                    DocumentationText.Check(issues, "text", a.Text, NoteSource);
                    result = new NoteVersion(id, state.Id, version, NoteVersionKind.Addendum, today, n.TypeCode, a.Text, n.Current.Entry, authorId, at);
                    break;
                }
            case CorrectNote c:
                {
                    var n = Existing(note, id);
                    RequireFinalised(issues, n);
                    DocumentationText.Check(issues, "text", c.Text, NoteSource);
                    DocumentationText.Check(issues, "reason", c.Reason, "Vern: en rettet versjon oppgir hvorfor (docs/documentation.md)");
                    result = n.Current with { Version = version, Kind = NoteVersionKind.Correction, Text = c.Text, Reason = c.Reason, AuthorId = authorId, RecordedAt = at };
                    break;
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name);
        }
        DocumentationRules.ThrowIfAny(issues);
        return result;
    }

    private static JournalNote Existing(JournalNote? note, NoteId id) =>
        note ?? throw new DomainRuleException([DocumentationRules.Issue(DocumentationCodes.NoteUnknown, "note", ("id", id))]);

    private static void RequireDraft(List<ValidationIssue> issues, JournalNote note)
    {
        if (note.FinalisedVersion is { } f)
            issues.Add(DocumentationRules.Issue(DocumentationCodes.NoteFinalised, "note", ("id", note.Id), ("date", DateOnly.FromDateTime(f.RecordedAt.UtcDateTime))));
    }

    private static void RequireFinalised(List<ValidationIssue> issues, JournalNote note)
    {
        if (!note.IsFinalised)
            issues.Add(DocumentationRules.Issue(DocumentationCodes.NoteNotFinalised, "note", ("id", note.Id)));
    }

    private static void CheckBody(List<ValidationIssue> issues, DateOnly date, string typeCode, string text, EntryLink? entry, CaseState state, DateOnly today)
    {
        if (NoteTypes.Find(typeCode) is null)
            issues.Add(DocumentationRules.Issue(DocumentationCodes.NoteTypeUnknown, "type", ("value", typeCode), ("valid", NoteTypes.Codes)));
        DocumentationText.CheckDate(issues, "date", date, today, state.OpenedOn);
        DocumentationText.Check(issues, "text", text, NoteSource);
        DocumentationText.CheckLink(issues, "entry", entry, state);
    }
}
