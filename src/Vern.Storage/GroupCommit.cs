namespace Vern.Storage;

/// <summary>A group commit, for a log every caller must wait to be durable (the access log: issue 15, every read logged before it
/// is answered): the items that arrive while a commit is running are committed together by the next one, by one writer at a time,
/// and each caller's task completes only when the commit holding its item has finished. A commit that throws fails every item of it
/// not yet settled (their callers fail; nothing was answered). Used by the access logs of both engines
/// (<see cref="Sqlite.SqliteAccessLogBatcher"/>, <see cref="Postgres.PostgresAccessLogBatcher"/>).</summary>
/// <param name="commit">Writes the items in one transaction. It may settle an item itself (the PostgreSQL log fails only a row the
/// server refuses); the items it leaves are completed when it returns.</param>
internal sealed class GroupCommit<T>(Func<IReadOnlyList<GroupCommit<T>.Pending>, Task> commit)
{
    private readonly Lock _lock = new();
    private List<Pending> _queue = [];
    private bool _writing;

    /// <summary>An item and its caller's task.</summary>
    public sealed record Pending(T Item, TaskCompletionSource Done);

    /// <summary>Queues the item; the task completes when the commit holding it has finished (or fails with its error).</summary>
    public Task WriteAsync(T item)
    {
        var pending = new Pending(item, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (_lock)
        {
            _queue.Add(pending);
            start = !_writing;
            _writing = true;
        }
        if (start)
            _ = Task.Run(DrainAsync);
        return pending.Done.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<Pending> batch;
            lock (_lock)
            {
                if (_queue.Count == 0)
                {
                    _writing = false;
                    return;
                }
                batch = _queue;
                _queue = [];
            }
            try
            {
                await commit(batch);
                foreach (var p in batch)
                    p.Done.TrySetResult();
            }
            catch (Exception e)
            {
                foreach (var p in batch)
                    p.Done.TrySetException(e);
            }
        }
    }
}
