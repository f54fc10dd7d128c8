namespace Vern.Web;

/// <summary>The web application's settings, bound from the configuration section <c>Vern</c> (appsettings.json in the
/// working folder, environment variables such as <c>Vern__Database</c>, or the command line); <c>vern serve</c>
/// fills <see cref="Database"/> and the URLs from its own options. docs/web.md lists every key.</summary>
public sealed class VernWebOptions
{
    public const string Section = "Vern";

    /// <summary>The SQLite database (as <c>vern --db</c>).</summary>
    public string Database { get; set; } = "./data/vern.db";

    /// <summary>On a SQLite file: migrate once at start-up, then pool connections and skip the per-request migration check
    /// (<see cref="Vern.Storage.Sqlite.SqliteConnections.Serve"/>). Off only to measure the difference (bench/web.sh).</summary>
    public bool PooledConnections { get; set; } = true;

    /// <summary>Search and the worklist's register gaps through the in-process <see cref="Vern.Application.CaseLookup"/> (which
    /// follows the change feed) instead of reading every case state per request. Off only to measure the difference (bench/web.sh).</summary>
    public bool CaseLookup { get; set; } = true;

    /// <summary>Seconds between the background catch-ups of the statistics projection (<see cref="StatisticsCatchUp"/>: after a
    /// change, the next tick re-projects the changed cases, so a statistics read finds the projection current); 0 turns it off
    /// (each read then catches up itself, as it always may).</summary>
    public double StatisticsCatchUpSeconds { get; set; } = 2;

    /// <summary>Requests served at once; the rest wait in a queue (<see cref="RequestLimit"/>). Not set: on PostgreSQL half the
    /// connection pool (<c>Maximum Pool Size</c>, 40 unless the connection names it), on SQLite 64.</summary>
    public int? MaxConcurrentRequests { get; set; }

    /// <summary>Requests that may wait for a turn; one more is refused with 503 and Retry-After.</summary>
    public int RequestQueueLimit { get; set; } = 2000;

    /// <summary>A folder with a newer release of SSB's reference files (as <c>vern --reference</c>); null for the embedded copy.</summary>
    public string? Reference { get; set; }

    /// <summary>Minutes without a request before the login lapses (sliding).</summary>
    public int IdleTimeoutMinutes { get; set; } = 20;

    /// <summary>Failed logins in a row before an account is locked.</summary>
    public int LockoutFailures { get; set; } = 5;

    /// <summary>Minutes an account stays locked after <see cref="LockoutFailures"/> failed logins.</summary>
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>OpenID Connect (ID-porten, Entra ID); off when <see cref="OidcOptions.Authority"/> is empty.</summary>
    public OidcOptions Oidc { get; set; } = new();

    /// <summary>Where the keys that protect the cookies are kept, and whether they are encrypted at rest (<see cref="Security.KeyRing"/>).</summary>
    public KeyRingOptions Keys { get; set; } = new();
}

/// <summary>The web server's Data Protection keys (docs/web.md, «Nøklene for informasjonskapslene»). By default in the Vern
/// database (migration 29), so every host on it and every restart accept the same cookies.</summary>
public sealed class KeyRingOptions
{
    /// <summary>A folder to keep the keys in instead of the database (e.g. a secrets volume kept apart from the data and its
    /// backups); every host must see the same folder.</summary>
    public string? Folder { get; set; }

    /// <summary>A PKCS#12 file (.pfx) with a certificate and its private key: the keys are then stored encrypted with it, so a copy
    /// of the database or folder alone cannot forge a login. Every host needs the same certificate.</summary>
    public string? Certificate { get; set; }

    /// <summary>The password of <see cref="Certificate"/>, if it has one (better from an environment variable:
    /// <c>Vern__Keys__CertificatePassword</c>).</summary>
    public string? CertificatePassword { get; set; }
}

/// <summary>OpenID Connect login as an option: the provider proves who the person is, and Vern's own user store still
/// decides whether they may log in and with which role (the claim named by <see cref="UserClaim"/> must match a stored,
/// active user's user name).</summary>
public sealed class OidcOptions
{
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The claim that carries the Vern user name (e.g. <c>preferred_username</c> for Entra ID, <c>pid</c> for ID-porten).</summary>
    public string UserClaim { get; set; } = "preferred_username";

    /// <summary>The button's text on the login page, e.g. "Logg inn med ID-porten".</summary>
    public string DisplayName { get; set; } = "Logg inn med kommunens innlogging";

    /// <summary>Scopes besides openid and profile.</summary>
    public string[] Scopes { get; set; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}
