using Vern.Domain.Access;
using Vern.State.Reports;

namespace Vern.Application;

/// <summary>One row of the duty-to-assist breach table; a null cell is suppressed (a small count, or one that would give a
/// small count away).</summary>
public sealed record BreachRow(string Key, int? Breaches, int? UniqueChildren, int? ReferralsWithDuty, int? ConfirmedByCountyGovernor);

/// <summary>Breaches of the duty to assist as a table (per year, region, measure type and in all), for pages, the API and the
/// CLI. <paramref name="Suppressed"/>: small counts were suppressed because the reader sees aggregates only.</summary>
public sealed record BreachTable(DateOnly AsOf, IReadOnlyList<BreachRow> PerYear, IReadOnlyList<BreachRow> PerRegion, IReadOnlyList<BreachRow> PerMeasure,
    BreachRow Total, bool Suppressed);

/// <summary>One row of the foster home waiting list table; a null cell is suppressed. Mean and median are shown only where the
/// count of children is shown and is 5 or more (a mean of one child is that child's wait).</summary>
public sealed record WaitingRow(string Region, int? Waiting, double? MeanDays, double? MedianDays, int? Under30, int? From30To90, int? From91To180, int? Over180);

public sealed record WaitingTable(DateOnly AsOf, IReadOnlyList<WaitingRow> Regions, WaitingRow Total, bool Suppressed);

/// <summary>Small-count suppression for the state side's tables, as <c>Vern.Statistics.Suppression</c> does for the statistics
/// (issue 19/20): counts 1–4 are hidden (primary), and where a hidden cell could be recovered from a shown total and the other
/// shown parts, the smallest other non-zero part is hidden too (secondary), repeated until nothing changes. Zeros are shown.
/// SSB's actual threshold for barnevern tables is not verified (as said in docs/statistics.md); Vern uses 1–4 as there.</summary>
public static class StateSuppression
{
    public const int Threshold = 4;

    /// <summary>A grid of counts with groups that sum (a total cell and its parts); <see cref="Run"/> marks the hidden cells.</summary>
    public sealed class Grid(int rows, int columns)
    {
        private readonly int[,] _values = new int[rows, columns];
        private readonly bool[,] _hidden = new bool[rows, columns];
        private readonly List<((int R, int C) Total, (int R, int C)[] Parts)> _groups = [];

        public int this[int r, int c]
        {
            get => _values[r, c];
            set => _values[r, c] = value;
        }

        public bool Hidden(int r, int c) => _hidden[r, c];

        public int? Shown(int r, int c) => _hidden[r, c] ? null : _values[r, c];

        public void Group((int R, int C) total, params (int R, int C)[] parts) => _groups.Add((total, parts));

        public Grid Run()
        {
            for (var r = 0; r < rows; r++)
                for (var c = 0; c < columns; c++)
                    _hidden[r, c] = _values[r, c] is >= 1 and <= Threshold;
            for (var changed = true; changed;)
            {
                changed = false;
                foreach (var (total, parts) in _groups)
                {
                    var hidden = parts.Count(p => _hidden[p.R, p.C]);
                    if (hidden != 1 || _hidden[total.R, total.C])
                        continue;
                    var next = parts.Where(p => !_hidden[p.R, p.C] && _values[p.R, p.C] > 0).OrderBy(p => _values[p.R, p.C]).Cast<(int R, int C)?>().FirstOrDefault();
                    // No other non-zero part to hide: the total would give the hidden one away, so the total goes.
                    var target = next ?? total;
                    _hidden[target.R, target.C] = true;
                    changed = true;
                }
            }
            return this;
        }
    }

    /// <summary>The breach report as a table; suppressed when <paramref name="suppress"/>. Each dimension (year, region, measure)
    /// is a group of parts under the total, per column.</summary>
    public static BreachTable Breaches(BreachReport r, bool suppress)
    {
        var rows = r.PerYear.Concat(r.PerRegion).Concat(r.PerMeasure).Append(r.Total).ToList();
        var grid = new Grid(rows.Count, 4);
        for (var i = 0; i < rows.Count; i++)
        {
            grid[i, 0] = rows[i].Breaches;
            grid[i, 1] = rows[i].UniqueChildren;
            grid[i, 2] = rows[i].ReferralsWithDuty;
            grid[i, 3] = rows[i].ConfirmedByCountyGovernor;
        }
        var total = rows.Count - 1;
        var dims = new (int Start, int Count)[] { (0, r.PerYear.Count), (r.PerYear.Count, r.PerRegion.Count), (r.PerYear.Count + r.PerRegion.Count, r.PerMeasure.Count) };
        for (var c = 0; c < 4; c++)
        {
            foreach (var (start, count) in dims)
                grid.Group((total, c), [.. Enumerable.Range(start, count).Select(i => (i, c))]);
        }
        if (suppress)
            grid.Run();
        BreachRow Row(int i) => new(rows[i].Key, Cell(grid, i, 0, suppress), Cell(grid, i, 1, suppress), Cell(grid, i, 2, suppress), Cell(grid, i, 3, suppress));
        var y = r.PerYear.Count;
        var g = r.PerRegion.Count;
        return new BreachTable(r.AsOf, [.. Enumerable.Range(0, y).Select(Row)], [.. Enumerable.Range(y, g).Select(Row)],
            [.. Enumerable.Range(y + g, r.PerMeasure.Count).Select(Row)], Row(total), suppress);
    }

    /// <summary>The waiting list as a table; suppressed when <paramref name="suppress"/>. Groups: the bands sum to the row's count;
    /// the regions sum to the total, per column.</summary>
    public static WaitingTable Waiting(WaitingListReport r, bool suppress)
    {
        var rows = r.Regions.Append(r.Total).ToList();
        var grid = new Grid(rows.Count, 5);
        for (var i = 0; i < rows.Count; i++)
        {
            grid[i, 0] = rows[i].Waiting.Count;
            grid[i, 1] = rows[i].Under30;
            grid[i, 2] = rows[i].From30To90;
            grid[i, 3] = rows[i].From91To180;
            grid[i, 4] = rows[i].Over180;
            grid.Group((i, 0), (i, 1), (i, 2), (i, 3), (i, 4));
        }
        var total = rows.Count - 1;
        for (var c = 0; c < 5; c++)
            grid.Group((total, c), [.. Enumerable.Range(0, total).Select(i => (i, c))]);
        if (suppress)
            grid.Run();
        WaitingRow Row(int i)
        {
            var count = Cell(grid, i, 0, suppress);
            var stats = !suppress || count is >= 5;
            return new(rows[i].Region, count, stats ? rows[i].Waiting.Mean : null, stats ? rows[i].Waiting.Median : null,
                Cell(grid, i, 1, suppress), Cell(grid, i, 2, suppress), Cell(grid, i, 3, suppress), Cell(grid, i, 4, suppress));
        }
        return new WaitingTable(r.AsOf, [.. Enumerable.Range(0, total).Select(Row)], Row(total), suppress);
    }

    private static int? Cell(Grid g, int r, int c, bool suppress) => suppress ? g.Shown(r, c) : g[r, c];
}

public sealed partial class VernApp
{
    /// <summary>True when the actor sees the state side's reports as aggregates only (analyst, auditor): the tables are then
    /// suppressed. The application layer decides, as it does for the statistics.</summary>
    private async Task<bool> AggregatesOnly(Actor actor, Operation operation) =>
        AccessPolicy.Effective(actor, operation, await CaseworkersSeeService(actor)) == Scope.AggregatesOnly;

    /// <summary>Breaches of the duty to assist as a table, with small counts suppressed for aggregates-only roles.</summary>
    public async Task<BreachTable> BreachTableAsync(Actor actor, DateOnly asOf, string purpose = "") =>
        StateSuppression.Breaches(StateReports.Breaches(await ReportReferrals(actor, purpose), asOf), await AggregatesOnly(actor, Operation.StateReports));

    /// <summary>The foster home waiting list as a table, with small counts suppressed for aggregates-only roles.</summary>
    public async Task<WaitingTable> WaitingTableAsync(Actor actor, DateOnly asOf, string purpose = "") =>
        StateSuppression.Waiting(StateReports.WaitingList(await ReportReferrals(actor, purpose), asOf), await AggregatesOnly(actor, Operation.StateReports));
}
