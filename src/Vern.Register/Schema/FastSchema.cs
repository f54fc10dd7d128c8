using System.Xml;
using System.Xml.Schema;
using Vern.Domain.Validation;
using Vern.Register.Xml;

namespace Vern.Register.Schema;

/// <summary>A validator specialised to the register XSD: tables of element sequences, occurrences, attributes,
/// facets and unique constraints, derived once from the compiled <see cref="XmlSchemaSet"/>, checked over the
/// <see cref="TreeElement"/> tree that the reader builds in the same pass. It covers exactly the XSD features
/// Barnevern_v4.xsd uses (sequences of distinct elements, attribute uses, simple types restricted by
/// length/pattern/enumeration, xs:date/xs:dateTime/xs:boolean, xs:unique on Sak's children).</summary>
/// <remarks>Equivalence with the XmlSchemaSet path is tested on a corpus of valid and broken files
/// (FastSchemaEquivalenceTests). When a fast check rejects a value, the value is re-checked with the .NET
/// datatype itself, so a value is only rejected if .NET rejects it too.</remarks>
internal sealed class FastSchema
{
    private const string XsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";

    private FastSchema(ElementDecl root) => Root = root;

    public ElementDecl Root { get; }

    public static FastSchema Build(XmlSchemaSet set)
    {
        var cache = new Dictionary<XmlSchemaType, TypeDecl>();
        XmlSchemaElement? root = null;
        foreach (XmlSchemaElement e in set.GlobalElements.Values)
        {
            if (e.QualifiedName.Name == "Barnevern" && e.QualifiedName.Namespace.Length == 0)
            {
                root = e;
            }
        }

        return root is null
            ? throw new InvalidOperationException("The register schema has no global element Barnevern.")
            : new FastSchema(ToElement(root, cache));
    }

    private static ElementDecl ToElement(XmlSchemaElement e, Dictionary<XmlSchemaType, TypeDecl> cache)
    {
        var type = e.ElementSchemaType ?? throw new InvalidOperationException($"Element {e.QualifiedName} has no type.");
        var decl = new ElementDecl(
            e.QualifiedName.Name,
            (int)e.MinOccurs,
            e.MaxOccurs >= int.MaxValue ? int.MaxValue : (int)e.MaxOccurs,
            ToType(type, cache));
        foreach (XmlSchemaIdentityConstraint c in e.Constraints)
        {
            if (c is not XmlSchemaUnique unique || unique.Selector?.XPath is not { } selector)
            {
                throw new InvalidOperationException($"Unsupported identity constraint on {e.QualifiedName}.");
            }

            var fields = new List<string>();
            foreach (XmlSchemaXPath f in unique.Fields)
            {
                var xpath = f.XPath ?? "";
                fields.Add(xpath.StartsWith('@') ? xpath[1..] : throw new InvalidOperationException($"Unsupported field {xpath}."));
            }

            decl.Uniques.Add(new UniqueDecl(unique.Name ?? "", selector, [.. fields]));
        }

        return decl;
    }

    private static TypeDecl ToType(XmlSchemaType type, Dictionary<XmlSchemaType, TypeDecl> cache)
    {
        if (cache.TryGetValue(type, out var known))
        {
            return known;
        }

        if (type is XmlSchemaSimpleType simple)
        {
            var s = new TypeDecl { Simple = SimpleDecl.From(simple) };
            cache[type] = s;
            return s;
        }

        var complex = (XmlSchemaComplexType)type;
        var decl = new TypeDecl { ContentType = complex.ContentType, Name = complex.QualifiedName.IsEmpty ? null : complex.QualifiedName.Name };
        cache[type] = decl;
        foreach (XmlSchemaAttribute a in complex.AttributeUses.Values)
        {
            decl.Attributes.Add(new AttrDecl(
                a.QualifiedName.Name,
                a.Use == XmlSchemaUse.Required,
                SimpleDecl.From(a.AttributeSchemaType ?? throw new InvalidOperationException($"Attribute {a.QualifiedName} has no type."))));
        }

        switch (complex.ContentTypeParticle)
        {
            case XmlSchemaSequence seq:
                foreach (var item in seq.Items)
                {
                    decl.Sequence.Add(item is XmlSchemaElement child
                        ? ToElement(child, cache)
                        : throw new InvalidOperationException($"Unsupported particle in {complex.QualifiedName}."));
                }

                break;
            case XmlSchemaElement single:
                decl.Sequence.Add(ToElement(single, cache));
                break;
            default:
                if (complex.ContentType != XmlSchemaContentType.Empty)
                {
                    throw new InvalidOperationException($"Unsupported content model in {complex.QualifiedName}.");
                }

                break;
        }

        return decl;
    }

    /// <summary>Checks the whole tree; adds FATAL findings (code Filbeskrivelse) to <paramref name="issues"/>.</summary>
    public void Validate(TreeElement root, List<ValidationIssue> issues, int maxIssues)
    {
        var ctx = new Ctx(issues, maxIssues);
        if (root.Name != Root.Name || root.Namespace.Length != 0)
        {
            ctx.Add(root, $"rotelementet er '{{{root.Namespace}}}{root.Name}', forventet 'Barnevern' uten navnerom");
            return;
        }

        ValidateElement(root, Root, ctx);
    }

    private sealed class Ctx(List<ValidationIssue> issues, int max)
    {
        public bool Full => issues.Count >= max;

        public void Add(TreeElement at, string detail)
        {
            if (!Full)
            {
                issues.Add(XmlTreeReader.SchemaIssue(XmlTreeReader.PathOf(at), detail, at.Line, at.Column));
            }
        }
    }

    private static void ValidateElement(TreeElement e, ElementDecl decl, Ctx ctx)
    {
        var type = decl.Type;
        if (type.Simple is { } simple)
        {
            foreach (var a in e.Attributes)
            {
                if (!IsAllowedXsi(a))
                {
                    ctx.Add(e, $"attributtet '{a.Name}' er ikke tillatt på {e.Name}");
                }
            }

            if (e.Children.Count > 0)
            {
                ctx.Add(e, $"{e.Name} skal bare ha tekst, ikke underelementer");
            }
            else if (simple.Check(e.Text ?? "") is { } error)
            {
                ctx.Add(e, $"verdien '{Clip(e.Text)}' i {e.Name} er ugyldig: {error}");
            }

            return;
        }

        // Attributes: declared, valid, required present.
        foreach (var a in e.Attributes)
        {
            if (a.Namespace.Length != 0)
            {
                var sameType = a.Namespace == XsiNamespace && a.Name == "type" && type.Name is { } typeName
                    && a.Value.Trim(' ', '\t', '\r', '\n') == typeName;
                if (!sameType && !IsAllowedXsi(a))
                {
                    ctx.Add(e, $"attributtet '{{{a.Namespace}}}{a.Name}' er ikke tillatt på {e.Name}");
                }

                continue;
            }

            var ad = type.FindAttribute(a.Name);
            if (ad is null)
            {
                ctx.Add(e, $"attributtet '{a.Name}' er ikke tillatt på {e.Name}");
            }
            else if (ad.Type.Check(a.Value) is { } error)
            {
                ctx.Add(e, $"attributtet {a.Name}='{Clip(a.Value)}' er ugyldig: {error}");
            }
        }

        foreach (var ad in type.Attributes)
        {
            if (ad.Required && e.Attr(ad.Name) is null)
            {
                ctx.Add(e, $"påkrevd attributt {ad.Name} mangler på {e.Name}");
            }
        }

        // Character content.
        if (e.Text is { } text)
        {
            if (type.ContentType == XmlSchemaContentType.Empty)
            {
                if (text.Length > 0)
                {
                    ctx.Add(e, $"{e.Name} skal være tomt");
                }
            }
            else if (!IsXmlWhitespace(text))
            {
                ctx.Add(e, $"{e.Name} kan ikke ha tekst ('{Clip(text)}')");
            }
        }

        // Children: a sequence of distinct element names, each with min/max occurrences.
        var seq = type.Sequence;
        var p = 0;
        var count = 0;
        foreach (var child in e.Children)
        {
            if (ctx.Full)
            {
                return;
            }

            var match = -1;
            for (var i = p; i < seq.Count; i++)
            {
                if (seq[i].Name == child.Name && child.Namespace.Length == 0)
                {
                    match = i;
                    break;
                }

                if ((i == p ? count : 0) < seq[i].Min)
                {
                    break; // a required element is missing before this child
                }
            }

            if (match < 0)
            {
                ctx.Add(child, $"elementet {child.Name} er ikke tillatt her i {e.Name}{Expected(seq, p, count)}");
                return; // like XmlSchemaSet, stop checking this content model after the first misplaced element
            }

            if (match != p)
            {
                p = match;
                count = 0;
            }

            count++;
            if (count > seq[p].Max)
            {
                ctx.Add(child, $"elementet {child.Name} forekommer mer enn {seq[p].Max} gang(er) i {e.Name}");
                return;
            }

            ValidateElement(child, seq[p], ctx);
        }

        for (var i = p; i < seq.Count; i++)
        {
            if ((i == p ? count : 0) < seq[i].Min)
            {
                ctx.Add(e, $"{e.Name} mangler påkrevd element {seq[i].Name}");
                break;
            }
        }

    }

    /// <summary>What the XSD requires but .NET's XmlSchemaSet lets through (found by testing against it and against
    /// xmllint); run on both paths so that they still agree:
    /// <list type="bullet">
    /// <item>xs:unique (Id unique per kind of element in Sak; Slettet by Id + Type): not reported by .NET for this schema.</item>
    /// <item>a time-zone offset outside −14:00…+14:00 (e.g. <c>2024-01-01+15:00</c>, <c>+01:60</c>): accepted by .NET.</item>
    /// <item>a final line feed in a value with a pattern facet (e.g. <c>Kommunenummer="3201&amp;#10;"</c>): accepted by .NET,
    /// which anchors XSD patterns with <c>$</c>.</item>
    /// </list></summary>
    public void ValidateSupplements(TreeElement root, List<ValidationIssue> issues, int maxIssues)
    {
        var ctx = new Ctx(issues, maxIssues);
        Walk(root, Root);

        void Walk(TreeElement e, ElementDecl decl)
        {
            foreach (var u in decl.Uniques)
            {
                CheckUnique(e, u, ctx);
            }

            if (decl.Type.Simple is { } simple)
            {
                if (simple.StrictCheck(e.Text ?? "") is { } error)
                {
                    ctx.Add(e, $"verdien i {e.Name} er ugyldig: {error}");
                }

                return;
            }

            foreach (var a in e.Attributes)
            {
                if (a.Namespace.Length == 0 && decl.Type.FindAttribute(a.Name)?.Type.StrictCheck(a.Value) is { } error)
                {
                    ctx.Add(e, $"attributtet {a.Name}='{Clip(a.Value)}' er ugyldig: {error}");
                }
            }

            foreach (var child in e.Children)
            {
                foreach (var d in decl.Type.Sequence)
                {
                    if (d.Name == child.Name && child.Namespace.Length == 0)
                    {
                        Walk(child, d);
                        break;
                    }
                }
            }
        }
    }

    private static void CheckUnique(TreeElement e, UniqueDecl u, Ctx ctx)
    {
        HashSet<string>? seen = null;
        foreach (var child in e.Children)
        {
            if (child.Name != u.Selector)
            {
                continue;
            }

            string key;
            if (u.Fields.Length == 1)
            {
                if (child.Attr(u.Fields[0]) is not { } v)
                {
                    continue;
                }

                key = v;
            }
            else
            {
                var parts = new string[u.Fields.Length];
                var complete = true;
                for (var i = 0; i < parts.Length; i++)
                {
                    parts[i] = child.Attr(u.Fields[i]) ?? "";
                    complete &= child.Attr(u.Fields[i]) is not null;
                }

                if (!complete)
                {
                    continue;
                }

                key = string.Join('\u0001', parts);
            }

            seen ??= new HashSet<string>(StringComparer.Ordinal);
            if (!seen.Add(key))
            {
                ctx.Add(child, $"{u.Name}: {child.Name} med samme {string.Join("+", u.Fields)} ('{Clip(key.Replace('\u0001', '+'))}') forekommer flere ganger");
            }
        }
    }

    private static string Expected(List<ElementDecl> seq, int p, int count)
    {
        var names = new List<string>();
        for (var i = p; i < seq.Count; i++)
        {
            if (i == p && count >= seq[i].Max)
            {
                continue;
            }

            names.Add(seq[i].Name);
            if ((i == p ? count : 0) < seq[i].Min)
            {
                break;
            }
        }

        return names.Count == 0 ? "; ingen flere elementer er tillatt" : "; forventet " + string.Join(", ", names);
    }

    private static bool IsAllowedXsi(TreeAttribute a) =>
        a.Namespace == XsiNamespace && (a.Name == "schemaLocation" || a.Name == "noNamespaceSchemaLocation");

    internal static bool IsXmlWhitespace(string s)
    {
        foreach (var c in s)
        {
            if (c is not (' ' or '\t' or '\r' or '\n'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Clip(string? s) => s is null ? "" : s.Length <= 60 ? s : s[..60] + "…";

    internal sealed class ElementDecl(string name, int min, int max, TypeDecl type)
    {
        public string Name { get; } = name;
        public int Min { get; } = min;
        public int Max { get; } = max;
        public TypeDecl Type { get; } = type;
        public List<UniqueDecl> Uniques { get; } = [];
    }

    internal sealed class TypeDecl
    {
        public SimpleDecl? Simple { get; init; }
        public XmlSchemaContentType ContentType { get; init; }

        /// <summary>The named type (e.g. "SakType"), or null for an anonymous one; xsi:type may only name it.</summary>
        public string? Name { get; init; }
        public List<AttrDecl> Attributes { get; } = [];
        public List<ElementDecl> Sequence { get; } = [];

        public AttrDecl? FindAttribute(string name)
        {
            foreach (var a in Attributes)
            {
                if (a.Name == name)
                {
                    return a;
                }
            }

            return null;
        }
    }

    internal sealed record AttrDecl(string Name, bool Required, SimpleDecl Type);

    internal sealed record UniqueDecl(string Name, string Selector, string[] Fields);

    /// <summary>A simple type: a fast check for the common lexical forms, confirmed by .NET's own datatype
    /// (<see cref="XmlSchemaDatatype.ParseValue(string, XmlNameTable, IXmlNamespaceResolver)"/>) before rejecting.</summary>
    internal sealed class SimpleDecl
    {
        private readonly XmlSchemaSimpleType _type;
        private readonly XmlTypeCode _builtIn;
        private readonly int _minLength;
        private readonly int _maxLength = int.MaxValue;
        private readonly List<Func<string, bool>> _patterns = [];
        private readonly HashSet<string>? _enumeration;

        private SimpleDecl(XmlSchemaSimpleType type)
        {
            _type = type;
            _builtIn = type.Datatype?.TypeCode ?? XmlTypeCode.String;
            for (XmlSchemaType? t = type; t is XmlSchemaSimpleType st && st.Content is XmlSchemaSimpleTypeRestriction r; t = t.BaseXmlSchemaType)
            {
                var patterns = new List<string>();
                foreach (var f in r.Facets)
                {
                    switch (f)
                    {
                        case XmlSchemaLengthFacet l:
                            _minLength = Math.Max(_minLength, int.Parse(l.Value!, System.Globalization.CultureInfo.InvariantCulture));
                            _maxLength = Math.Min(_maxLength, int.Parse(l.Value!, System.Globalization.CultureInfo.InvariantCulture));
                            break;
                        case XmlSchemaMinLengthFacet l:
                            _minLength = Math.Max(_minLength, int.Parse(l.Value!, System.Globalization.CultureInfo.InvariantCulture));
                            break;
                        case XmlSchemaMaxLengthFacet l:
                            _maxLength = Math.Min(_maxLength, int.Parse(l.Value!, System.Globalization.CultureInfo.InvariantCulture));
                            break;
                        case XmlSchemaPatternFacet pf:
                            patterns.Add(pf.Value!);
                            break;
                        case XmlSchemaEnumerationFacet ef:
                            _enumeration ??= new HashSet<string>(StringComparer.Ordinal);
                            _enumeration.Add(ef.Value!);
                            break;
                        default:
                            throw new InvalidOperationException($"Unsupported facet {f.GetType().Name} in {type.QualifiedName}.");
                    }
                }

                if (patterns.Count > 0)
                {
                    // Patterns in one derivation step are alternatives; .NET anchors them as ^(...)$.
                    _patterns.Add(XsdPattern.Compile(patterns));
                }
            }
        }

        public static SimpleDecl From(XmlSchemaSimpleType type) => new(type);

        /// <summary>Null if valid, else a short reason (from .NET's datatype when it has one).</summary>
        public string? Check(string value) => FastAccept(value) ? null : Confirm(value);

        private bool FastAccept(string value) => _builtIn switch
        {
            XmlTypeCode.String => value.Length >= _minLength && value.Length <= _maxLength
                && (_enumeration is null || _enumeration.Contains(value))
                && AllPatterns(value),
            XmlTypeCode.Date => _patterns.Count == 0 && RegisterDates.TryParseDate(value, out _),
            XmlTypeCode.DateTime => RegisterDates.IsPlainDateTime(value) && AllPatterns(value),
            XmlTypeCode.Boolean => value is "true" or "false" or "1" or "0",
            _ => false,
        };

        /// <summary>The XSD rules .NET does not enforce (see <see cref="ValidateSupplements"/>); null if none is broken.</summary>
        public string? StrictCheck(string value)
        {
            if (_builtIn == XmlTypeCode.String)
            {
                return _patterns.Count > 0 && value.EndsWith('\n') ? "et linjeskift til slutt passer ikke mønsteret i skjemaet" : null;
            }

            if (_builtIn is not (XmlTypeCode.Date or XmlTypeCode.DateTime))
            {
                return null;
            }

            var v = value.Trim(' ', '\t', '\r', '\n');
            if (v.Length >= 16 && v[^6] is '+' or '-' && v[^3] == ':'
                && int.TryParse(v.AsSpan(v.Length - 5, 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var hh)
                && int.TryParse(v.AsSpan(v.Length - 2, 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var mm)
                && (hh > 14 || mm > 59 || (hh == 14 && mm > 0)))
            {
                return "tidssoneforskyvningen må være mellom -14:00 og +14:00";
            }

            return null;
        }

        private bool AllPatterns(string value)
        {
            foreach (var p in _patterns)
            {
                if (!p(value))
                {
                    return false;
                }
            }

            return true;
        }

        private string? Confirm(string value)
        {
            try
            {
                _type.Datatype!.ParseValue(value, null, null);
            }
            catch (XmlSchemaException ex)
            {
                return ex.Message;
            }
            catch (FormatException ex)
            {
                return ex.Message;
            }
            catch (OverflowException ex)
            {
                return ex.Message;
            }

            // .NET's datatype accepts; the pattern facet of a dateTime is checked by us on the collapsed value.
            if (_builtIn != XmlTypeCode.String && _patterns.Count > 0 && !AllPatterns(value.Trim(' ', '\t', '\r', '\n')))
            {
                return "verdien passer ikke mønsteret i skjemaet";
            }

            return null;
        }
    }
}
