using Vern.Storage;
using Vern.Domain.Cases;
using Vern.Statistics.Definitions;

namespace Vern.Statistics.Projection;

/// <summary>Compact binary form of <see cref="StatisticsFacts"/> for the statistics projection: dates as day numbers, the
/// case id as 16 bytes, codes as strings (interned on read, so every case shares one copy of "2.1"). Format
/// <see cref="FormatVersion"/>; a change of layout — or of a definition whose result the facts hold (a measure's class or
/// placement type, the deadline check, the move or wait rule) — raises it, and the projection is rebuilt.</summary>
public static class StatisticsFactsCodec
{
    /// <summary>2: the bydel after the municipality (migration 26 empties the projection, so no row of format 1 is read).</summary>
    public const byte FormatVersion = 2;

    private const int None = FactsReader.NoDay;

    public static byte[] Encode(StatisticsFacts c)
    {
        using var ms = new MemoryStream(128);
        using (var w = new BinaryWriter(ms))
        {
            w.Write(FormatVersion);
            Span<byte> id = stackalloc byte[16];
            c.Id.Value.TryWriteBytes(id);
            w.Write(id);
            w.Write(c.Version);
            w.Write(c.MunicipalityNumber);
            OptString(w, c.Bydel);
            Day(w, c.OpenedOn); Day(w, c.ClosedOn); Day(w, c.BirthDate);
            w.Write7BitEncodedInt(c.Measures.Length);
            foreach (var m in c.Measures)
            {
                Day(w, m.StartedOn); Day(w, m.EndedOn); w.Write(m.Category);
                w.Write((byte)m.Class); w.Write(m.Placement is { } p ? (byte)p : byte.MaxValue);
            }
            w.Write7BitEncodedInt(c.Reports.Length);
            foreach (var r in c.Reports) { Day(w, r.ReceivedOn); Day(w, r.ConcludedOn); OptString(w, r.ConclusionCode); }
            w.Write7BitEncodedInt(c.Investigations.Length);
            foreach (var i in c.Investigations) { Day(w, i.ConcludedOn); OptString(w, i.OutcomeCode); w.Write(i.WithinDeadline); }
            Days(w, c.RegisteredMoves);
            Days(w, c.Moves);
            w.Write7BitEncodedInt(c.Waits.Length);
            foreach (var x in c.Waits) { Day(w, x.StartedOn); w.Write(x.Days); }
        }
        return ms.ToArray();
    }

    /// <summary>Decodes one case; <paramref name="intern"/> shares equal strings across cases (not thread-safe: one per thread).</summary>
    public static StatisticsFacts Decode(ReadOnlySpan<byte> data, Dictionary<string, string> intern)
    {
        var r = new FactsReader(data, intern);
        var format = r.Byte();
        if (format != FormatVersion)
            throw new InvalidDataException($"Statistikkprojeksjonen har format {format}, men denne Vern-versjonen leser {FormatVersion}; den bygges på nytt ved neste oppdatering.");
        var id = new CaseId(r.Guid());
        var version = r.Long();
        var municipality = r.String();
        var bydel = r.OptString();
        var opened = r.Day(); var closed = r.OptDay(); var birth = r.Day();
        var measures = new MeasureFact[r.Count()];
        for (var i = 0; i < measures.Length; i++)
        {
            var started = r.Day(); var ended = r.OptDay(); var category = r.String(); var kind = (MeasureClass)r.Byte(); var placement = r.Byte();
            measures[i] = new MeasureFact(started, ended, category, kind, placement == byte.MaxValue ? null : (PlacementType)placement);
        }
        var reports = new ReportFact[r.Count()];
        for (var i = 0; i < reports.Length; i++) reports[i] = new ReportFact(r.Day(), r.OptDay(), r.OptString());
        var investigations = new InvestigationFact[r.Count()];
        for (var i = 0; i < investigations.Length; i++) investigations[i] = new InvestigationFact(r.OptDay(), r.OptString(), r.Byte() != 0);
        var registeredMoves = r.Days(r.Count());
        var moves = r.Days(r.Count());
        var waits = new FosterHomeWait[r.Count()];
        for (var i = 0; i < waits.Length; i++) waits[i] = new FosterHomeWait(r.Day(), r.Int());
        return new StatisticsFacts(id, version, municipality, bydel, opened, closed, birth, measures, reports, investigations, registeredMoves, moves, waits);
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
        w.Write7BitEncodedInt(days.Length);
        foreach (var d in days) w.Write(d.DayNumber);
    }

}
