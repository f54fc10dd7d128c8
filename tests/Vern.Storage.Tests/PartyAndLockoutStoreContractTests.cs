using Vern.Domain.Cases;
using Vern.Domain.Parties;
using Vern.Domain.People;
using Vern.Storage.Parties;
using Vern.Storage.Postgres;
using Vern.Storage.Security;
using Vern.Storage.Sqlite;
using Vern.Tests;

namespace Vern.Storage.Tests;

/// <summary>The persons-on-cases store (migration 11) and the web login lockout (migration 10): the same contract on SQLite and
/// on PostgreSQL (issue 17).</summary>
public abstract class PartyAndLockoutStoreContractTests
{
    protected abstract IPartyStore Parties { get; }

    protected abstract ILoginLockoutStore Lockouts { get; }

    protected static readonly DateTimeOffset At = new(2024, 6, 1, 10, 0, 0, TimeSpan.Zero);

    private static CasePerson Person(PersonId id, CaseId c, int version, PersonRole role, string name, string? address = null) =>
        new(id, c, version, role, name, null, address, AddressProtection.None, role == PersonRole.Parent, null, false, null, "sb-a", At.AddMinutes(version));

    [SkippableFact]
    public async Task Persons_AreVersioned_TheCaseShowsTheLatest_InTheOrderFirstRecorded()
    {
        var c = new CaseId(Guid.NewGuid());
        PersonId mother = new(Guid.NewGuid()), father = new(Guid.NewGuid());
        await Parties.AppendPersonAsync(Person(mother, c, 1, PersonRole.Parent, "Mor", "Gate 1"), "4601");
        await Parties.AppendPersonAsync(Person(father, c, 1, PersonRole.Parent, "Far"), "4601");
        await Parties.AppendPersonAsync(Person(mother, c, 2, PersonRole.Parent, "Mor", "Gate 2"), "4601");
        var persons = await Parties.ReadCasePersonsAsync(c);
        Assert.Equal([("Mor", 2, "Gate 2"), ("Far", 1, (string?)null)], persons.Select(p => (p.Name, p.Version, p.Address)));
        Assert.True(persons[0].ParentalResponsibility);
        Assert.Equal([1, 2], (await Parties.ReadPersonHistoryAsync(mother)).Select(p => p.Version));
        Assert.Equal(At.AddMinutes(2), (await Parties.ReadPersonHistoryAsync(mother))[1].RecordedAt);
    }

    /// <summary>A person belongs to one case (migration 11's trigger): a version on a second case is refused with the same Vern
    /// exception on both engines (issue 17), naming the rule, and nothing is stored.</summary>
    [SkippableFact]
    public async Task APersonOnASecondCase_IsRefused_WithTheSameExceptionOnBothEngines_AndNothingIsStored()
    {
        var c = new CaseId(Guid.NewGuid());
        var id = new PersonId(Guid.NewGuid());
        await Parties.AppendPersonAsync(Person(id, c, 1, PersonRole.Parent, "Mor"), "4601");
        var e = await Assert.ThrowsAsync<StoreRefusedException>(() => Parties.AppendPersonAsync(Person(id, new CaseId(Guid.NewGuid()), 2, PersonRole.Parent, "Mor"), "4601"));
        Assert.Equal("a case person belongs to one case", e.Rule);
        Assert.Contains("hører til en annen sak", e.Message, StringComparison.Ordinal);
        Assert.Equal([c], (await Parties.ReadPersonHistoryAsync(id)).Select(p => p.CaseId));
    }

    /// <summary>A stale version (another writer got there first) stores nothing; a batch is all or nothing.</summary>
    [SkippableFact]
    public async Task AStaleVersion_IsRefused_AndABatchIsAllOrNothing()
    {
        var c = new CaseId(Guid.NewGuid());
        var id = new PersonId(Guid.NewGuid());
        await Parties.AppendPersonAsync(Person(id, c, 1, PersonRole.Reporter, "Lærer"), "4601");
        await Assert.ThrowsAsync<PersonConcurrencyException>(() => Parties.AppendPersonAsync(Person(id, c, 1, PersonRole.Reporter, "Kappløp"), "4601"));
        var other = new PersonId(Guid.NewGuid());
        await Assert.ThrowsAsync<PersonConcurrencyException>(() =>
            Parties.AppendPersonsAsync([Person(other, c, 1, PersonRole.Other, "Ny"), Person(id, c, 5, PersonRole.Reporter, "Feil versjon")], "4601"));
        Assert.Empty(await Parties.ReadPersonHistoryAsync(other));
        Assert.Equal("Lærer", Assert.Single(await Parties.ReadCasePersonsAsync(c)).Name);
    }

    /// <summary>Two writers appending the same next version at once: exactly one is stored.</summary>
    [SkippableFact]
    public async Task ConcurrentWritersOfOneVersion_ExactlyOneIsStored()
    {
        var c = new CaseId(Guid.NewGuid());
        var id = new PersonId(Guid.NewGuid());
        await Parties.AppendPersonAsync(Person(id, c, 1, PersonRole.Parent, "Mor"), "4601");
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            try
            {
                await Parties.AppendPersonAsync(Person(id, c, 2, PersonRole.Parent, $"Mor {i}"), "4601");
                return true;
            }
            catch (PersonConcurrencyException)
            {
                return false;
            }
        })));
        Assert.Single(results, r => r);
        Assert.Equal(2, (await Parties.ReadPersonHistoryAsync(id)).Count);
    }

    /// <summary>Five failures in a row lock the name (case and spaces ignored); the lock runs out; a success clears the count.</summary>
    [SkippableFact]
    public async Task Lockout_CountsFailures_LocksAtTheLimit_AndRunsOut()
    {
        var now = At;
        for (var i = 1; i < 5; i++)
            Assert.Null(await Lockouts.CountFailureAsync(" Kari ", now, 5, now.AddMinutes(15)));
        Assert.Null(await Lockouts.LockedUntilAsync("kari", now));
        Assert.Equal(now.AddMinutes(15), await Lockouts.CountFailureAsync("KARI", now, 5, now.AddMinutes(15)));
        Assert.Equal(now.AddMinutes(15), await Lockouts.LockedUntilAsync("kari", now.AddMinutes(1)));
        Assert.Null(await Lockouts.LockedUntilAsync("kari", now.AddMinutes(16)));
        // after the lock ran out the count starts again
        Assert.Null(await Lockouts.CountFailureAsync("kari", now.AddMinutes(16), 5, now.AddMinutes(31)));
        await Lockouts.ClearAsync("kari");
        for (var i = 1; i < 5; i++)
            Assert.Null(await Lockouts.CountFailureAsync("kari", now.AddMinutes(17), 5, now.AddMinutes(32)));
    }

    /// <summary>Failures at once all count (one atomic step each): 5 concurrent failures lock the name exactly once.</summary>
    [SkippableFact]
    public async Task Lockout_ConcurrentFailures_AllCount()
    {
        var locks = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => Lockouts.CountFailureAsync("ola", At, 5, At.AddMinutes(15)))));
        Assert.Single(locks, l => l is not null);
        Assert.Equal(At.AddMinutes(15), await Lockouts.LockedUntilAsync("ola", At));
    }
}

public sealed class SqlitePartyAndLockoutStoreContractTests : PartyAndLockoutStoreContractTests, IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly List<IDisposable> _open = [];

    private T Keep<T>(T store) where T : IDisposable
    {
        _open.Add(store);
        return store;
    }

    // A new connection per use, as separate requests (and the concurrent tests' writers) would have.
    protected override IPartyStore Parties => Keep(SqlitePartyStore.Open(_db.Path));

    protected override ILoginLockoutStore Lockouts => Keep(SqliteLoginLockoutStore.Open(_db.Path, create: true));

    /// <summary>A successful login of a name with no failures writes nothing (issue 16: a login must not wait for, or fail on,
    /// another writer's lock): with the file's write lock held elsewhere, clearing such a name returns at once, while clearing a name
    /// that has failures still needs the lock.</summary>
    [Fact]
    public async Task Lockout_ClearingANameWithNoFailures_DoesNotTakeTheWriteLock()
    {
        var store = Lockouts;
        await store.CountFailureAsync("ola", At, 5, At.AddMinutes(15));
        using var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_db.Path};Pooling=False;Default Timeout=1");
        other.Open();
        using var hold = other.BeginTransaction(deferred: false); // the write lock, held
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await store.ClearAsync("kari");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"clearing a name with no failures waited {watch.Elapsed} for the write lock");
        hold.Rollback();
        await store.ClearAsync("ola");
        Assert.Null(await store.LockedUntilAsync("ola", At));
        for (var i = 1; i < 5; i++)
            Assert.Null(await store.CountFailureAsync("ola", At, 5, At.AddMinutes(15))); // the count started again
    }

    public void Dispose()
    {
        foreach (var o in _open) o.Dispose();
        _db.Dispose();
    }
}

[Collection(PostgresTestSchema.Collection)]
public sealed class PostgresPartyAndLockoutStoreContractTests : PartyAndLockoutStoreContractTests, IDisposable
{
    private readonly PostgresTestSchema _pg = new();
    private PostgresDatabase? _db;

    private PostgresDatabase Db => _db ??= PostgresDatabase.OpenAsync(_pg.ConnectionString).GetAwaiter().GetResult();

    protected override IPartyStore Parties => Db.Parties;

    protected override ILoginLockoutStore Lockouts => Db.LoginLockouts;

    [SkippableFact]
    public async Task CasePersons_AreAppendOnly_AndStayOnOneCase_EvenWithSql()
    {
        var c = new CaseId(Guid.NewGuid());
        var id = new PersonId(Guid.NewGuid());
        await Parties.AppendPersonAsync(Person2(id, c), "4601");
        using var conn = _pg.Connect();
        foreach (var (sql, message) in new[]
                 {
                     ("UPDATE case_persons SET name = 'x'", "append-only"), ("DELETE FROM case_persons", "append-only"), ("TRUNCATE case_persons", "append-only"),
                     ($"INSERT INTO case_persons(person_id, version, case_id, municipality, role, name, protection, parental_responsibility, anonymity_requested, recorded_by, recorded_at) VALUES ('{id}', 2, '{Guid.NewGuid()}', '4601', 'parent', 'x', 'none', 0, 0, 'x', 'x')", "one case"),
                 })
        {
            using var cmd = new Npgsql.NpgsqlCommand(sql, conn);
            var e = Assert.Throws<Npgsql.PostgresException>(() => cmd.ExecuteNonQuery());
            Assert.Contains(message, e.MessageText, StringComparison.Ordinal);
        }
        Assert.Single(await Parties.ReadPersonHistoryAsync(id));
    }

    private static CasePerson Person2(PersonId id, CaseId c) =>
        new(id, c, 1, PersonRole.Parent, "Mor", null, null, AddressProtection.None, true, null, false, null, "sb-a", DateTimeOffset.UnixEpoch);

    public void Dispose()
    {
        _db?.Dispose();
        _pg.Dispose();
    }
}
