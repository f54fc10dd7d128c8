using System.Collections.Immutable;
using Vern.Domain.Cases;
using Vern.Domain.Law;
using Vern.Domain.People;
using Vern.Storage;
using Vern.Storage.Sqlite;

namespace Vern.Tests;

/// <summary>A fixed clock and a case service over a real SQLite file.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

internal sealed class ServiceFixture : IDisposable
{
    private readonly TempDatabase _db = new();

    public ServiceFixture()
    {
        Store = SqliteEventStore.Open(_db.Path);
        var random = new Random(7);
        Service = new CaseService(Store, TestReference.CodeLists.Value, Clock, () => Ids.NewUuid(random));
    }

    public FixedClock Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    public SqliteEventStore Store { get; private set; }

    public CaseService Service { get; }

    public string DbPath => _db.Path;

    public static DateOnly D(int y, int m, int d) => new(y, m, d);

    public static ImmutableList<CodedValue> Codes(params string[] codes) => codes.Select(c => new CodedValue(c)).ToImmutableList();

    public static string Fnr(DateOnly birth, Sex sex) =>
        Enumerable.Range(50, 50).Select(i => PersonIdentifier.Create(birth, i * 10 + (sex == Sex.Male ? 1 : 2))).First(p => p is not null)!.Value;

    public static OpenCase OpenCommand(string municipality = "4601", string journal = "2024/1", DateOnly? on = null) =>
        new(municipality, journal, on ?? D(2024, 1, 10), new ChildInput(Fnr(D(2015, 3, 14), Sex.Female), null, Sex.Female, GivenName: "Kari", FamilyName: "Nordmann"));

    public static LegalBasis Bvl2021(string chapter, string section) => new("BVL2021", chapter, section);

    public void Dispose()
    {
        Store.Dispose();
        _db.Dispose();
    }
}
