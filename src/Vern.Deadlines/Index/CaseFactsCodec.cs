using Vern.Storage;
using Vern.Deadlines.Facts;
using Vern.Domain.Cases;

namespace Vern.Deadlines.Index;

/// <summary>Compact binary form of <see cref="CaseFacts"/> for the deadline index: dates as day numbers, ids as
/// 16 bytes, short codes as strings (interned on read, so 500,000 cases share one copy of "BVL2021 3-1").
/// Format version <see cref="FormatVersion"/>; a change of layout, or of what <see cref="CaseFactsProjection"/> derives from a
/// case, raises it and the index is rebuilt (4: a report concluded to investigation stands for its investigation until that
/// is recorded; 5: a measure's reason for ending, whether it is a care order's placement, and the offers of follow-up after a
/// return home).</summary>
public static class CaseFactsCodec
{
    public const byte FormatVersion = 5;

    public static byte[] Encode(CaseFacts c)
    {
        using var w = new FactsWriter(256);
        w.Byte(FormatVersion);
        w.Guid(c.Id.Value);
        w.Long(c.Version);
        w.String(c.MunicipalityNumber);
        w.String(c.JournalNumber);
        w.OptString(c.CaseworkerId);
        w.Day(c.OpenedOn); w.Day(c.ClosedOn); w.Day(c.BirthDate);
        w.Int(c.Reports.Length);
        foreach (var r in c.Reports) { w.Guid(r.Id.Value); w.Day(r.ReceivedOn); w.Day(r.ReviewedOn); w.Bool(r.ReporterAnswerable); w.Day(r.ReceiptFeedbackOn); }
        w.Int(c.Investigations.Length);
        foreach (var i in c.Investigations)
        {
            w.Guid(i.Id.Value); w.Day(i.ReportReceivedOn); w.Day(i.ReportReviewedOn); w.Day(i.StartedOn);
            w.Byte((byte)(i.ExtensionGranted switch { null => 0, false => 1, true => 2 }));
            w.Day(i.ConcludedOn);
            w.Bool(i.PublicReporter); w.Day(i.ReporterFeedbackOn);
        }
        w.Int(c.Decisions.Length);
        foreach (var d in c.Decisions) { w.Guid(d.Id.Value); w.String(d.Basis); w.Day(d.DecidedOn); w.Day(d.ApprovedOn); w.Day(d.EndedOn); Days(w, d.Reassessments ?? []); }
        w.Int(c.Measures.Length);
        foreach (var m in c.Measures)
        {
            w.Guid(m.Id.Value); w.String(m.Basis); w.String(m.Category); w.Day(m.StartedOn); w.Day(m.EndedOn);
            Visits(w, m.FollowUp); Visits(w, m.Supervision);
            w.OptString(m.Termination); w.Bool(m.CareOrderPlacement); Days(w, m.ReturnFollowUpOffers ?? []);
        }
        w.Int(c.Plans.Length);
        foreach (var p in c.Plans) { w.Guid(p.Id.Value); w.String(p.Type); w.Day(p.StartedOn); w.Day(p.EndedOn); Days(w, p.Evaluations); }
        Days(w, c.AftercareOffers);
        Days(w, c.CountyBoardReferrals);
        return w.ToArray();
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
            measures[i] = new MeasureFact(new EntryId(r.Guid()), r.String(), r.String(), r.Day(), r.OptDay(), Visits(ref r), Visits(ref r),
                r.OptString(), r.Byte() != 0, r.Days(r.Int()) is { Length: > 0 } offers ? offers : null);
        var plans = new PlanFact[r.Int()];
        for (int i = 0; i < plans.Length; i++) plans[i] = new PlanFact(new EntryId(r.Guid()), r.String(), r.Day(), r.OptDay(), r.Days(r.Int()));
        return new CaseFacts(id, version, municipality, journal, caseworker, opened, closed, birth,
            reports, investigations, decisions, measures, plans, r.Days(r.Int()), r.Days(r.Int()));
    }

    /// <summary>The case id of an encoded case without decoding the rest (it follows the format byte).</summary>
    public static Guid PeekId(ReadOnlySpan<byte> data) => new(data.Slice(1, 16));

    /// <summary>Format 3 counts its lists of dates with a 4-byte integer.</summary>
    private static void Days(FactsWriter w, DateOnly[] days)
    {
        w.Int(days.Length);
        w.Days(days);
    }

    private static void Visits(FactsWriter w, VisitFacts? v)
    {
        w.Bool(v is not null);
        if (v is null) return;
        w.Int(v.Frequencies.Length);
        foreach (var f in v.Frequencies) { w.Day(f.From); w.Int(f.PerYear); w.Bool(f.ChildConsented); }
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
