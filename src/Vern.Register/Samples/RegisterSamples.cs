using Vern.Register.Model;

namespace Vern.Register.Samples;

/// <summary>Realistic, deterministic example register files for tests, benchmarks and documentation: a child
/// with a melding, an undersøkelse, a care order (omsorgsovertakelse, BVL2021 § 5-1), a foster home with
/// supervision and follow-up visits, and a plan. A sample passes every SSB control (no FATAL, ERROR or WARNING).</summary>
public static class RegisterSamples
{
    /// <summary>DatoUttrekk of the samples: 15 January 2026 10:00 Norwegian time.</summary>
    public static readonly DateTimeOffset DatoUttrekk = new(2026, 1, 15, 10, 0, 0, TimeSpan.FromHours(1));

    /// <summary>A header for Vern as the case system, Bærum municipality.</summary>
    public static RegisterFile File(string id, string? forrigeId = null) => new(
        id,
        DatoUttrekk,
        forrigeId,
        new Fagsystem("Vern", "Vern barnevern", "1.0"),
        new Avgiver("974547283", "3201", "Bærum"));

    /// <summary>One realistic case (about 6 KB as XML); <paramref name="seed"/> varies ids, dates and numbers.</summary>
    public static RegisterDocument Realistic(int seed)
    {
        var rng = new Random(seed);
        string Id() => Uuid(rng);

        var birth = new DateOnly(2012, 1, 1).AddDays(rng.Next(0, 365 * 8));
        var fnr = Fodselsnummer(birth, rng);
        var kjonn = (fnr[8] - '0') % 2 == 0 ? "2" : "1";
        var start = new DateOnly(2023, 2, 1).AddDays(rng.Next(0, 300));
        var meldingId = Id();
        var undersokelseId = Id();
        var vedtakId = Id();
        var tiltakId = Id();
        var planId = Id();
        var undersokelseSlutt = start.AddDays(60 + rng.Next(0, 20));
        var vedtakStart = undersokelseSlutt.AddDays(20 + rng.Next(0, 20));
        var lov = new Lovhjemmel("BVL2021", "5", "1", ["1"], [], []);

        var tilsynVisits = new List<Utfort>();
        var followUps = new List<Utfort>();
        for (var d = vedtakStart.AddDays(30); d < DateOnly.FromDateTime(DatoUttrekk.DateTime); d = d.AddDays(45))
        {
            tilsynVisits.Add(new Utfort(Id(), d));
            followUps.Add(new Utfort(Id(), d.AddDays(14)));
        }

        var sak = new RegisterCase(
            Id: Id(),
            MigrertId: null,
            StartDato: start,
            SluttDato: null,
            Journalnummer: $"2023/{1000 + (seed % 9000)}",
            Avsluttet: null,
            ErSlettet: null,
            Personalia: [new Personalia(Id(), start, fnr, birth, kjonn)],
            Melding:
            [
                new Melding(meldingId, null, start, null,
                    [new Melder("11"), new Melder("10")],
                    [new Saksinnhold("3"), new Saksinnhold("21")],
                    new MeldingKonklusjon(start.AddDays(rng.Next(1, 7)), "2")),
            ],
            Undersokelse:
            [
                new Undersokelse(undersokelseId, null, start.AddDays(7), null,
                    [new Saksinnhold("3"), new Saksinnhold("21")],
                    new BarnetsMedvirkning(start.AddDays(20), "1.1"),
                    null,
                    new UndersokelseKonklusjon(undersokelseSlutt, "1")),
            ],
            Plan:
            [
                new Plan(planId, null, vedtakStart.AddDays(14), "2", null,
                    [new Evaluering(vedtakStart.AddDays(180)), new Evaluering(vedtakStart.AddDays(360))],
                    null),
            ],
            Tiltak:
            [
                new Tiltak(tiltakId, null, vedtakStart, null, lov, [], new Kategori("2.2"), [new Saksinnhold("3")],
                    new Tilsyn([new TilsynAnsvarlig(Id(), vedtakStart, "3201")], [new Hyppighet(Id(), vedtakStart, "4")], [.. tilsynVisits]),
                    new Oppfolging([new Hyppighet(Id(), vedtakStart, "4")], [.. followUps]),
                    null,
                    null),
            ],
            Vedtak:
            [
                new Vedtak(vedtakId, null, vedtakStart, null, lov, [], [], [new VedtakStatus(Id(), vedtakStart, "1")], null),
            ],
            Ettervern: [],
            OversendelseFylkesnemnd: [],
            Flytting: [],
            Relasjon:
            [
                new Relasjon(Id(), meldingId, BegrepsType.Melding, undersokelseId, BegrepsType.Undersokelse),
                new Relasjon(Id(), undersokelseId, BegrepsType.Undersokelse, vedtakId, BegrepsType.Vedtak),
                new Relasjon(Id(), vedtakId, BegrepsType.Vedtak, tiltakId, BegrepsType.Tiltak),
            ],
            Slettet: []);
        return new RegisterDocument(File(Id()), sak);
    }

    /// <summary>One case with <paramref name="reports"/> Melding (about 210 bytes each as XML, so 90,000 make a
    /// 19 MB file), each received on its own day from 2001 and concluded: the large-input case for bounds and benchmarks.
    /// It passes the schema and the domain's rules.</summary>
    public static RegisterDocument ManyReports(int reports, int seed = 1)
    {
        var rng = new Random(seed);
        var birth = new DateOnly(2000, 6, 1);
        var start = new DateOnly(2001, 1, 1);
        var fnr = Fodselsnummer(birth, rng);
        var melding = new List<Melding>(reports);
        for (var i = 0; i < reports; i++)
        {
            var received = start.AddDays(i % 8_000);
            melding.Add(new Melding(Uuid(rng), null, received, null, [new Melder("11")], [new Saksinnhold("3")], new MeldingKonklusjon(received.AddDays(3), "1")));
        }
        var sak = new RegisterCase(Uuid(rng), null, start, null, "2001/1", null, null,
            [new Personalia(Uuid(rng), start, fnr, birth, (fnr[8] - '0') % 2 == 0 ? "2" : "1")],
            [.. melding], [], [], [], [], [], [], [], [], []);
        return new RegisterDocument(File(Uuid(rng)), sak);
    }

    /// <summary>A random version-4 UUID string (lower case) from <paramref name="rng"/>.</summary>
    public static string Uuid(Random rng)
    {
        Span<byte> b = stackalloc byte[16];
        rng.NextBytes(b);
        b[6] = (byte)((b[6] & 0x0F) | 0x40);
        b[8] = (byte)((b[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(b);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    /// <summary>A valid fødselsnummer (or, with <paramref name="dNummer"/>, D-nummer: day + 40) for a child born on
    /// <paramref name="birth"/> (2000–2039: individnummer 500–999), never ending in SSB's special tails.</summary>
    public static string Fodselsnummer(DateOnly birth, Random rng, bool dNummer = false)
    {
        while (true)
        {
            var individual = rng.Next(500, 1000);
            var day = birth.Day + (dNummer ? 40 : 0);
            var first9 = $"{day:00}{birth:MMyy}{individual:000}";
            var candidate = first9 + "00";
            int[] w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
            int[] w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
            var k1 = 11 - (Enumerable.Range(0, 9).Sum(i => (candidate[i] - '0') * w1[i]) % 11);
            k1 = k1 == 11 ? 0 : k1;
            if (k1 == 10)
            {
                continue;
            }

            var first10 = first9 + k1;
            var k2 = 11 - (Enumerable.Range(0, 10).Sum(i => (first10[i] - '0') * w2[i]) % 11);
            k2 = k2 == 11 ? 0 : k2;
            if (k2 == 10)
            {
                continue;
            }

            var number = first10 + k2;
            if (number.EndsWith("99999", StringComparison.Ordinal))
            {
                continue; // that tail is SSB's marker for an unborn child (termindato + 99999)
            }

            return number;
        }
    }
}
