namespace Vern.Domain.Cases;

/// <summary>The command that records exactly one event, so a history from elsewhere (<c>vern case import</c>) can be
/// replayed through <see cref="CaseDecider"/> and pass today's rules, instead of being stored as it came.</summary>
/// <remarks>Every command carries the event's own ids, so later events still refer to the same entries. A command
/// that on its own would add a second event (opening an investigation from an unconcluded report) never does here:
/// the history already holds that event, just before.</remarks>
public static class CaseReplay
{
    public static CaseCommand CommandFor(CaseEvent e) => e switch
    {
        CaseOpened x => new OpenCase(x.MunicipalityNumber, x.JournalNumber, x.OpenedOn, Input(x.Child), x.Child.Id, x.Child.EffectiveFrom) { Bydel = x.Bydel, BydelName = x.BydelName },
        PersonalDetailsRecorded x => new RecordPersonalDetails(x.Details.EffectiveFrom, Input(x.Details), x.Details.Id),
        CaseworkerAssigned x => new AssignCaseworker(x.CaseworkerId, x.AssignedOn),
        ReportOfConcernReceived x => new ReceiveReport(x.ReceivedOn, x.Reporters, x.Contents, x.ReportId),
        ReportOfConcernConcluded x => new ConcludeReport(x.ReportId, x.ConcludedOn, x.Code),
        ReporterFeedbackGiven x => new GiveReporterFeedback(x.ReportId, x.GivenOn, x.Kind),
        InvestigationOpened x => new OpenInvestigation(x.ReportId, x.StartedOn, x.InvestigationId),
        InvestigationExtensionRequested x => new RequestExtension(x.InvestigationId, x.RequestedOn),
        InvestigationExtensionDecided x => new DecideExtension(x.InvestigationId, x.Granted),
        ChildParticipationRecorded x => new RecordChildParticipation(x.InvestigationId, x.On, x.Kind),
        InvestigationConcluded x => new ConcludeInvestigation(x.InvestigationId, x.ConcludedOn, x.Outcome, x.Grounds),
        DecisionMade x => new MakeDecision(x.DecidedOn, x.LegalBasis, x.StatusCode, x.InvestigationId, x.CountyBoardReferralId, x.ComparedWith, x.DecisionId, x.StatusId),
        DecisionStatusChanged x => new ChangeDecisionStatus(x.DecisionId, x.ChangedOn, x.StatusCode, x.StatusId),
        DecisionReassessed x => new ReassessDecision(x.DecisionId, x.ReassessedOn),
        DecisionEnded x => new EndDecision(x.DecisionId, x.EndedOn),
        MeasureStarted x => new StartMeasure(x.DecisionId, x.StartedOn, x.Category, x.Grounds, x.LegalBasis, x.MeasureId, x.ComparedWith),
        VisitFrequencySet x => new SetVisitFrequency(x.MeasureId, x.Kind, x.From, x.VisitsPerYear, x.FrequencyId),
        SupervisionResponsibilitySet x => new SetSupervisionResponsibility(x.MeasureId, x.From, x.MunicipalityNumber, x.ResponsibleId),
        VisitMade x => new RecordVisit(x.MeasureId, x.Kind, x.VisitedOn, x.VisitId),
        MeasureEnded x => new EndMeasure(x.MeasureId, x.EndedOn, x.Termination),
        TerminationReasonRecorded x => new RecordTerminationReason(x.MeasureId, x.Termination),
        ReturnFollowUpOffered x => new OfferReturnFollowUp(x.MeasureId, x.OfferedOn),
        PlanMade x => new MakePlan(x.StartedOn, x.PlanType, x.PlanId),
        PlanEvaluated x => new EvaluatePlan(x.PlanId, x.EvaluatedOn),
        PlanEnded x => new EndPlan(x.PlanId, x.EndedOn),
        AftercareOffered x => new OfferAftercare(x.OfferSentOn, x.AftercareId),
        AftercareConcluded x => new ConcludeAftercare(x.AftercareId, x.ConcludedOn, x.Code),
        CountyBoardReferralSent x => new SendToCountyBoard(x.SentOn, x.LegalBasis, x.ComparedWith, x.ReferralId),
        ChildMoved x => new RecordMove(x.MovedOn, x.ReasonFrom, x.MovedTo, x.MoveId),
        EntryRetracted x => new RetractEntry(x.EntryId, x.RetractedOn, x.Reason),
        CaseClosed x => new CloseCase(x.ClosedOn),
        CaseReopened x => new ReopenCase(x.ReopenedOn),
        _ => throw new NotSupportedException($"The event {e.GetType().Name} has not been implemented in {nameof(CaseReplay)}."),
    };

    private static ChildInput Input(PersonalDetails p) => new(p.Identifier, p.BirthDate, p.Sex, p.DufNumber, p.GivenName, p.FamilyName, p.AddressProtection);
}
