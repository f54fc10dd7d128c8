using System.Buffers.Text;
using System.Collections.Immutable;
using System.Text.Json;
using Vern.Domain.Law;
using Vern.Domain.People;

namespace Vern.Domain.Cases;

/// <summary>Reads a stored <see cref="CaseState"/> straight from its UTF-8 JSON with a <see cref="Utf8JsonReader"/>: the
/// shape <see cref="CaseJson.Options"/> writes (camelCase names as written, enums as camelCase strings, dates as
/// yyyy-MM-dd, nulls left out), built into the same records System.Text.Json builds. Anything else (a name in another
/// case, an unknown property, a number as a string, a null) makes <see cref="TryRead"/> return false, and
/// <see cref="CaseJson.ReadState(ReadOnlySpan{byte})"/> then decodes the document with System.Text.Json, so every stored
/// state reads as before; a property added to the records later reads through that path until it is added here.</summary>
/// <remarks>Why: the register export decodes every case of a municipality, and System.Text.Json's general path (records
/// with many constructor parameters, immutable lists built through a list and an object array each) was about 58 % of
/// the per-case CPU (docs/register.md, "Speed"). Read-only properties that are written but not read (CaseState.child and
/// isClosed, Decision.currentStatus) are skipped, as System.Text.Json skips them.</remarks>
internal static class CaseStateReader
{
    private delegate T Item<out T>(ref Utf8JsonReader r);

    /// <summary>Thrown inside the reader when the document is not in the written shape; never leaves <see cref="TryRead"/>.</summary>
    private sealed class NotWrittenShape : Exception;

    /// <summary>Reads the state, or returns false when the document is not in the shape <see cref="CaseJson.Options"/> writes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8Json, out CaseState? state)
    {
        state = null;
        var r = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!r.Read())
                return false;
            state = State(ref r);
            return !r.Read();
        }
        catch (Exception e) when (e is NotWrittenShape or JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            state = null;
            return false;
        }
    }

    private static CaseState State(ref Utf8JsonReader r)
    {
        Start(ref r);
        CaseId id = default;
        long version = 0;
        string? municipality = null, journal = null, caseworker = null, bydel = null, bydelName = null;
        DateOnly opened = default;
        DateOnly? closed = null;
        ImmutableList<PersonalDetails>? personal = null;
        ImmutableList<ReportOfConcern>? reports = null;
        ImmutableList<Investigation>? investigations = null;
        ImmutableList<Decision>? decisions = null;
        ImmutableList<Measure>? measures = null;
        ImmutableList<Plan>? plans = null;
        ImmutableList<Aftercare>? aftercare = null;
        ImmutableList<CountyBoardReferral>? referrals = null;
        ImmutableList<Move>? moves = null;
        ImmutableList<Retraction>? retractions = null;
        ImmutableDictionary<Guid, string>? migrated = null;
        ImmutableList<Relation>? relations = null;
        ImmutableList<DeletedElement>? deletedElements = null;
        ImmutableDictionary<string, bool>? deletionFlags = null;
        CaseState? deletedInFile = null;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("id"u8)) id = new CaseId(Uuid(ref r));
            else if (name.SequenceEqual("version"u8)) version = Long(ref r);
            else if (name.SequenceEqual("municipalityNumber"u8)) municipality = Text(ref r);
            else if (name.SequenceEqual("journalNumber"u8)) journal = Text(ref r);
            else if (name.SequenceEqual("openedOn"u8)) opened = Date(ref r);
            else if (name.SequenceEqual("closedOn"u8)) closed = Date(ref r);
            else if (name.SequenceEqual("caseworkerId"u8)) caseworker = Text(ref r);
            else if (name.SequenceEqual("personalDetails"u8)) personal = Items(ref r, Personal);
            else if (name.SequenceEqual("reports"u8)) reports = Items(ref r, Report);
            else if (name.SequenceEqual("investigations"u8)) investigations = Items(ref r, Investigation);
            else if (name.SequenceEqual("decisions"u8)) decisions = Items(ref r, Decision);
            else if (name.SequenceEqual("measures"u8)) measures = Items(ref r, Measure);
            else if (name.SequenceEqual("plans"u8)) plans = Items(ref r, Plan);
            else if (name.SequenceEqual("aftercare"u8)) aftercare = Items(ref r, Aftercare);
            else if (name.SequenceEqual("countyBoardReferrals"u8)) referrals = Items(ref r, Referral);
            else if (name.SequenceEqual("moves"u8)) moves = Items(ref r, Move);
            else if (name.SequenceEqual("retractions"u8)) retractions = Items(ref r, Retraction);
            else if (name.SequenceEqual("bydel"u8)) bydel = Text(ref r);
            else if (name.SequenceEqual("bydelName"u8)) bydelName = Text(ref r);
            else if (name.SequenceEqual("migratedIds"u8)) migrated = MigratedIds(ref r);
            else if (name.SequenceEqual("relations"u8)) relations = Items(ref r, Relation);
            else if (name.SequenceEqual("deletedElements"u8)) deletedElements = Items(ref r, DeletedElement);
            else if (name.SequenceEqual("deletionFlags"u8)) deletionFlags = DeletionFlags(ref r);
            else if (name.SequenceEqual("deletedInFile"u8)) deletedInFile = State(ref r);
            else if (name.SequenceEqual("child"u8) || name.SequenceEqual("isClosed"u8)) r.Skip(); // read-only, not read back
            else throw new NotWrittenShape();
        }

        var state = new CaseState(id, version, municipality!, journal!, opened, closed, caseworker, personal!, reports!, investigations!,
            decisions!, measures!, plans!, aftercare!, referrals!, moves!, retractions!)
        {
            Bydel = bydel,
            BydelName = bydelName,
            DeletedInFile = deletedInFile,
        };
        // An init property left out of the document keeps its initializer's value, as System.Text.Json leaves it.
        if (migrated is not null) state = state with { MigratedIds = migrated };
        if (relations is not null) state = state with { Relations = relations };
        if (deletedElements is not null) state = state with { DeletedElements = deletedElements };
        if (deletionFlags is not null) state = state with { DeletionFlags = deletionFlags };
        return state;
    }

    private static PersonalDetails Personal(ref Utf8JsonReader r)
    {
        Start(ref r);
        EntryId id = default;
        DateOnly from = default, birth = default;
        string? identifier = null, duf = null, given = null, family = null;
        var sex = default(Sex);
        var protection = AddressProtection.None;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("id"u8)) id = Entry(ref r);
            else if (name.SequenceEqual("effectiveFrom"u8)) from = Date(ref r);
            else if (name.SequenceEqual("identifier"u8)) identifier = Text(ref r);
            else if (name.SequenceEqual("birthDate"u8)) birth = Date(ref r);
            else if (name.SequenceEqual("sex"u8)) sex = Named<Sex>(ref r);
            else if (name.SequenceEqual("dufNumber"u8)) duf = Text(ref r);
            else if (name.SequenceEqual("givenName"u8)) given = Text(ref r);
            else if (name.SequenceEqual("familyName"u8)) family = Text(ref r);
            else if (name.SequenceEqual("addressProtection"u8)) protection = Named<AddressProtection>(ref r);
            else throw new NotWrittenShape();
        }

        return new PersonalDetails(id, from, identifier, birth, sex, duf, given, family, protection);
    }

    private static ReportOfConcern Report(ref Utf8JsonReader r)
    {
        Start(ref r);
        EntryId id = default;
        DateOnly received = default;
        ImmutableList<CodedValue>? reporters = null, contents = null;
        ReportConclusion? conclusion = null;
        ImmutableList<ReporterFeedback>? feedback = null;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("id"u8)) id = Entry(ref r);
            else if (name.SequenceEqual("receivedOn"u8)) received = Date(ref r);
            else if (name.SequenceEqual("reporters"u8)) reporters = Items(ref r, Coded);
            else if (name.SequenceEqual("contents"u8)) contents = Items(ref r, Coded);
            else if (name.SequenceEqual("conclusion"u8)) conclusion = ReportConclusion(ref r);
            else if (name.SequenceEqual("feedback"u8)) feedback = Items(ref r, Feedback);
            else throw new NotWrittenShape();
        }

        return new ReportOfConcern(id, received, reporters!, contents!, conclusion, feedback);
    }

    private static ReportConclusion ReportConclusion(ref Utf8JsonReader r)
    {
        Start(ref r);
        DateOnly on = default;
        string? code = null;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("concludedOn"u8)) on = Date(ref r);
            else if (name.SequenceEqual("code"u8)) code = Text(ref r);
            else throw new NotWrittenShape();
        }

        return new ReportConclusion(on, code!);
    }

    private static ReporterFeedback Feedback(ref Utf8JsonReader r)
    {
        Start(ref r);
        DateOnly on = default;
        var kind = default(ReporterFeedbackKind);
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("givenOn"u8)) on = Date(ref r);
            else if (name.SequenceEqual("kind"u8)) kind = Named<ReporterFeedbackKind>(ref r);
            else throw new NotWrittenShape();
        }

        return new ReporterFeedback(on, kind);
    }

    private static Investigation Investigation(ref Utf8JsonReader r)
    {
        Start(ref r);
        EntryId id = default, report = default;
        DateOnly started = default;
        DeadlineExtension? extension = null;
        InvestigationConclusion? conclusion = null;
        ChildParticipation? participation = null;
        ImmutableList<CodedValue>? grounds = null;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("id"u8)) id = Entry(ref r);
            else if (name.SequenceEqual("reportId"u8)) report = Entry(ref r);
            else if (name.SequenceEqual("startedOn"u8)) started = Date(ref r);
            else if (name.SequenceEqual("extension"u8)) extension = Extension(ref r);
            else if (name.SequenceEqual("conclusion"u8)) conclusion = InvestigationConclusion(ref r);
            else if (name.SequenceEqual("participation"u8)) participation = Participation(ref r);
            else if (name.SequenceEqual("grounds"u8)) grounds = Items(ref r, Coded);
            else throw new NotWrittenShape();
        }

        return new Investigation(id, report, started, extension, conclusion, participation, grounds);
    }

    private static DeadlineExtension Extension(ref Utf8JsonReader r)
    {
        Start(ref r);
        DateOnly requested = default;
        bool? granted = null;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("requestedOn"u8)) requested = Date(ref r);
            else if (name.SequenceEqual("granted"u8)) granted = Bool(ref r);
            else throw new NotWrittenShape();
        }

        return new DeadlineExtension(requested, granted);
    }

    private static InvestigationConclusion InvestigationConclusion(ref Utf8JsonReader r)
    {
        Start(ref r);
        DateOnly on = default;
        CodedValue? outcome = null;
        ImmutableList<CodedValue>? grounds = null;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("concludedOn"u8)) on = Date(ref r);
            else if (name.SequenceEqual("outcome"u8)) outcome = Coded(ref r);
            else if (name.SequenceEqual("grounds"u8)) grounds = Items(ref r, Coded);
            else throw new NotWrittenShape();
        }

        return new InvestigationConclusion(on, outcome!, grounds!);
    }

    private static ChildParticipation Participation(ref Utf8JsonReader r)
    {
        Start(ref r);
        DateOnly on = default;
        string? kind = null;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("on"u8)) on = Date(ref r);
            else if (name.SequenceEqual("kind"u8)) kind = Text(ref r);
            else throw new NotWrittenShape();
        }

        return new ChildParticipation(on, kind!);
    }

    private static Decision Decision(ref Utf8JsonReader r)
    {
        Start(ref r);
        EntryId id = default;
        DateOnly decided = default;
        LegalBasis? basis = null;
        ImmutableList<LegalBasis>? compared = null;
        ImmutableList<DecisionStatus>? statuses = null;
        EntryId? investigation = null, referral = null;
        DateOnly? ended = null;
        ImmutableList<DateOnly>? reassessments = null;
        ImmutableList<Claim>? claims = null;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("id"u8)) id = Entry(ref r);
            else if (name.SequenceEqual("decidedOn"u8)) decided = Date(ref r);
            else if (name.SequenceEqual("legalBasis"u8)) basis = LegalBasis(ref r);
            else if (name.SequenceEqual("comparedWith"u8)) compared = Items(ref r, LegalBasis);
            else if (name.SequenceEqual("statuses"u8)) statuses = Items(ref r, Status);
            else if (name.SequenceEqual("investigationId"u8)) investigation = Entry(ref r);
            else if (name.SequenceEqual("countyBoardReferralId"u8)) referral = Entry(ref r);
            else if (name.SequenceEqual("endedOn"u8)) ended = Date(ref r);
            else if (name.SequenceEqual("reassessments"u8)) reassessments = Items(ref r, Date);
            else if (name.SequenceEqual("claims"u8)) claims = Items(ref r, Claim);
            else if (name.SequenceEqual("currentStatus"u8)) r.Skip(); // read-only, not read back
            else throw new NotWrittenShape();
        }

        return new Decision(id, decided, basis!, compared!, statuses!, investigation, referral, ended, reassessments, claims);
    }

    private static DecisionStatus Status(ref Utf8JsonReader r)
    {
        Start(ref r);
        EntryId id = default;
        DateOnly on = default;
        string? code = null;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("id"u8)) id = Entry(ref r);
            else if (name.SequenceEqual("changedOn"u8)) on = Date(ref r);
            else if (name.SequenceEqual("code"u8)) code = Text(ref r);
            else throw new NotWrittenShape();
        }

        return new DecisionStatus(id, on, code!);
    }

    private static Claim Claim(ref Utf8JsonReader r)
    {
        Start(ref r);
        EntryId id = default;
        DateOnly received = default;
        ClaimConclusion? conclusion = null;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("id"u8)) id = Entry(ref r);
            else if (name.SequenceEqual("receivedOn"u8)) received = Date(ref r);
            else if (name.SequenceEqual("conclusion"u8)) conclusion = ClaimConclusion(ref r);
            else throw new NotWrittenShape();
        }

        return new Claim(id, received, conclusion);
    }

    private static ClaimConclusion ClaimConclusion(ref Utf8JsonReader r)
    {
        Start(ref r);
        DateOnly on = default;
        CodedValue? outcome = null;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("concludedOn"u8)) on = Date(ref r);
            else if (name.SequenceEqual("outcome"u8)) outcome = Coded(ref r);
            else throw new NotWrittenShape();
        }

        return new ClaimConclusion(on, outcome!);
    }

    private static Measure Measure(ref Utf8JsonReader r)
    {
        Start(ref r);
        EntryId id = default, decision = default;
        DateOnly started = default;
        LegalBasis? basis = null;
        CodedValue? category = null, termination = null;
        ImmutableList<CodedValue>? grounds = null;
        VisitSchedule? supervision = null, followUp = null;
        DateOnly? ended = null;
        ImmutableList<LegalBasis>? compared = null;
        ImmutableList<DateOnly>? offers = null;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("id"u8)) id = Entry(ref r);
            else if (name.SequenceEqual("decisionId"u8)) decision = Entry(ref r);
            else if (name.SequenceEqual("startedOn"u8)) started = Date(ref r);
            else if (name.SequenceEqual("legalBasis"u8)) basis = LegalBasis(ref r);
            else if (name.SequenceEqual("category"u8)) category = Coded(ref r);
            else if (name.SequenceEqual("grounds"u8)) grounds = Items(ref r, Coded);
            else if (name.SequenceEqual("supervision"u8)) supervision = Visits(ref r);
            else if (name.SequenceEqual("followUp"u8)) followUp = Visits(ref r);
            else if (name.SequenceEqual("termination"u8)) termination = Coded(ref r);
            else if (name.SequenceEqual("endedOn"u8)) ended = Date(ref r);
            else if (name.SequenceEqual("comparedWith"u8)) compared = Items(ref r, LegalBasis);
            else if (name.SequenceEqual("returnFollowUpOffers"u8)) offers = Items(ref r, Date);
            else throw new NotWrittenShape();
        }

        return new Measure(id, decision, started, basis!, category!, grounds!, supervision, followUp, termination, ended, compared, offers);
    }

    private static VisitSchedule Visits(ref Utf8JsonReader r)
    {
        Start(ref r);
        ImmutableList<VisitFrequency>? frequencies = null;
        ImmutableList<ResponsibleMunicipality>? responsible = null;
        ImmutableList<Visit>? visits = null;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("frequencies"u8)) frequencies = Items(ref r, Frequency);
            else if (name.SequenceEqual("responsible"u8)) responsible = Items(ref r, Responsible);
            else if (name.SequenceEqual("visits"u8)) visits = Items(ref r, Visit);
            else throw new NotWrittenShape();
        }

        return new VisitSchedule(frequencies!, responsible!, visits!);
    }

    private static VisitFrequency Frequency(ref Utf8JsonReader r)
    {
        Start(ref r);
        EntryId id = default;
        DateOnly from = default;
        var perYear = 0;
        var consented = false;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("id"u8)) id = Entry(ref r);
            else if (name.SequenceEqual("from"u8)) from = Date(ref r);
            else if (name.SequenceEqual("visitsPerYear"u8)) perYear = checked((int)Long(ref r));
            else if (name.SequenceEqual("childConsented"u8)) consented = Bool(ref r);
            else throw new NotWrittenShape();
        }

        return new VisitFrequency(id, from, perYear, consented);
    }

    private static ResponsibleMunicipality Responsible(ref Utf8JsonReader r)
    {
        Start(ref r);
        EntryId id = default;
        DateOnly from = default;
        string? municipality = null;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("id"u8)) id = Entry(ref r);
            else if (name.SequenceEqual("from"u8)) from = Date(ref r);
            else if (name.SequenceEqual("municipalityNumber"u8)) municipality = Text(ref r);
            else throw new NotWrittenShape();
        }

        return new ResponsibleMunicipality(id, from, municipality!);
    }

    private static Visit Visit(ref Utf8JsonReader r)
    {
        Start(ref r);
        EntryId id = default;
        DateOnly on = default;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("id"u8)) id = Entry(ref r);
            else if (name.SequenceEqual("on"u8)) on = Date(ref r);
            else throw new NotWrittenShape();
        }

        return new Visit(id, on);
    }

    private static Plan Plan(ref Utf8JsonReader r)
    {
        Start(ref r);
        EntryId id = default;
        DateOnly started = default;
        string? type = null;
        ImmutableList<DateOnly>? evaluations = null;
        DateOnly? ended = null;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("id"u8)) id = Entry(ref r);
            else if (name.SequenceEqual("startedOn"u8)) started = Date(ref r);
            else if (name.SequenceEqual("planType"u8)) type = Text(ref r);
            else if (name.SequenceEqual("evaluations"u8)) evaluations = Items(ref r, Date);
            else if (name.SequenceEqual("endedOn"u8)) ended = Date(ref r);
            else throw new NotWrittenShape();
        }

        return new Plan(id, started, type!, evaluations!, ended);
    }

    private static Aftercare Aftercare(ref Utf8JsonReader r)
    {
        Start(ref r);
        EntryId id = default;
        DateOnly sent = default;
        AftercareConclusion? conclusion = null;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("id"u8)) id = Entry(ref r);
            else if (name.SequenceEqual("offerSentOn"u8)) sent = Date(ref r);
            else if (name.SequenceEqual("conclusion"u8)) conclusion = AftercareConclusion(ref r);
            else throw new NotWrittenShape();
        }

        return new Aftercare(id, sent, conclusion);
    }

    private static AftercareConclusion AftercareConclusion(ref Utf8JsonReader r)
    {
        Start(ref r);
        DateOnly on = default;
        string? code = null;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("concludedOn"u8)) on = Date(ref r);
            else if (name.SequenceEqual("code"u8)) code = Text(ref r);
            else throw new NotWrittenShape();
        }

        return new AftercareConclusion(on, code!);
    }

    private static CountyBoardReferral Referral(ref Utf8JsonReader r)
    {
        Start(ref r);
        EntryId id = default;
        DateOnly sent = default;
        LegalBasis? basis = null;
        ImmutableList<LegalBasis>? compared = null;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("id"u8)) id = Entry(ref r);
            else if (name.SequenceEqual("sentOn"u8)) sent = Date(ref r);
            else if (name.SequenceEqual("legalBasis"u8)) basis = LegalBasis(ref r);
            else if (name.SequenceEqual("comparedWith"u8)) compared = Items(ref r, LegalBasis);
            else throw new NotWrittenShape();
        }

        return new CountyBoardReferral(id, sent, basis!, compared!);
    }

    private static Move Move(ref Utf8JsonReader r)
    {
        Start(ref r);
        EntryId id = default;
        DateOnly moved = default;
        CodedValue? from = null, to = null;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("id"u8)) id = Entry(ref r);
            else if (name.SequenceEqual("movedOn"u8)) moved = Date(ref r);
            else if (name.SequenceEqual("reasonFrom"u8)) from = Coded(ref r);
            else if (name.SequenceEqual("movedTo"u8)) to = Coded(ref r);
            else throw new NotWrittenShape();
        }

        return new Move(id, moved, from!, to!);
    }

    private static Retraction Retraction(ref Utf8JsonReader r)
    {
        Start(ref r);
        EntryId id = default;
        var kind = default(EntryKind);
        DateOnly on = default;
        string? reason = null;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("entryId"u8)) id = Entry(ref r);
            else if (name.SequenceEqual("kind"u8)) kind = Named<EntryKind>(ref r);
            else if (name.SequenceEqual("retractedOn"u8)) on = Date(ref r);
            else if (name.SequenceEqual("reason"u8)) reason = Text(ref r);
            else throw new NotWrittenShape();
        }

        return new Retraction(id, kind, on, reason!);
    }

    private static Relation Relation(ref Utf8JsonReader r)
    {
        Start(ref r);
        Guid id = default;
        EntryId from = default, to = default;
        EntryKind fromKind = default, toKind = default;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("id"u8)) id = Uuid(ref r);
            else if (name.SequenceEqual("from"u8)) from = Entry(ref r);
            else if (name.SequenceEqual("fromKind"u8)) fromKind = Named<EntryKind>(ref r);
            else if (name.SequenceEqual("to"u8)) to = Entry(ref r);
            else if (name.SequenceEqual("toKind"u8)) toKind = Named<EntryKind>(ref r);
            else throw new NotWrittenShape();
        }

        return new Relation(id, from, fromKind, to, toKind);
    }

    private static DeletedElement DeletedElement(ref Utf8JsonReader r)
    {
        Start(ref r);
        Guid id = default;
        string? type = null;
        DateOnly on = default;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("id"u8)) id = Uuid(ref r);
            else if (name.SequenceEqual("type"u8)) type = Text(ref r);
            else if (name.SequenceEqual("deletedOn"u8)) on = Date(ref r);
            else throw new NotWrittenShape();
        }

        return new DeletedElement(id, type!, on);
    }

    private static LegalBasis LegalBasis(ref Utf8JsonReader r)
    {
        Start(ref r);
        string? act = null, chapter = null, section = null;
        ImmutableArray<string> subsections = default, letters = default, sentences = default;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("act"u8)) act = Text(ref r);
            else if (name.SequenceEqual("chapter"u8)) chapter = Text(ref r);
            else if (name.SequenceEqual("section"u8)) section = Text(ref r);
            else if (name.SequenceEqual("subsections"u8)) subsections = Strings(ref r);
            else if (name.SequenceEqual("letters"u8)) letters = Strings(ref r);
            else if (name.SequenceEqual("sentences"u8)) sentences = Strings(ref r);
            else throw new NotWrittenShape();
        }

        return new LegalBasis(act!, chapter!, section!, subsections, letters, sentences);
    }

    private static CodedValue Coded(ref Utf8JsonReader r)
    {
        Start(ref r);
        string? code = null, specification = null;
        while (Property(ref r, out var name))
        {
            if (name.SequenceEqual("code"u8)) code = Text(ref r);
            else if (name.SequenceEqual("specification"u8)) specification = Text(ref r);
            else throw new NotWrittenShape();
        }

        return new CodedValue(code!, specification);
    }

    private static ImmutableDictionary<Guid, string> MigratedIds(ref Utf8JsonReader r)
    {
        Start(ref r);
        var builder = ImmutableDictionary.CreateBuilder<Guid, string>();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueIsEscaped || !Utf8Parser.TryParse(r.ValueSpan, out Guid key, out var used, 'D') || used != r.ValueSpan.Length)
                throw new NotWrittenShape();
            r.Read();
            builder[key] = Text(ref r);
        }

        return builder.ToImmutable();
    }

    private static ImmutableDictionary<string, bool> DeletionFlags(ref Utf8JsonReader r)
    {
        Start(ref r);
        var builder = ImmutableDictionary.CreateBuilder<string, bool>();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var key = r.GetString()!;
            r.Read();
            builder[key] = Bool(ref r);
        }

        return builder.ToImmutable();
    }

    // ---- the pieces: each reads the value the reader stands on, and refuses a null or another token type.

    private static void Start(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.StartObject)
            throw new NotWrittenShape();
    }

    /// <summary>Moves to the next property's value; false at the end of the object. A name with escapes is not the
    /// written shape.</summary>
    private static bool Property(ref Utf8JsonReader r, out ReadOnlySpan<byte> name)
    {
        r.Read();
        if (r.TokenType == JsonTokenType.EndObject)
        {
            name = default;
            return false;
        }

        if (r.TokenType != JsonTokenType.PropertyName || r.ValueIsEscaped)
            throw new NotWrittenShape();
        name = r.ValueSpan;
        r.Read();
        return true;
    }

    private static ImmutableList<T> Items<T>(ref Utf8JsonReader r, Item<T> item)
    {
        if (r.TokenType != JsonTokenType.StartArray)
            throw new NotWrittenShape();
        r.Read();
        if (r.TokenType == JsonTokenType.EndArray)
            return [];
        var items = new List<T>();
        do
        {
            items.Add(item(ref r));
            r.Read();
        }
        while (r.TokenType != JsonTokenType.EndArray);
        return ImmutableList.CreateRange(items);
    }

    private static ImmutableArray<string> Strings(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.StartArray)
            throw new NotWrittenShape();
        r.Read();
        if (r.TokenType == JsonTokenType.EndArray)
            return [];
        var items = ImmutableArray.CreateBuilder<string>();
        do
        {
            items.Add(Text(ref r));
            r.Read();
        }
        while (r.TokenType != JsonTokenType.EndArray);
        return items.ToImmutable();
    }

    private static string Text(ref Utf8JsonReader r) =>
        r.TokenType == JsonTokenType.String ? r.GetString()! : throw new NotWrittenShape();

    private static bool Bool(ref Utf8JsonReader r) => r.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw new NotWrittenShape(),
    };

    private static long Long(ref Utf8JsonReader r) =>
        r.TokenType == JsonTokenType.Number && r.TryGetInt64(out var value) ? value : throw new NotWrittenShape();

    private static Guid Uuid(ref Utf8JsonReader r) =>
        r.TokenType == JsonTokenType.String && r.TryGetGuid(out var value) ? value : throw new NotWrittenShape();

    private static EntryId Entry(ref Utf8JsonReader r) => new(Uuid(ref r));

    /// <summary>A date as System.Text.Json writes a DateOnly: exactly yyyy-MM-dd.</summary>
    private static DateOnly Date(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.String || r.ValueIsEscaped)
            throw new NotWrittenShape();
        var s = r.ValueSpan;
        if (s.Length != 10 || s[4] != (byte)'-' || s[7] != (byte)'-')
            throw new NotWrittenShape();
        return new DateOnly(Digits(s[..4]), Digits(s.Slice(5, 2)), Digits(s.Slice(8, 2)));
    }

    private static int Digits(ReadOnlySpan<byte> s)
    {
        var n = 0;
        foreach (var b in s)
        {
            var d = b - (byte)'0';
            if ((uint)d > 9)
                throw new NotWrittenShape();
            n = n * 10 + d;
        }

        return n;
    }

    /// <summary>An enum as <see cref="CaseJson.Options"/> writes it: its name in camelCase.</summary>
    private static T Named<T>(ref Utf8JsonReader r) where T : struct, Enum
    {
        if (r.TokenType != JsonTokenType.String || r.ValueIsEscaped)
            throw new NotWrittenShape();
        foreach (var (name, value) in EnumNames<T>.All)
        {
            if (r.ValueSpan.SequenceEqual(name))
                return value;
        }

        throw new NotWrittenShape();
    }

    private static class EnumNames<T> where T : struct, Enum
    {
        public static readonly (byte[] Name, T Value)[] All = System.Enum.GetValues<T>()
            .Select(v => (System.Text.Encoding.UTF8.GetBytes(JsonNamingPolicy.CamelCase.ConvertName(v.ToString())), v)).ToArray();
    }
}
