using Vern.Domain.Access;
using Vern.Domain.Cases;

namespace Vern.Application.Tests;

/// <summary>Register gaps on the worklist (issue 14 § 2: show, not refuse, what is only missing for now), through the
/// application layer over a real SQLite database.</summary>
public sealed class RegisterGapTests : IAsyncLifetime
{
    private AppFixture _f = null!;

    public async Task InitializeAsync() => _f = await new AppFixture().SeedAsync();

    public Task DisposeAsync()
    {
        _f.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    [Trait("Rule", "Undersøkelse Kontroll 21")]
    public async Task RegisterGaps_InvestigationConcludedToMeasuresWithoutDecision_ShownToItsCaseworkerAndLeaderOnly()
    {
        // Kravspesifikasjon Undersøkelse Kontroll 21 (ERROR): an investigation concluded with code 1 needs the decision that
        // follows from it. Until it is made the case is not refused; the worklist shows the task with its control and date.
        var leader = await _f.As(Role.Leader);
        var report = (await _f.App.ShowCaseAsync(leader, _f.Own)).State.Reports[0].Id;
        var investigation = new EntryId(Guid.NewGuid());
        await _f.App.RecordAsync(leader, _f.Own, new OpenInvestigation(report, new DateOnly(2024, 5, 3), investigation));
        await _f.App.RecordAsync(leader, _f.Own, new ConcludeInvestigation(investigation, new DateOnly(2024, 5, 20), new CodedValue("1"), [new CodedValue("8")]));

        var own = await _f.App.RegisterGapsAsync(await _f.As(Role.Caseworker), "4601");
        var service = await _f.App.RegisterGapsAsync(leader, "4601");
        var colleague = await _f.App.RegisterGapsAsync(await _f.App.ActorAsync("sb-b"), "4601");

        var gap = Assert.Single(own);
        Assert.Equal(_f.Own, gap.CaseId);
        Assert.Equal("Undersøkelse Kontroll 21", gap.Gap.Control);
        Assert.Equal(new DateOnly(2024, 5, 20), gap.Gap.Since);
        Assert.True(gap.Gap.IsError);
        Assert.Equal(own, service);
        Assert.Empty(colleague); // a caseworker sees the register gaps of their own cases only (AccessPolicy: RegisterCheck)
    }
}
