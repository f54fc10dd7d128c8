using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Vern.Web.Security;

namespace Vern.Web.Tests;

/// <summary>The forms' antiforgery tokens kept per identity and antiforgery cookie (issue 16, speed), on ASP.NET Core's real
/// antiforgery and data protection (an ephemeral key ring): a kept pair is handed only to the same identity with the same cookie (or
/// none), validates as a fresh one does, is made afresh after <see cref="KeptAntiforgeryTokens.Kept"/>, and a response that gets a
/// kept pair carries the same cookie and headers as the one that made it. Antiforgery on every form (issue 16, security):
/// <c>LoginTests.Logout_WithoutAntiforgeryToken_IsRefused_AndWithIt_EndsTheSession</c> and the last test here, through the page.</summary>
public sealed class KeptAntiforgeryTokensTests
{
    private readonly SettableClock _clock = new(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));
    private readonly IServiceProvider _services;
    private readonly IAntiforgery _antiforgery;

    public KeptAntiforgeryTokensTests()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAntiforgery(o =>
        {
            o.Cookie = new SecureCookie(VernWeb.AntiforgeryCookie);
            o.FormFieldName = "__vern_af";
        });
        services.AddSingleton<TimeProvider>(_clock);
        KeptAntiforgeryTokens.Around(services);
        _services = services.BuildServiceProvider();
        _antiforgery = _services.GetRequiredService<IAntiforgery>();
    }

    private static ClaimsPrincipal User(string id) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, id), new Claim(ActorCookie.LoginMethod, "passord")], "Cookies"));

    /// <summary>A GET by <paramref name="user"/> (null: anonymous) sending the antiforgery cookie <paramref name="cookie"/> (null: none).</summary>
    private DefaultHttpContext Get(ClaimsPrincipal? user, string? cookie)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Scheme = "https";
        if (user is not null)
            context.User = user;
        if (cookie is not null)
            context.Request.Headers.Cookie = $"{VernWeb.AntiforgeryCookie}={cookie}";
        return context;
    }

    /// <summary>True when a form POST by <paramref name="user"/> with <paramref name="cookie"/> and <paramref name="token"/> passes.</summary>
    private async Task<bool> PostsAsync(ClaimsPrincipal user, string cookie, string token)
    {
        var context = Get(user, cookie);
        context.Request.Method = "POST";
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("__vern_af=" + Uri.EscapeDataString(token)));
        return await _antiforgery.IsRequestValidAsync(context);
    }

    /// <summary>Two pages by <paramref name="user"/>, each sending the antiforgery cookie <paramref name="cookie"/> (null: none):
    /// the first response and the tokens it got, then the second's.</summary>
    private (HttpContext First, AntiforgeryTokenSet Made, HttpContext Second, AntiforgeryTokenSet Kept) TwoPages(ClaimsPrincipal user, string? cookie)
    {
        var first = Get(user, cookie);
        var made = _antiforgery.GetAndStoreTokens(first);
        var second = Get(user, cookie);
        return (first, made, second, _antiforgery.GetAndStoreTokens(second));
    }

    [Fact]
    public async Task ASecondPage_WithoutACookie_GetsTheKeptPair_WithTheSameCookieAndHeaders_AndItValidates()
    {
        var sara = User("sara");
        var (first, made, second, kept) = TwoPages(sara, null);

        Assert.NotNull(made.CookieToken);
        Assert.Equal(made.RequestToken, kept.RequestToken);
        Assert.Equal(made.CookieToken, kept.CookieToken);
        foreach (var header in new[] { "Set-Cookie", "Cache-Control", "Pragma", "X-Frame-Options" })
            Assert.Equal(first.Response.Headers[header].ToString(), second.Response.Headers[header].ToString());
        Assert.Contains(made.CookieToken!, second.Response.Headers.SetCookie.ToString());
        Assert.True(await PostsAsync(sara, made.CookieToken!, kept.RequestToken!));

        // A page with two forms sets the cookie once.
        _antiforgery.GetAndStoreTokens(second);
        Assert.Single(second.Response.Headers.SetCookie.ToArray());
    }

    [Fact]
    public async Task ABrowserWithTheCookie_GetsARequestTokenForIt_KeptForThatCookie()
    {
        var sara = User("sara");
        var cookie = _antiforgery.GetAndStoreTokens(Get(sara, null)).CookieToken!;
        var (first, made, second, kept) = TwoPages(sara, cookie);

        Assert.Null(made.CookieToken);
        Assert.Equal(made.RequestToken, kept.RequestToken);
        Assert.Empty(second.Response.Headers.SetCookie.ToArray());
        Assert.Equal(first.Response.Headers.CacheControl.ToString(), second.Response.Headers.CacheControl.ToString());
        Assert.True(await PostsAsync(sara, cookie, kept.RequestToken!));
    }

    [Fact]
    public async Task AnotherUser_GetsTokensOfTheirOwn_AndOnesTokenDoesNotPassForTheOther()
    {
        var sara = User("sara");
        var lise = User("lise");
        var saras = _antiforgery.GetAndStoreTokens(Get(sara, null));
        var lises = _antiforgery.GetAndStoreTokens(Get(lise, null));
        var lisesWithSarasCookie = _antiforgery.GetAndStoreTokens(Get(lise, saras.CookieToken));

        Assert.NotEqual(saras.CookieToken, lises.CookieToken);
        Assert.NotEqual(saras.RequestToken, lisesWithSarasCookie.RequestToken);
        Assert.False(await PostsAsync(lise, saras.CookieToken!, saras.RequestToken!));
        Assert.True(await PostsAsync(lise, saras.CookieToken!, lisesWithSarasCookie.RequestToken!));
    }

    [Fact]
    public void AfterTheKeptTime_AndForAnonymousRequests_TokensAreMadeAfresh()
    {
        var sara = User("sara");
        var made = _antiforgery.GetAndStoreTokens(Get(sara, null));
        _clock.Now += KeptAntiforgeryTokens.Kept - TimeSpan.FromSeconds(1);
        Assert.Equal(made.RequestToken, _antiforgery.GetAndStoreTokens(Get(sara, null)).RequestToken);
        _clock.Now += TimeSpan.FromSeconds(1);
        Assert.NotEqual(made.RequestToken, _antiforgery.GetAndStoreTokens(Get(sara, null)).RequestToken);

        Assert.NotEqual(_antiforgery.GetAndStoreTokens(Get(null, null)).CookieToken, _antiforgery.GetAndStoreTokens(Get(null, null)).CookieToken);
    }

    [Fact]
    public async Task ThroughThePages_TheKeptTokenOfTheWorklist_LogsOut()
    {
        await using var app = await VernWebFactory.StartAsync();
        var client = await app.LoginAsync(TestData.Caseworker);
        var token = VernWebFactory.Token(await client.GetStringAsync("/"));
        Assert.Equal(token, VernWebFactory.Token(await client.GetStringAsync("/")));

        var response = await client.PostAsync("/logg-ut", new FormUrlEncodedContent(new Dictionary<string, string> { ["__vern_af"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);
    }
}
