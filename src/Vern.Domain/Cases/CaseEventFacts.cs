namespace Vern.Domain.Cases;

/// <summary>Facts every event can tell: its legal date (the date the law counts from, as opposed to
/// the audit instant) and the id of the entry it creates, if any.</summary>
public static class CaseEventFacts
{
    /// <summary>The legal date of an event; <c>null</c> for events without one (an extension decision).</summary>
    public static DateOnly? LegalDate(CaseEvent e) => e switch
    {
        CaseOpened x => x.OpenedOn,
        PersonalDetailsRecorded x => x.Details.EffectiveFrom,
        CaseworkerAssigned x => x.AssignedOn,
        ReportOfConcernReceived x => x.ReceivedOn,
        ReportOfConcernConcluded x => x.ConcludedOn,
        ReporterFeedbackGiven x => x.GivenOn,
        InvestigationOpened x => x.StartedOn,
        InvestigationExtensionRequested x => x.RequestedOn,
        InvestigationExtensionDecided => null,
        InvestigationConcluded x => x.ConcludedOn,
        DecisionMade x => x.DecidedOn,
        DecisionStatusChanged x => x.ChangedOn,
        DecisionEnded x => x.EndedOn,
        DecisionReassessed x => x.ReassessedOn,
        MeasureStarted x => x.StartedOn,
        VisitFrequencySet x => x.From,
        SupervisionResponsibilitySet x => x.From,
        VisitMade x => x.VisitedOn,
        MeasureEnded x => x.EndedOn,
        ReturnFollowUpOffered x => x.OfferedOn,
        PlanMade x => x.StartedOn,
        PlanEvaluated x => x.EvaluatedOn,
        PlanEnded x => x.EndedOn,
        AftercareOffered x => x.OfferSentOn,
        AftercareConcluded x => x.ConcludedOn,
        CountyBoardReferralSent x => x.SentOn,
        ChildMoved x => x.MovedOn,
        EntryRetracted x => x.RetractedOn,
        CaseClosed x => x.ClosedOn,
        CaseReopened x => x.ReopenedOn,
        MigratedIdRecorded => null,
        ClaimReceived x => x.ReceivedOn,
        ClaimConcluded x => x.ConcludedOn,
        TerminationReasonRecorded => null,
        InvestigationGroundsRecorded => null,
        RelationRecorded => null,
        DeletedElementRecorded x => x.DeletedOn,
        DeletionFlagRecorded => null,
        _ => throw new NotSupportedException($"The event type {e.GetType().Name} has not been implemented in {nameof(CaseEventFacts)}."),
    };

    /// <summary>The id of the entry an event creates (a new report, investigation, decision …), or null.</summary>
    public static EntryId? CreatedEntry(CaseEvent e) => e switch
    {
        ReportOfConcernReceived x => x.ReportId,
        InvestigationOpened x => x.InvestigationId,
        DecisionMade x => x.DecisionId,
        MeasureStarted x => x.MeasureId,
        PlanMade x => x.PlanId,
        AftercareOffered x => x.AftercareId,
        CountyBoardReferralSent x => x.ReferralId,
        ChildMoved x => x.MoveId,
        PersonalDetailsRecorded x => x.Details.Id,
        ClaimReceived x => x.ClaimId,
        _ => null,
    };
}
