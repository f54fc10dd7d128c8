using System.Security.Cryptography;
using Vern.Application;
using Vern.Storage;
using Vern.Web.Security;

namespace Vern.Web;

/// <summary>Passwords for the demo users of a database that <c>vern demo</c> (or <c>vern generate</c>) made, so that
/// <c>vern serve</c> can print a way in. Only users the data generators created get one, and only while they have none: a
/// user made by a person, or one whose password was set, is never touched. The password is made at random once per
/// database and kept in its settings, so each demo database has its own and no published password opens any of them.</summary>
public static class DemoLogins
{
    public sealed record Login(string UserId, string Name, string Role);

    /// <summary>The demo password and the users it opens; empty when the database has no synthetic users.</summary>
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
            if (user.PasswordHash is null)
                await vern.SetSystemPasswordHashAsync(user.Id, Passwords.Hash(password), "vern serve (demo)");
            else if (!Passwords.Verify(user.PasswordHash, password))
                continue;
            logins.Add(new Login(user.Id, user.Name, Vern.Domain.Access.Roles.Norwegian(user.Role)));
        }
        return (password, logins);
    }

    /// <summary>Three groups of four lower-case letters and digits (about 62 bits), easy to type from the terminal.</summary>
    private static string NewPassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        return string.Join('-', Enumerable.Range(0, 3).Select(_ => new string(RandomNumberGenerator.GetItems<char>(alphabet, 4))));
    }
}
