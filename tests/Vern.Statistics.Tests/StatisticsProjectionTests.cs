using System.Collections.Immutable;
using Vern.Domain.Cases;
using Vern.Statistics.Breakdowns;
using Vern.Statistics.Definitions;
using Vern.Statistics.Projection;
using Vern.Storage;
using Vern.Storage.Postgres;
using Vern.Storage.Sqlite;
using Vern.Synthetic;

namespace Vern.Statistics.Tests;

/// <summary>The statistics projection (issue 19, speed) against the full case states it replaces: on generated data in a
/// real SQLite file, every indicator counted from the projection equals the count from the snapshots; a change after the
/// build is picked up by the catch-up alone; a case committed out of position order is not skipped.</summary>
public sealed class StatisticsProjectionTests : IDisposable
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static readonly FixedClock Clock = new(new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero));

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"vern-stats-projection-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (var f in new[] { _path, _path + "-wal", _path + "-shm" })
            if (File.Exists(f)) File.Delete(f);
    }

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    /// <summary>Four synthetic municipalities, two years (2024–2025), seed 5: the generator the national bench uses.</summary>
    internal static Task Generate(IEventStore store) =>
        NationalGenerator.GenerateAsync(store, TestReference.CodeLists.Value, new NationalOptions(D(2025, 12, 31), Years: 2, Municipalities: 4, Seed: 5, Parallelism: 1));

    internal static async Task<IReadOnlyList<Figure>> FromStates(ICaseSnapshots store) =>
        new CaseFigures(2024, 2025).AddAll(await store.ReadStatesAsync(MunicipalityScope.National).ToListAsync()).ToFigures();

    internal static async Task<IReadOnlyList<Figure>> FromProjection(StatisticsProjection projection)
    {
        await projection.RefreshAsync();
        return new CaseFigures(2024, 2025).AddAll(await projection.LoadAsync(MunicipalityScope.National)).ToFigures();
    }

    /// <summary>The whole check on one engine: build, compare; change one case (a new report of concern, 1 Dec 2025), catch
    /// up, compare again and see the report counted.</summary>
    internal static async Task BuildChangeAndCatchUp(IEventStore store, IStatisticsProjectionStore projectionStore, Func<Task>? settle = null)
    {
        await Generate(store);
        if (settle is not null)
            await settle(); // PostgreSQL: another test process's open transaction can hold the committed cursor below the generated
                            // cases; a build then marks below them and the catch-up below would count them again
        var projection = new StatisticsProjection(projectionStore, store, store);
        var built = await projection.RefreshAsync();
        var states = await FromStates(store);
        Assert.True(built.Full);
        Assert.True(built.Updated > 100, $"only {built.Updated} cases generated");
        Assert.Equal(states, await FromProjection(projection));
        Assert.Contains(states, f => f.Value > 0 && f.IndicatorId == "placements-31dec"); // the data exercise the measures, not only reports

        var open = await store.ReadStatesAsync(MunicipalityScope.National).FirstAsync(s => s.ClosedOn is null);
        var service = new CaseService(store, TestReference.CodeLists.Value, Clock);
        await service.ExecuteAsync(open.Id, new ReceiveReport(D(2025, 12, 1), [new CodedValue("11")], [new CodedValue("8")]), "test");
        if (settle is not null)
            await settle(); // PostgreSQL: until the committed cursor has passed the change
        var caughtUp = await projection.RefreshAsync();
        Assert.Equal((1, false), (caughtUp.Updated, caughtUp.Full));
        var after = await FromProjection(projection);
        Assert.Equal(await FromStates(store), after);
        decimal? Received(IReadOnlyList<Figure> figures) =>
            figures.Single(f => f.IndicatorId == "reports-received-year" && f.Region == open.MunicipalityNumber && f.Year == 2025 && f.AgeGroup == "alle").Value;
        Assert.Equal(Received(states) + 1, Received(after)); // Melding: mottatt dato in 2025 (SSB tabell 10673)
        Assert.Equal(0, (await projection.RefreshAsync()).Updated);
    }

    [Fact]
    [Trait("Rule", "issue 19: statistics from Vern's own incremental projection")]
    public async Task Projection_GeneratedDataOnSqlite_EqualsTheFullStatesAndCatchesUp()
    {
        using var db = SqliteDatabase.Open(_path, create: true);
        await BuildChangeAndCatchUp(db.Events, db.Statistics);
    }

    [Fact]
    public async Task Compute_WithTheProjection_GivesTheRowsOfTheSnapshots()
    {
        using var db = SqliteDatabase.Open(_path, create: true);
        await Generate(db.Events);
        var query = new StatisticsQuery(null, 2024, 2025, AllAgeGroups: true);
        var fromStates = await new StatisticsService(db.Events).ComputeAsync(query);
        var fromProjection = await new StatisticsService(db.Events, new StatisticsProjection(db.Statistics, db.Events, db.Events)).ComputeAsync(query);
        Assert.Equal(fromStates.CasesRead, fromProjection.CasesRead);
        Assert.Equal(fromStates.Rows, fromProjection.Rows);
        var municipality = fromStates.Rows.First(r => r.Region.Length == 4).Region;
        var one = new StatisticsQuery(municipality, 2024, 2025);
        Assert.Equal((await new StatisticsService(db.Events).ComputeAsync(one)).Rows,
            (await new StatisticsService(db.Events, new StatisticsProjection(db.Statistics, db.Events, db.Events)).ComputeAsync(one)).Rows);
    }

    [Fact]
    public async Task CountAll_OnBothCores_GivesTheFiguresOfOneByOne()
    {
        using var db = SqliteDatabase.Open(_path, create: true);
        await Generate(db.Events);
        var projection = new StatisticsProjection(db.Statistics, db.Events, db.Events);
        await projection.RefreshAsync();
        var facts = await projection.LoadAsync(MunicipalityScope.National);
        var oneByOne = new CaseFigures(2024, 2025).AddAll(facts);
        var split = CaseFigures.CountAll(2024, 2025, facts, casesPerPart: 10);
        Assert.Equal(oneByOne.CasesRead, split.CasesRead);
        Assert.Equal(oneByOne.ToFigures(), split.ToFigures());
    }

    /// <summary>Stored rows stay readable without a rebuild only while the layout of format
    /// <see cref="StatisticsFactsCodec.FormatVersion"/> holds: the bytes of every generated case, hashed together, were taken
    /// from the code of 5 Dec 2026 (commit f27b7f9). A change of layout raises the format version and this hash.</summary>
    [Fact]
    public async Task Codec_Format2_IsTheStoredLayout()
    {
        using var db = SqliteDatabase.Open(_path, create: true);
        await Generate(db.Events);
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var n = 0;
        await foreach (var state in db.Events.ReadStatesAsync(MunicipalityScope.National).OrderBy(s => s.Id.Value))
        {
            hash.AppendData(StatisticsFactsCodec.Encode(StatisticsFacts.From(state)));
            n++;
        }
        Assert.True(n > 100);
        Assert.Equal(2, StatisticsFactsCodec.FormatVersion);
        Assert.Equal("9E0A92FFF4ADDCC048BF748688609D1A2354D0EBC7D7E6ABE1ED147CBE715CEB", Convert.ToHexString(hash.GetHashAndReset()));
    }

    [Fact]
    public async Task Codec_EveryGeneratedCase_RoundTrips()
    {
        using var db = SqliteDatabase.Open(_path, create: true);
        await Generate(db.Events);
        var intern = new Dictionary<string, string>();
        await foreach (var state in db.Events.ReadStatesAsync(MunicipalityScope.National))
        {
            var bytes = StatisticsFactsCodec.Encode(StatisticsFacts.From(state));
            var decoded = StatisticsFactsCodec.Decode(bytes, intern);
            Assert.Equal(bytes, StatisticsFactsCodec.Encode(decoded));
            Assert.Equal((state.Id, state.Version, state.Measures.Count, state.Reports.Count), (decoded.Id, decoded.Version, decoded.Measures.Length, decoded.Reports.Length));
        }
    }

    /// <summary>The analysts' national CSV (every age group, suppressed, with population so that the size classes are
    /// protected too) on the generated set, byte for byte as it was before the projection's decoding and the suppression were
    /// restructured for speed (issue 19; the hash was taken from the code of 4 Dec 2026, commit 0f3926e). A change that is
    /// meant to change a figure, a label or the suppression updates the hash and says so in its commit.</summary>
    [Theory]
    [Trait("Rule", "issue 19: the same figures and the same suppressed cells after a change made for speed")]
    [InlineData(true, "1F669A61B6BA68F9525996B0138C83B74943702E6F65B213B6AFF03B71CA4E0E")]
    [InlineData(false, "D4BCA5AA87FAC459C70EC8C9C721B93C703EB4AE2AA97F97F2CC3ED8DC36E753")]
    public async Task Csv_SuppressedNationalOnGeneratedData_IsByteIdenticalToBefore(bool allAgeGroups, string sha256)
    {
        using var db = SqliteDatabase.Open(_path, create: true);
        await Generate(db.Events);
        var municipalities = (await db.Events.ListCasesAsync(MunicipalityScope.National)).Select(c => c.MunicipalityNumber).Distinct().Order(StringComparer.Ordinal).ToList();
        var population = _path + ".07459.csv";
        var lines = new List<string> { "\"07459: Befolkning\"", "", "\"region\";\"alder\";\"år\";\"07459: Personer\"" };
        for (var i = 0; i < municipalities.Count; i++)
            foreach (var year in new[] { 2024, 2025 })
                foreach (var (age, share) in new[] { ("Alder i alt", 1.0), ("0-17 år", 0.2), ("18-24 år", 0.08) })
                    lines.Add($"\"{municipalities[i]} Kommune\";\"{age}\";\"{year}\";{(int)((i % 2 == 0 ? 3_000 : 40_000) * (i + 1) * share)}");
        await File.WriteAllLinesAsync(population, lines);
        try
        {
            var service = new StatisticsService(db.Events, new StatisticsProjection(db.Statistics, db.Events, db.Events));
            var query = new StatisticsQuery(null, 2024, 2025, [population], allAgeGroups);
            // Suppressed after the exact result, and inside the computation (as the application asks for it): the same bytes.
            foreach (var result in new[] { Suppression.Apply(await service.ComputeAsync(query), SuppressionRule.Default),
                await service.ComputeAsync(query, suppression: SuppressionRule.Default) })
            {
                var csv = Vern.Statistics.Output.IndicatorFiles.ToCsv(result.Rows);
                Assert.Contains(result.Rows, r => r.Region.StartsWith("størrelse", StringComparison.Ordinal));
                Assert.Contains(result.Rows, r => r.Symbol == ":");
                Assert.Equal(SuppressionRule.Default, result.Suppression);
                var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(csv)));
                Assert.True(hash == sha256, $"SHA-256 of the CSV ({result.Rows.Count} rows, {result.Rows.Count(r => r.Symbol is not null)} suppressed): {hash}");
            }
        }
        finally
        {
            File.Delete(population);
        }
    }

    /// <summary>Issue 15's ordering problem, as for the deadline index: the append of one case (a lower position) is held
    /// uncommitted while another case's (a higher position) commits; a refresh in between, then one after the first commits,
    /// must give exactly what the full states give. A watermark of the highest position seen would skip the held case.</summary>
    [Fact]
    public async Task Refresh_LowerPositionCommitsAfterAHigherOne_EqualsTheFullStates()
    {
        using (SqliteEventStore.Open(_path)) { } // the projection's tables live in a Vern database file
        using var projectionStore = SqliteStatisticsProjectionStore.Open(_path);
        using var store = new InMemoryEventStore();
        var service = new CaseService(store, TestReference.CodeLists.Value, Clock);
        var a = service.Open(new OpenCase("4601", "2025/1", D(2025, 1, 10), new ChildInput(null, D(2015, 1, 1), Vern.Domain.People.Sex.Female, GivenName: "A", FamilyName: "Barn")), "test");
        var b = service.Open(new OpenCase("4601", "2025/2", D(2025, 2, 10), new ChildInput(null, D(2016, 1, 1), Vern.Domain.People.Sex.Male, GivenName: "B", FamilyName: "Barn")), "test");
        var projection = new StatisticsProjection(projectionStore, store, store);
        await projection.RefreshAsync();

        var hold = store.HoldNextAppend();
        var slow = service.ExecuteAsync(a.Id, new ReceiveReport(D(2025, 3, 1), [new CodedValue("11")], [new CodedValue("8")]), "writer-1");
        await service.ExecuteAsync(b.Id, new ReceiveReport(D(2025, 3, 2), [new CodedValue("11")], [new CodedValue("8")]), "writer-2");
        Assert.False(slow.IsCompleted);
        await projection.RefreshAsync(); // sees nothing it could later miss
        hold.SetResult();
        await slow;

        var figures = await FromProjection(projection);
        Assert.Equal(await FromStates(store), figures);
        Assert.Equal(2, figures.Where(f => f.IndicatorId == "reports-received-year" && f.Year == 2025 && f.AgeGroup == "alle").Sum(f => f.Value)); // both reports
    }

    private static readonly Comparer<CaseId> ById = Comparer<CaseId>.Create((a, b) => a.Value.CompareTo(b.Value));

    /// <summary>A bydel's scope reads that bydel's rows only (migration 26), as the snapshots narrowed to it do: Oslo's cases
    /// in bydel 05 (Frogner), 01 and none, and one case in 4601.</summary>
    internal static async Task BydelScope(IEventStore store, IStatisticsProjectionStore projectionStore)
    {
        var service = new CaseService(store, TestReference.CodeLists.Value, Clock);
        CaseState Open(string municipality, string journal, string? bydel) =>
            service.Open(new OpenCase(municipality, journal, D(2025, 1, 10), new ChildInput(null, D(2015, 1, 1), Vern.Domain.People.Sex.Female, GivenName: "A", FamilyName: "Barn"))
                { Bydel = bydel }, "test");
        var frogner = Open("0301", "2025/1", "05");
        var second = Open("0301", "2025/2", "05");
        Open("0301", "2025/3", "01");
        Open("0301", "2025/4", null);
        Open("4601", "2025/5", null);
        var projection = new StatisticsProjection(projectionStore, store, store);
        await projection.RefreshAsync();

        Assert.Equal(new[] { frogner.Id, second.Id }.Order(ById), (await projection.LoadAsync(MunicipalityScope.Of("0301", "05"))).Select(f => f.Id).Order(ById));
        Assert.All(await projection.LoadAsync(MunicipalityScope.Of("0301", "05")), f => Assert.Equal("05", f.Bydel));
        Assert.Equal(4, (await projection.LoadAsync(MunicipalityScope.Of("0301"))).Length);
        Assert.Equal(5, (await projection.LoadAsync(MunicipalityScope.National)).Length);
        Assert.Equal((await store.ReadStatesAsync(MunicipalityScope.Of("0301", "05")).Select(s => s.Id).ToListAsync()).Order(ById),
            (await projection.LoadAsync(MunicipalityScope.Of("0301", "05"))).Select(f => f.Id).Order(ById));
    }

    [Fact]
    [Trait("Rule", "issue 19: a bydel's statistics from the projection (Barnevern_v4.xsd Avgiver/@Bydelsnummer)")]
    public async Task Load_ABydelOnSqlite_GivesItsCasesOnly()
    {
        using var db = SqliteDatabase.Open(_path, create: true);
        await BydelScope(db.Events, db.Statistics);
    }
}

/// <summary>The same check on PostgreSQL (issue 17: both engines); skipped without VERN_TEST_POSTGRES, failed without it under
/// VERN_REQUIRE_POSTGRES=1.</summary>
[Collection(PostgresTestSchema.Collection)]
public sealed class PostgresStatisticsProjectionTests : IDisposable
{
    private readonly PostgresTestSchema _pg = new();

    public void Dispose() => _pg.Dispose();

    [SkippableFact]
    [Trait("Rule", "issue 19: statistics from Vern's own incremental projection")]
    public async Task Projection_GeneratedDataOnPostgres_EqualsTheFullStatesAndCatchesUp()
    {
        using var db = await PostgresDatabase.OpenAsync(_pg.ConnectionString);
        await StatisticsProjectionTests.BuildChangeAndCatchUp(db.Events, db.Statistics, () => _pg.MoveCursorPastNowAsync(db.Events));
    }

    [SkippableFact]
    [Trait("Rule", "issue 17: a catch-up that finds no changed case writes nothing")]
    public async Task ACatchUp_WritesNothing_WhenOnlyOtherTransactionsMovedTheCursor()
    {
        using var db = await PostgresDatabase.OpenAsync(_pg.ConnectionString);
        await StatisticsProjectionTests.Generate(db.Events);
        // The build's mark must cover the generation's own transactions: until the committed cursor has passed them (another
        // session on the server, e.g. another test assembly's, can hold it back), a later catch-up rightly finds them changed
        // (seen once in CI: 970 cases updated), as in the deadline index's twin of this test.
        await _pg.MoveCursorPastNowAsync(db.Events);
        var projection = new StatisticsProjection(db.Statistics, db.Events, db.Events);
        Assert.True((await projection.RefreshAsync()).Full);
        var built = await db.Statistics.ReadMarkAsync();
        await _pg.MoveCursorPastNowAsync(db.Events);
        Assert.True(await db.Events.CommittedAsync() > built!.Cursor); // the cursor moved, no case changed
        Assert.Equal(0, (await projection.RefreshAsync()).Updated);
        Assert.Equal(built, await db.Statistics.ReadMarkAsync());
    }

    [SkippableFact]
    [Trait("Rule", "issue 19: a bydel's statistics from the projection (Barnevern_v4.xsd Avgiver/@Bydelsnummer)")]
    public async Task Load_ABydelOnPostgres_GivesItsCasesOnly()
    {
        using var db = await PostgresDatabase.OpenAsync(_pg.ConnectionString);
        await StatisticsProjectionTests.BydelScope(db.Events, db.Statistics);
    }
}
