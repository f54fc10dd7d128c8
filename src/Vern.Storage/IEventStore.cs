using System.Text.Json;
using Vern.Domain.Cases;

namespace Vern.Storage;

/// <summary>An event about to be stored, with who recorded it, in which role (issue 15: the actor's role is carried into
/// every event's metadata; null where the writer has no actor, e.g. an old database's events) and when (UTC).</summary>
public sealed record PendingEvent(CaseEvent Event, string RecordedBy, DateTimeOffset RecordedAt, string? RecordedRole = null);

/// <summary>One case's append: its events, the state they lead to (kept as a snapshot next to the history),
/// and the version the writer read (the expected-version check).</summary>
public sealed record CaseAppend(CaseId CaseId, long ExpectedVersion, IReadOnlyList<PendingEvent> Events, CaseState NewState);

/// <summary>Short facts about a stored case, for listings.</summary>
/// <param name="Bydel">The case's city district (bydel, Avgiver/@Bydelsnummer), or null.</param>
public sealed record CaseHeader(CaseId Id, string MunicipalityNumber, string JournalNumber, long Version, DateTimeOffset UpdatedAt, string? Bydel = null);

/// <summary>A case's stored state as read, decoded by <see cref="Decode"/> on whichever thread calls it
/// (<see cref="ICaseSnapshots.ReadStoredStatesAsync"/>).</summary>
public sealed class StoredCaseState
{
    private readonly string? _json;
    private readonly byte[]? _utf8;
    private readonly CaseState? _state;

    /// <summary>A state stored as JSON (<see cref="CaseJson.Options"/>).</summary>
    public StoredCaseState(string json) => _json = json;

    /// <summary>A state stored as JSON, as the database's UTF-8 bytes: decoded without a detour through a .NET string
    /// (SQLite keeps text as UTF-8, and System.Text.Json reads UTF-8, so a string would be converted there and back).</summary>
    public StoredCaseState(byte[] utf8Json) => _utf8 = utf8Json;

    /// <summary>A state already decoded.</summary>
    public StoredCaseState(CaseState state) => _state = state;

    /// <summary>The state; each call decodes the JSON again.</summary>
    public CaseState Decode() => _state
        ?? (_utf8 is not null ? CaseJson.ReadState(_utf8) : CaseJson.ReadState(_json!));
}

/// <summary>Another writer changed the case after it was read: nothing was stored; read again and retry.</summary>
public sealed class ConcurrencyException(CaseId caseId, long expected, long actual)
    : Exception($"Saken {caseId} er endret av noen andre (forventet versjon {expected}, fant {actual}). Ingenting ble lagret; les saken på nytt.")
{
    public CaseId CaseId { get; } = caseId;
    public long Expected { get; } = expected;
    public long Actual { get; } = actual;
}

/// <summary>Which cases a query reads: one municipality's (kommunenummer), one bydel of a municipality (a service organised
/// per city district, issue 15), or — said explicitly — the whole nation's. There is no default: every listing names its
/// scope, so a national read is never an accident.</summary>
public sealed class MunicipalityScope
{
    private MunicipalityScope(string? number, string? bydel = null) => (Number, Bydel) = (number, bydel);

    /// <summary>The municipality number, or null for <see cref="National"/>.</summary>
    public string? Number { get; }

    /// <summary>The bydel (two digits) within <see cref="Number"/>, or null for the whole municipality. A scope with a bydel
    /// includes only the cases of that bydel: a case without a bydel belongs to the whole municipality's service, not to it.</summary>
    public string? Bydel { get; }

    public bool IsNational => Number is null;

    /// <summary>Every case of every municipality (analysis, national generation, the deadline index, verification).</summary>
    public static MunicipalityScope National { get; } = new(null);

    /// <summary>The cases of one municipality; <paramref name="number"/> is its four-digit kommunenummer.</summary>
    public static MunicipalityScope Of(string number)
    {
        if (number is not { Length: 4 } || !number.All(char.IsAsciiDigit))
            throw new ArgumentException($"Kommunenummer «{number}» må være fire siffer.", nameof(number));
        return new MunicipalityScope(number);
    }

    /// <summary>One municipality when <paramref name="number"/> is given, else explicitly the nation (a command's
    /// optional --municipality).</summary>
    public static MunicipalityScope OneOrNational(string? number) => number is null ? National : Of(number);

    /// <summary>The cases of one bydel of a municipality; with <paramref name="bydel"/> null, the whole municipality.</summary>
    public static MunicipalityScope Of(string number, string? bydel)
    {
        var municipality = Of(number);
        if (bydel is null)
            return municipality;
        if (bydel is not { Length: 2 } || !bydel.All(char.IsAsciiDigit))
            throw new ArgumentException($"Bydelsnummer «{bydel}» må være to siffer (Barnevern_v4.xsd Avgiver/@Bydelsnummer).", nameof(bydel));
        return new MunicipalityScope(number, bydel);
    }

    /// <summary>Whether a case of this municipality and bydel is in the scope.</summary>
    public bool Includes(string municipalityNumber, string? bydel = null) =>
        Number is null || (Number == municipalityNumber && (Bydel is null || Bydel == bydel));

    public override string ToString() => Number is null ? "national" : Bydel is null ? Number : $"{Number}/{Bydel}";
}

/// <summary>The event log port (hendelseslogg): append-only case histories with an expected-version check.</summary>
public interface IEventLog
{
    /// <summary>All events of one case in order; empty when the case does not exist.</summary>
    Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(CaseId caseId, CancellationToken cancellationToken = default);

    /// <summary>Appends to one or more cases atomically: all or nothing, with each case's new state as its snapshot.
    /// Throws <see cref="ConcurrencyException"/> when a case's stored version differs from
    /// <see cref="CaseAppend.ExpectedVersion"/>. Each stored event carries a hash chained to the one before it in its
    /// stream (<see cref="EventHash"/>).</summary>
    Task AppendAsync(IReadOnlyList<CaseAppend> appends, CancellationToken cancellationToken = default);
}

/// <summary>The snapshots-and-queries port: the latest state of each case (derived from its events by the append that
/// wrote them) and listings of them. Listings take a <see cref="MunicipalityScope"/>, never an optional filter.</summary>
public interface ICaseSnapshots
{
    /// <summary>The latest stored state of one case, or null.</summary>
    Task<CaseState?> LoadStateAsync(CaseId caseId, CancellationToken cancellationToken = default);

    /// <summary>The stored version of one case (the number of its events), or null when it does not exist: what a kept copy of
    /// the case is checked against before it is served. By default the state is read; the SQLite and PostgreSQL stores read the
    /// version column of the case's row alone.</summary>
    async Task<long?> LoadVersionAsync(CaseId caseId, CancellationToken cancellationToken = default) =>
        (await LoadStateAsync(caseId, cancellationToken))?.Version;

    /// <summary>Cases of the scope, ordered by municipality and journal number.</summary>
    Task<IReadOnlyList<CaseHeader>> ListCasesAsync(MunicipalityScope scope, CancellationToken cancellationToken = default);

    /// <summary>Streams the current state of every case of the scope without holding them all.</summary>
    IAsyncEnumerable<CaseState> ReadStatesAsync(MunicipalityScope scope, CancellationToken cancellationToken = default);

    /// <summary>The same cases as <see cref="ReadStatesAsync"/>, in the same order, each decoded only when its
    /// <see cref="StoredCaseState.Decode"/> is called: a reader of a whole municipality streams them on one thread and
    /// decodes them on several (decoding the JSON is most of the cost of such a read). By default each state is decoded as
    /// it is read; the SQLite and PostgreSQL stores hand out the stored JSON.</summary>
    IAsyncEnumerable<StoredCaseState> ReadStoredStatesAsync(MunicipalityScope scope, CancellationToken cancellationToken = default) =>
        ReadStatesAsync(scope, cancellationToken).Select(s => new StoredCaseState(s));

    /// <summary>The ids of the municipality's cases assigned to the caseworker (their saksbehandler), for narrowing a caseworker's
    /// search to their own cases. By default every state of the municipality is read; the SQLite store answers from the index of
    /// migration 20 instead.</summary>
    async Task<IReadOnlyList<CaseId>> CasesAssignedToAsync(string municipalityNumber, string caseworkerId, CancellationToken cancellationToken = default) =>
        await ReadStatesAsync(MunicipalityScope.OneOrNational(municipalityNumber), cancellationToken)
            .Where(s => s.CaseworkerId == caseworkerId).Select(s => s.Id).ToListAsync(cancellationToken);

    /// <summary>Number of stored events (all cases).</summary>
    Task<long> CountEventsAsync(CancellationToken cancellationToken = default);
}

/// <summary>A place in the change feed. <see cref="Transaction"/> orders first (PostgreSQL: the writing transaction's
/// id; 0 on engines whose positions commit in order), then <see cref="Position"/>.</summary>
public readonly record struct FeedCursor(long Transaction, long Position) : IComparable<FeedCursor>
{
    public static FeedCursor Start => default;

    public int CompareTo(FeedCursor other) =>
        Transaction != other.Transaction ? Transaction.CompareTo(other.Transaction) : Position.CompareTo(other.Position);

    public static bool operator <(FeedCursor a, FeedCursor b) => a.CompareTo(b) < 0;
    public static bool operator >(FeedCursor a, FeedCursor b) => a.CompareTo(b) > 0;
    public static bool operator <=(FeedCursor a, FeedCursor b) => a.CompareTo(b) <= 0;
    public static bool operator >=(FeedCursor a, FeedCursor b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Transaction}:{Position}";

    public static FeedCursor Parse(string text)
    {
        var parts = text.Split(':');
        return new FeedCursor(long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
            long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>A reading of the change feed taken by one statement: its committed cursor (<see cref="IChangeFeed.CommittedAsync"/>) and
/// the last change at or before it (the highest (transaction, position) of any event there; <see cref="FeedCursor.Start"/> when there
/// is none). Everything at or before <see cref="Committed"/> is final, so the reading stays true while the store is not replaced, and it
/// answers «did any case change» (<see cref="IChangeFeed.AnyChangedAsync"/>) for every range it covers without asking the store
/// (issue 17, under load: on PostgreSQL that question was a statement of its own on most web requests).</summary>
/// <param name="Newest">The newest change the same statement saw at all, past the cursor too (a writer that began after an older
/// one still open, and committed); null when not read. When it is the last change, nothing committed lies past the cursor: a kept
/// structure caught up to the cursor has every change committed before the reading (<see cref="SeesEveryCommit"/>).</param>
public readonly record struct FeedReading(FeedCursor Committed, FeedCursor LastChange, FeedCursor? Newest = null)
{
    /// <summary>Whether every change committed when the reading was taken is at or before its cursor, so that a kept structure
    /// caught up to the cursor is current (no need to check a case's own row). False when a change committed past the cursor (on
    /// PostgreSQL: an older writing transaction still open holds the cursor back) or when the newest change was not read.</summary>
    public bool SeesEveryCommit => Newest is { } newest && newest <= Committed;

    /// <summary>Whether any case changed after <paramref name="after"/> and at or before <paramref name="upTo"/>, as
    /// <see cref="IChangeFeed.AnyChangedAsync"/> would answer; null when this reading cannot tell (the range reaches past
    /// <see cref="Committed"/>, or its last change lies past <paramref name="upTo"/> while it is after <paramref name="after"/>).</summary>
    /// <remarks>With last change L (the highest change at or before C = <see cref="Committed"/>) and upTo ≤ C: L ≤ after means
    /// nothing in (after, C], so nothing in (after, upTo]; after &lt; L ≤ upTo means L itself is in the range. Example: a reading
    /// (C = 900, L = 400) answers (500, 800] «no» and (300, 800] «yes», and cannot tell (300, 350] nor (500, 950].</remarks>
    public bool? AnyChanged(FeedCursor after, FeedCursor upTo) =>
        upTo <= after ? false
        : upTo > Committed ? null
        : LastChange <= after ? false
        : LastChange <= upTo ? true
        : null;
}

/// <summary>The change feed port: what changed since a reader (a derived index) last looked.</summary>
/// <remarks>A sequence can hand out position 7 to a writer that commits after the writer of position 8 (PostgreSQL under
/// concurrent writers). A reader that remembered "8" would then never see 7. So the feed's <see cref="CommittedAsync"/>
/// is a cursor below which every change is final — nothing can still commit behind it — and readers remember that, not
/// the highest position they happened to see.</remarks>
public interface IChangeFeed
{
    /// <summary>A cursor such that every change at or before it has committed and no later commit can land at or
    /// before it.</summary>
    Task<FeedCursor> CommittedAsync(CancellationToken cancellationToken = default);

    /// <summary>The current state of every case with a change after <paramref name="after"/> and at or before
    /// <paramref name="upTo"/> (a state may be newer than <paramref name="upTo"/>: readers then see it again later,
    /// never older).</summary>
    IAsyncEnumerable<CaseState> ReadChangedAsync(FeedCursor after, FeedCursor upTo, CancellationToken cancellationToken = default);

    /// <summary>Whether any case changed after <paramref name="after"/> and at or before <paramref name="upTo"/>: one indexed
    /// EXISTS over the events, reading no state. Every reader that follows the feed asks this before reading the changed
    /// states, since on PostgreSQL the committed cursor moves with every transaction (each read's own access-log row too)
    /// while no case changed.</summary>
    Task<bool> AnyChangedAsync(FeedCursor after, FeedCursor upTo, CancellationToken cancellationToken = default);
}

/// <summary>An event exactly as stored, for verification: the payload JSON and instant as written, and the chain hash.</summary>
public sealed record StoredEvent(CaseId CaseId, long Version, string Type, string PayloadJson, string RecordedBy,
    string RecordedAt, string? Hash, string? RecordedRole = null);

/// <summary>The raw view the verifier reads (<see cref="StoreVerifier"/>): every stream as stored, in order.</summary>
public interface IEventAudit
{
    /// <summary>Every stored event, ordered by case and version.</summary>
    IAsyncEnumerable<StoredEvent> ReadAllStoredAsync(CancellationToken cancellationToken = default);

    /// <summary>Every stored snapshot as (case id, snapshot JSON as stored).</summary>
    IAsyncEnumerable<(CaseId CaseId, string StateJson)> ReadAllSnapshotsAsync(CancellationToken cancellationToken = default);
}

/// <summary>Everything one engine's case store offers; hosts wire it once and hand each consumer only the narrow port
/// it needs. Implementations: <see cref="Sqlite.SqliteEventStore"/>, <see cref="InMemoryEventStore"/>; both pass the
/// contract tests in <c>tests/Vern.Storage.Tests</c>.</summary>
public interface IEventStore : IEventLog, ICaseSnapshots, IChangeFeed, IEventAudit, IDisposable;
