using Vern.Domain.Validation;
using Vern.Register.Model;

namespace Vern.Register.Controls;

public static partial class RegisterControls
{
    // ---------------- Avgiver ----------------

    /// <summary>Avgiver Kontroll 1: Oslo (958935420), Bergen (964338531) and Trondheim (942110464) give Bydelsnummer and Bydelsnavn.</summary>
    private static void Avgiver1(ControlContext c, Findings f)
    {
        var a = c.File.Avgiver;
        if (StorbyOrgnr.Contains(a.Organisasjonsnummer) && (string.IsNullOrEmpty(a.Bydelsnummer) || string.IsNullOrEmpty(a.Bydelsnavn)))
        {
            f.Add(AvgiverKontroll1, "Avgiver", null);
        }
    }

    // ---------------- Sak ----------------

    /// <summary>Sak kontroll 1: every date lies in [1 Jan (AsOf.Year − 26), 31 Dec (AsOf.Year + 26)].</summary>
    private static void Sak1(ControlContext c, Findings f)
    {
        var (min, max) = (c.AsOf.Year - 26, c.AsOf.Year + 26);
        foreach (var (field, date, element, id, migrert) in AllDates(c))
        {
            if (OutsideWindow(c, date))
            {
                f.Add(SakKontroll1, element is null ? c.SakPath : c.PathOf(element, id!), migrert, ("Feltnavn", field), ("Dato", date), ("MinAar", min), ("MaksAar", max));
            }
        }
    }

    /// <summary>True when a date of the case lies outside Sak kontroll 1's window for <see cref="ControlContext.AsOf"/>'s
    /// year: SSB refuses such a file (ERROR), so the export does not send a closed case that can never pass it again.</summary>
    public static bool OutsideSakKontroll1Window(ControlContext c) => AllDates(c).Any(d => OutsideWindow(c, d.Date));

    /// <summary>Sak kontroll 1's window: a date's year more than 26 years before or after <see cref="ControlContext.AsOf"/>'s.</summary>
    private static bool OutsideWindow(ControlContext c, DateOnly date) => date.Year < c.AsOf.Year - 26 || date.Year > c.AsOf.Year + 26;

    /// <summary>Sak Kontroll 2a: StartDato is not after SluttDato.</summary>
    private static void Sak2a(ControlContext c, Findings f)
    {
        if (c.Case.SluttDato is { } end && c.Case.StartDato > end)
        {
            f.Add(SakKontroll2a, c.SakPath, null, ("StartDato", c.Case.StartDato), ("SluttDato", end));
        }
    }

    /// <summary>Sak Kontroll 7: age at DatoUttrekk ≥ 25 while the case or a sub-element (not vedtak) is open.</summary>
    private static void Sak7(ControlContext c, Findings f)
    {
        if (c.Fodselsdato is { } birth && RegisterDates.AgeInYears(birth, c.Uttrekk) is var age && age >= 25
            && (c.Case.SluttDato is null || HasOpenChildren(c.Case, includeVedtak: false)))
        {
            f.Add(SakKontroll7, c.SakPath, null, ("alder", age));
        }
    }

    /// <summary>Sak Kontroll 8: age at DatoUttrekk ≥ 18, no tiltak, and the case or a sub-element (not vedtak) is open.</summary>
    private static void Sak8(ControlContext c, Findings f)
    {
        if (c.Fodselsdato is { } birth && RegisterDates.AgeInYears(birth, c.Uttrekk) is var age && age >= 18
            && c.Case.Tiltak.Count == 0
            && (c.Case.SluttDato is null || HasOpenChildren(c.Case, includeVedtak: false)))
        {
            f.Add(SakKontroll8, c.SakPath, null, ("alder", age));
        }
    }

    /// <summary>Sak Kontroll 21: an open case has at least one melding, undersøkelse, vedtak, tiltak, plan, ettervern or oversendelse.</summary>
    private static void Sak21(ControlContext c, Findings f)
    {
        var s = c.Case;
        if (s.SluttDato is null && s.Melding.Count == 0 && s.Undersokelse.Count == 0 && s.Vedtak.Count == 0 && s.Tiltak.Count == 0
            && s.Plan.Count == 0 && s.Ettervern.Count == 0 && s.OversendelseFylkesnemnd.Count == 0)
        {
            f.Add(SakKontroll21, c.SakPath, null);
        }
    }

    /// <summary>Sak Kontroll 22: each Slettet names (Type, Id) of an element present in the case.</summary>
    private static void Sak22(ControlContext c, Findings f)
    {
        foreach (var d in c.Case.Slettet)
        {
            if (!ElementExists(c.Case, d.Type, d.Id))
            {
                f.Add(SakKontroll22, $"{c.SakPath}/Slettet[Id={d.Id}]", null);
            }
        }
    }

    /// <summary>Sak kontroll 23: in a closed case each sub-element with a conclusion has one.</summary>
    private static void Sak23(ControlContext c, Findings f)
    {
        if (c.Case.SluttDato is null)
        {
            return;
        }

        foreach (var (type, id, migrert) in OpenChildren(c.Case, includeVedtak: true))
        {
            f.Add(SakKontroll23, c.PathOf(type, id), migrert);
        }
    }

    // ---------------- Personalia ----------------

    /// <summary>Personalia kontroll 11: the case has Personalia.</summary>
    private static void Personalia11(ControlContext c, Findings f)
    {
        if (c.Case.Personalia.Count == 0)
        {
            f.Add(PersonaliaKontroll11, c.SakPath, null);
        }
    }

    /// <summary>Personalia kontroll 12: Fodselsnummer is a fødselsnummer, D-nummer or SSB special number.</summary>
    private static void Personalia12(ControlContext c, Findings f)
    {
        foreach (var p in c.Case.Personalia)
        {
            if (IdNumbers.Classify(p.Fodselsnummer) == IdNumbers.Kind.Invalid)
            {
                f.Add(PersonaliaKontroll12, c.PathOf("Personalia", p.Id), null);
            }
        }
    }

    /// <summary>Personalia Kontroll 13: DDMMÅÅ of Fodselsnummer (D-nummer: day − 40) equals Fodseldato.</summary>
    private static void Personalia13(ControlContext c, Findings f)
    {
        foreach (var p in c.Case.Personalia)
        {
            if (IdNumbers.DateDigits(p.Fodselsnummer) is { } d
                && (d.Day != p.Fodseldato.Day || d.Month != p.Fodseldato.Month || d.Year2 != p.Fodseldato.Year % 100))
            {
                f.Add(PersonaliaKontroll13, c.PathOf("Personalia", p.Id), null);
            }
        }
    }

    /// <summary>Personalia Kontroll 14: unless the number ends 99999, an even 9th digit means Kjonn 2 (female), odd means 1 (male).</summary>
    private static void Personalia14(ControlContext c, Findings f)
    {
        foreach (var p in c.Case.Personalia)
        {
            var n = p.Fodselsnummer;
            if (n.Length == 11 && char.IsAsciiDigit(n[8]) && !n.EndsWith("99999", StringComparison.Ordinal))
            {
                var expected = (n[8] - '0') % 2 == 0 ? "2" : "1";
                if (p.Kjonn != expected)
                {
                    f.Add(PersonaliaKontroll14, c.PathOf("Personalia", p.Id), null);
                }
            }
        }
    }

    /// <summary>Personalia Kontroll 15: a number ending 99999 (termindato) is wrong once StartDato is after the birth date.</summary>
    private static void Personalia15(ControlContext c, Findings f)
    {
        foreach (var p in c.Case.Personalia)
        {
            if (p.Fodselsnummer.EndsWith("99999", StringComparison.Ordinal) && p.StartDato > p.Fodseldato)
            {
                f.Add(PersonaliaKontroll15, c.PathOf("Personalia", p.Id), null);
            }
        }
    }

    /// <summary>Personalia Kontroll 16: StartDato is not more than 9 months before Fodseldato (Fodseldato − 9 months, clamped to month end).</summary>
    private static void Personalia16(ControlContext c, Findings f)
    {
        foreach (var p in c.Case.Personalia)
        {
            if (p.Fodseldato >= new DateOnly(1, 10, 1) && p.StartDato < p.Fodseldato.AddMonths(-9))
            {
                f.Add(PersonaliaKontroll16, c.PathOf("Personalia", p.Id), null, ("StartDato", p.StartDato), ("Fodselsdato", p.Fodseldato));
            }
        }
    }

    /// <summary>Personalia Kontroll 17: DUFnummer has valid control digits.</summary>
    private static void Personalia17(ControlContext c, Findings f)
    {
        foreach (var p in c.Case.Personalia)
        {
            if (!string.IsNullOrEmpty(p.DUFnummer) && !IdNumbers.IsValidDuf(p.DUFnummer))
            {
                f.Add(PersonaliaKontroll17, c.PathOf("Personalia", p.Id), null);
            }
        }
    }

    /// <summary>Personalia Kontroll 18: incomplete numbers (00100/00200/99999) and D-nummer should be replaced.</summary>
    private static void Personalia18(ControlContext c, Findings f)
    {
        foreach (var p in c.Case.Personalia)
        {
            var kind = IdNumbers.Classify(p.Fodselsnummer);
            if (kind == IdNumbers.Kind.Special)
            {
                f.Add(PersonaliaKontroll18, c.PathOf("Personalia", p.Id), null, ("journalnummer", c.Case.Journalnummer));
            }
            else if (kind == IdNumbers.Kind.DNummer)
            {
                f.Add(PersonaliaKontroll18, c.PathOf("Personalia", p.Id), null, "Personalia Kontroll 18.D", null, ("journalnummer", c.Case.Journalnummer));
            }
        }
    }

    // ---------------- Melding ----------------

    /// <summary>Melding Kontroll 3: Konklusjon/SluttDato at most 7 calendar days after StartDato.</summary>
    /// <remarks>Calendar days, not the law's month arithmetic: received 2025-01-01, concluded 2025-01-08 passes
    /// (7 days); concluded 2025-01-09 trips (8 days). Source: SSB Kravspesifikasjon, Melding Kontroll 3
    /// (barnevernsloven § 2-1 gives the one-week deadline for going through a melding).</remarks>
    private static void Melding3(ControlContext c, Findings f)
    {
        foreach (var m in c.Case.Melding)
        {
            if (m.Konklusjon is { } k && k.SluttDato.DayNumber - m.StartDato.DayNumber > 7)
            {
                f.Add(MeldingKontroll3, c.PathOf("Melding", m.Id), m.MigrertId, ("StartDato", m.StartDato), ("SluttDato", k.SluttDato));
            }
        }
    }

    /// <summary>Melding Kontroll 4: a concluded melding has a Melder.</summary>
    private static void Melding4(ControlContext c, Findings f)
    {
        foreach (var m in c.Case.Melding)
        {
            if (m.Konklusjon is not null && m.Melder.Count == 0)
            {
                f.Add(MeldingKontroll4, c.PathOf("Melding", m.Id), m.MigrertId);
            }
        }
    }

    /// <summary>Melding Kontroll 5: a concluded melding has Saksinnhold.</summary>
    private static void Melding5(ControlContext c, Findings f)
    {
        foreach (var m in c.Case.Melding)
        {
            if (m.Konklusjon is not null && m.Saksinnhold.Count == 0)
            {
                f.Add(MeldingKontroll5, c.PathOf("Melding", m.Id), m.MigrertId);
            }
        }
    }

    /// <summary>Melding Kontroll 19: concluded meldinger identical except Id/MigrertId.</summary>
    private static void Melding19(ControlContext c, Findings f) =>
        Duplicates(c, f, MeldingKontroll19, "Melding", c.Case.Melding.Where(m => m.Konklusjon is not null).ToList(), m => m.Id, m => m.MigrertId, m => m with { Id = "", MigrertId = null });

    /// <summary>Melder Kontroll 2: Melder Kode 22 (andre offentlige instanser) has Presisering.</summary>
    private static void Melder2(ControlContext c, Findings f)
    {
        foreach (var m in c.Case.Melding)
        {
            foreach (var x in m.Melder)
            {
                if (x.Kode == "22" && string.IsNullOrEmpty(x.Presisering))
                {
                    f.Add(MelderKontroll2, c.PathOf("Melding", m.Id) + "/Melder[Kode=22]", m.MigrertId, ("Kode", x.Kode));
                }
            }
        }
    }

    /// <summary>Saksinnhold Kontroll 2: Saksinnhold Kode 18 or 19 has Presisering.</summary>
    private static void Saksinnhold2(ControlContext c, Findings f)
    {
        foreach (var m in c.Case.Melding)
        {
            foreach (var x in m.Saksinnhold)
            {
                if (x.Kode is "18" or "19" && string.IsNullOrEmpty(x.Presisering))
                {
                    f.Add(SaksinnholdKontroll2, c.PathOf("Melding", m.Id) + $"/Saksinnhold[Kode={x.Kode}]", m.MigrertId, ("Kode", x.Kode));
                }
            }
        }
    }

    // ---------------- Undersøkelse ----------------

    /// <summary>Undersøkelse Kontroll 3: Vedtaksgrunnlag Kode 18 or 19 has Presisering.</summary>
    private static void Undersokelse3(ControlContext c, Findings f)
    {
        foreach (var u in c.Case.Undersokelse)
        {
            foreach (var x in u.Vedtaksgrunnlag)
            {
                if (x.Kode is "18" or "19" && string.IsNullOrEmpty(x.Presisering))
                {
                    f.Add(UndersokelseKontroll3, c.PathOf("Undersokelse", u.Id) + $"/Vedtaksgrunnlag[Kode={x.Kode}]", u.MigrertId, ("Kode", x.Kode));
                }
            }
        }
    }

    /// <summary>Undersøkelse Kontroll 7: concluded with Kode 1 or 2 needs Vedtaksgrunnlag.</summary>
    private static void Undersokelse7(ControlContext c, Findings f)
    {
        foreach (var u in c.Case.Undersokelse)
        {
            if (u.Konklusjon is { Kode: "1" or "2" } k && u.Vedtaksgrunnlag.Count == 0)
            {
                f.Add(UndersokelseKontroll7, c.PathOf("Undersokelse", u.Id), u.MigrertId, ("Kode", k.Kode));
            }
        }
    }

    /// <summary>Undersøkelse Kontroll 11: an open undersøkelse related from a melding is overdue at DatoUttrekk.</summary>
    /// <remarks>Counts calendar days from the melding's StartDato to DatoUttrekk: more than 7 + 90 = 97 days trips unless
    /// UtvidetFrist/Innvilget is 1 (ja); more than 7 + 180 = 187 days always trips (the 180-day text). Melding
    /// 2025-01-01: DatoUttrekk 2025-04-08 is day 97 and passes, 2025-04-09 is day 98 and trips. Source: SSB
    /// Kravspesifikasjon, Undersøkelse Kontroll 11 (the law's own deadline, barnevernsloven § 2-2, is 3 months).</remarks>
    private static void Undersokelse11(ControlContext c, Findings f)
    {
        foreach (var u in c.Case.Undersokelse)
        {
            if (u.Konklusjon is not null)
            {
                continue;
            }

            foreach (var r in c.Case.Relasjon)
            {
                if (r.FraType != BegrepsType.Melding || r.TilType != BegrepsType.Undersokelse || r.TilId != u.Id)
                {
                    continue;
                }

                var melding = c.Case.Melding.FirstOrDefault(m => m.Id == r.FraId);
                if (melding is null)
                {
                    continue;
                }

                var days = c.Uttrekk.DayNumber - melding.StartDato.DayNumber;
                if (days > 7 + 180)
                {
                    f.Add(UndersokelseKontroll11, c.PathOf("Undersokelse", u.Id), u.MigrertId, "Undersøkelse Kontroll 11.180");
                }
                else if (days > 7 + 90 && u.UtvidetFrist?.Innvilget != "1")
                {
                    f.Add(UndersokelseKontroll11, c.PathOf("Undersokelse", u.Id), u.MigrertId);
                }
            }
        }
    }

    /// <summary>Undersøkelse Kontroll 19: undersøkelser identical except Id/MigrertId.</summary>
    private static void Undersokelse19(ControlContext c, Findings f) =>
        Duplicates(c, f, UndersokelseKontroll19, "Undersokelse", c.Case.Undersokelse, u => u.Id, u => u.MigrertId, u => u with { Id = "", MigrertId = null });

    /// <summary>Undersøkelse Kontroll 20: each undersøkelse has a Relasjon Melding → Undersokelse.</summary>
    private static void Undersokelse20(ControlContext c, Findings f)
    {
        foreach (var u in c.Case.Undersokelse)
        {
            if (!HasRelationTo(c.Case, BegrepsType.Melding, BegrepsType.Undersokelse, u.Id))
            {
                f.Add(UndersokelseKontroll20, c.PathOf("Undersokelse", u.Id), u.MigrertId);
            }
        }
    }

    /// <summary>Undersøkelse Kontroll 21: concluded with Kode 1 (ERROR) or 2 (WARNING) has a Relasjon Undersokelse → Vedtak,
    /// to a Vedtak that is in the case.</summary>
    private static void Undersokelse21(ControlContext c, Findings f)
    {
        foreach (var u in c.Case.Undersokelse)
        {
            if (u.Konklusjon is { Kode: "1" or "2" } k
                && !c.Case.Relasjon.Any(r => r.FraType == BegrepsType.Undersokelse && r.FraId == u.Id && r.TilType == BegrepsType.Vedtak
                    && ElementExists(c.Case, BegrepsType.Vedtak, r.TilId)))
            {
                f.Add(UndersokelseKontroll21, c.PathOf("Undersokelse", u.Id), u.MigrertId, null, k.Kode == "1" ? Severity.Error : Severity.Warning);
            }
        }
    }

    // ---------------- Vedtak ----------------

    /// <summary>Vedtak Kontroll 2f: Krav StartDato is not after the krav's Konklusjon/SluttDato.</summary>
    private static void Vedtak2f(ControlContext c, Findings f)
    {
        foreach (var v in c.Case.Vedtak)
        {
            foreach (var k in v.Krav)
            {
                if (k.Konklusjon is { } kk && k.StartDato > kk.SluttDato)
                {
                    f.Add(VedtakKontroll2f, c.PathOf("Vedtak", v.Id) + $"/Krav[Id={k.Id}]", v.MigrertId, ("StartDato", k.StartDato), ("SluttDato", kk.SluttDato));
                }
            }
        }
    }

    /// <summary>Vedtak Kontroll 2g: Krav Konklusjon/SluttDato is not after the vedtak's SluttDato.</summary>
    private static void Vedtak2g(ControlContext c, Findings f)
    {
        foreach (var v in c.Case.Vedtak)
        {
            foreach (var k in v.Krav)
            {
                if (v.Konklusjon is { } vk && k.Konklusjon is { } kk && kk.SluttDato > vk.SluttDato)
                {
                    f.Add(VedtakKontroll2g, c.PathOf("Vedtak", v.Id) + $"/Krav[Id={k.Id}]", v.MigrertId, ("SluttDato", kk.SluttDato), ("VedtakSluttDato", vk.SluttDato));
                }
            }
        }
    }

    /// <summary>Vedtak Kontroll 2h: Krav StartDato is not before the vedtak's StartDato.</summary>
    private static void Vedtak2h(ControlContext c, Findings f)
    {
        foreach (var v in c.Case.Vedtak)
        {
            foreach (var k in v.Krav)
            {
                if (k.StartDato < v.StartDato)
                {
                    f.Add(VedtakKontroll2h, c.PathOf("Vedtak", v.Id) + $"/Krav[Id={k.Id}]", v.MigrertId, ("StartDato", k.StartDato), ("VedtakStartDato", v.StartDato));
                }
            }
        }
    }

    /// <summary>Vedtak Kontroll 2i: Status EndretDato is not after the vedtak's SluttDato.</summary>
    private static void Vedtak2i(ControlContext c, Findings f)
    {
        foreach (var v in c.Case.Vedtak)
        {
            foreach (var s in v.Status)
            {
                if (v.Konklusjon is { } k && s.EndretDato > k.SluttDato)
                {
                    f.Add(VedtakKontroll2i, c.PathOf("Vedtak", v.Id) + $"/Status[Id={s.Id}]", v.MigrertId, ("EndretDato", s.EndretDato), ("SluttDato", k.SluttDato));
                }
            }
        }
    }

    /// <summary>Vedtak Kontroll 2j: Status EndretDato is not before the vedtak's StartDato.</summary>
    private static void Vedtak2j(ControlContext c, Findings f)
    {
        foreach (var v in c.Case.Vedtak)
        {
            foreach (var s in v.Status)
            {
                if (s.EndretDato < v.StartDato)
                {
                    f.Add(VedtakKontroll2j, c.PathOf("Vedtak", v.Id) + $"/Status[Id={s.Id}]", v.MigrertId, ("EndretDato", s.EndretDato), ("StartDato", v.StartDato));
                }
            }
        }
    }

    /// <summary>Vedtak Kontroll 3: latest Status 3 (utgår/bortfalt) or 4 (avslått/avsluttet) needs Konklusjon/SluttDato.</summary>
    private static void Vedtak3(ControlContext c, Findings f)
    {
        foreach (var v in c.Case.Vedtak)
        {
            if (v.Konklusjon is null && LatestStatus(v) is { Kode: "3" or "4" } s)
            {
                f.Add(VedtakKontroll3, c.PathOf("Vedtak", v.Id), v.MigrertId, s.Kode == "3" ? null : "Vedtak Kontroll 3.4", null);
            }
        }
    }

    /// <summary>Vedtak Kontroll 4: Lov in Lovhjemmel and JmfrLovhjemmel is BVL, BVL2021 or BL1981.</summary>
    private static void Vedtak4(ControlContext c, Findings f)
    {
        foreach (var v in c.Case.Vedtak)
        {
            foreach (var l in v.JmfrLovhjemmel.Prepend(v.Lovhjemmel))
            {
                if (l.Lov is not ("BVL" or "BVL2021" or "BL1981"))
                {
                    f.Add(VedtakKontroll4, c.PathOf("Vedtak", v.Id), v.MigrertId, ("lov", l.Lov));
                }
            }
        }
    }

    /// <summary>Vedtak kontroll 5: StartDato before 2023-01-01 needs Lov BVL, from 2023-01-01 BVL2021.</summary>
    private static void Vedtak5(ControlContext c, Findings f)
    {
        foreach (var v in c.Case.Vedtak)
        {
            if (v.StartDato < Bvl2021From && v.Lovhjemmel.Lov == "BVL2021")
            {
                f.Add(VedtakKontroll5, c.PathOf("Vedtak", v.Id), v.MigrertId);
            }
            else if (v.StartDato >= Bvl2021From && v.Lovhjemmel.Lov == "BVL")
            {
                f.Add(VedtakKontroll5, c.PathOf("Vedtak", v.Id), v.MigrertId, "Vedtak kontroll 5.2021", null);
            }
        }
    }

    /// <summary>Vedtak Kontroll 19: vedtak identical except Id/MigrertId.</summary>
    private static void Vedtak19(ControlContext c, Findings f) =>
        Duplicates(c, f, VedtakKontroll19, "Vedtak", c.Case.Vedtak, v => v.Id, v => v.MigrertId, v => v with { Id = "", MigrertId = null });

    /// <summary>Vedtak Kontroll 20: latest Status 2 (begjæring oversendt nemnd) needs a Relasjon to an existing OversendelseFylkesnemnd.</summary>
    private static void Vedtak20(ControlContext c, Findings f)
    {
        foreach (var v in c.Case.Vedtak)
        {
            if (LatestStatus(v) is not { Kode: "2" })
            {
                continue;
            }

            var related = c.Case.Relasjon
                .Select(r => r.FraType == BegrepsType.Vedtak && r.FraId == v.Id && r.TilType == BegrepsType.OversendelseFylkesnemnd ? r.TilId
                    : r.TilType == BegrepsType.Vedtak && r.TilId == v.Id && r.FraType == BegrepsType.OversendelseFylkesnemnd ? r.FraId
                    : null)
                .OfType<string>()
                .ToList();
            if (related.Count == 0)
            {
                f.Add(VedtakKontroll20, c.PathOf("Vedtak", v.Id), v.MigrertId);
            }
            else if (!related.Any(id => c.Case.OversendelseFylkesnemnd.Any(o => o.Id == id)))
            {
                f.Add(VedtakKontroll20, c.PathOf("Vedtak", v.Id), v.MigrertId, "Vedtak Kontroll 20.mangler", null);
            }
        }
    }

    // ---------------- Tiltak ----------------

    /// <summary>Tiltak Kontroll 5: barnehage (4.1) for a child older than 7.</summary>
    private static void Tiltak5(ControlContext c, Findings f) => AgeForCategory(c, f, TiltakKontroll5, "4.1", 7);

    /// <summary>Tiltak Kontroll 6: SFO/AKS (4.2) for a child older than 11.</summary>
    private static void Tiltak6(ControlContext c, Findings f) => AgeForCategory(c, f, TiltakKontroll6, "4.2", 11);

    private static void AgeForCategory(ControlContext c, Findings f, ControlDefinition control, string kategori, int maxAge)
    {
        if (c.Fodselsdato is not { } birth)
        {
            return;
        }

        foreach (var t in c.Case.Tiltak)
        {
            if (t.Kategori.Kode == kategori && RegisterDates.AgeInYears(birth, t.Konklusjon?.SluttDato ?? c.Uttrekk) is var age && age > maxAge)
            {
                f.Add(control, c.PathOf("Tiltak", t.Id), t.MigrertId, ("alder", age));
            }
        }
    }

    /// <summary>Tiltak Kontroll 7: "andre" categories need Presisering.</summary>
    private static void Tiltak7(ControlContext c, Findings f)
    {
        foreach (var t in c.Case.Tiltak)
        {
            if (KategoriNeedsPresisering.Contains(t.Kategori.Kode) && string.IsNullOrEmpty(t.Kategori.Presisering))
            {
                f.Add(TiltakKontroll7, c.PathOf("Tiltak", t.Id), t.MigrertId, ("Kode", t.Kategori.Kode));
            }
        }
    }

    /// <summary>Tiltak Kontroll 8: Opphevelse Kode 4 needs Presisering.</summary>
    private static void Tiltak8(ControlContext c, Findings f)
    {
        foreach (var t in c.Case.Tiltak)
        {
            if (t.Opphevelse is { Kode: "4" } o && string.IsNullOrEmpty(o.Presisering))
            {
                f.Add(TiltakKontroll8, c.PathOf("Tiltak", t.Id), t.MigrertId, ("Kode", o.Kode));
            }
        }
    }

    /// <summary>Tiltak Kontroll 9: two placement measures overlap by more than 90 days.</summary>
    /// <remarks>Overlap in days = min(end) − max(start), with an open measure ending at DatoUttrekk. 2.1 from 2025-01-01
    /// open and 1.1 from 2025-03-01 with DatoUttrekk 2025-06-01: overlap 92 days → trips; reported once per pair,
    /// on the later measure.</remarks>
    private static void Tiltak9(ControlContext c, Findings f)
    {
        var placements = c.Case.Tiltak.Where(t => Plasseringstiltak.Contains(t.Kategori.Kode)).ToList();
        for (var i = 0; i < placements.Count; i++)
        {
            for (var j = i + 1; j < placements.Count; j++)
            {
                var a = placements[i];
                var b = placements[j];
                var start = a.StartDato > b.StartDato ? a.StartDato : b.StartDato;
                var endA = a.Konklusjon?.SluttDato ?? c.Uttrekk;
                var endB = b.Konklusjon?.SluttDato ?? c.Uttrekk;
                var end = endA < endB ? endA : endB;
                var days = end.DayNumber - start.DayNumber;
                if (days > 90)
                {
                    f.Add(TiltakKontroll9, c.PathOf("Tiltak", b.Id), b.MigrertId,
                        ("PeriodeStartDato", start), ("PeriodeSluttDato", end), ("antallDager", days), ("tiltakId", a.Id));
                }
            }
        }
    }

    /// <summary>Tiltak Kontroll 12: a concluded care order that is a placement measure needs Opphevelse.</summary>
    private static void Tiltak12(ControlContext c, Findings f)
    {
        foreach (var t in c.Case.Tiltak)
        {
            if (IsOmsorgstiltak(t) && Plasseringstiltak.Contains(t.Kategori.Kode) && t.Konklusjon is not null && t.Opphevelse is null)
            {
                f.Add(TiltakKontroll12, c.PathOf("Tiltak", t.Id), t.MigrertId);
            }
        }
    }

    /// <summary>Tiltak Kontroll 13: an open care order for a client aged 18 or more at DatoUttrekk.</summary>
    private static void Tiltak13(ControlContext c, Findings f)
    {
        if (c.Fodselsdato is not { } birth)
        {
            return;
        }

        foreach (var t in c.Case.Tiltak)
        {
            if (IsOmsorgstiltak(t) && t.Konklusjon is null && RegisterDates.AgeInYears(birth, c.Uttrekk) is var age && age >= 18)
            {
                f.Add(TiltakKontroll13, c.PathOf("Tiltak", t.Id), t.MigrertId, ("alder", age));
            }
        }
    }

    /// <summary>Tiltak Kontroll 14: no Kapittel, Paragraf, Ledd or Punktum of the Lovhjemmel is 0.</summary>
    private static void Tiltak14(ControlContext c, Findings f)
    {
        foreach (var t in c.Case.Tiltak)
        {
            var l = t.Lovhjemmel;
            if (IsZero(l.Kapittel) || IsZero(l.Paragraf) || l.Ledd.Any(IsZero) || l.Punktum.Any(IsZero))
            {
                f.Add(TiltakKontroll14, c.PathOf("Tiltak", t.Id), t.MigrertId);
            }
        }

        static bool IsZero(string s) => s.Length > 0 && s.All(ch => ch == '0');
    }

    /// <summary>Tiltak Kontroll 19: tiltak identical except Id/MigrertId.</summary>
    private static void Tiltak19(ControlContext c, Findings f) =>
        Duplicates(c, f, TiltakKontroll19, "Tiltak", c.Case.Tiltak, t => t.Id, t => t.MigrertId, t => t with { Id = "", MigrertId = null });

    /// <summary>Tiltak Kontroll 20: each tiltak has a Relasjon Vedtak → Tiltak.</summary>
    private static void Tiltak20(ControlContext c, Findings f)
    {
        foreach (var t in c.Case.Tiltak)
        {
            if (!HasRelationTo(c.Case, BegrepsType.Vedtak, BegrepsType.Tiltak, t.Id))
            {
                f.Add(TiltakKontroll20, c.PathOf("Tiltak", t.Id), t.MigrertId);
            }
        }
    }

    /// <summary>Tiltak Kontroll 21: Lov, Kapittel and Paragraf equal those of the related vedtak.</summary>
    private static void Tiltak21(ControlContext c, Findings f)
    {
        foreach (var t in c.Case.Tiltak)
        {
            foreach (var r in c.Case.Relasjon)
            {
                if (r.FraType != BegrepsType.Vedtak || r.TilType != BegrepsType.Tiltak || r.TilId != t.Id)
                {
                    continue;
                }

                if (c.Case.Vedtak.FirstOrDefault(v => v.Id == r.FraId) is { } v
                    && (v.Lovhjemmel.Lov != t.Lovhjemmel.Lov || v.Lovhjemmel.Kapittel != t.Lovhjemmel.Kapittel || v.Lovhjemmel.Paragraf != t.Lovhjemmel.Paragraf))
                {
                    f.Add(TiltakKontroll21, c.PathOf("Tiltak", t.Id), t.MigrertId);
                }
            }
        }
    }

    /// <summary>Tiltak Kontroll 22: Kategori 1.99 (warning).</summary>
    private static void Tiltak22(ControlContext c, Findings f)
    {
        foreach (var t in c.Case.Tiltak.Where(t => t.Kategori.Kode == "1.99"))
        {
            f.Add(TiltakKontroll22, c.PathOf("Tiltak", t.Id), t.MigrertId);
        }
    }

    /// <summary>Tiltak Kontroll 23: Kategori 2.99 (warning).</summary>
    private static void Tiltak23(ControlContext c, Findings f)
    {
        foreach (var t in c.Case.Tiltak.Where(t => t.Kategori.Kode == "2.99"))
        {
            f.Add(TiltakKontroll23, c.PathOf("Tiltak", t.Id), t.MigrertId);
        }
    }

    /// <summary>Omsorgsovertakelse as SSB defines it: BVL § 4-12; BVL § 4-8 ledd 2 or 3; BVL § 4-8 with JmfrLovhjemmel
    /// § 4-12; or BVL2021 § 5-1.</summary>
    public static bool IsOmsorgstiltak(Tiltak t)
    {
        var l = t.Lovhjemmel;
        return l.Lov switch
        {
            "BVL" when l.Kapittel == "4" && l.Paragraf == "12" => true,
            "BVL" when l.Kapittel == "4" && l.Paragraf == "8" =>
                l.Ledd.Any(x => x is "2" or "3") || t.JmfrLovhjemmel.Any(j => j.Kapittel == "4" && j.Paragraf == "12"),
            "BVL2021" when l.Kapittel == "5" && l.Paragraf == "1" => true,
            _ => false,
        };
    }

    // ---------------- Plan ----------------

    /// <summary>Plan Kontroll 2f: in a concluded plan, Evaluering/UtfortDato is not after the case's SluttDato.</summary>
    private static void Plan2f(ControlContext c, Findings f)
    {
        foreach (var p in c.Case.Plan)
        {
            if (p.Konklusjon is null || c.Case.SluttDato is not { } end)
            {
                continue;
            }

            foreach (var e in p.Evaluering.Where(e => e.UtfortDato > end))
            {
                f.Add(PlanKontroll2f, c.PathOf("Plan", p.Id), p.MigrertId, ("UtfortDato", e.UtfortDato), ("SakSluttDato", end));
            }
        }
    }

    /// <summary>Plan Kontroll 2g: Evaluering/UtfortDato is not before the case's StartDato.</summary>
    private static void Plan2g(ControlContext c, Findings f)
    {
        foreach (var p in c.Case.Plan)
        {
            foreach (var e in p.Evaluering.Where(e => e.UtfortDato < c.Case.StartDato))
            {
                f.Add(PlanKontroll2g, c.PathOf("Plan", p.Id), p.MigrertId, ("UtfortDato", e.UtfortDato), ("SakStartDato", c.Case.StartDato));
            }
        }
    }

    /// <summary>Plan Kontroll 19: plans identical except Id/MigrertId.</summary>
    private static void Plan19(ControlContext c, Findings f) =>
        Duplicates(c, f, PlanKontroll19, "Plan", c.Case.Plan, p => p.Id, p => p.MigrertId, p => p with { Id = "", MigrertId = null });

    // ---------------- Ettervern, Flytting, Oversendelse ----------------

    /// <summary>Oversendelse til fylkesnemnd Kontroll 5: StartDato before 2023-01-01 needs Lov BVL, from then BVL2021.</summary>
    private static void Oversendelse5(ControlContext c, Findings f)
    {
        foreach (var o in c.Case.OversendelseFylkesnemnd)
        {
            if (o.StartDato < Bvl2021From && o.Lovhjemmel.Lov == "BVL2021")
            {
                f.Add(OversendelseKontroll5, c.PathOf("OversendelseFylkesnemnd", o.Id), o.MigrertId);
            }
            else if (o.StartDato >= Bvl2021From && o.Lovhjemmel.Lov == "BVL")
            {
                f.Add(OversendelseKontroll5, c.PathOf("OversendelseFylkesnemnd", o.Id), o.MigrertId, "Oversendelse til fylkesnemnd Kontroll 5.2021", null);
            }
        }
    }

    // ---------------- Dates against each other and against the case (the "2a/2c/2e/2f" controls) ----------------
    // Each control below is one line naming its SSB id; the three shapes are the helpers after them.

    /// <summary>Personalia Kontroll 2f: Personalia StartDato is not after the case's SluttDato.</summary>
    private static void Personalia2f(ControlContext c, Findings f) =>
        AfterCaseEnd(c, f, PersonaliaKontroll2f, "Personalia", c.Case.Personalia, x => x.Id, _ => null, "StartDato", x => x.StartDato);

    /// <summary>Melding Kontroll 2a: StartDato is not after Konklusjon/SluttDato.</summary>
    private static void Melding2a(ControlContext c, Findings f) =>
        StartAfterEnd(c, f, MeldingKontroll2a, "Melding", c.Case.Melding, x => x.Id, x => x.MigrertId, "StartDato", x => x.StartDato, x => x.Konklusjon?.SluttDato);

    /// <summary>Melding Kontroll 2c: Konklusjon/SluttDato is not after the case's SluttDato.</summary>
    private static void Melding2c(ControlContext c, Findings f) =>
        AfterCaseEnd(c, f, MeldingKontroll2c, "Melding", c.Case.Melding, x => x.Id, x => x.MigrertId, "SluttDato", x => x.Konklusjon?.SluttDato);

    /// <summary>Melding Kontroll 2e: StartDato is not before the case's StartDato.</summary>
    private static void Melding2e(ControlContext c, Findings f) =>
        BeforeCaseStart(c, f, MeldingKontroll2e, "Melding", c.Case.Melding, x => x.Id, x => x.MigrertId, "StartDato", x => x.StartDato);

    /// <summary>Undersøkelse Kontroll 2a: StartDato is not after Konklusjon/SluttDato.</summary>
    private static void Undersokelse2a(ControlContext c, Findings f) =>
        StartAfterEnd(c, f, UndersokelseKontroll2a, "Undersokelse", c.Case.Undersokelse, x => x.Id, x => x.MigrertId, "StartDato", x => x.StartDato, x => x.Konklusjon?.SluttDato);

    /// <summary>Undersøkelse Kontroll 2c: Konklusjon/SluttDato is not after the case's SluttDato.</summary>
    private static void Undersokelse2c(ControlContext c, Findings f) =>
        AfterCaseEnd(c, f, UndersokelseKontroll2c, "Undersokelse", c.Case.Undersokelse, x => x.Id, x => x.MigrertId, "SluttDato", x => x.Konklusjon?.SluttDato);

    /// <summary>Undersøkelse Kontroll 2e: StartDato is not before the case's StartDato.</summary>
    private static void Undersokelse2e(ControlContext c, Findings f) =>
        BeforeCaseStart(c, f, UndersokelseKontroll2e, "Undersokelse", c.Case.Undersokelse, x => x.Id, x => x.MigrertId, "StartDato", x => x.StartDato);

    /// <summary>Vedtak Kontroll 2a: StartDato is not after Konklusjon/SluttDato.</summary>
    private static void Vedtak2a(ControlContext c, Findings f) =>
        StartAfterEnd(c, f, VedtakKontroll2a, "Vedtak", c.Case.Vedtak, x => x.Id, x => x.MigrertId, "StartDato", x => x.StartDato, x => x.Konklusjon?.SluttDato);

    /// <summary>Vedtak Kontroll 2c: Konklusjon/SluttDato is not after the case's SluttDato.</summary>
    private static void Vedtak2c(ControlContext c, Findings f) =>
        AfterCaseEnd(c, f, VedtakKontroll2c, "Vedtak", c.Case.Vedtak, x => x.Id, x => x.MigrertId, "SluttDato", x => x.Konklusjon?.SluttDato);

    /// <summary>Vedtak Kontroll 2e: StartDato is not before the case's StartDato.</summary>
    private static void Vedtak2e(ControlContext c, Findings f) =>
        BeforeCaseStart(c, f, VedtakKontroll2e, "Vedtak", c.Case.Vedtak, x => x.Id, x => x.MigrertId, "StartDato", x => x.StartDato);

    /// <summary>Tiltak Kontroll 2a: StartDato is not after Konklusjon/SluttDato.</summary>
    private static void Tiltak2a(ControlContext c, Findings f) =>
        StartAfterEnd(c, f, TiltakKontroll2a, "Tiltak", c.Case.Tiltak, x => x.Id, x => x.MigrertId, "StartDato", x => x.StartDato, x => x.Konklusjon?.SluttDato);

    /// <summary>Tiltak Kontroll 2c: Konklusjon/SluttDato is not after the case's SluttDato.</summary>
    private static void Tiltak2c(ControlContext c, Findings f) =>
        AfterCaseEnd(c, f, TiltakKontroll2c, "Tiltak", c.Case.Tiltak, x => x.Id, x => x.MigrertId, "SluttDato", x => x.Konklusjon?.SluttDato);

    /// <summary>Tiltak Kontroll 2e: StartDato is not before the case's StartDato.</summary>
    private static void Tiltak2e(ControlContext c, Findings f) =>
        BeforeCaseStart(c, f, TiltakKontroll2e, "Tiltak", c.Case.Tiltak, x => x.Id, x => x.MigrertId, "StartDato", x => x.StartDato);

    /// <summary>Plan Kontroll 2a: StartDato is not after Konklusjon/SluttDato.</summary>
    private static void Plan2a(ControlContext c, Findings f) =>
        StartAfterEnd(c, f, PlanKontroll2a, "Plan", c.Case.Plan, x => x.Id, x => x.MigrertId, "StartDato", x => x.StartDato, x => x.Konklusjon?.SluttDato);

    /// <summary>Plan Kontroll 2c: Konklusjon/SluttDato is not after the case's SluttDato.</summary>
    private static void Plan2c(ControlContext c, Findings f) =>
        AfterCaseEnd(c, f, PlanKontroll2c, "Plan", c.Case.Plan, x => x.Id, x => x.MigrertId, "SluttDato", x => x.Konklusjon?.SluttDato);

    /// <summary>Plan Kontroll 2e: StartDato is not before the case's StartDato.</summary>
    private static void Plan2e(ControlContext c, Findings f) =>
        BeforeCaseStart(c, f, PlanKontroll2e, "Plan", c.Case.Plan, x => x.Id, x => x.MigrertId, "StartDato", x => x.StartDato);

    /// <summary>Ettervern Kontroll 2a: TilbudSendtDato is not after Konklusjon/SluttDato.</summary>
    private static void Ettervern2a(ControlContext c, Findings f) =>
        StartAfterEnd(c, f, EttervernKontroll2a, "Ettervern", c.Case.Ettervern, x => x.Id, x => x.MigrertId, "TilbudSendtDato", x => x.TilbudSendtDato, x => x.Konklusjon?.SluttDato);

    /// <summary>Ettervern Kontroll 2c: Konklusjon/SluttDato is not after the case's SluttDato.</summary>
    private static void Ettervern2c(ControlContext c, Findings f) =>
        AfterCaseEnd(c, f, EttervernKontroll2c, "Ettervern", c.Case.Ettervern, x => x.Id, x => x.MigrertId, "SluttDato", x => x.Konklusjon?.SluttDato);

    /// <summary>Ettervern Kontroll 2e: TilbudSendtDato is not before the case's StartDato.</summary>
    private static void Ettervern2e(ControlContext c, Findings f) =>
        BeforeCaseStart(c, f, EttervernKontroll2e, "Ettervern", c.Case.Ettervern, x => x.Id, x => x.MigrertId, "TilbudSendtDato", x => x.TilbudSendtDato);

    /// <summary>Flytting Kontroll 2c: SluttDato is not after the case's SluttDato.</summary>
    private static void Flytting2c(ControlContext c, Findings f) =>
        AfterCaseEnd(c, f, FlyttingKontroll2c, "Flytting", c.Case.Flytting, x => x.Id, x => x.MigrertId, "SluttDato", x => x.SluttDato);

    /// <summary>Flytting Kontroll 2f: SluttDato is not before the case's StartDato.</summary>
    private static void Flytting2f(ControlContext c, Findings f) =>
        BeforeCaseStart(c, f, FlyttingKontroll2f, "Flytting", c.Case.Flytting, x => x.Id, x => x.MigrertId, "SluttDato", x => x.SluttDato);

    /// <summary>Oversendelse til fylkesnemnd Kontroll 2e: StartDato is not before the case's StartDato.</summary>
    private static void Oversendelse2e(ControlContext c, Findings f) =>
        BeforeCaseStart(c, f, OversendelseKontroll2e, "OversendelseFylkesnemnd", c.Case.OversendelseFylkesnemnd, x => x.Id, x => x.MigrertId, "StartDato", x => x.StartDato);

    /// <summary>Oversendelse til fylkesnemnd Kontroll 2f: StartDato is not after the case's SluttDato.</summary>
    private static void Oversendelse2f(ControlContext c, Findings f) =>
        AfterCaseEnd(c, f, OversendelseKontroll2f, "OversendelseFylkesnemnd", c.Case.OversendelseFylkesnemnd, x => x.Id, x => x.MigrertId, "StartDato", x => x.StartDato);

    /// <summary>The element's own start (named <paramref name="startName"/> in the message) is after its end
    /// (Konklusjon/SluttDato, message {SluttDato}); same day passes.</summary>
    private static void StartAfterEnd<T>(ControlContext c, Findings f, ControlDefinition control, string element, IEnumerable<T> items,
        Func<T, string> id, Func<T, string?> migrert, string startName, Func<T, DateOnly> start, Func<T, DateOnly?> end)
    {
        foreach (var x in items)
        {
            if (end(x) is { } e && start(x) > e)
            {
                f.Add(control, c.PathOf(element, id(x)), migrert(x), (startName, start(x)), ("SluttDato", e));
            }
        }
    }

    /// <summary>The element's date (named <paramref name="dateName"/>) is after the case's SluttDato ({SakSluttDato});
    /// the same day passes; an open case or an element without the date passes.</summary>
    private static void AfterCaseEnd<T>(ControlContext c, Findings f, ControlDefinition control, string element, IEnumerable<T> items,
        Func<T, string> id, Func<T, string?> migrert, string dateName, Func<T, DateOnly?> date)
    {
        if (c.Case.SluttDato is not { } caseEnd)
        {
            return;
        }

        foreach (var x in items)
        {
            if (date(x) is { } d && d > caseEnd)
            {
                f.Add(control, c.PathOf(element, id(x)), migrert(x), (dateName, d), ("SakSluttDato", caseEnd));
            }
        }
    }

    /// <summary>The element's date (named <paramref name="dateName"/>) is before the case's StartDato ({SakStartDato});
    /// the same day passes.</summary>
    private static void BeforeCaseStart<T>(ControlContext c, Findings f, ControlDefinition control, string element, IEnumerable<T> items,
        Func<T, string> id, Func<T, string?> migrert, string dateName, Func<T, DateOnly> date)
    {
        foreach (var x in items)
        {
            if (date(x) < c.Case.StartDato)
            {
                f.Add(control, c.PathOf(element, id(x)), migrert(x), (dateName, date(x)), ("SakStartDato", c.Case.StartDato));
            }
        }
    }

    // ---------------- Vern: code-list validity ----------------

    /// <summary>vern.kodeliste.gyldighet: each code is valid (Kodelister.md) on its element's date: Melder, Saksinnhold on the
    /// melding's StartDato; Konklusjon codes on their SluttDato; Vedtaksgrunnlag on the undersøkelse's Konklusjon/SluttDato
    /// (the grounds are found when it is concluded); Plantype, Kategori, Tiltaksgrunnlag on StartDato; Opphevelse on the
    /// tiltak's SluttDato; Status on EndretDato; Flytting codes on SluttDato. Codes not in the list are left to the XSD.</summary>
    /// <remarks>The same dates and the same test (<see cref="Vern.Domain.CodeLists.CodeList.Accepts"/>: a fact older than
    /// the list may use the list's first codes) as <see cref="Vern.Domain.Cases.CaseDecider"/> uses when the fact is
    /// recorded, so that what Vern accepts never comes back as this finding.</remarks>
    private static void CodeListValidityRule(ControlContext c, Findings f)
    {
        if (c.CodeLists is not { } lists)
        {
            return;
        }

        // The element's path is made only for a finding: most codes are valid.
        void Check(string listPath, string code, DateOnly date, string element, string id, string? migrert)
        {
            if (lists.TryGet(listPath, out var list) && list.Find(code) is { } entry && !list.Accepts(entry, date))
            {
                f.Add(CodeListValidity, c.PathOf(element, id), migrert, ("Kode", code), ("Sti", listPath), ("GyldigFra", entry.ValidFrom),
                    ("GyldigTil", (object?)entry.ValidTo ?? "–"), ("Dato", date));
            }
        }

        const string B = "/Barnevern/Sak/";
        foreach (var m in c.Case.Melding)
        {
            foreach (var x in m.Melder)
            {
                Check(B + "Melding/Melder/@Kode", x.Kode, m.StartDato, "Melding", m.Id, m.MigrertId);
            }

            foreach (var x in m.Saksinnhold)
            {
                Check(B + "Melding/Saksinnhold/@Kode", x.Kode, m.StartDato, "Melding", m.Id, m.MigrertId);
            }

            if (m.Konklusjon is { } k)
            {
                Check(B + "Melding/Konklusjon/@Kode", k.Kode, k.SluttDato, "Melding", m.Id, m.MigrertId);
            }
        }

        foreach (var u in c.Case.Undersokelse)
        {
            foreach (var x in u.Vedtaksgrunnlag)
            {
                Check(B + "Undersokelse/Vedtaksgrunnlag/@Kode", x.Kode, u.Konklusjon?.SluttDato ?? u.StartDato, "Undersokelse", u.Id, u.MigrertId);
            }

            if (u.Konklusjon is { } k)
            {
                Check(B + "Undersokelse/Konklusjon/@Kode", k.Kode, k.SluttDato, "Undersokelse", u.Id, u.MigrertId);
            }
        }

        foreach (var pl in c.Case.Plan)
        {
            Check(B + "Plan/@Plantype", pl.Plantype, pl.StartDato, "Plan", pl.Id, pl.MigrertId);
        }

        foreach (var t in c.Case.Tiltak)
        {
            Check(B + "Tiltak/Kategori/@Kode", t.Kategori.Kode, t.StartDato, "Tiltak", t.Id, t.MigrertId);
            foreach (var x in t.Tiltaksgrunnlag)
            {
                Check(B + "Tiltak/Tiltaksgrunnlag/@Kode", x.Kode, t.StartDato, "Tiltak", t.Id, t.MigrertId);
            }

            if (t.Opphevelse is { } o)
            {
                Check(B + "Tiltak/Opphevelse/@Kode", o.Kode, t.Konklusjon?.SluttDato ?? t.StartDato, "Tiltak", t.Id, t.MigrertId);
            }
        }

        foreach (var v in c.Case.Vedtak)
        {
            foreach (var s in v.Status)
            {
                Check(B + "Vedtak/Status/@Kode", s.Kode, s.EndretDato, "Vedtak", v.Id, v.MigrertId);
            }
        }

        foreach (var e in c.Case.Ettervern)
        {
            if (e.Konklusjon is { } k)
            {
                Check(B + "Ettervern/Konklusjon/@Kode", k.Kode, k.SluttDato, "Ettervern", e.Id, e.MigrertId);
            }
        }

        foreach (var x in c.Case.Flytting)
        {
            Check(B + "Flytting/ArsakFra/@Kode", x.ArsakFra.Kode, x.SluttDato, "Flytting", x.Id, x.MigrertId);
            Check(B + "Flytting/FlyttingTil/@Kode", x.FlyttingTil.Kode, x.SluttDato, "Flytting", x.Id, x.MigrertId);
        }
    }

    // ---------------- helpers ----------------

    private static VedtakStatus? LatestStatus(Vedtak v)
    {
        VedtakStatus? latest = null;
        foreach (var s in v.Status)
        {
            if (latest is null || s.EndretDato >= latest.EndretDato)
            {
                latest = s;
            }
        }

        return latest;
    }

    /// <summary>Whether a Relasjon FraType → TilType ends at <paramref name="tilId"/> and starts at an element of FraType that is
    /// in the case: a relation naming a Melding (or Vedtak) the case does not have does not count (SSB's own tests for
    /// Undersøkelse Kontroll 20 expect it to fire then).</summary>
    private static bool HasRelationTo(RegisterCase s, string fraType, string tilType, string tilId)
    {
        foreach (var r in s.Relasjon)
        {
            if (r.FraType == fraType && r.TilType == tilType && r.TilId == tilId && ElementExists(s, fraType, r.FraId))
            {
                return true;
            }
        }

        return false;
    }

    private static void Duplicates<T>(ControlContext c, Findings f, ControlDefinition control, string element, IReadOnlyList<T> items,
        Func<T, string> id, Func<T, string?> migrert, Func<T, T> withoutIds)
        where T : notnull
    {
        if (items.Count < 2)
        {
            return;
        }

        var seen = new Dictionary<T, string>();
        foreach (var item in items)
        {
            var key = withoutIds(item);
            if (seen.TryGetValue(key, out var firstId))
            {
                if (firstId != id(item))
                {
                    f.Add(control, c.PathOf(element, id(item)), migrert(item));
                }
            }
            else
            {
                seen[key] = id(item);
            }
        }
    }

    private static bool ElementExists(RegisterCase s, string type, string id) => type switch
    {
        BegrepsType.Personalia => s.Personalia.Any(x => x.Id == id),
        BegrepsType.Melding => s.Melding.Any(x => x.Id == id),
        BegrepsType.Undersokelse => s.Undersokelse.Any(x => x.Id == id),
        BegrepsType.Plan => s.Plan.Any(x => x.Id == id),
        BegrepsType.Tiltak => s.Tiltak.Any(x => x.Id == id),
        BegrepsType.Vedtak => s.Vedtak.Any(x => x.Id == id),
        BegrepsType.Ettervern => s.Ettervern.Any(x => x.Id == id),
        BegrepsType.OversendelseFylkesnemnd => s.OversendelseFylkesnemnd.Any(x => x.Id == id),
        BegrepsType.Flytting => s.Flytting.Any(x => x.Id == id),
        BegrepsType.Relasjon => s.Relasjon.Any(x => x.Id == id),
        _ => false,
    };

    private static bool HasOpenChildren(RegisterCase s, bool includeVedtak) => OpenChildren(s, includeVedtak).Any();

    /// <summary>Sub-elements that can be concluded but have no Konklusjon/SluttDato: melding, undersøkelse, plan,
    /// tiltak, ettervern and (when asked) vedtak.</summary>
    private static IEnumerable<(string Type, string Id, string? MigrertId)> OpenChildren(RegisterCase s, bool includeVedtak)
    {
        foreach (var x in s.Melding.Where(x => x.Konklusjon is null))
        {
            yield return ("Melding", x.Id, x.MigrertId);
        }

        foreach (var x in s.Undersokelse.Where(x => x.Konklusjon is null))
        {
            yield return ("Undersokelse", x.Id, x.MigrertId);
        }

        foreach (var x in s.Plan.Where(x => x.Konklusjon is null))
        {
            yield return ("Plan", x.Id, x.MigrertId);
        }

        foreach (var x in s.Tiltak.Where(x => x.Konklusjon is null))
        {
            yield return ("Tiltak", x.Id, x.MigrertId);
        }

        if (includeVedtak)
        {
            foreach (var x in s.Vedtak.Where(x => x.Konklusjon is null))
            {
                yield return ("Vedtak", x.Id, x.MigrertId);
            }
        }

        foreach (var x in s.Ettervern.Where(x => x.Konklusjon is null))
        {
            yield return ("Ettervern", x.Id, x.MigrertId);
        }
    }

    /// <summary>Every date in the case with a field name and its element (name and Id; null for the case itself) for Sak
    /// kontroll 1. The element's path is made only for a date outside the window: most files have none.</summary>
    private static IEnumerable<(string Field, DateOnly Date, string? Element, string? Id, string? MigrertId)> AllDates(ControlContext c)
    {
        var s = c.Case;
        yield return ("Sak/StartDato", s.StartDato, null, null, null);
        if (s.SluttDato is { } sl)
        {
            yield return ("Sak/SluttDato", sl, null, null, null);
        }

        foreach (var p in s.Personalia)
        {
            yield return ("Personalia/StartDato", p.StartDato, "Personalia", p.Id, null);
            yield return ("Personalia/Fodseldato", p.Fodseldato, "Personalia", p.Id, null);
        }

        foreach (var m in s.Melding)
        {
            yield return ("Melding/StartDato", m.StartDato, "Melding", m.Id, m.MigrertId);
            if (m.Konklusjon is { } k)
            {
                yield return ("Melding/Konklusjon/SluttDato", k.SluttDato, "Melding", m.Id, m.MigrertId);
            }
        }

        foreach (var u in s.Undersokelse)
        {
            var (element, id) = ("Undersokelse", u.Id);
            yield return ("Undersokelse/StartDato", u.StartDato, element, id, u.MigrertId);
            if (u.BarnetsMedvirkning is { } bm)
            {
                yield return ("Undersokelse/BarnetsMedvirkning/StartDato", bm.StartDato, element, id, u.MigrertId);
            }

            if (u.UtvidetFrist is { } uf)
            {
                yield return ("Undersokelse/UtvidetFrist/StartDato", uf.StartDato, element, id, u.MigrertId);
            }

            if (u.Konklusjon is { } k)
            {
                yield return ("Undersokelse/Konklusjon/SluttDato", k.SluttDato, element, id, u.MigrertId);
            }
        }

        foreach (var pl in s.Plan)
        {
            var (element, id) = ("Plan", pl.Id);
            yield return ("Plan/StartDato", pl.StartDato, element, id, pl.MigrertId);
            foreach (var e in pl.Evaluering)
            {
                yield return ("Plan/Evaluering/UtfortDato", e.UtfortDato, element, id, pl.MigrertId);
            }

            if (pl.Konklusjon is { } k)
            {
                yield return ("Plan/Konklusjon/SluttDato", k.SluttDato, element, id, pl.MigrertId);
            }
        }

        foreach (var t in s.Tiltak)
        {
            var (element, id) = ("Tiltak", t.Id);
            yield return ("Tiltak/StartDato", t.StartDato, element, id, t.MigrertId);
            if (t.Tilsyn is { } ts)
            {
                foreach (var a in ts.Ansvarlig)
                {
                    yield return ("Tiltak/Tilsyn/Ansvarlig/StartDato", a.StartDato, element, id, t.MigrertId);
                }

                foreach (var h in ts.Hyppighet)
                {
                    yield return ("Tiltak/Tilsyn/Hyppighet/StartDato", h.StartDato, element, id, t.MigrertId);
                }

                foreach (var u in ts.Utfort)
                {
                    yield return ("Tiltak/Tilsyn/Utfort/UtfortDato", u.UtfortDato, element, id, t.MigrertId);
                }
            }

            if (t.Oppfolging is { } o)
            {
                foreach (var h in o.Hyppighet)
                {
                    yield return ("Tiltak/Oppfolging/Hyppighet/StartDato", h.StartDato, element, id, t.MigrertId);
                }

                foreach (var u in o.Utfort)
                {
                    yield return ("Tiltak/Oppfolging/Utfort/UtfortDato", u.UtfortDato, element, id, t.MigrertId);
                }
            }

            if (t.Konklusjon is { } k)
            {
                yield return ("Tiltak/Konklusjon/SluttDato", k.SluttDato, element, id, t.MigrertId);
            }
        }

        foreach (var v in s.Vedtak)
        {
            var (element, id) = ("Vedtak", v.Id);
            yield return ("Vedtak/StartDato", v.StartDato, element, id, v.MigrertId);
            foreach (var k in v.Krav)
            {
                yield return ("Vedtak/Krav/StartDato", k.StartDato, element, id, v.MigrertId);
                if (k.Konklusjon is { } kk)
                {
                    yield return ("Vedtak/Krav/Konklusjon/SluttDato", kk.SluttDato, element, id, v.MigrertId);
                }
            }

            foreach (var st in v.Status)
            {
                yield return ("Vedtak/Status/EndretDato", st.EndretDato, element, id, v.MigrertId);
            }

            if (v.Konklusjon is { } vk)
            {
                yield return ("Vedtak/Konklusjon/SluttDato", vk.SluttDato, element, id, v.MigrertId);
            }
        }

        foreach (var e in s.Ettervern)
        {
            yield return ("Ettervern/TilbudSendtDato", e.TilbudSendtDato, "Ettervern", e.Id, e.MigrertId);
            if (e.Konklusjon is { } k)
            {
                yield return ("Ettervern/Konklusjon/SluttDato", k.SluttDato, "Ettervern", e.Id, e.MigrertId);
            }
        }

        foreach (var o in s.OversendelseFylkesnemnd)
        {
            yield return ("OversendelseFylkesnemnd/StartDato", o.StartDato, "OversendelseFylkesnemnd", o.Id, o.MigrertId);
        }

        foreach (var x in s.Flytting)
        {
            yield return ("Flytting/SluttDato", x.SluttDato, "Flytting", x.Id, x.MigrertId);
        }

        foreach (var x in s.Slettet)
        {
            yield return ("Slettet/SluttDato", x.SluttDato, "Slettet", x.Id, null);
        }
    }
}
