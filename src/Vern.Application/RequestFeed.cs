using Vern.Domain.Cases;
using Vern.Storage;

namespace Vern.Application;

/// <summary>The highest committed cursor of the change feed that any request of a host has read (<see cref="IChangeFeed.CommittedAsync"/>),
/// one per database per process (held by the web host's <see cref="CaseLookup"/>). Every value it holds was read from the store, so
/// every change at or before it has committed; handing it out instead of each request's own (possibly older) reading means a
/// kept structure never sees a request's cursor go behind one it has already caught up to. It also keeps the newest reading taken with
/// its last change (<see cref="FeedReading"/>), which tells the kept structures whether any case changed without asking the store.</summary>
/// <remarks>A reading below the highest is either a request whose read overtook another's on the way back (the store's cursor moves
/// only forward in time) or a database restored under the running server. The two are told apart by reading once more: that read
/// starts after the highest was read, so it is below it only if the store's cursor really went back, and then the highest goes
/// back with it (and the kept structures start again, as they do when the cursor moves backwards).</remarks>
public sealed class CommittedCursor
{
    private readonly Lock _lock = new();
    private FeedCursor _highest = FeedCursor.Start;
    private FeedReading? _reading;

    /// <summary>The highest committed cursor read so far (<see cref="FeedCursor.Start"/> before the first read).</summary>
    public FeedCursor Highest
    {
        get
        {
            lock (_lock)
                return _highest;
        }
    }

    /// <summary>Reads the store's committed cursor now and returns the highest committed cursor known afterwards.</summary>
    public async Task<FeedCursor> ReadAsync(IChangeFeed feed, CancellationToken cancellationToken = default) =>
        await TakeAsync(await feed.CommittedAsync(cancellationToken), null, feed, cancellationToken);

    /// <summary>Takes <paramref name="read"/>, a reading of the store's feed taken just now by other means (with the acting user:
    /// <see cref="IUserWithCursorRead"/>), as <see cref="ReadAsync"/> takes its own reading, and keeps its last change for
    /// <see cref="AnyChanged"/>; <paramref name="feed"/> is read only if the reading is below the highest (see the remarks).</summary>
    public Task<FeedCursor> TakeAsync(FeedReading read, IChangeFeed feed, CancellationToken cancellationToken = default) =>
        TakeAsync(read.Committed, read, feed, cancellationToken);

    /// <summary>Whether any case changed after <paramref name="after"/> and at or before <paramref name="upTo"/>, answered from the
    /// newest reading taken with its last change (<see cref="FeedReading.AnyChanged"/>); null when it cannot tell (then the store is
    /// asked). Every reading stays true while the store is the same one: everything at or before its cursor is final.</summary>
    public bool? AnyChanged(FeedCursor after, FeedCursor upTo)
    {
        lock (_lock)
            return _reading?.AnyChanged(after, upTo);
    }

    private async Task<FeedCursor> TakeAsync(FeedCursor read, FeedReading? reading, IChangeFeed feed, CancellationToken cancellationToken)
    {
        FeedCursor seen;
        lock (_lock)
        {
            if (read >= _highest)
            {
                Keep(reading);
                return _highest = read;
            }
            seen = _highest;
        }
        // Below the highest: read again to tell an overtaken read from a cursor that went back (see the remarks).
        var again = await feed.CommittedAsync(cancellationToken);
        lock (_lock)
        {
            if (again < seen)
            {
                // The store went back (another database under the server): no earlier reading holds for it.
                _reading = null;
                return _highest = again;
            }
            Keep(reading);
            if (again > _highest)
                _highest = again;
            return _highest;
        }
    }

    /// <summary>Keeps <paramref name="reading"/> if it reaches further than the one kept (under the lock).</summary>
    private void Keep(FeedReading? reading)
    {
        if (reading is { } r && (_reading is not { } kept || r.Committed > kept.Committed))
            _reading = r;
    }
}

/// <summary>The store's change feed as one request sees it (issue 16, speed): in the web host an app lives for one request, and the
/// kept structures it asks (the lookup's view, the open duties, the dashboard's per-change values) each read the feed's committed
/// cursor before use. Through this feed the cursor is read from the store once per request, the first time one asks; each later
/// ask gets the host's highest committed cursor (<see cref="CommittedCursor"/>), which is at least that reading. An append through
/// the request's app (<see cref="AppendAsync"/>) forgets the reading, so the request's next ask reads the store again and its own
/// write is seen. Without a host cursor (the CLI, tests without the lookup) every ask reads the store, as before.</summary>
internal sealed class RequestFeed(IEventStore store) : IChangeFeed, IEventLog
{
    private bool _read;

    /// <summary>The host's cursor; set by <see cref="VernApp.UseCaseLookup"/>.</summary>
    public CommittedCursor? Host { get; set; }

    public async Task<FeedCursor> CommittedAsync(CancellationToken cancellationToken = default)
    {
        if (Host is null)
            return await store.CommittedAsync(cancellationToken);
        if (_read)
            return Host.Highest;
        var cursor = await Host.ReadAsync(store, cancellationToken);
        _read = true;
        return cursor;
    }

    /// <summary>Takes the store's feed, read by the request just now together with its acting user (<see cref="IUserWithCursorRead"/>),
    /// as this request's reading, unless it has one already: the request's first ask then needs no read of its own, and its kept
    /// structures' «did any case change» is answered from the reading (<see cref="CommittedCursor.AnyChanged"/>). Without a host cursor
    /// it is not kept (every ask reads the store, as before).</summary>
    public async Task TakeReadingAsync(FeedReading read, CancellationToken cancellationToken = default)
    {
        if (Host is null || _read)
            return;
        await Host.TakeAsync(read, store, cancellationToken);
        _read = true;
        _reading = read;
    }

    private FeedReading? _reading;

    /// <summary>Whether this request's reading (<see cref="TakeReadingAsync"/>) saw no change committed past its cursor, so that the
    /// host's kept structures, caught up to the cursor, hold every change committed before the request's reading: a kept case
    /// overview needs no check against its case's row then (<see cref="FeedReading.SeesEveryCommit"/>). False without such a reading
    /// (SQLite, the CLI) and after this request's own append.</summary>
    public bool SeesEveryCommit => _reading is { SeesEveryCommit: true };

    public IAsyncEnumerable<CaseState> ReadChangedAsync(FeedCursor after, FeedCursor upTo, CancellationToken cancellationToken = default) =>
        store.ReadChangedAsync(after, upTo, cancellationToken);

    /// <summary>Answered from the host's newest reading with its last change when that covers the range (on PostgreSQL in the web host:
    /// nearly always, with no statement); else asked of the store.</summary>
    public async Task<bool> AnyChangedAsync(FeedCursor after, FeedCursor upTo, CancellationToken cancellationToken = default) =>
        Host?.AnyChanged(after, upTo) ?? await store.AnyChangedAsync(after, upTo, cancellationToken);

    public Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(CaseId caseId, CancellationToken cancellationToken = default) =>
        store.ReadStreamAsync(caseId, cancellationToken);

    /// <summary>Appends through the store, and forgets this request's reading of the cursor (before and after: a reader between
    /// the two reads the store again too).</summary>
    public async Task AppendAsync(IReadOnlyList<CaseAppend> appends, CancellationToken cancellationToken = default)
    {
        _read = false;
        _reading = null;
        await store.AppendAsync(appends, cancellationToken);
        _read = false;
    }
}
