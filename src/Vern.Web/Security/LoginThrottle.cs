using Microsoft.Extensions.Options;
using Vern.Application;

namespace Vern.Web.Security;

/// <summary>Locks a user name after repeated failed logins (lockout): after <see cref="VernWebOptions.LockoutFailures"/>
/// failures in a row, every login to that name is refused for <see cref="VernWebOptions.LockoutMinutes"/> minutes, even
/// with the right password. Counted per user name whether or not it exists, so the answer never tells which names do.
/// Kept in the database (migration 10, <see cref="Vern.Storage.Security.ILoginLockoutStore"/>): a restart does not clear it.</summary>
public sealed class LoginThrottle(IOptions<VernWebOptions> options, TimeProvider clock)
{
    /// <summary>When the name is locked, until when; else null.</summary>
    public Task<DateTimeOffset?> LockedUntilAsync(VernApp vern, string userName) =>
        vern.LoginLockouts.LockedUntilAsync(userName, clock.GetUtcNow());

    /// <summary>Counts a failure; returns the lock's end when this failure locked the name.</summary>
    public Task<DateTimeOffset?> FailedAsync(VernApp vern, string userName)
    {
        var now = clock.GetUtcNow();
        return vern.LoginLockouts.CountFailureAsync(userName, now, options.Value.LockoutFailures, now.AddMinutes(options.Value.LockoutMinutes));
    }

    public Task SucceededAsync(VernApp vern, string userName) => vern.LoginLockouts.ClearAsync(userName);
}
