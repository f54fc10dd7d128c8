using Vern.Domain.Cases;
using Vern.Domain.Identity;

namespace Vern.Storage.Matching;

/// <summary>The duplicate index and decisions in memory, for tests and the in-memory composition; passes the same
/// contract tests as <see cref="SqliteMatchingStore"/>.</summary>
public sealed class InMemoryMatchingStore : IMatchingStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<CaseId, ChildIndexRow> _rows = [];
    private readonly Dictionary<(string Municipality, string Key), HashSet<CaseId>> _keys = [];
    private readonly List<MatchDecision> _decisions = [];
    private readonly List<(IdentityAlias Alias, string Key)> _aliases = [];
    private MatchIndexMark? _mark;

    public Task<MatchIndexMark?> ReadMarkAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_mark);
    }

    public Task ClearIndexAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _rows.Clear();
            _keys.Clear();
            _mark = null;
        }
        return Task.CompletedTask;
    }

    public Task WriteIndexAsync(IReadOnlyList<ChildIndexRow> rows, MatchIndexMark? mark, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            foreach (var row in rows)
            {
                if (_rows.TryGetValue(row.CaseId, out var old))
                {
                    if (old.Format == row.Format && old.Version > row.Version)
                        continue;
                    foreach (var k in old.Keys)
                        _keys[(old.MunicipalityNumber, k)].Remove(old.CaseId);
                }
                _rows[row.CaseId] = row;
                foreach (var k in row.Keys.Distinct())
                {
                    if (!_keys.TryGetValue((row.MunicipalityNumber, k), out var set))
                        _keys[(row.MunicipalityNumber, k)] = set = [];
                    set.Add(row.CaseId);
                }
            }
            if (mark is not null)
                _mark = mark;
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ChildIndexRow>> LookupAsync(string municipalityNumber, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var ids = new HashSet<CaseId>();
            foreach (var k in keys)
                if (_keys.TryGetValue((municipalityNumber, k), out var set))
                    ids.UnionWith(set);
            var wanted = keys.ToHashSet(StringComparer.Ordinal);
            ids.UnionWith(_aliases.Where(a => a.Alias.MunicipalityNumber == municipalityNumber && wanted.Contains(a.Key)).Select(a => a.Alias.CaseId));
            return Task.FromResult<IReadOnlyList<ChildIndexRow>>(
                [.. ids.Select(id => _rows.GetValueOrDefault(id)).OfType<ChildIndexRow>().Where(r => r.MunicipalityNumber == municipalityNumber)
                    .OrderBy(r => r.CaseId.ToString(), StringComparer.Ordinal).Select(r => r with { Keys = [] })]);
        }
    }

    public Task<ChildIndexRow?> ReadRowAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_rows.GetValueOrDefault(caseId) is { } row ? row with { Keys = [] } : null);
    }

    public Task<(long Rows, long Keys)> CountAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(((long)_rows.Count, (long)_keys.Values.Sum(s => s.Count)));
    }

    public Task RecordDecisionAsync(MatchDecision decision, CancellationToken cancellationToken = default)
    {
        if (MatchDecision.Refusal(decision.CaseA, decision.CaseB, decision.Reason) is { } refusal)
            throw new ArgumentException(refusal);
        lock (_lock)
            _decisions.Add(decision);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<MatchDecision>> DecisionsAsync(string municipalityNumber, CaseId caseId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<MatchDecision>>(
                [.. _decisions.Where(d => d.MunicipalityNumber == municipalityNumber && (d.CaseA == caseId || d.CaseB == caseId))]);
    }

    public Task AddAliasAsync(IdentityAlias alias, string key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            _aliases.Add((alias, key));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IdentityAlias>> AliasesAsync(IReadOnlyCollection<CaseId> caseIds, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var set = caseIds.ToHashSet();
            return Task.FromResult<IReadOnlyList<IdentityAlias>>([.. _aliases.Where(a => set.Contains(a.Alias.CaseId)).Select(a => a.Alias)]);
        }
    }
}
