using Vern.Domain.Cases;

namespace Vern.Domain.Documentation;

/// <summary>A decision, made or being drafted, for a child of <see cref="ParticipationRules.FlagAge"/> or older whose
/// participation is not documented (neither a conversation nor why the child was not heard).</summary>
/// <param name="DecisionId">The decision (Vedtak) in the case.</param>
/// <param name="Pending">True when the decision's document is still a draft: flagged before the decision is made.</param>
public sealed record ParticipationFlag(CaseId CaseId, string JournalNumber, EntryId DecisionId, DateOnly DecisionDate, int ChildAge, bool Pending, string Message, string Source);

/// <summary>Finds decisions without documented participation (pure). A decision counts as documented when a participation
/// record (heard or not heard, with its reason) is linked to the decision or to the investigation it follows from, or is
/// unlinked and dated in the <see cref="ParticipationRules.UnlinkedWindowDays"/> before the decision.</summary>
public static class ParticipationCheck
{
    /// <param name="pendingDecisions">Decisions whose document is a draft (not yet made): checked on <paramref name="today"/>.</param>
    public static IReadOnlyList<ParticipationFlag> Check(CaseState state, IReadOnlyList<ParticipationRecord> records, IReadOnlySet<EntryId> pendingDecisions, DateOnly today) =>
        [.. Evaluate(state, records, pendingDecisions, today).Where(e => !e.Documented).Select(e => e.Flag(state))];

    /// <summary>Every decision of the case for a child of <see cref="ParticipationRules.FlagAge"/> or older, and still a child
    /// (under <see cref="ParticipationRules.AdultAge"/>), on the decision's date (or today for a pending one), and whether its
    /// participation is documented. An aftercare decision for a young adult is not a child's participation matter.</summary>
    public static IReadOnlyList<CheckedDecision> Evaluate(CaseState state, IReadOnlyList<ParticipationRecord> records, IReadOnlySet<EntryId> pendingDecisions, DateOnly today)
    {
        var list = new List<CheckedDecision>();
        var birth = state.Child.BirthDate;
        foreach (var d in state.Decisions)
        {
            var pending = pendingDecisions.Contains(d.Id);
            var on = pending && today > d.DecidedOn ? today : d.DecidedOn;
            var age = ParticipationRules.AgeOn(birth, on);
            if (age >= ParticipationRules.FlagAge && age < ParticipationRules.AdultAge)
                list.Add(new CheckedDecision(d, age, pending, Documented(d, records)));
        }
        return list;
    }

    private static bool Documented(Decision d, IReadOnlyList<ParticipationRecord> records) =>
        records.Any(r => r.Entry is { } link
            ? link.Id == d.Id || (d.InvestigationId is { } inv && link.Id == inv)
            : r.On <= d.DecidedOn && r.On >= d.DecidedOn.AddDays(-ParticipationRules.UnlinkedWindowDays));
}

/// <summary>One decision for a child of 7 or older, checked for documented participation.</summary>
public sealed record CheckedDecision(Decision Decision, int ChildAge, bool Pending, bool Documented)
{
    public ParticipationFlag Flag(CaseState state)
    {
        var issue = DocumentationRules.Issue(DocumentationCodes.ParticipationMissing, Validation.Severity.Warning, "decision",
            ("date", Decision.DecidedOn.ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture)), ("age", ChildAge));
        return new ParticipationFlag(state.Id, state.JournalNumber, Decision.Id, Decision.DecidedOn, ChildAge, Pending, issue.Message, issue.Source);
    }
}
