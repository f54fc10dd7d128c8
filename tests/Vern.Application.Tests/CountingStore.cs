using Vern.Domain.Cases;
using Vern.Storage;

namespace Vern.Application.Tests;

/// <summary>A real event store (SQLite or PostgreSQL), counting the reads of its committed cursor.</summary>
internal sealed class CountingStore(IEventStore inner) : IEventStore
{
    public int CursorReads;

    public Task<FeedCursor> CommittedAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref CursorReads);
        return inner.CommittedAsync(cancellationToken);
    }

    public IAsyncEnumerable<CaseState> ReadChangedAsync(FeedCursor after, FeedCursor upTo, CancellationToken cancellationToken = default) => inner.ReadChangedAsync(after, upTo, cancellationToken);
    public int ChangeQuestions;

    public Task<bool> AnyChangedAsync(FeedCursor after, FeedCursor upTo, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref ChangeQuestions);
        return inner.AnyChangedAsync(after, upTo, cancellationToken);
    }
    public Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(CaseId caseId, CancellationToken cancellationToken = default) => inner.ReadStreamAsync(caseId, cancellationToken);
    public Task AppendAsync(IReadOnlyList<CaseAppend> appends, CancellationToken cancellationToken = default) => inner.AppendAsync(appends, cancellationToken);
    public int VersionReads;

    public Task<long?> LoadVersionAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref VersionReads);
        return inner.LoadVersionAsync(caseId, cancellationToken);
    }
    public Task<CaseState?> LoadStateAsync(CaseId caseId, CancellationToken cancellationToken = default) => inner.LoadStateAsync(caseId, cancellationToken);
    public Task<IReadOnlyList<CaseHeader>> ListCasesAsync(MunicipalityScope scope, CancellationToken cancellationToken = default) => inner.ListCasesAsync(scope, cancellationToken);
    public IAsyncEnumerable<CaseState> ReadStatesAsync(MunicipalityScope scope, CancellationToken cancellationToken = default) => inner.ReadStatesAsync(scope, cancellationToken);
    public Task<long> CountEventsAsync(CancellationToken cancellationToken = default) => inner.CountEventsAsync(cancellationToken);
    public IAsyncEnumerable<StoredEvent> ReadAllStoredAsync(CancellationToken cancellationToken = default) => inner.ReadAllStoredAsync(cancellationToken);
    public IAsyncEnumerable<(CaseId CaseId, string StateJson)> ReadAllSnapshotsAsync(CancellationToken cancellationToken = default) => inner.ReadAllSnapshotsAsync(cancellationToken);
    public void Dispose() { }
}
