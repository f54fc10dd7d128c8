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

    public static byte[] Encode(StatisticsFacts c)
    {
        using var w = new FactsWriter(128);
        w.Byte(FormatVersion);
        w.Guid(c.Id.Value);
        w.Long(c.Version);
        w.String(c.MunicipalityNumber);
        w.OptString(c.Bydel);
        w.Day(c.OpenedOn); w.Day(c.ClosedOn); w.Day(c.BirthDate);
        w.Count(c.Measures.Length);
        foreach (var m in c.Measures)
        {
            w.Day(m.StartedOn); w.Day(m.EndedOn); w.String(m.Category);
            w.Byte((byte)m.Class); w.Byte(m.Placement is { } p ? (byte)p : byte.MaxValue);
        }
        w.Count(c.Reports.Length);
        foreach (var r in c.Reports) { w.Day(r.ReceivedOn); w.Day(r.ConcludedOn); w.OptString(r.ConclusionCode); }
        w.Count(c.Investigations.Length);
        foreach (var i in c.Investigations) { w.Day(i.ConcludedOn); w.OptString(i.OutcomeCode); w.Bool(i.WithinDeadline); }
        w.Count(c.RegisteredMoves.Length); w.Days(c.RegisteredMoves);
        w.Count(c.Moves.Length); w.Days(c.Moves);
        w.Count(c.Waits.Length);
        foreach (var x in c.Waits) { w.Day(x.StartedOn); w.Int(x.Days); }
        return w.ToArray();
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
}
