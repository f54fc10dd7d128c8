using Vern.Register.Model;

namespace Vern.Register.Xml;

/// <summary>Maps the element tree to the register model. Tolerant: a missing required value becomes "" or
/// the default date (the schema check has then already given a FATAL finding).</summary>
internal static class RegisterXmlMapping
{
    public static RegisterDocument ToDocument(TreeElement root)
    {
        var fagsystem = root.Child("Fagsystem");
        var avgiver = root.Child("Avgiver");
        var file = new RegisterFile(
            S(root, "Id"),
            RegisterDates.ReadDateTime(root.Attr("DatoUttrekk")) ?? default,
            root.Attr("ForrigeId"),
            new Fagsystem(S(fagsystem, "Leverandor"), S(fagsystem, "Navn"), S(fagsystem, "Versjon")),
            new Avgiver(S(avgiver, "Organisasjonsnummer"), S(avgiver, "Kommunenummer"), S(avgiver, "Kommunenavn"), avgiver?.Attr("Bydelsnummer"), avgiver?.Attr("Bydelsnavn")));
        return new RegisterDocument(file, ToCase(root.Child("Sak")));
    }

    private static RegisterCase ToCase(TreeElement? sak) => new(
        S(sak, "Id"),
        sak?.Attr("MigrertId"),
        D(sak, "StartDato"),
        OD(sak, "SluttDato"),
        S(sak, "Journalnummer"),
        B(sak, "Avsluttet"),
        B(sak, "ErSlettet"),
        List(sak, "Personalia", p => new Personalia(S(p, "Id"), D(p, "StartDato"), S(p, "Fodselsnummer"), D(p, "Fodseldato"), S(p, "Kjonn"), p.Attr("DUFnummer"), B(p, "ErSlettet"))),
        List(sak, "Melding", ToMelding),
        List(sak, "Undersokelse", ToUndersokelse),
        List(sak, "Plan", p => new Plan(
            S(p, "Id"), p.Attr("MigrertId"), D(p, "StartDato"), S(p, "Plantype"), B(p, "ErSlettet"),
            List(p, "Evaluering", e => new Evaluering(D(e, "UtfortDato"))),
            Konklusjon(p))),
        List(sak, "Tiltak", ToTiltak),
        List(sak, "Vedtak", ToVedtak),
        List(sak, "Ettervern", e => new Ettervern(
            S(e, "Id"), e.Attr("MigrertId"), D(e, "TilbudSendtDato"), B(e, "ErSlettet"),
            e.Child("Konklusjon") is { } k ? new EttervernKonklusjon(D(k, "SluttDato"), S(k, "Kode")) : null)),
        List(sak, "OversendelseFylkesnemnd", o => new OversendelseFylkesnemnd(
            S(o, "Id"), o.Attr("MigrertId"), D(o, "StartDato"), B(o, "ErSlettet"), ToLovhjemmel(o.Child("Lovhjemmel")), List(o, "JmfrLovhjemmel", ToLovhjemmel))),
        List(sak, "Flytting", f => new Flytting(
            S(f, "Id"), f.Attr("MigrertId"), D(f, "SluttDato"), B(f, "ErSlettet"),
            new ArsakFra(S(f.Child("ArsakFra"), "Kode"), f.Child("ArsakFra")?.Attr("Presisering")),
            new FlyttingTil(S(f.Child("FlyttingTil"), "Kode"), f.Child("FlyttingTil")?.Attr("Presisering")))),
        List(sak, "Relasjon", r => new Relasjon(S(r, "Id"), S(r, "FraId"), S(r, "FraType"), S(r, "TilId"), S(r, "TilType"), B(r, "ErSlettet"))),
        List(sak, "Slettet", s => new Slettet(S(s, "Id"), S(s, "Type"), D(s, "SluttDato"))));

    private static Melding ToMelding(TreeElement m) => new(
        S(m, "Id"),
        m.Attr("MigrertId"),
        D(m, "StartDato"),
        B(m, "ErSlettet"),
        List(m, "Melder", x => new Melder(S(x, "Kode"), x.Attr("Presisering"))),
        List(m, "Saksinnhold", ToSaksinnhold),
        m.Child("Konklusjon") is { } k ? new MeldingKonklusjon(D(k, "SluttDato"), S(k, "Kode"), B(k, "ErSlettet")) : null);

    private static Undersokelse ToUndersokelse(TreeElement u) => new(
        S(u, "Id"),
        u.Attr("MigrertId"),
        D(u, "StartDato"),
        B(u, "ErSlettet"),
        List(u, "Vedtaksgrunnlag", ToSaksinnhold),
        u.Child("BarnetsMedvirkning") is { } bm
            ? new BarnetsMedvirkning(RegisterDates.ReadDate(bm.Child("StartDato")?.Text) ?? default, bm.Child("MedvirkningType")?.Text ?? "")
            : null,
        u.Child("UtvidetFrist") is { } f ? new UtvidetFrist(D(f, "StartDato"), f.Attr("Innvilget")) : null,
        u.Child("Konklusjon") is { } k ? new UndersokelseKonklusjon(D(k, "SluttDato"), S(k, "Kode"), k.Attr("Presisering")) : null);

    private static Tiltak ToTiltak(TreeElement t) => new(
        S(t, "Id"),
        t.Attr("MigrertId"),
        D(t, "StartDato"),
        B(t, "ErSlettet"),
        ToLovhjemmel(t.Child("Lovhjemmel")),
        List(t, "JmfrLovhjemmel", ToLovhjemmel),
        new Kategori(S(t.Child("Kategori"), "Kode"), t.Child("Kategori")?.Attr("Presisering")),
        List(t, "Tiltaksgrunnlag", ToSaksinnhold),
        t.Child("Tilsyn") is { } ts
            ? new Tilsyn(
                List(ts, "Ansvarlig", a => new TilsynAnsvarlig(S(a, "Id"), D(a, "StartDato"), S(a, "Kommunenummer"))),
                List(ts, "Hyppighet", ToHyppighet),
                List(ts, "Utfort", ToUtfort))
            : null,
        t.Child("Oppfolging") is { } o ? new Oppfolging(List(o, "Hyppighet", ToHyppighet), List(o, "Utfort", ToUtfort)) : null,
        t.Child("Opphevelse") is { } op ? new Opphevelse(S(op, "Kode"), op.Attr("Presisering")) : null,
        Konklusjon(t));

    private static Vedtak ToVedtak(TreeElement v) => new(
        S(v, "Id"),
        v.Attr("MigrertId"),
        D(v, "StartDato"),
        B(v, "ErSlettet"),
        ToLovhjemmel(v.Child("Lovhjemmel")),
        List(v, "JmfrLovhjemmel", ToLovhjemmel),
        List(v, "Krav", k => new Krav(
            S(k, "Id"), D(k, "StartDato"),
            k.Child("Konklusjon") is { } kk ? new KravKonklusjon(D(kk, "SluttDato"), S(kk, "Kode"), kk.Attr("Presisering")) : null)),
        List(v, "Status", s => new VedtakStatus(S(s, "Id"), D(s, "EndretDato"), S(s, "Kode"))),
        Konklusjon(v));

    private static Lovhjemmel ToLovhjemmel(TreeElement? l) => new(
        l?.Child("Lov")?.Text ?? "",
        l?.Child("Kapittel")?.Text ?? "",
        l?.Child("Paragraf")?.Text ?? "",
        Texts(l, "Ledd"),
        Texts(l, "Bokstav"),
        Texts(l, "Punktum"));

    private static Saksinnhold ToSaksinnhold(TreeElement s) => new(S(s, "Kode"), s.Attr("Presisering"));

    private static Hyppighet ToHyppighet(TreeElement h) => new(S(h, "Id"), D(h, "StartDato"), S(h, "Kode"));

    private static Utfort ToUtfort(TreeElement u) => new(S(u, "Id"), D(u, "UtfortDato"));

    private static SluttKonklusjon? Konklusjon(TreeElement e) =>
        e.Child("Konklusjon") is { } k ? new SluttKonklusjon(D(k, "SluttDato")) : null;

    private static string S(TreeElement? e, string name) => e?.Attr(name) ?? "";

    private static DateOnly D(TreeElement? e, string name) => RegisterDates.ReadDate(e?.Attr(name)) ?? default;

    private static DateOnly? OD(TreeElement? e, string name) => RegisterDates.ReadDate(e?.Attr(name));

    private static bool? B(TreeElement? e, string name) => e?.Attr(name)?.Trim(' ', '\t', '\r', '\n') switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => null,
    };

    private static ValueList<T> List<T>(TreeElement? parent, string name, Func<TreeElement, T> map)
    {
        if (parent is null)
        {
            return ValueList<T>.Empty;
        }

        var count = 0;
        foreach (var c in parent.Children)
        {
            if (c.Name == name)
            {
                count++;
            }
        }

        if (count == 0)
        {
            return ValueList<T>.Empty;
        }

        var items = new T[count];
        var i = 0;
        foreach (var c in parent.Children)
        {
            if (c.Name == name)
            {
                items[i++] = map(c);
            }
        }

        return ValueList<T>.Own(items);
    }

    private static ValueList<string> Texts(TreeElement? parent, string name) => List(parent, name, e => e.Text ?? "");
}
