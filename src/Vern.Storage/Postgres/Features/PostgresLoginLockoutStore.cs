using System.Globalization;
using Npgsql;
using Vern.Storage.Security;

namespace Vern.Storage.Postgres.Features;

/// <summary>The web login lockout on PostgreSQL (migration 10, <c>login_lockouts</c>), as <see cref="SqliteLoginLockoutStore"/>.
/// A failure is counted by one INSERT … ON CONFLICT DO UPDATE … RETURNING, so two failures at once both count.</summary>
public sealed class PostgresLoginLockoutStore(NpgsqlDataSource source) : ILoginLockoutStore
{
    private static DateTimeOffset? Read(object? value) =>
        value is string s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal) : null;

    private static string Key(string userName) => userName.Trim().ToLowerInvariant();

    public async Task<DateTimeOffset?> LockedUntilAsync(string userName, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        return Read(await c.ScalarAsync(null, "SELECT locked_until FROM login_lockouts WHERE user_key = $k AND locked_until > $now", cancellationToken,
            ("$k", Key(userName)), ("$now", StoredTime.Text(now))));
    }

    public async Task<DateTimeOffset?> CountFailureAsync(string userName, DateTimeOffset now, int failuresToLock, DateTimeOffset lockUntil, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var failures = Convert.ToInt32(await c.ScalarAsync(tx, """
            INSERT INTO login_lockouts AS l (user_key, failures, locked_until, updated_at) VALUES ($k, 1, NULL, $now)
            ON CONFLICT (user_key) DO UPDATE SET
                failures = CASE WHEN l.locked_until IS NOT NULL AND l.locked_until <= $now THEN 1 ELSE l.failures + 1 END,
                locked_until = CASE WHEN l.locked_until IS NOT NULL AND l.locked_until <= $now THEN NULL ELSE l.locked_until END,
                updated_at = $now
            RETURNING failures
            """, cancellationToken, ("$k", Key(userName)), ("$now", StoredTime.Text(now))), CultureInfo.InvariantCulture);
        DateTimeOffset? locked = null;
        if (failures >= failuresToLock)
        {
            await c.ExecAsync(tx, "UPDATE login_lockouts SET failures = 0, locked_until = $until WHERE user_key = $k", cancellationToken,
                ("$until", StoredTime.Text(lockUntil)), ("$k", Key(userName)));
            locked = lockUntil;
        }
        await tx.CommitAsync(cancellationToken);
        return locked;
    }

    public async Task ClearAsync(string userName, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await c.ExecAsync(null, "DELETE FROM login_lockouts WHERE user_key = $k", cancellationToken, ("$k", Key(userName)));
    }
}
