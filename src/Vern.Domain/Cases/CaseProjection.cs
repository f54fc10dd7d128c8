using System.Collections.Immutable;

namespace Vern.Domain.Cases;

/// <summary>Derives a case's state from its events. <see cref="Apply"/> records facts; it never re-runs
/// business validation (that happened once, in <see cref="CaseDecider"/>), so history recorded under an
/// older rule always loads.</summary>
public static class CaseProjection
{
    /// <summary>Folds a whole stream into state, or null for an empty stream.</summary>
    public static CaseState? Replay(CaseId id, IEnumerable<CaseEvent> events)
    {
        CaseState? state = null;
        foreach (var e in events)
            state = Apply(state, id, e);
        return state;
    }

    /// <summary>Applies one event; the result's <see cref="CaseState.Version"/> is one higher.</summary>
    public static CaseState Apply(CaseState? state, CaseId id, CaseEvent e)
    {
        if (e is CaseOpened opened)
        {
            if (state is not null)
                throw new InvalidOperationException($"Case {id} is already open; a second case-opened event cannot apply.");
            return new CaseState(id, 1, opened.MunicipalityNumber, opened.JournalNumber, opened.OpenedOn, null, null,
                [opened.Child], [], [], [], [], [], [], [], [], []) { Bydel = opened.Bydel, BydelName = opened.BydelName };
        }
        if (state is null)
            throw new InvalidOperationException($"Case {id} has no case-opened event before {e.GetType().Name}.");

        var next = e switch
        {
            PersonalDetailsRecorded p => state with
            {
                PersonalDetails = state.PersonalDetails.Add(p.Details).Sort((a, b) => a.EffectiveFrom.CompareTo(b.EffectiveFrom)),
            },
            CaseworkerAssigned a => state with { CaseworkerId = a.CaseworkerId },
            ReportOfConcernReceived r => state with
            {
                Reports = state.Reports.Add(new ReportOfConcern(r.ReportId, r.ReceivedOn, r.Reporters, r.Contents, null)),
            },
            ReportOfConcernConcluded c => state with
            {
                Reports = Replace(state.Reports, r => r.Id == c.ReportId, r => r with
                {
                    Reporters = c.Reporters is { } reporters ? r.Reporters.AddRange(reporters) : r.Reporters,
                    Contents = c.Contents is { } contents ? r.Contents.AddRange(contents) : r.Contents,
                    Conclusion = new ReportConclusion(c.ConcludedOn, c.Code),
                }),
            },
            ReporterFeedbackGiven f => state with
            {
                Reports = Replace(state.Reports, r => r.Id == f.ReportId,
                    r => r with { Feedback = (r.Feedback ?? []).Add(new ReporterFeedback(f.GivenOn, f.Kind)) }),
            },
            InvestigationOpened o => state with
            {
                Investigations = state.Investigations.Add(new Investigation(o.InvestigationId, o.ReportId, o.StartedOn, null, null)),
            },
            InvestigationExtensionRequested x => state with
            {
                Investigations = Replace(state.Investigations, i => i.Id == x.InvestigationId, i => i with { Extension = new DeadlineExtension(x.RequestedOn, null) }),
            },
            InvestigationExtensionDecided x => state with
            {
                Investigations = Replace(state.Investigations, i => i.Id == x.InvestigationId, i => i with { Extension = i.Extension! with { Granted = x.Granted } }),
            },
            ChildParticipationRecorded p => state with
            {
                Investigations = Replace(state.Investigations, i => i.Id == p.InvestigationId, i => i with { Participation = new ChildParticipation(p.On, p.Kind) }),
            },
            InvestigationConcluded c => state with
            {
                Investigations = Replace(state.Investigations, i => i.Id == c.InvestigationId, i => i with { Conclusion = new InvestigationConclusion(c.ConcludedOn, c.Outcome, c.Grounds) }),
            },
            DecisionMade d => state with
            {
                Decisions = state.Decisions.Add(new Decision(d.DecisionId, d.DecidedOn, d.LegalBasis, d.ComparedWith,
                    [new DecisionStatus(d.StatusId, d.StatusChangedOn ?? d.DecidedOn, d.StatusCode)], d.InvestigationId, d.CountyBoardReferralId, null)),
            },
            DecisionStatusChanged s => state with
            {
                Decisions = Replace(state.Decisions, d => d.Id == s.DecisionId, d => d with { Statuses = d.Statuses.Add(new DecisionStatus(s.StatusId, s.ChangedOn, s.StatusCode)) }),
            },
            DecisionReassessed x => state with
            {
                Decisions = Replace(state.Decisions, d => d.Id == x.DecisionId, d => d with { Reassessments = (d.Reassessments ?? []).Add(x.ReassessedOn) }),
            },
            DecisionEnded x => state with
            {
                Decisions = Replace(state.Decisions, d => d.Id == x.DecisionId, d => d with { EndedOn = x.EndedOn }),
            },
            MeasureStarted m => state with
            {
                Measures = state.Measures.Add(new Measure(m.MeasureId, m.DecisionId, m.StartedOn, m.LegalBasis, m.Category, m.Grounds, null, null, null, null, m.ComparedWith ?? [])),
            },
            VisitFrequencySet f => state with
            {
                Measures = Replace(state.Measures, m => m.Id == f.MeasureId, m => WithSchedule(m, f.Kind,
                    s => s with { Frequencies = s.Frequencies.Add(new VisitFrequency(f.FrequencyId, f.From, f.VisitsPerYear, f.ChildConsented)) })),
            },
            SupervisionResponsibilitySet r => state with
            {
                Measures = Replace(state.Measures, m => m.Id == r.MeasureId, m => WithSchedule(m, VisitKind.Supervision,
                    s => s with { Responsible = s.Responsible.Add(new ResponsibleMunicipality(r.ResponsibleId, r.From, r.MunicipalityNumber)) })),
            },
            VisitMade v => state with
            {
                Measures = Replace(state.Measures, m => m.Id == v.MeasureId, m => WithSchedule(m, v.Kind,
                    s => s with { Visits = s.Visits.Add(new Visit(v.VisitId, v.VisitedOn)) })),
            },
            MeasureEnded x => state with
            {
                Measures = Replace(state.Measures, m => m.Id == x.MeasureId, m => m with { EndedOn = x.EndedOn, Termination = x.Termination ?? m.Termination }),
            },
            ReturnFollowUpOffered x => state with
            {
                Measures = Replace(state.Measures, m => m.Id == x.MeasureId, m => m with { ReturnFollowUpOffers = (m.ReturnFollowUpOffers ?? []).Add(x.OfferedOn) }),
            },
            PlanMade p => state with { Plans = state.Plans.Add(new Plan(p.PlanId, p.StartedOn, p.PlanType, [], null)) },
            PlanEvaluated p => state with
            {
                Plans = Replace(state.Plans, x => x.Id == p.PlanId, x => x with { Evaluations = x.Evaluations.Add(p.EvaluatedOn) }),
            },
            PlanEnded p => state with { Plans = Replace(state.Plans, x => x.Id == p.PlanId, x => x with { EndedOn = p.EndedOn }) },
            AftercareOffered a => state with { Aftercare = state.Aftercare.Add(new Aftercare(a.AftercareId, a.OfferSentOn, null)) },
            AftercareConcluded a => state with
            {
                Aftercare = Replace(state.Aftercare, x => x.Id == a.AftercareId, x => x with { Conclusion = new AftercareConclusion(a.ConcludedOn, a.Code) }),
            },
            CountyBoardReferralSent r => state with
            {
                CountyBoardReferrals = state.CountyBoardReferrals.Add(new CountyBoardReferral(r.ReferralId, r.SentOn, r.LegalBasis, r.ComparedWith)),
            },
            ChildMoved mv => state with { Moves = state.Moves.Add(new Move(mv.MoveId, mv.MovedOn, mv.ReasonFrom, mv.MovedTo)) },
            EntryRetracted r => Retract(state, r),
            CaseClosed c => state with { ClosedOn = c.ClosedOn },
            CaseReopened => state with { ClosedOn = null },
            MigratedIdRecorded x => state with { MigratedIds = state.MigratedIds.SetItem(x.EntryId?.Value ?? id.Value, x.MigratedId) },
            ClaimReceived x => state with
            {
                Decisions = Replace(state.Decisions, d => d.Id == x.DecisionId, d => d with { Claims = (d.Claims ?? []).Add(new Claim(x.ClaimId, x.ReceivedOn, null)) }),
            },
            ClaimConcluded x => state with
            {
                Decisions = Replace(state.Decisions, d => d.Id == x.DecisionId, d => d with
                {
                    Claims = Replace(d.Claims ?? [], k => k.Id == x.ClaimId, k => k with { Conclusion = new ClaimConclusion(x.ConcludedOn, x.Outcome) }),
                }),
            },
            InvestigationGroundsRecorded x => state with
            {
                Investigations = Replace(state.Investigations, i => i.Id == x.InvestigationId, i => i with { Grounds = x.Grounds }),
            },
            TerminationReasonRecorded x => state with
            {
                Measures = Replace(state.Measures, m => m.Id == x.MeasureId, m => m with { Termination = x.Termination }),
            },
            RelationRecorded x => state with { Relations = state.Relations.Add(new Relation(x.RelationId, x.From, x.FromKind, x.To, x.ToKind)) },
            DeletedElementRecorded x => state with { DeletedElements = state.DeletedElements.Add(new DeletedElement(x.ElementId, x.ElementType, x.DeletedOn)) },
            DeletionFlagRecorded x => Flag(state, x),
            _ => throw new NotSupportedException($"The event type {e.GetType().Name} has not been implemented in {nameof(CaseProjection)}."),
        };
        var result = next with { Version = state.Version + 1 };
        result.CarryEntryIds(state, CaseEventFacts.CreatedEntry(e));
        return result;
    }

    /// <summary>Keeps an ErSlettet marker; an entry marked true moves from the live lists to <see cref="CaseState.DeletedInFile"/>.</summary>
    private static CaseState Flag(CaseState state, DeletionFlagRecorded x)
    {
        var s = state with { DeletionFlags = state.DeletionFlags.SetItem(DeletedElement.FlagKey(x.ElementId, x.Part), x.Value) };
        if (!x.Value || x.Part is not null || x.ElementId is not { } guid || s.KindOf(new EntryId(guid)) is not { } kind)
            return s;
        var id = new EntryId(guid);
        var d = s.DeletedInFile ?? new CaseState(s.Id, 0, s.MunicipalityNumber, s.JournalNumber, s.OpenedOn, null, null, [], [], [], [], [], [], [], [], [], []);
        (s, d) = kind switch
        {
            EntryKind.Personalia => (s with { PersonalDetails = s.PersonalDetails.RemoveAll(e => e.Id == id) }, d with { PersonalDetails = d.PersonalDetails.AddRange(s.PersonalDetails.Where(e => e.Id == id)) }),
            EntryKind.Melding => (s with { Reports = s.Reports.RemoveAll(e => e.Id == id) }, d with { Reports = d.Reports.AddRange(s.Reports.Where(e => e.Id == id)) }),
            EntryKind.Undersokelse => (s with { Investigations = s.Investigations.RemoveAll(e => e.Id == id) }, d with { Investigations = d.Investigations.AddRange(s.Investigations.Where(e => e.Id == id)) }),
            EntryKind.Vedtak => (s with { Decisions = s.Decisions.RemoveAll(e => e.Id == id) }, d with { Decisions = d.Decisions.AddRange(s.Decisions.Where(e => e.Id == id)) }),
            EntryKind.Tiltak => (s with { Measures = s.Measures.RemoveAll(e => e.Id == id) }, d with { Measures = d.Measures.AddRange(s.Measures.Where(e => e.Id == id)) }),
            EntryKind.Plan => (s with { Plans = s.Plans.RemoveAll(e => e.Id == id) }, d with { Plans = d.Plans.AddRange(s.Plans.Where(e => e.Id == id)) }),
            EntryKind.Ettervern => (s with { Aftercare = s.Aftercare.RemoveAll(e => e.Id == id) }, d with { Aftercare = d.Aftercare.AddRange(s.Aftercare.Where(e => e.Id == id)) }),
            EntryKind.OversendelseFylkesnemnd => (s with { CountyBoardReferrals = s.CountyBoardReferrals.RemoveAll(e => e.Id == id) }, d with { CountyBoardReferrals = d.CountyBoardReferrals.AddRange(s.CountyBoardReferrals.Where(e => e.Id == id)) }),
            EntryKind.Flytting => (s with { Moves = s.Moves.RemoveAll(e => e.Id == id) }, d with { Moves = d.Moves.AddRange(s.Moves.Where(e => e.Id == id)) }),
            _ => throw new NotSupportedException($"A deletion flag on {kind} has not been implemented."),
        };
        return s with { DeletedInFile = d };
    }

    private static CaseState Retract(CaseState state, EntryRetracted r)
    {
        var s = state with { Retractions = state.Retractions.Add(new Retraction(r.EntryId, r.Kind, r.RetractedOn, r.Reason)) };
        return r.Kind switch
        {
            EntryKind.Personalia => s with { PersonalDetails = s.PersonalDetails.RemoveAll(x => x.Id == r.EntryId) },
            EntryKind.Melding => s with { Reports = s.Reports.RemoveAll(x => x.Id == r.EntryId) },
            EntryKind.Undersokelse => s with { Investigations = s.Investigations.RemoveAll(x => x.Id == r.EntryId) },
            EntryKind.Vedtak => s with { Decisions = s.Decisions.RemoveAll(x => x.Id == r.EntryId) },
            EntryKind.Tiltak => s with { Measures = s.Measures.RemoveAll(x => x.Id == r.EntryId) },
            EntryKind.Plan => s with { Plans = s.Plans.RemoveAll(x => x.Id == r.EntryId) },
            EntryKind.Ettervern => s with { Aftercare = s.Aftercare.RemoveAll(x => x.Id == r.EntryId) },
            EntryKind.OversendelseFylkesnemnd => s with { CountyBoardReferrals = s.CountyBoardReferrals.RemoveAll(x => x.Id == r.EntryId) },
            EntryKind.Flytting => s with { Moves = s.Moves.RemoveAll(x => x.Id == r.EntryId) },
            _ => throw new NotSupportedException($"Retraction of {r.Kind} has not been implemented."),
        };
    }

    private static Measure WithSchedule(Measure m, VisitKind kind, Func<VisitSchedule, VisitSchedule> change)
    {
        var empty = new VisitSchedule([], [], []);
        return kind == VisitKind.Supervision
            ? m with { Supervision = change(m.Supervision ?? empty) }
            : m with { FollowUp = change(m.FollowUp ?? empty) };
    }

    private static ImmutableList<T> Replace<T>(ImmutableList<T> list, Predicate<T> match, Func<T, T> change)
    {
        var i = list.FindLastIndex(match); // from the end: the entry changed is almost always a recent one
        if (i < 0)
            throw new InvalidOperationException($"The event refers to a {typeof(T).Name} that is not in the case.");
        return list.SetItem(i, change(list[i]));
    }
}
