using System.Collections.Immutable;
using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;
using Vern.Storage;
using Vern.Storage.Documentation;

namespace Vern.Application;

/// <summary>What a documentation search hit is.</summary>
public enum SearchHitKind
{
    Note,
    Participation,
    Assessment,
    DecisionDocument,
}

/// <summary>A hit of <see cref="VernApp.SearchDocumentationAsync"/>: what kind of document, its case and id (for a decision document
/// also the decision, whose page shows it), its date, a label in bokmål («Journalnotat: Hjemmebesøk», «Barnets medvirkning»,
/// «Vurdering», «Vedtaksdokument») and an excerpt around the match.</summary>
public sealed record SearchHit(SearchHitKind Kind, CaseId CaseId, Guid Id, DateOnly Date, string Label, string Excerpt, bool WholeWords, EntryId? DecisionId = null)
{
    public static SearchHit Of(NoteHit h) =>
        new(SearchHitKind.Note, h.CaseId, h.NoteId.Value, h.Date, $"Journalnotat: {NoteTypes.Find(h.TypeCode)?.Name ?? h.TypeCode}", h.Excerpt, h.WholeWords);

    public static SearchHit Of(DocumentHit h) => h.Kind switch
    {
        DocumentKind.Participation => new(SearchHitKind.Participation, h.CaseId, h.Id, h.Date, "Barnets medvirkning", h.Excerpt, h.WholeWords),
        DocumentKind.Assessment => new(SearchHitKind.Assessment, h.CaseId, h.Id, h.Date, "Vurdering", h.Excerpt, h.WholeWords),
        _ => new(SearchHitKind.DecisionDocument, h.CaseId, h.Id, h.Date, "Vedtaksdokument", h.Excerpt, h.WholeWords, h.DecisionId),
    };
}

/// <summary>A journal note as an actor sees it: the current text, the addenda, and (for leaders and auditors) every version.</summary>
/// <param name="History">Every version, oldest first, for a leader or an auditor; null for others (issue 22: the history is
/// shown to leaders and auditors).</param>
public sealed record NoteView(NoteId Id, CaseId CaseId, bool Finalised, NoteVersion Current, IReadOnlyList<NoteVersion> Addenda, int VersionCount,
    IReadOnlyList<NoteVersion>? History)
{
    public static NoteView Of(JournalNote note, bool withHistory) =>
        new(note.Id, note.CaseId, note.IsFinalised, note.Current, [.. note.Addenda], note.Versions.Count, withHistory ? note.Versions : null);
}

/// <summary>What a participation record says, as given by the caseworker (the app adds id, author and time).</summary>
public sealed record ParticipationInput(DateOnly On, EntryLink? Entry, string? HeardBy, string? Place, string? ChildViews, string? Weight,
    NotHeardReason? NotHeard = null, string? Explanation = null);

/// <summary>What an assessment says, as given by the caseworker.</summary>
public sealed record AssessmentInput(DateOnly On, EntryLink? Entry, string BestInterests, IReadOnlyList<AlternativeConsidered> Alternatives, string LeastIntrusive);

/// <summary>Everything a decision document is rendered from: the case, the decision, its document and template, and the
/// participation records behind it.</summary>
public sealed record DecisionDocumentData(CaseState Case, Decision Decision, DecisionDocument Document, DecisionTemplate Template,
    IReadOnlyList<ParticipationRecord> Participation, IReadOnlyList<ParticipationFlag> Flags, IReadOnlyDictionary<string, string>? Names = null);

/// <summary>Participation over a municipality: decisions for children of 7 or older, how many have documented participation,
/// and the flags (for the worklist, the case page and the compliance report).</summary>
public sealed record ParticipationSummary(int DecisionsForChildrenOver7, int Documented, IReadOnlyList<ParticipationFlag> Flags);

/// <summary>A note, decision document or attachment named with a case it does not belong to (or that does not exist): refused
/// as not found, and logged as a refused access to the named case, before anything is read out or written.</summary>
public sealed class NotInCaseException(string message) : ArgumentException(message);

// The case documentation (issue 22): journal notes, the child's participation, assessments, reasoned decision documents and
// full-text search. Every read of its content is in the access log with its purpose; every operation is scoped by the
// AccessPolicy rows ReadDocumentation, WriteDocumentation and SearchDocumentation.
public sealed partial class VernApp
{
    private OnFirstUse<IDocumentationStore>? _documentation;

    /// <summary>Wires the documentation store (the composition root calls this once; <see cref="OpenSqlite"/> does).</summary>
    public VernApp UseDocumentation(IDocumentationStore store, bool owned = false)
    {
        _documentation = OnFirstUse<IDocumentationStore>.Opened(store);
        if (owned && store is IDisposable d)
            _owned.Add(d);
        return this;
    }

    /// <summary>Wires a documentation store that is opened on first use and disposed with the app.</summary>
    private void UseDocumentation(Func<IDocumentationStore> open) => _owned.Add(_documentation = new(open));

    private IDocumentationStore Docs =>
        _documentation?.Value ?? throw new InvalidOperationException("Saksdokumentasjonen er ikke koblet til (VernApp.UseDocumentation).");

    // ---- Journal notes -------------------------------------------------------------------------------------------------

    /// <summary>Writes a new journal note as a draft in the case.</summary>
    public async Task<NoteView> WriteNoteAsync(Actor actor, CaseId caseId, WriteNote command, NoteId? id = null)
    {
        var state = await ReadableCase(actor, Operation.WriteDocumentation, caseId, "");
        var version = NoteDecider.Decide(null, command, state, id ?? new NoteId(Guid.NewGuid()), actor.UserId, Today, _clock.GetUtcNow());
        await Docs.AppendNoteAsync(version, state.MunicipalityNumber);
        return NoteView.Of(new JournalNote([version]), SeesHistory(actor));
    }

    /// <summary>Edits a draft, finalises, adds an addendum or a corrected version of a note of the case <paramref name="caseId"/>:
    /// one new version; nothing is overwritten. A note of another case is refused as not found (and the refusal logged) before
    /// anything is read or written, so a URL's case cannot carry a change to another case's note.</summary>
    public async Task<NoteView> ChangeNoteAsync(Actor actor, CaseId caseId, NoteId id, NoteCommand command)
    {
        var (note, state) = await NoteOfCase(actor, Operation.WriteDocumentation, caseId, id, "");
        var version = NoteDecider.Decide(note, command, state, id, actor.UserId, Today, _clock.GetUtcNow());
        await Docs.AppendNoteAsync(version, state.MunicipalityNumber);
        return NoteView.Of(new JournalNote([.. note.Versions, version]), SeesHistory(actor));
    }

    /// <summary>The same, given only the note's id (the CLI has no case in hand): the note's own case is access-checked.</summary>
    public async Task<NoteView> ChangeNoteAsync(Actor actor, NoteId id, NoteCommand command) =>
        await ChangeNoteAsync(actor, await CaseOfNote(actor, Operation.WriteDocumentation, id, ""), id, command);

    public Task<NoteView> FinaliseNoteAsync(Actor actor, NoteId id) => ChangeNoteAsync(actor, id, new FinaliseNote());

    public Task<NoteView> FinaliseNoteAsync(Actor actor, CaseId caseId, NoteId id) => ChangeNoteAsync(actor, caseId, id, new FinaliseNote());

    /// <summary>The case's journal notes; logged as one read of the case (operation "note list").</summary>
    public async Task<IReadOnlyList<NoteView>> ListNotesAsync(Actor actor, CaseId caseId, string purpose = "")
    {
        await ReadableCase(actor, Operation.ReadDocumentation, caseId, purpose);
        var notes = await Docs.ReadCaseNotesAsync(caseId);
        await LogDocumentation(actor, caseId, "note list", purpose);
        var history = SeesHistory(actor);
        return [.. notes.OrderBy(n => n.Date).Select(n => NoteView.Of(n, history))];
    }

    /// <summary>One note (with its history for leaders and auditors); logged as a read of its case (operation "note show").</summary>
    public async Task<NoteView> ShowNoteAsync(Actor actor, NoteId id, string purpose = "")
    {
        var (note, state) = await NoteWithCase(actor, Operation.ReadDocumentation, id, purpose);
        await LogDocumentation(actor, state.Id, "note show", purpose);
        return NoteView.Of(note, SeesHistory(actor));
    }

    // ---- Participation and assessments ----------------------------------------------------------------------------------

    /// <summary>Records the child's participation (a conversation, or why the child was not heard).</summary>
    public async Task<ParticipationRecord> AddParticipationAsync(Actor actor, CaseId caseId, ParticipationInput input)
    {
        var state = await ReadableCase(actor, Operation.WriteDocumentation, caseId, "");
        var record = new ParticipationRecord(Guid.NewGuid(), caseId, input.On, input.Entry, Trim(input.HeardBy), Trim(input.Place), Trim(input.ChildViews),
            Trim(input.Weight), input.NotHeard, Trim(input.Explanation), actor.UserId, _clock.GetUtcNow());
        DocumentationRules.ThrowIfAny(ParticipationRules.Validate(record, state, Today));
        await Docs.AddParticipationAsync(record, state.MunicipalityNumber);
        return record;
    }

    /// <summary>The case's participation records; logged ("participation list").</summary>
    public async Task<IReadOnlyList<ParticipationRecord>> ListParticipationAsync(Actor actor, CaseId caseId, string purpose = "")
    {
        await ReadableCase(actor, Operation.ReadDocumentation, caseId, purpose);
        var records = await Docs.ReadParticipationAsync(caseId);
        await LogDocumentation(actor, caseId, "participation list", purpose);
        return records;
    }

    public async Task<Assessment> AddAssessmentAsync(Actor actor, CaseId caseId, AssessmentInput input)
    {
        var state = await ReadableCase(actor, Operation.WriteDocumentation, caseId, "");
        var assessment = new Assessment(Guid.NewGuid(), caseId, input.On, input.Entry, input.BestInterests.Trim(), [.. input.Alternatives],
            input.LeastIntrusive.Trim(), actor.UserId, _clock.GetUtcNow());
        DocumentationRules.ThrowIfAny(AssessmentRules.Validate(assessment, state, Today));
        await Docs.AddAssessmentAsync(assessment, state.MunicipalityNumber);
        return assessment;
    }

    /// <summary>The case's assessments; logged ("assessment list").</summary>
    public async Task<IReadOnlyList<Assessment>> ListAssessmentsAsync(Actor actor, CaseId caseId, string purpose = "")
    {
        await ReadableCase(actor, Operation.ReadDocumentation, caseId, purpose);
        var list = await Docs.ReadAssessmentsAsync(caseId);
        await LogDocumentation(actor, caseId, "assessment list", purpose);
        return list;
    }

    // ---- Decision documents --------------------------------------------------------------------------------------------

    /// <summary>Writes (or replaces) the draft of a decision's reasoned document; a new version each time.</summary>
    public async Task<DecisionDocument> DraftDecisionDocumentAsync(Actor actor, CaseId caseId, EntryId decisionId, DecisionReasons reasons,
        string templateCode = "barnevernstjenesten-vedtak")
    {
        var state = await ReadableCase(actor, Operation.WriteDocumentation, caseId, "");
        var existing = await Docs.ReadDecisionDocumentAsync(caseId, decisionId);
        var version = DecisionDocumentDecider.Draft(existing, state, decisionId, existing?.Id ?? Guid.NewGuid(), templateCode, Clean(reasons), actor.UserId, _clock.GetUtcNow());
        await Docs.AppendDecisionDocumentAsync(version, state.MunicipalityNumber);
        return new DecisionDocument([.. existing?.Versions ?? [], version]);
    }

    /// <summary>Finalises a decision document: refused while any part of its reasons is empty (forvaltningsloven §§ 24–25).</summary>
    public async Task<DecisionDocument> FinaliseDecisionDocumentAsync(Actor actor, CaseId caseId, EntryId decisionId)
    {
        var state = await ReadableCase(actor, Operation.WriteDocumentation, caseId, "");
        var existing = await Docs.ReadDecisionDocumentAsync(caseId, decisionId);
        var version = DecisionDocumentDecider.Finalise(existing, existing?.Id ?? Guid.Empty, actor.UserId, _clock.GetUtcNow());
        await Docs.AppendDecisionDocumentAsync(version, state.MunicipalityNumber);
        return new DecisionDocument([.. existing!.Versions, version]);
    }

    /// <summary>The case of a decision that has a document (for commands given only the decision's id); null when none.
    /// Reveals nothing: the caller still goes through the per-case check.</summary>
    public async Task<CaseId?> CaseOfDecisionAsync(EntryId decisionId) => (await Docs.FindDecisionDocumentAsync(decisionId))?.Versions[0].CaseId;

    /// <summary>Everything to render the decision document; logged as a read of the case ("decision-document").</summary>
    public async Task<DecisionDocumentData> DecisionDocumentAsync(Actor actor, CaseId caseId, EntryId decisionId, string purpose = "")
    {
        var state = await ReadableCase(actor, Operation.ReadDocumentation, caseId, purpose);
        var decision = state.FindDecision(decisionId);
        if (decision is null)
            await DenyNotInCase(actor, Operation.ReadDocumentation, caseId, $"Vedtaket {decisionId} finnes ikke i saken {state.JournalNumber}.", purpose);
        var document = await Docs.ReadDecisionDocumentAsync(caseId, decisionId)
            ?? throw new ArgumentException($"Vedtaket {decisionId} har ikke noe vedtaksdokument ennå; skriv det med «vern case decision draft».");
        var participation = await Docs.ReadParticipationAsync(caseId);
        await LogDocumentation(actor, caseId, "decision-document", purpose);
        var pending = document.IsFinalised ? ImmutableHashSet<EntryId>.Empty : [decisionId];
        var flags = ParticipationCheck.Check(state, participation, pending, Today).Where(f => f.DecisionId == decisionId).ToList();
        return new DecisionDocumentData(state, decision!, document, DecisionTemplates.Find(document.Current.TemplateCode) ?? DecisionTemplates.ServiceDecision, participation, flags,
            await StaffNamesAsync(actor));
    }

    // ---- Participation flags -------------------------------------------------------------------------------------------

    /// <summary>The case page's flags: decisions (made or in draft) for a child of 7 or older without documented participation.</summary>
    public async Task<IReadOnlyList<ParticipationFlag>> CaseParticipationFlagsAsync(Actor actor, CaseId caseId, string purpose = "")
    {
        var state = await ReadableCase(actor, Operation.ReadDocumentation, caseId, purpose);
        var records = await Docs.ReadParticipationAsync(caseId);
        var pending = (await Docs.ReadDecisionDocumentsAsync(state.MunicipalityNumber))
            .Where(d => !d.IsFinalised && d.Versions[0].CaseId == caseId).Select(d => d.Versions[0].DecisionId).ToHashSet();
        await LogDocumentation(actor, caseId, "participation flags", purpose);
        return ParticipationCheck.Check(state, records, pending, Today);
    }

    /// <summary>The worklist's and the compliance report's view: over the actor's scope in a municipality, decisions for children of
    /// 7 or older (decided in [<paramref name="from"/>, <paramref name="to"/>] when given), how many have documented participation,
    /// and the flags. Logged as one bulk read of the cases looked at.</summary>
    public async Task<ParticipationSummary> ParticipationSummaryAsync(Actor actor, string? municipalityNumber = null, DateOnly? from = null, DateOnly? to = null, string purpose = "")
    {
        var m = municipalityNumber ?? actor.MunicipalityNumber;
        var scope = await Require(actor, Operation.Worklist, m, purpose);
        var states = await _store.ReadStatesAsync(CaseScope(actor, m)).Where(s => scope != Scope.AssignedCases || s.CaseworkerId == actor.UserId).ToListAsync();
        var records = (await Docs.ReadParticipationAsync(m!)).ToLookup(r => r.CaseId);
        var pending = (await Docs.ReadDecisionDocumentsAsync(m!)).Where(d => !d.IsFinalised).Select(d => d.Versions[0].DecisionId).ToHashSet();
        await LogBulk(actor, Operation.Worklist, m!, purpose, states.Select(s => s.Id).ToList());
        var flags = new List<ParticipationFlag>();
        int counted = 0, documented = 0;
        foreach (var s in states)
        {
            if (s.Decisions.IsEmpty)
                continue;
            foreach (var c in ParticipationCheck.Evaluate(s, [.. records[s.Id]], pending, Today))
            {
                if ((from is not null && c.Decision.DecidedOn < from) || (to is not null && c.Decision.DecidedOn > to))
                    continue;
                counted++;
                if (c.Documented)
                    documented++;
                else
                    flags.Add(c.Flag(s));
            }
        }
        return new ParticipationSummary(counted, documented, flags);
    }

    // ---- Search ----------------------------------------------------------------------------------------------------------

    /// <summary>Full-text search over the case documentation the actor may read: journal notes, participation records, assessments
    /// and decision documents (issue 22). The scope: a caseworker's assigned cases (or the service's, by its setting), a leader's or
    /// auditor's service (a bydel's cases for a bydel's actor); never another municipality's. Whole-word hits first, then
    /// prefix-only, each newest first (by date) across the kinds. Logged as one bulk read of the cases whose documentation was
    /// shown.</summary>
    public async Task<IReadOnlyList<SearchHit>> SearchDocumentationAsync(Actor actor, string query, int limit = 50, string purpose = "", string? municipalityNumber = null)
    {
        var m = municipalityNumber ?? actor.MunicipalityNumber;
        var scope = await Require(actor, Operation.SearchDocumentation, m, purpose);
        // A caseworker's own cases; for an actor whose service is a bydel, the bydel's cases (issue 15).
        IReadOnlySet<CaseId>? within = scope == Scope.AssignedCases
            ? (await _store.CasesAssignedToAsync(m!, actor.UserId)).ToHashSet()
            : CaseScope(actor, m).Bydel is not null ? await ServiceCaseIdsAsync(actor, m!)
            : null;
        var notes = await Docs.SearchNotesAsync(m!, query, within, limit);
        var documents = await Docs.SearchDocumentsAsync(m!, query, within, limit);
        var hits = notes.Select(SearchHit.Of).Concat(documents.Select(SearchHit.Of))
            .OrderBy(h => h.WholeWords ? 0 : 1).ThenByDescending(h => h.Date)
            .Take(limit).ToList();
        await LogBulk(actor, Operation.SearchDocumentation, m!, purpose, hits.Select(h => h.CaseId).Distinct().ToList());
        return hits;
    }

    // ---- Plumbing --------------------------------------------------------------------------------------------------------

    private static bool SeesHistory(Actor actor) => actor.Role is Role.Leader or Role.Auditor;

    private async Task<(JournalNote Note, CaseState State)> NoteWithCase(Actor actor, Operation operation, NoteId id, string purpose) =>
        await NoteOfCase(actor, operation, await CaseOfNote(actor, operation, id, purpose), id, purpose);

    /// <summary>The case a note belongs to (for the id-only commands); an unknown note is refused as not found, logged.</summary>
    private async Task<CaseId> CaseOfNote(Actor actor, Operation operation, NoteId id, string purpose)
    {
        var note = await Docs.ReadNoteAsync(id);
        if (note is null)
            await Deny(actor, operation, null, actor.MunicipalityNumber ?? "*", $"Journalnotatet {id} finnes ikke.", purpose, notFound: true);
        return note!.CaseId;
    }

    /// <summary>The case (access-checked first) and its note: a note that is not the case's is refused as not found and the
    /// refusal logged against the named case, before the note is used for anything.</summary>
    private async Task<(JournalNote Note, CaseState State)> NoteOfCase(Actor actor, Operation operation, CaseId caseId, NoteId id, string purpose)
    {
        var state = await ReadableCase(actor, operation, caseId, purpose);
        var note = await Docs.ReadNoteAsync(id);
        if (note is null || note.CaseId != caseId)
            await DenyNotInCase(actor, operation, caseId, $"Journalnotatet {id} finnes ikke i saken {state.JournalNumber}.", purpose);
        return (note!, state);
    }

    /// <summary>Logs the refusal against the named case, then throws <see cref="NotInCaseException"/> (a page answers 404).</summary>
    private async Task DenyNotInCase(Actor actor, Operation operation, CaseId caseId, string message, string purpose)
    {
        await _log.RecordAsync(new AccessEntry(0, _clock.GetUtcNow(), actor.UserId, Roles.Name(actor.Role), OperationName(operation), purpose,
            caseId, null, 1, AccessEntry.Denied));
        throw new NotInCaseException(message);
    }

    private Task LogDocumentation(Actor actor, CaseId caseId, string operation, string purpose) =>
        _log.RecordAsync(new AccessEntry(0, _clock.GetUtcNow(), actor.UserId, Roles.Name(actor.Role), operation, purpose, caseId, null, 1));

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static DecisionReasons Clean(DecisionReasons r) =>
        new(r.LegalBasis.Trim(), r.Facts.Trim(), r.Assessment.Trim(), r.ChildViews.Trim(), r.Conclusion.Trim());
}
