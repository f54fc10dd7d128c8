using Vern.Domain.Access;
using Vern.Storage;
using Vern.Storage.Sqlite;

namespace Vern.Application.Tests;

/// <summary>Nobody sees another municipality's children (issue 15; taushetsplikt, barnevernsloven § 13-1): municipality A's
/// caseworker and leader get B's child through no query — show, list, search, deadlines, worklist, export, access report.</summary>
public sealed class CrossMunicipalityTests
{
    [Theory]
    [InlineData(Role.Caseworker)]
    [InlineData(Role.Leader)]
    public async Task MunicipalityAsStaff_NeverSeeMunicipalityBsChild(Role role)
    {
        using var f = await new AppFixture().SeedAsync();
        await f.App.SetCaseworkersSeeServiceAsync(await f.As(Role.Administrator), "4601", true); // the widest a caseworker can get
        var a = await f.As(role);
        var day = new DateOnly(2024, 6, 1);

        // Asked for directly: refused.
        await Assert.ThrowsAsync<AccessDeniedException>(() => f.App.ShowCaseAsync(a, f.Other));
        await Assert.ThrowsAsync<AccessDeniedException>(() => f.App.ExportCaseAsync(a, f.Other));
        await Assert.ThrowsAsync<AccessDeniedException>(() => f.App.CaseAccessAsync(a, f.Other));
        await Assert.ThrowsAsync<AccessDeniedException>(() => f.App.ListCasesAsync(a, "4602"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => f.App.DeadlinesAsync(a, "4602", day));
        await Assert.ThrowsAsync<AccessDeniedException>(() => f.App.WorklistsAsync(a, "4602", day));

        // Not asked for: never among the results. Every child is called Kari Nordmann, so a search would find B's too.
        Assert.DoesNotContain(await f.App.ListCasesAsync(a), h => h.Id == f.Other);
        var found = await f.App.ListCasesAsync(a, search: "Nordmann");
        Assert.NotEmpty(found);
        Assert.All(found, h => Assert.Equal("4601", h.MunicipalityNumber));
        Assert.DoesNotContain((await f.App.DeadlinesAsync(a, null, day)).Open, o => o.Case.Id == f.Other);
        Assert.DoesNotContain((await f.App.WorklistsAsync(a, null, day)).SelectMany(l => l.Items), o => o.Case.Id == f.Other);

        // And the log agrees: none of A's reads included B's child; B's leader sees only refused attempts by A.
        var access = await f.App.CaseAccessAsync(await f.App.ActorAsync("leder-x"), f.Other);
        Assert.All(access.Where(r => r.ActorId == a.UserId), r => Assert.Equal(AccessEntry.Denied, r.Outcome));
        Assert.Equal(3, access.Count(r => r.ActorId == a.UserId)); // show, export, access report
    }
}
