using Vern.Domain.Cases;
using Vern.Domain.State;

namespace Vern.Storage.State;

/// <summary>Which referrals a read covers: one municipality's, one Bufetat region's, or all (aggregates).</summary>
public sealed record StateScope(string? Municipality, string? Region)
{
    public static StateScope All { get; } = new(null, null);

    public static StateScope OfMunicipality(string number) => new(number, null);

    public static StateScope OfRegion(string region) => new(null, region);

    public bool Includes(ReferralDetails d) => (Municipality is null || d.MunicipalityNumber == Municipality) && (Region is null || d.Region == Region);
}

/// <summary>New events of one referral, appended at the version they were decided on.</summary>
public sealed record ReferralAppend(ReferralState NewState, int ExpectedVersion, IReadOnlyList<RecordedReferralEvent> Events);

/// <summary>An imported Fiks message, kept by its id so importing it again changes nothing.</summary>
public sealed record InboundMessage(Guid MessageId, string Type, string Sender, string Receiver, ReferralId ReferralId, string Outcome, DateTimeOffset At);

/// <summary>Everything one command or one imported message stores, in ONE transaction: the referral's new events (if any),
/// the inbound message's id (if any) and the messages to send.</summary>
public sealed record StateCommit(ReferralAppend? Referral, InboundMessage? Inbound, IReadOnlyList<FiksMessage> Outbox);

/// <summary>A referral changed by someone else between read and append: nothing was stored.</summary>
public sealed class ReferralConcurrencyException(ReferralId id, int expected)
    : Exception($"Henvisningen {id} er endret av noen andre (forventet versjon {expected}). Ingenting ble lagret; les den på nytt.");

/// <summary>The state side's storage: referral events (append-only) with a current-state row per referral, the Fiks messages
/// imported (by id) and to send (outbox, append-only, with an append-only export log), and the facilities (centres and
/// institutions: each change a new version). The port knows nothing of actors.</summary>
public interface IStateStore
{
    /// <summary>Stores a commit atomically. A referral append at a stale version throws <see cref="ReferralConcurrencyException"/>;
    /// an inbound message id already stored throws <see cref="InvalidOperationException"/> (callers check <see cref="HasInboundAsync"/>).</summary>
    Task CommitAsync(StateCommit commit, CancellationToken cancellationToken = default);

    /// <summary>Stores many commits in ONE transaction (the data generators): all or nothing.</summary>
    Task CommitManyAsync(IReadOnlyList<StateCommit> commits, CancellationToken cancellationToken = default);

    Task<ReferralState?> LoadAsync(ReferralId id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RecordedReferralEvent>> ReadEventsAsync(ReferralId id, CancellationToken cancellationToken = default);

    /// <summary>The current state of every referral in the scope.</summary>
    Task<IReadOnlyList<ReferralState>> ListAsync(StateScope scope, CancellationToken cancellationToken = default);

    /// <summary>The current state of every referral in the scope with a stay that shares a day with [<paramref name="from"/>,
    /// <paramref name="to"/>] (an open stay runs to the end of time): the co-payment invoices and the stays reports read only
    /// these, found through the stays' span kept on each referral's row (migration 23), not by decoding every referral.</summary>
    Task<IReadOnlyList<ReferralState>> ListWithStaysAsync(StateScope scope, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    /// <summary>Every referral about the child with this key (for the one-place-at-a-time rule).</summary>
    Task<IReadOnlyList<ReferralState>> ListByChildAsync(string childKey, CancellationToken cancellationToken = default);

    /// <summary>Every referral sent from one municipal case, oldest first (the case page's referrals block), read through the
    /// index on the case id in the referral's details (migration 24) rather than the municipality's every referral.</summary>
    Task<IReadOnlyList<ReferralState>> ListByCaseAsync(CaseId caseId, CancellationToken cancellationToken = default);

    Task<bool> HasInboundAsync(Guid messageId, CancellationToken cancellationToken = default);

    /// <summary>Messages from <paramref name="sender"/> not yet exported, oldest first (all of them, exported or not, with <paramref name="includeExported"/>).</summary>
    Task<IReadOnlyList<FiksMessage>> OutboxAsync(string sender, bool includeExported, CancellationToken cancellationToken = default);

    Task MarkExportedAsync(IReadOnlyList<Guid> messageIds, string target, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Adds a facility or a new version of one (same id, later <see cref="Facility.ValidFrom"/>).</summary>
    Task AddFacilityAsync(Facility facility, string recordedBy, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The latest version of every facility (of a region, or all).</summary>
    Task<IReadOnlyList<Facility>> ListFacilitiesAsync(string? region, CancellationToken cancellationToken = default);
}
