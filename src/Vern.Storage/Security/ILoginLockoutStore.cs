namespace Vern.Storage.Security;

/// <summary>Failed logins in a row per user name, and the lock they led to (innloggingssperre), kept where a restart of the web
/// server does not clear them. Keyed by the name as typed (trimmed, case-insensitive), whether or not a user has it, so the answer
/// never tells which names exist. Holds no password and no personal data beyond the name typed.</summary>
public interface ILoginLockoutStore
{
    /// <summary>Until when the name is locked, if a lock is recorded that has not run out at <paramref name="now"/>.</summary>
    Task<DateTimeOffset?> LockedUntilAsync(string userName, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Counts one failure and returns the failures in a row (a lock that has run out starts the count again). When the
    /// count reaches <paramref name="failuresToLock"/>, the name is locked until <paramref name="lockUntil"/> and the count restarts;
    /// the returned lock end is then set. One atomic step, so two failures at once both count.</summary>
    Task<DateTimeOffset?> CountFailureAsync(string userName, DateTimeOffset now, int failuresToLock, DateTimeOffset lockUntil, CancellationToken cancellationToken = default);

    /// <summary>Forgets the name's failures (a successful login).</summary>
    Task ClearAsync(string userName, CancellationToken cancellationToken = default);
}

/// <summary>The lockout store in memory (tests; a process that keeps nothing).</summary>
public sealed class InMemoryLoginLockoutStore : ILoginLockoutStore
{
    private readonly Dictionary<string, (int Failures, DateTimeOffset? LockedUntil)> _entries = new(StringComparer.OrdinalIgnoreCase);

    public Task<DateTimeOffset?> LockedUntilAsync(string userName, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_entries)
            return Task.FromResult(_entries.TryGetValue(userName.Trim(), out var e) && e.LockedUntil > now ? e.LockedUntil : null);
    }

    public Task<DateTimeOffset?> CountFailureAsync(string userName, DateTimeOffset now, int failuresToLock, DateTimeOffset lockUntil, CancellationToken cancellationToken = default)
    {
        lock (_entries)
        {
            var key = userName.Trim();
            var e = _entries.GetValueOrDefault(key);
            var failures = (e.LockedUntil is { } until && until <= now ? 0 : e.Failures) + 1;
            if (failures >= failuresToLock)
            {
                _entries[key] = (0, lockUntil);
                return Task.FromResult<DateTimeOffset?>(lockUntil);
            }
            _entries[key] = (failures, e.LockedUntil is { } u && u > now ? u : null);
            return Task.FromResult<DateTimeOffset?>(null);
        }
    }

    public Task ClearAsync(string userName, CancellationToken cancellationToken = default)
    {
        lock (_entries)
            _entries.Remove(userName.Trim());
        return Task.CompletedTask;
    }
}
