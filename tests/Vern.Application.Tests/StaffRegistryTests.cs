using Vern.Domain.Access;
using Vern.Domain.Validation;
using Vern.Storage;

namespace Vern.Application.Tests;

/// <summary>The ansattregister through the application layer (the CLI's <c>vern staff import</c> and the web's form alike): an
/// import is all or nothing, each broken rule named by its member and field; a refused actor is told no rule; and one service
/// never takes over another's employee by user name. Real SQLite file.</summary>
public sealed class StaffRegistryTests : IAsyncLifetime
{
    private readonly AppFixture _f = new();

    public async Task InitializeAsync() => await _f.SeedAsync();

    public Task DisposeAsync()
    {
        _f.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Import_WithABrokenMember_StoresNone_AndNamesTheMemberAndField()
    {
        var leader = await _f.As(Role.Leader);
        var m = leader.MunicipalityNumber!;
        var e = await Assert.ThrowsAsync<DomainRuleException>(() => _f.App.ImportStaffAsync(leader,
        [
            new StaffMember("sb-a", m, "Anne", "saksbehandler", Education.RelevantBachelor),
            new StaffMember("sb-b", m, "Bjørn", "", Education.RelevantBachelor, FullTimeEquivalent: 0),
        ]));
        Assert.Equal(["staff[1].position", "staff[1].fullTimeEquivalent"], e.Issues.Select(i => i.Path));
        Assert.Empty(await _f.App.ListStaffAsync(leader, null));
    }

    [Fact]
    public async Task Save_ByARoleWithoutTheRegistry_IsDeniedBeforeAnyRuleIsChecked()
    {
        var caseworker = await _f.As(Role.Caseworker);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _f.App.SaveStaffMemberAsync(caseworker,
            new StaffMember("", caseworker.MunicipalityNumber!, "", "", Education.None)));
    }

    [Fact]
    public async Task Save_AnIdAnotherServiceHolds_IsRefusedAtTheIdField_AndTheirRowStays()
    {
        var leader = await _f.As(Role.Leader);
        await _f.App.SaveStaffMemberAsync(leader, new StaffMember("sb-a", leader.MunicipalityNumber!, "Anne", "saksbehandler", Education.RelevantBachelor));
        var other = await _f.App.ActorAsync("leder-x");
        var e = await Assert.ThrowsAsync<DomainRuleException>(() => _f.App.SaveStaffMemberAsync(other,
            new StaffMember("sb-a", other.MunicipalityNumber!, "Anne Annen", "leder", Education.None)));
        Assert.Equal("id", Assert.Single(e.Issues).Path);
        Assert.Equal("Anne", Assert.Single(await _f.App.ListStaffAsync(leader, null)).Name);
        Assert.Empty(await _f.App.ListStaffAsync(other, null));
    }
}
