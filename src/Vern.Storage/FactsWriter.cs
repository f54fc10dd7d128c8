namespace Vern.Storage;

/// <summary>Writes the compact binary rows that <see cref="FactsReader"/> reads (the deadline index's <c>CaseFactsCodec</c>,
/// the statistics projection's <c>StatisticsFactsCodec</c>): fixed-width integers, ids as 16 bytes, dates as day numbers
/// (<see cref="FactsReader.NoDay"/> for none), 7-bit encoded counts, and strings as a <see cref="BinaryWriter"/> writes them.
/// A list's count is written by the codec in its own format's width (<see cref="Count"/> or <see cref="Int"/>), as the reader
/// reads it, so each stored format keeps its bytes.</summary>
public sealed class FactsWriter(int capacity) : IDisposable
{
    private readonly MemoryStream _stream = new(capacity);
    private BinaryWriter? _writer;

    private BinaryWriter W => _writer ??= new BinaryWriter(_stream);

    public void Byte(byte b) => W.Write(b);

    public void Bool(bool b) => W.Write(b);

    public void Int(int v) => W.Write(v);

    public void Long(long v) => W.Write(v);

    public void Guid(Guid g)
    {
        Span<byte> b = stackalloc byte[16];
        g.TryWriteBytes(b);
        W.Write(b);
    }

    /// <summary>A 7-bit encoded count (<see cref="FactsReader.Count"/>).</summary>
    public void Count(int n) => W.Write7BitEncodedInt(n);

    public void Day(DateOnly d) => W.Write(d.DayNumber);

    public void Day(DateOnly? d) => W.Write(d?.DayNumber ?? FactsReader.NoDay);

    /// <summary>The dates only; the codec writes their count first, in its format's width.</summary>
    public void Days(DateOnly[] days)
    {
        foreach (var d in days) W.Write(d.DayNumber);
    }

    public void String(string s) => W.Write(s);

    public void OptString(string? s)
    {
        W.Write(s is not null);
        if (s is not null) W.Write(s);
    }

    /// <summary>The bytes written so far.</summary>
    public byte[] ToArray()
    {
        _writer?.Flush();
        return _stream.ToArray();
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _stream.Dispose();
    }
}
