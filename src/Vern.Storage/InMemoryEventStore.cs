using Vern.Domain.Cases;

namespace Vern.Storage;

/// <summary>An event store in memory, for tests and tools; it passes the same contract tests as SQLite.</summary>
public sealed class InMemoryEventStore : IEventStore
{
    private readonly Dictionary<CaseId, List<RecordedEvent>> _streams = [];
    private readonly Dictionary<CaseId, (CaseState State, DateTimeOffset UpdatedAt)> _states = [];
    private readonly Dictionary<CaseId, long> _lastPosition = [];
    private readonly Lock _lock = new();
    private long _position;

    public IReadOnlyList<RecordedEvent> ReadStream(CaseId caseId)
    {
        lock (_lock)
            return _streams.TryGetValue(caseId, out var s) ? s.ToList() : [];
    }

    public CaseState? LoadState(CaseId caseId)
    {
        lock (_lock)
            return _states.TryGetValue(caseId, out var s) ? s.State : null;
    }

    public void Append(IReadOnlyList<CaseAppend> appends)
    {
        lock (_lock)
        {
            foreach (var a in appends)
            {
                var actual = _states.TryGetValue(a.CaseId, out var s) ? s.State.Version : 0;
                if (actual != a.ExpectedVersion)
                    throw new ConcurrencyException(a.CaseId, a.ExpectedVersion, actual);
            }
            foreach (var a in appends)
            {
                var stream = _streams.TryGetValue(a.CaseId, out var list) ? list : _streams[a.CaseId] = [];
                var version = a.ExpectedVersion;
                foreach (var e in a.Events)
                    stream.Add(new RecordedEvent(a.CaseId, ++version, e.RecordedBy, e.RecordedAt, e.Event));
                _position += a.Events.Count;
                _lastPosition[a.CaseId] = _position;
                _states[a.CaseId] = (a.NewState, a.Events.Count > 0 ? a.Events[^1].RecordedAt : DateTimeOffset.MinValue);
            }
        }
    }

    public IReadOnlyList<CaseHeader> ListCases(string? municipalityNumber = null)
    {
        lock (_lock)
            return _states.Values
                .Where(s => municipalityNumber is null || s.State.MunicipalityNumber == municipalityNumber)
                .OrderBy(s => s.State.JournalNumber, StringComparer.Ordinal)
                .Select(s => new CaseHeader(s.State.Id, s.State.MunicipalityNumber, s.State.JournalNumber, s.State.Version, s.UpdatedAt))
                .ToList();
    }

    public IEnumerable<CaseState> ReadStates(string? municipalityNumber = null)
    {
        lock (_lock)
            return _states.Values.Select(s => s.State)
                .Where(s => municipalityNumber is null || s.MunicipalityNumber == municipalityNumber)
                .ToList();
    }

    public long CountEvents()
    {
        lock (_lock)
            return _streams.Values.Sum(s => (long)s.Count);
    }

    public long LastPosition()
    {
        lock (_lock)
            return _position;
    }

    public IEnumerable<CaseState> ReadStatesChangedAfter(long position)
    {
        lock (_lock)
            return _lastPosition.Where(p => p.Value > position).Select(p => _states[p.Key].State).ToList();
    }

    public void Dispose() { }
}
