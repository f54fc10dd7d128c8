using Vern.Register.Model;
using Vern.Register.Samples;

namespace Vern.Register.Tests.Controls;

/// <summary>A tiny valid case that passes every control, and one-line changes of it. Dates are literals.</summary>
internal static class ControlCaseBuilder
{
    public const string SakId = "a1111111-1111-4111-8111-111111111111";
    public const string PersonaliaId = "a2222222-2222-4222-8222-222222222222";
    public const string MeldingId = "a3333333-3333-4333-8333-333333333333";
    public const string UndersokelseId = "a4444444-4444-4444-8444-444444444444";
    public const string VedtakId = "a5555555-5555-4555-8555-555555555555";
    public const string TiltakId = "a6666666-6666-4666-8666-666666666666";
    public const string PlanId = "a7777777-7777-4777-8777-777777777777";
    public const string OtherId = "a8888888-8888-4888-8888-888888888888";
    public const string ThirdId = "a9999999-9999-4999-8999-999999999999";

    /// <summary>The path of a finding on the case itself, as the controls write it.</summary>
    public const string SakPath = "Sak[Id=" + SakId + "]";

    public static DateOnly D(int y, int m, int d) => new(y, m, d);

    /// <summary>The path of a finding on one element of the case, e.g. <c>At("Melding", MeldingId)</c>.</summary>
    public static string At(string element, string id) => $"{SakPath}/{element}[Id={id}]";

    /// <summary>Child born 2015-05-10 (boy); case from 2024-01-01; melding 2 Jan concluded 5 Jan; undersøkelse
    /// 6 Jan–1 Mar concluded 1 (vedtak); care order vedtak and foster home tiltak (BVL2021 § 5-1) from 1 Apr;
    /// plan from 15 Apr; relations Melding→Undersøkelse→Vedtak→Tiltak. DatoUttrekk 2026-01-15.</summary>
    public static readonly DateOnly Birth = D(2015, 5, 10);

    public static readonly string Fnr = RegisterSamples.Fodselsnummer(Birth, new Random(4)) is var f && (f[8] - '0') % 2 == 1
        ? f
        : RegisterSamples.Fodselsnummer(Birth, new Random(5));

    public static readonly Lovhjemmel Omsorg = new("BVL2021", "5", "1", ["1"], [], []);

    public static RegisterFile Header { get; } = RegisterSamples.File("b0000000-0000-4000-8000-000000000000");

    public static RegisterCase Case { get; } = new(
        SakId, null, D(2024, 1, 1), null, "2024/1", null, null,
        Personalia: [new Personalia(PersonaliaId, D(2024, 1, 1), Fnr, Birth, (Fnr[8] - '0') % 2 == 0 ? "2" : "1")],
        Melding: [new Melding(MeldingId, null, D(2024, 1, 2), null, [new Melder("11")], [new Saksinnhold("3")], new MeldingKonklusjon(D(2024, 1, 5), "2"))],
        Undersokelse: [new Undersokelse(UndersokelseId, null, D(2024, 1, 6), null, [new Saksinnhold("3")], null, null, new UndersokelseKonklusjon(D(2024, 3, 1), "1"))],
        Plan: [new Plan(PlanId, null, D(2024, 4, 15), "2", null, [], null)],
        Tiltak: [new Tiltak(TiltakId, null, D(2024, 4, 1), null, Omsorg, [], new Kategori("2.2"), [], null, null, null, null)],
        Vedtak: [new Vedtak(VedtakId, null, D(2024, 4, 1), null, Omsorg, [], [], [new VedtakStatus(OtherId, D(2024, 4, 1), "1")], null)],
        Ettervern: [],
        OversendelseFylkesnemnd: [],
        Flytting: [],
        Relasjon:
        [
            new Relasjon("c1111111-1111-4111-8111-111111111111", MeldingId, "Melding", UndersokelseId, "Undersokelse"),
            new Relasjon("c2222222-2222-4222-8222-222222222222", UndersokelseId, "Undersokelse", VedtakId, "Vedtak"),
            new Relasjon("c3333333-3333-4333-8333-333333333333", VedtakId, "Vedtak", TiltakId, "Tiltak"),
        ],
        Slettet: []);

    // One-line changes of the first element of each kind.
    public static RegisterCase Sak(Func<RegisterCase, RegisterCase> f) => f(Case);

    public static RegisterCase Pers(Func<Personalia, Personalia> f) => Case with { Personalia = [f(Case.Personalia[0])] };

    public static RegisterCase Meld(Func<Melding, Melding> f) => Case with { Melding = [f(Case.Melding[0])] };

    public static RegisterCase Und(Func<Undersokelse, Undersokelse> f) => Case with { Undersokelse = [f(Case.Undersokelse[0])] };

    public static RegisterCase Ved(Func<Vedtak, Vedtak> f) => Case with { Vedtak = [f(Case.Vedtak[0])] };

    public static RegisterCase Tilt(Func<Tiltak, Tiltak> f) => Case with { Tiltak = [f(Case.Tiltak[0])] };

    public static RegisterCase Pl(Func<Plan, Plan> f) => Case with { Plan = [f(Case.Plan[0])] };

    public static RegisterCase Without(string relationFraType) =>
        Case with { Relasjon = [.. Case.Relasjon.Where(r => r.FraType != relationFraType)] };

    /// <summary>A special SSB number: DDMMÅÅ of the birth date + the given five digits.</summary>
    public static string Special(DateOnly date, string tail) => date.ToString("ddMMyy", System.Globalization.CultureInfo.InvariantCulture) + tail;

    /// <summary>A DUF number with correct control digits for the first ten digits.</summary>
    public static string Duf(string first10)
    {
        int[] w = [4, 6, 3, 2, 4, 6, 3, 2, 7, 5];
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            sum += (first10[i] - '0') * w[i];
        }

        return first10 + (sum % 11).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A valid D-nummer for the birth date (first digit + 4, mod-11 control digits).</summary>
    public static string DNummer(DateOnly birth) => RegisterSamples.Fodselsnummer(birth, new Random(7), dNummer: true);
}
