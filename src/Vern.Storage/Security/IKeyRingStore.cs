namespace Vern.Storage.Security;

/// <summary>The web server's key ring (ASP.NET Core Data Protection: the keys that protect the login and antiforgery cookies),
/// kept in the Vern database (migration 29) so that a restart, a new container or a second host on the same database accepts the
/// cookies the others issued. Each element is one key or revocation as the framework writes it (XML text). Append-only: a key is
/// added and never changed or removed; the framework retires a key by adding a revocation, and ignores keys past their expiry.
/// Holds no personal data. Synchronous, as the framework's repository is: it reads the ring at start and about once a day.</summary>
public interface IKeyRingStore
{
    /// <summary>Every element stored, in the order stored.</summary>
    IReadOnlyList<string> ReadAll();

    /// <summary>Stores one element under the framework's name for it (e.g. <c>key-{guid}</c>).</summary>
    void Add(string name, string xml, DateTimeOffset at);
}
