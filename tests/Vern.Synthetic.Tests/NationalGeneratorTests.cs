using Vern.Tests;
using System.Text.Json;
using Vern.Domain.Cases;
using Vern.Storage.Sqlite;

namespace Vern.Synthetic.Tests;

public class NationalGeneratorTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void Municipalities_356_AboutFiveAndAHalfMillionManySmallFewLarge()
    {
        var list = NationalGenerator.Municipalities(356, seed: 42);
        Assert.Equal(356, list.Count);
        Assert.InRange(list.Sum(m => (long)m.Population), 5_450_000, 5_550_000);
        Assert.InRange(list.Count(m => m.Population < 5_000), 150, 200);
        Assert.InRange(list.Count(m => m.Population >= 100_000), 5, 10);
        Assert.InRange(list.Sum(m => (double)m.Children) / list.Sum(m => (double)m.Population), 0.19, 0.21);
        Assert.Equal(356, list.Select(m => m.Number).Distinct().Count());
        Assert.Equal(356, list.Select(m => m.Name).Distinct().Count());
        Assert.All(list, m => Assert.Matches("^7[0-9]{3}$", m.Number));
    }

    [Fact]
    public void Generate_SameSeedDifferentParallelism_IdenticalDatabases()
    {
        var one = Run(parallelism: 1, batchSize: 50);
        var four = Run(parallelism: 4, batchSize: 333);
        Assert.Equal(one.States, four.States);
        Assert.Equal(one.Streams, four.Streams);
        Assert.Equal(one.Summary with { Elapsed = default }, four.Summary with { Elapsed = default });
        Assert.Equal(6, one.States.Select(s => JsonSerializer.Deserialize<CaseState>(s, CaseJson.Options)!.MunicipalityNumber).Distinct().Count());
    }

    private static (GenerationSummary Summary, List<string> States, List<string> Streams) Run(int parallelism, int batchSize)
    {
        using var db = new TempDb();
        using var store = SqliteEventStore.Open(db.Path);
        var summary = NationalGenerator.GenerateAsync(store, TestReference.CodeLists.Value,
            new NationalOptions(D(2025, 12, 31), Years: 2, Municipalities: 6, Seed: 5, BatchSize: batchSize, Parallelism: parallelism)).GetAwaiter().GetResult();
        var states = store.ReadStates().ToList();
        Assert.Equal(summary.Cases, states.Count);
        Assert.Equal(summary.Events, store.CountEvents());
        return (summary,
            states.Select(s => JsonSerializer.Serialize(s, CaseJson.Options)).ToList(),
            states.Select(s => JsonSerializer.Serialize(store.ReadStream(s.Id), CaseJson.Options)).ToList());
    }
}
