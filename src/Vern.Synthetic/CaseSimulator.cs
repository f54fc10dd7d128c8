using System.Collections.Immutable;
using System.Globalization;
using Vern.Domain.Cases;
using Vern.Domain.CodeLists;
using Vern.Domain.Law;
using Vern.Domain.People;

namespace Vern.Synthetic;

/// <summary>A command with the legal date it happens on (the generator's clock for that fact).</summary>
internal readonly record struct DatedCommand(DateOnly Date, CaseCommand Command);

/// <summary>One generated case: its id and its commands in the order they happened.</summary>
internal sealed record SimulatedCase(CaseId Id, IReadOnlyList<DatedCommand> Commands);

/// <summary>Writes the life of one child's case as a sequence of commands: reports of concern, review, investigation,
/// decisions, measures, plans, visits, moves, aftercare and closing, with dates and codes drawn from
/// <see cref="SyntheticRates"/> and the code lists valid on each date. The whole future of the case is simulated and
/// then cut at the period's last day, so a case open at <c>to</c> simply has its later facts missing.</summary>
/// <remarks>Deterministic: all randomness comes from the <see cref="Random"/> passed in, in a fixed order.</remarks>
internal sealed class CaseSimulator
{
    private static readonly ImmutableArray<string> None = [];

    private static readonly FrozenCodes Preferred = new();

    private readonly Municipality _municipality;
    private readonly DateOnly _from;
    private readonly DateOnly _to;
    private readonly CodePicker _codes;
    private readonly Random _rng;
    private readonly int _caseworkers;
    private readonly HashSet<string> _identifiers = [];
    private readonly Dictionary<EntryId, List<string>> _reporters = [];

    /// <summary>Steps <see cref="ClampToClosure"/> left out (by their sequence number): never given before the case closed.</summary>
    private readonly HashSet<int> _left = [];
    private int _journal;

    // State of the case being written.
    private List<(DateOnly Date, int Seq, CaseCommand Command)> _items = [];
    private int _seq;
    private bool _hasMeasure;
    private DateOnly _birth;
    private DateOnly _episodeStart;

    public CaseSimulator(Municipality municipality, DateOnly from, DateOnly to, CodePicker codes, Random rng, int caseworkers)
    {
        _municipality = municipality;
        _from = from;
        _to = to;
        _codes = codes;
        _rng = rng;
        _caseworkers = Math.Max(1, caseworkers);
    }

    /// <summary>A child first reported on <paramref name="firstReport"/>, with the case's whole history.</summary>
    public SimulatedCase Child(DateOnly firstReport)
    {
        Begin();
        var caseId = Ids.NewCaseId(_rng);
        _birth = BirthDateFor(firstReport);
        var spans = new List<(DateOnly Open, DateOnly Close)>();
        Add(firstReport, new OpenCase(_municipality.Number, NextJournal(firstReport), firstReport, NewChild(_birth)));
        Add(firstReport, new AssignCaseworker(Caseworker(), firstReport));

        var date = firstReport;
        var spanStart = firstReport;
        while (true)
        {
            _episodeStart = date;
            var end = Episode(date);
            var closeOn = CloseAfter(end);
            Add(closeOn, new CloseCase(closeOn));
            spans.Add((spanStart, closeOn));
            if (_rng.NextDouble() >= SyntheticRates.ReReportChance)
                break;
            var next = closeOn.AddDays(Between(30, 900));
            if (next > _to || Age(next) >= 18)
                break;
            Add(next, new ReopenCase(next));
            Add(next, new AssignCaseworker(Caseworker(), next));
            date = next;
            spanStart = next;
        }
        Reassignments(spans);
        return Finish(caseId);
    }

    /// <summary>A young adult (18–22) with no earlier case here who asks for aftercare (ettervern) on <paramref name="on"/>.</summary>
    public SimulatedCase YoungAdult(DateOnly on)
    {
        Begin();
        var caseId = Ids.NewCaseId(_rng);
        _birth = on.AddYears(-18 - _rng.Next(0, 5)).AddDays(-_rng.Next(0, 365));
        _episodeStart = on;
        Add(on, new OpenCase(_municipality.Number, NextJournal(on), on, NewChild(_birth)));
        Add(on, new AssignCaseworker(Caseworker(), on));
        var end = Aftercare(on, offerOn: on, requested: true);
        var closeOn = CloseAfter(end);
        Add(closeOn, new CloseCase(closeOn));
        Reassignments([(on, closeOn)]);
        return Finish(caseId);
    }

    /// <summary>When the case is closed after its last entry ended: within a month, but the same day for a client of 18 or
    /// more without measures, whose open case SSB reports as an error (Sak Kontroll 8: a client over 18 shall have measures).</summary>
    private DateOnly CloseAfter(DateOnly end)
    {
        var close = end.AddDays(Between(1, 30));
        return Age(close) >= 18 && !_hasMeasure ? end : close;
    }

    /// <summary><paramref name="date"/>, or the day before the 18th birthday when that comes first (not before <paramref name="notBefore"/>).</summary>
    private DateOnly BeforeAdulthood(DateOnly notBefore, DateOnly date) =>
        _hasMeasure ? date : Max(notBefore, Min(date, _birth.AddYears(18).AddDays(-1)));

    // ---- Episodes -------------------------------------------------------------------------------------------

    /// <summary>One report of concern and everything that follows from it; returns the day the last thing ended.</summary>
    private DateOnly Episode(DateOnly received)
    {
        var reportId = ReceiveReport(received);
        var age = Age(received);
        // Emergencies among all reports: share of reports investigated × share leading to measures × emergency share.
        if (_rng.NextDouble() < SyntheticRates.ShareInvestigated * SyntheticRates.ShareInvestigationsToMeasures * SyntheticRates.EmergencyShare)
            return Emergency(received, reportId, age);

        var onTime = _rng.NextDouble() < SyntheticRates.ReviewOnTime;
        var reviewed = BeforeAdulthood(received, received.AddDays(onTime ? Between(0, 7) : Between(8, 30)));
        if (_rng.NextDouble() < SyntheticRates.ShareInvestigated)
            return Investigation(reviewed, reportId);

        var code = _codes.Pick(_rng, CodeListPaths.ReportConclusion, reviewed,
            ("1", 1.0), ("10", 0.6), ("8", 0.15), ("7", 0.1), ("9", 0.1), ("5", 0.03), ("6", 0.02));
        Add(reviewed, new ConcludeReport(reportId, reviewed, code));
        return reviewed;
    }

    private EntryId ReceiveReport(DateOnly received)
    {
        var id = NewId();
        var reporterCount = _rng.NextDouble() < 0.85 ? 1 : 2;
        var reporters = new List<string>();
        while (reporters.Count < reporterCount)
        {
            var code = _codes.Pick(_rng, CodeListPaths.Reporter, received,
                ("8", 18), ("11", 14), ("9", 7), ("10", 8), ("2", 9), ("5", 8), ("7", 5), ("15", 6), ("24", 5), ("25", 1),
                ("4", 5), ("23", 3), ("1", 2), ("3", 3), ("6", 2), ("13", 3), ("14", 2), ("16", 1), ("18", 1), ("19", 1));
            if (!reporters.Contains(code))
                reporters.Add(code);
        }
        var contents = ContentCodes(received, _rng.NextDouble() < 0.6 ? 1 : _rng.Next(2, 4));
        Add(received, new ReceiveReport(received, [.. reporters.Select(c => new CodedValue(c))], contents, id));
        _reporters[id] = reporters;
        // Feedback to the reporter confirming receipt, due within three weeks (1992 § 6-7 a; Bufdir's guidance for the 2021
        // Act): not to anonymous reporters (23) or the service itself (5). Most on time, some late.
        if (reporters.Exists(c => c is not ("5" or "23")))
            Add(received.AddDays(FeedbackDelay(id, 0)), new GiveReporterFeedback(id, received.AddDays(FeedbackDelay(id, 0)), ReporterFeedbackKind.Receipt));
        return id;
    }

    /// <summary>Days until a feedback to the reporter: 1–20 (on time) nine times in ten, 22–35 (late) otherwise. Taken from
    /// the report's id, not from the random sequence, so adding feedback does not change any other generated fact.</summary>
    private static int FeedbackDelay(EntryId report, int salt)
    {
        var n = (int)((uint)(report.Value.GetHashCode() ^ (salt * 0x5bd1e995)) % 1000);
        return n < 900 ? 1 + n % 20 : 22 + n % 14;
    }

    /// <summary>A second id derived from <paramref name="id"/> (first six bytes flipped; version and variant kept), so the
    /// investigation plan gets an id without drawing from the random sequence.</summary>
    private static EntryId Derived(EntryId id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.Value.TryWriteBytes(bytes);
        for (int i = 0; i < 6; i++) bytes[i] ^= 0xA5;
        return new EntryId(new Guid(bytes));
    }

    /// <summary>Melder codes of public bodies and professionals (Kodelister Melder 6–20, 22, 24, 25), owed feedback after the investigation.</summary>
    private static bool IsPublicReporter(string code) => int.TryParse(code, out var n) && n is (>= 6 and <= 20) or 22 or 24 or 25;

    /// <summary>An investigation started on <paramref name="started"/> (the review date); returns when all that followed ended.</summary>
    private DateOnly Investigation(DateOnly started, EntryId reportId, string? forcedOutcome = null)
    {
        var id = NewId();
        Add(started, new OpenInvestigation(reportId, started, id));
        var deadline = started.AddMonths(3);
        var roll = _rng.NextDouble();
        DateOnly concluded;
        // A child who turns 18 within the three months gets no extension (see BeforeAdulthood below).
        if (roll < SyntheticRates.InvestigationWithinThreeMonths || BeforeAdulthood(started, deadline) < deadline)
        {
            concluded = started.AddDays(Between(10, deadline.DayNumber - started.DayNumber));
        }
        else if (roll < SyntheticRates.InvestigationWithinThreeMonths + SyntheticRates.InvestigationExtended)
        {
            var requested = started.AddDays(Between(45, deadline.DayNumber - started.DayNumber - 1));
            Add(requested, new RequestExtension(id, requested));
            var granted = _rng.NextDouble() < 0.95;
            Add(requested, new DecideExtension(id, granted));
            var extended = started.AddMonths(6);
            concluded = granted && _rng.NextDouble() < 0.9
                ? deadline.AddDays(Between(1, extended.DayNumber - deadline.DayNumber))
                : extended.AddDays(Between(1, 45));
        }
        else
        {
            concluded = deadline.AddDays(Between(1, 75));
        }

        // A child who turns 18 during the investigation: it is concluded before then, so an adult's case is never open
        // without measures (Sak Kontroll 8).
        concluded = BeforeAdulthood(started, concluded);

        // Another report while the investigation runs: "melding i pågående undersøkelse" (Melding/Konklusjon 4).
        if (_rng.NextDouble() < 0.05 && concluded.DayNumber - started.DayNumber > 20)
        {
            var during = started.AddDays(Between(5, concluded.DayNumber - started.DayNumber - 10));
            var extra = ReceiveReport(during);
            var reviewed = Min(during.AddDays(Between(0, 7)), concluded);
            Add(reviewed, new ConcludeReport(extra, reviewed, "4"));
        }

        var age = Age(concluded);
        string outcome;
        string path;
        if (forcedOutcome is not null)
        {
            outcome = forcedOutcome;
            path = forcedOutcome == "2" ? "care" : "support";
        }
        else if (_rng.NextDouble() < SyntheticRates.ShareInvestigationsToMeasures && age < 18)
        {
            var kind = _rng.NextDouble();
            path = kind < SyntheticRates.CareOrderShare ? "care"
                : kind < SyntheticRates.CareOrderShare + SyntheticRates.PlacementShare ? "placement"
                : "support";
            outcome = path == "care" ? "2" : "1";
        }
        else
        {
            outcome = _codes.Pick(_rng, CodeListPaths.InvestigationConclusion, concluded,
                ("3", 0.68), ("4", 0.14), ("6", 0.08), ("5", 0.05), ("9", 0.05), ("7", 0.01), ("8", 0.01));
            path = "none";
        }
        var grounds = outcome is "1" or "2" ? ContentCodes(concluded, _rng.Next(1, 4)) : [];
        Add(concluded, new ConcludeInvestigation(id, concluded, new CodedValue(outcome), grounds));
        // The investigation plan (barnevernsloven § 2-2 tredje ledd, Plantype 7 from 2023) made when it opens, ended with it;
        // and feedback to a public reporter within three weeks of its end.
        if (started >= new DateOnly(2023, 1, 1))
        {
            // Made within a few days of the opening, but never after the conclusion: an investigation cut short (a child about to
            // turn 18) ends its plan the day it is concluded, and the plan cannot end before it is made (seed 7, 7016).
            var planId = Derived(id);
            var planned = Min(started.AddDays(FeedbackDelay(id, 1) > 18 ? FeedbackDelay(id, 1) % 6 : 0), concluded);
            Add(planned, new MakePlan(planned, "7", planId));
            Add(concluded, new EndPlan(planId, concluded));
        }
        if (_reporters.TryGetValue(reportId, out var reporters) && reporters.Exists(IsPublicReporter))
            Add(concluded.AddDays(FeedbackDelay(reportId, 2)), new GiveReporterFeedback(reportId, concluded.AddDays(FeedbackDelay(reportId, 2)), ReporterFeedbackKind.AfterInvestigation));
        return path switch
        {
            "care" => CareOrder(concluded, id),
            "placement" => SupportPlacement(concluded, id),
            "support" => Support(concluded, id),
            _ => concluded,
        };
    }

    /// <summary>Hjelpetiltak in the home (barnevernsloven § 3-1; 1992 Act § 4-4) with a tiltaksplan (Plantype 1).</summary>
    private DateOnly Support(DateOnly after, EntryId? investigationId)
    {
        // Concluded "1 = the service decides on measures": the decision is made with the conclusion (Undersøkelse Kontroll 21).
        var decided = investigationId is null ? ChildMeasureStart(after, after.AddDays(Between(0, 14))) : after;
        var decision = NewId();
        var basis = SupportBasis(decided);
        Add(decided, new MakeDecision(decided, basis, "1", investigationId, Id: decision));
        var adult = _birth.AddYears(18);
        var count = _rng.NextDouble() < 0.7 ? 1 : 2;
        var firstStart = DateOnly.MaxValue;
        var lastEnd = decided;
        var reachedAdulthood = false;
        for (int i = 0; i < count; i++)
        {
            var start = ChildMeasureStart(decided, decided.AddDays(Between(0, 21)));
            var end = start.AddDays(SupportDays());
            if (end >= adult)
            {
                end = Max(start, adult.AddDays(-1));
                reachedAdulthood = true;
            }
            var category = _codes.Pick(_rng, CodeListPaths.MeasureCategory, start,
                ("3.7", 14), ("3.9", 12), ("3.10", 8), ("4.6", 8), ("4.5", 8), ("4.3", 6), ("3.2", 5), ("3.4", 4), ("3.6", 4),
                ("3.5", 3), ("4.4", 6), ("4.1", 3), ("5.1", 3), ("6.1", 3), ("6.2", 3), ("7.3", 4), ("3.8", 1), ("4.7", 2));
            var measure = NewId();
            Add(start, new StartMeasure(decision, start, new CodedValue(category), MeasureGrounds(start), basis, measure));
            Add(end, new EndMeasure(measure, end));
            firstStart = Min(firstStart, start);
            lastEnd = Max(lastEnd, end);
        }
        if (_rng.NextDouble() < SyntheticRates.SupportPlanShare)
            Plan("1", firstStart.AddDays(Between(0, 30)), lastEnd, monthsBetweenEvaluations: 6);
        // A new report while measures run: "henlagt pga. aktive tiltak" (Melding/Konklusjon 3).
        if (_rng.NextDouble() < 0.06 && lastEnd.DayNumber - firstStart.DayNumber > 30)
        {
            var during = firstStart.AddDays(Between(10, lastEnd.DayNumber - firstStart.DayNumber - 1));
            var extra = ReceiveReport(during);
            var reviewed = Min(during.AddDays(Between(0, 7)), lastEnd);
            Add(reviewed, new ConcludeReport(extra, reviewed, "3"));
        }
        Add(lastEnd, new EndDecision(decision, lastEnd));
        return reachedAdulthood ? Max(lastEnd, AftercareAt18(lastEnd)) : lastEnd;
    }

    /// <summary>When a child's measure (or a petition for one) that a decision before the 18th birthday leads to starts:
    /// <paramref name="planned"/>, but no later than the day before the birthday (not before <paramref name="decided"/>).
    /// Help measures, placements and care orders are for children (barnevernsloven §§ 3-1, 5-1; 1992 Act §§ 4-4, 4-12);
    /// after 18 only aftercare (§ 3-6). A measure planned for after the birthday would start after the case's "today" or,
    /// left out, leave an 18-year-old's open case without measures (SSB Sak Kontroll 8).</summary>
    private DateOnly ChildMeasureStart(DateOnly decided, DateOnly planned) =>
        Max(decided, Min(planned, _birth.AddYears(18).AddDays(-1)));

    /// <summary>Placement outside the home as a support measure (foster home or institution by consent).</summary>
    private DateOnly SupportPlacement(DateOnly after, EntryId investigationId)
    {
        var decided = after; // with the conclusion "1", as in Support
        var decision = NewId();
        var basis = SupportBasis(decided);
        Add(decided, new MakeDecision(decided, basis, "1", investigationId, Id: decision));
        var start = ChildMeasureStart(decided, decided.AddDays(Between(0, 14)));
        var adult = _birth.AddYears(18);
        var end = start.AddDays(Between(90, 720));
        var atAdulthood = end >= adult;
        if (atAdulthood)
            end = Max(start, adult.AddDays(-1));
        var institution = Age(start) >= 13 && _rng.NextDouble() < 0.4;
        var first = institution ? "1.1" : _rng.NextDouble() < 0.5 ? "2.1" : "2.2";
        Placement(decision, basis, start, end, first, termination: null);
        Plan("1", start.AddDays(Between(0, 30)), end, monthsBetweenEvaluations: 6);
        Add(end, new EndDecision(decision, end));
        return atAdulthood ? Max(end, AftercareAt18(end)) : end;
    }

    /// <summary>Care order (omsorgsovertakelse, barnevernsloven § 5-1; 1992 Act § 4-12): petition to the county
    /// board, decision with status 2 (begjæring oversendt nemnd) then 1 (godkjent) or 4 (avslått).</summary>
    private DateOnly CareOrder(DateOnly after, EntryId? investigationId, EntryId? emergencyMeasure = null, EntryId? emergencyDecision = null)
    {
        var sent = ChildMeasureStart(after, after.AddDays(Between(0, 21)));
        var referral = NewId();
        var basis = CareOrderBasis(sent);
        Add(sent, new SendToCountyBoard(sent, basis, Id: referral));
        var decision = NewId();
        Add(sent, new MakeDecision(sent, basis, "2", investigationId, referral, Id: decision));
        var board = sent.AddDays(Between(30, 120));
        var adult = _birth.AddYears(18);
        if (board >= adult)
            board = Max(sent, adult.AddDays(-1));
        if (_rng.NextDouble() >= 0.88)
        {
            Add(board, new ChangeDecisionStatus(decision, board, "4"));
            Add(board, new EndDecision(decision, board));
            if (emergencyMeasure is { } em)
            {
                Add(board, new EndMeasure(em, board));
                Add(board, new EndDecision(emergencyDecision!.Value, board));
                Add(board, new RecordMove(board, new CodedValue("1.1.1"), new CodedValue("6"), NewId()));
            }
            return _rng.NextDouble() < 0.6 && Age(board) < 18 ? Support(board, null) : board;
        }

        Add(board, new ChangeDecisionStatus(decision, board, "1"));
        if (emergencyMeasure is { } e)
        {
            Add(board, new RecordMove(board, new CodedValue("1.1.4"), new CodedValue("2"), NewId()));
            Add(board, new EndMeasure(e, board));
            Add(board, new EndDecision(emergencyDecision!.Value, board));
        }
        // Lasts until the child turns 18, unless the child returns home earlier (barnevernsloven § 5-7).
        var end = adult.AddDays(-1);
        var returnsHome = _rng.NextDouble() < 0.1;
        if (returnsHome)
            end = Min(end, board.AddDays(Between(365, 4 * 365)));
        end = Max(end, board);
        var institution = Age(board) >= 13 && _rng.NextDouble() < 0.3;
        var category = institution ? "1.1" : _codes.Pick(_rng, CodeListPaths.MeasureCategory, board, ("2.1", 0.3), ("2.2", 0.6), ("2.3", 0.1));
        var placement = Placement(decision, basis, board, end, category, termination: returnsHome ? MeasureKinds.ReturnedHome : "2");
        var followUpOffered = end;
        if (returnsHome)
        {
            Add(end, new RecordMove(end, new CodedValue(institution ? "2.1" : "1.1.1"), new CodedValue("6"), NewId()));
            followUpOffered = ReturnFollowUp(placement, end);
        }
        // Omsorgsplan (Plantype 4, barnevernsloven § 8-3) within six weeks, evaluated about once a year (assumption).
        Plan("4", board.AddDays(Between(0, 42)), end, monthsBetweenEvaluations: 12);
        Add(end, new EndDecision(decision, end));
        return returnsHome ? followUpOffered : Max(end, AftercareAt18(end));
    }

    /// <summary>From 2026 the child and the parents are offered follow-up after a return home, for up to six months (barnevernsloven,
    /// kvalitetsløftet): most returns get the offer on the day of the return, some later (<see cref="SyntheticRates.ReturnFollowUpOffered"/>).
    /// Returns the day the last of it was done, so the case stays open until then. Its draws come from a stream of their own, seeded
    /// by the measure's id, so adding the step left every other fact the generator draws as it was.</summary>
    private DateOnly ReturnFollowUp(EntryId measure, DateOnly returned)
    {
        if (returned < SyntheticRates.ReturnFollowUpFrom)
            return returned;
        var own = new Random(measure.Value.GetHashCode());
        if (own.NextDouble() >= SyntheticRates.ReturnFollowUpOffered)
            return returned;
        var offered = own.NextDouble() < SyntheticRates.ReturnFollowUpOnTime ? returned : returned.AddDays(own.Next(1, 91));
        Add(offered, new OfferReturnFollowUp(measure, offered));
        return offered;
    }

    /// <summary>Emergency decision at the report (akuttvedtak, barnevernsloven § 4-2; 1992 Act § 4-6 andre ledd):
    /// placed the same day, investigated at once, then either a care order or home again.</summary>
    private DateOnly Emergency(DateOnly received, EntryId reportId, int age)
    {
        var decision = NewId();
        Add(received, new MakeDecision(received, EmergencyBasis(received), "1", Id: decision));
        var measure = NewId();
        var category = age >= 13 ? "1.1" : "2.5";
        Add(received, new StartMeasure(decision, received, new CodedValue(category), LegalBasis: EmergencyBasis(received), Id: measure));
        var investigation = NewId();
        Add(received, new OpenInvestigation(reportId, received, investigation));
        var concluded = received.AddDays(Between(21, 80));
        var toCareOrder = _rng.NextDouble() < 0.5 && Age(concluded) < 17;
        // "1" (measures) only for a child who can still get them; a young adult's investigation is closed with "3".
        var outcome = toCareOrder ? "2" : _rng.NextDouble() < 0.5 && Age(concluded) < 18 ? "1" : "3";
        var grounds = outcome is "1" or "2" ? ContentCodes(concluded, _rng.Next(1, 4)) : [];
        Add(concluded, new ConcludeInvestigation(investigation, concluded, new CodedValue(outcome), grounds));
        if (toCareOrder)
            return CareOrder(concluded, investigation, measure, decision);
        Add(concluded, new EndMeasure(measure, concluded));
        Add(concluded, new EndDecision(decision, concluded));
        Add(concluded, new RecordMove(concluded, new CodedValue(category == "1.1" ? "2.1" : "1.1.1"), new CodedValue("6"), NewId()));
        return outcome == "1" ? Support(concluded, investigation) : concluded;
    }

    /// <summary>A placement from <paramref name="start"/> to <paramref name="end"/>, each measure on its decision's legal basis (Tiltak
    /// Kontroll 21; a decision made under the 1992 Act keeps citing it for measures started after 2023): foster homes get follow-up
    /// (Oppfølging) and supervision (Tilsyn) schedules of four visits a year, sometimes reduced to two after two
    /// years; some placements end in a move to another placement (Flytting) and continue there.</summary>
    /// <returns>The last measure of the placement (the one that ends on <paramref name="end"/>).</returns>
    private EntryId Placement(EntryId decision, LegalBasis basis, DateOnly start, DateOnly end, string category, string? termination)
    {
        var currentStart = start;
        var currentCategory = category;
        while (true)
        {
            var moveOn = (DateOnly?)null;
            if (end.DayNumber - currentStart.DayNumber > 120 && _rng.NextDouble() < SyntheticRates.PlacementMove)
                moveOn = currentStart.AddDays(Between(60, end.DayNumber - currentStart.DayNumber - 30));
            var stop = moveOn ?? end;
            var measure = NewId();
            Add(currentStart, new StartMeasure(decision, currentStart, new CodedValue(currentCategory), MeasureGrounds(currentStart), basis, measure));
            if (currentCategory.StartsWith("2.", StringComparison.Ordinal) && currentCategory != "2.5")
                Visits(measure, currentStart, stop);
            if (moveOn is { } moved)
            {
                var institution = currentCategory.StartsWith("1.", StringComparison.Ordinal);
                var next = institution
                    ? (_rng.NextDouble() < 0.5 ? "2.2" : "1.1")
                    : (_rng.NextDouble() < 0.8 ? "2.2" : "1.1");
                var reason = institution
                    ? (_rng.NextDouble() < 0.5 ? "2.2" : "2.3")
                    : _codes.Pick(_rng, CodeListPaths.MoveReasonFrom, moved, ("1.1.3", 3), ("1.1.4", 3), ("1.2.1", 2), ("1.2.2", 2), ("1.3", 1));
                var to = next == "1.1" ? "4" : "2";
                Add(moved, new RecordMove(moved, new CodedValue(reason), new CodedValue(to), NewId()));
                // Under a care order the placement ends for a move, not because the care order ends: Opphevelse 4 "Annet" with its
                // Presisering (Tiltak Kontroll 12 needs a reason; Tiltak Kontroll 8 the Presisering of 4).
                Add(moved, new EndMeasure(measure, moved, MeasureKinds.IsCareOrder(basis, null) ? MovedWithinCareOrder : null));
                currentStart = moved;
                currentCategory = next;
                continue;
            }
            Add(end, new EndMeasure(measure, end, termination is null ? null : new CodedValue(termination)));
            return measure;
        }
    }

    private static readonly CodedValue MovedWithinCareOrder = new("4", "Flyttet til nytt plasseringstiltak under samme omsorgsovertakelse");

    private void Visits(EntryId measure, DateOnly start, DateOnly end)
    {
        Add(start, new SetVisitFrequency(measure, VisitKind.FollowUp, start, 4));
        Add(start, new SetVisitFrequency(measure, VisitKind.Supervision, start, 4));
        Add(start, new SetSupervisionResponsibility(measure, start, _municipality.Number));
        var missesVisits = _rng.NextDouble() < SyntheticRates.PlacementWithMissedVisits;
        DateOnly? reducedFrom = null;
        if (end.DayNumber - start.DayNumber > 2 * 365 + 60 && _rng.NextDouble() < SyntheticRates.VisitsReducedAfterTwoYears)
        {
            var reduced = start.AddYears(2).AddDays(Between(0, 60));
            if (reduced < end)
            {
                reducedFrom = reduced;
                Add(reduced, new SetVisitFrequency(measure, VisitKind.FollowUp, reduced, 2));
                Add(reduced, new SetVisitFrequency(measure, VisitKind.Supervision, reduced, 2));
            }
        }
        foreach (var kind in new[] { VisitKind.FollowUp, VisitKind.Supervision })
        {
            var due = start.AddDays(Between(20, 60));
            while (due <= end && due <= _to)
            {
                var visited = Max(start, due.AddDays(Between(-20, 20)));
                if (visited <= end && !(missesVisits && _rng.NextDouble() < 0.35))
                    Add(visited, new RecordVisit(measure, kind, visited));
                due = due.AddDays(reducedFrom is { } r && due >= r ? 182 : 91);
            }
        }
    }

    /// <summary>At 18 the young person is offered aftercare (barnevernsloven § 3-6) in most cases; returns when it ended.</summary>
    private DateOnly AftercareAt18(DateOnly measuresEnded)
    {
        if (_rng.NextDouble() >= SyntheticRates.AftercareOffered)
            return measuresEnded;
        var offer = Max(_episodeStart, _birth.AddYears(18).AddDays(-Between(0, 60)));
        return Aftercare(measuresEnded, offer);
    }

    /// <param name="requested">The young adult asked for aftercare: the offer is answered and the decision made that day, so
    /// the open case of a client over 18 is never without measures while waiting (Sak Kontroll 8).</param>
    private DateOnly Aftercare(DateOnly after, DateOnly offerOn, bool requested = false)
    {
        var id = NewId();
        Add(offerOn, new OfferAftercare(offerOn, id));
        var answered = requested ? offerOn : offerOn.AddDays(Between(7, 45));
        var roll = _rng.NextDouble();
        var code = roll < SyntheticRates.AftercareAccepted ? "1" : roll < 0.85 ? "2" : "3";
        Add(answered, new ConcludeAftercare(id, answered, code));
        if (code != "1")
            return Max(after, answered);
        var decided = requested ? Max(after, answered) : Max(after, answered).AddDays(Between(0, 14));
        var decision = NewId();
        var (basis, compared) = AftercareBasis(decided);
        Add(decided, new MakeDecision(decided, basis, "1", ComparedWith: compared, Id: decision));
        var start = requested ? decided : decided.AddDays(Between(0, 14));
        var end = Min(start.AddDays(Between(180, 3 * 365)), _birth.AddYears(25).AddDays(-1));
        end = Max(end, start);
        var category = _codes.Pick(_rng, CodeListPaths.MeasureCategory, start,
            ("8.1", 5), ("8.2", 4), ("8.4", 1), ("8.5", 3), ("8.3", 1), ("4.8", 4), ("4.4", 3), ("4.6", 2));
        var measure = NewId();
        Add(start, new StartMeasure(decision, start, new CodedValue(category), LegalBasis: basis, Id: measure));
        Add(end, new EndMeasure(measure, end));
        // Tiltaksplan – ettervern (Plantype 5) exists from 2023; before that a tiltaksplan (1).
        Plan(_codes.IsValid(CodeListPaths.PlanType, "5", start) ? "5" : "1", start.AddDays(Between(0, 30)), end, monthsBetweenEvaluations: 6);
        Add(end, new EndDecision(decision, end));
        return end;
    }

    private void Plan(string type, DateOnly start, DateOnly end, int monthsBetweenEvaluations)
    {
        if (start > end)
            start = end;
        var id = NewId();
        Add(start, new MakePlan(start, type, id));
        for (var due = start.AddMonths(monthsBetweenEvaluations); due < end; due = due.AddMonths(monthsBetweenEvaluations))
        {
            var on = Min(due.AddDays(Between(-20, 20)), end);
            if (on >= start && _rng.NextDouble() < SyntheticRates.PlanEvaluationMade)
                Add(on, new EvaluatePlan(id, on));
        }
        Add(end, new EndPlan(id, end));
    }

    // ---- Legal bases (the Act in force on the date: barnevernsloven 2021 from 2023-01-01, the 1992 Act before) ----

    private static bool Is2021Act(DateOnly on) => Acts.ChildWelfareActOn(on) == Acts.ChildWelfareAct2021;

    /// <summary>Hjelpetiltak: barnevernsloven § 3-1; 1992 Act § 4-4. (002 Menon, note to Figur 5-2, cites §§ 3-1 and 3-2
    /// / § 4-4 andre og sjette ledd for placement as a support measure; the generator uses § 3-1 / § 4-4 for both.)</summary>
    private static LegalBasis SupportBasis(DateOnly on) =>
        Is2021Act(on) ? new LegalBasis("BVL2021", "3", "1") : new LegalBasis("BVL", "4", "4");

    /// <summary>Omsorgsovertakelse: barnevernsloven § 5-1; 1992 Act § 4-12.</summary>
    private static LegalBasis CareOrderBasis(DateOnly on) =>
        Is2021Act(on) ? new LegalBasis("BVL2021", "5", "1") : new LegalBasis("BVL", "4", "12");

    /// <summary>Akuttvedtak: barnevernsloven § 4-2; 1992 Act § 4-6 andre ledd (002 Menon, note to Figur 5-2).</summary>
    private static LegalBasis EmergencyBasis(DateOnly on) =>
        Is2021Act(on) ? new LegalBasis("BVL2021", "4", "2") : new LegalBasis("BVL", "4", "6", ["2"]);

    /// <summary>Ettervern: barnevernsloven § 3-6; 1992 Act § 4-4 compared with § 1-3 (measures after 18).</summary>
    private static (LegalBasis Basis, ImmutableList<LegalBasis>? ComparedWith) AftercareBasis(DateOnly on) =>
        Is2021Act(on)
            ? (new LegalBasis("BVL2021", "3", "6"), null)
            : (new LegalBasis("BVL", "4", "4"), [new LegalBasis("BVL", "1", "3")]);

    // ---- Codes -------------------------------------------------------------------------------------------------

    private ImmutableList<CodedValue> ContentCodes(DateOnly on, int count) =>
        [.. _codes.PickSome(_rng, CodeListPaths.CaseContent, on, count, Preferred.Contents, code => !Preferred.YoungAdultContents.Contains(code))
            .Select(c => new CodedValue(c))];

    private ImmutableList<CodedValue>? MeasureGrounds(DateOnly on) =>
        _rng.NextDouble() < 0.5 ? ContentCodes(on, 1) : null;

    // ---- People ------------------------------------------------------------------------------------------------

    private DateOnly BirthDateFor(DateOnly firstReport)
    {
        var roll = _rng.NextDouble();
        var (min, max) = roll < SyntheticRates.AgeUpTo6 ? (0, 6)
            : roll < SyntheticRates.AgeUpTo6 + SyntheticRates.Age7To12 ? (7, 12)
            : (13, 17);
        var days = _rng.Next(min * 365, max * 365 + 365);
        return firstReport.AddDays(-days);
    }

    private ChildInput NewChild(DateOnly birth)
    {
        var dNumber = _rng.NextDouble() < SyntheticRates.DNummerShare;
        var sex = _rng.NextDouble() < 0.5 ? Sex.Male : Sex.Female;
        var identifier = Identifier(birth, sex, dNumber ? IdentifierKind.DNummer : IdentifierKind.Fodselsnummer);
        var given = sex == Sex.Male ? Names.Boys[_rng.Next(Names.Boys.Length)] : Names.Girls[_rng.Next(Names.Girls.Length)];
        var family = Names.Family[_rng.Next(Names.Family.Length)];
        string? duf = dNumber && _rng.NextDouble() < 0.5
            ? DufNumber.Create(birth.Year, _rng.Next(0, 1_000_000))
            : null;
        return new ChildInput(identifier, birth, sex, duf, given, family);
    }

    /// <summary>A valid fødselsnummer or D-nummer (mod-11, see <see cref="PersonIdentifier"/>) for the birth date:
    /// individual numbers 500–999 (births 2000–2039), the third digit odd for boys and even for girls; unique within
    /// the municipality; never ending 99999 (the register's due-date form).</summary>
    private string Identifier(DateOnly birth, Sex sex, IdentifierKind kind)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            var individual = _rng.Next(250, 500) * 2 + (sex == Sex.Male ? 1 : 0);
            // A number ending 99999 reads as the register's due-date form (Personalia kontroll 12 and 15), so it is not used.
            if (PersonIdentifier.Create(birth, individual, kind) is { } id && !id.Value.EndsWith("99999", StringComparison.Ordinal) && _identifiers.Add(id.Value))
                return id.Value;
        }
        throw new InvalidOperationException($"No free identifier for birth date {birth:yyyy-MM-dd} in {_municipality.Number}.");
    }

    private int Age(DateOnly on)
    {
        var age = on.Year - _birth.Year;
        if (on < _birth.AddYears(age))
            age--;
        return age;
    }

    private string Caseworker() =>
        string.Create(CultureInfo.InvariantCulture, $"sb-{_municipality.Number}-{_rng.Next(1, _caseworkers + 1):00}");

    /// <summary>Caseworkers change: about once in three case-years another caseworker takes over (turnover; 002 Menon
    /// cites Bufdir 2022: 19 % of staff actively seeking another job). Only while the case is open.</summary>
    private void Reassignments(List<(DateOnly Open, DateOnly Close)> spans)
    {
        foreach (var (open, close) in spans)
        {
            for (var year = open.AddDays(365); year < close && year <= _to; year = year.AddDays(365))
            {
                if (_rng.NextDouble() >= 0.3)
                    continue;
                var on = year.AddDays(-Between(0, 180));
                if (on > open && on < close)
                    Add(on, new AssignCaseworker(Caseworker(), on));
            }
        }
    }

    private string NextJournal(DateOnly opened) =>
        string.Create(CultureInfo.InvariantCulture, $"{opened.Year}/{++_journal:000000}");

    // ---- Timeline ----------------------------------------------------------------------------------------------

    private void Begin()
    {
        _items = [];
        _seq = 0;
        _left.Clear();
        _hasMeasure = false;
    }

    private void Add(DateOnly date, CaseCommand command)
    {
        _hasMeasure |= command is StartMeasure;
        _items.Add((date, _seq++, command));
    }

    /// <summary>Feedback to the reporter and the investigation plan are dated from their report or investigation and may
    /// fall after the case was closed; such a step is moved to the day before the closure (it is done before closing).</summary>
    /// <remarks>A step is after a closure when the closure comes before it in the case's order: an earlier date, or the same date
    /// and an earlier sequence number (a step on the day a case is reopened and closed again, but before the closure, stays
    /// where it is: seed 42, 7003). A step that the move would put before the reopening of its own span is left out, and a plan
    /// left out takes its ending with it, so no step lands on a closed case or ends a plan never made.</remarks>
    private void ClampToClosure()
    {
        var marks = _items.Where(i => i.Command is OpenCase or CloseCase or ReopenCase).OrderBy(i => i.Date).ThenBy(i => i.Seq).ToList();
        var leftPlans = new HashSet<EntryId>();
        var planStarts = new Dictionary<EntryId, DateOnly>();
        for (int k = 0; k < _items.Count; k++)
        {
            var (date, seq, command) = _items[k];
            if (command is MakePlan { Id: { } made } && !planStarts.ContainsKey(made))
                planStarts[made] = date;
            if (command is not (GiveReporterFeedback or MakePlan { PlanType: "7" } or EndPlan)) continue;
            DateOnly? closedOn = null;
            DateOnly spanOpened = date;
            foreach (var m in marks)
            {
                if (m.Date > date || (m.Date == date && m.Seq > seq)) break;
                if (m.Command is CloseCase)
                {
                    closedOn = m.Date;
                }
                else
                {
                    closedOn = null;
                    spanOpened = m.Date;
                }
            }
            if (closedOn is not { } c) continue;
            var on = c.AddDays(-1);
            if (on < spanOpened)
            {
                _left.Add(seq);
                if (command is MakePlan { Id: { } dropped })
                    leftPlans.Add(dropped);
                continue;
            }
            // Feedback cannot come before its report, nor feedback after an investigation before that investigation's
            // conclusion: when the case closed first, the feedback was not given (a breach the deadline engine shows).
            if (command is GiveReporterFeedback feedback
                && (on < ReceivedOn(feedback.ReportId) || (feedback.Kind == ReporterFeedbackKind.AfterInvestigation
                    && !(ConclusionOf(feedback.ReportId) is { } concluded && concluded <= on))))
            {
                _left.Add(seq);
                continue;
            }
            if (command is MakePlan { Id: { } moved })
                planStarts[moved] = on;
            if (command is EndPlan end && planStarts.TryGetValue(end.PlanId, out var planStart) && planStart > on)
            {
                _left.Add(seq);
                continue;
            }
            _items[k] = (on, seq, command switch
            {
                GiveReporterFeedback f => f with { GivenOn = on },
                MakePlan p => p with { StartedOn = on },
                EndPlan e => e with { EndedOn = on },
                _ => command,
            });
        }
        foreach (var (_, seq, command) in _items)
            if (command is EndPlan e && leftPlans.Contains(e.PlanId))
                _left.Add(seq);
    }

    /// <summary>The earliest conclusion date of an investigation opened from <paramref name="report"/>, if any.</summary>
    private DateOnly? ConclusionOf(EntryId report)
    {
        var investigations = _items.Select(i => i.Command).OfType<OpenInvestigation>()
            .Where(o => o.ReportId == report && o.Id is not null).Select(o => o.Id!.Value).ToHashSet();
        return _items.Where(i => i.Command is ConcludeInvestigation c && investigations.Contains(c.InvestigationId))
            .Select(i => (DateOnly?)i.Date).Min();
    }

    /// <summary>The day <paramref name="report"/> was received.</summary>
    private DateOnly ReceivedOn(EntryId report) =>
        _items.Select(i => i.Command).OfType<ReceiveReport>().First(r => r.Id == report).ReceivedOn;

    private SimulatedCase Finish(CaseId id)
    {
        ClampToClosure();
        var commands = _items
            .Where(i => i.Date <= _to && !_left.Contains(i.Seq))
            .OrderBy(i => i.Date)
            .ThenBy(i => i.Seq)
            .Select(i => new DatedCommand(i.Date, i.Command))
            .ToList();
        return new SimulatedCase(id, commands);
    }

    private EntryId NewId() => Ids.NewEntryId(_rng);

    private int Between(int min, int max) => max <= min ? min : _rng.Next(min, max + 1);

    private int SupportDays()
    {
        // Short support measures are the norm (004 Sandnes: "familiene som regel har tiltak for en kort periode"):
        // 2–6 months for half, up to 18 months for the rest.
        return _rng.NextDouble() < 0.5 ? Between(60, 180) : Between(181, 540);
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    /// <summary>Frequent Saksinnhold codes (old list to 2025, Kunnskapsmodellen from 2026), drawn three times as
    /// often as the rest; and the young-adult codes never used for children.</summary>
    private sealed class FrozenCodes
    {
        public IReadOnlySet<string> Contents { get; } = new HashSet<string>(StringComparer.Ordinal)
        {
            "8", "20", "21", "22", "23", "3", "2", "6", "7", "24", "25", "14", "9", "10", "17",
            "2.1.02", "2.1.03", "2.2.02", "2.3.02", "2.4.02", "2.4.03", "2.4.04", "2.4.05", "3.1.03", "3.1.08",
            "1.3.08", "1.1.02", "1.2.03", "1.3.06", "3.2.02",
        };

        public IReadOnlySet<string> YoungAdultContents { get; } = new HashSet<string>(StringComparer.Ordinal) { "33", "34", "35", "36" };
    }
}
