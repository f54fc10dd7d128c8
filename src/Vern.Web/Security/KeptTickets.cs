using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;

namespace Vern.Web.Security;

/// <summary>The login cookie's ticket, decrypted once per cookie and kept for a minute (issue 16, speed: ASP.NET Core's data
/// protection derived a key, checked the MAC, decrypted and deserialised the same cookie on every request of a session). The
/// key is the cookie's whole protected text, so a kept ticket is only ever the one that text decrypts to, and only a text that
/// decrypted and verified once is kept: a changed or forged cookie is decrypted (and refused) as before. Everything after the
/// decryption still runs on every request: the ticket's expiry (the idle timeout), the sliding renewal and
/// <see cref="ActorCookie.ValidateAsync"/>'s user read, so a disabled user is still refused at once. A revoked data-protection
/// key stops a kept cookie within <see cref="Kept"/>. Each request gets its own copy, so nothing a request does to its ticket
/// reaches another.</summary>
public sealed class KeptTickets(ISecureDataFormat<AuthenticationTicket> inner, TimeProvider time) : ISecureDataFormat<AuthenticationTicket>
{
    /// <summary>How long a decrypted cookie is kept.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromMinutes(1);

    /// <summary>Cookies kept at most (one per signed-in browser; when full, all are dropped and decrypted again).</summary>
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, (AuthenticationTicket Ticket, DateTimeOffset Until)> _kept = new(StringComparer.Ordinal);

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null || purpose is not null)
            return inner.Unprotect(protectedText, purpose);
        var now = time.GetUtcNow();
        if (_kept.TryGetValue(protectedText, out var kept) && now < kept.Until)
            return kept.Ticket.Clone();
        var ticket = inner.Unprotect(protectedText);
        if (ticket is null)
            return null;
        if (_kept.Count >= Capacity)
            _kept.Clear();
        _kept[protectedText] = (ticket.Clone(), now + Kept);
        return ticket;
    }
}
