using Vern.Statistics.Breakdowns;

namespace Vern.Statistics.Tests;

/// <summary>Small-count suppression (issue 19, privacy): counts 1–4 are hidden, and enough other cells that a hidden cell
/// cannot be got back by subtraction from a total (secondary suppression).</summary>
public class SuppressionTests
{
    private static readonly SuppressionRule Rule = SuppressionRule.Default;

    private static IndicatorRow Row(string id, string region, decimal value, int year = 2024, string age = "alle", string unit = "barn", string origin = "vern") =>
        new(id, id, region, year, age, value, null, null, unit, origin, "test");

    private static IndicatorRow Cell(IReadOnlyList<IndicatorRow> rows, string id, string region, int year = 2024, string age = "alle") =>
        rows.Single(r => r.IndicatorId == id && r.Region == region && r.Year == year && r.AgeGroup == age && !r.Region.StartsWith("kommunene", StringComparison.Ordinal));

    private static bool Hidden(IReadOnlyList<IndicatorRow> rows, string id, string region, int year = 2024, string age = "alle") =>
        Cell(rows, id, region, year, age) is { Value: null, Symbol: ":" };

    [Fact]
    [Trait("Rule", "Issue 19: counts 1–4 suppressed (SSB symbol «:»); 0 shown")]
    public void Apply_SmallCounts_AreSuppressedAndZeroAndFiveAreShown()
    {
        var rows = Suppression.Apply([Row("placements-31dec", "1111", 0), Row("placements-31dec", "2222", 4), Row("placements-31dec", "3333", 5),
            Row("placements-31dec", "4444", 1)], Rule);
        Assert.Equal(0m, Cell(rows, "placements-31dec", "1111").Value);
        Assert.True(Hidden(rows, "placements-31dec", "2222"));
        Assert.Equal(5m, Cell(rows, "placements-31dec", "3333").Value);
        Assert.True(Hidden(rows, "placements-31dec", "4444"));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Suppression.Apply([Row("placements-31dec", "1111", 1)], Rule with { MaxSuppressed = 0 }));
        Assert.Equal("MaxSuppressed", error.ParamName);
    }

    [Fact]
    [Trait("Rule", "Issue 19: a suppressed cell cannot be recovered by subtraction from totals (secondary suppression)")]
    public void Apply_OneSmallMunicipalityInACounty_SuppressesASecondMunicipality()
    {
        // fylke 11 = 1101 (3) + 1102 (40) + 1103 (12): with only 1101 hidden, 55 − 40 − 12 = 3 would give it away.
        var rows = Suppression.Apply([Row("placements-31dec", "1101", 3), Row("placements-31dec", "1102", 40), Row("placements-31dec", "1103", 12),
            Row("placements-31dec", "fylke 11", 55), Row("placements-31dec", "landet", 55)], Rule);
        Assert.True(Hidden(rows, "placements-31dec", "1101"));
        Assert.True(Hidden(rows, "placements-31dec", "1103"));                 // the smallest other part, not the total
        Assert.Equal(40m, Cell(rows, "placements-31dec", "1102").Value);
        Assert.Equal(55m, Cell(rows, "placements-31dec", "fylke 11").Value);
        Assert.Equal(55m, Cell(rows, "placements-31dec", "landet").Value);
    }

    [Fact]
    [Trait("Rule", "Issue 19 secondary suppression; Rogaland Revisjon 2014 fig. 7–12: concluded = to measures + dropped")]
    public void Apply_IndicatorParts_SecondarySuppressionAndTheShareGoes()
    {
        var rows = Suppression.Apply([
            Row("investigations-concluded-year", "4601", 20, unit: "undersøkelser"), Row("investigations-to-measures-year", "4601", 2, unit: "undersøkelser"),
            Row("investigations-dropped-year", "4601", 18, unit: "undersøkelser"),
            Row("share-investigations-to-measures", "4601", 10, unit: "%"),
        ], Rule);
        Assert.True(Hidden(rows, "investigations-to-measures-year", "4601"));
        Assert.True(Hidden(rows, "investigations-dropped-year", "4601"));    // else 20 − 18 = 2
        Assert.Equal(20m, Cell(rows, "investigations-concluded-year", "4601").Value);
        Assert.True(Hidden(rows, "share-investigations-to-measures", "4601")); // 10 % of 20 = 2
    }

    [Fact]
    [Trait("Rule", "Issue 19 secondary suppression: an unpublished remainder that is small (reports reviewed − investigated = dropped)")]
    public void Apply_SmallUnpublishedRemainder_SuppressesAPublishedCell()
    {
        // 10 reviewed, 8 investigated: the 2 dropped reports (SSB publishes «henlagt») would follow by subtraction.
        var rows = Suppression.Apply([Row("reports-reviewed-year", "4601", 10, unit: "meldinger"), Row("reports-investigated-year", "4601", 8, unit: "meldinger")], Rule);
        Assert.True(Hidden(rows, "reports-investigated-year", "4601"));
        Assert.Equal(10m, Cell(rows, "reports-reviewed-year", "4601").Value);
    }

    [Fact]
    [Trait("Rule", "Issue 19: suppressed cells leave no trace in rates, changes, means or medians")]
    public void Apply_RatesChangesAndSpread_CarryNothingOfAHiddenCell()
    {
        var input = new List<IndicatorRow>
        {
            Row("placements-31dec", "1101", 3, 2023) with { Per1000 = 1.5m },
            Row("placements-31dec", "1101", 9, 2024) with { Per1000 = 4.5m, Change = 200m },   // change from a hidden 3 would give it away
            Row("placements-31dec", "1102", 10, 2023), Row("placements-31dec", "1102", 20, 2024),
            Row("placements-31dec", "1103", 30, 2023), Row("placements-31dec", "1103", 40, 2024),
            Row("placements-31dec", "kommunene, median", 10, 2023),
            Row("placements-31dec", "kommunene, gjennomsnitt", 14.33m, 2023),
        };
        var rows = Suppression.Apply(input, Rule);
        Assert.True(Hidden(rows, "placements-31dec", "1101", 2023));
        Assert.Null(Cell(rows, "placements-31dec", "1101", 2023).Per1000);
        Assert.Equal(9m, Cell(rows, "placements-31dec", "1101", 2024).Value);
        Assert.Null(Cell(rows, "placements-31dec", "1101", 2024).Change);
        // Recomputed over the published municipalities only: 10 and 30.
        Assert.Equal(20m, rows.Single(r => r.Region == "kommunene, median" && r.Year == 2023).Value);
        Assert.Equal(20m, rows.Single(r => r.Region == "kommunene, gjennomsnitt" && r.Year == 2023).Value);
    }

    [Fact]
    [Trait("Rule", "Issue 19: imported SSB tables are left as SSB published them")]
    public void Apply_ImportedTable_IsLeftAlone()
    {
        var rows = Suppression.Apply([Row("placements-31dec", "4601", 2, origin: "ssb 11600")], Rule);
        Assert.Equal(2m, rows.Single().Value);
    }

    /// <summary>Random two-level tables (municipalities, counties, the nation): after suppression, no hidden cell is determined
    /// by the published equations — checked by linear algebra over the whole slice, not only equation by equation.</summary>
    [Theory]
    [Trait("Rule", "Issue 19: a suppressed cell cannot be recovered by subtraction from totals")]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Apply_RandomRegionalTables_NoHiddenCellIsDetermined(int seed)
    {
        var random = new Random(seed);
        for (var trial = 0; trial < 40; trial++)
        {
            var municipalities = new Dictionary<string, decimal>();
            foreach (var county in new[] { "11", "15", "46" })
                for (var m = 1; m <= random.Next(1, 5); m++)
                    municipalities[$"{county}{m:D2}"] = random.Next(0, 3) == 0 ? random.Next(0, 5) : random.Next(0, 60);
            var counties = municipalities.GroupBy(m => "fylke " + m.Key[..2]).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
            var input = municipalities.Concat(counties).Append(new("landet", municipalities.Values.Sum()))
                .Select(p => Row("placements-31dec", p.Key, p.Value)).ToList();
            var output = Suppression.Apply(input, Rule);

            var hidden = output.Where(r => r.Value is null).Select(r => r.Region).ToList();
            foreach (var m in municipalities.Where(m => Rule.IsSmall(m.Value)))
                Assert.Contains(m.Key, hidden);
            if (hidden.Count == 0) continue;
            // Equations: each county = its municipalities; the nation = the counties; the nation = the municipalities.
            var equations = new List<Dictionary<string, int>>();
            foreach (var c in counties.Keys)
                equations.Add(municipalities.Keys.Where(m => "fylke " + m[..2] == c).ToDictionary(m => m, _ => 1).Append(new(c, -1)).ToDictionary());
            equations.Add(counties.Keys.ToDictionary(c => c, _ => 1).Append(new("landet", -1)).ToDictionary());
            equations.Add(municipalities.Keys.ToDictionary(m => m, _ => 1).Append(new("landet", -1)).ToDictionary());
            foreach (var cell in hidden)
                Assert.False(Determined(cell, hidden, equations), $"seed {seed} trial {trial}: {cell} can be computed from {string.Join(", ", output.Select(r => $"{r.Region}={r.Symbol ?? r.Value.ToString()}"))}");
        }
    }

    /// <summary>Whether the unknown <paramref name="cell"/> follows from the equations (published cells are known): whether
    /// its unit vector lies in the row space of the equations restricted to the unknowns.</summary>
    private static bool Determined(string cell, IReadOnlyList<string> unknowns, List<Dictionary<string, int>> equations)
    {
        double[][] Rows(IEnumerable<Dictionary<string, int>> eqs) => eqs.Select(e => unknowns.Select(u => (double)e.GetValueOrDefault(u)).ToArray()).ToArray();
        var unit = unknowns.Select(u => u == cell ? 1.0 : 0.0).ToArray();
        var without = Rank(Rows(equations));
        var with = Rank(Rows(equations).Append(unit).ToArray());
        return with == without;
    }

    private static int Rank(double[][] m)
    {
        var rows = m.Select(r => (double[])r.Clone()).ToArray();
        var rank = 0;
        var columns = rows.Length == 0 ? 0 : rows[0].Length;
        for (var c = 0; c < columns && rank < rows.Length; c++)
        {
            var pivot = Enumerable.Range(rank, rows.Length - rank).FirstOrDefault(r => Math.Abs(rows[r][c]) > 1e-9, -1);
            if (pivot < 0) continue;
            (rows[rank], rows[pivot]) = (rows[pivot], rows[rank]);
            for (var r = 0; r < rows.Length; r++)
                if (r != rank && Math.Abs(rows[r][c]) > 1e-9)
                {
                    var f = rows[r][c] / rows[rank][c];
                    for (var k = 0; k < columns; k++) rows[r][k] -= f * rows[rank][k];
                }
            rank++;
        }
        return rank;
    }
}
