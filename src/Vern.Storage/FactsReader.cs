namespace Vern.Storage;

/// <summary>Reads the compact binary rows of Vern's projections (the deadline index's <c>CaseFactsCodec</c>, the statistics
/// projection's <c>StatisticsFactsCodec</c>), written with a <see cref="BinaryWriter"/>: fixed-width integers, ids as 16
/// bytes, dates as day numbers (<see cref="NoDay"/> for none), 7-bit encoded counts, and strings interned on read so that
/// hundreds of thousands of cases share one copy of each code.</summary>
/// <param name="intern">Shares equal strings across rows; not thread-safe, so one per thread.</param>
public ref struct FactsReader(ReadOnlySpan<byte> data, Dictionary<string, string> intern)
{
    /// <summary>The day number written for a missing date.</summary>
    public const int NoDay = -1;

    private readonly ReadOnlySpan<byte> _data = data;
    private readonly Dictionary<string, string> _intern = intern;
    private int _pos;

    public byte Byte() => _data[_pos++];

    public int Int()
    {
        var v = BitConverter.ToInt32(_data.Slice(_pos, 4));
        _pos += 4;
        return v;
    }

    public long Long()
    {
        var v = BitConverter.ToInt64(_data.Slice(_pos, 8));
        _pos += 8;
        return v;
    }

    public Guid Guid()
    {
        var g = new Guid(_data.Slice(_pos, 16));
        _pos += 16;
        return g;
    }

    /// <summary>A 7-bit encoded count (<see cref="BinaryWriter.Write7BitEncodedInt(int)"/>).</summary>
    public int Count()
    {
        int value = 0, shift = 0;
        byte b;
        do { b = _data[_pos++]; value |= (b & 0x7F) << shift; shift += 7; } while ((b & 0x80) != 0);
        return value;
    }

    public DateOnly Day() => DateOnly.FromDayNumber(Int());

    public DateOnly? OptDay()
    {
        var n = Int();
        return n == NoDay ? null : DateOnly.FromDayNumber(n);
    }

    /// <summary><paramref name="count"/> dates (the caller reads the count in its own format's width).</summary>
    public DateOnly[] Days(int count)
    {
        if (count == 0) return [];
        var a = new DateOnly[count];
        for (var i = 0; i < a.Length; i++) a[i] = Day();
        return a;
    }

    /// <summary>A <see cref="BinaryWriter"/> string (7-bit encoded length, then UTF-8), interned unless told not to (a value
    /// unique to one row, such as a journal number, would only fill the table).</summary>
    public string String(bool intern = true)
    {
        var length = Count();
        var bytes = _data.Slice(_pos, length);
        _pos += length;
        if (!intern) return System.Text.Encoding.UTF8.GetString(bytes);
        // Looked up by its characters, so that a code already seen allocates no new string (a national read decodes
        // millions of codes and municipality numbers, nearly all of them seen before).
        Span<char> chars = length <= 256 ? stackalloc char[length] : new char[length];
        chars = chars[..System.Text.Encoding.UTF8.GetChars(bytes, chars)];
        if (_intern.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars, out var shared)) return shared;
        var s = new string(chars);
        _intern[s] = s;
        return s;
    }

    public string? OptString() => Byte() != 0 ? String() : null;
}
