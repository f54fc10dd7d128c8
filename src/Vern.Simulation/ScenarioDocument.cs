using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Vern.Simulation;

/// <summary>A scenario file parsed into a JSON tree, with the line every field starts on, so that an error can name
/// both the line and the field (<c>phases[0].residential.days</c>). JSON (comments and trailing commas allowed) and YAML
/// give the same tree.</summary>
public sealed class ScenarioDocument
{
    private readonly Dictionary<string, int> _lines;

    private ScenarioDocument(JsonNode root, Dictionary<string, int> lines, string file)
    {
        Root = root;
        _lines = lines;
        File = file;
    }

    public JsonNode Root { get; }

    /// <summary>The file name used in messages.</summary>
    public string File { get; }

    /// <summary>The 1-based line where the field at <paramref name="path"/> starts, or the nearest enclosing field's.</summary>
    public int LineOf(string path)
    {
        for (var p = path; ; p = Parent(p))
        {
            if (_lines.TryGetValue(p, out var line))
                return line;
            if (p.Length == 0)
                return 1;
        }
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut < 0 ? "" : path[..cut];
    }

    /// <summary>Parses JSON or YAML (chosen by the extension; <c>.yaml</c>/<c>.yml</c> is YAML, anything else JSON).</summary>
    /// <exception cref="ScenarioException">The text is not well-formed; the error names the line.</exception>
    public static ScenarioDocument Parse(string text, string file)
    {
        var ext = Path.GetExtension(file).ToLowerInvariant();
        return ext is ".yaml" or ".yml" ? ParseYaml(text, file) : ParseJson(text, file);
    }

    private static ScenarioDocument ParseJson(string text, string file)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var newlines = new List<long>();
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
                newlines.Add(i);
        }
        int LineAt(long offset)
        {
            var index = newlines.BinarySearch(offset);
            return (index < 0 ? ~index : index) + 1;
        }

        var options = new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        try
        {
            var reader = new Utf8JsonReader(bytes, options);
            var frames = new List<Frame>();
            while (reader.Read())
            {
                var line = LineAt(reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        continue;
                    case JsonTokenType.PropertyName:
                        frames[^1].Property = reader.GetString();
                        lines.TryAdd(PathOf(frames), line);
                        continue;
                }
                if (frames.Count > 0 && frames[^1].IsArray)
                    frames[^1].Index++;
                lines.TryAdd(PathOf(frames), line);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
            }
            var root = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })
                ?? throw Malformed(file, 1, "filen er tom");
            return new ScenarioDocument(root, lines, file);
        }
        catch (JsonException e)
        {
            throw Malformed(file, (int)(e.LineNumber ?? 0) + 1, "ugyldig JSON: " + e.Message);
        }
    }

    private static ScenarioDocument ParseYaml(string text, string file)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var parser = new TrackingParser(new Parser(new StringReader(text)));
        try
        {
            var stream = new YamlStream();
            stream.Load(parser);
            if (stream.Documents.Count == 0)
                throw Malformed(file, 1, "filen er tom");
            var root = Convert(stream.Documents[0].RootNode, "", lines) ?? throw Malformed(file, 1, "filen er tom");
            return new ScenarioDocument(root, lines, file);
        }
        catch (YamlException e)
        {
            throw Malformed(file, (int)e.Start.Line, "ugyldig YAML: " + e.Message);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this for some unclosed flow collections; the last event read gives the line.
            throw Malformed(file, parser.LastLine, "ugyldig YAML: uavsluttet { eller [ etter denne linjen");
        }
    }

    private static JsonNode? Convert(YamlNode node, string path, Dictionary<string, int> lines)
    {
        lines.TryAdd(path, (int)node.Start.Line);
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    var name = ((YamlScalarNode)key).Value ?? "";
                    var childPath = path.Length == 0 ? name : path + "." + name;
                    lines.TryAdd(childPath, (int)key.Start.Line);
                    obj[name] = Convert(value, childPath, lines);
                }
                return obj;
            case YamlSequenceNode seq:
                var array = new JsonArray();
                var i = 0;
                foreach (var item in seq.Children)
                    array.Add(Convert(item, $"{path}[{i++}]", lines));
                return array;
            case YamlScalarNode scalar:
                var text = scalar.Value ?? "";
                if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted)
                    return JsonValue.Create(text);
                if (text is "" or "~" or "null")
                    return null;
                if (text is "true" or "false")
                    return JsonValue.Create(text == "true");
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    return JsonValue.Create(number);
                return JsonValue.Create(text);
            default:
                return null;
        }
    }

    private static string PathOf(List<Frame> frames)
    {
        var sb = new StringBuilder();
        foreach (var f in frames)
        {
            if (f.IsArray)
                sb.Append('[').Append(f.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            else if (f.Property is not null)
                sb.Append(sb.Length == 0 ? "" : ".").Append(f.Property);
        }
        return sb.ToString();
    }

    private static ScenarioException Malformed(string file, int line, string message) =>
        new([new ScenarioError(file, line, "", "Scenario.WellFormed", message)]);

    /// <summary>Remembers the line of the last YAML event read, for errors YamlDotNet raises without a position.</summary>
    private sealed class TrackingParser(IParser inner) : IParser
    {
        public int LastLine { get; private set; } = 1;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            if (inner.Current is { } e)
                LastLine = (int)e.End.Line;
            return moved;
        }
    }

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;
        public string? Property { get; set; }
        public int Index { get; set; } = -1;
    }
}

/// <summary>One thing wrong with a scenario file: where (file, line, field path), which rule, and what.</summary>
public sealed record ScenarioError(string File, int Line, string Path, string Rule, string Message)
{
    public override string ToString() => $"{File}:{Line}: {(Path.Length > 0 ? Path + ": " : "")}{Message} ({Rule})";
}

/// <summary>A scenario file was refused; <see cref="Errors"/> lists every rule broken.</summary>
public sealed class ScenarioException(IReadOnlyList<ScenarioError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<ScenarioError> Errors { get; } = errors;
}
