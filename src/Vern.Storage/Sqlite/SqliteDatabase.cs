namespace Vern.Storage.Sqlite;

/// <summary>The one place the SQLite adapters are wired: every port of one database file. Hosts (the CLI, the application
/// layer, benches) open this and hand each feature the ports it needs; no feature opens the file itself.</summary>
public sealed class SqliteDatabase : IDisposable
{
    private readonly Lazy<SqliteDeadlineIndexStore> _deadlineIndex;
    private readonly Lazy<SqliteStatisticsProjectionStore> _statistics;
    private readonly Lazy<SqliteStaffRegistry> _staff;
    private readonly Lazy<SqliteDeliveryLog> _deliveries;
    private readonly Lazy<SqliteReporterLog> _reporters;
    private readonly Lazy<Vern.Storage.Intake.SqliteIntakeStore> _intake;
    private readonly Lazy<Vern.Storage.Matching.SqliteMatchingStore> _matching;
    private readonly Lazy<Vern.Storage.State.SqliteStateStore> _state;

    private SqliteDatabase(SqliteEventStore events)
    {
        Events = events;
        var path = events.DataSource;
        _deadlineIndex = new(() => SqliteDeadlineIndexStore.Open(path));
        _statistics = new(() => SqliteStatisticsProjectionStore.Open(path));
        _staff = new(() => SqliteStaffRegistry.Open(path));
        _deliveries = new(() => new SqliteDeliveryLog(path));
        _reporters = new(() => new SqliteReporterLog(path));
        _intake = new(() => Vern.Storage.Intake.SqliteIntakeStore.Open(path, create: false));
        _matching = new(() => Vern.Storage.Matching.SqliteMatchingStore.Open(path, create: false));
        _state = new(() => Vern.Storage.State.SqliteStateStore.Open(path, create: false));
    }

    /// <summary>Opens (and with <paramref name="create"/> creates) the database file; <paramref name="clock"/> is the only
    /// clock the adapters read.</summary>
    public static SqliteDatabase Open(string path, bool create = false, TimeProvider? clock = null) =>
        new(SqliteEventStore.Open(path, create, clock));

    public string Path => Events.DataSource;

    /// <summary>Event log, snapshots and queries, change feed, audit view, and (for now) the access log.</summary>
    public SqliteEventStore Events { get; }

    public IDeadlineIndexStore DeadlineIndex => _deadlineIndex.Value;

    /// <summary>The statistics projection (issue 19): the indicators' facts per case.</summary>
    public IStatisticsProjectionStore Statistics => _statistics.Value;

    public IStaffRegistry Staff => _staff.Value;

    public IDeliveryLog Deliveries => _deliveries.Value;

    public IReporterLog Reporters => _reporters.Value;

    /// <summary>The intake (received reports, dispositions) and the access tokens: one store, both ports.</summary>
    public Vern.Storage.Intake.SqliteIntakeStore Intake => _intake.Value;
    /// <summary>The duplicate index, match decisions and identity aliases (issue 18 part 2).</summary>
    public Vern.Storage.Matching.IMatchingStore Matching => _matching.Value;
    /// <summary>The state side (issue 21): referrals, Fiks messages, facilities.</summary>
    public Vern.Storage.State.IStateStore State => _state.Value;

    public void Dispose()
    {
        if (_deadlineIndex.IsValueCreated) _deadlineIndex.Value.Dispose();
        if (_statistics.IsValueCreated) _statistics.Value.Dispose();
        if (_staff.IsValueCreated) _staff.Value.Dispose();
        if (_deliveries.IsValueCreated) _deliveries.Value.Dispose();
        if (_reporters.IsValueCreated) _reporters.Value.Dispose();
        if (_intake.IsValueCreated) _intake.Value.Dispose();
        if (_matching.IsValueCreated) _matching.Value.Dispose();
        if (_state.IsValueCreated) _state.Value.Dispose();
        Events.Dispose();
    }
}
