using System.Globalization;
using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Domain.CodeLists;
using Vern.Domain.Documentation;
using Vern.Domain.Parties;
using Vern.Storage;
using Vern.Storage.Parties;
using Vern.Domain.People;

namespace Vern.Application;

/// <summary>A person as the caseworker gives it (the app adds id, version, who and when).</summary>
public sealed record PersonInput(PersonRole Role, string Name, string? Identifier = null, string? Address = null,
    AddressProtection Protection = AddressProtection.None, bool ParentalResponsibility = false, EntryId? ReportId = null,
    bool AnonymityRequested = false, string? PartyReason = null);

/// <summary>A person on the case with whether they are a party today, and why.</summary>
public sealed record CasePersonView(CasePerson Person, PartyStatus Status);

// Parties see their own case (issue 18, part 3): the persons on a case, a party's access copy (partsinnsyn) with the
// redactions decided here, and «who looked at my case» for a party. Who may do this: AccessPolicy rows RecordPerson,
// InnsynExport and PartyAccessReport (the service's caseworker for an assigned case, its leader for every case).
public sealed partial class VernApp
{
    private OnFirstUse<IPartyStore>? _parties;

    /// <summary>The setting (per municipality) that shows staff names, not only role and service, in a party's «who looked at
    /// my case»: <c>party-access-shows-names:NNNN</c> = <c>true</c>. Default off.</summary>
    public static string PartyAccessShowsNamesSetting(string municipalityNumber) => $"party-access-shows-names:{municipalityNumber}";

    /// <summary>The word a caller passes as the party to mean the child itself (when no person record is kept for the child).</summary>
    public const string ChildParty = "child";

    /// <summary>Wires the persons store (the composition root calls this once; <see cref="OpenSqlite"/> does).</summary>
    public VernApp UseParties(IPartyStore store, bool owned = false)
    {
        _parties = OnFirstUse<IPartyStore>.Opened(store);
        if (owned && store is IDisposable d)
            _owned.Add(d);
        return this;
    }

    /// <summary>Wires a persons store that is opened on first use and disposed with the app.</summary>
    private void UseParties(Func<IPartyStore> open) => _owned.Add(_parties = new(open));

    private IPartyStore Persons =>
        _parties?.Value ?? throw new InvalidOperationException("Sakspersonene er ikke koblet til (VernApp.UseParties).");

    // ---- Persons on the case ---------------------------------------------------------------------------------------------

    /// <summary>Records a person on the case (a new one, or with <paramref name="id"/> a new version of one already there).</summary>
    public async Task<CasePersonView> RecordPersonAsync(Actor actor, CaseId caseId, PersonInput input, PersonId? id = null)
    {
        var state = await ReadableCase(actor, Operation.RecordPerson, caseId, "");
        var personId = id ?? new PersonId(Guid.NewGuid());
        var history = await Persons.ReadPersonHistoryAsync(personId);
        if (history.Count > 0 && history[0].CaseId != caseId)
            throw new ArgumentException($"Personen {personId} hører til en annen sak.");
        var name = input.Role == PersonRole.Child && string.IsNullOrWhiteSpace(input.Name) ? InnsynBuilder.ChildFromCase(state).Name : input.Name.Trim();
        var person = new CasePerson(personId, caseId, history.Count + 1, input.Role, name, Blank(input.Identifier), Blank(input.Address),
            input.Protection, input.ParentalResponsibility, input.ReportId, input.AnonymityRequested, Blank(input.PartyReason), actor.UserId, _clock.GetUtcNow());
        DocumentationRules.ThrowIfAny(CasePersonRules.Validate(person, state));
        await Persons.AppendPersonAsync(person, state.MunicipalityNumber);
        return new CasePersonView(person, PartyRules.Of(person, state.Child.BirthDate, Today));
    }

    /// <summary>The persons on the case with their party status today; logged as a read of the case.</summary>
    public async Task<IReadOnlyList<CasePersonView>> CasePersonsAsync(Actor actor, CaseId caseId, string purpose = "")
    {
        var state = await ReadableCase(actor, Operation.ViewCase, caseId, purpose);
        var persons = await Persons.ReadCasePersonsAsync(caseId);
        await LogCaseAs(actor, "case persons", caseId, purpose);
        return [.. persons.Select(p => new CasePersonView(p, PartyRules.Of(p, state.Child.BirthDate, Today)))];
    }

    // ---- The access copy (partsinnsyn) ------------------------------------------------------------------------------------

    /// <summary>A party's access copy of the case: the persons, the timeline and the decisions, with what the party may not
    /// see left out (each with its reason and legal basis). Refused for a person who is not a party. The export is logged
    /// (operation «case innsyn», the party's id and role, and the purpose).</summary>
    /// <param name="party">A person id on the case, or <see cref="ChildParty"/> for the child.</param>
    public async Task<InnsynCopy> InnsynAsync(Actor actor, CaseId caseId, string party, string purpose = "")
    {
        var state = await ReadableCase(actor, Operation.InnsynExport, caseId, purpose);
        var persons = await Persons.ReadCasePersonsAsync(caseId);
        var recipient = ResolveParty(state, persons, party);
        var status = PartyRules.Of(recipient, state.Child.BirthDate, Today);
        if (!status.IsParty)
            throw new ArgumentException($"--party: {PersonText.Role(recipient.Role)} {recipient.Id} er ikke part i saken ({status.Reason} {status.LegalBasis}). Partsinnsyn gis bare til parter (forvaltningsloven § 18).");
        var timeline = await _store.ReadStreamAsync(caseId);
        var documents = new List<DecisionDocument>();
        if (_documentation is not null)
            foreach (var d in state.Decisions)
                if (await _documentation.Value.ReadDecisionDocumentAsync(caseId, d.Id) is { IsFinalised: true } doc)
                    documents.Add(doc);
        // The case's documentation (issue 22): finalised notes (drafts never), participation records and assessments.
        var notes = _documentation is null ? [] : await _documentation.Value.ReadCaseNotesAsync(caseId);
        var participation = _documentation is null ? [] : await _documentation.Value.ReadParticipationAsync(caseId);
        var assessments = _documentation is null ? [] : await _documentation.Value.ReadAssessmentsAsync(caseId);
        // The child's statements withheld from this party (and only this one).
        var withheld = _documentation is null ? [] : (await _documentation.Value.ReadWithholdingsAsync(caseId)).Where(w => w.PartyId == recipient.Id).ToList();
        var copy = InnsynBuilder.Build(state, persons, recipient, status, timeline, documents, CodeLists, Today, $"{Roles.Norwegian(actor.Role)} i barnevernstjenesten i kommune {state.MunicipalityNumber}",
            notes, participation, assessments, withheld);
        await LogCaseAs(actor, "case innsyn", caseId, $"partsinnsyn til {PersonText.Role(recipient.Role)} {recipient.Id}" + (purpose.Length > 0 ? "; " + purpose : ""));
        return copy;
    }

    /// <summary>Withholds the child's views in a participation record – all of them, or the passage given – from one party's access
    /// copy, on a legal ground (<see cref="WithholdingGrounds"/>: barnevernsloven § 12-6 andre ledd, or forvaltningsloven § 19
    /// første ledd bokstav d), with the reason for the case file. An append-only decision with who and when; the party's copy then
    /// leaves the words out wherever they are written (the participation record, a decision document's «Barnets syn», a note) and
    /// says that something was withheld and on which ground; other parties' copies are unchanged. The service's caseworker for an
    /// assigned case, or its leader (<see cref="Operation.WithholdFromParty"/>).</summary>
    /// <param name="party">The person id of the party (a person recorded on the case).</param>
    /// <param name="passage">The exact words to withhold, or null for all of the record's views.</param>
    public async Task<ViewsWithheld> WithholdViewsAsync(Actor actor, CaseId caseId, Guid participationId, string party, string ground, string? passage, string reason)
    {
        var state = await ReadableCase(actor, Operation.WithholdFromParty, caseId, "");
        var record = (await Docs.ReadParticipationAsync(caseId)).FirstOrDefault(p => p.Id == participationId);
        if (record is null)
            await DenyNotInCase(actor, Operation.WithholdFromParty, caseId, $"Medvirkningen {participationId} finnes ikke i saken {state.JournalNumber}.", "");
        var persons = await Persons.ReadCasePersonsAsync(caseId);
        var partyId = Guid.TryParse(party, out var g) ? new PersonId(g) : default;
        var withholding = new ViewsWithheld(Guid.NewGuid(), caseId, participationId, partyId, ground.Trim(), string.IsNullOrWhiteSpace(passage) ? null : passage.Trim(),
            reason.Trim(), actor.UserId, _clock.GetUtcNow());
        DocumentationRules.ThrowIfAny(WithholdingGrounds.Validate(withholding, record!, [.. persons.Select(p => p.Id)]));
        await Docs.AddWithholdingAsync(withholding, state.MunicipalityNumber);
        return withholding;
    }

    /// <summary>The case's withholdings (who, from whom, on which ground, what), for the case workers who make the copies.</summary>
    public async Task<IReadOnlyList<ViewsWithheld>> WithholdingsAsync(Actor actor, CaseId caseId)
    {
        await ReadableCase(actor, Operation.WithholdFromParty, caseId, "");
        return await Docs.ReadWithholdingsAsync(caseId);
    }

    /// <summary>«Who looked at my case» for a party: every read (and refused attempt) of the case in the access log and every
    /// change (events, persons, documentation), with date, role, service and purpose — staff names only where the service's
    /// setting <see cref="PartyAccessShowsNamesSetting"/> says so. Logged as a read of the access log.</summary>
    /// <param name="party">The party it is made for (a person id or <see cref="ChildParty"/>), or null for no named recipient.</param>
    public async Task<PartyAccessReport> PartyAccessReportAsync(Actor actor, CaseId caseId, string? party, string purpose = "")
    {
        var state = await ReadableCase(actor, Operation.PartyAccessReport, caseId, purpose);
        string? recipientName = null;
        if (party is not null)
        {
            var recipient = ResolveParty(state, await Persons.ReadCasePersonsAsync(caseId), party);
            var status = PartyRules.Of(recipient, state.Child.BirthDate, Today);
            if (!status.IsParty)
                throw new ArgumentException($"--party: {PersonText.Role(recipient.Role)} {recipient.Id} er ikke part i saken ({status.Reason} {status.LegalBasis}).");
            recipientName = recipient.Name;
        }
        var showNames = await _settings.GetSettingAsync(PartyAccessShowsNamesSetting(state.MunicipalityNumber)) == "true";
        var users = (await _users.ListAsync()).ToDictionary(u => u.Id);
        var lines = new List<AccessLine>();
        // A change recorded here (not imported) was made by someone allowed to write in this service's case: when the user is
        // no longer stored, they are shown as staff of the case's service; an imported change's origin is unknown.
        var caseService = $"barnevernstjenesten i kommune {state.MunicipalityNumber}";
        AccessLine Line(DateTimeOffset at, string kind, string what, string userId, string? role, string purposeText, bool writtenHere = false)
        {
            users.TryGetValue(userId, out var user);
            var roleText = role is not null ? RoleWords(role) : user is not null ? Roles.Norwegian(user.Role) : writtenHere ? "ansatt" : "ukjent rolle";
            var service = user?.MunicipalityNumber is { } m ? $"barnevernstjenesten i kommune {m}" + (user.Bydel is { } b ? $", bydel {b}" : "")
                : user?.Region is { } r ? $"Bufetat region {r}" : user is not null ? "nasjonal rolle" : writtenHere ? caseService : "ukjent tjeneste";
            return new AccessLine(TimeZoneInfo.ConvertTime(at, NorwegianTime.Zone), kind, what, roleText, service, showNames ? user?.Name ?? userId : null, purposeText);
        }
        foreach (var a in await _log.ForCaseAsync(caseId, state.MunicipalityNumber))
            lines.Add(Line(a.At, a.Outcome == AccessEntry.Denied ? "forsøk avvist" : "lest", ReadWords(a), a.ActorId, a.Role, PurposeWords(a.Purpose)));
        foreach (var e in await _store.ReadStreamAsync(caseId))
            lines.Add(Line(e.RecordedAt, "endret", "registrerte i saken: " + InnsynBuilder.Kind(e.Event), e.RecordedBy, null, "saksbehandling", e.Event.ImportedFrom is null));
        foreach (var p in await Persons.ReadCasePersonsAsync(caseId))
            foreach (var v in await Persons.ReadPersonHistoryAsync(p.Id))
                lines.Add(Line(v.RecordedAt, "endret", $"registrerte {PersonText.Role(v.Role)} i saken", v.RecordedBy, null, "saksbehandling", true));
        if (_documentation is not null)
        {
            foreach (var n in await _documentation.Value.ReadCaseNotesAsync(caseId))
                foreach (var v in n.Versions)
                    lines.Add(Line(v.RecordedAt, "endret", "skrev journalnotat", v.AuthorId, null, "saksbehandling", true));
            foreach (var d in state.Decisions)
                if (await _documentation.Value.ReadDecisionDocumentAsync(caseId, d.Id) is { } doc)
                    foreach (var v in doc.Versions)
                        lines.Add(Line(v.RecordedAt, "endret", "skrev vedtaksdokument", v.AuthorId, null, "saksbehandling", true));
        }
        await LogCaseAs(actor, "case access for party", caseId, (party is null ? "innsynslogg til part" : $"innsynslogg til part {party}") + (purpose.Length > 0 ? "; " + purpose : ""));
        return new PartyAccessReport(caseId, state.MunicipalityNumber, state.JournalNumber, Today, recipientName, showNames, [.. lines.OrderBy(l => l.At)]);
    }

    /// <summary>Sets whether a service shows staff names to parties in «who looked at my case» (administrator).</summary>
    public async Task SetPartyAccessShowsNamesAsync(Actor by, string municipalityNumber, bool value)
    {
        await Require(by, Operation.Configure, municipalityNumber, "innstilling");
        await _settings.SetSettingAsync(PartyAccessShowsNamesSetting(municipalityNumber), value ? "true" : "false", by.UserId, _clock.GetUtcNow());
    }

    // ---- Plumbing -------------------------------------------------------------------------------------------------------

    private Task LogCaseAs(Actor actor, string operation, CaseId caseId, string purpose) =>
        _log.RecordAsync(new AccessEntry(0, _clock.GetUtcNow(), actor.UserId, Roles.Name(actor.Role), operation, purpose, caseId, null, 1));

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The person named by <paramref name="party"/>: a person id on the case, or the child.</summary>
    private static CasePerson ResolveParty(CaseState state, IReadOnlyList<CasePerson> persons, string party)
    {
        if (string.Equals(party, ChildParty, StringComparison.OrdinalIgnoreCase) || string.Equals(party, "barnet", StringComparison.OrdinalIgnoreCase))
            return persons.FirstOrDefault(p => p.Role == PersonRole.Child) ?? InnsynBuilder.ChildFromCase(state);
        if (!Guid.TryParse(party, out var guid))
            throw new ArgumentException($"--party: «{party}» er verken en persons id (UUID, se «vern case person list») eller «{ChildParty}».");
        return persons.FirstOrDefault(p => p.Id.Value == guid)
            ?? throw new ArgumentException($"--party: saken har ingen person med id {guid} (se «vern case person list»).");
    }

    private static string RoleWords(string role)
    {
        try
        {
            return Roles.Norwegian(Roles.Parse(role));
        }
        catch (FormatException)
        {
            return role;
        }
    }

    private static string PurposeWords(string purpose) => purpose.Length == 0 ? "(ikke oppgitt)" : purpose;

    /// <summary>An access-log row in plain words for a party.</summary>
    private static string ReadWords(AccessEntry a) => a.IsBulk
        ? $"saken var med i {BulkWords(a.Operation)} over {a.CaseCount:N0} saker"
        : a.Operation switch
        {
            "case show" => "så saken",
            "case export" => "hentet ut hele saken",
            "case access" => "så innsynsloggen",
            "case access for party" => "laget oversikten over hvem som har sett saken, til en part",
            "case innsyn" => "laget en innsynskopi til en part",
            "case persons" => "så personene i saken",
            "documentation read" => "leste saksdokumentasjonen",
            "documentation write" => "skrev i saksdokumentasjonen",
            _ => a.Operation,
        };

    private static string BulkWords(string operation) => operation switch
    {
        "case list" => "en saksliste",
        "deadlines" => "en fristoversikt",
        "worklist" => "en arbeidsliste",
        "compliance" => "internkontrollen",
        "capacity" => "en kapasitetsoversikt",
        "export register" => "rapporteringen til barnevernsregisteret (SSB)",
        "register check" => "en kontroll før rapportering til SSB",
        "statistics" => "statistikk (bare tall)",
        "search" => "et søk i journalnotater",
        _ => $"«{operation}»",
    };
}

/// <summary>Builds a party's access copy and decides its redactions (pure; the rules themselves are data in
/// <see cref="RedactionRules"/>).</summary>
/// <remarks>Decisions, in order:
/// <list type="number">
/// <item>A reporter who asked for anonymity: their name, identity number, address and the reporter category of the report
///   they sent (a category such as «nabo» or «far» may itself say who reported) are left out
///   (<see cref="RedactionRules.AnonymousReporter"/>).</item>
/// <item>A protected address (fortrolig or strengt fortrolig) is left out for everyone, the recipient included
///   (<see cref="RedactionRules.ProtectedAddress"/>).</item>
/// <item>Other persons' identity numbers and addresses are left out (<see cref="RedactionRules.OtherPersonsIdentityNumber"/>,
///   <see cref="RedactionRules.OtherPersonsAddress"/>); the recipient's own are shown.</item>
/// <item>Every free text (a decision document's reasons, a retraction's reason) is scanned for all of these values, so a
///   value typed into a text does not leak either (<see cref="TextRedactor"/>).</item>
/// </list>
/// Caseworkers are never named in the copy (the service is the sender).</remarks>
internal static class InnsynBuilder
{
    public static CasePerson ChildFromCase(CaseState state) =>
        new(new PersonId(state.Id.Value), state.Id, 0, PersonRole.Child, FullName(state.Child), state.Child.Identifier, null, state.Child.AddressProtection,
            false, null, false, null, "", DateTimeOffset.MinValue);

    private static string FullName(PersonalDetails child) =>
        string.Join(' ', new[] { child.GivenName, child.FamilyName }.Where(n => !string.IsNullOrWhiteSpace(n)));

    public static InnsynCopy Build(CaseState state, IReadOnlyList<CasePerson> stored, CasePerson recipient, PartyStatus recipientStatus,
        IReadOnlyList<RecordedEvent> timeline, IReadOnlyList<DecisionDocument> documents, CodeListSet codeLists, DateOnly today, string madeBy,
        IReadOnlyList<JournalNote>? notes = null, IReadOnlyList<ParticipationRecord>? participation = null, IReadOnlyList<Assessment>? assessments = null,
        IReadOnlyList<ViewsWithheld>? withheldViews = null)
    {
        // The child is always among the persons: from its own record (address, protection) or from the case's personalia.
        var persons = stored.Any(p => p.Role == PersonRole.Child) ? stored.ToList() : [ChildFromCase(state), .. stored];
        persons = [.. persons.Select(p => p.Role == PersonRole.Child
            ? p with
            {
                Name = p.Name.Length > 0 ? p.Name : FullName(state.Child),
                Identifier = p.Identifier ?? state.Child.Identifier,
                // The grading on the child's personalia (Folkeregisteret's) wins over an unprotected person record.
                Protection = p.Protection == AddressProtection.None ? state.Child.AddressProtection : p.Protection,
            }
            : p)];
        var counts = new Dictionary<RedactionRule, int>();
        CopyText Hide(RedactionRule rule)
        {
            counts[rule] = counts.GetValueOrDefault(rule) + 1;
            return CopyText.Hidden(rule);
        }

        // 1. What is secret from this reader, and why.
        var secrets = new List<Secret>();
        var anonymousReports = new HashSet<EntryId>();
        foreach (var p in persons)
        {
            var self = p.Id == recipient.Id;
            if (p.Role == PersonRole.Reporter && p.AnonymityRequested && !self)
            {
                if (p.ReportId is { } r)
                    anonymousReports.Add(r);
                Add(p.Name, SecretKind.Name, RedactionRules.AnonymousReporter);
                Add(p.Identifier, SecretKind.IdentityNumber, RedactionRules.AnonymousReporter);
                Add(p.Address, SecretKind.Address, RedactionRules.AnonymousReporter);
                continue;
            }
            if (p.Protection != AddressProtection.None)
                Add(p.Address, SecretKind.Address, RedactionRules.ProtectedAddress);
            else if (!self)
                Add(p.Address, SecretKind.Address, RedactionRules.OtherPersonsAddress);
            if (!self)
                Add(p.Identifier, SecretKind.IdentityNumber, RedactionRules.OtherPersonsIdentityNumber);
        }
        // The child's statements withheld from this reader (issue 22): each passage (or all of a record's views) is a secret for every
        // free text of the copy, since a caseworker may have quoted the child in a decision's «Barnets syn» or in a note.
        var withheldFrom = new Dictionary<Guid, RedactionRule>();
        foreach (var w in withheldViews ?? [])
        {
            var record = (participation ?? []).FirstOrDefault(p => p.Id == w.ParticipationId);
            var rule = WithholdingGrounds.Find(w.GroundCode);
            if (record?.ChildViews is null || rule is null)
                continue;
            if (w.Passage is null)
                withheldFrom[record.Id] = rule;
            foreach (var passage in WithholdingGrounds.Passages(w, record))
                Add(passage, SecretKind.Passage, rule);
        }
        void Add(string? value, SecretKind kind, RedactionRule rule)
        {
            if (!string.IsNullOrWhiteSpace(value))
                secrets.Add(new Secret(value, kind, rule));
        }
        // A name a reporter shares with a family member must not hide the family member's own name in the list of persons,
        // so only free texts are scanned for names; fields are decided one by one below.
        CopyText Scan(string text)
        {
            var t = TextRedactor.Redact(text, secrets);
            foreach (var piece in t.Pieces.Where(p => p.Redacted is not null))
                counts[piece.Redacted!] = counts.GetValueOrDefault(piece.Redacted!) + 1;
            return t;
        }

        // 2. The persons, field by field.
        var copyPersons = new List<CopyPerson>();
        foreach (var p in persons)
        {
            var self = p.Id == recipient.Id;
            var status = PartyRules.Of(p, state.Child.BirthDate, today);
            if (p.Role == PersonRole.Reporter && p.AnonymityRequested && !self)
            {
                copyPersons.Add(new CopyPerson("melder", Hide(RedactionRules.AnonymousReporter), p.Identifier is null ? null : Hide(RedactionRules.AnonymousReporter),
                    p.Address is null ? null : Hide(RedactionRules.AnonymousReporter), "ikke part", false));
                continue;
            }
            var id = p.Identifier is null ? null : self ? CopyText.Plain(p.Identifier) : Hide(RedactionRules.OtherPersonsIdentityNumber);
            var address = p.Address is null ? null
                : p.Protection != AddressProtection.None ? Hide(RedactionRules.ProtectedAddress)
                : self ? CopyText.Plain(p.Address) : Hide(RedactionRules.OtherPersonsAddress);
            var role = PersonText.Role(p.Role) + (p.Role is PersonRole.Parent or PersonRole.OtherWithParentalResponsibility
                ? p.ParentalResponsibility ? ", med foreldreansvar" : ", uten foreldreansvar" : "");
            copyPersons.Add(new CopyPerson(role, CopyText.Plain(p.Name), id, address, status.IsParty ? "part" : "ikke part", self));
        }
        var me = copyPersons.First(c => c.IsRecipient);

        // 3. The timeline in plain words; the reporter category of an anonymous reporter's report is left out.
        var text = new EventWords(codeLists, state);
        var events = new List<CopyEvent>();
        foreach (var e in timeline)
        {
            if (e.Event is MigratedIdRecorded or RelationRecorded or DeletedElementRecorded or DeletionFlagRecorded or CaseworkerAssigned)
                continue;
            var (on, words, reporterCodes) = text.Describe(e.Event);
            var pieces = Scan(words).Pieces.ToList();
            if (reporterCodes is { } rc)
            {
                var anonymous = e.Event is ReportOfConcernReceived rr && anonymousReports.Contains(rr.ReportId)
                    || e.Event is ReportOfConcernConcluded rk && anonymousReports.Contains(rk.ReportId);
                pieces.Add(new TextPiece(" Meldingen kom fra: "));
                pieces.AddRange(anonymous ? Hide(RedactionRules.AnonymousReporter).Pieces : [new TextPiece(rc)]);
                pieces.Add(new TextPiece("."));
            }
            events.Add(new CopyEvent(on ?? DateOnly.FromDateTime(e.RecordedAt.UtcDateTime), new CopyText(pieces)));
        }

        // 4. The decisions, with the finalised decision document's text where there is one.
        var decisions = new List<CopyDecision>();
        foreach (var d in state.Decisions)
        {
            var doc = documents.FirstOrDefault(x => x.Current.DecisionId == d.Id);
            var sections = doc is null ? [] : new List<CopySection>
            {
                new("Hjemmel", Scan(doc.Current.Reasons.LegalBasis)),
                new("Faktiske forhold", Scan(doc.Current.Reasons.Facts)),
                new("Vurdering", Scan(doc.Current.Reasons.Assessment)),
                new("Barnets syn", Scan(doc.Current.Reasons.ChildViews)),
                new("Vedtak", Scan(doc.Current.Reasons.Conclusion)),
            };
            decisions.Add(new CopyDecision(d.DecidedOn, d.LegalBasis, text.Code(CodeListPaths.DecisionStatus, d.CurrentStatus.Code), sections));
        }

        // 5. The documentation: each finalised note (its current text and addenda), each participation record and assessment, through
        // the same redactions; a note of an internal discussion is left out whole, with its rule (forvaltningsloven § 18 a).
        var documentation = new List<CopyDocument>();
        var withheld = new List<CopyWithheld>();
        foreach (var n in (notes ?? []).Where(n => n.IsFinalised).OrderBy(n => n.Date))
        {
            var type = NoteTypes.Find(n.TypeCode);
            if (n.TypeCode == "intern-drofting")
            {
                withheld.Add(new CopyWithheld(n.Date, "Journalnotat: " + (type?.Name ?? n.TypeCode), RedactionRules.InternalDocument));
                counts[RedactionRules.InternalDocument] = counts.GetValueOrDefault(RedactionRules.InternalDocument) + 1;
                continue;
            }
            var sections = new List<CopySection> { new(n.Current.Kind == NoteVersionKind.Correction ? "Tekst (rettet versjon)" : "Tekst", Scan(n.Current.Text)) };
            sections.AddRange(n.Addenda.Select(a => new CopySection($"Tillegg {a.Date:dd.MM.yyyy}", Scan(a.Text))));
            documentation.Add(new CopyDocument(n.Date, "Journalnotat: " + (type?.Name ?? n.TypeCode), sections));
        }
        foreach (var p in (participation ?? []).OrderBy(p => p.On))
        {
            var sections = p.Heard
                ? new List<CopySection>
                {
                    new("Hvem snakket med barnet, og hvor", Scan(string.Join(", ", new[] { p.HeardBy, p.Place }.Where(x => !string.IsNullOrWhiteSpace(x))))),
                    new("Barnets synspunkter", withheldFrom.TryGetValue(p.Id, out var all) ? Hide(all) : Scan(p.ChildViews ?? "")),
                    new("Vekt", Scan(p.Weight ?? "")),
                }
                : [new("Barnet ble ikke hørt", Scan(ParticipationRecord.Norwegian(p.NotHeard!.Value) + ": " + (p.Explanation ?? "")))];
            documentation.Add(new CopyDocument(p.On, "Barnets medvirkning", sections));
        }
        foreach (var a in (assessments ?? []).OrderBy(a => a.On))
        {
            var sections = new List<CopySection> { new("Barnets beste", Scan(a.BestInterests)) };
            sections.AddRange(a.Alternatives.Select(x => new CopySection("Vurdert alternativ", Scan($"{x.Alternative}. Forkastet fordi: {x.WhyRejected}"))));
            sections.Add(new CopySection("Minste inngrep", Scan(a.LeastIntrusive)));
            documentation.Add(new CopyDocument(a.On, "Vurdering", sections));
        }

        var applied = RedactionRules.All.Concat(WithholdingGrounds.All).Where(counts.ContainsKey).Select(r => new AppliedRedaction(r, counts[r])).ToList();
        return new InnsynCopy(state.Id, state.MunicipalityNumber, state.JournalNumber, today, madeBy, me, recipientStatus, copyPersons, events, decisions, applied,
            [.. documentation.OrderBy(d => d.On)], withheld);
    }

    /// <summary>The kind of an event in a few words (for «who looked at my case»).</summary>
    public static string Kind(CaseEvent e) => e switch
    {
        CaseOpened => "saken ble åpnet",
        PersonalDetailsRecorded => "personopplysninger om barnet",
        CaseworkerAssigned => "saksbehandler fikk ansvar",
        ReportOfConcernReceived or ReportOfConcernConcluded or ReporterFeedbackGiven => "bekymringsmelding",
        InvestigationOpened or InvestigationExtensionRequested or InvestigationExtensionDecided or ChildParticipationRecorded
            or InvestigationConcluded or InvestigationGroundsRecorded => "undersøkelse",
        DecisionMade or DecisionStatusChanged or DecisionEnded or DecisionReassessed or ClaimReceived or ClaimConcluded => "vedtak",
        MeasureStarted or VisitFrequencySet or SupervisionResponsibilitySet or VisitMade or MeasureEnded or TerminationReasonRecorded or ReturnFollowUpOffered => "tiltak",
        PlanMade or PlanEvaluated or PlanEnded => "plan",
        AftercareOffered or AftercareConcluded => "ettervern",
        CountyBoardReferralSent => "sak til barneverns- og helsenemnda",
        ChildMoved => "flytting",
        EntryRetracted => "en registrering ble trukket tilbake",
        CaseClosed or CaseReopened => "sakens status",
        _ => "opplysninger til barnevernsregisteret",
    };
}

/// <summary>A case's events in plain bokmål for a party (not the caseworker's shorthand): the legal date and what happened.</summary>
internal sealed class EventWords(CodeListSet codeLists, CaseState state)
{
    private static string D(DateOnly d) => d.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    /// <summary>A code's title without SSB's markup and parenthesised notes («Tiltaksplan etter BVL2021 § 8-1 *(tidligere …)*»
    /// becomes «Tiltaksplan etter BVL2021 § 8-1»).</summary>
    public string Code(string path, string code) =>
        codeLists.TryGet(path, out var list) && list.Find(code) is { } e
            ? e.Title.Replace("*", "", StringComparison.Ordinal).Replace("<br>", " ", StringComparison.Ordinal).Split(" (", 2)[0].Trim()
            : $"kode {code}";

    private string Codes(string path, IEnumerable<CodedValue> codes) => string.Join(", ", codes.Select(c => Code(path, c.Code)));

    /// <summary>The legal date, the words, and (for a report) the reporter categories, which are decided apart.</summary>
    public (DateOnly? On, string Words, string? ReporterCodes) Describe(CaseEvent e) => e switch
    {
        CaseOpened x => (x.OpenedOn, "Barnevernstjenesten åpnet saken.", null),
        PersonalDetailsRecorded x => (x.Details.EffectiveFrom, "Opplysningene om barnet ble oppdatert.", null),
        ReportOfConcernReceived x => (x.ReceivedOn, "Barnevernstjenesten mottok en bekymringsmelding"
            + (x.Contents.Count > 0 ? $" om: {Codes(CodeListPaths.CaseContent, x.Contents)}" : "") + ".", x.Reporters.Count > 0 ? Codes(CodeListPaths.Reporter, x.Reporters) : null),
        ReportOfConcernConcluded x => (x.ConcludedOn, $"Meldingen fra {Received(x.ReportId)} ble gjennomgått. Konklusjon: {Code(CodeListPaths.ReportConclusion, x.Code)}.",
            x.Reporters is { Count: > 0 } r ? Codes(CodeListPaths.Reporter, r) : null),
        ReporterFeedbackGiven x => (x.GivenOn, "Barnevernstjenesten ga melderen tilbakemelding.", null),
        InvestigationOpened x => (x.StartedOn, $"Barnevernstjenesten startet en undersøkelse etter meldingen fra {Received(x.ReportId)}.", null),
        InvestigationExtensionRequested x => (x.RequestedOn, "Fristen for undersøkelsen ble forlenget fra tre til seks måneder.", null),
        InvestigationExtensionDecided x => (null, x.Granted ? "Forlenget frist for undersøkelsen ble godkjent." : "Forlenget frist for undersøkelsen ble ikke godkjent.", null),
        ChildParticipationRecorded x => (x.On, "Barnevernstjenesten registrerte hvordan barnet fikk si sin mening i undersøkelsen.", null),
        InvestigationGroundsRecorded => (null, "Barnevernstjenesten registrerte hva undersøkelsen så langt har vist.", null),
        InvestigationConcluded x => (x.ConcludedOn, $"Undersøkelsen ble avsluttet. Konklusjon: {Code(CodeListPaths.InvestigationConclusion, x.Outcome.Code)}.", null),
        DecisionMade x => (x.DecidedOn, $"Det ble fattet et vedtak etter {Cite(x.LegalBasis)}.", null),
        DecisionStatusChanged x => (x.ChangedOn, $"Vedtaket fikk status: {Code(CodeListPaths.DecisionStatus, x.StatusCode)}.", null),
        DecisionReassessed x => (x.ReassessedOn, "Vedtaket ble vurdert på nytt.", null),
        DecisionEnded x => (x.EndedOn, "Vedtaket opphørte.", null),
        ClaimReceived x => (x.ReceivedOn, "Et krav om endring av nemndas vedtak ble mottatt.", null),
        ClaimConcluded x => (x.ConcludedOn, "Kravet om endring ble behandlet.", null),
        MeasureStarted x => (x.StartedOn, $"Et tiltak startet: {Code(CodeListPaths.MeasureCategory, x.Category.Code)}.", null),
        VisitFrequencySet x => (x.From, $"{(x.Kind == VisitKind.Supervision ? "Tilsyn" : "Oppfølging")}: {x.VisitsPerYear} besøk i året.", null),
        SupervisionResponsibilitySet x => (x.From, "Det ble bestemt hvilken kommune som har ansvar for tilsynet.", null),
        VisitMade x => (x.VisitedOn, x.Kind == VisitKind.Supervision ? "Tilsynsbesøk." : "Oppfølgingsbesøk.", null),
        TerminationReasonRecorded => (null, "Grunnen til at et tiltak skal avsluttes, ble registrert.", null),
        MeasureEnded x => (x.EndedOn, "Et tiltak ble avsluttet" + (x.Termination is { } t ? $" ({Code(CodeListPaths.Termination, t.Code)})" : "") + ".", null),
        ReturnFollowUpOffered x => (x.OfferedOn, "Barnevernstjenesten tilbød barnet og foreldrene oppfølging etter at barnet flyttet hjem igjen.", null),
        PlanMade x => (x.StartedOn, $"En plan ble laget: {Code(CodeListPaths.PlanType, x.PlanType)}.", null),
        PlanEvaluated x => (x.EvaluatedOn, "Planen ble evaluert.", null),
        PlanEnded x => (x.EndedOn, "Planen ble avsluttet.", null),
        AftercareOffered x => (x.OfferSentOn, "Barnevernstjenesten tilbød ettervern.", null),
        AftercareConcluded x => (x.ConcludedOn, "Tilbudet om ettervern ble besvart.", null),
        CountyBoardReferralSent x => (x.SentOn, $"Barnevernstjenesten sendte saken til barneverns- og helsenemnda etter {Cite(x.LegalBasis)}.", null),
        ChildMoved x => (x.MovedOn, "Barnet flyttet.", null),
        EntryRetracted x => (x.RetractedOn, $"En registrering ble trukket tilbake fordi den var feil: {x.Reason}", null),
        CaseClosed x => (x.ClosedOn, "Saken ble avsluttet.", null),
        CaseReopened x => (x.ReopenedOn, "Saken ble åpnet igjen.", null),
        _ => (null, "Opplysninger til barnevernsregisteret ble registrert.", null),
    };

    /// <summary>A legal basis in words: «barnevernsloven (2021) § 3-1 første ledd».</summary>
    public static string Cite(Vern.Domain.Law.LegalBasis b)
    {
        var act = Vern.Domain.Law.Acts.Find(b.Act)?.Name ?? b.Act;
        string[] ordinals = ["første", "andre", "tredje", "fjerde", "femte", "sjette"];
        var ledd = b.Subsections.Length == 0 ? ""
            : " " + string.Join(" og ", b.Subsections.Select(n => int.TryParse(n, CultureInfo.InvariantCulture, out var i) && i is >= 1 and <= 6 ? ordinals[i - 1] : n + ".")) + " ledd";
        var letters = b.Letters.Length == 0 ? "" : " bokstav " + string.Join(", ", b.Letters);
        return $"{act} § {b.Chapter}-{b.Section}{ledd}{letters}";
    }

    private string Received(EntryId reportId) => state.FindReport(reportId) is { } r ? D(r.ReceivedOn) : "(ukjent dato)";
}
