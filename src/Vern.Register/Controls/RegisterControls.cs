using Vern.Domain.Validation;
using Vern.Register.Model;

namespace Vern.Register.Controls;

/// <summary>A control and the pure function that runs it over one case.</summary>
public sealed record RegisteredControl(ControlDefinition Definition, Action<ControlContext, Findings> Run);

/// <summary>SSB's validation controls for the national register (Kravspesifikasjon for validering), one small pure
/// function each, plus Vern's code-list validity rule. Codes, severities and texts follow the spec.</summary>
public static partial class RegisterControls
{
    private static ControlDefinition Def(string code, Severity severity, string validFrom, string description, bool retired = false) =>
        new(code, severity, DateOnly.ParseExact(validFrom, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), description, retired);

    private const Severity E = Severity.Error;
    private const Severity W = Severity.Warning;
    private const Severity I = Severity.Info;

    /// <summary>The register's placement measures (plasseringstiltak): Kategori 1.1, 1.2, 1.99, 2.1–2.6, 2.99, 8.2.</summary>
    public static readonly IReadOnlySet<string> Plasseringstiltak = new HashSet<string>(StringComparer.Ordinal)
    {
        "1.1", "1.2", "1.99", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.99", "8.2",
    };

    private static readonly HashSet<string> KategoriNeedsPresisering = new(StringComparer.Ordinal)
    {
        "1.99", "2.99", "3.7", "3.99", "4.99", "5.99", "6.99", "7.99", "8.99",
    };

    private static readonly HashSet<string> StorbyOrgnr = new(StringComparer.Ordinal) { "958935420", "964338531", "942110464" };

    /// <summary>1 January 2023: barnevernsloven 2021 (BVL2021) replaced the 1992 act (BVL).</summary>
    private static readonly DateOnly Bvl2021From = new(2023, 1, 1);

    // ---- Definitions (id, severity, Gyldig fra, what it checks) ----
    public static readonly ControlDefinition AvgiverKontroll1 = Def("Avgiver Kontroll 1", E, "2013-01-01", "Oslo, Bergen and Trondheim must fill in Bydelsnummer and Bydelsnavn.");
    public static readonly ControlDefinition SakKontroll1 = Def("Sak kontroll 1", E, "2013-01-01", "Every date in the case lies between 1 January (year − 26) and 31 December (year + 26).");
    public static readonly ControlDefinition SakKontroll2a = Def("Sak Kontroll 2a", E, "2013-01-01", "Sak StartDato is not after SluttDato.");
    public static readonly ControlDefinition SakKontroll6 = Def("Sak Kontroll 6", E, "2013-01-01", "UTGÅR (replaced by Sak Kontroll 21): open case without melding, plan or tiltak.", retired: true);
    public static readonly ControlDefinition SakKontroll7 = Def("Sak Kontroll 7", W, "2013-01-01", "Client aged 25 or more at DatoUttrekk in an open case (or with open sub-elements other than vedtak).");
    public static readonly ControlDefinition SakKontroll8 = Def("Sak Kontroll 8", E, "2013-01-01", "Client aged 18 or more without tiltak in an open case (or with open sub-elements other than vedtak).");
    public static readonly ControlDefinition SakKontroll21 = Def("Sak Kontroll 21", E, "2013-01-01", "An open case has at least one melding, undersøkelse, vedtak, tiltak, plan, ettervern or oversendelse.");
    public static readonly ControlDefinition SakKontroll22 = Def("Sak Kontroll 22", W, "2013-01-01", "Slettet points to an element (Type + Id) that exists in the case.");
    public static readonly ControlDefinition SakKontroll23 = Def("Sak kontroll 23", I, "2013-01-01", "In a closed case every melding, undersøkelse, plan, tiltak, vedtak and ettervern has a SluttDato.");

    public static readonly ControlDefinition PersonaliaKontroll2f = Def("Personalia Kontroll 2f", E, "2022-01-01", "Personalia StartDato is not after the case's SluttDato.");
    public static readonly ControlDefinition PersonaliaKontroll11 = Def("Personalia kontroll 11", E, "2022-01-01", "The case has Personalia.");
    public static readonly ControlDefinition PersonaliaKontroll12 = Def("Personalia kontroll 12", E, "2022-01-01", "Fodselsnummer is a valid fødselsnummer or D-nummer (mod 11) or DDMMÅÅ+00100/00200/99999.");
    public static readonly ControlDefinition PersonaliaKontroll13 = Def("Personalia Kontroll 13", W, "2022-01-01", "The date part of Fodselsnummer matches Fodseldato.");
    public static readonly ControlDefinition PersonaliaKontroll14 = Def("Personalia Kontroll 14", E, "2022-01-01", "The 9th digit of Fodselsnummer (odd = 1 male, even = 2 female) matches Kjonn, unless it ends 99999.");
    public static readonly ControlDefinition PersonaliaKontroll15 = Def("Personalia Kontroll 15", E, "2022-01-01", "A number ending 99999 (unborn) is not used with a StartDato after the birth date.");
    public static readonly ControlDefinition PersonaliaKontroll16 = Def("Personalia Kontroll 16", E, "2022-01-01", "Personalia StartDato is not more than 9 months before Fodseldato.");
    public static readonly ControlDefinition PersonaliaKontroll17 = Def("Personalia Kontroll 17", E, "2022-01-01", "DUFnummer, when given, has valid mod-11 control digits.");
    public static readonly ControlDefinition PersonaliaKontroll18 = Def("Personalia Kontroll 18", I, "2022-01-01", "Incomplete numbers (00100/00200/99999) and D-nummer should be replaced by a final number.");

    public static readonly ControlDefinition MeldingKontroll2a = Def("Melding Kontroll 2a", E, "2013-01-01", "Melding StartDato is not after Konklusjon/SluttDato.");
    public static readonly ControlDefinition MeldingKontroll2c = Def("Melding Kontroll 2c", E, "2013-01-01", "Melding Konklusjon/SluttDato is not after the case's SluttDato.");
    public static readonly ControlDefinition MeldingKontroll2e = Def("Melding Kontroll 2e", E, "2013-01-01", "Melding StartDato is not before the case's StartDato.");
    public static readonly ControlDefinition MeldingKontroll3 = Def("Melding Kontroll 3", W, "2013-01-01", "Melding concluded within 7 calendar days of StartDato.");
    public static readonly ControlDefinition MeldingKontroll4 = Def("Melding Kontroll 4", E, "2013-01-01", "A concluded melding has at least one Melder.");
    public static readonly ControlDefinition MeldingKontroll5 = Def("Melding Kontroll 5", E, "2013-01-01", "A concluded melding has at least one Saksinnhold.");
    public static readonly ControlDefinition MeldingKontroll19 = Def("Melding Kontroll 19", I, "2013-01-01", "No two concluded meldinger with identical content but different Id.");
    public static readonly ControlDefinition MelderKontroll2 = Def("Melder Kontroll 2", E, "2013-01-01", "Melder with Kode 22 has Presisering.");
    public static readonly ControlDefinition SaksinnholdKontroll2 = Def("Saksinnhold Kontroll 2", E, "2013-01-01", "Saksinnhold with Kode 18 or 19 has Presisering.");

    public static readonly ControlDefinition UndersokelseKontroll2a = Def("Undersøkelse Kontroll 2a", E, "2013-01-01", "Undersøkelse StartDato is not after Konklusjon/SluttDato.");
    public static readonly ControlDefinition UndersokelseKontroll2c = Def("Undersøkelse Kontroll 2c", E, "2013-01-01", "Undersøkelse Konklusjon/SluttDato is not after the case's SluttDato.");
    public static readonly ControlDefinition UndersokelseKontroll2e = Def("Undersøkelse Kontroll 2e", E, "2013-01-01", "Undersøkelse StartDato is not before the case's StartDato.");
    public static readonly ControlDefinition UndersokelseKontroll3 = Def("Undersøkelse Kontroll 3", E, "2013-01-01", "Vedtaksgrunnlag with Kode 18 or 19 has Presisering.");
    public static readonly ControlDefinition UndersokelseKontroll7 = Def("Undersøkelse Kontroll 7", E, "2013-01-01", "Undersøkelse concluded with Kode 1 or 2 has Vedtaksgrunnlag.");
    public static readonly ControlDefinition UndersokelseKontroll11 = Def("Undersøkelse Kontroll 11", W, "2013-01-01", "An open undersøkelse related to a melding is concluded within 7 + 90 calendar days (7 + 180 with extended deadline) of the melding's StartDato, counted to DatoUttrekk.");
    public static readonly ControlDefinition UndersokelseKontroll19 = Def("Undersøkelse Kontroll 19", E, "2013-01-01", "No two undersøkelser with identical content but different Id.");
    public static readonly ControlDefinition UndersokelseKontroll20 = Def("Undersøkelse Kontroll 20", E, "2013-01-01", "Every undersøkelse has a Relasjon from a Melding.");
    public static readonly ControlDefinition UndersokelseKontroll21 = Def("Undersøkelse Kontroll 21", E, "2013-01-01", "Undersøkelse concluded with Kode 1 (ERROR) or 2 (WARNING) has a Relasjon to a Vedtak.");

    public static readonly ControlDefinition VedtakKontroll2a = Def("Vedtak Kontroll 2a", E, "2022-01-01", "Vedtak StartDato is not after Konklusjon/SluttDato.");
    public static readonly ControlDefinition VedtakKontroll2c = Def("Vedtak Kontroll 2c", E, "2022-01-01", "Vedtak Konklusjon/SluttDato is not after the case's SluttDato.");
    public static readonly ControlDefinition VedtakKontroll2e = Def("Vedtak Kontroll 2e", E, "2022-01-01", "Vedtak StartDato is not before the case's StartDato.");
    public static readonly ControlDefinition VedtakKontroll2f = Def("Vedtak Kontroll 2f", E, "2022-01-01", "Krav StartDato is not after Krav Konklusjon/SluttDato.");
    public static readonly ControlDefinition VedtakKontroll2g = Def("Vedtak Kontroll 2g", E, "2022-01-01", "Krav Konklusjon/SluttDato is not after the vedtak's SluttDato.");
    public static readonly ControlDefinition VedtakKontroll2h = Def("Vedtak Kontroll 2h", E, "2022-01-01", "Krav StartDato is not before the vedtak's StartDato.");
    public static readonly ControlDefinition VedtakKontroll2i = Def("Vedtak Kontroll 2i", I, "2022-01-01", "Status EndretDato is not after the vedtak's SluttDato.");
    public static readonly ControlDefinition VedtakKontroll2j = Def("Vedtak Kontroll 2j", I, "2022-01-01", "Status EndretDato is not before the vedtak's StartDato.");
    public static readonly ControlDefinition VedtakKontroll3 = Def("Vedtak Kontroll 3", E, "2022-01-01", "A vedtak whose latest Status is 3 or 4 has Konklusjon/SluttDato.");
    public static readonly ControlDefinition VedtakKontroll4 = Def("Vedtak Kontroll 4", E, "2022-01-01", "Lovhjemmel/JmfrLovhjemmel Lov is BVL, BVL2021 or BL1981.");
    public static readonly ControlDefinition VedtakKontroll5 = Def("Vedtak kontroll 5", E, "2022-01-01", "Lovhjemmel Lov is BVL before 1 January 2023 and BVL2021 from then on (by the vedtak's StartDato).");
    public static readonly ControlDefinition VedtakKontroll19 = Def("Vedtak Kontroll 19", I, "2013-01-01", "No two vedtak with identical content but different Id.");
    public static readonly ControlDefinition VedtakKontroll20 = Def("Vedtak Kontroll 20", W, "2022-01-01", "A vedtak whose latest Status is 2 has a Relasjon to an existing OversendelseFylkesnemnd.");

    public static readonly ControlDefinition TiltakKontroll2a = Def("Tiltak Kontroll 2a", E, "2013-01-01", "Tiltak StartDato is not after Konklusjon/SluttDato.");
    public static readonly ControlDefinition TiltakKontroll2c = Def("Tiltak Kontroll 2c", E, "2013-01-01", "Tiltak Konklusjon/SluttDato is not after the case's SluttDato.");
    public static readonly ControlDefinition TiltakKontroll2e = Def("Tiltak Kontroll 2e", E, "2013-01-01", "Tiltak StartDato is not before the case's StartDato.");
    public static readonly ControlDefinition TiltakKontroll5 = Def("Tiltak Kontroll 5", W, "2013-01-01", "No barnehage (Kategori 4.1) for a child over 7 (age at the tiltak's SluttDato, else DatoUttrekk).");
    public static readonly ControlDefinition TiltakKontroll6 = Def("Tiltak Kontroll 6", W, "2013-01-01", "No SFO/AKS (Kategori 4.2) for a child over 11 (age at the tiltak's SluttDato, else DatoUttrekk).");
    public static readonly ControlDefinition TiltakKontroll7 = Def("Tiltak Kontroll 7", E, "2013-01-01", "Kategori 1.99, 2.99, 3.7, 3.99, 4.99, 5.99, 6.99, 7.99, 8.99 has Presisering.");
    public static readonly ControlDefinition TiltakKontroll8 = Def("Tiltak Kontroll 8", E, "2013-01-01", "Opphevelse Kode 4 has Presisering.");
    public static readonly ControlDefinition TiltakKontroll9 = Def("Tiltak Kontroll 9", W, "2013-01-01", "Two placement measures overlap by at most 90 days (open ones end at DatoUttrekk).");
    public static readonly ControlDefinition TiltakKontroll12 = Def("Tiltak Kontroll 12", E, "2013-01-01", "A care order (omsorgstiltak) that is a placement measure and has SluttDato has Opphevelse.");
    public static readonly ControlDefinition TiltakKontroll13 = Def("Tiltak Kontroll 13", E, "2013-01-01", "No open care order (omsorgstiltak) for a client aged 18 or more at DatoUttrekk.");
    public static readonly ControlDefinition TiltakKontroll14 = Def("Tiltak Kontroll 14", E, "2013-01-01", "Lovhjemmel Kapittel, Paragraf, Ledd and Punktum are not 0.");
    public static readonly ControlDefinition TiltakKontroll19 = Def("Tiltak Kontroll 19", W, "2022-01-01", "No two tiltak with identical content but different Id.");
    public static readonly ControlDefinition TiltakKontroll20 = Def("Tiltak Kontroll 20", E, "2022-01-01", "Every tiltak has a Relasjon from a Vedtak.");
    public static readonly ControlDefinition TiltakKontroll21 = Def("Tiltak Kontroll 21", E, "2022-01-01", "A tiltak's Lovhjemmel (Lov, Kapittel, Paragraf) equals that of the vedtak related to it.");
    public static readonly ControlDefinition TiltakKontroll22 = Def("Tiltak Kontroll 22", W, "2023-01-01", "Kategori 1.99 is only for placement measures (advarsel).");
    public static readonly ControlDefinition TiltakKontroll23 = Def("Tiltak Kontroll 23", W, "2023-01-01", "Kategori 2.99 is only for placement measures (advarsel).");

    public static readonly ControlDefinition PlanKontroll2a = Def("Plan Kontroll 2a", E, "2013-01-01", "Plan StartDato is not after Konklusjon/SluttDato.");
    public static readonly ControlDefinition PlanKontroll2c = Def("Plan Kontroll 2c", E, "2013-01-01", "Plan Konklusjon/SluttDato is not after the case's SluttDato.");
    public static readonly ControlDefinition PlanKontroll2e = Def("Plan Kontroll 2e", E, "2013-01-01", "Plan StartDato is not before the case's StartDato.");
    public static readonly ControlDefinition PlanKontroll2f = Def("Plan Kontroll 2f", E, "2013-01-01", "In a concluded plan, Evaluering/UtfortDato is not after the case's SluttDato.");
    public static readonly ControlDefinition PlanKontroll2g = Def("Plan Kontroll 2g", E, "2013-01-01", "Evaluering/UtfortDato is not before the case's StartDato.");
    public static readonly ControlDefinition PlanKontroll19 = Def("Plan Kontroll 19", I, "2013-01-01", "No two plans with identical content but different Id.");

    public static readonly ControlDefinition EttervernKontroll2a = Def("Ettervern Kontroll 2a", E, "2022-01-01", "Ettervern TilbudSendtDato is not after Konklusjon/SluttDato.");
    public static readonly ControlDefinition EttervernKontroll2c = Def("Ettervern Kontroll 2c", E, "2022-01-01", "Ettervern Konklusjon/SluttDato is not after the case's SluttDato.");
    public static readonly ControlDefinition EttervernKontroll2e = Def("Ettervern Kontroll 2e", E, "2013-01-01", "Ettervern TilbudSendtDato is not before the case's StartDato (the spec gives no Gyldig fra).");

    public static readonly ControlDefinition FlyttingKontroll2c = Def("Flytting Kontroll 2c", E, "2022-01-01", "Flytting SluttDato is not after the case's SluttDato.");
    public static readonly ControlDefinition FlyttingKontroll2f = Def("Flytting Kontroll 2f", E, "2022-01-01", "Flytting SluttDato is not before the case's StartDato.");

    public static readonly ControlDefinition OversendelseKontroll2e = Def("Oversendelse til fylkesnemnd Kontroll 2e", E, "2022-01-01", "OversendelseFylkesnemnd StartDato is not before the case's StartDato.");
    public static readonly ControlDefinition OversendelseKontroll2f = Def("Oversendelse til fylkesnemnd Kontroll 2f", E, "2022-01-01", "OversendelseFylkesnemnd StartDato is not after the case's SluttDato.");
    public static readonly ControlDefinition OversendelseKontroll5 = Def("Oversendelse til fylkesnemnd Kontroll 5", E, "2022-01-01", "Lovhjemmel Lov is BVL before 1 January 2023 and BVL2021 from then on (by StartDato).");

    /// <summary>Vern's own rule (not in Kravspesifikasjon): a code is used on a date outside its Gyldig fra/til in Kodelister.md.</summary>
    public static readonly ControlDefinition CodeListValidity = Def(ControlCodes.CodeListValidity, W, "2013-01-01", "Vern: each code is valid (Kodelister.md Gyldig fra/til) on the element's date.");

    /// <summary>Every control, in spec order, with the function that runs it. Retired (UTGÅR) ones are listed, never run.</summary>
    public static IReadOnlyList<RegisteredControl> All { get; } =
    [
        new(AvgiverKontroll1, Avgiver1),
        new(SakKontroll1, Sak1), new(SakKontroll2a, Sak2a), new(SakKontroll6, static (_, _) => { }), new(SakKontroll7, Sak7),
        new(SakKontroll8, Sak8), new(SakKontroll21, Sak21), new(SakKontroll22, Sak22), new(SakKontroll23, Sak23),
        new(PersonaliaKontroll2f, Personalia2f), new(PersonaliaKontroll11, Personalia11), new(PersonaliaKontroll12, Personalia12),
        new(PersonaliaKontroll13, Personalia13), new(PersonaliaKontroll14, Personalia14), new(PersonaliaKontroll15, Personalia15),
        new(PersonaliaKontroll16, Personalia16), new(PersonaliaKontroll17, Personalia17), new(PersonaliaKontroll18, Personalia18),
        new(MeldingKontroll2a, Melding2a), new(MeldingKontroll2c, Melding2c), new(MeldingKontroll2e, Melding2e), new(MeldingKontroll3, Melding3),
        new(MeldingKontroll4, Melding4), new(MeldingKontroll5, Melding5), new(MeldingKontroll19, Melding19),
        new(MelderKontroll2, Melder2), new(SaksinnholdKontroll2, Saksinnhold2),
        new(UndersokelseKontroll2a, Undersokelse2a), new(UndersokelseKontroll2c, Undersokelse2c), new(UndersokelseKontroll2e, Undersokelse2e),
        new(UndersokelseKontroll3, Undersokelse3), new(UndersokelseKontroll7, Undersokelse7), new(UndersokelseKontroll11, Undersokelse11),
        new(UndersokelseKontroll19, Undersokelse19), new(UndersokelseKontroll20, Undersokelse20), new(UndersokelseKontroll21, Undersokelse21),
        new(VedtakKontroll2a, Vedtak2a), new(VedtakKontroll2c, Vedtak2c), new(VedtakKontroll2e, Vedtak2e), new(VedtakKontroll2f, Vedtak2f),
        new(VedtakKontroll2g, Vedtak2g), new(VedtakKontroll2h, Vedtak2h), new(VedtakKontroll2i, Vedtak2i), new(VedtakKontroll2j, Vedtak2j),
        new(VedtakKontroll3, Vedtak3), new(VedtakKontroll4, Vedtak4), new(VedtakKontroll5, Vedtak5), new(VedtakKontroll19, Vedtak19),
        new(VedtakKontroll20, Vedtak20),
        new(TiltakKontroll2a, Tiltak2a), new(TiltakKontroll2c, Tiltak2c), new(TiltakKontroll2e, Tiltak2e), new(TiltakKontroll5, Tiltak5),
        new(TiltakKontroll6, Tiltak6), new(TiltakKontroll7, Tiltak7), new(TiltakKontroll8, Tiltak8), new(TiltakKontroll9, Tiltak9),
        new(TiltakKontroll12, Tiltak12), new(TiltakKontroll13, Tiltak13), new(TiltakKontroll14, Tiltak14), new(TiltakKontroll19, Tiltak19),
        new(TiltakKontroll20, Tiltak20), new(TiltakKontroll21, Tiltak21), new(TiltakKontroll22, Tiltak22), new(TiltakKontroll23, Tiltak23),
        new(PlanKontroll2a, Plan2a), new(PlanKontroll2c, Plan2c), new(PlanKontroll2e, Plan2e), new(PlanKontroll2f, Plan2f),
        new(PlanKontroll2g, Plan2g), new(PlanKontroll19, Plan19),
        new(EttervernKontroll2a, Ettervern2a), new(EttervernKontroll2c, Ettervern2c), new(EttervernKontroll2e, Ettervern2e),
        new(FlyttingKontroll2c, Flytting2c), new(FlyttingKontroll2f, Flytting2f),
        new(OversendelseKontroll2e, Oversendelse2e), new(OversendelseKontroll2f, Oversendelse2f), new(OversendelseKontroll5, Oversendelse5),
        new(CodeListValidity, CodeListValidityRule),
    ];

    /// <summary>Runs every active control valid on <see cref="ControlContext.AsOf"/> over one case.</summary>
    public static IReadOnlyList<ValidationIssue> Run(ControlContext context)
    {
        var findings = new Findings(context);
        foreach (var control in All)
        {
            if (!control.Definition.Retired && control.Definition.ValidFrom <= context.AsOf)
            {
                try
                {
                    control.Run(context, findings);
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or IndexOutOfRangeException)
                {
                    // A bug or an extreme value must not stop a run over many files: report it on this file, under the control.
                    findings.Add(control.Definition, context.SakPath, null, ControlCodes.ControlFailed, Severity.Error, ("detalj", ex.Message));
                }
            }
        }

        return findings.Issues;
    }

    /// <summary>Runs one control by code (for tests and for the docs).</summary>
    public static IReadOnlyList<ValidationIssue> RunOne(string code, ControlContext context)
    {
        var findings = new Findings(context);
        All.Single(c => c.Definition.Code == code).Run(context, findings);
        return findings.Issues;
    }
}
