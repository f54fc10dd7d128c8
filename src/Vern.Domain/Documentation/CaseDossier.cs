using Vern.Domain.Cases;

namespace Vern.Domain.Documentation;

/// <summary>One line of a dossier's timeline: the legal date of a step and the step in words.</summary>
public sealed record DossierEvent(DateOnly? On, string What);

/// <summary>A decision in a dossier with its reasoned document (null while none is written) and its participation flag.</summary>
public sealed record DossierDecision(Decision Decision, DecisionDocument? Document, IReadOnlyList<ParticipationFlag> Flags);

/// <summary>Saksdokumentasjon for nemnda eller tilsynet: the case dossier for the county board (barneverns- og helsenemnda) or
/// the supervisory authority (statsforvalteren): the case's timeline, its decisions with their reasoned documents, and the
/// documentation behind them — finalised journal notes with their addenda and corrections (drafts are not yet part of the
/// record and are left out), the child's participation, and the assessments (issue 22, "Onward use").</summary>
/// <param name="MadeBy">Who made it, in words ("Leder i barnevernstjenesten i kommune 4601").</param>
/// <param name="Names">Staff names by user id, so authors are shown by name.</param>
public sealed record CaseDossier(
    CaseState Case,
    DateOnly MadeOn,
    string MadeBy,
    string Purpose,
    IReadOnlyList<DossierEvent> Timeline,
    IReadOnlyList<DossierDecision> Decisions,
    IReadOnlyList<JournalNote> Notes,
    IReadOnlyList<ParticipationRecord> Participation,
    IReadOnlyList<Assessment> Assessments,
    IReadOnlyDictionary<string, string> Names)
{
    /// <summary>A staff member's name, or the user id when the name is not known.</summary>
    public string Name(string userId) => Names.TryGetValue(userId, out var name) ? name : userId;
}
