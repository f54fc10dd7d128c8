using System.Collections.Concurrent;

namespace Vern.Storage.Sqlite;

/// <summary>Group commit for the access log of a file a host serves (<c>vern serve</c>): every request logs its read before it
/// answers (issue 15), and with synchronous=FULL each row used to be its own transaction — one WAL fsync per request, taken one
/// writer at a time, each waiting request blocking a thread-pool thread in SQLite's busy handler. Here the rows that arrive while a
/// commit is running are written together in the next transaction (one fsync for all of them), by one writer per file, and each
/// caller's task completes only when its row is committed: a read is still answered only after its log row is durable. A failed
/// commit fails every row of it (their requests fail; nothing was answered).</summary>
public sealed class SqliteAccessLogBatcher
{
    private static readonly ConcurrentDictionary<string, SqliteAccessLogBatcher> ByPath = new(StringComparer.Ordinal);

    private readonly string _path;
    private readonly GroupCommit<(AccessEntry Entry, EncodedCaseIds? CaseIds)> _commits;

    private SqliteAccessLogBatcher(string path)
    {
        _path = path;
        _commits = new(Commit);
    }

    /// <summary>The one batcher of the file at <paramref name="path"/> in this process.</summary>
    public static SqliteAccessLogBatcher For(string path) => ByPath.GetOrAdd(Path.GetFullPath(path), p => new SqliteAccessLogBatcher(p));

    /// <summary>Queues the row; the task completes when the transaction holding it has committed (or fails with its error).</summary>
    public Task WriteAsync(AccessEntry entry, EncodedCaseIds? caseIds) => _commits.WriteAsync((entry, caseIds));

    private Task Commit(IReadOnlyList<GroupCommit<(AccessEntry Entry, EncodedCaseIds? CaseIds)>.Pending> batch)
    {
        using var connection = SqliteMigrations.Open(_path, create: false);
        using (var tx = connection.BeginTransaction())
        {
            using (var rows = new SqliteAccessLog.RowWriter(connection, tx))
                foreach (var p in batch)
                    rows.Insert(p.Item.Entry, p.Item.CaseIds);
            tx.Commit();
        }
        return Task.CompletedTask;
    }
}
