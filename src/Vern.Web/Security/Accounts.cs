namespace Vern.Web.Security;

/// <summary>A user as the login sees them.</summary>
public sealed record LoginUser(string Id, string Name, string Role);

/// <summary>Checks a user name and password against the stored users.</summary>
public sealed class Accounts
{
    public Task<LoginUser?> VerifyAsync(string userName, string password, CancellationToken cancellationToken)
    {
        _ = Passwords.Verify(null, password);
        return Task.FromResult<LoginUser?>(null);
    }

    /// <summary>An active user by user name (for OpenID Connect, where the provider checked who it is).</summary>
    public Task<LoginUser?> FindActiveAsync(string userName, CancellationToken cancellationToken) => Task.FromResult<LoginUser?>(null);
}
