using Vern.Deadlines.Engine;
using Vern.Domain.Access;
using Vern.Storage;

namespace Vern.Application;

/// <summary>One municipality's (or the nation's, <see cref="NationalDeadlineOverview.Total"/>) open and overdue lovpålagte frister
/// as of a date, per duty (by rule id, same order as <see cref="NationalDeadlineOverview.Duties"/>) and in all. A null cell is
/// suppressed: a count of 1–4, or one that would give such a count away (<see cref="StateSuppression"/>'s rule).</summary>
public sealed record DeadlineCountRow(string MunicipalityNumber, IReadOnlyList<int?> Open, IReadOnlyList<int?> Overdue, int? OpenInAll, int? OverdueInAll);

/// <summary>The national deadline overview (issue 16, speed: "the national deadline list through the API"): how many duties are
/// open and overdue per municipality and duty, never which children. Nobody has a national list of children's duties
/// (<see cref="AccessPolicy"/> gives no role a national scope for <see cref="Operation.Deadlines"/>; barnevernsloven § 13-1); the
/// overview is an aggregate under the statistics row (<see cref="Operation.Statistics"/>: analyst and auditor, aggregates only),
/// with small counts suppressed as the statistics and the state side's tables are.</summary>
public sealed record NationalDeadlineOverview(DateOnly AsOf, IReadOnlyList<(string Id, string Title)> Duties, IReadOnlyList<DeadlineCountRow> Municipalities,
    DeadlineCountRow Total, int OpenCases);

public sealed partial class VernApp
{
    /// <summary>Open and overdue duties per municipality and duty over the whole nation as of <paramref name="asOf"/>, for an
    /// aggregates-only reader (analyst, auditor with a purpose); anyone else is refused and the refusal logged. Logged as one bulk
    /// read of the open cases counted. Through the web host's <see cref="CaseLookup"/> the duties are computed once per change of
    /// the store.</summary>
    public async Task<NationalDeadlineOverview> NationalDeadlineOverviewAsync(Actor actor, DateOnly asOf, string purpose = "")
    {
        var scope = await Require(actor, Operation.Statistics, null, purpose);
        if (scope != Scope.AggregatesOnly)
            await Deny(actor, Operation.Statistics, null, "*", $"{actor.UserId} ({actor.Describe()}) ser fristene i sin egen tjeneste (arbeidslisten); "
                + "oversikten over hele landet er samletall for analytiker og tilsyn.", purpose);
        var service = Deadlines("nasjonal fristoversikt");
        if (_lookup is not null)
        {
            // Kept per change of the store: the duties, the ids the log row names (their encoding and digest with them) and the
            // suppressed counts, so a repeated request computes none of them again (issue 16, speed: 35,282 open cases).
            var all = await _lookup.OpenDutiesAsync(_feed, null, asOf, () => service.LoadFactsAsync(MunicipalityScope.National, openOn: asOf),
                f => service.OpenObligations(f, asOf));
            await LogBulk(actor, Operation.Statistics, "*", purpose, all.Narrowed(null, null, null).Ids);
            return Counted.GetValue(all, d => DeadlineCounts.Suppressed(asOf, d.Open, d.Facts.Count));
        }
        var loaded = await service.LoadFactsAsync(MunicipalityScope.National, openOn: asOf);
        await LogBulk(actor, Operation.Statistics, "*", purpose, loaded.Select(f => f.Id).ToList());
        return DeadlineCounts.Suppressed(asOf, service.OpenObligations(loaded, asOf), loaded.Count);
    }

    /// <summary>The national counts of each kept <see cref="OpenDuties"/> (of the nation, as of one date): made once per object.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<OpenDuties, NationalDeadlineOverview> Counted = new();
}

/// <summary>Counting and suppressing the national deadline overview (pure).</summary>
public static class DeadlineCounts
{
    /// <summary>Counts <paramref name="open"/> per municipality and duty, and suppresses each of the two grids (open, overdue) with
    /// <see cref="StateSuppression.Grid"/>: each municipality's duties sum to its «in all», and the municipalities sum to the
    /// nation's, per duty and in all.</summary>
    public static NationalDeadlineOverview Suppressed(DateOnly asOf, IReadOnlyList<Obligation> open, int openCases)
    {
        var duties = open.Select(o => (o.Rule.Id, o.Rule.Title)).Distinct().OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        var column = duties.Select((d, i) => (d.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var municipalities = open.Select(o => o.Case.MunicipalityNumber).Distinct().Order(StringComparer.Ordinal).ToList();
        var row = municipalities.Select((m, i) => (m, i)).ToDictionary(p => p.m, p => p.i, StringComparer.Ordinal);
        int rows = municipalities.Count + 1, columns = duties.Count + 1, total = municipalities.Count, inAll = duties.Count;
        var openGrid = new StateSuppression.Grid(rows, columns);
        var overdueGrid = new StateSuppression.Grid(rows, columns);
        foreach (var o in open)
        {
            var (r, c) = (row[o.Case.MunicipalityNumber], column[o.Rule.Id]);
            foreach (var (rr, cc) in new[] { (r, c), (r, inAll), (total, c), (total, inAll) })
            {
                openGrid[rr, cc]++;
                if (o.Status == ObligationStatus.Overdue)
                    overdueGrid[rr, cc]++;
            }
        }
        foreach (var grid in new[] { openGrid, overdueGrid })
        {
            for (var r = 0; r < rows; r++)
                grid.Group((r, inAll), [.. Enumerable.Range(0, duties.Count).Select(c => (r, c))]);
            for (var c = 0; c < columns; c++)
                grid.Group((total, c), [.. Enumerable.Range(0, municipalities.Count).Select(r => (r, c))]);
            grid.Run();
        }
        DeadlineCountRow Row(int r, string name) => new(name,
            [.. Enumerable.Range(0, duties.Count).Select(c => openGrid.Shown(r, c))], [.. Enumerable.Range(0, duties.Count).Select(c => overdueGrid.Shown(r, c))],
            openGrid.Shown(r, inAll), overdueGrid.Shown(r, inAll));
        return new NationalDeadlineOverview(asOf, duties, [.. municipalities.Select((m, r) => Row(r, m))], Row(total, "I alt"), openCases);
    }
}
