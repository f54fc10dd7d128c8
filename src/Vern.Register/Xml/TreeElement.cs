using System.Text;
using System.Xml;
using System.Xml.Schema;
using Vern.Domain.Validation;
using Vern.Register.Controls;

namespace Vern.Register.Xml;

/// <summary>One attribute as read from the file (after XML attribute-value normalisation).</summary>
/// <remarks>A class, not a struct: <c>List&lt;T&gt;</c> of a struct from this assembly cannot be compiled ahead of time
/// (ReadyToRun compiles only code whose IL is in this version bubble, and List&lt;T&gt; is in CoreLib), so every run of
/// <c>vern validate register</c> compiled it at start-up and ran it unoptimised for its first calls; a list of a class uses
/// CoreLib's own precompiled shared code.</remarks>
internal sealed record TreeAttribute(string Name, string Namespace, string Value);

/// <summary>A light element tree read in one streaming pass. It keeps exactly what the schema check and the
/// mapping to the register model need: names, attributes, character content and line numbers.</summary>
internal sealed class TreeElement(string name, string ns, int line, int column, TreeElement? parent = null)
{
    public TreeElement? Parent { get; } = parent;

    public string Name { get; } = name;
    public string Namespace { get; } = ns;
    public int Line { get; } = line;
    public int Column { get; } = column;
    public List<TreeAttribute> Attributes { get; } = [];
    public List<TreeElement> Children { get; } = [];

    private string? _text;
    private StringBuilder? _moreText;

    /// <summary>All character data directly inside the element (text, CDATA, whitespace), or null if none.</summary>
    public string? Text => _text ??= _moreText?.ToString();

    /// <summary>Adds a text node. The pieces are gathered in a builder, not concatenated: a case with 90,000 Melding has
    /// 90,000 whitespace nodes between them, and `Text + text` copied the growing string each time (quadratic: the
    /// 19 MB file's 92 s and 2.3 GB, issue 13).</summary>
    internal void AppendText(string text)
    {
        if (_text is null && _moreText is null)
        {
            _text = text;
            return;
        }

        _moreText ??= new StringBuilder(_text);
        _moreText.Append(text);
        _text = null;
    }

    public string? Attr(string name)
    {
        foreach (var a in Attributes)
        {
            if (a.Name == name && a.Namespace.Length == 0)
            {
                return a.Value;
            }
        }

        return null;
    }

    public TreeElement? Child(string name)
    {
        foreach (var c in Children)
        {
            if (c.Name == name)
            {
                return c;
            }
        }

        return null;
    }

    public IEnumerable<TreeElement> ChildrenNamed(string name)
    {
        foreach (var c in Children)
        {
            if (c.Name == name)
            {
                yield return c;
            }
        }
    }
}

/// <summary>Reads a register file into an <see cref="TreeElement"/> tree with safe settings
/// (DtdProcessing.Prohibit, XmlResolver = null, size, depth and attribute limits). Every XmlException,
/// limit and (when a schema set is given) every XSD finding becomes a FATAL <see cref="ValidationIssue"/>.</summary>
internal static class XmlTreeReader
{
    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";

    /// <summary>Settings for reading any untrusted XML in Vern's register code: no DTD, no resolver, bounded size.</summary>
    public static XmlReaderSettings SafeSettings(XmlLimits limits) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = limits.MaxFileBytes,
        MaxCharactersFromEntities = 1_000,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    [ThreadStatic]
    private static XmlReaderSettings? t_settings;

    [ThreadStatic]
    private static XmlLimits? t_settingsLimits;

    [ThreadStatic]
    private static int t_settingsUses;

    /// <summary>This thread's settings for reading without an XSD, made once and reused: their name table keeps the element
    /// and attribute names of earlier files, so a file of known names adds no strings to it (a new reader would make and
    /// fill a new table per file). The table is replaced every 1,000 files, so unusual names cannot make it grow for ever.</summary>
    private static XmlReaderSettings ThreadSettings(XmlLimits limits)
    {
        if (t_settings is null || !ReferenceEquals(t_settingsLimits, limits) || ++t_settingsUses >= 1_000)
        {
            t_settings = SafeSettings(limits);
            t_settings.NameTable = new NameTable();
            t_settingsLimits = limits;
            t_settingsUses = 0;
        }

        return t_settings;
    }

    /// <summary>Reads the tree. With <paramref name="schemas"/> the reader also validates against the XSD
    /// (the authoritative, slower path). Returns null root when the file is not well-formed or a limit was hit.</summary>
    public static TreeElement? Read(Stream stream, XmlLimits limits, XmlSchemaSet? schemas, List<ValidationIssue> issues)
    {
        var settings = schemas is null ? ThreadSettings(limits) : SafeSettings(limits);
        var stack = new List<TreeElement>(16);
        if (schemas is not null)
        {
            settings.Schemas = schemas;
            settings.ValidationType = ValidationType.Schema;
            settings.ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings;
            settings.ValidationEventHandler += (_, e) =>
            {
                if (issues.Count < limits.MaxIssuesPerFile)
                {
                    issues.Add(SchemaIssue(PathOf(stack), e.Message, e.Exception?.LineNumber ?? 0, e.Exception?.LinePosition ?? 0));
                }
            };
        }

        TreeElement? root = null;
        try
        {
            using var reader = XmlReader.Create(stream, settings);
            var lineInfo = reader as IXmlLineInfo;
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        if (reader.Depth >= limits.MaxDepth)
                        {
                            issues.Add(Fatal(PathOf(stack), Messages.Format(ControlCodes.XmlTooDeep, ("maks", limits.MaxDepth)), lineInfo));
                            return null;
                        }

                        var element = new TreeElement(reader.LocalName, reader.NamespaceURI, lineInfo?.LineNumber ?? 0, lineInfo?.LinePosition ?? 0, stack.Count > 0 ? stack[^1] : null);
                        if (stack.Count == 0)
                        {
                            if (root is not null)
                            {
                                return null; // XmlReader reports a second root itself; unreachable in practice.
                            }

                            root = element;
                        }
                        else
                        {
                            stack[^1].Children.Add(element);
                        }

                        stack.Add(element);
                        if (reader.MoveToFirstAttribute())
                        {
                            do
                            {
                                if (reader.Value.Length > limits.MaxAttributeLength)
                                {
                                    issues.Add(Fatal(PathOf(stack), Messages.Format(ControlCodes.XmlAttributeTooLong, ("attributt", reader.Name), ("maks", limits.MaxAttributeLength)), lineInfo));
                                    return null;
                                }

                                if (!ReferenceEquals(reader.NamespaceURI, XmlnsNamespace) && reader.NamespaceURI != XmlnsNamespace)
                                {
                                    element.Attributes.Add(new TreeAttribute(reader.LocalName, reader.NamespaceURI, reader.Value));
                                }
                            }
                            while (reader.MoveToNextAttribute());

                            reader.MoveToElement();
                        }

                        if (reader.IsEmptyElement)
                        {
                            stack.RemoveAt(stack.Count - 1);
                        }

                        break;
                    case XmlNodeType.EndElement:
                        stack.RemoveAt(stack.Count - 1);
                        break;
                    case XmlNodeType.Text:
                    case XmlNodeType.CDATA:
                    case XmlNodeType.Whitespace:
                    case XmlNodeType.SignificantWhitespace:
                        if (stack.Count > 0)
                        {
                            if (reader.Value.Length > limits.MaxAttributeLength)
                            {
                                issues.Add(Fatal(PathOf(stack), Messages.Format(ControlCodes.XmlTextTooLong, ("maks", limits.MaxAttributeLength)), lineInfo));
                                return null;
                            }

                            stack[^1].AppendText(reader.Value);
                        }

                        break;
                    case XmlNodeType.DocumentType:
                        // Unreachable with DtdProcessing.Prohibit (XmlReader throws first); kept as a second guard.
                        issues.Add(Fatal("", Messages.Format(ControlCodes.XmlNotWellFormed, ("detalj", "DTD er ikke tillatt")), lineInfo));
                        return null;
                    default:
                        break;
                }
            }
        }
        catch (XmlException ex)
        {
            issues.Add(Fatal(PathOf(stack), Messages.Format(ControlCodes.XmlNotWellFormed, ("detalj", ex.Message)), null));
            return null;
        }
        catch (XmlSchemaException ex)
        {
            issues.Add(SchemaIssue(PathOf(stack), ex.Message, ex.LineNumber, ex.LinePosition));
            return null;
        }

        if (root is null)
        {
            issues.Add(Fatal("", Messages.Format(ControlCodes.XmlNotWellFormed, ("detalj", "filen har ikke noe rotelement")), null));
        }

        return root;
    }

    internal static ValidationIssue SchemaIssue(string path, string detail, int line, int column)
    {
        var where = line > 0 ? $" (linje {line}, posisjon {column})" : "";
        return new ValidationIssue(
            ControlCodes.Filbeskrivelse,
            Severity.Fatal,
            path,
            Messages.Format(ControlCodes.Filbeskrivelse, ("detalj", detail + where)),
            ControlCodes.SourceOf(ControlCodes.Filbeskrivelse));
    }

    private static ValidationIssue Fatal(string path, string message, IXmlLineInfo? lineInfo)
    {
        if (lineInfo is not null && lineInfo.HasLineInfo())
        {
            message += $" (linje {lineInfo.LineNumber}, posisjon {lineInfo.LinePosition})";
        }

        return new ValidationIssue(ControlCodes.Filbeskrivelse, Severity.Fatal, path, message, ControlCodes.SourceOf(ControlCodes.Filbeskrivelse));
    }

    /// <summary>Element path such as <c>Barnevern/Sak/Tiltak[2]/Lovhjemmel</c> of an element (built only for a finding).</summary>
    internal static string PathOf(TreeElement element)
    {
        var chain = new List<TreeElement>();
        for (var e = element; e is not null; e = e.Parent)
        {
            chain.Insert(0, e);
        }

        return PathOf(chain);
    }

    /// <summary>Element path such as <c>Barnevern[Id=…]/Sak[Id=…]/Tiltak[Id=…]/Lovhjemmel</c> for the open elements
    /// (elements without an Id get their position among same-named siblings when there are several).</summary>
    internal static string PathOf(List<TreeElement> stack)
    {
        if (stack.Count == 0)
        {
            return "";
        }

        var sb = new StringBuilder();
        for (var i = 0; i < stack.Count; i++)
        {
            if (i > 0)
            {
                sb.Append('/');
            }

            sb.Append(stack[i].Name);
            if (stack[i].Attr("Id") is { } id)
            {
                sb.Append("[Id=").Append(id.Length <= 40 ? id : id[..40] + "…").Append(']'); // like the controls' paths: Sak[Id=…]/Melding[Id=…]
            }
            else if (i > 0)
            {
                var siblings = stack[i - 1].Children;
                var index = 0;
                var same = 0;
                foreach (var s in siblings)
                {
                    if (s.Name == stack[i].Name)
                    {
                        same++;
                        if (ReferenceEquals(s, stack[i]))
                        {
                            index = same;
                        }
                    }
                }

                if (same > 1)
                {
                    sb.Append('[').Append(index).Append(']');
                }
            }
        }

        return sb.ToString();
    }
}
