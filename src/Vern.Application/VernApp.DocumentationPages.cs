using System.Collections.Immutable;
using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;

namespace Vern.Application;

/// <summary>A decision of the case and its reasoned document (null while none is written).</summary>
public sealed record DecisionWithDocument(Decision Decision, DecisionDocument? Document);

/// <summary>The case's documentation on one page: the notes, the child's participation, the assessments, the decisions with their
/// documents, and the participation flags (issue 22).</summary>
public sealed record CaseDocumentation(CaseState Case, IReadOnlyList<NoteView> Notes, IReadOnlyList<ParticipationRecord> Participation,
    IReadOnlyList<Assessment> Assessments, IReadOnlyList<DecisionWithDocument> Decisions, IReadOnlyList<ParticipationFlag> Flags);

/// <summary>One journal note with the case it belongs to.</summary>
public sealed record NoteInCase(CaseState Case, NoteView Note, IReadOnlyList<Attachment> Attachments);

/// <summary>One decision with its document (null while none is written), the case, and the decision's participation flag.</summary>
public sealed record DecisionInCase(CaseState Case, Decision Decision, DecisionDocument? Document, IReadOnlyList<ParticipationFlag> Flags, IReadOnlyList<Attachment> Attachments);

// Queries for the web pages of the case documentation (issue 22): each reads through the same policy rows as the CLI's queries
// and writes one access-log row for the case, naming what was read.
public sealed partial class VernApp
{
    /// <summary>Everything documented in a case; logged as one read of the case ("documentation overview").</summary>
    public async Task<CaseDocumentation> CaseDocumentationAsync(Actor actor, CaseId caseId, string purpose = "")
    {
        var state = await ReadableCase(actor, Operation.ReadDocumentation, caseId, purpose);
        var notes = await Docs.ReadCaseNotesAsync(caseId);
        var participation = await Docs.ReadParticipationAsync(caseId);
        var assessments = await Docs.ReadAssessmentsAsync(caseId);
        var decisions = new List<DecisionWithDocument>();
        foreach (var d in state.Decisions)
            decisions.Add(new DecisionWithDocument(d, await Docs.ReadDecisionDocumentAsync(caseId, d.Id)));
        await LogDocumentation(actor, caseId, "documentation overview", purpose);
        var pending = decisions.Where(d => d.Document is { IsFinalised: false }).Select(d => d.Decision.Id).ToHashSet();
        var history = SeesHistory(actor);
        return new CaseDocumentation(state, [.. notes.OrderByDescending(n => n.Date).ThenByDescending(n => n.Versions[0].RecordedAt).Select(n => NoteView.Of(n, history))],
            participation, assessments, decisions, ParticipationCheck.Check(state, participation, pending, Today));
    }

    /// <summary>One note of the case and the case; logged as a read of the case ("note show"). A note of another case is refused
    /// as not found (the refusal logged) before it is read out.</summary>
    public async Task<NoteInCase> NoteInCaseAsync(Actor actor, CaseId caseId, NoteId id, string purpose = "")
    {
        var (note, state) = await NoteOfCase(actor, Operation.ReadDocumentation, caseId, id, purpose);
        var attachments = (await Docs.ReadAttachmentsAsync(state.Id)).Where(a => a.OwnerKind == AttachmentOwnerKind.Note && a.OwnerId == id.Value).ToList();
        await LogDocumentation(actor, state.Id, "note show", purpose);
        return new NoteInCase(state, NoteView.Of(note, SeesHistory(actor)), attachments);
    }

    /// <summary>One decision with its document (if any); logged as a read of the case ("decision show").</summary>
    public async Task<DecisionInCase> DecisionInCaseAsync(Actor actor, CaseId caseId, EntryId decisionId, string purpose = "")
    {
        var state = await ReadableCase(actor, Operation.ReadDocumentation, caseId, purpose);
        var decision = state.FindDecision(decisionId);
        if (decision is null)
            await DenyNotInCase(actor, Operation.ReadDocumentation, caseId, $"Vedtaket {decisionId} finnes ikke i saken {state.JournalNumber}.", purpose);
        var document = await Docs.ReadDecisionDocumentAsync(caseId, decisionId);
        var participation = await Docs.ReadParticipationAsync(caseId);
        var attachments = (await Docs.ReadAttachmentsAsync(caseId)).Where(a => a.OwnerKind == AttachmentOwnerKind.Decision && a.OwnerId == decisionId.Value).ToList();
        await LogDocumentation(actor, caseId, "decision show", purpose);
        var pending = document is null or { IsFinalised: false } ? [decisionId] : ImmutableHashSet<EntryId>.Empty;
        return new DecisionInCase(state, decision!, document, [.. ParticipationCheck.Check(state, participation, pending, Today).Where(f => f.DecisionId == decisionId)], attachments);
    }

    /// <summary>Whether the actor may write documentation in the case (for showing or hiding the pages' forms; the commands still
    /// decide, and log, when one is sent).</summary>
    public bool MayWriteDocumentation(Actor actor, CaseState state) =>
        AccessPolicy.ScopeOf(actor.Role, Operation.WriteDocumentation) switch
        {
            Scope.AssignedCases => InService(actor, state) && state.CaseworkerId == actor.UserId,
            Scope.None => false,
            _ => InService(actor, state),
        };
}
