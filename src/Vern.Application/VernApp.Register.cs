using Vern.Deadlines.Reports;
using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Storage;

namespace Vern.Application;

/// <summary>A register gap (<see cref="RegisterGap"/>) on one case, for the worklist: work to do before the case is sent to SSB.</summary>
public sealed record CaseRegisterGap(CaseId CaseId, string JournalNumber, string? CaseworkerId, RegisterGap Gap);

/// <summary>The worklist page's reads: the actor's worklists and the register gaps of their scope.</summary>
public sealed record WorklistPage(IReadOnlyList<Worklist> Lists, IReadOnlyList<CaseRegisterGap> Gaps);

/// <summary>The register's open tasks on the worklist (issue 14 § 2: show, not refuse, what is only missing for now).</summary>
public sealed partial class VernApp
{
    /// <summary>The worklist page (<see cref="WorklistsAsync"/> and, for an actor of a municipality, <see cref="RegisterGapsAsync"/>):
    /// each read checked and logged as it is on its own, with its own row (its operation and its case ids), but the page waits for
    /// both rows at once, so the two rows go into one commit of the access log instead of one after the other (issue 16, speed).
    /// Nothing is returned before both rows are stored.</summary>
    public async Task<WorklistPage> WorklistPageAsync(Actor actor, DateOnly asOf, string purpose = "")
    {
        var rows = _rowsInFlight = [];
        try
        {
            var lists = await WorklistsAsync(actor, null, asOf, purpose: purpose);
            var gaps = actor.MunicipalityNumber is { } m ? await RegisterGapsAsync(actor, m, purpose) : [];
            return new WorklistPage(lists, gaps);
        }
        finally
        {
            _rowsInFlight = null;
            await Task.WhenAll(rows);
        }
    }

    /// <summary>Every register gap in the actor's scope of <paramref name="municipalityNumber"/> (a caseworker's own cases, a
    /// leader's service), oldest first; logged as one bulk read of the cases looked at, under the register check's policy row.</summary>
    public async Task<IReadOnlyList<CaseRegisterGap>> RegisterGapsAsync(Actor actor, string municipalityNumber, string purpose = "")
    {
        var scope = await Require(actor, Operation.RegisterCheck, municipalityNumber, purpose);
        var caseScope = CaseScope(actor, municipalityNumber);
        if (_lookup is { IsBuilt: true }) // before its first build, the scope is read directly rather than wait for it (as search)
        {
            // The web host's lookup keeps each case's gaps (they depend on the state only) and its bydel: no case state is read here,
            // and the scope's gaps are gathered once per change (the same list object until then).
            var view = await _lookup.CurrentAsync(_feed);
            var kept = view.GapsOf(caseScope, scope == Scope.AssignedCases ? actor.UserId : null);
            await LogBulk(actor, Operation.RegisterCheck, municipalityNumber, purpose, kept.Ids);
            return kept.Gaps;
        }
        var states = await _store.ReadStatesAsync(caseScope)
            .Where(s => scope != Scope.AssignedCases || s.CaseworkerId == actor.UserId).ToListAsync();
        await LogBulk(actor, Operation.RegisterCheck, municipalityNumber, purpose, states.Select(s => s.Id).ToList());
        return [.. states
            .SelectMany(s => RegisterGaps.Find(s).Select(g => new CaseRegisterGap(s.Id, s.JournalNumber, s.CaseworkerId, g)))
            .OrderBy(g => g.Gap.Since)];
    }
}
