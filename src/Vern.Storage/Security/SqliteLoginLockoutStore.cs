using System.Globalization;
using Microsoft.Data.Sqlite;
using Vern.Storage.Sqlite;

namespace Vern.Storage.Security;

/// <summary>The lockout store in the Vern database (migration 10: <c>login_lockouts</c>). Not append-only: it is a counter, not a
/// record of what happened (the failed attempts themselves are not personal data Vern keeps).</summary>
public sealed class SqliteLoginLockoutStore : ILoginLockoutStore, IDisposable
{
    /// <summary>The schema of migration 10 (in <see cref="SqliteMigrations.All"/>; never edit once shipped).</summary>
    public const string Schema = """
        CREATE TABLE login_lockouts (
            user_key TEXT PRIMARY KEY,
            failures INTEGER NOT NULL CHECK (failures >= 0),
            locked_until TEXT,
            updated_at TEXT NOT NULL);
        """;

    private readonly SqliteConnection _connection;

    private SqliteLoginLockoutStore(SqliteConnection connection) => _connection = connection;

    public static SqliteLoginLockoutStore Open(string path, bool create = false) => new(SqliteMigrations.Open(path, create));

    private static DateTimeOffset? Read(object? value) =>
        value is string s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal) : null;

    private static string Key(string userName) => userName.Trim().ToLowerInvariant();

    public Task<DateTimeOffset?> LockedUntilAsync(string userName, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT locked_until FROM login_lockouts WHERE user_key = $k AND locked_until > $now";
        cmd.Parameters.AddWithValue("$k", Key(userName));
        cmd.Parameters.AddWithValue("$now", StoredTime.Text(now));
        return Task.FromResult(Read(cmd.ExecuteScalar()));
    }

    public Task<DateTimeOffset?> CountFailureAsync(string userName, DateTimeOffset now, int failuresToLock, DateTimeOffset lockUntil, CancellationToken cancellationToken = default)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO login_lockouts(user_key, failures, locked_until, updated_at) VALUES ($k, 1, NULL, $now)
            ON CONFLICT(user_key) DO UPDATE SET
                failures = CASE WHEN locked_until IS NOT NULL AND locked_until <= $now THEN 1 ELSE failures + 1 END,
                locked_until = CASE WHEN locked_until IS NOT NULL AND locked_until <= $now THEN NULL ELSE locked_until END,
                updated_at = $now
            RETURNING failures
            """;
        cmd.Parameters.AddWithValue("$k", Key(userName));
        cmd.Parameters.AddWithValue("$now", StoredTime.Text(now));
        var failures = Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        DateTimeOffset? locked = null;
        if (failures >= failuresToLock)
        {
            cmd.CommandText = "UPDATE login_lockouts SET failures = 0, locked_until = $until WHERE user_key = $k";
            cmd.Parameters.AddWithValue("$until", StoredTime.Text(lockUntil));
            cmd.Run();
            locked = lockUntil;
        }
        tx.Commit();
        return Task.FromResult(locked);
    }

    /// <summary>Deletes the name's row only when it has one: a DELETE takes the database's write lock even when it matches nothing,
    /// and a login with no failures before it (nearly every login) should neither wait for other writers nor fail on a busy file.
    /// A failure counted by another request between the check and here is forgotten with the rest, as a success after it means.</summary>
    public Task ClearAsync(string userName, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT EXISTS (SELECT 1 FROM login_lockouts WHERE user_key = $k)";
        cmd.Parameters.AddWithValue("$k", Key(userName));
        if ((long)cmd.ExecuteScalar()! == 0)
            return Task.CompletedTask;
        cmd.CommandText = "DELETE FROM login_lockouts WHERE user_key = $k";
        cmd.Run();
        return Task.CompletedTask;
    }

    public void Dispose() => _connection.Dispose();
}
