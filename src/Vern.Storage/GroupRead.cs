namespace Vern.Storage;

/// <summary>A group read, the read-side twin of <see cref="GroupCommit{T}"/> (issue 17, under load): callers that need the same kind of
/// read at nearly the same time share one statement, which <b>starts after each of them arrived</b>. The callers that arrive while a
/// statement is in flight wait for the next one, which starts when it ends, and is then the only statement in flight: one reader at a
/// time. A caller is never given the answer of a statement that was already running when it arrived, since that statement's snapshot
/// may be older than the caller.</summary>
/// <remarks>
/// <para>Why a caller's answer is as fresh as a statement of its own: the group a statement reads for is taken from the queue, under the
/// lock, before the statement is sent; so every caller in it was queued before the statement was sent, and the server takes the
/// statement's snapshot (PostgreSQL, READ COMMITTED: at the statement's start) after it received it. Whatever committed before a caller
/// arrived — by this process or any other — is therefore in the snapshot its answer comes from, exactly as with a statement of its
/// own; only callers that arrived at nearly the same time share it.</para>
/// <para>A statement that fails fails every caller of its group with its error (none is left waiting), and the next group reads again
/// with a new statement. A caller's cancellation ends only its own wait: the statement runs on for the others of its group (it is
/// not given any caller's token). The first caller of an idle reader sends the statement on its own thread (no hop through the
/// thread pool's queue, which is long under load); the next statements are sent by the one that just ended.</para>
/// </remarks>
/// <param name="read">Reads the distinct keys of a group by one statement and returns each key's answer; an answer that throws
/// fails only its own caller.</param>
internal sealed class GroupRead<TKey, TAnswer>(Func<IReadOnlyList<TKey>, Task<Func<TKey, TAnswer>>> read) where TKey : notnull
{
    private readonly Lock _lock = new();
    private List<Waiting> _queue = [];
    private bool _reading;

    private sealed record Waiting(TKey Key, TaskCompletionSource<TAnswer> Answer);

    /// <summary>How many reads were asked for, and how many statements answered them (for tests: whether callers shared).</summary>
    public (long Asked, long Statements) Counts
    {
        get
        {
            lock (_lock)
                return (_asked, _statements);
        }
    }

    private long _asked;
    private long _statements;

    /// <summary>The answer for <paramref name="key"/>, read by a statement that starts after this call (see the remarks).</summary>
    public Task<TAnswer> ReadAsync(TKey key, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
            return Task.FromCanceled<TAnswer>(cancellationToken);
        var waiting = new Waiting(key, new TaskCompletionSource<TAnswer>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (_lock)
        {
            _queue.Add(waiting);
            _asked++;
            start = !_reading;
            _reading = true;
        }
        if (start)
            _ = DrainAsync();
        return cancellationToken.CanBeCanceled ? waiting.Answer.Task.WaitAsync(cancellationToken) : waiting.Answer.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<Waiting> group;
            lock (_lock)
            {
                if (_queue.Count == 0)
                {
                    _reading = false;
                    return;
                }
                group = _queue;
                _queue = [];
                _statements++;
            }
            // Taken from the queue before the statement is sent: every caller of the group arrived before it (see the remarks).
            Func<TKey, TAnswer> answer;
            try
            {
                answer = await read(Keys(group)).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                foreach (var w in group)
                    w.Answer.TrySetException(e);
                continue;
            }
            foreach (var w in group)
            {
                try
                {
                    w.Answer.TrySetResult(answer(w.Key));
                }
                catch (Exception e)
                {
                    w.Answer.TrySetException(e);
                }
            }
        }
    }

    private static List<TKey> Keys(List<Waiting> group)
    {
        var keys = new List<TKey>(group.Count);
        var seen = new HashSet<TKey>();
        foreach (var w in group)
            if (seen.Add(w.Key))
                keys.Add(w.Key);
        return keys;
    }
}
