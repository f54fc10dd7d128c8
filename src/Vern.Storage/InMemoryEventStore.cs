using System.Runtime.CompilerServices;
using System.Text.Json;
using Vern.Domain.Cases;

namespace Vern.Storage;

/// <summary>An event store in memory, for tests and tools; it passes the same contract tests as SQLite.</summary>
/// <remarks>Positions behave like a database sequence: an append takes its positions when it starts and its events
/// become visible when it commits. <see cref="HoldNextAppend"/> lets a test keep one append between the two, so a later
/// append commits a higher position first — the order PostgreSQL allows under concurrent writers.</remarks>
public sealed class InMemoryEventStore(TimeProvider? clock = null) : IEventStore
{
    private sealed record Stored(StoredEvent Raw, RecordedEvent Event, long Position);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Dictionary<CaseId, List<Stored>> _streams = [];
    private readonly Dictionary<CaseId, (CaseState State, DateTimeOffset UpdatedAt)> _states = [];
    private readonly SortedSet<long> _inFlight = [];
    private readonly HashSet<CaseId> _casesInFlight = [];
    private readonly Lock _lock = new();
    private long _allocated;
    private TaskCompletionSource? _hold;

    /// <summary>The next append takes its positions and then waits, uncommitted, until the returned source is
    /// completed. For tests of readers under out-of-order commits.</summary>
    public TaskCompletionSource HoldNextAppend()
    {
        lock (_lock)
            return _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<RecordedEvent>>(_streams.TryGetValue(caseId, out var s) ? s.Select(e => e.Event).ToList() : []);
    }

    public Task<CaseState?> LoadStateAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_states.TryGetValue(caseId, out var s) ? s.State : null);
    }

    public async Task AppendAsync(IReadOnlyList<CaseAppend> appends, CancellationToken cancellationToken = default)
    {
        long first;
        TaskCompletionSource? hold;
        lock (_lock)
        {
            foreach (var a in appends)
            {
                var actual = _states.TryGetValue(a.CaseId, out var s) ? s.State.Version : 0;
                if (actual != a.ExpectedVersion || _casesInFlight.Contains(a.CaseId))
                    throw new ConcurrencyException(a.CaseId, a.ExpectedVersion, actual);
                if (a.NewState.Version != a.ExpectedVersion + a.Events.Count)
                    throw new InvalidOperationException($"Case {a.CaseId}: the new state has version {a.NewState.Version}, but {a.ExpectedVersion} + {a.Events.Count} events were appended.");
            }
            first = _allocated + 1;
            _allocated += Math.Max(1, appends.Sum(a => a.Events.Count));
            _inFlight.Add(first);
            foreach (var a in appends)
                _casesInFlight.Add(a.CaseId);
            hold = _hold;
            _hold = null;
        }
        try
        {
            if (hold is not null)
                await hold.Task.WaitAsync(cancellationToken);
        }
        catch
        {
            Release(first, appends);
            throw;
        }
        lock (_lock)
        {
            var position = first;
            foreach (var a in appends)
            {
                var stream = _streams.TryGetValue(a.CaseId, out var list) ? list : _streams[a.CaseId] = [];
                var version = a.ExpectedVersion;
                var previous = stream.Count > 0 ? stream[^1].Raw.Hash : null;
                foreach (var e in a.Events)
                {
                    var json = JsonSerializer.Serialize(e.Event, CaseJson.Options);
                    var at = EventHash.Instant(e.RecordedAt);
                    var type = CaseJson.Discriminator(e.Event);
                    var hash = EventHash.Compute(a.CaseId, ++version, type, json, e.RecordedBy, at, previous, e.RecordedRole);
                    stream.Add(new Stored(new StoredEvent(a.CaseId, version, type, json, e.RecordedBy, at, hash, e.RecordedRole),
                        new RecordedEvent(a.CaseId, version, e.RecordedBy, e.RecordedAt, e.Event, e.RecordedRole), position++));
                    previous = hash;
                }
                _states[a.CaseId] = (a.NewState, a.Events.Count > 0 ? a.Events[^1].RecordedAt : _clock.GetUtcNow());
            }
            _inFlight.Remove(first);
            foreach (var a in appends)
                _casesInFlight.Remove(a.CaseId);
        }
    }

    private void Release(long first, IReadOnlyList<CaseAppend> appends)
    {
        lock (_lock)
        {
            _inFlight.Remove(first);
            foreach (var a in appends)
                _casesInFlight.Remove(a.CaseId);
        }
    }

    public Task<IReadOnlyList<CaseHeader>> ListCasesAsync(MunicipalityScope scope, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<CaseHeader>>(_states.Values
                .Where(s => scope.Includes(s.State.MunicipalityNumber, s.State.Bydel))
                .OrderBy(s => s.State.MunicipalityNumber, StringComparer.Ordinal)
                .ThenBy(s => s.State.JournalNumber, StringComparer.Ordinal)
                .Select(s => new CaseHeader(s.State.Id, s.State.MunicipalityNumber, s.State.JournalNumber, s.State.Version, s.UpdatedAt, s.State.Bydel))
                .ToList());
    }

    public async IAsyncEnumerable<CaseState> ReadStatesAsync(MunicipalityScope scope, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<CaseState> states;
        lock (_lock)
            states = _states.Values.Select(s => s.State).Where(s => scope.Includes(s.MunicipalityNumber, s.Bydel))
                .OrderBy(s => s.MunicipalityNumber, StringComparer.Ordinal).ThenBy(s => s.JournalNumber, StringComparer.Ordinal).ToList();
        foreach (var s in states)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return s;
        }
        await Task.CompletedTask;
    }

    public Task<long> CountEventsAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_streams.Values.Sum(s => (long)s.Count));
    }

    public Task<FeedCursor> CommittedAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(new FeedCursor(0, _inFlight.Count > 0 ? _inFlight.Min - 1 : _allocated));
    }

    public async IAsyncEnumerable<CaseState> ReadChangedAsync(FeedCursor after, FeedCursor upTo, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<CaseState> changed;
        lock (_lock)
            changed = _streams.Where(s => s.Value.Any(e => e.Position > after.Position && e.Position <= upTo.Position))
                .Select(s => _states[s.Key].State).ToList();
        foreach (var s in changed)
            yield return s;
        await Task.CompletedTask;
    }

    public Task<bool> AnyChangedAsync(FeedCursor after, FeedCursor upTo, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_streams.Values.Any(s => s.Any(e => e.Position > after.Position && e.Position <= upTo.Position)));
    }

    public async IAsyncEnumerable<StoredEvent> ReadAllStoredAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<StoredEvent> all;
        lock (_lock)
            all = _streams.OrderBy(s => s.Key.Value.ToString("D"), StringComparer.Ordinal).SelectMany(s => s.Value.Select(e => e.Raw)).ToList();
        foreach (var e in all)
            yield return e;
        await Task.CompletedTask;
    }

    public async IAsyncEnumerable<(CaseId CaseId, string StateJson)> ReadAllSnapshotsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<(CaseId, string)> all;
        lock (_lock)
            all = _states.OrderBy(s => s.Key.Value.ToString("D"), StringComparer.Ordinal)
                .Select(s => (s.Key, JsonSerializer.Serialize(s.Value.State, CaseJson.Options))).ToList();
        foreach (var s in all)
            yield return s;
        await Task.CompletedTask;
    }

    public void Dispose() { }
}
