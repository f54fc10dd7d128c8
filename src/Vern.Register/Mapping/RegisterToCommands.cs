using System.Collections.Immutable;
using System.Globalization;
using Vern.Domain.Cases;
using Vern.Domain.Law;
using Vern.Domain.People;
using Vern.Domain.Validation;
using Vern.Register.Model;
using Plan = Vern.Register.Model.Plan;

namespace Vern.Register.Mapping;

/// <summary>One command of an import with the register element it comes from (for error messages).</summary>
public sealed record ImportStep(CaseCommand Command, string Path);

/// <summary>The commands that rebuild a register case in Vern, in the order they must run, and what the
/// mapping found. When <see cref="Issues"/> holds an error, the case must not be imported.</summary>
public sealed record ImportPlan(CaseId CaseId, IReadOnlyList<ImportStep> Steps, IReadOnlyList<ValidationIssue> Issues)
{
    public bool CanImport => !Issues.Any(i => i.Severity >= Severity.Error);
}

/// <summary>Maps a register case (Barnevern_v4.xsd SakType) to the commands that recreate it in Vern, keeping
/// every id of the file (case, entries, statuses, visits). The commands then go through
/// <see cref="CaseDecider"/> like any other, so an imported fact obeys the same rules as one typed in.</summary>
/// <remarks>
/// Order: the case is opened first and closed last; everything else runs in date order, a dependent step never
/// before what it depends on (its sort date is the later of its own date and its dependency's), and on the same
/// date in the natural order of the work (melding, konklusjon, undersøkelse, oversendelse, vedtak, tiltak …).
/// Links come from Relasjon: Melding → Undersokelse gives the investigation's report, Undersokelse → Vedtak and
/// OversendelseFylkesnemnd → Vedtak the decision's origins, Vedtak → Tiltak the measure's decision (the reverse
/// direction is accepted too). Every Relasjon is also kept as delivered (<see cref="RecordRelation"/>: its id and
/// direction), and every MigrertId (<see cref="RecordMigratedId"/>), once the entries exist and before the case is closed,
/// so the case exports back as it came. Vedtak/Krav becomes <see cref="ReceiveClaim"/>/<see cref="ConcludeClaim"/>, an
/// Opphevelse without Konklusjon <see cref="RecordTerminationReason"/>.
/// The register's deletion markers are kept as delivered, last of all: each Slettet element (<see cref="RecordDeletedElement"/>)
/// and each ErSlettet attribute, true or false (<see cref="RecordDeletionFlag"/>); an element marked true is imported and then
/// leaves the live case (<see cref="CaseState.DeletedInFile"/>), so the export writes it back unchanged.
/// </remarks>
public static class RegisterToCommands
{
    public static ImportPlan Map(RegisterCase sak, string municipalityNumber)
    {
        var m = new Mapper(sak);
        return m.Run(municipalityNumber);
    }

    private sealed class Mapper(RegisterCase sak)
    {
        private readonly List<ValidationIssue> _issues = [];
        private readonly List<(DateOnly Date, int Priority, int Seq, ImportStep Step)> _steps = [];
        private readonly string _sakPath = $"Sak[Id={sak.Id}]";
        private readonly List<ImportStep> _last = [];
        private readonly List<ImportStep> _flags = [];

        private void Add(DateOnly date, int priority, CaseCommand command, string path) =>
            _steps.Add((date, priority, _steps.Count, new ImportStep(command, path)));

        private void Warn(string path, string element) =>
            _issues.Add(MappingCodes.Issue(MappingCodes.NotImported, path, ("element", element)));

        private void Invalid(string path, string element, string? value, string reason) =>
            _issues.Add(MappingCodes.Issue(MappingCodes.ValueInvalid, path, ("element", element), ("verdi", value), ("grunn", reason)));

        private string P(string element, string id) => $"{_sakPath}/{element}[Id={id}]";

        private EntryId? Entry(string id, string path, string element)
        {
            if (Guid.TryParse(id, out var g))
                return new EntryId(g);
            Invalid(path, element + "/@Id", id, "ikke en UUID");
            return null;
        }

        /// <summary>Keeps a MigrertId once its entry exists (the step runs after every entry is made).</summary>
        private void Migrated(string? migrertId, string path, string id)
        {
            if (migrertId is null)
                return;
            EntryId? entry = id == sak.Id ? null : Guid.TryParse(id, out var g) ? new EntryId(g) : null;
            if (id != sak.Id && entry is null)
                return; // the element's id is reported as invalid where the element is mapped
            _last.Add(new ImportStep(new RecordMigratedId(entry, migrertId), path + "/@MigrertId"));
        }

        /// <summary>The FraId of a Relasjon of the given types that ends at <paramref name="toId"/> (either direction); one marked
        /// ErSlettet="true" only when there is no other (SSB's controls count it, so the file is valid with it).</summary>
        private string? Related(string fromType, string toType, string toId) =>
            Related(fromType, toType, toId, deleted: false) ?? Related(fromType, toType, toId, deleted: true);

        private string? Related(string fromType, string toType, string toId, bool deleted)
        {
            foreach (var r in sak.Relasjon)
            {
                if ((r.ErSlettet == true) != deleted)
                    continue;
                if (r.FraType == fromType && r.TilType == toType && string.Equals(r.TilId, toId, StringComparison.OrdinalIgnoreCase))
                    return r.FraId;
                if (r.FraType == toType && r.TilType == fromType && string.Equals(r.FraId, toId, StringComparison.OrdinalIgnoreCase))
                    return r.TilId;
            }
            return null;
        }

        public ImportPlan Run(string municipalityNumber)
        {
            if (!Guid.TryParse(sak.Id, out var caseGuid))
            {
                Invalid(_sakPath, "Sak/@Id", sak.Id, "ikke en UUID");
                return new ImportPlan(default, [], _issues);
            }
            var caseId = new CaseId(caseGuid);
            Migrated(sak.MigrertId, _sakPath, sak.Id);

            // The case opens with the earliest personalia not marked deleted; the others follow (a deleted one then leaves the live case).
            var opener = sak.Personalia.Where(p => p.ErSlettet != true).OrderBy(p => p.StartDato).FirstOrDefault()
                ?? sak.Personalia.OrderBy(p => p.StartDato).FirstOrDefault();
            List<Personalia> personalia = opener is null ? [] : [opener, .. sak.Personalia.Where(p => !ReferenceEquals(p, opener)).OrderBy(p => p.StartDato)];
            if (personalia.Count == 0)
            {
                _issues.Add(MappingCodes.Issue(MappingCodes.ValueInvalid, _sakPath, ("element", "Sak/Personalia"), ("verdi", "(ingen)"),
                    ("grunn", "en sak i Vern må ha personalia (Personalia kontroll 11)")));
                return new ImportPlan(caseId, [], _issues);
            }
            var first = personalia[0];
            var firstPath = P("Personalia", first.Id);
            var open = new OpenCase(municipalityNumber, sak.Journalnummer, sak.StartDato, Child(first, firstPath),
                Entry(first.Id, firstPath, "Personalia"), first.StartDato);
            foreach (var p in personalia)
                KeepDeletionFlag(p.ErSlettet, p.Id, P("Personalia", p.Id));
            foreach (var p in personalia.Skip(1))
            {
                var path = P("Personalia", p.Id);
                Add(p.StartDato, 1, new RecordPersonalDetails(p.StartDato, Child(p, path), Entry(p.Id, path, "Personalia")), path);
            }

            var sortDates = new Dictionary<string, DateOnly>(StringComparer.OrdinalIgnoreCase);
            Reports(sortDates);
            Referrals(sortDates);
            Investigations(sortDates);
            Decisions(sortDates);
            Measures(sortDates);
            Plans();
            Aftercare();
            Moves();
            Relations();
            foreach (var s in sak.Slettet)
            {
                var path = $"{_sakPath}/Slettet[Id={s.Id}]";
                if (Guid.TryParse(s.Id, out var deleted))
                    _flags.Add(new ImportStep(new RecordDeletedElement(deleted, s.Type, s.SluttDato), path));
                else
                    Invalid(path, "Slettet/@Id", s.Id, "ikke en UUID");
            }
            if (sak.ErSlettet is { } caseDeleted)
                _flags.Add(new ImportStep(new RecordDeletionFlag(null, caseDeleted), _sakPath + "/@ErSlettet"));

            var steps = new List<ImportStep> { new(open, _sakPath) };
            steps.AddRange(_steps.OrderBy(s => s.Date).ThenBy(s => s.Priority).ThenBy(s => s.Seq).Select(s => s.Step));
            steps.AddRange(_last);
            steps.AddRange(_flags);
            if (sak.SluttDato is { } closed)
                steps.Add(new ImportStep(new CloseCase(closed), _sakPath + "/@SluttDato"));
            else if (sak.Avsluttet == true)
                _issues.Add(MappingCodes.Issue(MappingCodes.Normalised, _sakPath,
                    ("element", "Sak/@Avsluttet"), ("hva", "saken er merket avsluttet uten sluttdato; den importeres som åpen")));
            return new ImportPlan(caseId, steps, _issues);
        }

        private ChildInput Child(Personalia p, string path)
        {
            Sex sex = Sex.Unborn;
            switch (p.Kjonn)
            {
                case "0": sex = Sex.Unborn; break;
                case "1": sex = Sex.Male; break;
                case "2": sex = Sex.Female; break;
                default: Invalid(path, "Personalia/@Kjonn", p.Kjonn, "skal være 0, 1 eller 2"); break;
            }
            return new ChildInput(p.Fodselsnummer, p.Fodseldato, sex, p.DUFnummer);
        }

        private void Reports(Dictionary<string, DateOnly> sortDates)
        {
            foreach (var r in sak.Melding)
            {
                var path = P("Melding", r.Id);
                KeepDeletionFlag(r.ErSlettet, r.Id, path);
                Migrated(r.MigrertId, path, r.Id);
                if (Entry(r.Id, path, "Melding") is not { } id)
                    continue;
                sortDates[r.Id] = r.StartDato;
                Add(r.StartDato, 2, new ReceiveReport(r.StartDato,
                    r.Melder.Select(x => new CodedValue(x.Kode, x.Presisering)).ToImmutableList(),
                    r.Saksinnhold.Select(x => new CodedValue(x.Kode, x.Presisering)).ToImmutableList(), id), path);
                if (r.Konklusjon is { } k)
                {
                    Add(Max(k.SluttDato, r.StartDato), 3, new ConcludeReport(id, k.SluttDato, k.Kode), path + "/Konklusjon");
                    KeepDeletionFlag(k.ErSlettet, r.Id, path, "Konklusjon");
                }
            }
        }

        private void Referrals(Dictionary<string, DateOnly> sortDates)
        {
            foreach (var o in sak.OversendelseFylkesnemnd)
            {
                var path = P("OversendelseFylkesnemnd", o.Id);
                KeepDeletionFlag(o.ErSlettet, o.Id, path);
                Migrated(o.MigrertId, path, o.Id);
                if (Entry(o.Id, path, "OversendelseFylkesnemnd") is not { } id)
                    continue;
                sortDates[o.Id] = o.StartDato;
                Add(o.StartDato, 7, new SendToCountyBoard(o.StartDato, Basis(o.Lovhjemmel),
                    o.JmfrLovhjemmel.Select(Basis).ToImmutableList(), id), path);
            }
        }

        private void Investigations(Dictionary<string, DateOnly> sortDates)
        {
            foreach (var u in sak.Undersokelse)
            {
                var path = P("Undersokelse", u.Id);
                KeepDeletionFlag(u.ErSlettet, u.Id, path);
                Migrated(u.MigrertId, path, u.Id);
                if (Entry(u.Id, path, "Undersokelse") is not { } id)
                    continue;
                var reportId = Related(BegrepsType.Melding, BegrepsType.Undersokelse, u.Id);
                if (reportId is null || !Guid.TryParse(reportId, out var reportGuid))
                {
                    _issues.Add(MappingCodes.Issue(MappingCodes.RelationMissing, path, ("element", "Undersokelse"),
                        ("fraType", BegrepsType.Melding), ("kontroll", "Undersøkelse Kontroll 20")));
                    continue;
                }
                var date = Max(u.StartDato, sortDates.GetValueOrDefault(reportId));
                sortDates[u.Id] = date;
                // The file says itself whether and when the Melding was concluded: the investigation does not conclude it.
                Add(date, 4, new OpenInvestigation(new EntryId(reportGuid), u.StartDato, id, ConcludesReport: false), path);
                if (u.BarnetsMedvirkning is { } medvirkning)
                    Add(Max(medvirkning.StartDato, date), 5, new RecordChildParticipation(id, medvirkning.StartDato, medvirkning.MedvirkningType),
                        path + "/BarnetsMedvirkning");
                if (u.UtvidetFrist is { } x)
                {
                    var xDate = Max(x.StartDato, date);
                    Add(xDate, 5, new RequestExtension(id, x.StartDato), path + "/UtvidetFrist");
                    switch (x.Innvilget)
                    {
                        case null: break;
                        case "1": Add(xDate, 6, new DecideExtension(id, true), path + "/UtvidetFrist/@Innvilget"); break;
                        case "2": Add(xDate, 6, new DecideExtension(id, false), path + "/UtvidetFrist/@Innvilget"); break;
                        default: Invalid(path + "/UtvidetFrist", "UtvidetFrist/@Innvilget", x.Innvilget, "skal være 1 (ja) eller 2 (nei)"); break;
                    }
                }
                if (u.Konklusjon is { } k)
                    Add(Max(k.SluttDato, date), 8, new ConcludeInvestigation(id, k.SluttDato, new CodedValue(k.Kode, k.Presisering),
                        u.Vedtaksgrunnlag.Select(g => new CodedValue(g.Kode, g.Presisering)).ToImmutableList()), path + "/Konklusjon");
                else if (u.Vedtaksgrunnlag.Count > 0)
                    Add(date, 5, new RecordInvestigationGrounds(id, u.Vedtaksgrunnlag.Select(g => new CodedValue(g.Kode, g.Presisering)).ToImmutableList()),
                        path + "/Vedtaksgrunnlag");
            }
        }

        private void Decisions(Dictionary<string, DateOnly> sortDates)
        {
            foreach (var d in sak.Vedtak)
            {
                var path = P("Vedtak", d.Id);
                KeepDeletionFlag(d.ErSlettet, d.Id, path);
                Migrated(d.MigrertId, path, d.Id);
                if (Entry(d.Id, path, "Vedtak") is not { } id)
                    continue;
                var date = d.StartDato;
                EntryId? investigation = null, referral = null;
                if (Related(BegrepsType.Undersokelse, BegrepsType.Vedtak, d.Id) is { } inv && Guid.TryParse(inv, out var ig))
                {
                    investigation = new EntryId(ig);
                    date = Max(date, sortDates.GetValueOrDefault(inv));
                }
                // A Relasjon to an OversendelseFylkesnemnd the file does not have is only a WARNING at SSB (Vedtak Kontroll 20,
                // «… finnes, men OversendelseFylkesnemnd mangler»): the decision gets no referral, and the Relasjon is kept as it is.
                if (Related(BegrepsType.OversendelseFylkesnemnd, BegrepsType.Vedtak, d.Id) is { } rf && Guid.TryParse(rf, out var rg)
                    && sak.OversendelseFylkesnemnd.Any(o => string.Equals(o.Id, rf, StringComparison.OrdinalIgnoreCase)))
                {
                    referral = new EntryId(rg);
                    date = Max(date, sortDates.GetValueOrDefault(rf));
                }
                sortDates[d.Id] = date;
                if (d.Status.Count == 0)
                {
                    Invalid(path, "Vedtak/Status", "(ingen)", "et vedtak må ha minst én status");
                    continue;
                }
                var firstStatus = d.Status[0];
                Add(date, 9, new MakeDecision(d.StartDato, Basis(d.Lovhjemmel), firstStatus.Kode, investigation, referral,
                    d.JmfrLovhjemmel.Select(Basis).ToImmutableList(), id, Entry(firstStatus.Id, path, "Vedtak/Status"), firstStatus.EndretDato), path);
                foreach (var s in d.Status.Skip(1))
                    Add(Max(s.EndretDato, date), 10, new ChangeDecisionStatus(id, s.EndretDato, s.Kode, Entry(s.Id, path, "Vedtak/Status")),
                        path + $"/Status[Id={s.Id}]");
                foreach (var k in d.Krav)
                {
                    var kPath = path + $"/Krav[Id={k.Id}]";
                    if (Entry(k.Id, kPath, "Vedtak/Krav") is not { } claim)
                        continue;
                    var kDate = Max(k.StartDato, date);
                    Add(kDate, 10, new ReceiveClaim(id, k.StartDato, claim), kPath);
                    if (k.Konklusjon is { } kk)
                        Add(Max(kk.SluttDato, kDate), 10, new ConcludeClaim(id, claim, kk.SluttDato, new CodedValue(kk.Kode, kk.Presisering)), kPath + "/Konklusjon");
                }
                if (d.Konklusjon is { } end)
                    Add(Max(end.SluttDato, date), 15, new EndDecision(id, end.SluttDato), path + "/Konklusjon");
            }
        }

        private void Measures(Dictionary<string, DateOnly> sortDates)
        {
            foreach (var t in sak.Tiltak)
            {
                var path = P("Tiltak", t.Id);
                KeepDeletionFlag(t.ErSlettet, t.Id, path);
                Migrated(t.MigrertId, path, t.Id);
                if (Entry(t.Id, path, "Tiltak") is not { } id)
                    continue;
                var decision = Related(BegrepsType.Vedtak, BegrepsType.Tiltak, t.Id);
                if (decision is null || !Guid.TryParse(decision, out var dg))
                {
                    _issues.Add(MappingCodes.Issue(MappingCodes.RelationMissing, path, ("element", "Tiltak"),
                        ("fraType", BegrepsType.Vedtak), ("kontroll", "Tiltak Kontroll 20")));
                    continue;
                }
                var date = Max(t.StartDato, sortDates.GetValueOrDefault(decision));
                Add(date, 11, new StartMeasure(new EntryId(dg), t.StartDato, new CodedValue(t.Kategori.Kode, t.Kategori.Presisering),
                    t.Tiltaksgrunnlag.Select(g => new CodedValue(g.Kode, g.Presisering)).ToImmutableList(), Basis(t.Lovhjemmel), id,
                    t.JmfrLovhjemmel.Select(Basis).ToImmutableList()), path);
                if (t.Tilsyn is { } s)
                {
                    foreach (var a in s.Ansvarlig)
                        Add(Max(a.StartDato, date), 12, new SetSupervisionResponsibility(id, a.StartDato, a.Kommunenummer,
                            Entry(a.Id, path, "Tilsyn/Ansvarlig")), path + $"/Tilsyn/Ansvarlig[Id={a.Id}]");
                    Schedule(id, VisitKind.Supervision, s.Hyppighet, s.Utfort, date, path + "/Tilsyn");
                }
                if (t.Oppfolging is { } f)
                    Schedule(id, VisitKind.FollowUp, f.Hyppighet, f.Utfort, date, path + "/Oppfolging");
                if (t.Konklusjon is { } end)
                    Add(Max(end.SluttDato, date), 14, new EndMeasure(id, end.SluttDato,
                        t.Opphevelse is { } o ? new CodedValue(o.Kode, o.Presisering) : null), path + "/Konklusjon");
                else if (t.Opphevelse is { } reason)
                    Add(date, 12, new RecordTerminationReason(id, new CodedValue(reason.Kode, reason.Presisering)), path + "/Opphevelse");
            }
        }

        private void Schedule(EntryId measure, VisitKind kind, ValueList<Hyppighet> frequencies, ValueList<Utfort> visits, DateOnly date, string path)
        {
            foreach (var h in frequencies)
            {
                var hPath = path + $"/Hyppighet[Id={h.Id}]";
                if (!int.TryParse(h.Kode, NumberStyles.None, CultureInfo.InvariantCulture, out var perYear))
                {
                    Invalid(hPath, "Hyppighet/@Kode", h.Kode, "skal være antall besøk per år (4 eller 2)");
                    continue;
                }
                Add(Max(h.StartDato, date), 12, new SetVisitFrequency(measure, kind, h.StartDato, perYear, Entry(h.Id, hPath, "Hyppighet")), hPath);
            }
            foreach (var u in visits)
                Add(Max(u.UtfortDato, date), 13, new RecordVisit(measure, kind, u.UtfortDato, Entry(u.Id, path, "Utfort")), path + $"/Utfort[Id={u.Id}]");
        }

        private void Plans()
        {
            foreach (var p in sak.Plan)
            {
                var path = P("Plan", p.Id);
                KeepDeletionFlag(p.ErSlettet, p.Id, path);
                Migrated(p.MigrertId, path, p.Id);
                if (Entry(p.Id, path, "Plan") is not { } id)
                    continue;
                Add(p.StartDato, 16, new MakePlan(p.StartDato, p.Plantype, id), path);
                foreach (var e in p.Evaluering)
                    Add(Max(e.UtfortDato, p.StartDato), 17, new EvaluatePlan(id, e.UtfortDato), path + "/Evaluering");
                if (p.Konklusjon is { } end)
                    // After every evaluation, even one the file dates after the plan's end (SSB accepts it: Plan Kontroll 2f only
                    // compares UtfortDato with the case's dates).
                    Add(p.Evaluering.Select(e => e.UtfortDato).Append(end.SluttDato).Append(p.StartDato).Max(), 18, new EndPlan(id, end.SluttDato), path + "/Konklusjon");
            }
        }

        private void Aftercare()
        {
            foreach (var a in sak.Ettervern)
            {
                var path = P("Ettervern", a.Id);
                KeepDeletionFlag(a.ErSlettet, a.Id, path);
                Migrated(a.MigrertId, path, a.Id);
                if (Entry(a.Id, path, "Ettervern") is not { } id)
                    continue;
                Add(a.TilbudSendtDato, 19, new OfferAftercare(a.TilbudSendtDato, id), path);
                if (a.Konklusjon is { } k)
                    Add(Max(k.SluttDato, a.TilbudSendtDato), 20, new ConcludeAftercare(id, k.SluttDato, k.Kode), path + "/Konklusjon");
            }
        }

        private void Moves()
        {
            foreach (var f in sak.Flytting)
            {
                var path = P("Flytting", f.Id);
                KeepDeletionFlag(f.ErSlettet, f.Id, path);
                Migrated(f.MigrertId, path, f.Id);
                if (Entry(f.Id, path, "Flytting") is not { } id)
                    continue;
                Add(f.SluttDato, 21, new RecordMove(f.SluttDato, new CodedValue(f.ArsakFra.Kode, f.ArsakFra.Presisering),
                    new CodedValue(f.FlyttingTil.Kode, f.FlyttingTil.Presisering), id), path);
            }
        }

        /// <summary>Every Relasjon kept with its id and direction, after the entries it joins exist.</summary>
        private void Relations()
        {
            foreach (var r in sak.Relasjon)
            {
                var path = P("Relasjon", r.Id);
                KeepDeletionFlag(r.ErSlettet, r.Id, path);
                if (!Guid.TryParse(r.Id, out var id))
                {
                    Invalid(path, "Relasjon/@Id", r.Id, "ikke en UUID");
                    continue;
                }
                if (Kind(r.FraType, path, "Relasjon/@FraType") is not { } fromKind || Kind(r.TilType, path, "Relasjon/@TilType") is not { } toKind
                    || Entry(r.FraId, path, "Relasjon/@FraId") is not { } from || Entry(r.TilId, path, "Relasjon/@TilId") is not { } to)
                    continue;
                _last.Add(new ImportStep(new RecordRelation(id, from, fromKind, to, toKind), path));
            }
        }

        private EntryKind? Kind(string type, string path, string element)
        {
            if (Array.IndexOf(Enum.GetNames<EntryKind>(), type) >= 0)
                return Enum.Parse<EntryKind>(type);
            Invalid(path, element, type, "Vern knytter relasjoner bare mellom registreringer i saken");
            return null;
        }

        /// <summary>Keeps an element's ErSlettet (true or false) as delivered, after everything else is recorded; an element marked
        /// true is imported like the others and then leaves the live case (<see cref="RecordDeletionFlag"/>).</summary>
        private void KeepDeletionFlag(bool? erSlettet, string id, string path, string? part = null)
        {
            if (erSlettet is { } value && Guid.TryParse(id, out var g))
                _flags.Add(new ImportStep(new RecordDeletionFlag(g, value, part), part is null ? path + "/@ErSlettet" : $"{path}/{part}/@ErSlettet"));
        }

        private static LegalBasis Basis(Lovhjemmel l) =>
            new(l.Lov, l.Kapittel, l.Paragraf, [.. l.Ledd], [.. l.Bokstav], [.. l.Punktum]);

        private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
    }
}
