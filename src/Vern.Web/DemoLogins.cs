using System.Security.Cryptography;
using Vern.Application;
using Vern.Storage;
using Vern.Web.Security;

namespace Vern.Web;

/// <summary>Passwords for the demo users of a database that <c>vern demo</c> (or <c>vern generate</c>) made, so that
/// <c>vern serve</c> can print a way in. Only users the data generators created get one, and only while they have none: a
/// user made by a person, or one whose password was set, is never touched. The password is made at random once per
/// database and kept in its settings, so each demo database has its own and no published password opens any of them.
/// A demo user's hash is made at their first login with it (<see cref="TakeAsync"/>), not at start-up: a generated national
/// database has hundreds of synthetic users, and each hash costs PBKDF2's 100,000 iterations (issue 16, speed).</summary>
public static class DemoLogins
{
    public sealed record Login(string UserId, string Name, string Role);

    /// <summary>The demo password and the users it opens (those with no password yet, who take it at their first login, and
    /// those whose password it is); empty when the database has no synthetic users. Hashes nothing; checks the hashes of the
    /// users who have logged in already.</summary>
    public static async Task<(string? Password, IReadOnlyList<Login> Users)> EnsureAsync(VernApp vern)
    {
        var synthetic = await vern.SyntheticUsersAsync();
        if (synthetic.Count == 0)
            return (null, []);
        var password = await vern.SettingAsync(VernApp.DemoPasswordSetting);
        if (password is null)
        {
            password = NewPassword();
            await vern.SetSystemSettingAsync(VernApp.DemoPasswordSetting, password, "vern serve");
        }
        var logins = new List<Login>();
        foreach (var user in synthetic.Where(u => !u.Disabled))
        {
            if (user.PasswordHash is not null && !Passwords.Verify(user.PasswordHash, password))
                continue;
            logins.Add(new Login(user.Id, user.Name, Vern.Domain.Access.Roles.Norwegian(user.Role)));
        }
        return (password, logins);
    }

    /// <summary>At a login by <paramref name="user"/>, who has no password yet: when the data generators made them and
    /// <paramref name="password"/> is this database's demo password, stores its hash (from then on they log in as anyone does)
    /// and returns true. Anyone else, or another password: false, and nothing is stored.</summary>
    public static async Task<bool> TakeAsync(VernApp vern, Vern.Storage.User user, string password)
    {
        if (user.PasswordHash is not null || user.Disabled || user.CreatedBy != VernApp.SyntheticUsersCreatedBy
            || await vern.SettingAsync(VernApp.DemoPasswordSetting) is not { } demo
            || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(demo), System.Text.Encoding.UTF8.GetBytes(password)))
            return false;
        await vern.SetSystemPasswordHashAsync(user.Id, Passwords.Hash(password), "vern serve (demo)");
        return true;
    }

    /// <summary>Three groups of four lower-case letters and digits (about 62 bits), easy to type from the terminal.</summary>
    private static string NewPassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        return string.Join('-', Enumerable.Range(0, 3).Select(_ => new string(RandomNumberGenerator.GetItems<char>(alphabet, 4))));
    }
}
