using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vern.Deadlines.Rules;

/// <summary>Regelverk: every version of every deadline rule, read from a rule file (by default the embedded
/// Rules/rules.json). <see cref="Find{T}"/> picks the version in force on a legal date.</summary>
public sealed class RuleBook
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private static readonly Lazy<RuleBook> DefaultBook = new(() =>
    {
        using var stream = typeof(RuleBook).Assembly.GetManifestResourceStream("Vern.Deadlines.Rules.rules.json")
            ?? throw new InvalidOperationException("The embedded rule file Vern.Deadlines.Rules.rules.json is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    });

    private readonly Dictionary<string, DeadlineRule[]> _byId;

    private RuleBook(ImmutableArray<DeadlineRule> rules)
    {
        Rules = rules;
        _byId = rules.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.OrderBy(r => r.ValidFrom).ToArray());
    }

    /// <summary>The rules Vern ships with (Rules/rules.json).</summary>
    public static RuleBook Default => DefaultBook.Value;

    public ImmutableArray<DeadlineRule> Rules { get; }

    /// <summary>Rule ids in file order.</summary>
    public IEnumerable<string> Ids => Rules.Select(r => r.Id).Distinct();

    private sealed record RuleFile(string? Comment, ImmutableArray<DeadlineRule> Rules);

    /// <summary>Reads a rule file. Refuses a version without a basis, a version that ends before it starts, and two versions of one rule
    /// that are both in force on some date, naming the rule and the dates.</summary>
    public static RuleBook Parse(string json)
    {
        var file = JsonSerializer.Deserialize<RuleFile>(json, Options)
            ?? throw new FormatException("The rule file is empty.");
        var rules = file.Rules.IsDefault ? [] : file.Rules;
        foreach (var r in rules)
        {
            if (r.Basis is null)
                throw new FormatException($"Regel {r.Id} ({r.Act}, fra {r.ValidFrom:yyyy-MM-dd}): «basis» mangler; oppgi Law, Regulation, Guidance eller LocalRoutine.");
            if (r.ValidTo is { } to && to < r.ValidFrom)
                throw new FormatException($"Regel {r.Id} ({r.Act}): gyldig til {to:yyyy-MM-dd} er før gyldig fra {r.ValidFrom:yyyy-MM-dd}.");
        }
        foreach (var group in rules.GroupBy(r => r.Id))
        {
            var ordered = group.OrderBy(r => r.ValidFrom).ToList();
            for (int i = 1; i < ordered.Count; i++)
            {
                var prev = ordered[i - 1];
                if (prev.ValidTo is null || prev.ValidTo >= ordered[i].ValidFrom)
                    throw new FormatException($"Regel {group.Key}: versjonene {prev.Act} (fra {prev.ValidFrom:yyyy-MM-dd}) og {ordered[i].Act} (fra {ordered[i].ValidFrom:yyyy-MM-dd}) overlapper; lukk den eldste med validTo.");
            }
        }
        return new RuleBook(rules);
    }

    /// <summary>The version of rule <paramref name="id"/> in force on <paramref name="legalDate"/>, or null when none is
    /// (for instance a foster home visit before the 2003 regulation).</summary>
    public T? Find<T>(string id, DateOnly legalDate) where T : DeadlineRule
    {
        if (!_byId.TryGetValue(id, out var versions))
            return null;
        foreach (var v in versions)
            if (v.IsInForceOn(legalDate))
                return (T)v;
        return null;
    }

    /// <summary>All versions of one rule, oldest first.</summary>
    public IReadOnlyList<DeadlineRule> Versions(string id) => _byId.TryGetValue(id, out var v) ? v : [];
}
