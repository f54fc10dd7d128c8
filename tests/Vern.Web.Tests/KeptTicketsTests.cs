using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Vern.Web.Security;

namespace Vern.Web.Tests;

/// <summary>The login cookie's ticket kept per cookie (issue 16, speed): on ASP.NET Core's real data protection (an ephemeral key
/// ring), a kept ticket is only ever the one its exact cookie decrypts to, each request gets its own copy, and a kept cookie is
/// decrypted again after <see cref="KeptTickets.Kept"/>. The user read on every request, which refuses a disabled user at once
/// with the same cookie, is <c>LockoutTests.DisabledUser_IsSignedOutOnTheNextRequest</c>.</summary>
public sealed class KeptTicketsTests
{
    /// <summary>The real protector, counting the decryptions it is asked for.</summary>
    private sealed class CountingProtector(IDataProtector inner) : IDataProtector
    {
        public int Decryptions { get; private set; }

        public IDataProtector CreateProtector(string purpose) => new CountingProtector(inner.CreateProtector(purpose));

        public byte[] Protect(byte[] plaintext) => inner.Protect(plaintext);

        public byte[] Unprotect(byte[] protectedData)
        {
            Decryptions++;
            return inner.Unprotect(protectedData);
        }
    }

    private readonly CountingProtector _protector = new(new EphemeralDataProtectionProvider().CreateProtector("cookie"));
    private readonly SettableClock _clock = new(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));

    private KeptTickets Tickets() => new(new TicketDataFormat(_protector), _clock);

    private static AuthenticationTicket Ticket(string userId) => new(new ClaimsPrincipal(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Name, "Sara Saksbehandler")], "Cookies")),
        new AuthenticationProperties { ExpiresUtc = new DateTimeOffset(2026, 12, 6, 8, 20, 0, TimeSpan.Zero) }, "Cookies");

    [Fact]
    public void Unprotect_TheSameCookieTwice_DecryptsOnce_AndGivesEachCallItsOwnCopy()
    {
        var tickets = Tickets();
        var cookie = tickets.Protect(Ticket("sara"));

        var first = tickets.Unprotect(cookie)!;
        first.Properties.ExpiresUtc = DateTimeOffset.MaxValue;
        ((ClaimsIdentity)first.Principal.Identity!).AddClaim(new Claim(ClaimTypes.Role, "leder"));
        var second = tickets.Unprotect(cookie)!;

        Assert.Equal(1, _protector.Decryptions);
        Assert.Equal("sara", second.Principal.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 8, 20, 0, TimeSpan.Zero), second.Properties.ExpiresUtc);
        Assert.False(second.Principal.HasClaim(ClaimTypes.Role, "leder"));
        Assert.NotSame(first.Principal, second.Principal);
    }

    [Fact]
    public void Unprotect_AChangedCookie_IsRefused_EvenWhileTheOriginalIsKept()
    {
        var tickets = Tickets();
        var cookie = tickets.Protect(Ticket("sara"));
        Assert.NotNull(tickets.Unprotect(cookie));

        var changed = cookie[..^3] + (cookie[^3] == 'A' ? 'B' : 'A') + cookie[^2..];

        Assert.Null(tickets.Unprotect(changed));
        Assert.Null(tickets.Unprotect(changed));
        Assert.Equal(3, _protector.Decryptions);
    }

    [Fact]
    public void Unprotect_AfterTheKeptTime_DecryptsAgain()
    {
        var tickets = Tickets();
        var cookie = tickets.Protect(Ticket("sara"));
        tickets.Unprotect(cookie);

        _clock.Now += KeptTickets.Kept - TimeSpan.FromSeconds(1);
        tickets.Unprotect(cookie);
        Assert.Equal(1, _protector.Decryptions);

        _clock.Now += TimeSpan.FromSeconds(1);
        Assert.Equal("sara", tickets.Unprotect(cookie)!.Principal.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Equal(2, _protector.Decryptions);
    }

    [Fact]
    public void Unprotect_ACookieFromAnotherKeyRing_IsRefused()
    {
        var other = new KeptTickets(new TicketDataFormat(new EphemeralDataProtectionProvider().CreateProtector("cookie")), _clock);
        var cookie = other.Protect(Ticket("sara"));

        Assert.Null(Tickets().Unprotect(cookie));
    }
}
