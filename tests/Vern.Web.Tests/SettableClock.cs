namespace Vern.Web.Tests;

/// <summary>A clock a test moves by hand (what is kept for a while: <c>KeptTicketsTests</c>, <c>KeptAntiforgeryTokensTests</c>).</summary>
internal sealed class SettableClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
