using Vern.Application;
using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Domain.People;

namespace Vern.State.Tests;

internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Two real Vern databases — SQLite files in a temporary folder, or (issue 17) two fresh PostgreSQL schemas: a
/// municipality's (4601, with a leader, two caseworkers and one case assigned to sb-a) and Bufetat region Vest's (with its
/// intake user, and one of region Øst), and a folder between them.</summary>
internal sealed class TwoDatabases : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vern-state-tests", Guid.NewGuid().ToString("N"));
    private readonly List<PostgresTestSchema> _pg = [];

    public TwoDatabases(string engine = "sqlite")
    {
        Directory.CreateDirectory(_dir);
        Engine = engine;
        MunicipalityDb = Db(engine, "kommune");
        Municipality = VernApp.Open(MunicipalityDb, TestReference.CodeLists.Value, Clock, create: true);
        Bufetat = VernApp.Open(Db(engine, "bufetat"), TestReference.CodeLists.Value, Clock, create: true);
        ToBufetat = Path.Combine(_dir, "til-bufetat");
        ToMunicipality = Path.Combine(_dir, "til-kommunen");
    }

    public FixedClock Clock { get; } = new(new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.Zero));

    private string Db(string engine, string name)
    {
        if (engine != "postgres")
            return Path.Combine(_dir, name + ".db");
        var pg = new PostgresTestSchema();
        _pg.Add(pg);
        return pg.ConnectionString;
    }

    /// <summary>"sqlite" or "postgres".</summary>
    public string Engine { get; }

    /// <summary>The municipality's database: a SQLite path, or an Npgsql connection string whose search path is its schema.</summary>
    public string MunicipalityDb { get; }

    public VernApp Municipality { get; }

    public VernApp Bufetat { get; }

    public string ToBufetat { get; }

    public string ToMunicipality { get; }

    public CaseId Case { get; private set; }

    public Actor Leader { get; private set; } = null!;

    public Actor Caseworker { get; private set; } = null!;

    public Actor OtherCaseworker { get; private set; } = null!;

    public Actor Intake { get; private set; } = null!;

    public Actor OtherRegion { get; private set; } = null!;

    public Actor Analyst { get; private set; } = null!;

    public string Dir => _dir;

    public async Task<TwoDatabases> SeedAsync()
    {
        var root = Actor.From(await Municipality.AddUserAsync(null, "root", "Root", Role.Administrator, null));
        await Municipality.AddUserAsync(root, "leder-a", "Leder A", Role.Leader, "4601");
        await Municipality.AddUserAsync(root, "sb-a", "Saksbehandler A", Role.Caseworker, "4601");
        await Municipality.AddUserAsync(root, "sb-b", "Saksbehandler B", Role.Caseworker, "4601");
        await Municipality.AddUserAsync(root, "bufetat-vest", "Inntak Vest", Role.BufetatIntake, null, region: "Vest");
        var broot = Actor.From(await Bufetat.AddUserAsync(null, "root", "Root", Role.Administrator, null));
        await Bufetat.AddUserAsync(broot, "bufetat-vest", "Inntak Vest", Role.BufetatIntake, null, region: "Vest");
        await Bufetat.AddUserAsync(broot, "bufetat-ost", "Inntak Øst", Role.BufetatIntake, null, region: "Øst");
        await Bufetat.AddUserAsync(broot, "analytiker", "Analytiker", Role.Analyst, null);
        Leader = await Municipality.ActorAsync("leder-a");
        Caseworker = await Municipality.ActorAsync("sb-a");
        OtherCaseworker = await Municipality.ActorAsync("sb-b");
        Intake = await Bufetat.ActorAsync("bufetat-vest");
        OtherRegion = await Bufetat.ActorAsync("bufetat-ost");
        Analyst = await Bufetat.ActorAsync("analytiker");
        var open = await Municipality.OpenCaseAsync(Leader, new OpenCase("4601", "2024/1", new DateOnly(2024, 1, 10),
            new ChildInput("15031550073", new DateOnly(2015, 3, 15), Sex.Female, GivenName: "Kari", FamilyName: "Nordmann")));
        Case = open.State.Id;
        await Municipality.AssignAsync(Leader, Case, "sb-a", new DateOnly(2024, 1, 10));
        return this;
    }

    /// <summary>Moves the municipality's unsent messages to Bufetat and imports them there.</summary>
    public async Task<IReadOnlyList<Vern.State.ImportedMessage>> DeliverToBufetat()
    {
        await Municipality.ExportMessagesAsync(Leader, ToBufetat);
        return await Bufetat.ImportMessagesAsync(Intake, ToBufetat);
    }

    public async Task<IReadOnlyList<Vern.State.ImportedMessage>> DeliverToMunicipality()
    {
        await Bufetat.ExportMessagesAsync(Intake, ToMunicipality);
        return await Municipality.ImportMessagesAsync(Leader, ToMunicipality);
    }

    public void Dispose()
    {
        Municipality.Dispose();
        Bufetat.Dispose();
        foreach (var pg in _pg)
            pg.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
