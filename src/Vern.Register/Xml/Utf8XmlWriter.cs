using System.Buffers;
using System.Text;

namespace Vern.Register.Xml;

/// <summary>Writes an indented XML document as UTF-8 bytes into one buffer it keeps and reuses, with none of the objects and
/// buffers an <c>XmlWriter</c> makes for every document: the bytes <c>XmlWriter.Create</c> writes with UTF-8 (no byte order
/// mark), <c>Indent = true</c>, <c>IndentChars = "  "</c> and otherwise default settings, for the calls the register file
/// makes (a declaration, elements, attributes, elements holding only text).</summary>
/// <remarks>
/// What XmlWriter does and this writer does the same way: the declaration <c>&lt;?xml version="1.0" encoding="utf-8"?&gt;</c>;
/// every start tag on a new line ("\n", the newline on Linux) indented two spaces per level; an element with nothing in it
/// closed as <c>&lt;Name … /&gt;</c>; an element with child elements closed on its own line; an element of text only
/// (<see cref="WriteElementString"/>) on one line, and closed as <c>&lt;Name /&gt;</c> when the text is empty or null. Attribute
/// values escape <c>&amp; &lt; &gt; "</c> and write tab, line feed and carriage return as character references
/// (<c>&amp;#x9;</c>, <c>&amp;#xA;</c>, <c>&amp;#xD;</c>); text escapes <c>&amp; &lt; &gt;</c> and writes each line break
/// (CR LF, CR or LF) as "\n". A character XML forbids (a control character, U+FFFE, U+FFFF, a lone surrogate) throws
/// <see cref="ArgumentException"/>, as XmlWriter's character check does. Names are written as given: the caller's are
/// the XSD's constant ASCII names. Held by <c>Utf8XmlWriterTests</c>: random documents and random strings of every kind of
/// character give the same bytes as XmlWriter, or an exception from both.
/// <para>Not thread-safe: one writer per thread, reused document after document (<see cref="Reset"/>).</para>
/// </remarks>
internal sealed class Utf8XmlWriter
{
    private static readonly byte[] Declaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"u8.ToArray();

    /// <summary>The characters written as they are, one byte each, in an attribute and in text alike: printable ASCII but the four
    /// that are escaped (<c>&amp; &lt; &gt; "</c>).</summary>
    private static readonly SearchValues<char> Plain = SearchValues.Create(
        " !#$%'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private byte[] _buffer;
    private int _length;

    /// <summary>The names of the open elements, outermost first.</summary>
    private readonly List<string> _open = [];

    /// <summary>True while the innermost element's start tag is still open (its '&gt;' not yet written: nothing in it so far).</summary>
    private bool _inStartTag;

    public Utf8XmlWriter(int capacity = 16 * 1024) => _buffer = new byte[capacity];

    /// <summary>The document written since the last <see cref="Reset"/>.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>Starts a new document in the same buffer.</summary>
    public void Reset()
    {
        _length = 0;
        _open.Clear();
        _inStartTag = false;
    }

    public void WriteStartDocument() => Raw(Declaration);

    public void WriteStartElement(string name)
    {
        CloseStartTag();
        NewLine();
        Byte((byte)'<');
        Ascii(name);
        _open.Add(name);
        _inStartTag = true;
    }

    /// <summary>An attribute of the element just started.</summary>
    public void WriteAttributeString(string name, string value)
    {
        AttributeStart(name);
        Escaped(value, attribute: true);
        Byte((byte)'"');
    }

    /// <summary>An attribute holding a date as xs:date (<c>yyyy-MM-dd</c>, the year in four digits), written as digits with no
    /// string in between: the bytes <c>RegisterDates.Format</c> gives.</summary>
    public void WriteAttributeDate(string name, DateOnly value)
    {
        AttributeStart(name);
        Date(value);
        Byte((byte)'"');
    }

    /// <summary>Writes <c> name="</c> into the start tag still open.</summary>
    private void AttributeStart(string name)
    {
        if (!_inStartTag)
            throw new InvalidOperationException($"The attribute {name} has no start tag to go in.");
        Byte((byte)' ');
        Ascii(name);
        Byte((byte)'=');
        Byte((byte)'"');
    }

    /// <summary>An element holding only a date as xs:date (<c>yyyy-MM-dd</c>), on one line.</summary>
    public void WriteElementDate(string name, DateOnly value)
    {
        WriteStartElement(name);
        TextStart();
        Date(value);
        TextEnd(name);
    }

    /// <summary>An element holding only <paramref name="value"/> as text, on one line.</summary>
    public void WriteElementString(string name, string? value)
    {
        WriteStartElement(name);
        if (!string.IsNullOrEmpty(value))
        {
            TextStart();
            Escaped(value, attribute: false);
            TextEnd(name);
            return;
        }

        WriteEndElement();
    }

    /// <summary>Closes the start tag of the element just started, whose text follows on the same line.</summary>
    private void TextStart()
    {
        _inStartTag = false;
        Byte((byte)'>');
    }

    /// <summary>Ends the element of text only (started by <see cref="TextStart"/>) on the same line.</summary>
    private void TextEnd(string name)
    {
        EndTag(name);
        _open.RemoveAt(_open.Count - 1);
    }

    public void WriteEndElement()
    {
        if (_open.Count == 0)
            throw new InvalidOperationException("There is no open element to end.");
        var name = _open[^1];
        _open.RemoveAt(_open.Count - 1);
        if (_inStartTag)
        {
            _inStartTag = false;
            Raw(" />"u8);
            return;
        }

        NewLine();
        EndTag(name);
    }

    /// <summary>Ends every element still open.</summary>
    public void WriteEndDocument()
    {
        while (_open.Count > 0)
            WriteEndElement();
    }

    private void CloseStartTag()
    {
        if (_inStartTag)
        {
            _inStartTag = false;
            Byte((byte)'>');
        }
    }

    private void EndTag(string name)
    {
        Byte((byte)'<');
        Byte((byte)'/');
        Ascii(name);
        Byte((byte)'>');
    }

    /// <summary>A line feed and two spaces per open element (the element being started or ended is not counted); nothing at the
    /// very start of the document.</summary>
    private void NewLine()
    {
        if (_length == 0)
            return;
        var depth = _open.Count;
        Ensure(1 + (2 * depth));
        _buffer[_length++] = (byte)'\n';
        _buffer.AsSpan(_length, 2 * depth).Fill((byte)' ');
        _length += 2 * depth;
    }

    private void Date(DateOnly value)
    {
        Ensure(10);
        var b = _buffer.AsSpan(_length, 10);
        Digits(b[..4], value.Year);
        b[4] = (byte)'-';
        Digits(b.Slice(5, 2), value.Month);
        b[7] = (byte)'-';
        Digits(b.Slice(8, 2), value.Day);
        _length += 10;
    }

    /// <summary>Writes <paramref name="value"/> in decimal, zero-padded to the span's length.</summary>
    private static void Digits(Span<byte> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <remarks>The leading run of plain characters (<see cref="Plain"/>: most values are codes, dates and ids, all of it) is
    /// narrowed to bytes in one vectorised step; the rest goes character by character.</remarks>
    private void Escaped(string value, bool attribute)
    {
        var plain = value.AsSpan().IndexOfAnyExcept(Plain);
        if (plain < 0)
            plain = value.Length;
        Ensure(plain);
        System.Text.Ascii.FromUtf16(value.AsSpan(0, plain), _buffer.AsSpan(_length), out var narrowed);
        _length += narrowed;
        for (var i = plain; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '&': Raw("&amp;"u8); break;
                case '<': Raw("&lt;"u8); break;
                case '>': Raw("&gt;"u8); break;
                case '"' when attribute: Raw("&quot;"u8); break;
                case '\t' when attribute: Raw("&#x9;"u8); break;
                case '\n' when attribute: Raw("&#xA;"u8); break;
                case '\r' when attribute: Raw("&#xD;"u8); break;
                case '\n':
                    Byte((byte)'\n');
                    break;
                case '\r':
                    Byte((byte)'\n');
                    if (i + 1 < value.Length && value[i + 1] == '\n')
                        i++;
                    break;
                case '\t':
                    Byte((byte)'\t');
                    break;
                case < ' ':
                case '\uFFFE' or '\uFFFF':
                    throw Invalid(c);
                case < '\u0080':
                    Byte((byte)c);
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        Utf8(value.AsSpan(i, 2));
                        i++;
                    }
                    else if (char.IsSurrogate(c))
                    {
                        throw Invalid(c);
                    }
                    else
                    {
                        Utf8(value.AsSpan(i, 1));
                    }

                    break;
            }
        }
    }

    private static ArgumentException Invalid(char c) =>
        new($"'{(int)c:X4}' (hexadecimal) is a character XML does not allow.");

    private void Utf8(ReadOnlySpan<char> chars)
    {
        Ensure(4);
        _length += Encoding.UTF8.GetBytes(chars, _buffer.AsSpan(_length));
    }

    private void Ascii(string name)
    {
        Ensure(name.Length);
        for (var i = 0; i < name.Length; i++)
            _buffer[_length + i] = (byte)name[i];
        _length += name.Length;
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Byte(byte b)
    {
        Ensure(1);
        _buffer[_length++] = b;
    }

    private void Ensure(int more)
    {
        if (_length + more > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
    }
}
