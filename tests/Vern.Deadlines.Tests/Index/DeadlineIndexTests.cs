using System.Collections.Immutable;
using Vern.Deadlines.Engine;
using Vern.Deadlines.Facts;
using Vern.Deadlines.Index;
using Vern.Deadlines.Reports;
using Vern.Deadlines.Rules;
using Vern.Deadlines.Staff;
using Vern.Domain.Cases;
using Vern.Domain.People;
using Vern.Storage;
using Vern.Storage.Sqlite;
using static Vern.Deadlines.Tests.F;

namespace Vern.Deadlines.Tests.Index;

/// <summary>The engine on cases built through the decider and stored in a real SQLite file.</summary>
public sealed class DeadlineIndexTests : IDisposable
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"vern-deadlines-{Guid.NewGuid():N}.db");

    private static ImmutableList<CodedValue> Codes(params string[] c) => c.Select(x => new CodedValue(x)).ToImmutableList();

    private static ChildInput Child(int n) => new(null, D(2012, 1, 1).AddDays(n), Sex.Female, GivenName: "Test", FamilyName: $"Barn {n}");

    /// <summary>Three cases: a report reviewed on time with an investigation still open; an unreviewed report
    /// (unassigned); a support measure without a plan.</summary>
    internal static (CaseService Service, CaseId[] Ids) Build(IEventStore store)
    {
        var random = new Random(1);
        var service = new CaseService(store, Vern.Tests.TestReference.CodeLists.Value, new FixedClock(new DateTimeOffset(2024, 6, 1, 10, 0, 0, TimeSpan.Zero)), () => Ids.NewUuid(random));
        var ids = new[] { new CaseId(Ids.NewUuid(random)), new CaseId(Ids.NewUuid(random)), new CaseId(Ids.NewUuid(random)) };
        var r1 = new EntryId(Ids.NewUuid(random));
        var i1 = new EntryId(Ids.NewUuid(random));
        service.ExecuteAll(ids[0], [
            new OpenCase("4601", "2024/1", D(2024, 1, 24), Child(1)),
            new AssignCaseworker("sb1", D(2024, 1, 24)),
            new ReceiveReport(D(2024, 1, 24), Codes("11"), Codes("8"), r1),
            new OpenInvestigation(r1, D(2024, 1, 26), i1),
        ], "test");
        service.ExecuteAll(ids[1], [
            new OpenCase("4601", "2024/2", D(2024, 5, 20), Child(2)),
            new ReceiveReport(D(2024, 5, 20), Codes("11"), Codes("8")),
        ], "test");
        var d3 = new EntryId(Ids.NewUuid(random));
        service.ExecuteAll(ids[2], [
            new OpenCase("4601", "2024/3", D(2024, 2, 1), Child(3)),
            new AssignCaseworker("sb2", D(2024, 2, 1)),
            new MakeDecision(D(2024, 2, 1), new Vern.Domain.Law.LegalBasis("BVL2021", "3", "1"), Id: d3),
            new StartMeasure(d3, D(2024, 2, 5), new CodedValue("3.2")),
        ], "test");
        return (service, ids);
    }

    [Fact]
    public async Task Load_RealSqliteFile_GivesTheDutiesOfTheStoredCases()
    {
        using (var store = SqliteEventStore.Open(_path))
            Build(store);
        using var db = SqliteDatabase.Open(_path);
        var service = new DeadlineService(db.Events, db.Events, db.DeadlineIndex, db.Staff);
        var facts = await service.LoadFactsAsync(MunicipalityScope.National);
        Assert.Equal(3, facts.Count);
        var open = service.OpenObligations(facts, D(2024, 6, 1));
        open.Sort(Worklists.ByUrgency);
        Assert.Equal(
            [("2024/1", "undersokelsesplan", D(2024, 1, 26), ObligationStatus.Overdue),      // § 2-2 tredje ledd: a plan when the investigation opens
             ("2024/3", "tiltaksplan", D(2024, 2, 5), ObligationStatus.Overdue),
             ("2024/1", "melder-tilbakemelding", D(2024, 2, 14), ObligationStatus.Overdue),  // the school (Melder 11): feedback 3 weeks after receipt
             ("2024/1", "undersokelse-frist", D(2024, 4, 30), ObligationStatus.Overdue),     // 24 Jan + 1 week = 31 Jan; + 3 months = 30 Apr
             ("2024/2", "melding-gjennomgang", D(2024, 5, 27), ObligationStatus.Overdue),
             ("2024/2", "melder-tilbakemelding", D(2024, 6, 10), ObligationStatus.Open)],
            open.Select(o => (o.Case.JournalNumber, o.Rule.Id, o.DueDate, o.Status)));
        Assert.Equal(D(2024, 4, 30), open[3].RegisterDueDate); // Undersøkelse Kontroll 11: 24 Jan + 97 days
        Assert.Null(open[4].Responsible); // unassigned: the service's "ikke fordelt" list
    }

    [Fact]
    public async Task Refresh_AfterOneChange_ReprojectsOnlyThatCase()
    {
        using var db = SqliteDatabase.Open(_path, create: true);
        var store = db.Events;
        var (service, ids) = Build(store);
        var index = new DeadlineIndex(db.DeadlineIndex);
        Assert.Equal(3, (await index.RefreshAsync(store, store)).Updated);
        Assert.Equal(0, (await index.RefreshAsync(store, store)).Updated);
        var report = (await store.LoadStateAsync(ids[1]))!.Reports[0].Id;
        await service.ExecuteAsync(ids[1], new ConcludeReport(report, D(2024, 5, 24), "1"), "test");
        var state = await service.ExecuteAsync(ids[1], new GiveReporterFeedback(report, D(2024, 5, 27), ReporterFeedbackKind.Receipt), "test");
        Assert.Equal(1, (await index.RefreshAsync(store, store)).Updated);
        Assert.Empty(DeadlineService.ForCase(state, D(2024, 6, 1)));
        Assert.Equal(3, (await index.RefreshAsync(store, store, rebuild: true)).Updated);
    }

    [Fact]
    public async Task Load_RowChangedAfterPack_WinsOverThePackedCopy()
    {
        using var db = SqliteDatabase.Open(_path, create: true);
        Build(db.Events);
        var index = new DeadlineIndex(db.DeadlineIndex);
        Assert.True((await index.RefreshAsync(db.Events, db.Events)).Repacked); // first refresh packs every case
        var before = await index.LoadAsync(MunicipalityScope.National);
        var changed = before.Single(f => f.JournalNumber == "2024/2") with { CaseworkerId = "sb9" };
        await index.PutAsync(changed);
        var after = await index.LoadAsync(MunicipalityScope.National);
        Assert.Equal(3, after.Count);
        Assert.Equal("sb9", Assert.Single(after, f => f.JournalNumber == "2024/2").CaseworkerId);
        Assert.Equal(3, (await index.LoadAsync(MunicipalityScope.Of("4601"), openOn: D(2024, 6, 1))).Count);
        Assert.Equal(2, (await index.LoadAsync(MunicipalityScope.National, openOn: D(2024, 5, 1))).Count); // 2024/2 opened 20 May
        Assert.Empty(await index.LoadAsync(MunicipalityScope.Of("0301")));
        await index.PackAsync();
        Assert.Equal("sb9", Assert.Single(await index.LoadAsync(MunicipalityScope.National), f => f.JournalNumber == "2024/2").CaseworkerId);
    }

    /// <summary>Issue 15: the index must not skip a case when positions commit out of order (a PostgreSQL sequence under
    /// concurrent writers). The in-memory store holds the append of case A (lower position) uncommitted while case B's
    /// (higher position) commits; a refresh in between, then one after A commits, must give exactly what a full
    /// recompute from the snapshots gives. The old watermark (highest position seen) would have skipped A.</summary>
    [Fact]
    public async Task Refresh_LowerPositionCommitsAfterAHigherOne_IndexEqualsAFullRecompute()
    {
        using (SqliteEventStore.Open(_path)) { } // the index's tables live in a Vern database file
        using var indexStore = SqliteDeadlineIndexStore.Open(_path);
        var index = new DeadlineIndex(indexStore);
        using var store = new InMemoryEventStore();
        var (service, ids) = Build(store);
        await index.RefreshAsync(store, store);

        // Writer 1 takes its position for case 2024/2 first and is held before commit; writer 2 then commits case 2024/1.
        var reportA = (await store.LoadStateAsync(ids[1]))!.Reports[0].Id;
        var hold = store.HoldNextAppend();
        var slow = service.ExecuteAsync(ids[1], new ConcludeReport(reportA, D(2024, 5, 24), "1"), "writer-1");
        await service.ExecuteAsync(ids[0], new AssignCaseworker("sb7", D(2024, 5, 30)), "writer-2");
        Assert.False(slow.IsCompleted);
        await index.RefreshAsync(store, store);             // sees nothing it could later miss

        hold.SetResult();
        await slow;
        await index.RefreshAsync(store, store);

        var recomputed = await store.ReadStatesAsync(MunicipalityScope.National).Select(s => CaseFactsProjection.From(s)).ToListAsync();
        var indexed = await index.LoadAsync(MunicipalityScope.National);
        Assert.Equal(Describe(recomputed), Describe(indexed));
        Assert.Equal("sb7", indexed.Single(f => f.JournalNumber == "2024/1").CaseworkerId);
        Assert.DoesNotContain(DeadlineEngine.Open(indexed.Single(f => f.JournalNumber == "2024/2"), D(2024, 6, 1), RuleBook.Default),
            o => o.Rule.Id == "melding-gjennomgang");
    }

    /// <summary>Many writers at once on the in-memory store (positions taken and committed in any order), refreshes
    /// interleaved: at the end the index equals a full recompute.</summary>
    [Fact]
    public async Task Refresh_DuringConcurrentWriters_EndsEqualToAFullRecompute()
    {
        using (SqliteEventStore.Open(_path)) { }
        using var indexStore = SqliteDeadlineIndexStore.Open(_path);
        var index = new DeadlineIndex(indexStore);
        using var store = new InMemoryEventStore();
        var (service, ids) = Build(store);
        var writers = Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                try
                {
                    await service.ExecuteAsync(ids[w], new AssignCaseworker($"sb{w}-{i}", D(2024, 5, 30)), $"writer-{w}");
                }
                catch (ConcurrencyException)
                {
                    // another writer on the same case; the refusal is the contract
                }
            }
        })).ToList();
        while (writers.Any(t => !t.IsCompleted))
            await index.RefreshAsync(store, store);
        await Task.WhenAll(writers);
        await index.RefreshAsync(store, store);
        var recomputed = await store.ReadStatesAsync(MunicipalityScope.National).Select(s => CaseFactsProjection.From(s)).ToListAsync();
        Assert.Equal(Describe(recomputed), Describe(await index.LoadAsync(MunicipalityScope.National)));
    }

    private static List<string> Describe(IEnumerable<CaseFacts> facts) =>
        facts.OrderBy(f => f.JournalNumber, StringComparer.Ordinal).Select(f => $"{f.JournalNumber} v{f.Version} {f.CaseworkerId}").ToList();

    /// <summary>A case with every part of the layout: a report, an investigation, a measure with both visit schedules, a plan with
    /// an evaluation, a decision, aftercare and a county board referral, and a closing date.</summary>
    private static CaseFacts EveryPart()
    {
        var c = Case().WithReport(D(2024, 1, 1), D(2024, 1, 3)).WithInvestigation(D(2024, 1, 1), D(2024, 1, 3), true, D(2024, 5, 1))
            .WithMeasure("BVL2021 5-1", "2.2", D(2024, 2, 1), null, new VisitFacts([new FrequencyFact(D(2026, 3, 1), 2)], [D(2024, 4, 1)]), Visits(D(2024, 3, 1)))
            .WithPlan("4", D(2024, 2, 1), D(2025, 1, 1), D(2024, 8, 1))
            .WithDecision("BVL2021 4-2", D(2024, 1, 20), D(2024, 1, 20), D(2024, 2, 1)) with { AftercareOffers = [D(2030, 1, 1)], CountyBoardReferrals = [D(2024, 1, 25)], ClosedOn = D(2031, 1, 1) };
        // A care placement ended with the child returned home (Opphevelse 1) and follow-up offered (format 5).
        return c with { Measures = [.. c.Measures, new MeasureFact(Entry(), "BVL2021 5-1", "1.1", D(2028, 1, 1), D(2030, 3, 1), null, null, "1", true, [D(2030, 3, 1)])] };
    }

    /// <summary>Rows an earlier Vern stored stay readable without a rebuild only while the layout of
    /// <see cref="CaseFactsCodec.FormatVersion"/> holds: the bytes of this case, which uses every part of the layout, pin it. Format 3
    /// was taken from the code of 5 Dec 2026 (commit f27b7f9); format 4 (6 Dec 2026) changed what the projection derives, not the
    /// layout; format 5 (7 Dec 2026, session 19) adds to each measure its reason for ending, whether it is a care order's placement
    /// and the offers of follow-up after a return home, so this hash is the one of format 5's layout. A change of layout raises the
    /// format version and this hash.</summary>
    [Fact]
    public void Codec_Format5_IsTheStoredLayout()
    {
        var c = EveryPart();
        // The builder numbers entries across the whole test run; the layout's bytes need the same ids in every run.
        static EntryId Fixed(int n) => new(Guid.Parse($"00000000-0000-4000-8000-{n:D12}"));
        c = c with
        {
            Reports = [.. c.Reports.Select((r, i) => r with { Id = Fixed(100 + i) })],
            Investigations = [.. c.Investigations.Select((x, i) => x with { Id = Fixed(200 + i) })],
            Decisions = [.. c.Decisions.Select((d, i) => d with { Id = Fixed(300 + i) })],
            Measures = [.. c.Measures.Select((m, i) => m with { Id = Fixed(400 + i) })],
            Plans = [.. c.Plans.Select((p, i) => p with { Id = Fixed(500 + i) })],
        };
        var bytes = CaseFactsCodec.Encode(c);
        Assert.Equal(5, CaseFactsCodec.FormatVersion);
        Assert.Equal(5, bytes[0]);
        Assert.Equal("29FB2D674DDA9146AB3E4D574D1D75323C38B9A9F312A1662C4679E51A08471A", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)));
    }

    /// <summary>An index an earlier Vern wrote in format 4 (measures without their reason for ending and the follow-up offers) is
    /// rebuilt from the cases by the next refresh, rows and packs alike, instead of being read with format 5's layout: the mark and
    /// every stored row say 4 here, and the readers' load (refresh, then read) gives every case with the facts of today's layout.</summary>
    [Fact]
    public async Task Refresh_IndexOfFormat4_IsRebuiltNotMisread()
    {
        using var db = SqliteDatabase.Open(_path, create: true);
        Build(db.Events);
        var index = new DeadlineIndex(db.DeadlineIndex);
        Assert.True((await index.RefreshAsync(db.Events, db.Events)).Repacked); // rows and packs written
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_path};Pooling=False"))
        {
            c.Open();
            Rewrite(c, "SELECT case_id, facts FROM deadline_facts", "UPDATE deadline_facts SET facts = $d, format = 4 WHERE case_id = $k", OldRow);
            Rewrite(c, "SELECT municipality, data FROM deadline_packs", "UPDATE deadline_packs SET data = $d WHERE municipality = $k", OldPack);
            using var meta = c.CreateCommand();
            meta.CommandText = "UPDATE deadline_meta SET value = 4 WHERE key = 'format'";
            Assert.Equal(1, meta.ExecuteNonQuery());
        }
        // Read as it is, without the refresh, the old rows are refused by their version byte (the packs are decoded in parallel).
        var unread = await Assert.ThrowsAnyAsync<Exception>(() => index.LoadAsync(MunicipalityScope.National));
        Assert.Contains("Fristindeksen har format 4, men denne Vern-versjonen leser 5", unread.ToString(), StringComparison.Ordinal);

        var service = new DeadlineService(db.Events, db.Events, db.DeadlineIndex, db.Staff);
        var facts = await service.LoadFactsAsync(MunicipalityScope.National);
        Assert.Equal(["2024/1", "2024/2", "2024/3"], facts.Select(f => f.JournalNumber).Order(StringComparer.Ordinal));
        Assert.Equal(0, (await index.RefreshAsync(db.Events, db.Events)).Updated); // rebuilt once, now current

        static byte[] OldRow(byte[] row)
        {
            row[0] = 4;
            return row;
        }

        static byte[] OldPack(byte[] pack)
        {
            for (var pos = 0; pos < pack.Length; pos += 4 + BitConverter.ToInt32(pack, pos))
                pack[pos + 4] = 4;
            return pack;
        }
    }

    private static void Rewrite(Microsoft.Data.Sqlite.SqliteConnection c, string select, string update, Func<byte[], byte[]> change)
    {
        var rows = new List<(string Key, byte[] Data)>();
        using (var read = c.CreateCommand())
        {
            read.CommandText = select;
            using var r = read.ExecuteReader();
            while (r.Read())
                rows.Add((r.GetString(0), (byte[])r.GetValue(1)));
        }
        Assert.NotEmpty(rows);
        foreach (var (key, data) in rows)
        {
            using var write = c.CreateCommand();
            write.CommandText = update;
            write.Parameters.AddWithValue("$d", change(data));
            write.Parameters.AddWithValue("$k", key);
            Assert.Equal(1, write.ExecuteNonQuery());
        }
    }

    /// <summary>A care order lifted in 2026 (barnevernsloven from 1.1.2026: follow-up offered for up to six months after the return):
    /// the placement's reason for ending and the offer, recorded through the decider into a real SQLite file, reach the index and the
    /// engine (the offer on the day of the return is on time).</summary>
    [Fact]
    [Trait("Rule", "tilbakeforing-oppfolging")]
    public async Task Load_ReturnHomeWithFollowUpOffered_ReachesTheIndexAndTheEngine()
    {
        using var db = SqliteDatabase.Open(_path, create: true);
        var random = new Random(2);
        var service = new CaseService(db.Events, Vern.Tests.TestReference.CodeLists.Value, new FixedClock(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero)), () => Ids.NewUuid(random));
        var id = new CaseId(Ids.NewUuid(random));
        var decision = new EntryId(Ids.NewUuid(random));
        var measure = new EntryId(Ids.NewUuid(random));
        service.ExecuteAll(id, [
            new OpenCase("4601", "2025/9", D(2025, 1, 6), Child(9)),
            new MakeDecision(D(2025, 2, 1), new Vern.Domain.Law.LegalBasis("BVL2021", "5", "1"), Id: decision),
            new StartMeasure(decision, D(2025, 2, 3), new CodedValue("2.2"), Id: measure),
            new EndMeasure(measure, D(2026, 3, 15), new CodedValue("1")),
            new OfferReturnFollowUp(measure, D(2026, 3, 15)),
        ], "test");
        var facts = Assert.Single(await new DeadlineService(db.Events, db.Events, db.DeadlineIndex, db.Staff).LoadFactsAsync(MunicipalityScope.National));
        var placement = Assert.Single(facts.Measures);
        Assert.Equal(("1", true), (placement.Termination, placement.CareOrderPlacement));
        Assert.Equal([D(2026, 3, 15)], placement.ReturnFollowUpOffers!);
        var duty = Assert.Single(DeadlineEngine.Evaluate(facts, D(2026, 12, 1), Book), o => o.Rule.Id == DeadlineEngine.ReturnFollowUpRule);
        Assert.Equal((D(2026, 3, 15), ObligationStatus.MetOnTime, "BVL2021"), (duty.DueDate, duty.Status, duty.Rule.Act));
    }

    [Fact]
    public void Codec_RoundTrip_KeepsEveryDate()
    {
        var c = EveryPart();
        var back = CaseFactsCodec.Decode(CaseFactsCodec.Encode(c), []);
        Assert.Equal(DeadlineEngine.Evaluate(c, D(2030, 6, 1), Book).Select(o => (o.Rule.Id, o.DueDate, o.Status, o.MetOn)),
            DeadlineEngine.Evaluate(back, D(2030, 6, 1), Book).Select(o => (o.Rule.Id, o.DueDate, o.Status, o.MetOn)));
        Assert.Equal(c.ClosedOn, back.ClosedOn);
        Assert.Equal(c.Measures[0].FollowUp!.Frequencies, back.Measures[0].FollowUp!.Frequencies);
        Assert.Equal((c.Measures[1].Termination, c.Measures[1].CareOrderPlacement), (back.Measures[1].Termination, back.Measures[1].CareOrderPlacement));
        Assert.Equal(c.Measures[1].ReturnFollowUpOffers!, back.Measures[1].ReturnFollowUpOffers!);
        Assert.Null(back.Measures[0].ReturnFollowUpOffers);
    }

    [Fact]
    public async Task StaffRegistry_ImportThenList_RoundTrips()
    {
        using (SqliteEventStore.Open(_path)) { }
        using var registry = SqliteStaffRegistry.Open(_path);
        await registry.UpsertAsync(StaffFile.ParseJson("""
            [{"id":"sb1","municipalityNumber":"4601","name":"Kari","position":"saksbehandler","education":"RelevantBachelor","yearsInChildWelfare":5,"furtherEducationCredits":30}]
            """), "admin", DateTimeOffset.UnixEpoch);
        var s = Assert.Single(await registry.ListAsync(MunicipalityScope.Of("4601")));
        Assert.Empty(await registry.ListAsync(MunicipalityScope.Of("0301")));
        Assert.True(CompetenceRequirement.IsMet(s));
    }

    public void Dispose()
    {
        foreach (var f in new[] { _path, _path + "-wal", _path + "-shm" })
            if (File.Exists(f)) File.Delete(f);
    }
}
