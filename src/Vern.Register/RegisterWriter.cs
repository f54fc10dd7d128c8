using System.Text;
using Vern.Register.Model;
using Vern.Register.Xml;

namespace Vern.Register;

/// <summary>Writes one register file (Barnevern root, Fagsystem, Avgiver, one Sak) valid against
/// Barnevern_v4.xsd: elements in the XSD's sequence order, attributes only when set, dates as yyyy-MM-dd and
/// DatoUttrekk as xs:dateTime with offset. <c>RegisterReader.Read(Write(x))</c> gives back x.</summary>
/// <remarks>The file is indented UTF-8 without a byte order mark, the bytes <c>XmlWriter</c> writes with <c>Indent = true</c>
/// and two spaces, written by <see cref="Utf8XmlWriter"/> (one reusable buffer per thread, no writer object per file).</remarks>
public static class RegisterWriter
{
    /// <summary>This thread's writer, reused file after file.</summary>
    [ThreadStatic]
    private static Utf8XmlWriter? t_writer;

    /// <summary>Writes the file to a stream (left open).</summary>
    public static void Write(RegisterFile file, RegisterCase sak, Stream output) => output.Write(Write(file, sak));

    /// <summary>Writes the file into this thread's writer and returns its bytes, valid until the next file this thread
    /// writes.</summary>
    internal static ReadOnlySpan<byte> Write(RegisterFile file, RegisterCase sak)
    {
        var writer = t_writer ??= new Utf8XmlWriter();
        writer.Reset();
        WriteDocument(file, sak, writer);
        return writer.Written;
    }

    /// <summary>Writes the file to a path, replacing it.</summary>
    public static void WriteFile(RegisterFile file, RegisterCase sak, string path)
    {
        using var stream = File.Create(path);
        Write(file, sak, stream);
    }

    /// <summary>The file as a string (UTF-8 declaration), handy for tests and previews.</summary>
    public static string WriteToString(RegisterFile file, RegisterCase sak)
    {
        using var ms = new MemoryStream();
        Write(file, sak, ms);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void WriteDocument(RegisterFile file, RegisterCase sak, Utf8XmlWriter w)
    {
        w.WriteStartDocument();
        w.WriteStartElement("Barnevern");
        Attr(w, "Id", file.Id);
        Attr(w, "DatoUttrekk", RegisterDates.Format(file.DatoUttrekk));
        Attr(w, "ForrigeId", file.ForrigeId);

        w.WriteStartElement("Fagsystem");
        Attr(w, "Leverandor", file.Fagsystem.Leverandor);
        Attr(w, "Navn", file.Fagsystem.Navn);
        Attr(w, "Versjon", file.Fagsystem.Versjon);
        w.WriteEndElement();

        w.WriteStartElement("Avgiver");
        Attr(w, "Organisasjonsnummer", file.Avgiver.Organisasjonsnummer);
        Attr(w, "Kommunenummer", file.Avgiver.Kommunenummer);
        Attr(w, "Kommunenavn", file.Avgiver.Kommunenavn);
        Attr(w, "Bydelsnummer", file.Avgiver.Bydelsnummer);
        Attr(w, "Bydelsnavn", file.Avgiver.Bydelsnavn);
        w.WriteEndElement();

        WriteCase(w, sak);
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void WriteCase(Utf8XmlWriter w, RegisterCase s)
    {
        w.WriteStartElement("Sak");
        Attr(w, "Id", s.Id);
        Attr(w, "MigrertId", s.MigrertId);
        Attr(w, "StartDato", s.StartDato);
        Attr(w, "SluttDato", s.SluttDato);
        Attr(w, "Journalnummer", s.Journalnummer);
        Attr(w, "Avsluttet", s.Avsluttet);
        Attr(w, "ErSlettet", s.ErSlettet);

        foreach (var p in s.Personalia)
        {
            w.WriteStartElement("Personalia");
            Attr(w, "Id", p.Id);
            Attr(w, "StartDato", p.StartDato);
            Attr(w, "Fodselsnummer", p.Fodselsnummer);
            Attr(w, "Fodseldato", p.Fodseldato);
            Attr(w, "Kjonn", p.Kjonn);
            Attr(w, "DUFnummer", p.DUFnummer);
            Attr(w, "ErSlettet", p.ErSlettet);
            w.WriteEndElement();
        }

        foreach (var m in s.Melding)
        {
            w.WriteStartElement("Melding");
            Attr(w, "Id", m.Id);
            Attr(w, "MigrertId", m.MigrertId);
            Attr(w, "StartDato", m.StartDato);
            Attr(w, "ErSlettet", m.ErSlettet);
            foreach (var x in m.Melder)
            {
                Coded(w, "Melder", x.Kode, x.Presisering);
            }

            foreach (var x in m.Saksinnhold)
            {
                Coded(w, "Saksinnhold", x.Kode, x.Presisering);
            }

            if (m.Konklusjon is { } k)
            {
                w.WriteStartElement("Konklusjon");
                Attr(w, "SluttDato", k.SluttDato);
                Attr(w, "Kode", k.Kode);
                Attr(w, "ErSlettet", k.ErSlettet);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        foreach (var u in s.Undersokelse)
        {
            w.WriteStartElement("Undersokelse");
            Attr(w, "Id", u.Id);
            Attr(w, "MigrertId", u.MigrertId);
            Attr(w, "StartDato", u.StartDato);
            Attr(w, "ErSlettet", u.ErSlettet);
            foreach (var x in u.Vedtaksgrunnlag)
            {
                Coded(w, "Vedtaksgrunnlag", x.Kode, x.Presisering);
            }

            if (u.BarnetsMedvirkning is { } bm)
            {
                w.WriteStartElement("BarnetsMedvirkning");
                w.WriteElementDate("StartDato", bm.StartDato);
                w.WriteElementString("MedvirkningType", bm.MedvirkningType);
                w.WriteEndElement();
            }

            if (u.UtvidetFrist is { } f)
            {
                w.WriteStartElement("UtvidetFrist");
                Attr(w, "StartDato", f.StartDato);
                Attr(w, "Innvilget", f.Innvilget);
                w.WriteEndElement();
            }

            if (u.Konklusjon is { } k)
            {
                w.WriteStartElement("Konklusjon");
                Attr(w, "SluttDato", k.SluttDato);
                Attr(w, "Kode", k.Kode);
                Attr(w, "Presisering", k.Presisering);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        foreach (var p in s.Plan)
        {
            w.WriteStartElement("Plan");
            Attr(w, "Id", p.Id);
            Attr(w, "MigrertId", p.MigrertId);
            Attr(w, "StartDato", p.StartDato);
            Attr(w, "Plantype", p.Plantype);
            Attr(w, "ErSlettet", p.ErSlettet);
            foreach (var e in p.Evaluering)
            {
                w.WriteStartElement("Evaluering");
                Attr(w, "UtfortDato", e.UtfortDato);
                w.WriteEndElement();
            }

            Konklusjon(w, p.Konklusjon);
            w.WriteEndElement();
        }

        foreach (var t in s.Tiltak)
        {
            w.WriteStartElement("Tiltak");
            Attr(w, "Id", t.Id);
            Attr(w, "MigrertId", t.MigrertId);
            Attr(w, "StartDato", t.StartDato);
            Attr(w, "ErSlettet", t.ErSlettet);
            Lovhjemmel(w, "Lovhjemmel", t.Lovhjemmel);
            foreach (var j in t.JmfrLovhjemmel)
            {
                Lovhjemmel(w, "JmfrLovhjemmel", j);
            }

            Coded(w, "Kategori", t.Kategori.Kode, t.Kategori.Presisering);
            foreach (var x in t.Tiltaksgrunnlag)
            {
                Coded(w, "Tiltaksgrunnlag", x.Kode, x.Presisering);
            }

            if (t.Tilsyn is { } ts)
            {
                w.WriteStartElement("Tilsyn");
                foreach (var a in ts.Ansvarlig)
                {
                    w.WriteStartElement("Ansvarlig");
                    Attr(w, "Id", a.Id);
                    Attr(w, "StartDato", a.StartDato);
                    Attr(w, "Kommunenummer", a.Kommunenummer);
                    w.WriteEndElement();
                }

                Visits(w, ts.Hyppighet, ts.Utfort);
                w.WriteEndElement();
            }

            if (t.Oppfolging is { } o)
            {
                w.WriteStartElement("Oppfolging");
                Visits(w, o.Hyppighet, o.Utfort);
                w.WriteEndElement();
            }

            if (t.Opphevelse is { } op)
            {
                Coded(w, "Opphevelse", op.Kode, op.Presisering);
            }

            Konklusjon(w, t.Konklusjon);
            w.WriteEndElement();
        }

        foreach (var v in s.Vedtak)
        {
            w.WriteStartElement("Vedtak");
            Attr(w, "Id", v.Id);
            Attr(w, "MigrertId", v.MigrertId);
            Attr(w, "StartDato", v.StartDato);
            Attr(w, "ErSlettet", v.ErSlettet);
            Lovhjemmel(w, "Lovhjemmel", v.Lovhjemmel);
            foreach (var j in v.JmfrLovhjemmel)
            {
                Lovhjemmel(w, "JmfrLovhjemmel", j);
            }

            foreach (var k in v.Krav)
            {
                w.WriteStartElement("Krav");
                Attr(w, "Id", k.Id);
                Attr(w, "StartDato", k.StartDato);
                if (k.Konklusjon is { } kk)
                {
                    w.WriteStartElement("Konklusjon");
                    Attr(w, "SluttDato", kk.SluttDato);
                    Attr(w, "Kode", kk.Kode);
                    Attr(w, "Presisering", kk.Presisering);
                    w.WriteEndElement();
                }

                w.WriteEndElement();
            }

            foreach (var st in v.Status)
            {
                w.WriteStartElement("Status");
                Attr(w, "Id", st.Id);
                Attr(w, "EndretDato", st.EndretDato);
                Attr(w, "Kode", st.Kode);
                w.WriteEndElement();
            }

            Konklusjon(w, v.Konklusjon);
            w.WriteEndElement();
        }

        foreach (var e in s.Ettervern)
        {
            w.WriteStartElement("Ettervern");
            Attr(w, "Id", e.Id);
            Attr(w, "MigrertId", e.MigrertId);
            Attr(w, "TilbudSendtDato", e.TilbudSendtDato);
            Attr(w, "ErSlettet", e.ErSlettet);
            if (e.Konklusjon is { } k)
            {
                w.WriteStartElement("Konklusjon");
                Attr(w, "SluttDato", k.SluttDato);
                Attr(w, "Kode", k.Kode);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        foreach (var o in s.OversendelseFylkesnemnd)
        {
            w.WriteStartElement("OversendelseFylkesnemnd");
            Attr(w, "Id", o.Id);
            Attr(w, "MigrertId", o.MigrertId);
            Attr(w, "StartDato", o.StartDato);
            Attr(w, "ErSlettet", o.ErSlettet);
            Lovhjemmel(w, "Lovhjemmel", o.Lovhjemmel);
            foreach (var j in o.JmfrLovhjemmel)
            {
                Lovhjemmel(w, "JmfrLovhjemmel", j);
            }

            w.WriteEndElement();
        }

        foreach (var f in s.Flytting)
        {
            w.WriteStartElement("Flytting");
            Attr(w, "Id", f.Id);
            Attr(w, "MigrertId", f.MigrertId);
            Attr(w, "SluttDato", f.SluttDato);
            Attr(w, "ErSlettet", f.ErSlettet);
            Coded(w, "ArsakFra", f.ArsakFra.Kode, f.ArsakFra.Presisering);
            Coded(w, "FlyttingTil", f.FlyttingTil.Kode, f.FlyttingTil.Presisering);
            w.WriteEndElement();
        }

        foreach (var r in s.Relasjon)
        {
            w.WriteStartElement("Relasjon");
            Attr(w, "Id", r.Id);
            Attr(w, "FraId", r.FraId);
            Attr(w, "FraType", r.FraType);
            Attr(w, "TilId", r.TilId);
            Attr(w, "TilType", r.TilType);
            Attr(w, "ErSlettet", r.ErSlettet);
            w.WriteEndElement();
        }

        foreach (var d in s.Slettet)
        {
            w.WriteStartElement("Slettet");
            Attr(w, "Id", d.Id);
            Attr(w, "Type", d.Type);
            Attr(w, "SluttDato", d.SluttDato);
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void Visits(Utf8XmlWriter w, ValueList<Hyppighet> hyppighet, ValueList<Utfort> utfort)
    {
        foreach (var h in hyppighet)
        {
            w.WriteStartElement("Hyppighet");
            Attr(w, "Id", h.Id);
            Attr(w, "StartDato", h.StartDato);
            Attr(w, "Kode", h.Kode);
            w.WriteEndElement();
        }

        foreach (var u in utfort)
        {
            w.WriteStartElement("Utfort");
            Attr(w, "Id", u.Id);
            Attr(w, "UtfortDato", u.UtfortDato);
            w.WriteEndElement();
        }
    }

    private static void Lovhjemmel(Utf8XmlWriter w, string name, Lovhjemmel l)
    {
        w.WriteStartElement(name);
        w.WriteElementString("Lov", l.Lov);
        w.WriteElementString("Kapittel", l.Kapittel);
        w.WriteElementString("Paragraf", l.Paragraf);
        foreach (var x in l.Ledd)
        {
            w.WriteElementString("Ledd", x);
        }

        foreach (var x in l.Bokstav)
        {
            w.WriteElementString("Bokstav", x);
        }

        foreach (var x in l.Punktum)
        {
            w.WriteElementString("Punktum", x);
        }

        w.WriteEndElement();
    }

    private static void Konklusjon(Utf8XmlWriter w, SluttKonklusjon? k)
    {
        if (k is not null)
        {
            w.WriteStartElement("Konklusjon");
            Attr(w, "SluttDato", k.SluttDato);
            w.WriteEndElement();
        }
    }

    private static void Coded(Utf8XmlWriter w, string name, string kode, string? presisering)
    {
        w.WriteStartElement(name);
        Attr(w, "Kode", kode);
        Attr(w, "Presisering", presisering);
        w.WriteEndElement();
    }

    private static void Attr(Utf8XmlWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteAttributeString(name, value);
        }
    }

    private static void Attr(Utf8XmlWriter w, string name, DateOnly? value)
    {
        if (value is { } d)
        {
            w.WriteAttributeDate(name, d);
        }
    }

    private static void Attr(Utf8XmlWriter w, string name, bool? value)
    {
        if (value is { } b)
        {
            w.WriteAttributeString(name, b ? "true" : "false");
        }
    }
}
