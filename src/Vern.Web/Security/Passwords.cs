using Microsoft.AspNetCore.Identity;

namespace Vern.Web.Security;

/// <summary>Password hashes with ASP.NET Core Identity's hasher (PBKDF2 with HMAC-SHA512, 100,000 iterations, a 128-bit
/// salt per hash; format version 3). Only the hash is stored, in the user store's password field.</summary>
public static class Passwords
{
    private sealed class Subject;

    private static readonly PasswordHasher<Subject> Hasher = new();
    private static readonly Subject Anyone = new();

    /// <summary>A hash to compare against when the user name is unknown, so a wrong name costs as long as a wrong password.</summary>
    private static readonly Lazy<string> Decoy = new(() => Hash(Guid.NewGuid().ToString()));

    public static string Hash(string password) => Hasher.HashPassword(Anyone, password);

    /// <summary>True when <paramref name="password"/> matches <paramref name="hash"/>; false for a null hash (no password set).</summary>
    public static bool Verify(string? hash, string password)
    {
        var result = Hasher.VerifyHashedPassword(Anyone, hash ?? Decoy.Value, password);
        return hash is not null && result != PasswordVerificationResult.Failed;
    }

    /// <summary>Vern's minimum for a password a person chooses: 12 characters (NSM grunnprinsipper 2.0, 2.6.4 recommends
    /// long passphrases over complexity rules).</summary>
    public const int MinimumLength = 12;
}
