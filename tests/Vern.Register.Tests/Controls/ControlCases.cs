using Vern.Domain.Validation;
using Vern.Register.Model;
using static Vern.Register.Tests.Controls.ControlCaseBuilder;

namespace Vern.Register.Tests.Controls;

/// <summary>One row of the control table: a case that trips <see cref="Control"/> (or must not), built from the
/// tiny valid case by a one-line change. A row that trips states where (<see cref="Path"/>, exact) and what
/// (<see cref="MessageContains"/>, SSB's text or its variable part): the code alone would also come from a control
/// that crashed. <see cref="Severity"/> is checked when given.</summary>
public sealed record ControlCase(string Control, string Name, bool Trips, Func<RegisterCase> Build, Func<RegisterFile>? Header = null,
    Severity? Severity = null, string? MessageContains = null, string? Path = null)
{
    public override string ToString() => $"{Control} {(Trips ? "trips" : "passes")}: {Name}";
}

/// <summary>The table: for every control in Kravspesifikasjon.md (and Vern's code-list rule) at least one case that trips it
/// and one that passes. Each row names the control by its SSB id.</summary>
internal static class ControlCases
{
    private static ControlCase T(string control, string name, Func<RegisterCase> build, Severity? severity = null, string? message = null, Func<RegisterFile>? file = null, string? path = null) =>
        new(control, name, true, build, file, severity, message, path);

    private static ControlCase P(string control, string name, Func<RegisterCase> build, Func<RegisterFile>? file = null) =>
        new(control, name, false, build, file);

    private static readonly Krav KravOk = new(ThirdId, D(2024, 5, 1), new KravKonklusjon(D(2024, 5, 20), "1"));

    public static IReadOnlyList<ControlCase> All { get; } =
    [
        T("Avgiver Kontroll 1", "Oslo without bydel", () => Case, file: () => Header with { Avgiver = Header.Avgiver with { Organisasjonsnummer = "958935420" } }, severity: Severity.Error, message: "Bydelsnummer og/eller Bydelsnavn skal være utfylt", path: "Avgiver"),
        P("Avgiver Kontroll 1", "Oslo with bydel", () => Case, file: () => Header with { Avgiver = Header.Avgiver with { Organisasjonsnummer = "958935420", Bydelsnummer = "01", Bydelsnavn = "Gamle Oslo" } }),
        P("Avgiver Kontroll 1", "not a city with bydeler", () => Case),

        T("Sak kontroll 1", "StartDato 1999-12-31 with reporting year 2026", () => Sak(c => c with { StartDato = D(1999, 12, 31) }), message: "Sak/StartDato: Dato (1999-12-31) må være mellom 01.01.2000 og 31.12.2052", path: SakPath),
        P("Sak kontroll 1", "StartDato 2000-01-01", () => Sak(c => c with { StartDato = D(2000, 1, 1) })),
        // A date of a sub-element is reported at that element (its path is made only then), and a migrated element's ERROR becomes WARNING.
        T("Sak kontroll 1", "melding concluded 2053-01-01 with reporting year 2026", () => Meld(m => m with { Konklusjon = m.Konklusjon! with { SluttDato = D(2053, 1, 1) } }), severity: Severity.Error, message: "Melding/Konklusjon/SluttDato: Dato (2053-01-01) må være mellom 01.01.2000 og 31.12.2052", path: At("Melding", MeldingId)),
        T("Sak kontroll 1", "migrated melding concluded 2053-01-01", () => Meld(m => m with { Konklusjon = m.Konklusjon! with { SluttDato = D(2053, 1, 1) }, MigrertId = "K-1" }), severity: Severity.Warning, message: "Melding/Konklusjon/SluttDato: Dato (2053-01-01)", path: At("Melding", MeldingId)),
        T("Sak kontroll 1", "Slettet 1999-12-31", () => Case with { Slettet = [new Slettet(PlanId, "Plan", D(1999, 12, 31))] }, message: "Slettet/SluttDato: Dato (1999-12-31)", path: At("Slettet", PlanId)),
        T("Sak Kontroll 2a", "SluttDato before StartDato", () => Sak(c => c with { SluttDato = D(2023, 12, 31) }), message: "Sakens startdato 2024-01-01 er etter sluttdato 2023-12-31", path: SakPath),
        P("Sak Kontroll 2a", "same-day start and end", () => Sak(c => c with { SluttDato = D(2024, 1, 1) })),
        T("Sak Kontroll 7", "client 26 at DatoUttrekk, case open", () => Pers(p => p with { Fodseldato = D(2000, 1, 10) }), severity: Severity.Warning, message: "Alder: 26 år.", path: SakPath),
        P("Sak Kontroll 7", "client 24", () => Pers(p => p with { Fodseldato = D(2001, 1, 16) })),
        T("Sak Kontroll 8", "client 19 without tiltak", () => Pers(p => p with { Fodseldato = D(2007, 1, 1) }) with { Tiltak = [] }, message: "Alder: 19 år.", path: SakPath),
        P("Sak Kontroll 8", "client 19 with tiltak", () => Pers(p => p with { Fodseldato = D(2007, 1, 1) })),
        T("Sak Kontroll 21", "open case with nothing in it", () => Case with { Melding = [], Undersokelse = [], Vedtak = [], Tiltak = [], Plan = [], Relasjon = [] }, message: "Klienten har ingen meldinger, undersøkelser, vedtak, tiltak, planer, ettervern eller oversendelse fylkesnemnd. Saken bør avsluttes.", path: SakPath),
        P("Sak Kontroll 21", "open case with only a melding", () => Case with { Undersokelse = [], Vedtak = [], Tiltak = [], Plan = [], Relasjon = [] }),
        T("Sak Kontroll 22", "Slettet points to a plan that is not there", () => Case with { Slettet = [new Slettet(ThirdId, "Plan", D(2025, 1, 1))] }, severity: Severity.Warning, message: "SlettetType peker til et ikke-eksisterende element", path: At("Slettet", ThirdId)),
        P("Sak Kontroll 22", "Slettet points to the plan", () => Case with { Slettet = [new Slettet(PlanId, "Plan", D(2025, 1, 1))] }),
        T("Sak kontroll 23", "closed case with an open plan", () => Sak(c => c with { SluttDato = D(2025, 12, 31) }), severity: Severity.Info, message: "Underelement i lukket sak mangler sluttdato", path: At("Plan", PlanId)),
        P("Sak kontroll 23", "closed case with everything concluded", () => Sak(c => c with
        {
            SluttDato = D(2025, 12, 31),
            Plan = [c.Plan[0] with { Konklusjon = new SluttKonklusjon(D(2025, 12, 1)) }],
            Tiltak = [c.Tiltak[0] with { Konklusjon = new SluttKonklusjon(D(2025, 12, 1)), Opphevelse = new Opphevelse("1") }],
            Vedtak = [c.Vedtak[0] with { Konklusjon = new SluttKonklusjon(D(2025, 12, 1)) }],
        })),

        T("Personalia Kontroll 2f", "StartDato after the case's SluttDato", () => Pers(p => p with { StartDato = D(2025, 2, 1) }) with { SluttDato = D(2025, 1, 1) }, message: "Personalia sin startdato 2025-02-01 er etter sakens sluttdato 2025-01-01", path: At("Personalia", PersonaliaId)),
        P("Personalia Kontroll 2f", "StartDato on the case's SluttDato", () => Pers(p => p with { StartDato = D(2025, 1, 1) }) with { SluttDato = D(2025, 1, 1) }),
        T("Personalia kontroll 11", "no Personalia", () => Case with { Personalia = [] }, message: "Klienten mangler personaliainformasjon", path: SakPath),
        P("Personalia kontroll 11", "has Personalia", () => Case),
        T("Personalia kontroll 12", "wrong control digit", () => Pers(p => p with { Fodselsnummer = p.Fodselsnummer[..10] + (char)('0' + ((p.Fodselsnummer[10] - '0' + 1) % 10)) }), message: "Ugyldig Fødselsnummer", path: At("Personalia", PersonaliaId)),
        T("Personalia kontroll 12", "Tenor synthetic test number (month + 80) is not an SSB form", () => Pers(p => p with { Fodselsnummer = Enumerable.Range(500, 500).Select(i => Vern.Domain.People.PersonIdentifier.Create(Birth, i, Vern.Domain.People.IdentifierKind.Synthetic)).First(x => x is not null)!.Value }), message: "Ugyldig Fødselsnummer", path: At("Personalia", PersonaliaId)),
        T("Personalia kontroll 12", "31 February", () => Pers(p => p with { Fodselsnummer = "31021500100" }), message: "Ugyldig Fødselsnummer", path: At("Personalia", PersonaliaId)),
        P("Personalia kontroll 12", "valid fødselsnummer", () => Case),
        P("Personalia kontroll 12", "valid D-nummer", () => Pers(p => p with { Fodselsnummer = DNummer(Birth) })),
        P("Personalia kontroll 12", "DDMMÅÅ + 00100", () => Pers(p => p with { Fodselsnummer = Special(Birth, "00100") })),
        P("Personalia kontroll 12", "termindato + 99999", () => Pers(p => p with { Fodselsnummer = Special(Birth, "99999"), StartDato = Birth.AddDays(-30) })),
        T("Personalia Kontroll 13", "fødselsdato one day later", () => Pers(p => p with { Fodseldato = Birth.AddDays(1) }), severity: Severity.Warning, message: "Fødselsnummer og Fødselsdato viser til forskjellige datoer", path: At("Personalia", PersonaliaId)),
        P("Personalia Kontroll 13", "D-nummer date (day + 40) matches", () => Pers(p => p with { Fodselsnummer = DNummer(Birth) })),
        T("Personalia Kontroll 14", "male number, Kjonn 2", () => Pers(p => p with { Kjonn = "2" }), message: "Fødselsnummer og Kjønn viser til forskjellige kjønn", path: At("Personalia", PersonaliaId)),
        P("Personalia Kontroll 14", "00200 is a girl", () => Pers(p => p with { Fodselsnummer = Special(Birth, "00200"), Kjonn = "2" })),
        P("Personalia Kontroll 14", "00100 is a boy", () => Pers(p => p with { Fodselsnummer = Special(Birth, "00100"), Kjonn = "1" })),
        // SSB exempts only the 99999 tail: the 9th digit of 00100 (1, odd) says a boy, so 00100 with Kjonn 2 is an ERROR at SSB.
        T("Personalia Kontroll 14", "00100 with Kjonn 2", () => Pers(p => p with { Fodselsnummer = Special(Birth, "00100"), Kjonn = "2" }), message: "Fødselsnummer og Kjønn viser til forskjellige kjønn", path: At("Personalia", PersonaliaId)),
        P("Personalia Kontroll 14", "99999 is not checked", () => Pers(p => p with { Fodselsnummer = Special(Birth, "99999"), Kjonn = "0", StartDato = Birth.AddDays(-1) })),
        T("Personalia Kontroll 15", "99999 after birth", () => Pers(p => p with { Fodselsnummer = Special(Birth, "99999") }), message: "Feil i Fødselsnummer for født barn", path: At("Personalia", PersonaliaId)),
        P("Personalia Kontroll 15", "99999 before birth", () => Pers(p => p with { Fodselsnummer = Special(Birth, "99999"), StartDato = Birth.AddDays(-1) })),
        T("Personalia Kontroll 16", "StartDato 9 months and 1 day before birth", () => Pers(p => p with { StartDato = D(2014, 8, 9) }), message: "Personalia sin startdato 2014-08-09 er mer enn 9 måneder før barnets fødselsdato 2015-05-10", path: At("Personalia", PersonaliaId)),
        P("Personalia Kontroll 16", "StartDato exactly 9 months before birth", () => Pers(p => p with { StartDato = D(2014, 8, 10) })),
        T("Personalia Kontroll 17", "wrong DUF control digits", () => Pers(p => p with { DUFnummer = "201512345600" }), message: "Ugyldig DUF-nummer", path: At("Personalia", PersonaliaId)),
        P("Personalia Kontroll 17", "valid DUF", () => Pers(p => p with { DUFnummer = Duf("2015123456") })),
        T("Personalia Kontroll 18", "DDMMÅÅ + 00100", () => Pers(p => p with { Fodselsnummer = Special(Birth, "00100") }), severity: Severity.Info, message: "Ufullstendig fødselsnummer skal erstattes med fødselsnummer, DUF- eller D-nummer fra folkeregisteret. Gjelder saksnummer: 2024/1", path: At("Personalia", PersonaliaId)),
        T("Personalia Kontroll 18", "D-nummer", () => Pers(p => p with { Fodselsnummer = DNummer(Birth) }), severity: Severity.Info, message: "Om DUF- eller fødselsnummer foreligger i folkeregisteret, skal dette benyttes fremfor D-nummer. Gjelder saksnummer: 2024/1", path: At("Personalia", PersonaliaId)),
        P("Personalia Kontroll 18", "complete fødselsnummer", () => Case),

        T("Melding Kontroll 2a", "concluded before received", () => Meld(m => m with { Konklusjon = m.Konklusjon! with { SluttDato = D(2024, 1, 1) } }), message: "Meldingens startdato 2024-01-02 er etter sluttdato 2024-01-01", path: At("Melding", MeldingId)),
        P("Melding Kontroll 2a", "concluded the same day", () => Meld(m => m with { Konklusjon = m.Konklusjon! with { SluttDato = D(2024, 1, 2) } })),
        T("Melding Kontroll 2c", "concluded after the case ended", () => Sak(c => c with { SluttDato = D(2024, 1, 4) }), message: "Meldingens sluttdato 2024-01-05 er etter Sakens sluttdato 2024-01-04", path: At("Melding", MeldingId)),
        P("Melding Kontroll 2c", "concluded the day the case ended", () => Sak(c => c with { SluttDato = D(2024, 1, 5) })),
        T("Melding Kontroll 2e", "received before the case started", () => Meld(m => m with { StartDato = D(2023, 12, 31) }), severity: Severity.Error, message: "Meldingens startdato 2023-12-31 er før sakens startdato 2024-01-01", path: At("Melding", MeldingId)),
        T("Melding Kontroll 2e", "migrated melding: ERROR becomes WARNING", () => Meld(m => m with { StartDato = D(2023, 12, 31), MigrertId = "K-1" }), severity: Severity.Warning, message: "Meldingens startdato 2023-12-31 er før sakens startdato 2024-01-01", path: At("Melding", MeldingId)),
        P("Melding Kontroll 2e", "received the day the case started", () => Meld(m => m with { StartDato = D(2024, 1, 1) })),
        T("Melding Kontroll 3", "concluded after 8 calendar days", () => Meld(m => m with { Konklusjon = m.Konklusjon! with { SluttDato = D(2024, 1, 10) } }), severity: Severity.Warning, message: "Fristoverskridelse på behandlingstid for melding, (2024-01-02 -> 2024-01-10)", path: At("Melding", MeldingId)),
        P("Melding Kontroll 3", "concluded after exactly 7 calendar days", () => Meld(m => m with { Konklusjon = m.Konklusjon! with { SluttDato = D(2024, 1, 9) } })),
        P("Melding Kontroll 3", "not concluded", () => Meld(m => m with { Konklusjon = null })),
        T("Melding Kontroll 4", "concluded without melder", () => Meld(m => m with { Melder = [] }), message: "Konkludert melding mangler melder(e)", path: At("Melding", MeldingId)),
        P("Melding Kontroll 4", "open without melder", () => Meld(m => m with { Melder = [], Konklusjon = null })),
        T("Melding Kontroll 5", "concluded without saksinnhold", () => Meld(m => m with { Saksinnhold = [] }), message: "Konkludert melding mangler saksinnhold", path: At("Melding", MeldingId)),
        P("Melding Kontroll 5", "open without saksinnhold", () => Meld(m => m with { Saksinnhold = [], Konklusjon = null })),
        T("Melding Kontroll 19", "two identical concluded meldinger", () => Case with { Melding = [Case.Melding[0], Case.Melding[0] with { Id = OtherId }] }, severity: Severity.Info, message: "Det finnes 2 eller flere meldinger med identisk innhold, men med forskjellige identer", path: At("Melding", OtherId)),
        P("Melding Kontroll 19", "two meldinger on different days", () => Case with { Melding = [Case.Melding[0], Case.Melding[0] with { Id = OtherId, StartDato = D(2024, 1, 3) }] }),
        T("Melder Kontroll 2", "Kode 22 without presisering", () => Meld(m => m with { Melder = [new Melder("22")] }), message: "Melder med kode (22) mangler presisering", path: At("Melding", MeldingId) + "/Melder[Kode=22]"),
        P("Melder Kontroll 2", "Kode 22 with presisering", () => Meld(m => m with { Melder = [new Melder("22", "Familievernet i nabokommunen")] })),
        T("Saksinnhold Kontroll 2", "Kode 18 without presisering", () => Meld(m => m with { Saksinnhold = [new Saksinnhold("18")] }), message: "Saksinnhold med kode (18) mangler presisering", path: At("Melding", MeldingId) + "/Saksinnhold[Kode=18]"),
        P("Saksinnhold Kontroll 2", "Kode 19 with presisering", () => Meld(m => m with { Saksinnhold = [new Saksinnhold("19", "Mye fravær")] })),

        T("Undersøkelse Kontroll 2a", "concluded before started", () => Und(u => u with { Konklusjon = u.Konklusjon! with { SluttDato = D(2024, 1, 5) } }), message: "Undersøkelsens startdato 2024-01-06 er etter sluttdato 2024-01-05", path: At("Undersokelse", UndersokelseId)),
        P("Undersøkelse Kontroll 2a", "concluded the day it started", () => Und(u => u with { Konklusjon = u.Konklusjon! with { SluttDato = D(2024, 1, 6) } })),
        T("Undersøkelse Kontroll 2c", "concluded after the case ended", () => Sak(c => c with { SluttDato = D(2024, 2, 29) }), message: "Undersøkelsens sluttdato 2024-03-01 er etter sakens sluttdato 2024-02-29", path: At("Undersokelse", UndersokelseId)),
        P("Undersøkelse Kontroll 2c", "concluded the day the case ended", () => Sak(c => c with { SluttDato = D(2024, 3, 1) })),
        T("Undersøkelse Kontroll 2e", "started before the case", () => Und(u => u with { StartDato = D(2023, 12, 31) }), message: "Undersøkelsens startdato 2023-12-31 er før sakens startdato 2024-01-01", path: At("Undersokelse", UndersokelseId)),
        P("Undersøkelse Kontroll 2e", "started with the case", () => Und(u => u with { StartDato = D(2024, 1, 1) })),
        T("Undersøkelse Kontroll 3", "Vedtaksgrunnlag 19 without presisering", () => Und(u => u with { Vedtaksgrunnlag = [new Saksinnhold("19")] }), message: "Vedtaksgrunnlag med kode (19) mangler presisering", path: At("Undersokelse", UndersokelseId) + "/Vedtaksgrunnlag[Kode=19]"),
        P("Undersøkelse Kontroll 3", "Vedtaksgrunnlag 18 with presisering", () => Und(u => u with { Vedtaksgrunnlag = [new Saksinnhold("18", "Vold i nære relasjoner")] })),
        T("Undersøkelse Kontroll 7", "concluded 1 without vedtaksgrunnlag", () => Und(u => u with { Vedtaksgrunnlag = [] }), message: "Undersøkelse konkludert med kode 1 mangler vedtaksgrunnlag", path: At("Undersokelse", UndersokelseId)),
        P("Undersøkelse Kontroll 7", "concluded 3 without vedtaksgrunnlag", () => Und(u => u with { Vedtaksgrunnlag = [], Konklusjon = u.Konklusjon! with { Kode = "3" } })),
        T("Undersøkelse Kontroll 11", "open on day 98 after the melding", () => Und(u => u with { Konklusjon = null }), file: () => Header with { DatoUttrekk = new DateTimeOffset(2024, 4, 9, 10, 0, 0, TimeSpan.FromHours(2)) }, severity: Severity.Warning, message: "innen 7 + 90 dager", path: At("Undersokelse", UndersokelseId)),
        P("Undersøkelse Kontroll 11", "open on day 97 after the melding", () => Und(u => u with { Konklusjon = null }), file: () => Header with { DatoUttrekk = new DateTimeOffset(2024, 4, 8, 10, 0, 0, TimeSpan.FromHours(2)) }),
        P("Undersøkelse Kontroll 11", "day 98 with extended deadline granted", () => Und(u => u with { Konklusjon = null, UtvidetFrist = new UtvidetFrist(D(2024, 3, 1), "1") }), file: () => Header with { DatoUttrekk = new DateTimeOffset(2024, 4, 9, 10, 0, 0, TimeSpan.FromHours(2)) }),
        T("Undersøkelse Kontroll 11", "day 98 with extended deadline refused", () => Und(u => u with { Konklusjon = null, UtvidetFrist = new UtvidetFrist(D(2024, 3, 1), "2") }), file: () => Header with { DatoUttrekk = new DateTimeOffset(2024, 4, 9, 10, 0, 0, TimeSpan.FromHours(2)) }, message: "innen 7 + 90 dager", path: At("Undersokelse", UndersokelseId)),
        T("Undersøkelse Kontroll 11", "day 188 even with extended deadline", () => Und(u => u with { Konklusjon = null, UtvidetFrist = new UtvidetFrist(D(2024, 3, 1), "1") }), file: () => Header with { DatoUttrekk = new DateTimeOffset(2024, 7, 8, 10, 0, 0, TimeSpan.FromHours(2)) }, message: "innen 7 + 180 dager", path: At("Undersokelse", UndersokelseId)),
        P("Undersøkelse Kontroll 11", "day 187 with extended deadline", () => Und(u => u with { Konklusjon = null, UtvidetFrist = new UtvidetFrist(D(2024, 3, 1), "1") }), file: () => Header with { DatoUttrekk = new DateTimeOffset(2024, 7, 7, 10, 0, 0, TimeSpan.FromHours(2)) }),
        T("Undersøkelse Kontroll 19", "two identical undersøkelser", () => Case with { Undersokelse = [Case.Undersokelse[0], Case.Undersokelse[0] with { Id = OtherId }] }, severity: Severity.Error, message: "Det finnes 2 eller flere Undersøkelser med identisk innhold, men med forskjellige identer", path: At("Undersokelse", OtherId)),
        P("Undersøkelse Kontroll 19", "two different undersøkelser", () => Case with { Undersokelse = [Case.Undersokelse[0], Case.Undersokelse[0] with { Id = OtherId, StartDato = D(2024, 1, 7) }] }),
        T("Undersøkelse Kontroll 20", "no relation from a melding", () => Without("Melding"), message: "Undersøkelse mangler en relasjon fra melding", path: At("Undersokelse", UndersokelseId)),
        P("Undersøkelse Kontroll 20", "relation from the melding", () => Case),
        // SSB's own tests: the Relasjon's FraId must name a Melding of the case (issue 14).
        T("Undersøkelse Kontroll 20", "relation from a melding id not in the case", () => Case with { Relasjon = [Case.Relasjon[0] with { FraId = ThirdId }, .. Case.Relasjon.Skip(1)] }, severity: Severity.Error, message: "Undersøkelse mangler en relasjon fra melding", path: At("Undersokelse", UndersokelseId)),
        T("Undersøkelse Kontroll 21", "concluded 1 without relation to vedtak", () => Without("Undersokelse"), severity: Severity.Error, message: "Konkludert Undersøkelse mangler en relasjon til vedtak", path: At("Undersokelse", UndersokelseId)),
        T("Undersøkelse Kontroll 21", "concluded 2 without relation to vedtak", () => Without("Undersokelse") with { Undersokelse = [Case.Undersokelse[0] with { Konklusjon = Case.Undersokelse[0].Konklusjon! with { Kode = "2" } }] }, severity: Severity.Warning, message: "Konkludert Undersøkelse mangler en relasjon til vedtak", path: At("Undersokelse", UndersokelseId)),
        T("Undersøkelse Kontroll 21", "concluded 1 with relation to a vedtak id not in the case", () => Case with { Relasjon = [Case.Relasjon[0], Case.Relasjon[1] with { TilId = ThirdId }, Case.Relasjon[2]] }, severity: Severity.Error, message: "Konkludert Undersøkelse mangler en relasjon til vedtak", path: At("Undersokelse", UndersokelseId)),
        P("Undersøkelse Kontroll 21", "concluded 3 (henlagt) without relation", () => Without("Undersokelse") with { Undersokelse = [Case.Undersokelse[0] with { Konklusjon = Case.Undersokelse[0].Konklusjon! with { Kode = "3" } }] }),

        T("Vedtak Kontroll 2a", "ends before it starts", () => Ved(v => v with { Konklusjon = new SluttKonklusjon(D(2024, 3, 31)) }), message: "Vedtakets startdato 2024-04-01 er etter sluttdato 2024-03-31", path: At("Vedtak", VedtakId)),
        P("Vedtak Kontroll 2a", "ends the day it starts", () => Ved(v => v with { Konklusjon = new SluttKonklusjon(D(2024, 4, 1)) })),
        T("Vedtak Kontroll 2c", "ends after the case", () => Ved(v => v with { Konklusjon = new SluttKonklusjon(D(2025, 6, 2)) }) with { SluttDato = D(2025, 6, 1) }, message: "Vedtakets sluttdato 2025-06-02 er etter Sakens sluttdato 2025-06-01", path: At("Vedtak", VedtakId)),
        P("Vedtak Kontroll 2c", "ends with the case", () => Ved(v => v with { Konklusjon = new SluttKonklusjon(D(2025, 6, 1)) }) with { SluttDato = D(2025, 6, 1) }),
        T("Vedtak Kontroll 2e", "starts before the case", () => Ved(v => v with { StartDato = D(2023, 12, 31), Status = [v.Status[0] with { EndretDato = D(2023, 12, 31) }] }), message: "Vedtakets startdato 2023-12-31 er før sakens startdato 2024-01-01", path: At("Vedtak", VedtakId)),
        P("Vedtak Kontroll 2e", "starts with the case", () => Ved(v => v with { StartDato = D(2024, 1, 1), Status = [v.Status[0] with { EndretDato = D(2024, 1, 1) }] })),
        T("Vedtak Kontroll 2f", "krav concluded before it started", () => Ved(v => v with { Krav = [KravOk with { Konklusjon = KravOk.Konklusjon! with { SluttDato = D(2024, 4, 30) } }] }), message: "Kravets startdato 2024-05-01 er etter sluttdato 2024-04-30", path: At("Vedtak", VedtakId) + "/Krav[Id=" + ThirdId + "]"),
        P("Vedtak Kontroll 2f", "krav concluded after it started", () => Ved(v => v with { Krav = [KravOk] })),
        T("Vedtak Kontroll 2g", "krav concluded after the vedtak ended", () => Ved(v => v with { Krav = [KravOk], Konklusjon = new SluttKonklusjon(D(2024, 5, 19)) }), message: "Kravets sluttdato 2024-05-20 er etter Vedtakets sluttdato 2024-05-19", path: At("Vedtak", VedtakId) + "/Krav[Id=" + ThirdId + "]"),
        P("Vedtak Kontroll 2g", "krav concluded the day the vedtak ended", () => Ved(v => v with { Krav = [KravOk], Konklusjon = new SluttKonklusjon(D(2024, 5, 20)) })),
        T("Vedtak Kontroll 2h", "krav before the vedtak", () => Ved(v => v with { Krav = [KravOk with { StartDato = D(2024, 3, 31) }] }), message: "Kravets startdato 2024-03-31 er før vedtakets startdato 2024-04-01", path: At("Vedtak", VedtakId) + "/Krav[Id=" + ThirdId + "]"),
        P("Vedtak Kontroll 2h", "krav the day of the vedtak", () => Ved(v => v with { Krav = [KravOk with { StartDato = D(2024, 4, 1) }] })),
        T("Vedtak Kontroll 2i", "status changed after the vedtak ended", () => Ved(v => v with { Konklusjon = new SluttKonklusjon(D(2024, 6, 1)), Status = [v.Status[0], new VedtakStatus(ThirdId, D(2024, 6, 2), "4")] }), severity: Severity.Info, message: "Status sin endretdato 2024-06-02 er etter Vedtakets sluttdato 2024-06-01", path: At("Vedtak", VedtakId) + "/Status[Id=" + ThirdId + "]"),
        P("Vedtak Kontroll 2i", "status changed the day the vedtak ended", () => Ved(v => v with { Konklusjon = new SluttKonklusjon(D(2024, 6, 1)), Status = [v.Status[0], new VedtakStatus(ThirdId, D(2024, 6, 1), "4")] })),
        T("Vedtak Kontroll 2j", "status before the vedtak", () => Ved(v => v with { Status = [v.Status[0] with { EndretDato = D(2024, 3, 31) }] }), severity: Severity.Info, message: "Status sin endretdato 2024-03-31 er før vedtakets startdato 2024-04-01", path: At("Vedtak", VedtakId) + "/Status[Id=" + OtherId + "]"),
        P("Vedtak Kontroll 2j", "status on the vedtak's day", () => Case),
        T("Vedtak Kontroll 3", "status 3 without SluttDato", () => Ved(v => v with { Status = [v.Status[0], new VedtakStatus(ThirdId, D(2024, 6, 1), "3")] }), message: "Vedtak med status 3 = 'Utgår / Bortfalt etter BVL' mangler sluttdato", path: At("Vedtak", VedtakId)),
        T("Vedtak Kontroll 3", "status 4 without SluttDato", () => Ved(v => v with { Status = [v.Status[0], new VedtakStatus(ThirdId, D(2024, 6, 1), "4")] }), message: "Vedtak med status 4 = 'Avslått / Avsluttet' mangler sluttdato", path: At("Vedtak", VedtakId)),
        P("Vedtak Kontroll 3", "status 4 with SluttDato", () => Ved(v => v with { Status = [v.Status[0], new VedtakStatus(ThirdId, D(2024, 6, 1), "4")], Konklusjon = new SluttKonklusjon(D(2024, 6, 1)) })),
        T("Vedtak Kontroll 4", "Lov BVL1992 (the XSD forbids it too)", () => Ved(v => v with { JmfrLovhjemmel = [Omsorg with { Lov = "BVL1992" }] }), message: "Lov: BVL1992.", path: At("Vedtak", VedtakId)),
        P("Vedtak Kontroll 4", "Lov BL1981 in JmfrLovhjemmel", () => Ved(v => v with { JmfrLovhjemmel = [Omsorg with { Lov = "BL1981" }] })),
        T("Vedtak kontroll 5", "BVL2021 before 2023", () => Ved(v => v with { StartDato = D(2022, 12, 31) }), message: "Lovhjemmel opprettet før 01. januar 2023 krever lov = 'BVL'", path: At("Vedtak", VedtakId)),
        T("Vedtak kontroll 5", "BVL from 2023", () => Ved(v => v with { Lovhjemmel = Omsorg with { Lov = "BVL" } }), message: "Lovhjemmel opprettet på 01. januar 2023 eller senere krever lov = 'BVL2021'", path: At("Vedtak", VedtakId)),
        P("Vedtak kontroll 5", "BVL2021 on 1 January 2023", () => Ved(v => v with { StartDato = D(2023, 1, 1) })),
        T("Vedtak Kontroll 19", "two identical vedtak", () => Case with { Vedtak = [Case.Vedtak[0], Case.Vedtak[0] with { Id = ThirdId }] }, severity: Severity.Info, message: "Det finnes 2 eller flere Vedtak med identisk innhold, men med forskjellige identer", path: At("Vedtak", ThirdId)),
        P("Vedtak Kontroll 19", "two vedtak on different days", () => Case with { Vedtak = [Case.Vedtak[0], Case.Vedtak[0] with { Id = ThirdId, StartDato = D(2024, 4, 2) }] }),
        T("Vedtak Kontroll 20", "status 2 without relation", () => Ved(v => v with { Status = [v.Status[0] with { Kode = "2" }] }), severity: Severity.Warning, message: "skal ha relasjon til OversendelseFylkesnemnd", path: At("Vedtak", VedtakId)),
        T("Vedtak Kontroll 20", "status 2 with relation to a missing oversendelse", () => Ved(v => v with { Status = [v.Status[0] with { Kode = "2" }] }) with { Relasjon = [.. Case.Relasjon, new Relasjon(ThirdId, VedtakId, "Vedtak", OtherId, "OversendelseFylkesnemnd")] }, message: "OversendelseFylkesnemndVedtak skal finnes", path: At("Vedtak", VedtakId)),
        P("Vedtak Kontroll 20", "status 2 with relation and oversendelse", () => Ved(v => v with { Status = [v.Status[0] with { Kode = "2" }] }) with
        {
            Relasjon = [.. Case.Relasjon, new Relasjon(ThirdId, VedtakId, "Vedtak", OtherId, "OversendelseFylkesnemnd")],
            OversendelseFylkesnemnd = [new OversendelseFylkesnemnd(OtherId, null, D(2024, 3, 15), null, Omsorg, [])],
        }),

        T("Tiltak Kontroll 2a", "ends before it starts", () => Tilt(t => t with { Konklusjon = new SluttKonklusjon(D(2024, 3, 31)), Opphevelse = new Opphevelse("1") }), message: "Tiltakets startdato 2024-04-01 er etter sluttdato 2024-03-31", path: At("Tiltak", TiltakId)),
        P("Tiltak Kontroll 2a", "ends the day it starts", () => Tilt(t => t with { Konklusjon = new SluttKonklusjon(D(2024, 4, 1)), Opphevelse = new Opphevelse("1") })),
        T("Tiltak Kontroll 2c", "ends after the case", () => Tilt(t => t with { Konklusjon = new SluttKonklusjon(D(2025, 6, 2)), Opphevelse = new Opphevelse("1") }) with { SluttDato = D(2025, 6, 1) }, message: "Tiltakets sluttdato 2025-06-02 er etter Sakens sluttdato 2025-06-01", path: At("Tiltak", TiltakId)),
        P("Tiltak Kontroll 2c", "ends with the case", () => Tilt(t => t with { Konklusjon = new SluttKonklusjon(D(2025, 6, 1)), Opphevelse = new Opphevelse("1") }) with { SluttDato = D(2025, 6, 1) }),
        T("Tiltak Kontroll 2e", "starts before the case", () => Tilt(t => t with { StartDato = D(2023, 12, 31) }), message: "Tiltakets startdato 2023-12-31 er før sakens startdato 2024-01-01", path: At("Tiltak", TiltakId)),
        P("Tiltak Kontroll 2e", "starts with the case", () => Tilt(t => t with { StartDato = D(2024, 1, 1) })),
        T("Tiltak Kontroll 5", "barnehage at 8", () => Tilt(t => t with { Kategori = new Kategori("4.1") }) with { Personalia = [Case.Personalia[0] with { Fodseldato = D(2017, 6, 1) }] }, severity: Severity.Warning, message: "Alder: 8 år.", path: At("Tiltak", TiltakId)),
        P("Tiltak Kontroll 5", "barnehage at 7", () => Tilt(t => t with { Kategori = new Kategori("4.1") }) with { Personalia = [Case.Personalia[0] with { Fodseldato = D(2018, 6, 1) }] }),
        T("Tiltak Kontroll 6", "SFO at 12", () => Tilt(t => t with { Kategori = new Kategori("4.2") }) with { Personalia = [Case.Personalia[0] with { Fodseldato = D(2013, 6, 1) }] }, severity: Severity.Warning, message: "Alder: 12 år.", path: At("Tiltak", TiltakId)),
        P("Tiltak Kontroll 6", "SFO at 11", () => Tilt(t => t with { Kategori = new Kategori("4.2") }) with { Personalia = [Case.Personalia[0] with { Fodseldato = D(2014, 6, 1) }] }),
        T("Tiltak Kontroll 7", "3.7 without presisering", () => Tilt(t => t with { Kategori = new Kategori("3.7") }), message: "Tiltakskategori (3.7) mangler presisering.", path: At("Tiltak", TiltakId)),
        P("Tiltak Kontroll 7", "8.99 with presisering", () => Tilt(t => t with { Kategori = new Kategori("8.99", "Hybel med tilsyn") })),
        T("Tiltak Kontroll 8", "opphevelse 4 without presisering", () => Tilt(t => t with { Opphevelse = new Opphevelse("4") }), message: "Opphevelse (4) mangler presisering.", path: At("Tiltak", TiltakId)),
        P("Tiltak Kontroll 8", "opphevelse 4 with presisering", () => Tilt(t => t with { Opphevelse = new Opphevelse("4", "Flyttet til utlandet") })),
        T("Tiltak Kontroll 9", "two open placements", () => Case with { Tiltak = [Case.Tiltak[0], Case.Tiltak[0] with { Id = ThirdId, StartDato = D(2024, 6, 1), Kategori = new Kategori("1.1") }] }, severity: Severity.Warning, message: "Overlapper med tiltak-id " + TiltakId, path: At("Tiltak", ThirdId)),
        P("Tiltak Kontroll 9", "placements overlapping exactly 90 days", () => Case with { Tiltak = [Case.Tiltak[0] with { Konklusjon = new SluttKonklusjon(D(2024, 8, 30)), Opphevelse = new Opphevelse("1") }, Case.Tiltak[0] with { Id = ThirdId, StartDato = D(2024, 6, 1), Kategori = new Kategori("1.1") }] }),
        T("Tiltak Kontroll 12", "ended care order without opphevelse", () => Tilt(t => t with { Konklusjon = new SluttKonklusjon(D(2025, 1, 1)) }), message: "Omsorgstiltak med sluttdato krever årsak til opphevelse", path: At("Tiltak", TiltakId)),
        P("Tiltak Kontroll 12", "ended care order with opphevelse", () => Tilt(t => t with { Konklusjon = new SluttKonklusjon(D(2025, 1, 1)), Opphevelse = new Opphevelse("2") })),
        P("Tiltak Kontroll 12", "ended non-placement BVL 4-4 help measure", () => Tilt(t => t with { Lovhjemmel = new Lovhjemmel("BVL", "4", "4", [], [], []), Kategori = new Kategori("3.1"), Konklusjon = new SluttKonklusjon(D(2025, 1, 1)) })),
        T("Tiltak Kontroll 13", "open care order at 18", () => Pers(p => p with { Fodseldato = D(2007, 6, 1) }), message: "Alder: 18 år.", path: At("Tiltak", TiltakId)),
        P("Tiltak Kontroll 13", "open care order at 17", () => Pers(p => p with { Fodseldato = D(2008, 6, 1) })),
        T("Tiltak Kontroll 14", "Ledd 0", () => Tilt(t => t with { Lovhjemmel = t.Lovhjemmel with { Ledd = ["0"] } }), message: "Ingen Lovhjemmel sin kapittel, paragraf, ledd eller punktum kan være utfylt med 0", path: At("Tiltak", TiltakId)),
        P("Tiltak Kontroll 14", "Ledd 10", () => Tilt(t => t with { Lovhjemmel = t.Lovhjemmel with { Ledd = ["10"] } })),
        T("Tiltak Kontroll 19", "two identical tiltak", () => Case with { Tiltak = [Case.Tiltak[0], Case.Tiltak[0] with { Id = ThirdId }] }, severity: Severity.Warning, message: "Det finnes 2 eller flere tiltak med identisk innhold, men med forskjellige identer", path: At("Tiltak", ThirdId)),
        P("Tiltak Kontroll 19", "two different tiltak", () => Case with { Tiltak = [Case.Tiltak[0], Case.Tiltak[0] with { Id = ThirdId, Kategori = new Kategori("3.1") }] }),
        T("Tiltak Kontroll 20", "no relation from a vedtak", () => Without("Vedtak"), message: "Tiltak skal ha relasjon fra Vedtak", path: At("Tiltak", TiltakId)),
        P("Tiltak Kontroll 20", "relation from the vedtak", () => Case),
        T("Tiltak Kontroll 20", "relation from a vedtak id not in the case", () => Case with { Relasjon = [.. Case.Relasjon.Take(2), Case.Relasjon[2] with { FraId = ThirdId }] }, severity: Severity.Error, message: "Tiltak skal ha relasjon fra Vedtak", path: At("Tiltak", TiltakId)),
        T("Tiltak Kontroll 21", "tiltak under another paragraph than its vedtak", () => Tilt(t => t with { Lovhjemmel = Omsorg with { Paragraf = "2" } }), message: "Tiltak er registrert med annen lovhjemmel enn det som er registrert i vedtak", path: At("Tiltak", TiltakId)),
        P("Tiltak Kontroll 21", "same Lov, Kapittel, Paragraf (other Ledd)", () => Tilt(t => t with { Lovhjemmel = Omsorg with { Ledd = ["2"] } })),
        T("Tiltak Kontroll 22", "kategori 1.99", () => Tilt(t => t with { Kategori = new Kategori("1.99", "TFCO") }), severity: Severity.Warning, message: "Dette er er en advarsel. Kun plasseringstiltak skal ha kode 1.99. Dersom dette ikke er et plasseringstiltak (institusjon) må tiltakskode endres. Er det et administrative vedtak som er gitt kode 1.99 skal tiltaket slettes.", path: At("Tiltak", TiltakId)),
        P("Tiltak Kontroll 22", "kategori 1.1", () => Tilt(t => t with { Kategori = new Kategori("1.1") })),
        T("Tiltak Kontroll 23", "kategori 2.99", () => Tilt(t => t with { Kategori = new Kategori("2.99", "Annet") }), severity: Severity.Warning, message: "Dette er er en advarsel. Kun plasseringstiltak skal ha kode 2.99. Dersom dette ikke er et plasseringstiltak (fosterhjem) må tiltakskode endres. Er det et administrative vedtak som er gitt kode 2.99 skal tiltaket slettes.", path: At("Tiltak", TiltakId)),
        P("Tiltak Kontroll 23", "kategori 2.2", () => Case),

        T("Plan Kontroll 2a", "ends before it starts", () => Pl(p => p with { Konklusjon = new SluttKonklusjon(D(2024, 4, 14)) }), message: "Planens startdato 2024-04-15 er etter sluttdato 2024-04-14", path: At("Plan", PlanId)),
        P("Plan Kontroll 2a", "ends the day it starts", () => Pl(p => p with { Konklusjon = new SluttKonklusjon(D(2024, 4, 15)) })),
        T("Plan Kontroll 2c", "ends after the case", () => Pl(p => p with { Konklusjon = new SluttKonklusjon(D(2025, 6, 2)) }) with { SluttDato = D(2025, 6, 1) }, message: "Planens sluttdato 2025-06-02 er etter sakens sluttdato 2025-06-01", path: At("Plan", PlanId)),
        P("Plan Kontroll 2c", "ends with the case", () => Pl(p => p with { Konklusjon = new SluttKonklusjon(D(2025, 6, 1)) }) with { SluttDato = D(2025, 6, 1) }),
        T("Plan Kontroll 2e", "starts before the case", () => Pl(p => p with { StartDato = D(2023, 12, 31) }), message: "Planens startdato 2023-12-31 er før sakens startdato 2024-01-01", path: At("Plan", PlanId)),
        P("Plan Kontroll 2e", "starts with the case", () => Pl(p => p with { StartDato = D(2024, 1, 1) })),
        T("Plan Kontroll 2f", "evaluated after the case ended", () => Pl(p => p with { Evaluering = [new Evaluering(D(2025, 2, 1))], Konklusjon = new SluttKonklusjon(D(2024, 12, 1)) }) with { SluttDato = D(2025, 1, 1) }, message: "Utført evaluering 2025-02-01 er etter sakens sluttdato 2025-01-01", path: At("Plan", PlanId)),
        P("Plan Kontroll 2f", "evaluated on the case's last day", () => Pl(p => p with { Evaluering = [new Evaluering(D(2025, 1, 1))], Konklusjon = new SluttKonklusjon(D(2024, 12, 1)) }) with { SluttDato = D(2025, 1, 1) }),
        T("Plan Kontroll 2g", "evaluated before the case started", () => Pl(p => p with { Evaluering = [new Evaluering(D(2023, 12, 31))] }), message: "Utført evaluering 2023-12-31 er før sakens startdato 2024-01-01", path: At("Plan", PlanId)),
        P("Plan Kontroll 2g", "evaluated during the case", () => Pl(p => p with { Evaluering = [new Evaluering(D(2024, 10, 1))] })),
        T("Plan Kontroll 19", "two identical plans", () => Case with { Plan = [Case.Plan[0], Case.Plan[0] with { Id = ThirdId }] }, severity: Severity.Info, message: "Det finnes 2 eller flere Planer med identisk innhold, men med forskjellige identer", path: At("Plan", ThirdId)),
        P("Plan Kontroll 19", "two plans of different type", () => Case with { Plan = [Case.Plan[0], Case.Plan[0] with { Id = ThirdId, Plantype = "3" }] }),

        T("Ettervern Kontroll 2a", "concluded before the offer was sent", () => Case with { Ettervern = [new Ettervern(ThirdId, null, D(2025, 6, 1), null, new EttervernKonklusjon(D(2025, 5, 31), "1"))] }, message: "Ettervernets tilbudSendtDato 2025-06-01 er etter sluttdato 2025-05-31", path: At("Ettervern", ThirdId)),
        P("Ettervern Kontroll 2a", "concluded the day the offer was sent", () => Case with { Ettervern = [new Ettervern(ThirdId, null, D(2025, 6, 1), null, new EttervernKonklusjon(D(2025, 6, 1), "1"))] }),
        T("Ettervern Kontroll 2c", "concluded after the case ended", () => Case with { SluttDato = D(2025, 6, 30), Ettervern = [new Ettervern(ThirdId, null, D(2025, 6, 1), null, new EttervernKonklusjon(D(2025, 7, 1), "1"))] }, message: "Ettervern sin sluttdato 2025-07-01 er etter sakens sluttdato 2025-06-30", path: At("Ettervern", ThirdId)),
        P("Ettervern Kontroll 2c", "concluded when the case ended", () => Case with { SluttDato = D(2025, 7, 1), Ettervern = [new Ettervern(ThirdId, null, D(2025, 6, 1), null, new EttervernKonklusjon(D(2025, 7, 1), "1"))] }),
        T("Ettervern Kontroll 2e", "offer sent before the case", () => Case with { Ettervern = [new Ettervern(ThirdId, null, D(2023, 12, 31), null, null)] }, message: "Ettervern sin tilbud-sendt-dato 2023-12-31 er før sakens startdato 2024-01-01", path: At("Ettervern", ThirdId)),
        P("Ettervern Kontroll 2e", "offer sent during the case", () => Case with { Ettervern = [new Ettervern(ThirdId, null, D(2025, 6, 1), null, null)] }),

        T("Flytting Kontroll 2c", "moved after the case ended", () => Case with { SluttDato = D(2025, 6, 30), Flytting = [new Flytting(ThirdId, null, D(2025, 7, 1), null, new ArsakFra("1.1.1"), new FlyttingTil("1"))] }, message: "Flyttingens sluttdato 2025-07-01 er etter sakens sluttdato 2025-06-30", path: At("Flytting", ThirdId)),
        P("Flytting Kontroll 2c", "moved the day the case ended", () => Case with { SluttDato = D(2025, 7, 1), Flytting = [new Flytting(ThirdId, null, D(2025, 7, 1), null, new ArsakFra("1.1.1"), new FlyttingTil("1"))] }),
        T("Flytting Kontroll 2f", "moved before the case", () => Case with { Flytting = [new Flytting(ThirdId, null, D(2023, 12, 31), null, new ArsakFra("2.1"), new FlyttingTil("2"))] }, message: "Flyttingens sluttdato 2023-12-31 er før sakens startdato 2024-01-01", path: At("Flytting", ThirdId)),
        P("Flytting Kontroll 2f", "moved during the case", () => Case with { Flytting = [new Flytting(ThirdId, null, D(2025, 1, 1), null, new ArsakFra("2.1"), new FlyttingTil("2"))] }),

        T("Oversendelse til fylkesnemnd Kontroll 2e", "sent before the case", () => Case with { OversendelseFylkesnemnd = [new OversendelseFylkesnemnd(ThirdId, null, D(2023, 12, 31), null, Omsorg, [])] }, message: "Oversendelse til fylkesnemndens startdato 2023-12-31 er før sakens startdato 2024-01-01", path: At("OversendelseFylkesnemnd", ThirdId)),
        P("Oversendelse til fylkesnemnd Kontroll 2e", "sent during the case", () => Case with { OversendelseFylkesnemnd = [new OversendelseFylkesnemnd(ThirdId, null, D(2024, 3, 15), null, Omsorg, [])] }),
        T("Oversendelse til fylkesnemnd Kontroll 2f", "sent after the case ended", () => Case with { SluttDato = D(2025, 1, 1), OversendelseFylkesnemnd = [new OversendelseFylkesnemnd(ThirdId, null, D(2025, 1, 2), null, Omsorg, [])] }, message: "Oversendelse til fylkesnemndens startdato 2025-01-02 er etter sakens sluttdato 2025-01-01", path: At("OversendelseFylkesnemnd", ThirdId)),
        P("Oversendelse til fylkesnemnd Kontroll 2f", "sent the day the case ended", () => Case with { SluttDato = D(2025, 1, 2), OversendelseFylkesnemnd = [new OversendelseFylkesnemnd(ThirdId, null, D(2025, 1, 2), null, Omsorg, [])] }),
        T("Oversendelse til fylkesnemnd Kontroll 5", "BVL in 2024", () => Case with { OversendelseFylkesnemnd = [new OversendelseFylkesnemnd(ThirdId, null, D(2024, 3, 15), null, Omsorg with { Lov = "BVL" }, [])] }, message: "krever lov = 'BVL2021'", path: At("OversendelseFylkesnemnd", ThirdId)),
        T("Oversendelse til fylkesnemnd Kontroll 5", "BVL2021 on 31 December 2022", () => Case with { StartDato = D(2022, 1, 1), OversendelseFylkesnemnd = [new OversendelseFylkesnemnd(ThirdId, null, D(2022, 12, 31), null, Omsorg, [])] }, message: "krever lov = 'BVL'", path: At("OversendelseFylkesnemnd", ThirdId)),
        P("Oversendelse til fylkesnemnd Kontroll 5", "BVL on 31 December 2022", () => Case with { StartDato = D(2022, 1, 1), OversendelseFylkesnemnd = [new OversendelseFylkesnemnd(ThirdId, null, D(2022, 12, 31), null, Omsorg with { Lov = "BVL" }, [])] }),

        T("vern.kodeliste.gyldighet", "melder 24 (from 2025) used in 2024", () => Meld(m => m with { Melder = [new Melder("24")] }), severity: Severity.Warning, message: "Koden 24 i /Barnevern/Sak/Melding/Melder/@Kode gjelder fra 2025-01-01 til –, men brukes 2024-01-02", path: At("Melding", MeldingId)),
        P("vern.kodeliste.gyldighet", "melder 15 (until 2024) used in 2024", () => Meld(m => m with { Melder = [new Melder("15")] })),
        // Vedtaksgrunnlag is found when the undersøkelse is concluded, so its code is checked on Konklusjon/SluttDato, as the decider does (issue 14).
        T("vern.kodeliste.gyldighet", "vedtaksgrunnlag 1.2.02 (from 2026) concluded 2024", () => Und(u => u with { Vedtaksgrunnlag = [new Saksinnhold("1.2.02")] }), severity: Severity.Warning, message: "Koden 1.2.02 i /Barnevern/Sak/Undersokelse/Vedtaksgrunnlag/@Kode gjelder fra 2026-01-01 til –, men brukes 2024-03-01", path: At("Undersokelse", UndersokelseId)),
        P("vern.kodeliste.gyldighet", "vedtaksgrunnlag 1.2.02 (from 2026), started 2025, concluded 2026", () => Und(u => u with
        {
            StartDato = D(2025, 12, 20), Vedtaksgrunnlag = [new Saksinnhold("1.2.02")], Konklusjon = u.Konklusjon! with { SluttDato = D(2026, 1, 5) },
        })),
        // A fact older than the list is described with the list's first codes (CodeList.Accepts, as the decider).
        P("vern.kodeliste.gyldighet", "melder 11 (list from 2013) on a melding of 2012", () => Meld(m => m with { StartDato = D(2012, 12, 1) })),
    ];
}
