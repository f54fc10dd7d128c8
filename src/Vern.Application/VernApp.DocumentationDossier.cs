using System.Collections.Immutable;
using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;

namespace Vern.Application;

// The case dossier (issue 22, "Onward use"): the case's timeline, decisions and the documentation behind them, for the county
// board (barneverns- og helsenemnda) or the supervisory authority. A read of the case's documentation under the policy row
// ReadDocumentation, logged as one row in the case's access log ("case dossier") with its purpose.
public sealed partial class VernApp
{
    /// <summary>Everything the dossier is rendered from; logged as one read of the case ("case dossier").</summary>
    public async Task<CaseDossier> CaseDossierAsync(Actor actor, CaseId caseId, string purpose = "")
    {
        var state = await ReadableCase(actor, Operation.ReadDocumentation, caseId, purpose);
        var timeline = await _store.ReadStreamAsync(caseId);
        var notes = await Docs.ReadCaseNotesAsync(caseId);
        var participation = await Docs.ReadParticipationAsync(caseId);
        var assessments = await Docs.ReadAssessmentsAsync(caseId);
        var documents = new List<(Decision Decision, DecisionDocument? Document)>();
        foreach (var d in state.Decisions)
            documents.Add((d, await Docs.ReadDecisionDocumentAsync(caseId, d.Id)));
        var pending = documents.Where(d => d.Document is { IsFinalised: false }).Select(d => d.Decision.Id).ToImmutableHashSet();
        var flags = ParticipationCheck.Check(state, participation, pending, Today);
        var words = new EventWords(CodeLists, state);
        var names = await StaffNamesAsync(actor);
        var events = timeline
            .Where(e => e.Event is not (MigratedIdRecorded or RelationRecorded or DeletedElementRecorded or DeletionFlagRecorded))
            .Select(e => e.Event is CaseworkerAssigned a
                ? new DossierEvent(a.AssignedOn, $"Saken ble fordelt til saksbehandler {(names.TryGetValue(a.CaseworkerId, out var n) ? n : a.CaseworkerId)}.")
                : words.Describe(e.Event) is var w ? new DossierEvent(w.On, w.Words) : null!)
            .ToList();
        await LogDocumentation(actor, caseId, "case dossier", purpose);
        return new CaseDossier(state, Today, $"{Roles.Norwegian(actor.Role)} i barnevernstjenesten i kommune {state.MunicipalityNumber}", purpose, events,
            [.. documents.Select(d => new DossierDecision(d.Decision, d.Document, [.. flags.Where(f => f.DecisionId == d.Decision.Id)]))],
            [.. notes.Where(n => n.IsFinalised)], participation, assessments, names);
    }
}
