using Vern.Domain.Cases;
using Vern.Domain.State;

namespace Vern.Storage.State;

/// <summary>The state side's storage in memory (tests, benches): the same contract as <see cref="SqliteStateStore"/>.</summary>
public sealed class InMemoryStateStore : IStateStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ReferralId, (ReferralState State, List<RecordedReferralEvent> Events)> _referrals = [];
    private readonly Dictionary<Guid, InboundMessage> _inbound = [];
    private readonly List<FiksMessage> _outbox = [];
    private readonly HashSet<Guid> _exported = [];
    private readonly List<Facility> _facilities = [];

    public Task CommitAsync(StateCommit commit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (commit.Inbound is { } i && _inbound.ContainsKey(i.MessageId))
                throw new InvalidOperationException($"Meldingen {i.MessageId} er allerede tatt imot.");
            if (commit.Referral is { } a)
            {
                var current = _referrals.TryGetValue(a.NewState.Id, out var r) ? r.State.Version : 0;
                if (current != a.ExpectedVersion)
                    throw new ReferralConcurrencyException(a.NewState.Id, a.ExpectedVersion);
                var events = r.Events ?? [];
                events.AddRange(a.Events);
                _referrals[a.NewState.Id] = (a.NewState, events);
            }
            if (commit.Inbound is { } inbound)
                _inbound[inbound.MessageId] = inbound;
            _outbox.AddRange(commit.Outbox);
        }
        return Task.CompletedTask;
    }

    public async Task CommitManyAsync(IReadOnlyList<StateCommit> commits, CancellationToken cancellationToken = default)
    {
        foreach (var c in commits)
            await CommitAsync(c, cancellationToken);
    }

    public Task<ReferralState?> LoadAsync(ReferralId id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_referrals.TryGetValue(id, out var r) ? r.State : null);
    }

    public Task<IReadOnlyList<RecordedReferralEvent>> ReadEventsAsync(ReferralId id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<RecordedReferralEvent>>(_referrals.TryGetValue(id, out var r) ? [.. r.Events] : []);
    }

    public Task<IReadOnlyList<ReferralState>> ListAsync(StateScope scope, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<ReferralState>>([.. _referrals.Values.Select(r => r.State).Where(s => scope.Includes(s.Details))]);
    }

    public Task<IReadOnlyList<ReferralState>> ListWithStaysAsync(StateScope scope, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<ReferralState>>([.. _referrals.Values.Select(r => r.State)
                .Where(s => scope.Includes(s.Details) && s.Stays.Any(t => t.Overlaps(from, to)))]);
    }

    public Task<IReadOnlyList<ReferralState>> ListByChildAsync(string childKey, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<ReferralState>>([.. _referrals.Values.Select(r => r.State).Where(s => s.Details.Child.Key == childKey)]);
    }

    public Task<IReadOnlyList<ReferralState>> ListByCaseAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<ReferralState>>([.. _referrals.Values.Select(r => r.State).Where(s => s.Details.CaseId == caseId)]);
    }

    public Task<bool> HasInboundAsync(Guid messageId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_inbound.ContainsKey(messageId));
    }

    public Task<IReadOnlyList<FiksMessage>> OutboxAsync(string sender, bool includeExported, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<FiksMessage>>([.. _outbox.Where(m => m.Sender == sender && (includeExported || !_exported.Contains(m.MessageId)))]);
    }

    public Task MarkExportedAsync(IReadOnlyList<Guid> messageIds, string target, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            _exported.UnionWith(messageIds);
        return Task.CompletedTask;
    }

    public Task AddFacilityAsync(Facility facility, string recordedBy, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        Facility.Validate(facility);
        lock (_lock)
        {
            if (_facilities.LastOrDefault(f => f.Id == facility.Id) is { } last && facility.ValidFrom <= last.ValidFrom)
                throw new ArgumentException($"--valid-from: en ny versjon av {facility.Id} må gjelde fra etter {last.ValidFrom:yyyy-MM-dd}.");
            _facilities.Add(facility);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Facility>> ListFacilitiesAsync(string? region, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<Facility>>([.. _facilities.GroupBy(f => f.Id).Select(g => g.Last()).Where(f => region is null || f.Region == region).OrderBy(f => f.Id, StringComparer.Ordinal)]);
    }
}
