using Vern.Domain.Cases;
using Vern.Domain.Identity;
using Vern.Storage;
using Vern.Storage.Matching;
using Vern.Synthetic;

namespace Vern.Matching.Tests;

/// <summary>Issue 18 part 2, "must show": precision and recall of the duplicate detector on a planted set with a seed, both
/// at least 0.95. The set (Vern.Synthetic.DuplicatePlanting): a service with 3,000 children; 2,000 arriving, 20 % of them
/// duplicates with typos, spelling variants, swapped or missing names, transposed or mistyped birth dates, or a D-nummer for
/// a fødselsnummer; a tenth of the rest twins or siblings of a child the service has (the hard non-duplicates). Each arriving
/// child is looked up through the index on a real SQLite file, as a new report would be; the best candidate at or above the
/// threshold is the detector's answer.</summary>
public sealed class PrecisionRecallTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _dir = new();

    public sealed record Measured(int Planted, int Predicted, int Correct, double Precision, double Recall, IReadOnlyDictionary<DuplicateKind, (int Planted, int Found)> PerKind);

    public static async Task<Measured> MeasureAsync(IMatchingStore store, PlantedSet set, int seed)
    {
        var rng = new Random(seed);
        var ids = set.Existing.Select(_ => Ids.NewCaseId(rng)).ToList();
        var rows = set.Existing.Select((child, i) =>
        {
            var identity = ChildIdentity.Of(child);
            return new ChildIndexRow(ids[i], "7777", 1, MatchKeys.Format, $"2024/{i}", null, child.AddressProtection, [identity], [.. MatchKeys.Stored(identity).Distinct()]);
        }).ToList();
        await store.WriteIndexAsync(rows, new MatchIndexMark(FeedCursor.Start, MatchKeys.Format));
        using var feed = new InMemoryEventStore();
        var matcher = new ChildMatcher(feed, store);
        int predicted = 0, correct = 0;
        var perKind = new Dictionary<DuplicateKind, (int Planted, int Found)>();
        foreach (var arriving in set.Incoming)
        {
            var best = (await matcher.FindAsync("7777", [ChildIdentity.Of(arriving.Child)])).FirstOrDefault();
            var truth = arriving.DuplicateOf is { } of ? ids[of] : (CaseId?)null;
            if (best is not null)
            {
                predicted++;
                if (best.Case.CaseId == truth)
                    correct++;
            }
            if (arriving.Kind is { } kind)
            {
                var (p, f) = perKind.GetValueOrDefault(kind);
                perKind[kind] = (p + 1, f + (best?.Case.CaseId == truth ? 1 : 0));
            }
        }
        var planted = set.Duplicates;
        return new Measured(planted, predicted, correct, predicted == 0 ? 0 : (double)correct / predicted, planted == 0 ? 0 : (double)correct / planted, perKind);
    }

    [Theory]
    [InlineData(2026)]
    [InlineData(7)]
    public async Task PrecisionAndRecall_OnAPlantedSet_AreBothAtLeast095(int seed)
    {
        var set = DuplicatePlanting.Generate(existing: 3000, incoming: 2000, rate: 0.2, seed: seed, today: new DateOnly(2026, 12, 1));
        Assert.InRange(set.Duplicates, 340, 460);
        using var store = SqliteMatchingStore.Open(_dir.Db);
        var m = await MeasureAsync(store, set, seed);
        var detail = $"planted {m.Planted}, predicted {m.Predicted}, correct {m.Correct}, precision {m.Precision:F3}, recall {m.Recall:F3}; "
            + string.Join(", ", m.PerKind.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value.Found}/{k.Value.Planted}"));
        output.WriteLine(detail);
        Assert.True(m.Precision >= 0.95, detail);
        Assert.True(m.Recall >= 0.95, detail);
        // Every kind of distortion is planted and found.
        Assert.Equal(Enum.GetValues<DuplicateKind>().Length, m.PerKind.Count);
    }

    [Fact]
    public void Planting_IsReproducible_WithTheSeed()
    {
        var a = DuplicatePlanting.Generate(200, 100, 0.3, 11, new DateOnly(2026, 12, 1));
        var b = DuplicatePlanting.Generate(200, 100, 0.3, 11, new DateOnly(2026, 12, 1));
        Assert.Equal(a.Existing, b.Existing);
        Assert.Equal(a.Incoming, b.Incoming);
        Assert.NotEqual(a.Incoming, DuplicatePlanting.Generate(200, 100, 0.3, 12, new DateOnly(2026, 12, 1)).Incoming);
    }

    public void Dispose() => _dir.Dispose();
}
