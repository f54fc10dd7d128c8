using Vern.Storage;
using Vern.Deadlines.Facts;
using Vern.Domain.Cases;

namespace Vern.Deadlines.Index;

/// <summary>Compact binary form of <see cref="CaseFacts"/> for the deadline index: dates as day numbers, ids as
/// 16 bytes, short codes as strings (interned on read, so 500,000 cases share one copy of "BVL2021 3-1").
/// Format version <see cref="FormatVersion"/>; a change of layout raises it and the index is rebuilt.</summary>
public static class CaseFactsCodec
{
    public const byte FormatVersion = 3;

    private const int None = FactsReader.NoDay;

    public static byte[] Encode(CaseFacts c)
    {
        using var ms = new MemoryStream(256);
        using (var w = new BinaryWriter(ms))
        {
            w.Write(FormatVersion);
            Id(w, c.Id.Value);
            w.Write(c.Version);
            w.Write(c.MunicipalityNumber);
            w.Write(c.JournalNumber);
            OptString(w, c.CaseworkerId);
            Day(w, c.OpenedOn); Day(w, c.ClosedOn); Day(w, c.BirthDate);
            w.Write(c.Reports.Length);
            foreach (var r in c.Reports) { Id(w, r.Id.Value); Day(w, r.ReceivedOn); Day(w, r.ReviewedOn); w.Write(r.ReporterAnswerable); Day(w, r.ReceiptFeedbackOn); }
            w.Write(c.Investigations.Length);
            foreach (var i in c.Investigations)
            {
                Id(w, i.Id.Value); Day(w, i.ReportReceivedOn); Day(w, i.ReportReviewedOn); Day(w, i.StartedOn);
                w.Write((byte)(i.ExtensionGranted switch { null => 0, false => 1, true => 2 }));
                Day(w, i.ConcludedOn);
                w.Write(i.PublicReporter); Day(w, i.ReporterFeedbackOn);
            }
            w.Write(c.Decisions.Length);
            foreach (var d in c.Decisions) { Id(w, d.Id.Value); w.Write(d.Basis); Day(w, d.DecidedOn); Day(w, d.ApprovedOn); Day(w, d.EndedOn); Days(w, d.Reassessments ?? []); }
            w.Write(c.Measures.Length);
            foreach (var m in c.Measures)
            {
                Id(w, m.Id.Value); w.Write(m.Basis); w.Write(m.Category); Day(w, m.StartedOn); Day(w, m.EndedOn);
                Visits(w, m.FollowUp); Visits(w, m.Supervision);
            }
            w.Write(c.Plans.Length);
            foreach (var p in c.Plans) { Id(w, p.Id.Value); w.Write(p.Type); Day(w, p.StartedOn); Day(w, p.EndedOn); Days(w, p.Evaluations); }
            Days(w, c.AftercareOffers);
            Days(w, c.CountyBoardReferrals);
        }
        return ms.ToArray();
    }

    /// <summary>Decodes one case; <paramref name="intern"/> shares equal strings across cases (not thread-safe: one per thread).</summary>
    public static CaseFacts Decode(ReadOnlySpan<byte> data, Dictionary<string, string> intern)
    {
        var r = new FactsReader(data, intern);
        var format = r.Byte();
        if (format != FormatVersion)
            throw new InvalidDataException($"Fristindeksen har format {format}, men denne Vern-versjonen leser {FormatVersion}. Kjør «vern deadlines index --rebuild».");
        var id = new CaseId(r.Guid());
        var version = r.Long();
        var municipality = r.String();
        var journal = r.String(intern: false);
        var caseworker = r.OptString();
        var opened = r.Day(); var closed = r.OptDay(); var birth = r.Day();
        var reports = new ReportFact[r.Int()];
        for (int i = 0; i < reports.Length; i++) reports[i] = new ReportFact(new EntryId(r.Guid()), r.Day(), r.OptDay(), r.Byte() != 0, r.OptDay());
        var investigations = new InvestigationFact[r.Int()];
        for (int i = 0; i < investigations.Length; i++)
        {
            var iid = new EntryId(r.Guid()); var rr = r.Day(); var rv = r.OptDay(); var st = r.Day();
            bool? ext = r.Byte() switch { 0 => null, 1 => false, _ => true };
            investigations[i] = new InvestigationFact(iid, rr, rv, st, ext, r.OptDay(), r.Byte() != 0, r.OptDay());
        }
        var decisions = new DecisionFact[r.Int()];
        for (int i = 0; i < decisions.Length; i++) decisions[i] = new DecisionFact(new EntryId(r.Guid()), r.String(), r.Day(), r.OptDay(), r.OptDay(), r.Days(r.Int()) is { Length: > 0 } ra ? ra : null);
        var measures = new MeasureFact[r.Int()];
        for (int i = 0; i < measures.Length; i++)
            measures[i] = new MeasureFact(new EntryId(r.Guid()), r.String(), r.String(), r.Day(), r.OptDay(), Visits(ref r), Visits(ref r));
        var plans = new PlanFact[r.Int()];
        for (int i = 0; i < plans.Length; i++) plans[i] = new PlanFact(new EntryId(r.Guid()), r.String(), r.Day(), r.OptDay(), r.Days(r.Int()));
        return new CaseFacts(id, version, municipality, journal, caseworker, opened, closed, birth,
            reports, investigations, decisions, measures, plans, r.Days(r.Int()), r.Days(r.Int()));
    }

    /// <summary>The case id of an encoded case without decoding the rest (it follows the format byte).</summary>
    public static Guid PeekId(ReadOnlySpan<byte> data) => new(data.Slice(1, 16));

    private static void Id(BinaryWriter w, Guid g)
    {
        Span<byte> b = stackalloc byte[16];
        g.TryWriteBytes(b);
        w.Write(b);
    }

    private static void Day(BinaryWriter w, DateOnly d) => w.Write(d.DayNumber);

    private static void Day(BinaryWriter w, DateOnly? d) => w.Write(d?.DayNumber ?? None);

    private static void OptString(BinaryWriter w, string? s)
    {
        w.Write(s is not null);
        if (s is not null) w.Write(s);
    }

    private static void Days(BinaryWriter w, DateOnly[] days)
    {
        w.Write(days.Length);
        foreach (var d in days) w.Write(d.DayNumber);
    }

    private static void Visits(BinaryWriter w, VisitFacts? v)
    {
        w.Write(v is not null);
        if (v is null) return;
        w.Write(v.Frequencies.Length);
        foreach (var f in v.Frequencies) { w.Write(f.From.DayNumber); w.Write(f.PerYear); w.Write(f.ChildConsented); }
        Days(w, v.Visits);
    }

    private static VisitFacts? Visits(ref FactsReader r)
    {
        if (r.Byte() == 0) return null;
        var f = new FrequencyFact[r.Int()];
        for (int i = 0; i < f.Length; i++) f[i] = new FrequencyFact(r.Day(), r.Int(), r.Byte() != 0);
        return new VisitFacts(f, r.Days(r.Int()));
    }
}
