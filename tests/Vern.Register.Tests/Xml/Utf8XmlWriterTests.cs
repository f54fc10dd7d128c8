using System.Text;
using System.Xml;
using Vern.Register.Xml;

namespace Vern.Register.Tests.Xml;

/// <summary><see cref="Utf8XmlWriter"/> writes the bytes <c>XmlWriter</c> writes with the register file's settings (UTF-8 without
/// a byte order mark, indented by two spaces), so the files an export writes are the same as before it (issue 14 §4: the
/// export's speed, not its files, changed). Each test drives both writers with the same calls and compares the bytes.</summary>
public class Utf8XmlWriterTests
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        IndentChars = "  ",
        CloseOutput = false,
    };

    /// <summary>One call on both writers.</summary>
    private abstract record Call;

    private sealed record Start(string Name) : Call;

    private sealed record Attribute(string Name, string Value) : Call;

    private sealed record Text(string Name, string? Value) : Call;

    private sealed record End : Call;

    /// <summary>Characters of every kind the writers treat differently: XML's specials, the line ends, tab, control characters
    /// XML forbids, DEL and C1 controls, NEL and the line separator, letters beyond ASCII, a surrogate pair and lone
    /// surrogates, and the two non-characters U+FFFE and U+FFFF.</summary>
    private static readonly string[] Pieces =
    [
        "a", "Z", "0", " ", "&", "<", ">", "\"", "'", "]]>", "\t", "\n", "\r", "\r\n", "\n\r", "\0", "\u0001", "\u001F", "\u007F",
        "\u0080", "\u0085", "\u009F", "\u00A0", "é", "ø", "Å", "\u2028", "\u2029", "€", "\uD83D\uDE00", "\uD800", "\uDC00",
        "\uFFFD", "\uFFFE", "\uFFFF", "&amp;", "&#xA;",
    ];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomDocument_SameBytesAsXmlWriter(int seed)
    {
        var random = new Random(seed);
        var calls = new List<Call>();
        var depth = 0;
        calls.Add(new Start("Root"));
        depth++;
        for (var i = 0; i < 40 && depth > 0; i++)
        {
            var afterStart = calls[^1] is Start or Attribute;
            switch (random.Next(6))
            {
                case 0 or 1:
                    calls.Add(new Start($"E{random.Next(3)}"));
                    depth++;
                    break;
                case 2 when afterStart:
                    calls.Add(new Attribute($"a{calls.Count}", RandomString(random, clean: seed % 2 == 0)));
                    break;
                case 3:
                    calls.Add(new Text($"T{random.Next(3)}", random.Next(5) == 0 ? (random.Next(2) == 0 ? null : "") : RandomString(random, clean: seed % 2 == 0)));
                    break;
                default:
                    calls.Add(new End());
                    depth--;
                    break;
            }
        }

        AssertSameBytes(calls);
    }

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var seed = 0; seed < 200; seed++)
        {
            data.Add(seed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPiece))]
    public void EveryKindOfCharacter_InAnAttributeAndInText_SameBytesAsXmlWriter(int index)
    {
        var piece = Pieces[index];
        AssertSameBytes([new Start("Root"), new Attribute("a", $"x{piece}y"), new Text("T", piece), new Text("U", $"{piece}{piece}"), new End()]);
    }

    /// <summary>Indices into <see cref="Pieces"/>: xUnit would merge rows of lone surrogates, whose names print alike.</summary>
    public static TheoryData<int> EveryPiece()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Pieces.Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    /// <summary>Dates go in as digits (no string in between), as xs:date with the year in four digits (Barnevern_v4.xsd's
    /// <c>xs:date</c> attributes and the <c>BarnetsMedvirkning/StartDato</c> element): the text <c>RegisterDates.Format</c> gave
    /// the writer before.</summary>
    [Theory]
    [InlineData(1, 1, 1, "0001-01-01")]
    [InlineData(999, 12, 31, "0999-12-31")]
    [InlineData(2024, 2, 29, "2024-02-29")]
    [InlineData(2026, 10, 5, "2026-10-05")]
    [InlineData(9999, 12, 31, "9999-12-31")]
    public void WriteDate_InAnAttributeAndAnElement_XsDateWithAFourDigitYear(int year, int month, int day, string expected)
    {
        var date = new DateOnly(year, month, day);
        var w = new Utf8XmlWriter();
        w.WriteStartElement("Root");
        w.WriteAttributeDate("StartDato", date);
        w.WriteElementDate("StartDato", date);
        w.WriteEndDocument();

        Assert.Equal($"<Root StartDato=\"{expected}\">\n  <StartDato>{expected}</StartDato>\n</Root>", Encoding.UTF8.GetString(w.Written));
        Assert.Equal(expected, RegisterDates.Format(date));
    }

    [Fact]
    public void Reset_StartsANewDocumentInTheSameBuffer()
    {
        var w = new Utf8XmlWriter(capacity: 8);
        w.WriteStartDocument();
        w.WriteStartElement("Long");
        w.WriteAttributeString("a", new string('x', 100));
        w.WriteEndDocument();
        w.Reset();
        w.WriteStartDocument();
        w.WriteStartElement("B");
        w.WriteEndDocument();

        Assert.Equal("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<B />", Encoding.UTF8.GetString(w.Written));
    }

    private static string RandomString(Random random, bool clean)
    {
        var sb = new StringBuilder();
        var n = random.Next(4);
        for (var i = 0; i < n; i++)
        {
            var piece = Pieces[random.Next(Pieces.Length)];
            sb.Append(clean && piece is "\0" or "\u0001" or "\u001F" or "\uD800" or "\uDC00" or "\uFFFE" or "\uFFFF" ? "b" : piece);
        }

        return sb.ToString();
    }

    private static void AssertSameBytes(IReadOnlyList<Call> calls)
    {
        var stream = new MemoryStream();
        var x = XmlWriter.Create(stream, Settings);
        var expected = Run(calls, x.WriteStartDocument, x.WriteStartElement, x.WriteAttributeString, x.WriteElementString, x.WriteEndElement, () =>
        {
            x.WriteEndDocument();
            x.Dispose();
            return stream.ToArray();
        });
        var u = new Utf8XmlWriter(capacity: 16);
        var actual = Run(calls, u.WriteStartDocument, u.WriteStartElement, u.WriteAttributeString, u.WriteElementString, u.WriteEndElement, () =>
        {
            u.WriteEndDocument();
            return u.Written.ToArray();
        });
        Assert.Equal(expected.Error, actual.Error);
        if (expected.Error is null)
        {
            Assert.Equal(Encoding.UTF8.GetString(expected.Bytes), Encoding.UTF8.GetString(actual.Bytes));
            Assert.Equal(expected.Bytes, actual.Bytes);
        }
    }

    /// <summary>The bytes one writer wrote for the calls, or the type of exception they threw.</summary>
    private static (byte[] Bytes, string? Error) Run(IReadOnlyList<Call> calls, Action startDocument, Action<string> start,
        Action<string, string> attribute, Action<string, string?> text, Action end, Func<byte[]> endDocument)
    {
        try
        {
            startDocument();
            foreach (var call in calls)
            {
                switch (call)
                {
                    case Start s: start(s.Name); break;
                    case Attribute a: attribute(a.Name, a.Value); break;
                    case Text t: text(t.Name, t.Value); break;
                    case End: end(); break;
                    default: throw new NotSupportedException($"The call {call} has not been implemented.");
                }
            }

            return (endDocument(), null);
        }
        catch (ArgumentException e)
        {
            return ([], e.GetType().Name);
        }
    }
}
