using Vern.Domain.Access;

namespace Vern.Application.Tests;

/// <summary>The staff names kept per host (<see cref="StaffNames"/>, issue 16, speed): the same answer as reading the users, a change
/// of any user shows on the next request, and one service's names are never given to another's staff. Real SQLite file.</summary>
public sealed class StaffNamesTests : IAsyncLifetime
{
    private readonly AppFixture _f = new();
    private readonly StaffNames _kept = new();
    private readonly List<VernApp> _requests = [];

    public async Task InitializeAsync() => await _f.SeedAsync();

    public Task DisposeAsync()
    {
        foreach (var app in _requests)
            app.Dispose();
        _f.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>An app for one request, with the host's kept names.</summary>
    private VernApp Request()
    {
        var app = VernApp.OpenSqlite(_f.DbPath, Vern.Tests.TestReference.CodeLists.Value, _f.Clock);
        app.UseStaffNames(_kept);
        _requests.Add(app);
        return app;
    }

    [Fact]
    public async Task StaffNames_AreTheUsersOfTheService_KeptUntilAUserChanges()
    {
        var leader = await _f.App.ActorAsync("leder-a");
        var first = await Request().StaffNamesAsync(leader);
        Assert.Equal(await _f.App.StaffNamesAsync(leader), first);
        Assert.Same(first, await Request().StaffNamesAsync(leader));
        Assert.DoesNotContain("sb-x", first.Keys); // 4602's caseworker

        var admin = await _f.App.ActorAsync("admin-a");
        await _f.App.AddUserAsync(admin, "sb-new", "Nina Ny", Role.Caseworker, "4601");
        var added = await Request().StaffNamesAsync(leader);
        Assert.Equal("Nina Ny", added["sb-new"]);

        // sb-b moves to 4602 (a role change by a national administrator): gone from 4601's names on the next request, in 4602's.
        await _f.App.ChangeRoleAsync(await _f.App.ActorAsync("root"), "sb-b", Role.Caseworker, "4602");
        Assert.DoesNotContain("sb-b", (await Request().StaffNamesAsync(leader)).Keys);
        Assert.Contains("sb-b", (await Request().StaffNamesAsync(await _f.App.ActorAsync("leder-x"))).Keys);
    }

    [Fact]
    public async Task AnotherServicesStaff_GetTheirOwnNames_NeverTheKeptNamesOfAnother()
    {
        var first = await Request().StaffNamesAsync(await _f.App.ActorAsync("leder-a"));
        var other = await Request().StaffNamesAsync(await _f.App.ActorAsync("leder-x"));
        Assert.Equal(["leder-x", "sb-x"], other.Keys.Order(StringComparer.Ordinal));
        Assert.NotSame(first, other);
        Assert.Equal(["root"], (await Request().StaffNamesAsync(await _f.App.ActorAsync("root"))).Keys); // a national administrator: only themself
    }
}
