namespace Vern.Web.Tests;

public sealed class SeedForDebug
{
    [Fact]
    public async Task Seed()
    {
        if (Environment.GetEnvironmentVariable("VERN_SEED_DB") is { Length: > 0 } path)
            await TestData.SeedAsync(path);
    }
}
