using Microsoft.Data.Sqlite;
using Npgsql;
using Vern.Domain.State;
using Vern.State.Reports;
using Vern.Storage;
using Vern.Storage.Postgres;
using Vern.Storage.Sqlite;
using Vern.Storage.State;
using Vern.Synthetic;
using Vern.Tests;

namespace Vern.State.Tests;

/// <summary>The stays' span on each referral's row (migration 23, issue 21 "Speed"): a month's invoices read only the referrals
/// with a stay in the month (<see cref="IStateStore.ListWithStaysAsync"/>) instead of decoding every referral of the region. The
/// store contract on both engines, against the old path (every referral of the scope, its stays checked one by one) on
/// generated data: the same referrals, so the same stays and the same invoice lines.</summary>
[Collection(PostgresTestSchema.Collection)]
public sealed class StaySpanTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    /// <summary>Six generated municipalities over two years with their referrals, offers and stays (StateGenerator), in one
    /// database of the engine.</summary>
    private sealed class Generated : IDisposable
    {
        private readonly string? _file;
        private readonly PostgresTestSchema? _pg;
        private readonly IDisposable _owner;

        public Generated(string engine)
        {
            if (engine == "postgres")
            {
                _pg = new PostgresTestSchema();
                var db = PostgresDatabase.OpenAsync(_pg.ConnectionString).GetAwaiter().GetResult();
                (_owner, Events, State) = (db, db.Events, db.State);
            }
            else
            {
                _file = Path.Combine(Path.GetTempPath(), "vern-stayspan-" + Guid.NewGuid().ToString("N") + ".db");
                var events = SqliteEventStore.Open(_file);
                var state = SqliteStateStore.Open(_file);
                (_owner, Events, State) = (new Both(events, state), events, state);
            }
            NationalGenerator.GenerateAsync(Events, TestReference.CodeLists.Value, new NationalOptions(D(2023, 12, 31), Years: 2, Municipalities: 6, Seed: 5))
                .GetAwaiter().GetResult();
            StateGenerator.GenerateAsync(Events, State, seed: 5, D(2023, 12, 31)).GetAwaiter().GetResult();
        }

        public IEventStore Events { get; }

        public IStateStore State { get; }

        public string Connection => _pg?.ConnectionString ?? _file!;

        public void Dispose()
        {
            _owner.Dispose();
            _pg?.Dispose();
            if (_file is not null)
            {
                SqliteConnection.ClearAllPools();
                foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" })
                    File.Delete(f);
            }
        }

        private sealed class Both(IDisposable a, IDisposable b) : IDisposable
        {
            public void Dispose()
            {
                a.Dispose();
                b.Dispose();
            }
        }
    }

    private static async Task<List<string>> OldPath(IStateStore store, StateScope scope, DateOnly from, DateOnly to) =>
        [.. (await store.ListAsync(scope)).Where(r => r.Stays.Any(s => s.Overlaps(from, to))).Select(r => r.Id.ToString()).Order(StringComparer.Ordinal)];

    private static async Task<List<string>> NewPath(IStateStore store, StateScope scope, DateOnly from, DateOnly to) =>
        [.. (await store.ListWithStaysAsync(scope, from, to)).Select(r => r.Id.ToString()).Order(StringComparer.Ordinal)];

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ListWithStays_IsTheOldPath_ForEveryMonthAndScope_OnGeneratedData(string engine)
    {
        using var g = new Generated(engine);
        var all = await g.State.ListAsync(StateScope.All);
        Assert.True(all.Count(r => r.Stays.Count > 0) >= 20, $"the generated data has too few stays to test on ({all.Count} referrals)");
        var municipality = all.GroupBy(r => r.Details.MunicipalityNumber).MaxBy(x => x.Count())!.Key;
        var scopes = new[] { StateScope.All, StateScope.OfMunicipality(municipality) }
            .Concat(all.Select(r => r.Details.Region).Distinct().Select(StateScope.OfRegion)).ToList();
        var checkedStays = 0;
        for (var month = D(2022, 1, 1); month <= D(2024, 1, 1); month = month.AddMonths(1))
        {
            var last = month.AddMonths(1).AddDays(-1);
            foreach (var scope in scopes)
            {
                var old = await OldPath(g.State, scope, month, last);
                Assert.Equal(old, await NewPath(g.State, scope, month, last));
                checkedStays += old.Count;
            }
            // The stays the invoices are made from (StoredStaySource → Invoicing.ForMonth): the same records, line by line.
            Assert.Equal(StateReports.Stays((await g.State.ListAsync(StateScope.All)), month, last),
                StateReports.Stays(await g.State.ListWithStaysAsync(StateScope.All, month, last), month, last));
        }
        Assert.True(checkedStays > 0);
        // One day, and a period before any stay.
        Assert.Equal(await OldPath(g.State, StateScope.All, D(2023, 6, 15), D(2023, 6, 15)), await NewPath(g.State, StateScope.All, D(2023, 6, 15), D(2023, 6, 15)));
        Assert.Empty(await NewPath(g.State, StateScope.All, D(1990, 1, 1), D(1990, 12, 31)));
    }

    /// <summary>Migration 23 fills the span of the referrals stored before it from their stored states: emptied by hand and
    /// filled again by the migration's SQL (run twice: idempotent), it is what the store writes.</summary>
    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Migration22_FillsTheSpanOfStoredReferrals_FromTheirStates_Idempotently(string engine)
    {
        using var g = new Generated(engine);
        const string spans = "SELECT referral_id, coalesce(stays_from, '-'), coalesce(stays_to, '-') FROM state_referrals ORDER BY referral_id";
        const string empty = "UPDATE state_referrals SET stays_from = NULL, stays_to = NULL";
        List<string> before, after;
        if (engine == "postgres")
        {
            await using var c = new NpgsqlConnection(g.Connection);
            await c.OpenAsync();
            before = Read(c, spans);
            Run(c, empty);
            Assert.DoesNotContain(Read(c, "SELECT count(*) FROM state_referrals WHERE stays_from IS NOT NULL"), x => x != "0");
            Run(c, StaySpan.PostgresSchema);
            Run(c, StaySpan.PostgresSchema);
            after = Read(c, spans);
        }
        else
        {
            using var c = new SqliteConnection($"Data Source={g.Connection};Pooling=False");
            c.Open();
            before = Read(c, spans);
            Run(c, empty);
            using (var tx = c.BeginTransaction())
            {
                StaySpan.AddToSqlite(c, tx);
                StaySpan.AddToSqlite(c, tx);
                tx.Commit();
            }
            after = Read(c, spans);
        }
        Assert.Contains(before, x => x.EndsWith('|' + StaySpan.OpenEnd, StringComparison.Ordinal)); // a stay still going on
        Assert.Contains(before, x => x.EndsWith("|-|-", StringComparison.Ordinal)); // a referral without stays
        Assert.Equal(before, after);
    }

    private static void Run(System.Data.Common.DbConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static List<string> Read(System.Data.Common.DbConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read())
            rows.Add(string.Join('|', Enumerable.Range(0, r.FieldCount).Select(i => r.GetValue(i).ToString())));
        return rows;
    }
}
