using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Vern.Domain.Cases;
using Vern.Domain.Law;
using Vern.Domain.People;
using Vern.Domain.Validation;
using Vern.Register.Model;
using Plan = Vern.Register.Model.Plan;

namespace Vern.Register.Mapping;

/// <summary>A case as the register sees it, plus what could not be put into the file (each a
/// <see cref="ValidationIssue"/> with a stable code, so the caseworker can fix it in the case).</summary>
public sealed record MappedCase(RegisterCase Case, IReadOnlyList<ValidationIssue> Issues);

/// <summary>Maps Vern's case state (<see cref="CaseState"/>) to the register's <see cref="RegisterCase"/>
/// (Barnevern_v4.xsd SakType). Pure: the same state always gives the same case, including the ids of the
/// Relasjon elements, so a re-export of an unchanged case is byte-identical apart from the file header.</summary>
/// <remarks>
/// Element by element:
/// <list type="bullet">
/// <item>Sak: Id = case id, Journalnummer, StartDato = opened, SluttDato = closed, Avsluttet="true" when closed (left out when open).</item>
/// <item>Personalia: one per <see cref="PersonalDetails"/>. An unknown identifier is written as the register's
/// incomplete form: birth date (DDMMÅÅ) + 00100, or the due date + 99999 for an unborn child
/// (Barnevern_v4.xsd Personalia/@Fodselsnummer; Personalia kontroll 12 and 18).</item>
/// <item>Relasjon: Melding → Undersokelse (the investigation's report), Undersokelse → Vedtak, OversendelseFylkesnemnd
/// → Vedtak and Vedtak → Tiltak, as Kravspesifikasjon's definition of Relasjon and Undersøkelse Kontroll 20/21,
/// Vedtak Kontroll 20 and Tiltak Kontroll 20 describe. A relation kept from an import (<see cref="CaseState.Relations"/>)
/// is written as delivered (its id and direction); the others get name-based UUIDs (version 5) of the two ends. A kept
/// relation between live entries that Vern does not derive is written too.</item>
/// <item>MigrertId: from <see cref="CaseState.MigratedIds"/> on the Sak and each element.</item>
/// <item>Slettet: one per retraction (Type = the entry kind, SluttDato = the retraction date), and each Slettet kept from an
/// import as delivered (<see cref="CaseState.DeletedElements"/>).</item>
/// <item>ErSlettet: as delivered (<see cref="CaseState.DeletionFlags"/>); the entries marked true are written from
/// <see cref="CaseState.DeletedInFile"/>.</item>
/// <item>Tilsyn needs at least one Ansvarlig and one Hyppighet, Oppfolging at least one Hyppighet (XSD); a schedule
/// that lacks them is left out of the file and reported as <see cref="MappingCodes.SupervisionIncomplete"/> or
/// <see cref="MappingCodes.FollowUpIncomplete"/>.</item>
/// </list>
/// </remarks>
public static class CaseToRegister
{
    /// <summary>Namespace of the name-based Relasjon ids (fixed: changing it changes every delivered Relasjon id).</summary>
    private static readonly Guid RelationNamespace = new("6f1c2a4e-3b8d-4c59-9e21-7a5d0b3c8f10");

    public static MappedCase Map(CaseState state)
    {
        var issues = new List<ValidationIssue>();
        var sakPath = $"Sak[Id={state.Id}]";
        string? Migrated(EntryId id) => state.MigratedIds.Count == 0 ? null : state.MigratedIds.GetValueOrDefault(id.Value);
        bool? Deleted(Guid? id, string? part = null) =>
            state.DeletionFlags.Count > 0 && state.DeletionFlags.TryGetValue(DeletedElement.FlagKey(id, part), out var v) ? v : null;

        var personalia = state.PersonalDetails.Select(p => new Personalia(
            Id(p.Id), p.EffectiveFrom, RegisterIdentifier(p), p.BirthDate,
            ((int)p.Sex).ToString(CultureInfo.InvariantCulture), p.DufNumber, Deleted(p.Id.Value))).ToArray();

        var melding = state.Reports.Select(r => new Melding(
            Id(r.Id), Migrated(r.Id), r.ReceivedOn, Deleted(r.Id.Value),
            Own(r.Reporters.Select(c => new Melder(c.Code, c.Specification))),
            Own(r.Contents.Select(c => new Saksinnhold(c.Code, c.Specification))),
            r.Conclusion is { } k ? new MeldingKonklusjon(k.ConcludedOn, k.Code, Deleted(r.Id.Value, "Konklusjon")) : null)).ToArray();

        var undersokelse = state.Investigations.Select(i => new Undersokelse(
            Id(i.Id), Migrated(i.Id), i.StartedOn, Deleted(i.Id.Value),
            Own((i.Conclusion?.Grounds ?? i.Grounds ?? []).Select(c => new Saksinnhold(c.Code, c.Specification))),
            i.Participation is { } p ? new BarnetsMedvirkning(p.On, p.Kind) : null,
            i.Extension is { } x ? new UtvidetFrist(x.RequestedOn, x.Granted switch { true => "1", false => "2", null => null }) : null,
            i.Conclusion is { } k ? new UndersokelseKonklusjon(k.ConcludedOn, k.Outcome.Code, k.Outcome.Specification) : null)).ToArray();

        var plan = state.Plans.Select(p => new Plan(
            Id(p.Id), Migrated(p.Id), p.StartedOn, p.PlanType, Deleted(p.Id.Value),
            Own(p.Evaluations.Select(e => new Evaluering(e))),
            p.EndedOn is { } end ? new SluttKonklusjon(end) : null)).ToArray();

        var tiltak = state.Measures.Select(m => new Tiltak(
            Id(m.Id), Migrated(m.Id), m.StartedOn, Deleted(m.Id.Value),
            Lov(m.LegalBasis),
            Own((m.ComparedWith ?? []).Select(Lov)),
            new Kategori(m.Category.Code, m.Category.Specification),
            Own(m.Grounds.Select(c => new Saksinnhold(c.Code, c.Specification))),
            Supervision(m, sakPath, issues),
            FollowUp(m, sakPath, issues),
            m.Termination is { } t ? new Opphevelse(t.Code, t.Specification) : null,
            m.EndedOn is { } end ? new SluttKonklusjon(end) : null)).ToArray();

        var vedtak = state.Decisions.Select(d => new Vedtak(
            Id(d.Id), Migrated(d.Id), d.DecidedOn, Deleted(d.Id.Value),
            Lov(d.LegalBasis),
            Own(d.ComparedWith.Select(Lov)),
            d.Claims is { Count: > 0 } claims
                ? Own(claims.Select(k => new Krav(Id(k.Id), k.ReceivedOn,
                    k.Conclusion is { } c ? new KravKonklusjon(c.ConcludedOn, c.Outcome.Code, c.Outcome.Specification) : null)))
                : ValueList<Krav>.Empty,
            Own(d.Statuses.Select(s => new VedtakStatus(Id(s.Id), s.ChangedOn, s.Code))),
            d.EndedOn is { } end ? new SluttKonklusjon(end) : null)).ToArray();

        var ettervern = state.Aftercare.Select(a => new Ettervern(
            Id(a.Id), Migrated(a.Id), a.OfferSentOn, Deleted(a.Id.Value),
            a.Conclusion is { } k ? new EttervernKonklusjon(k.ConcludedOn, k.Code) : null)).ToArray();

        var oversendelse = state.CountyBoardReferrals.Select(r => new OversendelseFylkesnemnd(
            Id(r.Id), Migrated(r.Id), r.SentOn, Deleted(r.Id.Value), Lov(r.LegalBasis), Own(r.ComparedWith.Select(Lov)))).ToArray();

        var flytting = state.Moves.Select(mv => new Flytting(
            Id(mv.Id), Migrated(mv.Id), mv.MovedOn, Deleted(mv.Id.Value),
            new ArsakFra(mv.ReasonFrom.Code, mv.ReasonFrom.Specification),
            new FlyttingTil(mv.MovedTo.Code, mv.MovedTo.Specification))).ToArray();

        var slettet = state.DeletedElements.Select(d => new Slettet(d.Id.ToString("D"), d.Type, d.DeletedOn))
            .Concat(state.Retractions.Select(r => new Slettet(Id(r.EntryId), r.Kind.ToString(), r.RetractedOn)))
            .DistinctBy(s => (s.Id, s.Type)).ToArray(); // the XSD's SlettetIdUnique: Id + Type

        // Entries the delivered file marked ErSlettet="true" are written back with the marker (their flags say true); the
        // relations to and between them are kept relations and are written below.
        var deleted = state.DeletedInFile is { } d0
            ? Map(d0 with { MigratedIds = state.MigratedIds, DeletionFlags = state.DeletionFlags }).Case
            : null;

        var sak = new RegisterCase(
            state.Id.ToString(), state.MigratedIds.GetValueOrDefault(state.Id.Value), state.OpenedOn, state.ClosedOn, state.JournalNumber, state.IsClosed ? true : null,
            Deleted(null),
            Own(personalia, deleted?.Personalia), Own(melding, deleted?.Melding), Own(undersokelse, deleted?.Undersokelse), Own(plan, deleted?.Plan),
            Own(tiltak, deleted?.Tiltak), Own(vedtak, deleted?.Vedtak), Own(ettervern, deleted?.Ettervern),
            Own(oversendelse, deleted?.OversendelseFylkesnemnd), Own(flytting, deleted?.Flytting), Own(Relations(state)), Own(slettet));
        return new MappedCase(sak, issues);
    }

    /// <summary>The register's Fodselsnummer for a personalia: the identifier, or when unknown birth date (DDMMÅÅ) + 00100
    /// for a boy, + 00200 for a girl, or the due date + 99999 for an unborn child, as Barnevern_v4.xsd allows.</summary>
    /// <remarks>The tail follows the sex because SSB reads the 9th digit of every number not ending 99999 as the sex (odd:
    /// 1 male, even: 2 female; Kravspesifikasjon Personalia Kontroll 14, ERROR): 00100 for a girl fails SSB.</remarks>
    public static string RegisterIdentifier(PersonalDetails p) =>
        !string.IsNullOrEmpty(p.Identifier)
            ? p.Identifier
            : p.BirthDate.ToString("ddMMyy", CultureInfo.InvariantCulture) + p.Sex switch
            {
                Sex.Unborn => "99999",
                Sex.Female => "00200",
                _ => "00100",
            };

    /// <summary>A Relasjon id derived from its two ends: a name-based UUID (RFC 4122 version 5, SHA-1) of
    /// "FraType:FraId>TilType:TilId" in a fixed namespace, so every export gives the same id.</summary>
    /// <remarks>Built on the stack (the name, its UTF-8 bytes after the namespace, the hash): one string per id, the result.
    /// The export derives a few of these per case.</remarks>
    public static string RelationId(string fromType, string fromId, string toType, string toId)
    {
        var length = fromType.Length + fromId.Length + toType.Length + toId.Length + 3; // and ":", ">", ":"
        Span<char> name = length <= 256 ? stackalloc char[length] : new char[length];
        fromType.CopyTo(name);
        var at = fromType.Length;
        name[at++] = ':';
        at += fromId.AsSpan().ToLowerInvariant(name[at..]);
        name[at++] = '>';
        toType.CopyTo(name[at..]);
        at += toType.Length;
        name[at++] = ':';
        at += toId.AsSpan().ToLowerInvariant(name[at..]);
        var max = 16 + Encoding.UTF8.GetMaxByteCount(at);
        Span<byte> input = max <= 1024 ? stackalloc byte[max] : new byte[max];
        RelationNamespace.TryWriteBytes(input, bigEndian: true, out _);
        var used = 16 + Encoding.UTF8.GetBytes(name[..at], input[16..]);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is what RFC 4122 prescribes for version 5 UUIDs; it is an id, not a security hash.
        SHA1.HashData(input[..used], hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(hash[..16], bigEndian: true).ToString("D");
    }

    private static List<Relasjon> Relations(CaseState state)
    {
        var list = new List<Relasjon>();
        EntryKind? KindOf(EntryId id) => state.KindOf(id) ?? state.DeletedInFile?.KindOf(id);
        // A kept end that is not in the case (a dangling Relasjon an import kept, Vedtak Kontroll 20) goes back as it came.
        var kept = state.Relations.Where(r => (KindOf(r.From) ?? r.FromKind) == r.FromKind && (KindOf(r.To) ?? r.ToKind) == r.ToKind).ToList();
        void Add(string fromType, EntryId from, string toType, EntryId to)
        {
            var i = kept.FindIndex(r => (r.From == from && r.To == to) || (r.From == to && r.To == from));
            if (i < 0)
            {
                list.Add(new Relasjon(RelationId(fromType, Id(from), toType, Id(to)), Id(from), fromType, Id(to), toType));
                return;
            }
            list.Add(Kept(kept[i]));
            kept.RemoveAt(i);
        }

        foreach (var i in state.Investigations)
            if (state.FindReport(i.ReportId) is not null)
                Add(BegrepsType.Melding, i.ReportId, BegrepsType.Undersokelse, i.Id);
        foreach (var d in state.Decisions)
        {
            if (d.InvestigationId is { } inv && state.FindInvestigation(inv) is not null)
                Add(BegrepsType.Undersokelse, inv, BegrepsType.Vedtak, d.Id);
            if (d.CountyBoardReferralId is { } r && state.FindCountyBoardReferral(r) is not null)
                Add(BegrepsType.OversendelseFylkesnemnd, r, BegrepsType.Vedtak, d.Id);
        }
        foreach (var m in state.Measures)
            if (state.FindDecision(m.DecisionId) is not null)
                Add(BegrepsType.Vedtak, m.DecisionId, BegrepsType.Tiltak, m.Id);
        list.AddRange(kept.Select(Kept));
        return list;

        Relasjon Kept(Relation r) => new(r.Id.ToString("D"), Id(r.From), r.FromKind.ToString(), Id(r.To), r.ToKind.ToString(),
            state.DeletionFlags.Count > 0 && state.DeletionFlags.TryGetValue(DeletedElement.FlagKey(r.Id, null), out var v) ? v : null);
    }

    private static Tilsyn? Supervision(Measure m, string sakPath, List<ValidationIssue> issues)
    {
        if (m.Supervision is not { } s)
            return null;
        if (s.Responsible.Count == 0 || s.Frequencies.Count == 0)
        {
            issues.Add(MappingCodes.Issue(MappingCodes.SupervisionIncomplete, $"{sakPath}/Tiltak[Id={m.Id}]/Tilsyn",
                ("ansvarlig", s.Responsible.Count), ("hyppighet", s.Frequencies.Count), ("utfort", s.Visits.Count)));
            return null;
        }
        return new Tilsyn(
            Own(s.Responsible.Select(r => new TilsynAnsvarlig(Id(r.Id), r.From, r.MunicipalityNumber))),
            Own(s.Frequencies.Select(Frequency)),
            Own(s.Visits.Select(v => new Utfort(Id(v.Id), v.On))));
    }

    private static Oppfolging? FollowUp(Measure m, string sakPath, List<ValidationIssue> issues)
    {
        if (m.FollowUp is not { } s)
            return null;
        if (s.Frequencies.Count == 0)
        {
            issues.Add(MappingCodes.Issue(MappingCodes.FollowUpIncomplete, $"{sakPath}/Tiltak[Id={m.Id}]/Oppfolging",
                ("utfort", s.Visits.Count)));
            return null;
        }
        return new Oppfolging(Own(s.Frequencies.Select(Frequency)), Own(s.Visits.Select(v => new Utfort(Id(v.Id), v.On))));
    }

    private static Hyppighet Frequency(VisitFrequency f) =>
        new(Id(f.Id), f.From, f.VisitsPerYear.ToString(CultureInfo.InvariantCulture));

    private static Lovhjemmel Lov(LegalBasis b) =>
        new(b.Act, b.Chapter, b.Section, Own(b.Subsections), Own(b.Letters), Own(b.Sentences));

    private static string Id(EntryId id) => id.ToString();

    private static ValueList<T> Own<T>(IEnumerable<T> items) => new(items);

    private static ValueList<T> Own<T>(IEnumerable<T> items, IEnumerable<T>? more) => new(more is null ? items : items.Concat(more));
}
