using Vern.Storage.Documentation;
using Vern.Storage.Postgres;
using Vern.Storage.Sqlite;

namespace Vern.Storage;

/// <summary>Which engine holds a Vern database.</summary>
public enum Engine
{
    Sqlite,
    Postgres,
}

/// <summary>The composition point that chooses the engine (issue 17): every port of one Vern database, on SQLite for a
/// file path (or <c>sqlite:PATH</c>) and on PostgreSQL for <c>postgres://…</c>, <c>postgresql://…</c> or an Npgsql
/// connection string (<c>Host=…</c>). Hosts (the CLI, the web app) open this once and hand each consumer the port it needs.</summary>
public sealed class VernDatabase : IDisposable
{
    private readonly List<IDisposable> _owned;

    private static readonly Dictionary<(string, TimeProvider), PostgresDatabase> Shared = [];

    private VernDatabase(Engine engine, string name, IEventStore events, IUserStore users, ISettingsStore settings, IAccessLog accessLog,
        IDeadlineIndexStore deadlineIndex, IStaffRegistry staff, IDeliveryLog deliveries, IReporterLog reporters, IDocumentationStore documentation,
        List<IDisposable> owned)
    {
        Engine = engine;
        Name = name;
        Events = events;
        Users = users;
        Settings = settings;
        AccessLog = accessLog;
        DeadlineIndex = deadlineIndex;
        Staff = staff;
        Deliveries = deliveries;
        Reporters = reporters;
        Documentation = documentation;
        _owned = owned;
    }

    /// <summary>The engine a <c>--db</c> argument names.</summary>
    public static Engine EngineOf(string db) => PostgresConnection.Names(db) ? Engine.Postgres : Engine.Sqlite;

    /// <summary>The SQLite file path of a <c>--db</c> argument (without a <c>sqlite:</c> prefix).</summary>
    public static string SqlitePath(string db) => db.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? db["sqlite:".Length..] : db;

    /// <summary>Opens (and with <paramref name="create"/> creates) the database <paramref name="db"/> names.</summary>
    public static VernDatabase Open(string db, bool create = false, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        if (EngineOf(db) == Engine.Postgres)
        {
            // One pooled, migrated PostgreSQL database per connection and clock for the life of the process: the web app
            // opens a VernApp per request, and each must not make a pool or run the migration check again.
            var key = (db, clock);
            PostgresDatabase pg;
            lock (Shared)
            {
                if (!Shared.TryGetValue(key, out pg!))
                {
                    pg = PostgresDatabase.OpenAsync(db, create, clock).GetAwaiter().GetResult();
                    Shared[key] = pg;
                }
            }
            return new VernDatabase(Engine.Postgres, pg.Name, pg.Events, pg.Users, pg.Settings, pg.AccessLog,
                pg.DeadlineIndex, pg.Staff, pg.Deliveries, pg.Reporters, pg.Documentation, []) { Postgres = pg, OpenStatistics = () => pg.Statistics };
        }
        var path = SqlitePath(db);
        if (Directory.Exists(path))
            throw new ArgumentException($"--db {path} er en mappe; oppgi en databasefil.");
        var owned = new List<IDisposable>();
        try
        {
            var sqlite = SqliteDatabase.Open(path, create, clock);
            owned.Add(sqlite);
            var users = SqliteUserStore.Open(path, create: false);
            owned.Add(users);
            var log = SqliteAccessLog.Open(path, create: false);
            owned.Add(log);
            var documentation = SqliteDocumentationStore.Open(path, create: false);
            owned.Add(documentation);
            return new VernDatabase(Engine.Sqlite, path, sqlite.Events, users, users, log, sqlite.DeadlineIndex, sqlite.Staff, sqlite.Deliveries,
                sqlite.Reporters, documentation, owned) { OpenStatistics = () => sqlite.Statistics };
        }
        catch
        {
            foreach (var o in owned) o.Dispose();
            throw;
        }
    }

    public Engine Engine { get; }

    /// <summary>The file path, or the connection named without its password.</summary>
    public string Name { get; }

    public IEventStore Events { get; }

    public IUserStore Users { get; }

    public ISettingsStore Settings { get; }

    public IAccessLog AccessLog { get; }

    public IDeadlineIndexStore DeadlineIndex { get; }

    /// <summary>Opens the statistics projection's port (on first use; issue 19).</summary>
    public required Func<IStatisticsProjectionStore> OpenStatistics { get; init; }

    public IStaffRegistry Staff { get; }

    public IDeliveryLog Deliveries { get; }

    public IReporterLog Reporters { get; }

    public IDocumentationStore Documentation { get; }

    /// <summary>On PostgreSQL, the database with the feature stores of migrations 6–11 (intake, matching, state, parties,
    /// login lockout); null on SQLite, where the application layer opens those stores on the file itself.</summary>
    public PostgresDatabase? Postgres { get; private init; }

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
            _owned[i].Dispose();
    }
}
