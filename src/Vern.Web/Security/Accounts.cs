using Vern.Application;

namespace Vern.Web.Security;

/// <summary>A user as the login sees them.</summary>
public sealed record LoginUser(string Id, string Name);

/// <summary>Checks a user name and password against the stored users (through the application layer).</summary>
public sealed class Accounts(VernApp vern)
{
    /// <summary>The user when the name is an enabled user's and the password matches its stored hash; else null.
    /// A wrong name takes as long as a wrong password.</summary>
    public async Task<LoginUser?> VerifyAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var user = await vern.UserForLoginAsync(userName);
        // A demo user of a database `vern demo` made takes the demo password at their first login (DemoLogins).
        var ok = user is { PasswordHash: null } && await DemoLogins.TakeAsync(vern, user, password) || Passwords.Verify(user?.PasswordHash, password);
        return ok && user is { Disabled: false } ? new LoginUser(user.Id, user.Name) : null;
    }

    /// <summary>An enabled user by user name (for OpenID Connect, where the provider checked who it is).</summary>
    public async Task<LoginUser?> FindActiveAsync(string userName, CancellationToken cancellationToken) =>
        await vern.UserForLoginAsync(userName) is { Disabled: false } user ? new LoginUser(user.Id, user.Name) : null;
}
