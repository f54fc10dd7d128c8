using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Vern.Domain.CodeLists;
using Vern.Domain.Law;
using Vern.Domain.People;
using Vern.Domain.Validation;
using static Vern.Domain.Validation.RuleMessages;

namespace Vern.Domain.Cases;

/// <summary>What a decision needs besides state and command: today's date (no clock in Domain), the code
/// lists in force, a source of new ids (seeded for reproducible synthetic data), and whether the command is entered
/// by a user or replayed from a register file.</summary>
public sealed record DecisionContext(DateOnly Today, CodeListSet CodeLists, Func<Guid> NewId, DecisionMode Mode = DecisionMode.Entry);

/// <summary>Who a command comes from, which decides whether Vern's own rules that are stricter than SSB's controls apply.</summary>
public enum DecisionMode
{
    /// <summary>A caseworker records a fact (CLI, web, intake, case import, the generators): every rule applies.</summary>
    Entry,

    /// <summary>A fact replayed from a register file (<c>vern import register</c>). A file SSB accepts must import (issue 14
    /// § 1), so Vern's own rules where SSB's Kravspesifikasjon only warns or says nothing do not refuse here: a case opened
    /// after the child turned 25 (SSB: Sak Kontroll 7, WARNING), a case opened more than 9 months before the birth while its
    /// Personalia starts later (SSB checks Personalia/StartDato only: Personalia Kontroll 16), an investigation dated
    /// before its report (SSB: Undersøkelse Kontroll 2e compares with the case only), a measure dated before its
    /// decision (no SSB control). Everything SSB counts as ERROR or FATAL still refuses.</summary>
    RegisterImport,
}

/// <summary>Turns a command into events: current state + command → events, or a
/// <see cref="DomainRuleException"/> listing every rule broken. Pure: no I/O, no clock.</summary>
public static partial class CaseDecider
{
    [GeneratedRegex(@"^\d{4}$")]
    private static partial Regex FourDigits();

    [GeneratedRegex(@"^\d{2}$")]
    private static partial Regex TwoDigits();

    [GeneratedRegex(@"^\d+[a-z]*$")]
    private static partial Regex ChapterOrSection();

    [GeneratedRegex(@"^\d{1,3}$")]
    private static partial Regex Number();

    /// <summary>Decides <paramref name="command"/> against <paramref name="state"/> (null when the case does not exist).</summary>
    public static IReadOnlyList<CaseEvent> Decide(CaseState? state, CaseId caseId, CaseCommand command, DecisionContext ctx)
    {
        var v = new Checks(ctx);
        if (command is OpenCase open)
        {
            if (state is not null)
                v.Fail(RuleCodes.CaseExists, "caseId", ("caseId", caseId));
            return v.Done(() => DecideOpen(open, v));
        }
        if (state is null)
        {
            v.Fail(RuleCodes.CaseUnknown, "caseId", ("caseId", caseId));
            return v.Done<CaseEvent>(() => []);
        }
        if (state.IsClosed && command is not ReopenCase and not RetractEntry)
        {
            v.Fail(RuleCodes.CaseClosed, "caseId", ("date", state.ClosedOn));
            return v.Done<CaseEvent>(() => []);
        }
        v.State = state;
        return command switch
        {
            RecordPersonalDetails p => v.Done(() => DecidePersonalDetails(p, v)),
            AssignCaseworker a => v.Required(a.CaseworkerId, "caseworkerId").PlainText(a.CaseworkerId, "caseworkerId").Done<CaseEvent>(() => [new CaseworkerAssigned(a.CaseworkerId, a.AssignedOn)]),
            ReceiveReport r => v.Done(() => DecideReceiveReport(r, v)),
            ConcludeReport c => v.Done(() => DecideConcludeReport(c, v)),
            GiveReporterFeedback f => v.Done(() => DecideReporterFeedback(f, v)),
            OpenInvestigation o => v.Done(() => DecideOpenInvestigation(o, v)),
            RequestExtension x => v.Done(() => DecideRequestExtension(x, v)),
            DecideExtension x => v.Done(() => DecideDecideExtension(x, v)),
            RecordChildParticipation p => v.Done(() => DecideChildParticipation(p, v)),
            ConcludeInvestigation c => v.Done(() => DecideConcludeInvestigation(c, v)),
            MakeDecision d => v.Done(() => DecideMakeDecision(d, v)),
            ChangeDecisionStatus s => v.Done(() => DecideChangeStatus(s, v)),
            EndDecision e => v.Done(() => DecideEndDecision(e, v)),
            ReassessDecision r => v.Done(() => DecideReassessDecision(r, v)),
            StartMeasure m => v.Done(() => DecideStartMeasure(m, v)),
            SetVisitFrequency f => v.Done(() => DecideVisitFrequency(f, v)),
            SetSupervisionResponsibility r => v.Done(() => DecideResponsibility(r, v)),
            RecordVisit r => v.Done(() => DecideVisit(r, v)),
            EndMeasure e => v.Done(() => DecideEndMeasure(e, v)),
            OfferReturnFollowUp r => v.Done(() => DecideReturnFollowUp(r, v)),
            MakePlan p => v.Done(() => DecideMakePlan(p, v)),
            EvaluatePlan p => v.Done(() => DecideEvaluatePlan(p, v)),
            EndPlan p => v.Done(() => DecideEndPlan(p, v)),
            OfferAftercare a => v.Done(() => DecideOfferAftercare(a, v)),
            ConcludeAftercare a => v.Done(() => DecideConcludeAftercare(a, v)),
            SendToCountyBoard s => v.Done(() => DecideCountyBoard(s, v)),
            RecordMove m => v.Done(() => DecideMove(m, v)),
            RetractEntry r => v.Done(() => DecideRetract(r, v)),
            CloseCase c => v.Done(() => DecideClose(c, v)),
            ReopenCase r => v.Done(() => DecideReopen(r, v)),
            RecordMigratedId x => v.Done(() => DecideMigratedId(x, v)),
            ReceiveClaim x => v.Done(() => DecideReceiveClaim(x, v)),
            ConcludeClaim x => v.Done(() => DecideConcludeClaim(x, v)),
            RecordTerminationReason x => v.Done(() => DecideTerminationReason(x, v)),
            RecordInvestigationGrounds x => v.Done(() => DecideInvestigationGrounds(x, v)),
            RecordRelation x => v.Done(() => DecideRelation(x, v)),
            RecordDeletedElement x => v.Done(() => DecideDeletedElement(x, v)),
            RecordDeletionFlag x => v.Done(() => DecideDeletionFlag(x, v)),
            _ => throw new NotSupportedException($"The command {command.GetType().Name} has not been implemented in {nameof(CaseDecider)}."),
        };
    }

    private static IReadOnlyList<CaseEvent> DecideOpen(OpenCase c, Checks v)
    {
        if (!FourDigits().IsMatch(c.MunicipalityNumber ?? ""))
            v.Fail(RuleCodes.MunicipalityInvalid, "municipalityNumber", ("value", c.MunicipalityNumber));
        v.Required(c.JournalNumber, "journalNumber").MaxLength(c.JournalNumber, 36, "journalNumber");
        if (c.Bydel is not null && !TwoDigits().IsMatch(c.Bydel))
            v.Fail(RuleCodes.BydelInvalid, "bydel", ("value", c.Bydel));
        if (c.BydelName is not null)
        {
            if (c.Bydel is null)
                v.Fail(RuleCodes.BydelInvalid, "bydelName", ("value", "(mangler)"));
            v.Required(c.BydelName, "bydelName").MaxLength(c.BydelName, 250, "bydelName");
        }
        v.NotFuture(c.OpenedOn, "openedOn");
        var earliest = Acts.ChildWelfareAct1992;
        if (c.OpenedOn < earliest.ValidFrom)
            v.Fail(RuleCodes.BeforeEarliestAct, "openedOn", ("date", c.OpenedOn), ("act", earliest.Name), ("from", earliest.ValidFrom));
        if (c.ChildEffectiveFrom is { } from)
            v.NotFuture(from, "childEffectiveFrom");
        var child = v.Child(c.Child, "child", c.ChildEffectiveFrom ?? c.OpenedOn, c.ChildId ?? new EntryId(v.Ctx.NewId()));
        if (child is not null)
        {
            if (v.Ctx.Mode == DecisionMode.Entry)
                v.ChildAge(c.OpenedOn, "openedOn", child.BirthDate);
            else
                v.NotBeforeConception(child.EffectiveFrom, "childEffectiveFrom", child.BirthDate); // Personalia Kontroll 16 (ERROR)
            if (c.ChildEffectiveFrom is { } effective && v.Ctx.Mode == DecisionMode.Entry)
                v.ChildAge(effective, "childEffectiveFrom", child.BirthDate);
        }
        return v.Ok ? [new CaseOpened(c.MunicipalityNumber!, c.JournalNumber, c.OpenedOn, child!) { Bydel = c.Bydel, BydelName = c.BydelName }] : [];
    }

    private static IReadOnlyList<CaseEvent> DecidePersonalDetails(RecordPersonalDetails c, Checks v)
    {
        var id = v.NewEntryId(c.Id, "id");
        v.NotFuture(c.EffectiveFrom, "effectiveFrom");
        var child = v.Child(c.Child, "child", c.EffectiveFrom, id);
        return v.Ok ? [new PersonalDetailsRecorded(child!)] : [];
    }

    private static IReadOnlyList<CaseEvent> DecideReceiveReport(ReceiveReport c, Checks v)
    {
        var id = v.NewEntryId(c.Id, "id");
        v.InCase(c.ReceivedOn, "receivedOn");
        // Not yet classified is allowed: SSB requires Melder and Saksinnhold once the report is concluded (Melding Kontroll 4 and 5).
        v.Codes(c.Reporters, CodeListPaths.Reporter, c.ReceivedOn, "reporters", required: false);
        v.Codes(c.Contents, CodeListPaths.CaseContent, c.ReceivedOn, "contents", required: false);
        return [new ReportOfConcernReceived(id, c.ReceivedOn, c.Reporters ?? [], c.Contents ?? [])];
    }

    private static IReadOnlyList<CaseEvent> DecideConcludeReport(ConcludeReport c, Checks v)
    {
        var report = v.Report(c.ReportId, "reportId");
        if (report is null) return [];
        if (report.Conclusion is { } done)
            v.Fail(RuleCodes.AlreadyConcluded, "reportId", ("kind", "Meldingen"), ("id", report.Id), ("date", done.ConcludedOn));
        v.NotBefore(c.ConcludedOn, "concludedOn", report.ReceivedOn, "receivedOn");
        v.NotFuture(c.ConcludedOn, "concludedOn");
        v.Code(c.Code, CodeListPaths.ReportConclusion, c.ConcludedOn, "code");
        // The codes describe the report as received, so they are checked on its date (as vern.kodeliste.gyldighet does).
        v.Codes(c.Reporters, CodeListPaths.Reporter, report.ReceivedOn, "reporters", required: report.Reporters.Count == 0);
        v.Codes(c.Contents, CodeListPaths.CaseContent, report.ReceivedOn, "contents", required: report.Contents.Count == 0);
        return [new ReportOfConcernConcluded(report.Id, c.ConcludedOn, c.Code, NullIfEmpty(c.Reporters), NullIfEmpty(c.Contents))];
    }

    private static IReadOnlyList<CaseEvent> DecideReporterFeedback(GiveReporterFeedback c, Checks v)
    {
        var report = v.Report(c.ReportId, "reportId");
        if (report is null) return [];
        v.NotBefore(c.GivenOn, "givenOn", report.ReceivedOn, "receivedOn");
        v.NotFuture(c.GivenOn, "givenOn");
        if (c.Kind == ReporterFeedbackKind.AfterInvestigation)
        {
            var concluded = v.State!.Investigations.Where(i => i.ReportId == report.Id && i.Conclusion is not null)
                .Select(i => (DateOnly?)i.Conclusion!.ConcludedOn).Min();
            if (concluded is null)
                v.Fail(RuleCodes.FeedbackBeforeInvestigationConcluded, "kind", ("id", report.Id));
            else
                v.NotBefore(c.GivenOn, "givenOn", concluded.Value, "concludedOn");
        }
        return [new ReporterFeedbackGiven(report.Id, c.GivenOn, c.Kind)];
    }

    private static IReadOnlyList<CaseEvent> DecideOpenInvestigation(OpenInvestigation c, Checks v)
    {
        var id = v.NewEntryId(c.Id, "id");
        var report = v.Report(c.ReportId, "reportId");
        if (report is null) return [];
        v.NotFuture(c.StartedOn, "startedOn");
        if (c.StartedOn < report.ReceivedOn && v.Ctx.Mode == DecisionMode.Entry) // Vern's rule; SSB compares with the case only (Undersøkelse Kontroll 2e)
            v.Fail(RuleCodes.InvestigationBeforeReport, "startedOn", ("date", c.StartedOn), ("received", report.ReceivedOn));
        if (report.Conclusion is { Code: not "2" } dismissed)
            v.Fail(RuleCodes.ReportDismissed, "reportId", ("id", report.Id), ("code", dismissed.Code));
        if (v.State!.Investigations.Find(i => i.ReportId == report.Id) is { } other)
            v.Fail(RuleCodes.ReportHasInvestigation, "reportId", ("id", report.Id), ("other", other.Id));
        var events = new List<CaseEvent>();
        if (report.Conclusion is null && c.ConcludesReport)
        {
            v.Code("2", CodeListPaths.ReportConclusion, c.StartedOn, "reportId");
            if (report.Reporters.Count == 0)
                v.Fail(RuleCodes.CodesRequired, "reportId (melder)");
            if (report.Contents.Count == 0)
                v.Fail(RuleCodes.CodesRequired, "reportId (saksinnhold)");
            events.Add(new ReportOfConcernConcluded(report.Id, c.StartedOn, "2"));
        }
        events.Add(new InvestigationOpened(id, report.Id, c.StartedOn));
        return events;
    }

    private static IReadOnlyList<CaseEvent> DecideRequestExtension(RequestExtension c, Checks v)
    {
        var inv = v.OpenInvestigation(c.InvestigationId, "investigationId");
        if (inv is null) return [];
        v.NotBefore(c.RequestedOn, "requestedOn", inv.StartedOn, "startedOn");
        v.NotFuture(c.RequestedOn, "requestedOn");
        return [new InvestigationExtensionRequested(inv.Id, c.RequestedOn)];
    }

    private static IReadOnlyList<CaseEvent> DecideDecideExtension(DecideExtension c, Checks v)
    {
        var inv = v.OpenInvestigation(c.InvestigationId, "investigationId");
        if (inv is null) return [];
        if (inv.Extension is null)
            v.Fail(RuleCodes.ExtensionNotRequested, "investigationId", ("id", inv.Id));
        return [new InvestigationExtensionDecided(inv.Id, c.Granted)];
    }

    private static IReadOnlyList<CaseEvent> DecideChildParticipation(RecordChildParticipation c, Checks v)
    {
        var inv = v.State!.FindInvestigation(c.InvestigationId);
        if (inv is null)
        {
            v.Fail(RuleCodes.EntryUnknown, "investigationId", ("kind", "Undersøkelsen"), ("id", c.InvestigationId));
            return [];
        }
        v.NotBefore(c.On, "on", inv.StartedOn, "startedOn");
        v.NotFuture(c.On, "on");
        // Only that the code exists: the list's "Gyldig fra 2026-01-01" is when SSB began collecting it, and the
        // participation in an older investigation may be recorded (or migrated) with its own, earlier date.
        v.KnownCode(c.Kind, CodeListPaths.ChildParticipation, "kind");
        return [new ChildParticipationRecorded(inv.Id, c.On, c.Kind)];
    }

    private static IReadOnlyList<CaseEvent> DecideConcludeInvestigation(ConcludeInvestigation c, Checks v)
    {
        var inv = v.OpenInvestigation(c.InvestigationId, "investigationId");
        if (inv is null) return [];
        if (c.ConcludedOn < inv.StartedOn)
            v.Fail(RuleCodes.ConcludedBeforeOpened, "concludedOn", ("end", c.ConcludedOn), ("start", inv.StartedOn));
        v.NotFuture(c.ConcludedOn, "concludedOn");
        v.Code(c.Outcome, CodeListPaths.InvestigationConclusion, c.ConcludedOn, "outcome");
        v.Codes(c.Grounds, CodeListPaths.DecisionBasis, c.ConcludedOn, "grounds", required: c.Outcome.Code is "1" or "2");
        return [new InvestigationConcluded(inv.Id, c.ConcludedOn, c.Outcome, c.Grounds)];
    }

    private static IReadOnlyList<CaseEvent> DecideMakeDecision(MakeDecision c, Checks v)
    {
        var id = v.NewEntryId(c.Id, "id");
        var statusId = c.StatusId ?? new EntryId(v.Ctx.NewId());
        v.InCase(c.DecidedOn, "decidedOn");
        v.LegalBases(c.LegalBasis, c.ComparedWith, c.DecidedOn);
        v.Code(c.StatusCode, CodeListPaths.DecisionStatus, c.DecidedOn, "statusCode");
        if (c.InvestigationId is { } invId && v.State!.FindInvestigation(invId) is null)
            v.Fail(RuleCodes.EntryUnknown, "investigationId", ("kind", "Undersøkelsen"), ("id", invId));
        if (c.CountyBoardReferralId is { } refId && v.State!.FindCountyBoardReferral(refId) is null)
            v.Fail(RuleCodes.EntryUnknown, "countyBoardReferralId", ("kind", "Oversendelsen"), ("id", refId));
        if (c.StatusChangedOn is { } statusOn)
            v.NotFuture(statusOn, "statusChangedOn");
        return [new DecisionMade(id, c.DecidedOn, c.LegalBasis, c.ComparedWith ?? [], statusId, c.StatusCode, c.InvestigationId, c.CountyBoardReferralId,
            c.StatusChangedOn == c.DecidedOn ? null : c.StatusChangedOn)];
    }

    private static IReadOnlyList<CaseEvent> DecideChangeStatus(ChangeDecisionStatus c, Checks v)
    {
        var d = v.Decision(c.DecisionId, "decisionId");
        if (d is null) return [];
        v.NotBefore(c.ChangedOn, "changedOn", d.DecidedOn, "decidedOn");
        v.NotFuture(c.ChangedOn, "changedOn");
        v.Code(c.StatusCode, CodeListPaths.DecisionStatus, c.ChangedOn, "statusCode");
        return [new DecisionStatusChanged(d.Id, c.Id ?? new EntryId(v.Ctx.NewId()), c.ChangedOn, c.StatusCode)];
    }

    private static IReadOnlyList<CaseEvent> DecideEndDecision(EndDecision c, Checks v)
    {
        var d = v.Decision(c.DecisionId, "decisionId");
        if (d is null) return [];
        if (d.EndedOn is { } ended)
            v.Fail(RuleCodes.AlreadyConcluded, "decisionId", ("kind", "Vedtaket"), ("id", d.Id), ("date", ended));
        v.NotBefore(c.EndedOn, "endedOn", d.DecidedOn, "decidedOn");
        v.NotFuture(c.EndedOn, "endedOn");
        return [new DecisionEnded(d.Id, c.EndedOn)];
    }

    private static IReadOnlyList<CaseEvent> DecideReassessDecision(ReassessDecision c, Checks v)
    {
        var d = v.Decision(c.DecisionId, "decisionId");
        if (d is null) return [];
        v.NotBefore(c.ReassessedOn, "reassessedOn", d.DecidedOn, "decidedOn");
        v.NotFuture(c.ReassessedOn, "reassessedOn");
        return [new DecisionReassessed(d.Id, c.ReassessedOn)];
    }

    private static IReadOnlyList<CaseEvent> DecideStartMeasure(StartMeasure c, Checks v)
    {
        var id = v.NewEntryId(c.Id, "id");
        var decision = v.State!.FindDecision(c.DecisionId);
        if (decision is null)
        {
            v.Fail(RuleCodes.MeasureNeedsDecision, "decisionId", ("id", c.DecisionId));
            return [];
        }
        if (c.StartedOn < decision.DecidedOn && v.Ctx.Mode == DecisionMode.Entry) // Vern's rule; no SSB control compares the two
            v.Fail(RuleCodes.MeasureBeforeDecision, "startedOn", ("date", c.StartedOn), ("decided", decision.DecidedOn));
        v.NotFuture(c.StartedOn, "startedOn");
        var basis = c.LegalBasis ?? decision.LegalBasis;
        // The measure carries out its decision, so its Act is the one in force when the decision was made: a measure started
        // in 2023 under a 1992-Act decision cites BVL like its decision (Tiltak Kontroll 21; SSB checks the Act against the
        // date only for the Vedtak, Vedtak kontroll 5).
        v.LegalBases(basis, c.ComparedWith, decision.DecidedOn);
        if (basis.Act != decision.LegalBasis.Act || basis.Chapter != decision.LegalBasis.Chapter || basis.Section != decision.LegalBasis.Section)
            v.Fail(RuleCodes.MeasureBasisDiffers, "legalBasis", ("basis", basis), ("decisionBasis", decision.LegalBasis), ("decision", decision.Id));
        v.Code(c.Category, CodeListPaths.MeasureCategory, c.StartedOn, "category");
        v.Codes(c.Grounds ?? [], CodeListPaths.MeasureGrounds, c.StartedOn, "grounds", required: false);
        return [new MeasureStarted(id, decision.Id, c.StartedOn, basis, c.Category, c.Grounds ?? [], c.ComparedWith ?? [])];
    }

    private static IReadOnlyList<CaseEvent> DecideVisitFrequency(SetVisitFrequency c, Checks v)
    {
        var m = v.OpenMeasure(c.MeasureId, "measureId");
        if (m is null) return [];
        if (c.VisitsPerYear is not (2 or 4))
            v.Fail(RuleCodes.VisitFrequencyInvalid, "visitsPerYear", ("value", c.VisitsPerYear));
        v.NotBefore(c.From, "from", m.StartedOn, "startedOn");
        return [new VisitFrequencySet(m.Id, c.Kind, c.Id ?? new EntryId(v.Ctx.NewId()), c.From, c.VisitsPerYear, c.ChildConsented)];
    }

    private static IReadOnlyList<CaseEvent> DecideResponsibility(SetSupervisionResponsibility c, Checks v)
    {
        var m = v.OpenMeasure(c.MeasureId, "measureId");
        if (m is null) return [];
        if (!FourDigits().IsMatch(c.MunicipalityNumber ?? ""))
            v.Fail(RuleCodes.MunicipalityInvalid, "municipalityNumber", ("value", c.MunicipalityNumber));
        v.NotBefore(c.From, "from", m.StartedOn, "startedOn");
        return [new SupervisionResponsibilitySet(m.Id, c.Id ?? new EntryId(v.Ctx.NewId()), c.From, c.MunicipalityNumber!)];
    }

    private static IReadOnlyList<CaseEvent> DecideVisit(RecordVisit c, Checks v)
    {
        var m = v.Measure(c.MeasureId, "measureId");
        if (m is null) return [];
        v.NotBefore(c.VisitedOn, "visitedOn", m.StartedOn, "startedOn");
        if (m.EndedOn is { } end && c.VisitedOn > end)
            v.Fail(RuleCodes.EndBeforeStart, "visitedOn", ("end", end), ("startField", "visitedOn"), ("start", c.VisitedOn));
        v.NotFuture(c.VisitedOn, "visitedOn");
        return [new VisitMade(m.Id, c.Kind, c.Id ?? new EntryId(v.Ctx.NewId()), c.VisitedOn)];
    }

    private static IReadOnlyList<CaseEvent> DecideEndMeasure(EndMeasure c, Checks v)
    {
        var m = v.OpenMeasure(c.MeasureId, "measureId");
        if (m is null) return [];
        v.NotBefore(c.EndedOn, "endedOn", m.StartedOn, "startedOn");
        v.NotFuture(c.EndedOn, "endedOn");
        if (c.Termination is not null)
            v.Code(c.Termination, CodeListPaths.Termination, c.EndedOn, "termination");
        else if (m.Termination is null && MeasureKinds.NeedsTerminationReason(m))
            v.Fail(RuleCodes.TerminationRequired, "termination", ("id", m.Id), ("category", m.Category.Code), ("basis", m.LegalBasis));
        return [new MeasureEnded(m.Id, c.EndedOn, c.Termination)];
    }

    /// <summary>Follow-up after a return home is offered for a care placement that ended, or is to end, with Opphevelse 1
    /// (a planned return: the reason recorded before the end). The offer cannot come before the placement started.</summary>
    private static IReadOnlyList<CaseEvent> DecideReturnFollowUp(OfferReturnFollowUp c, Checks v)
    {
        var m = v.Measure(c.MeasureId, "measureId");
        if (m is null) return [];
        if (!MeasureKinds.NeedsTerminationReason(m))
            v.Fail(RuleCodes.ReturnFollowUpNotCareOrder, "measureId", ("id", m.Id), ("basis", m.LegalBasis), ("category", m.Category.Code));
        else if (!MeasureKinds.IsReturnHome(m))
            v.Fail(RuleCodes.ReturnFollowUpNotReturned, "measureId", ("id", m.Id), ("code", m.Termination?.Code ?? "ingen"));
        v.NotBefore(c.OfferedOn, "offeredOn", m.StartedOn, "startedOn");
        v.NotFuture(c.OfferedOn, "offeredOn");
        return [new ReturnFollowUpOffered(m.Id, c.OfferedOn)];
    }

    private static IReadOnlyList<CaseEvent> DecideMakePlan(MakePlan c, Checks v)
    {
        var id = v.NewEntryId(c.Id, "id");
        v.InCase(c.StartedOn, "startedOn");
        v.Code(c.PlanType, CodeListPaths.PlanType, c.StartedOn, "planType");
        return [new PlanMade(id, c.StartedOn, c.PlanType)];
    }

    private static IReadOnlyList<CaseEvent> DecideEvaluatePlan(EvaluatePlan c, Checks v)
    {
        var p = v.OpenPlan(c.PlanId, "planId");
        if (p is null) return [];
        v.NotBefore(c.EvaluatedOn, "evaluatedOn", p.StartedOn, "startedOn");
        v.NotFuture(c.EvaluatedOn, "evaluatedOn");
        return [new PlanEvaluated(p.Id, c.EvaluatedOn)];
    }

    private static IReadOnlyList<CaseEvent> DecideEndPlan(EndPlan c, Checks v)
    {
        var p = v.OpenPlan(c.PlanId, "planId");
        if (p is null) return [];
        v.NotBefore(c.EndedOn, "endedOn", p.StartedOn, "startedOn");
        v.NotFuture(c.EndedOn, "endedOn");
        return [new PlanEnded(p.Id, c.EndedOn)];
    }

    private static IReadOnlyList<CaseEvent> DecideOfferAftercare(OfferAftercare c, Checks v)
    {
        var id = v.NewEntryId(c.Id, "id");
        v.InCase(c.OfferSentOn, "offerSentOn");
        return [new AftercareOffered(id, c.OfferSentOn)];
    }

    private static IReadOnlyList<CaseEvent> DecideConcludeAftercare(ConcludeAftercare c, Checks v)
    {
        var a = v.State!.FindAftercare(c.AftercareId);
        if (a is null)
        {
            v.Fail(RuleCodes.EntryUnknown, "aftercareId", ("kind", "Ettervernet"), ("id", c.AftercareId));
            return [];
        }
        if (a.Conclusion is { } done)
            v.Fail(RuleCodes.AlreadyConcluded, "aftercareId", ("kind", "Ettervernet"), ("id", a.Id), ("date", done.ConcludedOn));
        v.NotBefore(c.ConcludedOn, "concludedOn", a.OfferSentOn, "offerSentOn");
        v.NotFuture(c.ConcludedOn, "concludedOn");
        v.Code(c.Code, CodeListPaths.AftercareConclusion, c.ConcludedOn, "code");
        return [new AftercareConcluded(a.Id, c.ConcludedOn, c.Code)];
    }

    private static IReadOnlyList<CaseEvent> DecideCountyBoard(SendToCountyBoard c, Checks v)
    {
        var id = v.NewEntryId(c.Id, "id");
        v.InCase(c.SentOn, "sentOn");
        v.LegalBases(c.LegalBasis, c.ComparedWith, c.SentOn);
        return [new CountyBoardReferralSent(id, c.SentOn, c.LegalBasis, c.ComparedWith ?? [])];
    }

    private static IReadOnlyList<CaseEvent> DecideMove(RecordMove c, Checks v)
    {
        var id = v.NewEntryId(c.Id, "id");
        v.InCase(c.MovedOn, "movedOn");
        v.Code(c.ReasonFrom, CodeListPaths.MoveReasonFrom, c.MovedOn, "reasonFrom");
        v.Code(c.MovedTo, CodeListPaths.MovedTo, c.MovedOn, "movedTo");
        return [new ChildMoved(id, c.MovedOn, c.ReasonFrom, c.MovedTo)];
    }

    private static IReadOnlyList<CaseEvent> DecideRetract(RetractEntry c, Checks v)
    {
        var s = v.State!;
        var kind = s.KindOf(c.EntryId);
        if (kind is null)
            v.Fail(RuleCodes.EntryUnknown, "entryId", ("kind", "Registreringen"), ("id", c.EntryId));
        else if (kind == EntryKind.Personalia && s.PersonalDetails.Count == 1)
            v.Fail(RuleCodes.Required, "entryId", ("field", "Personalia (saken må ha minst én)"));
        v.Required(c.Reason, "reason").PlainText(c.Reason, "reason");
        v.NotFuture(c.RetractedOn, "retractedOn");
        return kind is null ? [] : [new EntryRetracted(c.EntryId, kind.Value, c.RetractedOn, c.Reason)];
    }

    private static IReadOnlyList<CaseEvent> DecideMigratedId(RecordMigratedId c, Checks v)
    {
        v.Required(c.MigratedId, "migratedId").MaxLength(c.MigratedId, 36, "migratedId");
        if (c.EntryId is { } entry && v.State!.KindOf(entry) is null)
            v.Fail(RuleCodes.EntryUnknown, "entryId", ("kind", "Registreringen"), ("id", entry));
        return [new MigratedIdRecorded(c.EntryId, c.MigratedId)];
    }

    private static IReadOnlyList<CaseEvent> DecideReceiveClaim(ReceiveClaim c, Checks v)
    {
        var d = v.Decision(c.DecisionId, "decisionId");
        if (d is null) return [];
        var id = v.NewEntryId(c.Id, "id");
        if (d.Claims?.Exists(k => k.Id == id) == true)
            v.Fail(RuleCodes.EntryIdTaken, "id", ("id", id));
        v.NotBefore(c.ReceivedOn, "receivedOn", d.DecidedOn, "decidedOn");
        v.NotFuture(c.ReceivedOn, "receivedOn");
        return [new ClaimReceived(d.Id, id, c.ReceivedOn)];
    }

    private static IReadOnlyList<CaseEvent> DecideConcludeClaim(ConcludeClaim c, Checks v)
    {
        var d = v.Decision(c.DecisionId, "decisionId");
        if (d is null) return [];
        var claim = d.Claims?.Find(k => k.Id == c.ClaimId);
        if (claim is null)
        {
            v.Fail(RuleCodes.EntryUnknown, "claimId", ("kind", "Kravet"), ("id", c.ClaimId));
            return [];
        }
        if (claim.Conclusion is { } done)
            v.Fail(RuleCodes.AlreadyConcluded, "claimId", ("kind", "Kravet"), ("id", claim.Id), ("date", done.ConcludedOn));
        v.NotBefore(c.ConcludedOn, "concludedOn", claim.ReceivedOn, "receivedOn");
        v.NotFuture(c.ConcludedOn, "concludedOn");
        v.Code(c.Outcome, CodeListPaths.ClaimConclusion, c.ConcludedOn, "outcome");
        return [new ClaimConcluded(d.Id, claim.Id, c.ConcludedOn, c.Outcome)];
    }

    private static IReadOnlyList<CaseEvent> DecideTerminationReason(RecordTerminationReason c, Checks v)
    {
        var m = v.OpenMeasure(c.MeasureId, "measureId");
        if (m is null) return [];
        // No end date yet: the code is checked on the measure's start, as vern.kodeliste.gyldighet does for an Opphevelse without Konklusjon.
        v.Code(c.Termination, CodeListPaths.Termination, m.StartedOn, "termination");
        return [new TerminationReasonRecorded(m.Id, c.Termination)];
    }

    private static IReadOnlyList<CaseEvent> DecideInvestigationGrounds(RecordInvestigationGrounds c, Checks v)
    {
        var inv = v.OpenInvestigation(c.InvestigationId, "investigationId");
        if (inv is null) return [];
        // Not concluded yet: checked on the start, as vern.kodeliste.gyldighet does for Vedtaksgrunnlag without Konklusjon.
        v.Codes(c.Grounds, CodeListPaths.DecisionBasis, inv.StartedOn, "grounds", required: true);
        return [new InvestigationGroundsRecorded(inv.Id, c.Grounds)];
    }

    private static IReadOnlyList<CaseEvent> DecideRelation(RecordRelation c, Checks v)
    {
        var s = v.State!;
        // A register file may name an element the case does not have (Vedtak Kontroll 20 only warns of a missing
        // OversendelseFylkesnemnd): on import such a dangling end is kept as it is, so the case goes back to SSB unchanged.
        // An end that names an entry of another kind is refused in every mode.
        foreach (var (id, kind, field) in new[] { (c.From, c.FromKind, "from"), (c.To, c.ToKind, "to") })
            if (s.KindOf(id) is not { } actual ? v.Ctx.Mode != DecisionMode.RegisterImport : actual != kind)
                v.Fail(RuleCodes.EntryUnknown, field, ("kind", kind), ("id", id));
        if (s.Relations.Exists(r => r.Id == c.RelationId) || s.HasEntry(new EntryId(c.RelationId)))
            v.Fail(RuleCodes.EntryIdTaken, "relationId", ("id", c.RelationId));
        return [new RelationRecorded(c.RelationId, c.From, c.FromKind, c.To, c.ToKind)];
    }

    private static IReadOnlyList<CaseEvent> DecideDeletedElement(RecordDeletedElement c, Checks v)
    {
        if (!DeletedElement.IsRegisterType(c.ElementType))
            v.Fail(RuleCodes.DeletedTypeInvalid, "elementType", ("value", c.ElementType));
        if (v.State!.DeletedElements.Exists(d => d.Id == c.ElementId && d.Type == c.ElementType))
            v.Fail(RuleCodes.EntryIdTaken, "elementId", ("id", c.ElementId));
        v.NotFuture(c.DeletedOn, "deletedOn");
        return [new DeletedElementRecorded(c.ElementId, c.ElementType, c.DeletedOn)];
    }

    private static IReadOnlyList<CaseEvent> DecideDeletionFlag(RecordDeletionFlag c, Checks v)
    {
        var s = v.State!;
        if (c.ElementId is not { } id)
        {
            if (c.Part is not null)
                v.Fail(RuleCodes.DeletionFlagPartInvalid, "part", ("value", c.Part));
        }
        else if (c.Part is not null)
        {
            if (c.Part != "Konklusjon" || s.FindReport(new EntryId(id)) is not { Conclusion: not null })
                v.Fail(RuleCodes.DeletionFlagPartInvalid, "part", ("value", c.Part));
        }
        else if (s.KindOf(new EntryId(id)) is { } kind)
        {
            if (c.Value && kind == EntryKind.Personalia && s.PersonalDetails.Count == 1)
                v.Fail(RuleCodes.Required, "elementId", ("field", "Personalia (saken må ha minst én som ikke er slettet)"));
        }
        else if (!s.Relations.Exists(r => r.Id == id))
        {
            v.Fail(RuleCodes.EntryUnknown, "elementId", ("kind", "Elementet"), ("id", id));
        }
        return [new DeletionFlagRecorded(c.ElementId, c.Value, c.Part)];
    }

    private static ImmutableList<CodedValue>? NullIfEmpty(ImmutableList<CodedValue>? list) => list is { Count: > 0 } ? list : null;

    private static IReadOnlyList<CaseEvent> DecideClose(CloseCase c, Checks v)
    {
        v.NotBefore(c.ClosedOn, "closedOn", v.State!.OpenedOn, "openedOn");
        v.NotFuture(c.ClosedOn, "closedOn");
        return [new CaseClosed(c.ClosedOn)];
    }

    private static IReadOnlyList<CaseEvent> DecideReopen(ReopenCase c, Checks v)
    {
        if (v.State!.ClosedOn is not { } closed)
        {
            v.Fail(RuleCodes.CaseNotClosed, "caseId");
            return [];
        }
        v.NotBefore(c.ReopenedOn, "reopenedOn", closed, "closedOn");
        v.NotFuture(c.ReopenedOn, "reopenedOn");
        return [new CaseReopened(c.ReopenedOn)];
    }

    /// <summary>Collects the issues of one decision; <see cref="Done{T}"/> throws if any were found.</summary>
    private sealed class Checks(DecisionContext ctx)
    {
        private readonly List<ValidationIssue> _issues = [];

        public DecisionContext Ctx { get; } = ctx;

        public CaseState? State { get; set; }

        public bool Ok => _issues.Count == 0;

        public void Fail(string code, string field, params (string, object?)[] values) => _issues.Add(Issue(code, field, values));

        public IReadOnlyList<T> Done<T>(Func<IReadOnlyList<T>> decide)
        {
            var result = Ok ? decide() : [];
            return Ok ? result : throw new DomainRuleException(_issues);
        }

        public Checks Required(string? value, string field)
        {
            if (string.IsNullOrWhiteSpace(value))
                Fail(RuleCodes.Required, field);
            return this;
        }

        /// <summary>A text within the register's length that is also plain text (see <see cref="PlainText"/>).</summary>
        public Checks MaxLength(string? value, int max, string field)
        {
            if (value is not null && value.Length > max)
                Fail(RuleCodes.TooLong, field, ("max", max));
            return PlainText(value, field);
        }

        /// <summary>No control characters (NUL, ESC, …) and no invisible format characters (bidirectional overrides
        /// such as U+202E, zero-width spaces): they cannot be written to a register file (NUL) or would change how
        /// the text around them is shown.</summary>
        public Checks PlainText(string? value, string field)
        {
            foreach (var c in value ?? "")
            {
                if (char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
                {
                    Fail(RuleCodes.ControlCharacter, field, ("codepoint", ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)));
                    break;
                }
            }
            return this;
        }

        /// <summary>A case or personalia date against the child's age: at most 9 months before birth (an unborn
        /// child; SSB Personalia Kontroll 16) and before the 25th birthday (SSB Sak Kontroll 7).</summary>
        /// <remarks>Birth 2024-10-31: 2024-01-31 is accepted (31 Oct − 9 months = 31 Jan), 2024-01-30 refused;
        /// opening on 2049-10-30 is accepted, on 2049-10-31 (the 25th birthday) refused.</remarks>
        public void ChildAge(DateOnly date, string field, DateOnly birth)
        {
            NotBeforeConception(date, field, birth);
            if (birth.Year <= 9974 && date >= birth.AddYears(25))
                Fail(RuleCodes.OpenedAfterAge25, field, ("date", date), ("turned25", birth.AddYears(25)));
        }

        /// <summary>At most 9 months before the birth (SSB Personalia Kontroll 16, ERROR).</summary>
        public void NotBeforeConception(DateOnly date, string field, DateOnly birth)
        {
            if (birth >= DateOnly.MinValue.AddMonths(9) && date < birth.AddMonths(-9))
                Fail(RuleCodes.OpenedBeforeBirth, field, ("date", date), ("birth", birth));
        }

        public void NotFuture(DateOnly date, string field)
        {
            if (date > Ctx.Today)
                Fail(RuleCodes.FutureDate, field, ("date", date), ("today", Ctx.Today));
        }

        /// <summary>End on or after start (periods are inclusive at both ends, so the same day is allowed).</summary>
        public void NotBefore(DateOnly end, string field, DateOnly start, string startField)
        {
            if (end < start)
                Fail(RuleCodes.EndBeforeStart, field, ("end", end), ("startField", startField), ("start", start));
        }

        /// <summary>A new entry's date: not in the future and not before the case started (SSB kontroll 2e).</summary>
        public void InCase(DateOnly date, string field)
        {
            NotFuture(date, field);
            if (date < State!.OpenedOn)
                Fail(RuleCodes.BeforeCaseStart, field, ("date", date), ("caseStart", State.OpenedOn));
        }

        public EntryId NewEntryId(EntryId? given, string field)
        {
            if (given is { } id)
            {
                if (State?.HasEntry(id) == true)
                    Fail(RuleCodes.EntryIdTaken, field, ("id", id));
                return id;
            }
            return new EntryId(Ctx.NewId());
        }

        public void KnownCode(string code, string path, string field)
        {
            var list = Ctx.CodeLists.Get(path);
            if (list.Find(code) is null)
                Fail(RuleCodes.CodeUnknown, field, ("code", code), ("list", list.Title));
        }

        public void Code(string code, string path, DateOnly on, string field) => Code(new CodedValue(code), path, on, field, checkSpecification: false);

        public void Code(CodedValue value, string path, DateOnly on, string field, bool checkSpecification = true)
        {
            var list = Ctx.CodeLists.Get(path);
            var entry = list.Find(value.Code);
            if (entry is null)
            {
                Fail(RuleCodes.CodeUnknown, field, ("code", value.Code), ("list", list.Title));
                return;
            }
            if (!list.Accepts(entry, on))
                Fail(RuleCodes.CodeNotValidOnDate, field, ("code", value.Code), ("list", list.Title), ("date", on),
                    ("from", entry.ValidFrom), ("to", entry.ValidTo?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? ""));
            if (checkSpecification && entry.RequiresSpecification && string.IsNullOrWhiteSpace(value.Specification))
                Fail(RuleCodes.SpecificationRequired, field, ("code", value.Code));
        }

        public void Codes(ImmutableList<CodedValue>? values, string path, DateOnly on, string field, bool required)
        {
            if (values is null || values.Count == 0)
            {
                if (required) Fail(RuleCodes.CodesRequired, field);
                return;
            }
            for (int i = 0; i < values.Count; i++)
                Code(values[i], path, on, $"{field}[{i}]");
        }

        public void LegalBasis(LegalBasis basis, DateOnly on, string field)
        {
            var act = Acts.Find(basis.Act);
            if (act is null)
            {
                Fail(RuleCodes.ActUnknown, field, ("act", basis.Act));
                return;
            }
            if (act.Code is "BVL" or "BVL2021" && !act.IsInForceOn(on))
                Fail(RuleCodes.ActNotInForce, field, ("act", act.Code), ("date", on), ("expected", Acts.ChildWelfareActOn(on).Code));
            if (!ChapterOrSection().IsMatch(basis.Chapter) || basis.Chapter.Length > 3)
                Fail(RuleCodes.LegalBasisFormat, field, ("part", "Kapittel"), ("value", basis.Chapter));
            if (!ChapterOrSection().IsMatch(basis.Section) || basis.Section.Length > 4)
                Fail(RuleCodes.LegalBasisFormat, field, ("part", "Paragraf"), ("value", basis.Section));
            foreach (var ledd in basis.Subsections.Where(l => !Number().IsMatch(l)))
                Fail(RuleCodes.LegalBasisFormat, field, ("part", "Ledd"), ("value", ledd));
        }

        /// <summary>Lovhjemmel and up to three JmfrLovhjemmel, each checked for the fact's date.</summary>
        public void LegalBases(LegalBasis main, ImmutableList<LegalBasis>? comparedWith, DateOnly on)
        {
            LegalBasis(main, on, "legalBasis");
            foreach (var (basis, i) in (comparedWith ?? []).Select((b, i) => (b, i)))
                LegalBasis(basis, on, $"comparedWith[{i}]");
        }

        public PersonalDetails? Child(ChildInput c, string field, DateOnly from, EntryId id)
        {
            PersonIdentifier? identifier = null;
            if (!string.IsNullOrEmpty(c.Identifier))
            {
                identifier = PersonIdentifier.TryParse(c.Identifier, out var reason);
                if (identifier is null)
                    Fail(RuleCodes.IdentifierInvalid, $"{field}.identifier", ("value", c.Identifier), ("reason", reason));
                else if (identifier.EncodedSex is { } encoded && c.Sex != Sex.Unborn && encoded != c.Sex)
                    Fail(RuleCodes.IdentifierSexMismatch, $"{field}.sex", ("encoded", SexTitle(encoded)), ("given", SexTitle(c.Sex)));
            }
            if (c.DufNumber is not null && !DufNumber.IsValid(c.DufNumber))
                Fail(RuleCodes.DufInvalid, $"{field}.dufNumber", ("value", c.DufNumber));
            var birth = c.BirthDate ?? identifier?.BirthDate;
            if (birth is null && string.IsNullOrEmpty(c.Identifier))
                Fail(RuleCodes.Required, $"{field}.birthDate");
            // A due-date number (termindato + 99999, or no number for an unborn child) describes a child not yet born:
            // personalia from after that date must give the born child's number or birth date (Personalia Kontroll 15).
            var dueDateForm = c.Identifier is { Length: 11 } n ? n.EndsWith("99999", StringComparison.Ordinal) : string.IsNullOrEmpty(c.Identifier) && c.Sex == Sex.Unborn;
            if (dueDateForm && birth is { } due && from > due)
                Fail(RuleCodes.DueDateAfterBirth, $"{field}.identifier", ("from", from), ("due", due));
            MaxLength(c.GivenName, 200, $"{field}.givenName");
            MaxLength(c.FamilyName, 200, $"{field}.familyName");
            return Ok ? new PersonalDetails(id, from, c.Identifier, birth!.Value, c.Sex, c.DufNumber, c.GivenName, c.FamilyName, c.AddressProtection) : null;
        }

        public ReportOfConcern? Report(EntryId id, string field) =>
            State!.FindReport(id) ?? Missing<ReportOfConcern>(field, "Meldingen", id);

        public Investigation? OpenInvestigation(EntryId id, string field)
        {
            var inv = State!.FindInvestigation(id) ?? Missing<Investigation>(field, "Undersøkelsen", id);
            if (inv?.Conclusion is { } done)
                Fail(RuleCodes.AlreadyConcluded, field, ("kind", "Undersøkelsen"), ("id", id), ("date", done.ConcludedOn));
            return inv;
        }

        public Decision? Decision(EntryId id, string field) =>
            State!.FindDecision(id) ?? Missing<Decision>(field, "Vedtaket", id);

        public Measure? Measure(EntryId id, string field) =>
            State!.FindMeasure(id) ?? Missing<Measure>(field, "Tiltaket", id);

        public Measure? OpenMeasure(EntryId id, string field)
        {
            var m = Measure(id, field);
            if (m?.EndedOn is { } ended)
                Fail(RuleCodes.AlreadyConcluded, field, ("kind", "Tiltaket"), ("id", id), ("date", ended));
            return m;
        }

        public Plan? OpenPlan(EntryId id, string field)
        {
            var p = State!.FindPlan(id) ?? Missing<Plan>(field, "Planen", id);
            if (p?.EndedOn is { } ended)
                Fail(RuleCodes.AlreadyConcluded, field, ("kind", "Planen"), ("id", id), ("date", ended));
            return p;
        }

        /// <summary>Kjønn as the register codes and names it (Barnevern_v4.xsd Personalia/@Kjonn), for messages.</summary>
        private static string SexTitle(Sex sex) => sex switch
        {
            Sex.Unborn => "0 (Ufødt)",
            Sex.Male => "1 (Mann / Gutt)",
            Sex.Female => "2 (Kvinne / Jente)",
            _ => throw new ArgumentOutOfRangeException(nameof(sex), sex, "Kjønn has no register code."),
        };

        private T? Missing<T>(string field, string kind, EntryId id) where T : class
        {
            Fail(RuleCodes.EntryUnknown, field, ("kind", kind), ("id", id));
            return null;
        }
    }
}
