namespace Vern.Storage.Tests;

/// <summary><see cref="GroupRead{TKey, TAnswer}"/> (issue 17, under load: the web host's user-and-cursor read shared by requests that ask
/// at nearly the same time). What keeps both of that read's guarantees — a user disabled before a request is refused by it, and a
/// request sees every commit made before it began — is that a caller is answered only by a statement that started after it asked;
/// these tests hold the statements with gates, so each ordering is certain. The same rules on a real PostgreSQL cluster:
/// <c>PostgresUserStoreContractTests.GroupRead_*</c>.</summary>
public sealed class GroupReadTests
{
    /// <summary>A reader whose statements wait for the test: each statement is recorded with its keys and answers every key with the
    /// statement's number, once the test releases it.</summary>
    private sealed class Gated
    {
        private readonly Lock _lock = new();
        public readonly List<(IReadOnlyList<string> Keys, TaskCompletionSource Release)> Statements = [];
        public Func<string, int, string> Answer { get; set; } = (key, n) => $"{key}@{n}";
        public Exception? Fail { get; set; }

        public GroupRead<string, string> Reader { get; }

        public Gated() => Reader = new(async keys =>
        {
            var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            int n;
            lock (_lock)
            {
                Statements.Add((keys, release));
                n = Statements.Count;
            }
            await release.Task;
            if (Fail is { } e)
                throw e;
            return key => Answer(key, n);
        });

        public int Count
        {
            get
            {
                lock (_lock)
                    return Statements.Count;
            }
        }

        public (IReadOnlyList<string> Keys, TaskCompletionSource Release) this[int i]
        {
            get
            {
                lock (_lock)
                    return Statements[i];
            }
        }

        public async Task WaitForStatementsAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (Count < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{count} statements expected, {Count} sent");
                await Task.Delay(5);
            }
        }
    }

    private static async Task<T> Within<T>(Task<T> task) => await task.WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>The rule that keeps both guarantees: a caller that asks while a statement is in flight is not answered by it (its
    /// snapshot may be older than the caller: a user disabled, or a case changed, just before the caller asked would be missed), but by
    /// the next statement, which starts only after the one in flight has ended and holds every caller that asked meanwhile.</summary>
    [Fact]
    [Trait("Rule", "issue 15/17: a disabled user is refused on their next request; a request sees every commit made before it")]
    public async Task ACallerAskingWhileAStatementIsInFlight_IsAnsweredByTheNextStatement_NeverByTheOneInFlight()
    {
        var g = new Gated();
        var first = g.Reader.ReadAsync("kari");
        await g.WaitForStatementsAsync(1);
        var late = g.Reader.ReadAsync("kari");   // the same key, asked while statement 1 is in flight
        var other = g.Reader.ReadAsync("ola");
        await Task.Delay(50);
        Assert.Equal(1, g.Count);                 // one statement at a time
        Assert.False(late.IsCompleted);

        g[0].Release.SetResult();
        Assert.Equal("kari@1", await Within(first));
        await g.WaitForStatementsAsync(2);
        Assert.False(late.IsCompleted);           // not given statement 1's answer
        Assert.Equal(["kari", "ola"], g[1].Keys); // the next statement holds both, each key once
        g[1].Release.SetResult();
        Assert.Equal("kari@2", await Within(late));
        Assert.Equal("ola@2", await Within(other));
        Assert.Equal((3L, 2L), g.Reader.Counts);
    }

    /// <summary>Callers that ask together share one statement, and a key asked by several callers is read once.</summary>
    [Fact]
    public async Task CallersAskingWhileOneIsInFlight_ShareTheNextStatement_AndAKeyIsReadOnce()
    {
        var g = new Gated();
        var first = g.Reader.ReadAsync("a");
        await g.WaitForStatementsAsync(1);
        var waiting = Enumerable.Range(0, 30).Select(i => g.Reader.ReadAsync(i % 2 == 0 ? "b" : "c")).ToList();
        g[0].Release.SetResult();
        await g.WaitForStatementsAsync(2);
        g[1].Release.SetResult();
        var answers = await Within(Task.WhenAll(waiting));
        Assert.Equal(["b", "c"], g[1].Keys);
        Assert.All(answers, a => Assert.EndsWith("@2", a, StringComparison.Ordinal));
        Assert.Equal(2, g.Count);
        Assert.Equal("a@1", await first);
    }

    /// <summary>A failed statement fails every caller of its group with its error — none is left waiting — and the callers that
    /// asked meanwhile are read again by a new statement.</summary>
    [Fact]
    public async Task AFailedStatement_FailsEveryCallerOfItsGroup_AndTheNextGroupReadsAgain()
    {
        var g = new Gated();
        var first = g.Reader.ReadAsync("a");
        await g.WaitForStatementsAsync(1);
        var second = g.Reader.ReadAsync("b");
        var third = g.Reader.ReadAsync("c");
        var error = new InvalidOperationException("the server went away");
        g.Fail = error;
        g[0].Release.SetResult();
        Assert.Same(error, await Assert.ThrowsAsync<InvalidOperationException>(() => Within(first)));
        await g.WaitForStatementsAsync(2);
        g[1].Release.SetResult();
        Assert.Same(error, await Assert.ThrowsAsync<InvalidOperationException>(() => Within(second)));
        Assert.Same(error, await Assert.ThrowsAsync<InvalidOperationException>(() => Within(third)));

        g.Fail = null;
        var again = g.Reader.ReadAsync("a"); // the reader is idle again: a new statement
        await g.WaitForStatementsAsync(3);
        g[2].Release.SetResult();
        Assert.Equal("a@3", await Within(again));
    }

    /// <summary>An answer that throws for one key fails only its own caller.</summary>
    [Fact]
    public async Task AnAnswerThatThrows_FailsOnlyItsOwnCaller()
    {
        var g = new Gated { Answer = (key, n) => key == "bad" ? throw new FormatException(key) : $"{key}@{n}" };
        var first = g.Reader.ReadAsync("a");
        await g.WaitForStatementsAsync(1);
        var bad = g.Reader.ReadAsync("bad");
        var good = g.Reader.ReadAsync("b");
        g[0].Release.SetResult();
        await g.WaitForStatementsAsync(2);
        g[1].Release.SetResult();
        await Assert.ThrowsAsync<FormatException>(() => Within(bad));
        Assert.Equal("b@2", await Within(good));
        Assert.Equal("a@1", await first);
    }

    /// <summary>A caller that gives up (its request was aborted) ends only its own wait: the statement of its group is not cancelled,
    /// and the others of the group are answered by it; a caller already cancelled sends nothing.</summary>
    [Fact]
    public async Task OneCallersCancellation_EndsOnlyItsOwnWait_NotTheGroupsStatement()
    {
        var g = new Gated();
        var first = g.Reader.ReadAsync("x");
        await g.WaitForStatementsAsync(1);
        using var cancel = new CancellationTokenSource();
        var leaving = g.Reader.ReadAsync("a", cancel.Token);
        var staying = g.Reader.ReadAsync("b");
        g[0].Release.SetResult();
        await g.WaitForStatementsAsync(2);
        Assert.Equal(["a", "b"], g[1].Keys); // one group, one statement
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Within(leaving));
        Assert.False(staying.IsCompleted);
        g[1].Release.SetResult();
        Assert.Equal("b@2", await Within(staying));
        Assert.Equal("x@1", await first);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => g.Reader.ReadAsync("c", cancel.Token));
        Assert.Equal(2, g.Count);
    }
}
