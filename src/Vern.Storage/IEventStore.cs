using Vern.Domain.Cases;

namespace Vern.Storage;

/// <summary>An event about to be stored, with who recorded it and when (UTC).</summary>
public sealed record PendingEvent(CaseEvent Event, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>One case's append: its events, the state they lead to (kept as a snapshot next to the history),
/// and the version the writer read (the expected-version check).</summary>
public sealed record CaseAppend(CaseId CaseId, long ExpectedVersion, IReadOnlyList<PendingEvent> Events, CaseState NewState);

/// <summary>Short facts about a stored case, for listings.</summary>
public sealed record CaseHeader(CaseId Id, string MunicipalityNumber, string JournalNumber, long Version, DateTimeOffset UpdatedAt);

/// <summary>Another writer changed the case after it was read: nothing was stored; read again and retry.</summary>
public sealed class ConcurrencyException(CaseId caseId, long expected, long actual)
    : Exception($"Saken {caseId} er endret av noen andre (forventet versjon {expected}, fant {actual}). Ingenting ble lagret; les saken på nytt.")
{
    public CaseId CaseId { get; } = caseId;
    public long Expected { get; } = expected;
    public long Actual { get; } = actual;
}

/// <summary>The event store port: append-only case histories with an expected-version check, plus the
/// state snapshot each append leaves behind. Implementations: <see cref="Sqlite.SqliteEventStore"/>,
/// <see cref="InMemoryEventStore"/>; a PostgreSQL one must pass the same contract tests.</summary>
public interface IEventStore : IDisposable
{
    /// <summary>All events of one case in order; empty when the case does not exist.</summary>
    IReadOnlyList<RecordedEvent> ReadStream(CaseId caseId);

    /// <summary>The latest stored state of one case, or null.</summary>
    CaseState? LoadState(CaseId caseId);

    /// <summary>Appends to one or more cases atomically: all or nothing. Throws <see cref="ConcurrencyException"/>
    /// when a case's stored version differs from <see cref="CaseAppend.ExpectedVersion"/>.</summary>
    void Append(IReadOnlyList<CaseAppend> appends);

    /// <summary>Cases, optionally of one municipality, ordered by journal number.</summary>
    IReadOnlyList<CaseHeader> ListCases(string? municipalityNumber = null);

    /// <summary>Streams the current state of every case (optionally of one municipality) without holding them all.</summary>
    IEnumerable<CaseState> ReadStates(string? municipalityNumber = null);

    /// <summary>Number of stored events (all cases).</summary>
    long CountEvents();

    /// <summary>The store-wide position of the latest event (0 when empty). Positions only grow, so a reader that
    /// remembers one (a derived index) can ask for what changed after it.</summary>
    long LastPosition();

    /// <summary>The current state of every case with an event after <paramref name="position"/>.</summary>
    IEnumerable<CaseState> ReadStatesChangedAfter(long position);
}
