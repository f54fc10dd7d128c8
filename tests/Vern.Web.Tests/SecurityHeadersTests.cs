using System.Net;

namespace Vern.Web.Tests;

/// <summary>The headers the duty of confidentiality (barnevernsloven § 13-1) asks of every page: a strict CSP with no inline
/// script and no framing, nosniff, no referrer, and no-store on everything but the style sheet.</summary>
public sealed class SecurityHeadersTests : IAsyncLifetime
{
    private VernWebFactory _app = null!;

    public async Task InitializeAsync() => _app = await VernWebFactory.StartAsync();

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("/logg-inn")]
    [InlineData("/")]
    [InlineData("/api/v1/me")]
    [InlineData("/finnes-ikke")]
    public async Task AnyResponse_CarriesStrictHeaders(string path)
    {
        var response = await _app.Client().GetAsync(path);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.True(response.Headers.CacheControl?.NoStore, $"{path}: Cache-Control no-store");
    }

    [Fact]
    public async Task Stylesheet_IsCacheable_AndHoldsNoPersonalData()
    {
        var response = await _app.Client().GetAsync("/css/vern.css");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task LoginPage_HasNoInlineScriptOrStyle()
    {
        var html = await _app.Client().GetStringAsync("/logg-inn");
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("lang=\"nb\"", html, StringComparison.Ordinal);
    }

}
