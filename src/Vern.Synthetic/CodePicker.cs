using Vern.Domain.CodeLists;

namespace Vern.Synthetic;

/// <summary>Picks codes from SSB's code lists (<see cref="CodeListSet"/>) that are valid on a fact's date, so the
/// generated data follows the lists' changes (e.g. Saksinnhold's switch to the Kunnskapsmodellen codes on
/// 2026-01-01, Melder 15 split into 24 and 25 on 2025-01-01) without hard-coding the dates.</summary>
internal sealed class CodePicker
{
    private readonly CodeListSet _lists;
    private readonly Dictionary<(string Path, int Day), CodeListEntry[]> _valid = [];

    public CodePicker(CodeListSet lists) => _lists = lists;

    /// <summary>Every code of the list valid on <paramref name="on"/> that needs no free-text specification.</summary>
    public CodeListEntry[] ValidOn(string path, DateOnly on)
    {
        var key = (path, on.DayNumber);
        if (!_valid.TryGetValue(key, out var entries))
        {
            entries = _lists.Get(path).Entries.Where(e => e.IsValidOn(on) && !e.RequiresSpecification).ToArray();
            if (_valid.Count > 50_000)
                _valid.Clear();
            _valid[key] = entries;
        }
        return entries;
    }

    /// <summary>Whether <paramref name="code"/> may be used on <paramref name="on"/>.</summary>
    public bool IsValid(string path, string code, DateOnly on) =>
        _lists.Get(path).Find(code) is { } e && e.IsValidOn(on);

    /// <summary>Whether <paramref name="code"/> may be used on <paramref name="on"/> without a free-text specification.</summary>
    private bool Usable(string path, string code, DateOnly on) =>
        _lists.Get(path).Find(code) is { } e && e.IsValidOn(on) && !e.RequiresSpecification;

    /// <summary>Picks one of the weighted candidates that is valid on the date (and needs no specification); the candidates are listed in the
    /// order of preference the caller wants (weights need not sum to 1).</summary>
    public string Pick(Random rng, string path, DateOnly on, params (string Code, double Weight)[] candidates)
    {
        double total = 0;
        foreach (var (code, weight) in candidates)
            if (Usable(path, code, on))
                total += weight;
        if (total <= 0)
            throw new InvalidOperationException($"No candidate code of {path} is valid on {on:yyyy-MM-dd}.");
        var x = rng.NextDouble() * total;
        foreach (var (code, weight) in candidates)
        {
            if (!Usable(path, code, on))
                continue;
            x -= weight;
            if (x < 0)
                return code;
        }
        return candidates.Last(c => Usable(path, c.Code, on)).Code;
    }

    /// <summary>Picks <paramref name="count"/> distinct codes valid on the date: from <paramref name="preferred"/>
    /// (those still valid) three times as often as from the rest of the list.</summary>
    public List<string> PickSome(Random rng, string path, DateOnly on, int count, IReadOnlySet<string> preferred, Func<string, bool>? allowed = null)
    {
        var valid = ValidOn(path, on);
        var result = new List<string>(count);
        for (int attempt = 0; result.Count < count && attempt < count * 10; attempt++)
        {
            var fromPreferred = rng.NextDouble() < 0.75;
            var pool = valid.Where(e => preferred.Contains(e.Code) == fromPreferred && (allowed?.Invoke(e.Code) ?? true)).ToArray();
            if (pool.Length == 0)
                pool = valid.Where(e => allowed?.Invoke(e.Code) ?? true).ToArray();
            var code = pool[rng.Next(pool.Length)].Code;
            if (!result.Contains(code))
                result.Add(code);
        }
        return result;
    }
}
