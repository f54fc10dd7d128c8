using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Vern.Register.Xml;

/// <summary>Reads a register file of plain UTF-8 XML straight from its bytes into a <see cref="TreeElement"/> tree, with
/// none of the objects and buffers an <c>XmlReader</c> makes for every file. It accepts a strict subset of XML, the one
/// register files are written in, and declines (returns null) everything else; the caller then reads the file with
/// <see cref="XmlTreeReader"/>, which gives the verdict and the message. So it can only make reading faster, never
/// change what is accepted or what a finding says.</summary>
/// <remarks>
/// Accepted: an optional UTF-8 byte order mark; an optional declaration <c>&lt;?xml version="1.0"</c> with an optional
/// <c>encoding="UTF-8"</c> (any case) and <c>standalone</c>; elements and attributes with ASCII names without a prefix;
/// attribute values and text with the five predefined entities and character references; whitespace around the root.
/// Declined: a DTD, comment, processing instruction or CDATA section; a namespace declaration or prefixed name; any other
/// encoding; a carriage return, tab or line feed written literally in an attribute value, or a carriage return in an
/// element's text (XML normalises these; XmlReader does it); text other than whitespace next to child elements; invalid
/// UTF-8 or a character XML forbids; a value longer than <see cref="XmlLimits.MaxAttributeLength"/>, nesting as deep as
/// <see cref="XmlLimits.MaxDepth"/>, a file longer than <see cref="XmlLimits.MaxFileBytes"/>; and any error.
/// <para>The tree differs from <see cref="XmlTreeReader"/>'s in two ways that no check reads: an element with child
/// elements has no <see cref="TreeElement.Text"/> (XmlReader's tree keeps the whitespace between them, which the schema
/// allows and the mapping never reads), and elements carry no line and position (a file with a schema finding is read
/// again by XmlReader, whose finding names them). Held by <c>Utf8TreeReaderTests</c>: on every test file and on random
/// mutations of them, a tree this reader builds equals XmlReader's, and XmlReader accepts every file this reader accepts.</para>
/// </remarks>
internal static class Utf8TreeReader
{
    /// <summary>Names seen by this thread, so that a file of known names allocates no name strings.</summary>
    [ThreadStatic]
    private static Dictionary<string, string>? t_names;

    private const int MaxCachedNames = 1_000;

    /// <summary>Deepest nesting this reader follows (it recurses per level); deeper files go to XmlReader, whatever the limit.</summary>
    private const int MaxNesting = 128;
    private const int MaxCachedNameLength = 64;

    /// <summary>The tree of <paramref name="xml"/>, or null if the file is outside the subset this reader accepts.</summary>
    public static TreeElement? TryRead(ReadOnlySpan<byte> xml, XmlLimits limits)
    {
        if (xml.Length > limits.MaxFileBytes || !HasOnlyXmlCharacters(xml))
        {
            return null;
        }

        var p = new Parser(xml, limits, t_names ??= new Dictionary<string, string>(StringComparer.Ordinal));
        return p.Document();
    }

    /// <summary>Bytes other than printable ASCII, tab, line feed and carriage return.</summary>
    private static readonly SearchValues<byte> NotPlainAscii = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(b => b is not ('\t' or '\n' or '\r')).Select(b => (byte)b), .. Enumerable.Range(0x80, 0x80).Select(b => (byte)b)]);

    /// <summary>True if the bytes are valid UTF-8 and hold only characters XML allows (no control character other than
    /// tab, line feed and carriage return; no U+FFFE or U+FFFF).</summary>
    private static bool HasOnlyXmlCharacters(ReadOnlySpan<byte> xml)
    {
        var first = xml.IndexOfAny(NotPlainAscii);
        if (first < 0)
        {
            return true;
        }

        var ascii = true;
        for (var i = first; i < xml.Length; i++)
        {
            var b = xml[i];
            if (b < 0x20)
            {
                if (b is not ((byte)'\t' or (byte)'\n' or (byte)'\r'))
                {
                    return false;
                }
            }
            else if (b >= 0x80)
            {
                ascii = false;
                if (b == 0xEF && i + 2 < xml.Length && xml[i + 1] == 0xBF && xml[i + 2] is 0xBE or 0xBF)
                {
                    return false;
                }
            }
        }

        return ascii || Utf8.IsValid(xml);
    }

    private ref struct Parser(ReadOnlySpan<byte> xml, XmlLimits limits, Dictionary<string, string> names)
    {
        private readonly ReadOnlySpan<byte> _xml = xml;
        private int _pos;

        public TreeElement? Document()
        {
            if (_xml.StartsWith("\uFEFF"u8))
            {
                _pos = 3;
            }

            if (_xml[_pos..].StartsWith("<?"u8) && !Declaration())
            {
                return null;
            }

            SkipWhitespace();
            var root = Element(null, 0);
            if (root is null)
            {
                return null;
            }

            SkipWhitespace();
            return _pos == _xml.Length ? root : null;
        }

        /// <summary>The XML declaration, in the forms accepted: version 1.0, encoding UTF-8 (any case), standalone.</summary>
        private bool Declaration()
        {
            if (!Literal("<?xml"u8) || !Whitespace() || !Literal("version"u8) || !Eq() || !Quoted("1.0"u8, ignoreCase: false))
            {
                return false;
            }

            var spaced = Whitespace();
            if (spaced && Literal("encoding"u8))
            {
                if (!Eq() || !Quoted("utf-8"u8, ignoreCase: true))
                {
                    return false;
                }

                spaced = Whitespace();
            }

            if (spaced && Literal("standalone"u8))
            {
                if (!Eq() || !(Quoted("yes"u8, ignoreCase: false) || Quoted("no"u8, ignoreCase: false)))
                {
                    return false;
                }

                Whitespace();
            }

            return Literal("?>"u8);
        }

        /// <summary>One element and everything in it, from its '&lt;'; null to decline.</summary>
        private TreeElement? Element(TreeElement? parent, int depth)
        {
            if (depth >= Math.Min(limits.MaxDepth, MaxNesting) || !Literal("<"u8))
            {
                return null;
            }

            var nameStart = _pos;
            if (!Name())
            {
                return null;
            }

            var nameBytes = _xml[nameStart.._pos];
            var element = new TreeElement(Atomise(nameBytes), "", 0, 0, parent);
            if (!Attributes(element))
            {
                return null;
            }

            if (Literal("/>"u8))
            {
                return element;
            }

            if (!Literal(">"u8))
            {
                return null;
            }

            var textStart = _pos;
            while (true)
            {
                var lt = _xml[_pos..].IndexOf((byte)'<');
                if (lt < 0)
                {
                    return null;
                }

                var text = _xml.Slice(_pos, lt);
                _pos += lt;
                if (_xml[_pos..].StartsWith("</"u8))
                {
                    if (element.Children.Count == 0)
                    {
                        if (!LeafText(element, _xml[textStart.._pos]))
                        {
                            return null;
                        }
                    }
                    else if (!IsWhitespace(text))
                    {
                        return null;
                    }

                    _pos += 2;
                    if (!Literal(nameBytes))
                    {
                        return null;
                    }

                    SkipWhitespace();
                    return Literal(">"u8) ? element : null;
                }

                // A child element: the text before it must be whitespace (a comment, CDATA, … is declined by Element).
                if (!IsWhitespace(text))
                {
                    return null;
                }

                var child = Element(element, depth + 1);
                if (child is null)
                {
                    return null;
                }

                element.Children.Add(child);
            }
        }

        /// <summary>The attributes up to '>' or '/>', each preceded by whitespace; false to decline.</summary>
        private bool Attributes(TreeElement element)
        {
            while (true)
            {
                var spaced = Whitespace();
                if (_pos >= _xml.Length || _xml[_pos] is (byte)'>' or (byte)'/')
                {
                    return true;
                }

                var nameStart = _pos;
                if (!spaced || !Name())
                {
                    return false;
                }

                var nameBytes = _xml[nameStart.._pos];
                if (nameBytes.SequenceEqual("xmlns"u8) || !Eq() || _pos >= _xml.Length || _xml[_pos] is not ((byte)'"' or (byte)'\''))
                {
                    return false;
                }

                var quote = _xml[_pos++];
                var end = _xml[_pos..].IndexOf(quote);
                if (end < 0)
                {
                    return false;
                }

                var raw = _xml.Slice(_pos, end);
                _pos += end + 1;
                if (raw.Length > limits.MaxAttributeLength || raw.IndexOfAny("<\t\n\r"u8) >= 0 || Decode(raw) is not { } value)
                {
                    return false;
                }

                var name = Atomise(nameBytes);
                foreach (var a in element.Attributes)
                {
                    if (a.Name == name)
                    {
                        return false;
                    }
                }

                element.Attributes.Add(new TreeAttribute(name, "", value));
            }
        }

        private static bool LeafText(TreeElement element, ReadOnlySpan<byte> raw)
        {
            if (raw.Length == 0)
            {
                return true;
            }

            if (raw.IndexOf((byte)'\r') >= 0 || raw.IndexOf("]]>"u8) >= 0 || Decode(raw) is not { } text)
            {
                return false;
            }

            element.AppendText(text);
            return true;
        }

        /// <summary>A name of ASCII letters, digits, '_', '-' and '.', not starting with a digit, '-' or '.', and followed
        /// by whitespace, '=', '/' or '>' (so a prefixed or non-ASCII name is declined).</summary>
        private bool Name()
        {
            var start = _pos;
            while (_pos < _xml.Length && (char.IsAsciiLetterOrDigit((char)_xml[_pos]) || _xml[_pos] is (byte)'_' or (byte)'-' or (byte)'.'))
            {
                _pos++;
            }

            return _pos > start && _pos - start <= limits.MaxAttributeLength
                && !char.IsAsciiDigit((char)_xml[start]) && _xml[start] is not ((byte)'-' or (byte)'.')
                && _pos < _xml.Length && _xml[_pos] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'=' or (byte)'/' or (byte)'>';
        }

        private string Atomise(ReadOnlySpan<byte> name)
        {
            if (name.Length > MaxCachedNameLength)
            {
                return Encoding.ASCII.GetString(name);
            }

            Span<char> chars = stackalloc char[name.Length];
            for (var i = 0; i < name.Length; i++)
            {
                chars[i] = (char)name[i];
            }

            var lookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(chars, out var known))
            {
                return known;
            }

            var made = new string(chars);
            if (names.Count < MaxCachedNames)
            {
                names.Add(made, made);
            }

            return made;
        }

        private bool Eq()
        {
            SkipWhitespace();
            if (!Literal("="u8))
            {
                return false;
            }

            SkipWhitespace();
            return true;
        }

        private bool Quoted(ReadOnlySpan<byte> value, bool ignoreCase)
        {
            var rest = _xml[_pos..];
            if (rest.Length < value.Length + 2 || rest[0] is not ((byte)'"' or (byte)'\'') || rest[value.Length + 1] != rest[0])
            {
                return false;
            }

            var inner = rest.Slice(1, value.Length);
            if (!(ignoreCase ? Ascii.EqualsIgnoreCase(inner, value) : inner.SequenceEqual(value)))
            {
                return false;
            }

            _pos += value.Length + 2;
            return true;
        }

        private bool Literal(ReadOnlySpan<byte> literal)
        {
            if (!_xml[_pos..].StartsWith(literal))
            {
                return false;
            }

            _pos += literal.Length;
            return true;
        }

        private bool Whitespace()
        {
            var start = _pos;
            SkipWhitespace();
            return _pos > start;
        }

        private void SkipWhitespace()
        {
            while (_pos < _xml.Length && _xml[_pos] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
            {
                _pos++;
            }
        }

        private static bool IsWhitespace(ReadOnlySpan<byte> text) => text.IndexOfAnyExcept(" \t\n\r"u8) < 0;

        /// <summary>The text of a value with its references replaced: the five predefined entities and character
        /// references to characters XML allows. Null for anything else (an entity a DTD would have to define).</summary>
        private static string? Decode(ReadOnlySpan<byte> raw)
        {
            var amp = raw.IndexOf((byte)'&');
            if (amp < 0)
            {
                return Encoding.UTF8.GetString(raw);
            }

            var sb = new StringBuilder(raw.Length);
            while (amp >= 0)
            {
                sb.Append(Encoding.UTF8.GetString(raw[..amp]));
                raw = raw[(amp + 1)..];
                var semi = raw.IndexOf((byte)';');
                if (semi <= 0 || Reference(raw[..semi]) is not { } rune)
                {
                    return null;
                }

                sb.Append(rune.ToString());
                raw = raw[(semi + 1)..];
                amp = raw.IndexOf((byte)'&');
            }

            return sb.Append(Encoding.UTF8.GetString(raw)).ToString();
        }

        private static Rune? Reference(ReadOnlySpan<byte> name)
        {
            if (name.SequenceEqual("lt"u8)) return new Rune('<');
            if (name.SequenceEqual("gt"u8)) return new Rune('>');
            if (name.SequenceEqual("amp"u8)) return new Rune('&');
            if (name.SequenceEqual("quot"u8)) return new Rune('"');
            if (name.SequenceEqual("apos"u8)) return new Rune('\'');
            if (name.Length < 2 || name[0] != '#' || name.Length > 8)
            {
                return null;
            }

            var hex = name[1] == 'x';
            var digits = name[(hex ? 2 : 1)..];
            if (digits.Length == 0)
            {
                return null;
            }

            var value = 0;
            foreach (var d in digits)
            {
                var v = char.IsAsciiDigit((char)d) ? d - '0'
                    : hex && char.IsAsciiHexDigit((char)d) ? (d | 0x20) - 'a' + 10
                    : -1;
                if (v < 0)
                {
                    return null;
                }

                value = (value * (hex ? 16 : 10)) + v;
            }

            // XML's Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
            var allowed = value is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);
            return allowed ? new Rune(value) : null;
        }
    }
}
