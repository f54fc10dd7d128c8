using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Vern.Web.Security;

/// <summary>Locks a user name after repeated failed logins (lockout): after <see cref="VernWebOptions.LockoutFailures"/>
/// failures in a row, every login to that name is refused for <see cref="VernWebOptions.LockoutMinutes"/> minutes, even
/// with the right password. Counted per user name whether or not it exists, so the answer never tells which names do.
/// Kept in the server's memory: a restart clears it (docs/web.md).</summary>
public sealed class LoginThrottle(IOptions<VernWebOptions> options, TimeProvider clock)
{
    private sealed record Entry(int Failures, DateTimeOffset? LockedUntil);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>When the name is locked, until when; else null.</summary>
    public DateTimeOffset? LockedUntil(string userName) =>
        _entries.TryGetValue(Key(userName), out var e) && e.LockedUntil is { } until && until > clock.GetUtcNow() ? until : null;

    /// <summary>Counts a failure; returns the lock's end when this failure locked the name.</summary>
    public DateTimeOffset? Failed(string userName)
    {
        var now = clock.GetUtcNow();
        var entry = _entries.AddOrUpdate(Key(userName), _ => Next(new Entry(0, null), now), (_, e) => Next(e, now));
        return entry.LockedUntil is { } until && until > now ? until : null;
    }

    public void Succeeded(string userName) => _entries.TryRemove(Key(userName), out _);

    private Entry Next(Entry e, DateTimeOffset now)
    {
        var failures = (e.LockedUntil is { } until && until <= now ? 0 : e.Failures) + 1;
        return failures >= options.Value.LockoutFailures
            ? new Entry(0, now.AddMinutes(options.Value.LockoutMinutes))
            : new Entry(failures, null);
    }

    private static string Key(string userName) => userName.Trim();
}
