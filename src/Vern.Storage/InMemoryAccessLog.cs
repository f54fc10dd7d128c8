using Vern.Domain.Cases;

namespace Vern.Storage;

/// <summary>The access log in memory, for tests; same contract as <see cref="Sqlite.SqliteAccessLog"/>. Append-only:
/// it has no way to change or remove a row.</summary>
public sealed class InMemoryAccessLog : IAccessLog
{
    private readonly Lock _lock = new();
    private readonly List<(AccessEntry Entry, byte[]? Cases)> _rows = [];

    public Task RecordAsync(AccessEntry entry, CancellationToken cancellationToken = default)
    {
        Add(entry, null);
        return Task.CompletedTask;
    }

    public Task RecordBulkAsync(AccessEntry entry, IReadOnlyCollection<CaseId> cases, CancellationToken cancellationToken = default)
    {
        Add(entry with { CaseId = null, CaseCount = cases.Count }, CaseIdSet.Encode(cases));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AccessEntry>> ForCaseAsync(CaseId caseId, string? municipalityNumber = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<AccessEntry>>([.. _rows.Where(r => r.Cases is null
                    ? r.Entry.CaseId == caseId
                    : (municipalityNumber is null || r.Entry.Scope == municipalityNumber || r.Entry.Scope == "*") && CaseIdSet.Contains(r.Cases, caseId))
                .Select(r => r.Entry)]);
    }

    public Task<IReadOnlyList<AccessEntry>> ReadAllAsync(string? actorId = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<AccessEntry>>([.. _rows.Select(r => r.Entry).Where(e => actorId is null || e.ActorId == actorId)]);
    }

    private void Add(AccessEntry entry, byte[]? cases)
    {
        if (entry.CaseId is null && entry.Scope is null)
            throw new ArgumentException("An access-log row names a case or a scope.");
        lock (_lock)
            _rows.Add((entry with { Position = _rows.Count + 1 }, cases));
    }
}
